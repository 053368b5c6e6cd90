import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { MAX_BLOCK_MS } from '../db/migrations.js';
import type { BookingsTable, Database, Dialect } from '../db/schema.js';
import type { BookingRecord } from './records.js';
import type { Interval } from './slots.js';

/** A write refused because another booking holds the time (exclusion constraint or trigger). */
export class OverlapError extends Error {
  constructor() {
    super('booking_overlap');
    this.name = 'OverlapError';
  }
}

const RETRYABLE_PG = new Set(['40001', '40P01']); // serialization failure, deadlock
const MAX_ATTEMPTS = 8;

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/** Whether the database refused a row because its held time overlaps another confirmed booking. */
export function isOverlapError(error: unknown): boolean {
  const code = errorCode(error);
  if (code === '23P01') return true; // exclusion_violation
  return code === 'SQLITE_CONSTRAINT_TRIGGER' && /booking_overlap/.test((error as Error).message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` in one write transaction and commits it. SQLite: inside a `BEGIN IMMEDIATE` transaction on the single
 * connection (shared with other writes queued at the same moment, each in its own savepoint: see SqliteWriteQueue),
 * so the check-then-insert cannot interleave with another writer (other processes wait on busy_timeout). PostgreSQL:
 * READ COMMITTED, the exclusion constraint refusing overlaps; serialization failures and deadlocks are retried, and
 * so is a refused overlap, because the retry re-reads the calendar and then answers 409 without writing.
 * After the last attempt a refused overlap surfaces as {@link OverlapError}.
 */
export async function writeTransaction<T>(
  db: Kysely<Database>,
  dialect: Dialect,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (dialect === 'sqlite') return await sqliteWrites(db).run(work);
      return await db.transaction().execute(work);
    } catch (error) {
      const code = errorCode(error);
      const overlap = isOverlapError(error);
      const retryable = overlap || (code !== undefined && (RETRYABLE_PG.has(code) || code === 'SQLITE_BUSY'));
      if (!retryable) throw error;
      if (attempt >= MAX_ATTEMPTS) throw overlap ? new OverlapError() : error;
      await sleep(Math.random() * 5 * attempt);
    }
  }
}

interface Job {
  work: (trx: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most writes one SQLite commit carries. */
const MAX_BATCH = 64;

/**
 * Group commit for SQLite. Writers queue their work; one `BEGIN IMMEDIATE` transaction runs everything queued, each
 * piece inside its own SAVEPOINT (a refused or failed piece is rolled back alone, the others keep their writes), and a
 * single COMMIT makes the whole batch durable with one disk sync (`synchronous=FULL`). Nobody hears "done" before that
 * COMMIT returns, so an answer never runs ahead of the disk. Under no load a batch is one write, as before; under load
 * the sync is shared, which is what lets one SQLite file take hundreds of bookings a second.
 */
class SqliteWriteQueue {
  readonly #queue: Job[] = [];
  #running = false;
  #scheduled = false;
  constructor(private readonly db: Kysely<Database>) {}

  run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // Start at the end of this turn of the event loop, not at once: the requests that Node read from their sockets
      // in the same turn queue up first and share the transaction. Started at once, the batch was almost always one
      // write, because a commit is synchronous and no other request is read while it runs (1.98 commits per booking
      // post measured under 50 connections, the booking and its outbox mail each alone).
      if (!this.#running && !this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          if (!this.#running) void this.#drain();
        });
      }
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        let outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[];
        try {
          outcomes = await this.db.connection().execute(async (conn) => {
            await sql`begin immediate`.execute(conn);
            try {
              const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
              for (const job of batch) {
                await sql`savepoint soleus_write`.execute(conn);
                try {
                  const value = await job.work(conn);
                  await sql`release soleus_write`.execute(conn);
                  results.push({ ok: true, value });
                } catch (error) {
                  await sql`rollback to soleus_write`.execute(conn);
                  await sql`release soleus_write`.execute(conn);
                  results.push({ ok: false, error });
                }
              }
              await sql`commit`.execute(conn);
              return results;
            } catch (error) {
              await sql`rollback`.execute(conn).catch(() => {});
              throw error;
            }
          });
        } catch (error) {
          for (const job of batch) job.reject(error); // nothing of this batch was committed
          continue;
        }
        outcomes.forEach((outcome, i) =>
          outcome.ok ? batch[i]!.resolve(outcome.value) : batch[i]!.reject(outcome.error),
        );
      }
    } finally {
      this.#running = false;
    }
  }
}

const queues = new WeakMap<Kysely<Database>, SqliteWriteQueue>();
function sqliteWrites(db: Kysely<Database>): SqliteWriteQueue {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = new SqliteWriteQueue(db)));
  return queue;
}

/** Held (buffer-inclusive) intervals of a practitioner's confirmed bookings that touch [fromMs, toMs). */
export async function busyIntervals(
  db: Kysely<Database>,
  practitionerId: string,
  fromMs: number,
  toMs: number,
  exceptIds: readonly string[] = [],
): Promise<Interval[]> {
  let query = db
    .selectFrom('bookings')
    .select(['block_start_ms', 'block_end_ms'])
    .where('practitioner_id', '=', practitionerId)
    .where('status', '=', 'confirmed')
    // The lower bound keeps this an index range scan over the window, not over every booking ever made.
    .where('block_start_ms', '>', fromMs - MAX_BLOCK_MS)
    .where('block_start_ms', '<', toMs)
    .where('block_end_ms', '>', fromMs);
  if (exceptIds.length > 0) query = query.where('id', 'not in', [...exceptIds]);
  const rows = await query.execute();
  return rows.map((r) => ({ start: new Date(Number(r.block_start_ms)), end: new Date(Number(r.block_end_ms)) }));
}

/** A random URL-safe id with 128 bits of entropy and a readable prefix. */
export function newId(prefix: 'bk' | 'sr'): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}

/** A new manage token (256 bits) and the hash stored in its place. */
export function newManageToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token against a stored SHA-256 hex hash. */
export function tokenMatches(token: string | undefined, storedHash: string): boolean {
  if (!token) return false;
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Constant-time equality of two secrets of any length (hashes first, so lengths do not leak). */
export function secretEquals(presented: string | undefined, expected: string | undefined): boolean {
  if (!presented || !expected) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export type BookingRow = Selectable<BookingsTable>;

export function toRecord(row: BookingRow): BookingRecord {
  let answers: Record<string, string> = {};
  try {
    answers = JSON.parse(row.answers) as Record<string, string>;
  } catch {
    /* keep empty */
  }
  return {
    id: row.id,
    seriesId: row.series_id,
    practitionerId: row.practitioner_id,
    serviceId: row.service_id,
    status: row.status,
    start: new Date(Number(row.start_ms)),
    end: new Date(Number(row.end_ms)),
    sequence: Number(row.sequence),
    client: { name: row.client_name, email: row.client_email, phone: row.client_phone },
    clientTimeZone: row.client_time_zone,
    notes: row.notes,
    answers,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Marks a practitioner's calendar as changed (inside the write transaction that changes it). */
export async function bumpCalendarVersion(trx: Kysely<Database>, practitionerId: string): Promise<void> {
  await trx
    .insertInto('calendar_versions')
    .values({ practitioner_id: practitionerId, version: 1 })
    .onConflict((oc) => oc.column('practitioner_id').doUpdateSet({ version: sql`calendar_versions.version + 1` }))
    .execute();
}

/**
 * {@link calendarStamp} for a request that has just arrived, sharing database round trips with other requests. A read
 * already under way may have started before this request arrived, so it could miss a booking committed just before
 * that; the request waits instead for the next read, which starts the moment the current one ends and serves everyone
 * who asked meanwhile. Every answer still reflects every commit made before its request arrived, and under load on
 * PostgreSQL the round trips (and waits for a pooled connection) per second fall from one per request to a few hundred.
 */
export function freshCalendarStamp(db: Kysely<Database>): Promise<string> {
  let reader = stampReaders.get(db);
  if (!reader) stampReaders.set(db, (reader = new StampReader(db)));
  return reader.read();
}

class StampReader {
  #running: Promise<string> | undefined;
  #queued: Promise<string> | undefined;
  constructor(private readonly db: Kysely<Database>) {}

  read(): Promise<string> {
    if (this.#running === undefined) return this.#begin();
    this.#queued ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#begin();
      });
    return this.#queued;
  }

  #begin(): Promise<string> {
    const run = calendarStamp(this.db);
    this.#running = run;
    const clear = () => {
      if (this.#running === run) this.#running = undefined;
    };
    run.then(clear, clear);
    return run;
  }
}

const stampReaders = new WeakMap<Kysely<Database>, StampReader>();

/** Every practitioner's calendar version, as one comparable string. */
export async function calendarStamp(db: Kysely<Database>): Promise<string> {
  const rows = await db.selectFrom('calendar_versions').select(['practitioner_id', 'version']).execute();
  return rows
    .map((r) => `${r.practitioner_id}:${Number(r.version)}`)
    .sort()
    .join(',');
}

/**
 * PostgreSQL: takes transaction-scoped advisory locks on the practitioners' calendars (sorted, so two writers never
 * wait on each other in a cycle) before the calendar is read. Writers for one calendar then go one at a time, and the
 * exclusion constraint is only a backstop. Without this, inserters waiting on each other's uncommitted rows in the
 * constraint check deadlock whenever one of them aborts. SQLite needs nothing: BEGIN IMMEDIATE already serialises.
 */
export async function lockCalendars(
  trx: Kysely<Database>,
  dialect: Dialect,
  practitionerIds: readonly string[],
): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const id of [...new Set(practitionerIds)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${'soleus-calendar:' + id}, 0))`.execute(trx);
  }
}

/** A database error that means "busy, try again shortly" rather than a bug: retries ran out or the pool is full. */
export function isBusyError(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && (RETRYABLE_PG.has(code) || code === 'SQLITE_BUSY' || code === '55P03')) return true;
  return error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message);
}
