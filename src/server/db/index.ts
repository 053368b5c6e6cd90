import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { parseDatabaseUrl, redactUrl, type DatabaseTarget } from '../config.js';
import type { Database, Dialect } from './schema.js';

export type { Database, Dialect } from './schema.js';
export { migrateToLatest, MigrationError, ping } from './migrations.js';

/** The database cannot be opened or reached; `message` is one line. */
export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** An open database. */
export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where it is, safe to print (no password). */
  where: string;
  close(): Promise<void>;
}

// PostgreSQL `bigint`/`numeric` come back as strings by default; counts and ids here fit in a JS number.
pg.types.setTypeParser(20, (value: string) => Number(value));

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { errors?: Error[] };
  const inner = e?.errors?.[0] as NodeJS.ErrnoException | undefined;
  const text = (inner?.code ?? e?.code ?? '') + ' ' + (inner?.message ?? e?.message ?? String(error));
  return text.trim().replace(/\s+/g, ' ');
}

/** Opens (and for SQLite, creates) the database named by `sqlite:…` / `postgres://…`, checking that it answers. */
export async function openDatabase(url: string | DatabaseTarget): Promise<OpenDatabase> {
  const target = typeof url === 'string' ? parseDatabaseUrl(url) : url;
  if (target.dialect === 'sqlite') return openSqlite(target.filename);
  return openPostgres(target.url);
}

/**
 * Kysely prepares every query afresh; compiling the same few SQL texts again for every request was about a tenth of a
 * booking's CPU. Statements are reused by their text (Kysely runs them one at a time with all() or run(), never
 * interleaved iterators), with a bound on how many are kept.
 */
function cachePreparedStatements(raw: BetterSqlite3.Database): void {
  const prepare = raw.prepare.bind(raw);
  const cache = new Map<string, BetterSqlite3.Statement>();
  raw.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= 500) cache.clear();
      cache.set(source, statement);
    }
    return statement;
  }) as typeof raw.prepare;
}

function openSqlite(filename: string): OpenDatabase {
  const where = filename === ':memory:' ? 'sqlite::memory:' : filename;
  let raw: BetterSqlite3.Database;
  try {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    raw = new BetterSqlite3(filename);
    raw.pragma('busy_timeout = 5000');
    if (filename !== ':memory:') raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    cachePreparedStatements(raw);
  } catch (error) {
    throw new DatabaseError(`Cannot open database ${where}: ${describe(error)}`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return { db, dialect: 'sqlite', where, close: () => db.destroy() };
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  const where = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (error) => console.error(`PostgreSQL connection error: ${describe(error)}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new DatabaseError(`Cannot connect to database ${where}: ${describe(error)}`);
  }
  return { db, dialect: 'postgres', where, close: () => db.destroy() };
}
