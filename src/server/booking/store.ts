import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { MAX_BLOCK_MS } from '../db/migrations.js';
import type { BookingsTable, Database, Dialect } from '../db/schema.js';

// Moved to db/transaction.ts (transactions are infrastructure); still exported here for older importers.
export { isBusyError, isOverlapError, OverlapError, writeTransaction } from '../db/transaction.js';
import type { BookingRecord } from './records.js';
import type { Interval } from './slots.js';

/**
 * The time a practitioner is not free in [fromMs, toMs): the held (buffer-inclusive) intervals of their confirmed
 * bookings, then the practice's time off (practice-wide: it holds every practitioner, buffers included, because the
 * practitioner is away). Availability and every booking write read this, so time off leaves both at once.
 */
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
  const booked = rows.map((r) => ({
    start: new Date(Number(r.block_start_ms)),
    end: new Date(Number(r.block_end_ms)),
  }));
  return [...booked, ...(await timeOffIntervals(db, fromMs, toMs))];
}

/** The practice's time off that overlaps [fromMs, toMs), half-open intervals (index `time_off_end`). */
export async function timeOffIntervals(db: Kysely<Database>, fromMs: number, toMs: number): Promise<Interval[]> {
  const rows = await db
    .selectFrom('time_off')
    .select(['start_ms', 'end_ms'])
    .where('end_ms', '>', fromMs)
    .where('start_ms', '<', toMs)
    .execute();
  return rows.map((r) => ({ start: new Date(Number(r.start_ms)), end: new Date(Number(r.end_ms)) }));
}

/** A random URL-safe id with 128 bits of entropy and a readable prefix. */
export function newId(prefix: 'bk' | 'sr' | 'to' | 'ac'): string {
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
    source: row.source === 'owner' ? 'owner' : 'widget',
    attendance: row.attendance ?? null,
    cancelMessage: row.cancel_message ?? null,
    seriesKind: row.series_id ? (row.series_kind === 'plan' ? 'plan' : 'series') : null,
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
