import type { Kysely } from 'kysely';
import { EncodedBody } from '../http/encoding.js';
import type { BookingRequest } from '../../core/schemas/booking.js';
import type { Database, Dialect } from '../db/schema.js';
import type { Practice, Practitioner, Service } from '../practice.js';
import type { BookingRecord } from './records.js';
import {
  computeSlots,
  isOnSlotGrid,
  lastBookableDay,
  parseRequestedStart,
  validateRequestedStart,
  type Interval,
  type StartRejection,
} from './slots.js';
import {
  lockCalendars,
  bumpCalendarVersion,
  busyIntervals,
  freshCalendarStamp,
  newId,
  newManageToken,
  OverlapError,
  toRecord,
  tokenMatches,
  writeTransaction,
  type BookingRow,
} from './store.js';
import {
  addDays,
  dayInZone,
  daysBetween,
  isValidDay,
  isValidTimeZone,
  wallBoundaryToInstant,
  wallMinutesInZone,
  wallMinutesToInstant,
} from './time.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Widest availability request, in days between `from` and `to`. */
export const MAX_AVAILABILITY_DAYS = 62;

/** A refusal with the contract's status, code and message (and, for validation, fields). */
export class BookingError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 409 | 422,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'BookingError';
  }
}

export interface BookingDeps {
  db: Kysely<Database>;
  dialect: Dialect;
  practice: Practice;
  now: () => Date;
}

const iso = (ms: number | Date) => new Date(ms).toISOString();

export function findService(practice: Practice, id: string): Service {
  const service = practice.services.find((s) => s.id === id);
  if (!service) {
    throw new BookingError(404, 'unknown_service', `There is no service "${id.slice(0, 64)}" at ${practice.name}.`, {
      serviceId: 'Choose a service from the list',
    });
  }
  return service;
}

function checkZone(zone: string, field: string): void {
  if (!isValidTimeZone(zone)) {
    throw new BookingError(400, 'invalid_request', 'Some fields need attention.', {
      [field]: `"${zone.slice(0, 64)}" is not a time zone; use an IANA name like Europe/London`,
    });
  }
}

// ————— Availability —————

interface CachedAvailability {
  stamp: string;
  validUntil: number;
  /** The answer, computed once for every request that asked while it was being computed. */
  body: Promise<EncodedBody>;
}

/**
 * Availability answers already computed, by query. An entry is served only while the calendar versions it was
 * computed against are unchanged (one tiny query per request, shared by every process through the database) and
 * time has not yet made it wrong (the first offered slot slipping inside the notice, the horizon moving at midnight).
 * Requests that arrive while an answer is being computed wait for that one instead of computing it again, so a burst
 * right after a booking changes the calendar costs one computation, not fifty.
 */
export class AvailabilityCache {
  readonly #entries = new Map<string, CachedAvailability>();
  constructor(readonly maxEntries = 500) {}

  get(key: string, stamp: string, now: number): Promise<EncodedBody> | undefined {
    const hit = this.#entries.get(key);
    if (!hit || hit.stamp !== stamp || now >= hit.validUntil) return undefined;
    this.#entries.delete(key); // keep recently used entries last
    this.#entries.set(key, hit);
    return hit.body;
  }

  set(key: string, entry: CachedAvailability): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: string, entry: CachedAvailability): void {
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }
}

/** {@link availability} as bytes, served from `cache` while it is still exactly right. */
export async function availabilityBody(
  deps: BookingDeps,
  query: { service: string; from: string; to: string; timeZone?: string | undefined },
  cache: AvailabilityCache,
): Promise<EncodedBody> {
  const key = `${query.service}|${query.from}|${query.to}|${query.timeZone ?? ''}`;
  const stamp = await freshCalendarStamp(deps.db);
  const now = deps.now().getTime();
  const hit = cache.get(key, stamp, now);
  if (hit !== undefined) return hit;
  // Until computed, the entry may serve only this instant's requests; the real expiry is set once the slots are known.
  const entry: CachedAvailability = { stamp, validUntil: now + 1_000, body: Promise.resolve(undefined as never) };
  entry.body = (async () => {
    const result = await availability(deps, query);
    const service = findService(deps.practice, result.service);
    let validUntil = now + 10 * MINUTE;
    const first = result.slots[0];
    if (first) validUntil = Math.min(validUntil, Date.parse(first.start) - service.minNoticeHours * 3_600_000);
    for (const p of deps.practice.practitioners) {
      validUntil = Math.min(
        validUntil,
        wallBoundaryToInstant(addDays(dayInZone(new Date(now), p.timeZone), 1), 0, p.timeZone),
      );
    }
    entry.validUntil = validUntil;
    // A 62-day list of 15-minute slots is a few hundred kilobytes of JSON and about 8 KiB brotli-compressed.
    return new EncodedBody(new TextEncoder().encode(JSON.stringify(result)), 'fast');
  })();
  entry.body.catch(() => cache.delete(key, entry)); // a refusal (bad day, unknown service) is not kept
  cache.set(key, entry);
  return entry.body;
}

/** Free slots of a service for days `from`..`to` (inclusive) in `zone`, merged over practitioners, sorted by start. */
export async function availability(
  deps: BookingDeps,
  query: { service: string; from: string; to: string; timeZone?: string | undefined },
): Promise<{ service: string; timeZone: string; slots: { start: string; end: string }[] }> {
  const { practice } = deps;
  const fields: Record<string, string> = {};
  if (!isValidDay(query.from)) fields.from = 'Enter a real day like 2026-10-26';
  if (!isValidDay(query.to)) fields.to = 'Enter a real day like 2026-10-26';
  const zone = query.timeZone ?? practice.timeZone;
  if (!isValidTimeZone(zone))
    fields.timeZone = `"${zone.slice(0, 64)}" is not a time zone; use an IANA name like Europe/London`;
  if (Object.keys(fields).length === 0) {
    const span = daysBetween(query.from, query.to);
    if (span < 0) fields.to = 'The last day must not be before the first';
    else if (span > MAX_AVAILABILITY_DAYS) fields.to = `Ask for at most ${MAX_AVAILABILITY_DAYS} days at a time`;
  }
  if (Object.keys(fields).length > 0)
    throw new BookingError(400, 'invalid_request', 'Some fields need attention.', fields);
  const service = findService(practice, query.service);

  const rangeStart = wallBoundaryToInstant(query.from, 0, zone);
  const rangeEnd = wallBoundaryToInstant(addDays(query.to, 1), 0, zone);
  const now = deps.now();
  const byStart = new Map<number, Interval>();
  for (const practitioner of practice.practitioners) {
    const pz = practitioner.timeZone;
    const fromDay = dayInZone(new Date(rangeStart), pz);
    const toDay = dayInZone(new Date(rangeEnd - 1), pz);
    const busyFrom = wallBoundaryToInstant(fromDay, 0, pz) - DAY;
    const busyTo = wallBoundaryToInstant(addDays(toDay, 1), 0, pz) + DAY;
    const busy = await busyIntervals(deps.db, practitioner.id, busyFrom, busyTo);
    for (const slot of computeSlots({ practitioner, service, fromDay, toDay, now, busy })) {
      const start = slot.start.getTime();
      if (start >= rangeStart && start < rangeEnd && !byStart.has(start)) byStart.set(start, slot);
    }
  }
  const slots = [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
  return {
    service: service.id,
    timeZone: practice.timeZone,
    slots: slots.map((s) => ({ start: iso(s.start), end: iso(s.end) })),
  };
}

// ————— Creating —————

const START_MESSAGES: Record<Exclude<StartRejection, 'unavailable'>, [400 | 422, string, string]> = {
  invalid_start: [400, 'invalid_request', 'Enter a time like 2026-10-26T09:00:00.000Z'],
  nonexistent_local_time: [
    400,
    'invalid_request',
    'That local time does not exist: the clocks change then. Choose another time',
  ],
  off_grid: [400, 'invalid_request', 'This is not one of the offered times; choose a time from the calendar'],
  too_soon: [422, 'outside_booking_window', 'This time has passed or is too soon to book; choose a later time'],
  beyond_horizon: [422, 'outside_booking_window', 'This time is too far ahead to book yet; choose an earlier time'],
};

function startRefusal(reason: Exclude<StartRejection, 'unavailable'>, field = 'start'): BookingError {
  const [status, code, message] = START_MESSAGES[reason];
  return status === 400
    ? new BookingError(400, code, 'Some fields need attention.', { [field]: message })
    : new BookingError(status, code, message + '.', { [field]: message });
}

/** The starts of a series: the same wall-clock time in the practitioner's zone every `everyWeeks` weeks. */
export function seriesStarts(first: Date, zone: string, everyWeeks: number, count: number): (number | null)[] {
  const day = dayInZone(first, zone);
  const minutes = wallMinutesInZone(first, zone);
  const starts: (number | null)[] = [first.getTime()];
  for (let k = 1; k < count; k++) starts.push(wallMinutesToInstant(addDays(day, 7 * everyWeeks * k), minutes, zone));
  return starts;
}

const held = (service: Service, start: number) => ({
  blockStart: start - service.bufferBeforeMinutes * MINUTE,
  end: start + service.durationMinutes * MINUTE,
  blockEnd: start + (service.durationMinutes + service.bufferAfterMinutes) * MINUTE,
});

function overlapsBusy(busy: readonly Interval[], from: number, to: number): boolean {
  return busy.some((b) => b.start.getTime() < to && b.end.getTime() > from);
}

interface Plan {
  practitioner: Practitioner;
  starts: number[];
}

/** Finds a practitioner for whom every occurrence is a free grid slot, or lists the conflicting starts. */
async function plan(
  trx: Kysely<Database>,
  deps: BookingDeps,
  service: Service,
  first: Date,
  series: BookingRequest['series'],
  exceptIds: readonly string[] = [],
  only?: Practitioner,
): Promise<
  { ok: true; plan: Plan } | { ok: false; conflicts: string[]; reason?: Exclude<StartRejection, 'unavailable'> }
> {
  const now = deps.now();
  let best: string[] | undefined;
  let firstReason: Exclude<StartRejection, 'unavailable'> | undefined;
  for (const practitioner of only ? [only] : deps.practice.practitioners) {
    const zone = practitioner.timeZone;
    // The first start's own reasons (off the grid, too soon, beyond the horizon) come before any series arithmetic.
    const alone = validateRequestedStart({ practitioner, service, start: first, now, busy: [] });
    if (!alone.ok && alone.reason !== 'unavailable') {
      firstReason ??= alone.reason;
      continue;
    }
    const lastDay = lastBookableDay(practitioner, service, now);
    const starts = series ? seriesStarts(first, zone, series.everyWeeks, series.count) : [first.getTime()];
    const known = starts.filter((s): s is number => s !== null);
    const from = Math.min(...known) - DAY;
    const to = Math.max(...known) + DAY;
    const busy = await busyIntervals(trx, practitioner.id, from, to, exceptIds);
    const conflicts: string[] = [];
    starts.forEach((start, index) => {
      if (start === null) {
        // The wall time does not exist that day (spring forward): report the instant an hour later as the clash.
        conflicts.push(iso(first.getTime() + index * 7 * (series?.everyWeeks ?? 1) * DAY));
        return;
      }
      // The first start was checked above without the calendar; later ones must be on the grid and, like any
      // booking, within the horizon. Then none may overlap what is already booked.
      const offered =
        index === 0
          ? alone.ok
          : dayInZone(new Date(start), zone) <= lastDay && isOnSlotGrid(practitioner, service, new Date(start));
      const h = held(service, start);
      if (!offered || overlapsBusy(busy, h.blockStart, h.blockEnd)) conflicts.push(iso(start));
    });
    if (conflicts.length === 0) return { ok: true, plan: { practitioner, starts: starts as number[] } };
    if (!best || conflicts.length < best.length) best = conflicts;
  }
  if (!best && firstReason) return { ok: false, conflicts: [], reason: firstReason };
  return { ok: false, conflicts: best ?? [] };
}

function conflictError(conflicts: string[], series: boolean): BookingError {
  const message = series
    ? `${conflicts.length === 1 ? 'One session' : `${conflicts.length} sessions`} of this series cannot be booked: the time is taken or the practice is closed then. Nothing was booked.`
    : 'Sorry, that time has just been taken. Please choose another time.';
  return new BookingError(409, 'slot_unavailable', message, undefined, { conflicts });
}

export interface CreatedBooking {
  records: BookingRecord[];
  manageToken: string;
  body: { booking: Record<string, unknown>; manageToken: string };
}

/** A booking request checked as far as possible without the database (throws BookingError). */
export interface PreparedBooking {
  input: BookingRequest;
  service: Service;
  instant: Date;
}

export function prepareBooking(deps: BookingDeps, input: BookingRequest): PreparedBooking {
  const service = findService(deps.practice, input.serviceId);
  checkZone(input.timeZone, 'timeZone');
  const parsed = parseRequestedStart(input.start, input.timeZone);
  if (!parsed.ok) throw startRefusal(parsed.reason === 'unavailable' ? 'invalid_start' : parsed.reason);
  return { input, service, instant: parsed.instant };
}

/**
 * Inside a write transaction: finds a practitioner for whom every occurrence is free and inserts them all, or
 * throws BookingError (409 with the conflicting starts) having written nothing. The database's own overlap check
 * (exclusion constraint / trigger) backs this up against any writer that slips past the read.
 */
export async function insertBooking(
  trx: Kysely<Database>,
  deps: BookingDeps,
  prepared: PreparedBooking,
): Promise<CreatedBooking> {
  const { input, service, instant } = prepared;
  await lockCalendars(
    trx,
    deps.dialect,
    deps.practice.practitioners.map((p) => p.id),
  );
  const result = await plan(trx, deps, service, instant, input.series);
  if (!result.ok) {
    if (result.reason) throw startRefusal(result.reason);
    throw conflictError(result.conflicts, !!input.series);
  }
  const { practitioner, starts } = result.plan;
  const { token, hash } = newManageToken();
  const seriesId = input.series ? newId('sr') : null;
  const nowIso = deps.now().toISOString();
  const rows: BookingRow[] = starts.map((start) => {
    const h = held(service, start);
    return {
      id: newId('bk'),
      series_id: seriesId,
      practitioner_id: practitioner.id,
      service_id: service.id,
      status: 'confirmed',
      start_ms: start,
      end_ms: h.end,
      block_start_ms: h.blockStart,
      block_end_ms: h.blockEnd,
      sequence: 0,
      client_name: input.client.name,
      client_email: input.client.email,
      client_phone: input.client.phone ? input.client.phone : null,
      client_time_zone: input.timeZone,
      notes: input.notes?.trim() ? input.notes.trim() : null,
      answers: JSON.stringify(input.answers ?? {}),
      manage_token_hash: hash,
      created_at: nowIso,
      updated_at: nowIso,
    };
  });
  await trx.insertInto('bookings').values(rows).execute();
  await bumpCalendarVersion(trx, practitioner.id);
  const records = rows.map(toRecord);
  const first = records[0]!;
  const booking: Record<string, unknown> = {
    id: first.id,
    status: first.status,
    serviceId: first.serviceId,
    start: iso(first.start),
    end: iso(first.end),
  };
  if (seriesId) {
    booking.seriesId = seriesId;
    booking.series = records.map((r) => ({ id: r.id, start: iso(r.start), end: iso(r.end) }));
  }
  const created: CreatedBooking = { records, manageToken: token, body: { booking, manageToken: token } };
  return created;
}

/** Maps the database refusing an overlap (after the retries) to the contract's 409. */
export function overlapAsConflict(error: unknown, prepared: PreparedBooking): unknown {
  return error instanceof OverlapError ? conflictError([iso(prepared.instant)], !!prepared.input.series) : error;
}

/**
 * Creates a booking or a whole series in one write transaction: all occurrences or none. `afterWrite` runs inside
 * the transaction (the idempotency record is saved there, so a replay can never see a half-made booking).
 */
export async function createBooking(
  deps: BookingDeps,
  input: BookingRequest,
  afterWrite?: (trx: Kysely<Database>, created: CreatedBooking) => Promise<void>,
): Promise<CreatedBooking> {
  const prepared = prepareBooking(deps, input);
  try {
    return await writeTransaction(deps.db, deps.dialect, async (trx) => {
      const created = await insertBooking(trx, deps, prepared);
      await afterWrite?.(trx, created);
      return created;
    });
  } catch (error) {
    throw overlapAsConflict(error, prepared);
  }
}

// ————— Managing —————

const NOT_FOUND = () =>
  new BookingError(
    404,
    'not_found',
    'No booking matches this link. Check that you used the whole link from your confirmation email.',
  );

/** The booking `id` if `token` is its manage token; otherwise 404, the same whether or not the id exists. */
export async function authorisedBooking(
  db: Kysely<Database>,
  id: string,
  token: string | undefined,
): Promise<BookingRecord> {
  if (!token || id.length > 64) throw NOT_FOUND();
  const row = await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  // Hash and compare even when the row is missing, so timing does not tell ids apart.
  const matches = tokenMatches(token, row?.manage_token_hash ?? '0'.repeat(64));
  if (!row || !matches) throw NOT_FOUND();
  return toRecord(row);
}

/** Other occurrences of the same series (for showing a plan). */
export async function seriesOf(db: Kysely<Database>, record: BookingRecord): Promise<BookingRecord[]> {
  if (!record.seriesId) return [record];
  const rows = await db
    .selectFrom('bookings')
    .selectAll()
    .where('series_id', '=', record.seriesId)
    .orderBy('start_ms')
    .execute();
  return rows.map(toRecord);
}

/** The latest moment the booking may still be cancelled or moved. */
export function changeDeadline(practice: Practice, record: BookingRecord): Date {
  const service = practice.services.find((s) => s.id === record.serviceId);
  const hours = service?.cancellationNoticeHours ?? 24;
  return new Date(record.start.getTime() - hours * 3_600_000);
}

function assertNotTooLate(deps: BookingDeps, record: BookingRecord, action: 'cancelled' | 'moved'): void {
  const service = deps.practice.services.find((s) => s.id === record.serviceId);
  const hours = service?.cancellationNoticeHours ?? 24;
  if (deps.now().getTime() > changeDeadline(deps.practice, record).getTime()) {
    const contact = deps.practice.email
      ? ` Please contact ${deps.practice.name} at ${deps.practice.email}.`
      : ` Please contact ${deps.practice.name}.`;
    throw new BookingError(
      409,
      'too_late',
      `This booking can no longer be ${action} online: changes are possible up to ${hours} hours before the appointment.${contact}`,
    );
  }
}

/** Public view of a booking for its client. */
export function publicBooking(
  deps: BookingDeps,
  record: BookingRecord,
  series?: BookingRecord[],
): Record<string, unknown> {
  const service = deps.practice.services.find((s) => s.id === record.serviceId);
  const deadline = changeDeadline(deps.practice, record);
  const body: Record<string, unknown> = {
    id: record.id,
    status: record.status,
    serviceId: record.serviceId,
    serviceName: service?.name ?? record.serviceId,
    start: iso(record.start),
    end: iso(record.end),
    timeZone: record.clientTimeZone,
    practiceTimeZone: deps.practice.timeZone,
    practice: { name: deps.practice.name, ...(deps.practice.address ? { address: deps.practice.address } : {}) },
    client: {
      name: record.client.name,
      email: record.client.email,
      ...(record.client.phone ? { phone: record.client.phone } : {}),
    },
    ...(record.notes ? { notes: record.notes } : {}),
    changeableUntil: iso(deadline),
    changeable: record.status === 'confirmed' && deps.now().getTime() <= deadline.getTime(),
  };
  if (record.seriesId) {
    body.seriesId = record.seriesId;
    if (series) body.series = series.map((r) => ({ id: r.id, status: r.status, start: iso(r.start), end: iso(r.end) }));
  }
  return body;
}

/** Cancels one booking (idempotent: cancelling a cancelled booking changes nothing). */
export async function cancelBooking(
  deps: BookingDeps,
  id: string,
  token: string | undefined,
): Promise<{ record: BookingRecord; changed: boolean }> {
  const current = await authorisedBooking(deps.db, id, token);
  if (current.status === 'cancelled') return { record: current, changed: false };
  assertNotTooLate(deps, current, 'cancelled');
  return writeTransaction(deps.db, deps.dialect, async (trx) => {
    const updated = await trx
      .updateTable('bookings')
      .set((eb) => ({ status: 'cancelled', sequence: eb('sequence', '+', 1), updated_at: deps.now().toISOString() }))
      .where('id', '=', id)
      .where('status', '=', 'confirmed')
      .returningAll()
      .executeTakeFirst();
    if (!updated) {
      const row = await trx.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return { record: toRecord(row), changed: false };
    }
    await bumpCalendarVersion(trx, updated.practitioner_id);
    return { record: toRecord(updated), changed: true };
  });
}

/**
 * Moves a booking to a new start with the same practitioner, in one statement: the old time is freed only if the new
 * one is taken (the database refuses the update when the new time overlaps another booking).
 */
export async function rescheduleBooking(
  deps: BookingDeps,
  id: string,
  token: string | undefined,
  newStart: string,
): Promise<{ record: BookingRecord; previousStart: Date; changed: boolean }> {
  const current = await authorisedBooking(deps.db, id, token);
  if (current.status === 'cancelled') {
    throw new BookingError(
      409,
      'booking_cancelled',
      'This booking was cancelled, so it cannot be moved. Book a new time instead.',
    );
  }
  assertNotTooLate(deps, current, 'moved');
  const service = findService(deps.practice, current.serviceId);
  const practitioner =
    deps.practice.practitioners.find((p) => p.id === current.practitionerId) ?? deps.practice.practitioners[0]!;
  const parsed = parseRequestedStart(newStart, current.clientTimeZone);
  if (!parsed.ok) throw startRefusal(parsed.reason === 'unavailable' ? 'invalid_start' : parsed.reason);
  if (parsed.instant.getTime() === current.start.getTime())
    return { record: current, previousStart: current.start, changed: false };
  try {
    return await writeTransaction(deps.db, deps.dialect, async (trx) => {
      await lockCalendars(trx, deps.dialect, [practitioner.id]);
      const result = await plan(trx, deps, service, parsed.instant, undefined, [id], practitioner);
      if (!result.ok) {
        if (result.reason) throw startRefusal(result.reason);
        throw conflictError(result.conflicts, false);
      }
      const start = parsed.instant.getTime();
      const h = held(service, start);
      const updated = await trx
        .updateTable('bookings')
        .set((eb) => ({
          start_ms: start,
          end_ms: h.end,
          block_start_ms: h.blockStart,
          block_end_ms: h.blockEnd,
          sequence: eb('sequence', '+', 1),
          updated_at: deps.now().toISOString(),
        }))
        .where('id', '=', id)
        .where('status', '=', 'confirmed')
        .where('start_ms', '=', current.start.getTime())
        .returningAll()
        .executeTakeFirst();
      if (!updated)
        throw new BookingError(
          409,
          'booking_changed',
          'This booking changed while you were moving it. Reload it and try again.',
        );
      await bumpCalendarVersion(trx, updated.practitioner_id);
      return { record: toRecord(updated), previousStart: current.start, changed: true };
    });
  } catch (error) {
    if (error instanceof OverlapError) throw conflictError([iso(parsed.instant)], false);
    throw error;
  }
}

// ————— Owner —————

/** Reads `from`/`to` of the owner API: a day in the practice zone or an ISO instant. */
export function ownerRange(
  practice: Practice,
  from: string | undefined,
  to: string | undefined,
  now: Date,
): { from: number; to: number } {
  const fields: Record<string, string> = {};
  const read = (value: string, field: 'from' | 'to'): number | undefined => {
    if (isValidDay(value))
      return wallBoundaryToInstant(field === 'to' ? addDays(value, 1) : value, 0, practice.timeZone);
    const parsed = parseRequestedStart(value, practice.timeZone);
    if (parsed.ok && /[zZ]|[+-]\d\d:\d\d$/.test(value)) return parsed.instant.getTime();
    fields[field] = 'Enter a day like 2026-10-26 or an instant like 2026-10-26T09:00:00.000Z';
    return undefined;
  };
  const today = dayInZone(now, practice.timeZone);
  const f = from ? read(from, 'from') : wallBoundaryToInstant(today, 0, practice.timeZone);
  const t = to ? read(to, 'to') : f !== undefined ? f + 92 * DAY : undefined;
  if (f !== undefined && t !== undefined) {
    if (t < f) fields.to = 'The end must not be before the start';
    else if (t - f > 400 * DAY) fields.to = 'Ask for at most 400 days at a time';
  }
  if (Object.keys(fields).length > 0 || f === undefined || t === undefined) {
    throw new BookingError(400, 'invalid_request', 'Some fields need attention.', fields);
  }
  return { from: f, to: t };
}

/** Bookings (confirmed and cancelled) starting in [from, to), for the owner. */
export async function ownerBookings(
  db: Kysely<Database>,
  range: { from: number; to: number },
  status?: 'confirmed',
): Promise<BookingRecord[]> {
  let query = db
    .selectFrom('bookings')
    .selectAll()
    .where('start_ms', '>=', range.from)
    .where('start_ms', '<', range.to);
  if (status) query = query.where('status', '=', status);
  const rows = await query.orderBy('start_ms').orderBy('id').limit(10_000).execute();
  return rows.map(toRecord);
}

export function ownerView(practice: Practice, r: BookingRecord): Record<string, unknown> {
  return {
    id: r.id,
    status: r.status,
    serviceId: r.serviceId,
    serviceName: practice.services.find((s) => s.id === r.serviceId)?.name ?? r.serviceId,
    practitionerId: r.practitionerId,
    start: iso(r.start),
    end: iso(r.end),
    seriesId: r.seriesId,
    client: { name: r.client.name, email: r.client.email, phone: r.client.phone },
    timeZone: r.clientTimeZone,
    notes: r.notes,
    answers: r.answers,
    sequence: r.sequence,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

export { lastBookableDay };
