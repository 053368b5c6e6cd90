/**
 * `soleus backup` and `soleus restore` for the SQLite database: a consistent copy taken with SQLite's online backup
 * API while the server runs, and putting such a copy back only when no process has the database open.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { redactUrl, type DatabaseTarget } from './config.js';
import { MIGRATION_TABLE } from './db/migrations.js';

/** A refused or failed backup or restore; `message` is one line meant for the terminal. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** What a backup or restore did, for its one-line report. */
export interface CopyReport {
  /** What was copied (the database, or the backup). */
  from: string;
  /** The file written (the backup, or the restored database). */
  file: string;
  bytes: number;
  /** Rows in the copy's bookings table: a sanity count. */
  bookings: number;
  ms: number;
}

const SQLITE_HEADER = 'SQLite format 3\0';
const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

/** The SQLite file of `target`, or a BackupError saying what to use instead. */
function sqliteFile(target: DatabaseTarget, command: 'backup' | 'restore', file: string): string {
  if (target.dialect === 'postgres') {
    const url = redactUrl(target.url);
    throw new BackupError(
      command === 'backup'
        ? `use pg_dump for PostgreSQL: pg_dump --format=custom --file=${file} '${url}'`
        : `use pg_restore for PostgreSQL: pg_restore --clean --if-exists --dbname='${url}' ${file}`,
    );
  }
  if (target.filename === ':memory:')
    throw new BackupError(`An in-memory database (sqlite::memory:) has no file to ${command}.`);
  return target.filename;
}

/** A fresh name beside `file`, so the final rename stays on one file system. */
function tempBeside(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function removeWithSideFiles(file: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(file + suffix, { force: true });
}

/** Flushes a file (or a directory's entries) to disk. */
function sync(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks that `file` is a sound Soleus database (our migrations table, `quick_check` ok) and counts its bookings.
 * `what` names it in messages. Leaves it as a single file (rollback journal), readable without its `-wal`.
 */
function checkCopy(file: string, what: string): number {
  if (!hasSqliteHeader(file)) throw new BackupError(`${what} is not a SQLite database.`);
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true });
    const table = db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`);
    if (!table.get(MIGRATION_TABLE))
      throw new BackupError(`${what} is not a Soleus database: it has no ${MIGRATION_TABLE} table.`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${what} is damaged: ${String(check)}`);
    const bookings = table.get('bookings')
      ? Number((db.prepare('select count(*) as n from bookings').get() as { n: number }).n)
      : 0;
    db.pragma('journal_mode = DELETE');
    return bookings;
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${what} cannot be read as a SQLite database: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
}

/**
 * Whether some process (a running `soleus serve`, or any other) has the SQLite database `file` open. The server keeps
 * its connection open in WAL mode, which holds a shared lock for as long as the process lives; a connection in
 * exclusive locking mode cannot begin a transaction while any such lock is held, so a short attempt tells.
 */
export function databaseInUse(file: string, waitMs = 250): boolean {
  if (!existsSync(file)) return false;
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true, timeout: waitMs });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('select count(*) from sqlite_master').get();
    db.exec('COMMIT');
    return false;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // A file that is not a usable database (damaged, not SQLite) cannot be what a running server has open.
    return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
  } finally {
    try {
      db?.close();
    } catch {
      // closing after a failed begin is best effort
    }
  }
}

/**
 * Copies the SQLite database of `target` to `file` with the online backup API, safe while the server writes: the copy
 * is one consistent snapshot. It is written to a temp file beside `file` and renamed, so `file` is never half there.
 */
export async function backupDatabase(
  target: DatabaseTarget,
  file: string,
  options: { force?: boolean } = {},
): Promise<CopyReport> {
  const started = performance.now();
  const source = sqliteFile(target, 'backup', file);
  if (!existsSync(source)) throw new BackupError(`No database at ${source}.`);
  if (existsSync(file) && !options.force) throw new BackupError(`${file} exists; add --force to replace it.`);
  mkdirSync(dirname(file), { recursive: true });
  const temp = tempBeside(file);
  try {
    let db: BetterSqlite3.Database;
    try {
      db = new BetterSqlite3(source, { fileMustExist: true, timeout: 5000 });
    } catch (error) {
      throw new BackupError(`Cannot open database ${source}: ${(error as Error).message}`);
    }
    try {
      // All remaining pages in one step: a step-wise copy restarts whenever the server writes between steps.
      await db.backup(temp, { progress: () => 0x7fffffff });
    } catch (error) {
      throw new BackupError(`Backup of ${source} failed: ${(error as Error).message}`);
    } finally {
      db.close();
    }
    const bookings = checkCopy(temp, `The copy of ${source}`);
    for (const suffix of SIDE_FILES) rmSync(temp + suffix, { force: true });
    sync(temp);
    renameSync(temp, file);
    sync(dirname(file));
    return { from: source, file, bytes: statSync(file).size, bookings, ms: performance.now() - started };
  } finally {
    removeWithSideFiles(temp);
  }
}

/**
 * Puts the backup `file` back as the SQLite database of `target`: only a Soleus database, never over a database some
 * process has open, and over an existing one only with `force`. Copied via a temp file and renamed; the target's stale
 * `-wal` / `-shm` files are removed so what is read afterwards is the backup.
 */
export async function restoreDatabase(
  target: DatabaseTarget,
  file: string,
  options: { force?: boolean } = {},
): Promise<CopyReport> {
  const started = performance.now();
  const database = sqliteFile(target, 'restore', file);
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`No backup file at ${file}.`);
  if (!hasSqliteHeader(file)) throw new BackupError(`${file} is not a SQLite database.`);
  const inUse = () => {
    if (databaseInUse(database))
      throw new BackupError(`${database} is in use (a running soleus serve?); stop it before restoring.`);
  };
  inUse();
  if (existsSync(database) && !options.force)
    throw new BackupError(`${database} exists; add --force to replace it with ${file}.`);
  mkdirSync(dirname(database), { recursive: true });
  const temp = tempBeside(database);
  try {
    // Bytes, not SQLite, read the backup: nothing is written beside it. A `-wal` next to it (a copy of a database in
    // WAL mode) comes along and is folded in by checkCopy's switch to a rollback journal.
    try {
      copyFileSync(file, temp);
      if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${temp}-wal`);
    } catch (error) {
      throw new BackupError(`Cannot copy ${file}: ${(error as Error).message}`);
    }
    const bookings = checkCopy(temp, file);
    for (const suffix of SIDE_FILES) rmSync(temp + suffix, { force: true });
    sync(temp);
    inUse(); // again, just before the swap: nothing opened it meanwhile
    for (const suffix of SIDE_FILES) rmSync(database + suffix, { force: true });
    renameSync(temp, database);
    sync(dirname(database));
    return { from: file, file: database, bytes: statSync(database).size, bookings, ms: performance.now() - started };
  } finally {
    removeWithSideFiles(temp);
  }
}

/** `12.3 kB` */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The one line a backup or restore prints. */
export function describeCopy(verb: 'Backed up' | 'Restored', report: CopyReport): string {
  const n = report.bookings;
  return (
    `${verb} ${report.from} to ${report.file}: ${formatBytes(report.bytes)}, ${n} booking${n === 1 ? '' : 's'}, ` +
    `${(report.ms / 1000).toFixed(2)} s.`
  );
}
