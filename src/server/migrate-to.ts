/* eslint-disable @typescript-eslint/no-explicit-any -- the copy is driven by what the two catalogues say, not by
   db/schema.ts: rows are untyped records here. */
import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_MIGRATION_LOCK_TABLE, type Kysely, sql } from 'kysely';
import { redactUrl, type DatabaseTarget } from './config.js';
import { migrateToLatest, openDatabase } from './db/index.js';
import { MIGRATION_TABLE, migrations } from './db/migrations.js';

/** A copy that cannot or must not be made; `message` is one line for the terminal. */
export class MigrateToError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrateToError';
  }
}

/** What was copied. */
export interface MigrateToResult {
  tables: { name: string; rows: number }[];
  total: number;
  ms: number;
}

/** Rows per INSERT (fewer for wide tables: PostgreSQL takes at most 65535 parameters a statement). */
const BATCH_ROWS = 500;
const MAX_PARAMETERS = 60_000;

/** Kysely's bookkeeping tables: `migrateToLatest` fills them on the target. */
const BOOKKEEPING = new Set([MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);

interface TargetColumn {
  name: string;
  dataType: string;
  generated: boolean;
  serial: boolean;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Source tables (SQLite catalogue), without SQLite's own and the migration bookkeeping. */
function sourceTables(raw: BetterSqlite3.Database): string[] {
  const rows = raw
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'`)
    .all() as { name: string }[];
  return rows.map((r) => r.name).filter((name) => !BOOKKEEPING.has(name));
}

/** Refuses a source that is not at exactly this Soleus's latest migration. */
function checkSourceMigrations(raw: BetterSqlite3.Database, where: string): void {
  const known = Object.keys(migrations('sqlite')).sort();
  const hasTable = raw.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE);
  if (!hasTable) throw new MigrateToError(`${where} is not a Soleus database (it has no ${MIGRATION_TABLE} table).`);
  const applied = (raw.prepare(`select name from ${quote(MIGRATION_TABLE)} order by name`).all() as { name: string }[])
    .map((r) => r.name)
    .sort();
  const ahead = applied.filter((name) => !known.includes(name));
  if (ahead.length > 0) {
    throw new MigrateToError(
      `${where} has migrations this version of Soleus does not know (${ahead.join(', ')}): run migrate-to with the Soleus that wrote it.`,
    );
  }
  const behind = known.filter((name) => !applied.includes(name));
  if (behind.length > 0) {
    throw new MigrateToError(
      `${where} is behind this version of Soleus (missing ${behind.join(', ')}): start soleus serve on it once to migrate it, then copy.`,
    );
  }
}

async function targetColumns(db: Kysely<any>): Promise<Map<string, TargetColumn[]>> {
  const result = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_generated: string;
    is_identity: string;
    column_default: string | null;
  }>`select c.table_name, c.column_name, c.data_type, c.is_generated, c.is_identity, c.column_default
     from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
     order by c.table_name, c.ordinal_position`.execute(db);
  const out = new Map<string, TargetColumn[]>();
  for (const r of result.rows) {
    if (BOOKKEEPING.has(r.table_name)) continue;
    const list = out.get(r.table_name) ?? [];
    list.push({
      name: r.column_name,
      dataType: r.data_type,
      generated: r.is_generated === 'ALWAYS',
      serial: r.is_identity === 'YES' || /^nextval\(/.test(r.column_default ?? ''),
    });
    out.set(r.table_name, list);
  }
  return out;
}

/** Parents before children along the target's foreign keys; otherwise by name. */
async function copyOrder(db: Kysely<any>, tables: string[]): Promise<string[]> {
  const result = await sql<{ child: string; parent: string }>`select c.relname as child, p.relname as parent
     from pg_constraint k
     join pg_class c on c.oid = k.conrelid
     join pg_class p on p.oid = k.confrelid
     where k.contype = 'f' and k.connamespace = current_schema()::regnamespace`.execute(db);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of result.rows) if (child !== parent) parents.get(child)?.add(parent);
  const order: string[] = [];
  const placed = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (placed.has(table)) return;
    if (path.has(table)) throw new MigrateToError(`Foreign keys form a cycle through ${table}; cannot order the copy.`);
    path.add(table);
    for (const parent of [...(parents.get(table) ?? [])].sort()) if (parents.has(parent)) visit(parent, path);
    path.delete(table);
    placed.add(table);
    order.push(table);
  };
  for (const table of [...tables].sort()) visit(table, new Set());
  return order;
}

/** A SQLite value as the PostgreSQL column of `dataType` takes it. */
function convert(value: unknown, dataType: string): unknown {
  if (value === null || value === undefined) return null;
  switch (dataType) {
    case 'boolean':
      return typeof value === 'string' ? value === '1' || value.toLowerCase() === 'true' : Boolean(Number(value));
    case 'bigint':
    case 'integer':
    case 'smallint':
      return typeof value === 'bigint' ? value.toString() : value;
    case 'bytea':
      return Buffer.isBuffer(value) ? value : Buffer.from(String(value));
    case 'json':
    case 'jsonb':
    case 'text':
    case 'character varying':
      return Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'string' ? value : String(value);
    default:
      return value;
  }
}

/**
 * Copies every table of the SQLite database `source` into the PostgreSQL database `targetUrl`, in one transaction.
 * `line` receives one line per table and a total.
 */
export async function migrateTo(
  source: DatabaseTarget,
  targetUrl: DatabaseTarget,
  line: (text: string) => void,
): Promise<MigrateToResult> {
  const started = performance.now();
  if (source.dialect !== 'sqlite')
    throw new MigrateToError(`The source must be a SQLite database (--db sqlite:<file>).`);
  if (targetUrl.dialect !== 'postgres') throw new MigrateToError(`The target must be a postgres:// URL.`);
  if (source.filename === ':memory:') throw new MigrateToError('An in-memory SQLite database holds nothing to copy.');
  if (!existsSync(source.filename)) throw new MigrateToError(`No SQLite database at ${source.filename}.`);

  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(source.filename, { readonly: true, fileMustExist: true });
    raw.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new MigrateToError(`Cannot open ${source.filename}: ${(error as Error).message}`);
  }
  try {
    checkSourceMigrations(raw, source.filename);
    const tables = sourceTables(raw);

    const target = await openDatabase(targetUrl);
    const where = redactUrl(targetUrl.url);
    const db = target.db as unknown as Kysely<any>;
    try {
      await migrateToLatest(db, 'postgres', { where });
      const columns = await targetColumns(db);
      const unknown = tables.filter((t) => !columns.has(t));
      if (unknown.length > 0) {
        throw new MigrateToError(`${where} has no table ${unknown.join(', ')} (found in ${source.filename}).`);
      }
      const order = await copyOrder(db, tables);

      const copied = await db.transaction().execute(async (trx) => {
        const holding: string[] = [];
        for (const table of [...columns.keys()].sort()) {
          const any = await sql`select 1 from ${sql.table(table)} limit 1`.execute(trx);
          if (any.rows.length > 0) holding.push(table);
        }
        if (holding.length > 0) {
          throw new MigrateToError(
            `${where} already holds rows (in ${holding.join(', ')}); copy into an empty database.`,
          );
        }

        const done: { name: string; rows: number }[] = [];
        for (const table of order) {
          const targetCols = new Map(columns.get(table)!.map((c) => [c.name, c]));
          const sourceCols = (
            raw.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]
          ).map((c) => c.name);
          const missing = sourceCols.filter((c) => !targetCols.has(c));
          if (missing.length > 0) {
            throw new MigrateToError(`${where} has no column ${missing.map((c) => `${table}.${c}`).join(', ')}.`);
          }
          const copyCols = sourceCols.filter((c) => !targetCols.get(c)!.generated);
          const batch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMETERS / Math.max(1, copyCols.length))));
          const read = raw.prepare(
            `select rowid as "__soleus_rowid", ${copyCols.map(quote).join(', ')} from ${quote(table)}
             where rowid > ? order by rowid limit ${batch}`,
          );
          let after = Number.MIN_SAFE_INTEGER;
          let rows = 0;
          for (;;) {
            const chunk = read.all(after) as Record<string, unknown>[];
            if (chunk.length === 0) break;
            after = Number(chunk[chunk.length - 1]!.__soleus_rowid);
            const values = chunk.map((row) => {
              const out: Record<string, unknown> = {};
              for (const c of copyCols) out[c] = convert(row[c], targetCols.get(c)!.dataType);
              return out;
            });
            await trx.insertInto(table).values(values).execute();
            rows += chunk.length;
          }
          for (const c of columns.get(table)!) {
            if (!c.serial) continue;
            // The next id follows the largest copied one (1 on an empty table).
            await sql`select setval(pg_get_serial_sequence(${table}, ${c.name}), coalesce(max(${sql.ref(c.name)}), 0) + 1, false)
              from ${sql.table(table)}`.execute(trx);
          }
          done.push({ name: table, rows });
        }
        return done;
      });
      for (const t of copied) line(`${t.name}: ${t.rows} row${t.rows === 1 ? '' : 's'}`);
      const total = copied.reduce((sum, t) => sum + t.rows, 0);
      const ms = performance.now() - started;
      line(
        `Copied ${total} row${total === 1 ? '' : 's'} in ${copied.length} tables from ${source.filename} to ${where} in ${(ms / 1000).toFixed(2)} s.`,
      );
      return { tables: copied, total, ms };
    } finally {
      await target.close();
    }
  } finally {
    raw.close();
  }
}
