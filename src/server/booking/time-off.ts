import { Hono } from 'hono';
import type { Kysely, Selectable } from 'kysely';
import {
  TimeOffIdParamSchema,
  TimeOffListQuerySchema,
  TimeOffRequestSchema,
  type TimeOff,
  type TimeOffCreated,
  type TimeOffDeleted,
  type TimeOffListResponse,
  type TimeOffRequest,
} from '../../core/schemas/time-off.js';
import { completeKey, requestHash } from '../db/idempotency.js';
import { MAX_BLOCK_MS } from '../db/migrations.js';
import type { Database, TimeOffTable } from '../db/schema.js';
import { writeTransaction } from '../db/transaction.js';
import { requireAdmin } from '../http/auth.js';
import { validate } from '../http/validate.js';
import type { Practice } from '../practice.js';
import type { BookingRouteContext } from './context.js';
import { BookingError } from './errors.js';
import { checkKey, claimOwnerKey } from './owner-actions.js';
import { ownerRange, ownerView } from './owner.js';
import { DAY, iso, type BookingDeps } from './service.js';
import { parseRequestedStart } from './slots.js';
import { bumpCalendarVersion, lockCalendars, newId, toRecord } from './store.js';

/**
 * The practice's time off ("take an afternoon off"): practice-wide stretches during which nothing can be booked.
 * Stored in `time_off`; read as busy time by `busyIntervals` (store.ts), so availability and booking posts leave it
 * out at once. Every write raises every practitioner's calendar version in its own transaction, so the availability
 * cache of every process on the database sees it on the next request. Time off never cancels a booking: creating it
 * answers the future confirmed bookings it overlaps (`affected`), for the owner to deal with.
 */

/** Longest time off, in days. */
export const MAX_TIME_OFF_DAYS = 366;

const TIME_HINT = 'Enter a time like 2026-12-14T13:00 (or an instant like 2026-12-14T13:00:00Z)';
const NO_SUCH_LOCAL_TIME = 'That local time does not exist: the clocks change then. Choose another time';

type TimeOffRow = Selectable<TimeOffTable>;

const view = (row: TimeOffRow): TimeOff => ({
  id: row.id,
  start: iso(Number(row.start_ms)),
  end: iso(Number(row.end_ms)),
  reason: row.reason,
});

/** A time-off body read into instants (throws BookingError 400 naming `start`, `end` or `reason`). */
export function readTimeOff(
  practice: Practice,
  body: TimeOffRequest,
): { start: number; end: number; reason: string | null } {
  const fields: Record<string, string> = {};
  const read = (value: string, field: 'start' | 'end'): number | undefined => {
    // The booking post's reader: an instant with Z or an offset, or a local wall time in the practice's zone.
    const parsed = parseRequestedStart(value, practice.timeZone);
    if (parsed.ok) return parsed.instant.getTime();
    fields[field] = parsed.reason === 'nonexistent_local_time' ? NO_SUCH_LOCAL_TIME : TIME_HINT;
    return undefined;
  };
  const start = read(body.start, 'start');
  const end = read(body.end, 'end');
  if (start !== undefined && end !== undefined) {
    if (end <= start) fields.end = 'The end must be after the start';
    else if (end - start > MAX_TIME_OFF_DAYS * DAY)
      fields.end = `Time off can be at most ${MAX_TIME_OFF_DAYS} days long`;
  }
  if (Object.keys(fields).length > 0 || start === undefined || end === undefined) {
    throw new BookingError(400, 'invalid_request', 'Some fields need attention.', fields);
  }
  return { start, end, reason: body.reason ? body.reason : null };
}

/**
 * Confirmed bookings starting at or after `now` whose session overlaps [start, end), every practitioner, by start.
 * The session, not its buffers: a session that ends as the time off begins is not affected.
 */
export async function bookingsDuring(db: Kysely<Database>, start: number, end: number, now: number) {
  const rows = await db
    .selectFrom('bookings')
    .selectAll()
    .where('status', '=', 'confirmed')
    // No session is longer than MAX_BLOCK_MS: the lower bound keeps this a range scan on bookings_start.
    .where('start_ms', '>=', Math.max(now, start - MAX_BLOCK_MS))
    .where('start_ms', '<', end)
    .where('end_ms', '>', start)
    .orderBy('start_ms')
    .orderBy('id')
    .execute();
  return rows.map(toRecord);
}

/** Raises every practitioner's calendar version (time off holds them all). */
async function bumpEveryCalendar(trx: Kysely<Database>, practice: Practice): Promise<void> {
  for (const p of practice.practitioners) await bumpCalendarVersion(trx, p.id);
}

/**
 * `POST …/time-off`: records the time off and answers it (JSON text) with the bookings it overlaps (none cancelled).
 * Under an `Idempotency-Key` the same key and body again answers the first answer (`replayed`) and writes nothing.
 */
export async function createTimeOff(
  deps: BookingDeps,
  body: TimeOffRequest,
  rawKey?: string,
): Promise<{ body: string; replayed: boolean }> {
  const key = checkKey(rawKey);
  const { start, end, reason } = readTimeOff(deps.practice, body);
  return writeTransaction(deps.db, deps.dialect, async (trx) => {
    const replay = key
      ? await claimOwnerKey(trx, key, requestHash('POST /owner/time-off', body), deps.now().getTime())
      : undefined;
    if (replay) return { body: replay.body, replayed: true };
    // The booking writers' locks: a booking being made now either commits first (and is listed in `affected`) or
    // reads the calendar after this commits (and is refused).
    await lockCalendars(
      trx,
      deps.dialect,
      deps.practice.practitioners.map((p) => p.id),
    );
    const row: TimeOffRow = { id: newId('to'), start_ms: start, end_ms: end, reason, created_at: iso(deps.now()) };
    await trx.insertInto('time_off').values(row).execute();
    await bumpEveryCalendar(trx, deps.practice);
    const affected = await bookingsDuring(trx, start, end, deps.now().getTime());
    const created: TimeOffCreated = { timeOff: view(row), affected: affected.map((r) => ownerView(deps.practice, r)) };
    const text = JSON.stringify(created);
    if (key) await completeKey(trx, key, 201, text);
    return { body: text, replayed: false };
  });
}

/** `GET …/time-off?from=&to=`: the time off overlapping the range (default: today and the next 92 days), by start. */
export async function listTimeOff(
  deps: BookingDeps,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<TimeOffListResponse> {
  const range = ownerRange(deps.practice, query.from, query.to, deps.now());
  const rows = await deps.db
    .selectFrom('time_off')
    .selectAll()
    .where('end_ms', '>', range.from)
    .where('start_ms', '<', range.to)
    .orderBy('start_ms')
    .orderBy('id')
    .limit(10_000)
    .execute();
  return { timeOff: rows.map(view) };
}

/** `DELETE …/time-off/<id>`: the time is bookable again at once; an unknown id is 404 `unknown_time_off`. */
export async function deleteTimeOff(deps: BookingDeps, id: string): Promise<TimeOffDeleted> {
  const unknown = () =>
    new BookingError(404, 'unknown_time_off', 'There is no such time off; it may already have been removed.');
  if (id.length > 64) throw unknown();
  return writeTransaction(deps.db, deps.dialect, async (trx) => {
    const gone = await trx.deleteFrom('time_off').where('id', '=', id).returning('id').executeTakeFirst();
    if (!gone) throw unknown();
    await bumpEveryCalendar(trx, deps.practice);
    return { deleted: true, id: gone.id };
  });
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** `POST`, `GET …/time-off` and `DELETE …/time-off/<id>` for the owner (mounted at both owner prefixes). */
export function timeOffRoutes(ctx: BookingRouteContext) {
  const app = new Hono();
  app.use('*', requireAdmin(ctx.adminToken));
  return app
    .post('/time-off', validate('json', TimeOffRequestSchema), async (c) => {
      const created = await createTimeOff(ctx.deps, c.req.valid('json'), c.req.header('Idempotency-Key'));
      return c.body(created.body, 201, {
        'Content-Type': 'application/json',
        ...NO_STORE,
        ...(created.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      });
    })
    .get('/time-off', validate('query', TimeOffListQuerySchema), async (c) =>
      c.json(await listTimeOff(ctx.deps, c.req.valid('query')), 200, NO_STORE),
    )
    .delete('/time-off/:id', validate('param', TimeOffIdParamSchema), async (c) =>
      c.json(await deleteTimeOff(ctx.deps, c.req.valid('param').id), 200, NO_STORE),
    );
}
