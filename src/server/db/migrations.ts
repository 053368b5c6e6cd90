import { Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './schema.js';

/** Name of Kysely's bookkeeping table (and `<name>_lock`). */
export const MIGRATION_TABLE = 'soleus_migrations';

/** A database holding migrations newer than this code, or a migration that failed. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/**
 * Forward-only migrations, applied in name order, each exactly once. Never edit or rename a shipped migration:
 * add a new one. They receive the dialect because a few column types differ.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  const autoId = dialect === 'sqlite' ? 'integer' : 'bigserial';
  return {
    '0001_foundation': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('mail_outbox')
          .addColumn('id', autoId, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('to', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('html', 'text')
          .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('ical_event', 'text')
          .execute();
        await db.schema.createIndex('mail_outbox_created_at').on('mail_outbox').column('created_at').execute();
      },
    },
  };
}

function provider(list: Record<string, Migration>): MigrationProvider {
  return { getMigrations: async () => list };
}

/** Names of migrations already recorded in the database (empty on a fresh database). */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
  const rows = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
  return rows.map((r) => String(r.name));
}

/**
 * Applies every pending migration. Refuses (MigrationError) when the database knows migrations this code does not,
 * i.e. it was used by a newer Soleus. Returns the names applied now.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  dialect: Dialect,
  options: { where: string; list?: Record<string, Migration> },
): Promise<string[]> {
  const list = options.list ?? migrations(dialect);
  const known = new Set(Object.keys(list));
  const unknown = (await appliedMigrations(db)).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new MigrationError(
      `Database at ${options.where} has migrations this version of Soleus does not know (${unknown.join(', ')}); upgrade Soleus or use another database.`,
    );
  }
  const migrator = new Migrator({ db, provider: provider(list), migrationTableName: MIGRATION_TABLE });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(
      `Migration ${failed ?? ''} failed on ${options.where}: ${error instanceof Error ? error.message : String(error)}`.replace(/\s+/g, ' '),
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** `select 1` through the connection: true when the database answers. */
export async function ping(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
