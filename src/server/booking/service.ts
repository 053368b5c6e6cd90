import type { Kysely } from 'kysely';
import type {
  Booking,
  BookingCreated,
  BookingPlanRequest,
  BookingRequest,
  ManagedBooking,
  ManagedBookingResponse,
  RescheduleRequest,
} from '../../core/schemas/booking.js';
import {
  claimKey,
  completeKey,
  KEY_PATTERN,
  purgeKeys,
  releaseKey,
  requestHash,
  type Claim,
} from '../db/idempotency.js';
import { hitRateLimit, purgeRateLimits } from '../db/rate-limit.js';
import type { Database, Dialect } from '../db/schema.js';
import { OverlapError, writeTransaction } from '../db/transaction.js';
import { ContractError } from '../http/errors.js';
import type { Deferred } from '../http/validate.js';
import type { Practice, Practitioner, Service } from '../practice.js';
import { bookingCalendar } from './calendar.js';
import { BookingError } from './errors.js';
import type { BookingRecord, LinkBase } from './records.js';
import {
  isOnSlotGrid,
  lastBookableDay,
  parseRequestedStart,
  validateRequestedStart,
  type Interval,
  type StartRejection,
} from './slots.js';
import {
  bumpCalendarVersion,
  busyIntervals,
  lockCalendars,
  newId,
  newManageToken,
  toRecord,
  tokenMatches,
  type BookingRow,
} from './store.js';
import { addDays, dayInZone, isValidTimeZone, wallMinutesInZone, wallMinutesToInstant } from './time.js';

/**
 * The booking feature's service: one function per request (`postBooking`, `clientBooking`, `clientCalendarFile`,
 * `cancelBooking`, `rescheduleBooking`; availability and the owner's list live in availability.ts and owner.ts).
 * Every refusal is thrown as a BookingError, which app.ts answers in the contract's shape.
 */

export { BookingError } from './errors.js';

export const MINUTE = 60_000;
export const DAY = 86_400_000;

export interface BookingDeps {
  db: Kysely<Database>;
  dialect: Dialect;
  practice: Practice;
  now: () => Date;
  /** Writes the mail each change causes, inside that change's transaction (booking/mail.ts); none when absent. */
  mail?: BookingMail;
  /**
   * The revision of `practice` and where it is stored (app.ts: the PracticeStore), so that a write judged with a copy
   * that another process has since replaced is judged again with the new one ({@link followPractice}). Absent (deps
   * built without a store): the practice is taken as it is.
   */
  practiceRevision?: PracticeRevision;
}

/** How the booking writers see the practice's revision: `deps.practice` is the held copy (practice-store.ts). */
export interface PracticeRevision {
  /** The revision of the copy `deps.practice` answers now. */
  held(): number;
  /** The stored revision, read through the write transaction `trx` (one primary-key read). */
  stored(trx: Kysely<Database>): Promise<number>;
  /** Reads the stored document through `trx` and makes it the held copy. */
  refresh(trx: Kysely<Database>): Promise<void>;
}

/**
 * Inside a booking writer's transaction, AFTER its calendar locks: makes `deps.practice` the stored practice, and
 * says whether it changed. A practice change (PracticeStore.replace) takes the same locks, so by now it has either
 * committed, and is read here, or it waits for this transaction and then lists what it wrote among the bookings the
 * change affects. Without this, a request whose process read the revision just before another process committed a
 * change would be judged with the old hours and services, and booked where the new ones close. Costs one
 * primary-key read; the document is read only when it changed.
 */
export async function followPractice(trx: Kysely<Database>, deps: BookingDeps): Promise<boolean> {
  const revision = deps.practiceRevision;
  if (!revision || (await revision.stored(trx)) <= revision.held()) return false;
  await revision.refresh(trx);
  return true;
}

/** `deps` with the practice held now, so that one judgement never sees two copies (a getter may change meanwhile). */
const heldNow = (deps: BookingDeps): BookingDeps => ({ ...deps, practice: deps.practice });

/**
 * The mail of booking changes, written to the outbox through the change's own transaction `trx`: committed with the
 * change or not at all. Implemented in booking/mail.ts (the one place booking mail is sent from).
 */
export interface BookingMail {
  created(trx: Kysely<Database>, created: CreatedBooking, owner?: OwnerMail): Promise<void>;
  cancelled(trx: Kysely<Database>, record: BookingRecord, owner?: OwnerMail): Promise<void>;
  moved(trx: Kysely<Database>, record: BookingRecord, previousStart: Date, owner?: OwnerMail): Promise<void>;
}

/**
 * A change the owner made in the console: only the client is written to (the owner knows), with the owner's message,
 * held in the outbox until `notBefore` (the undo window) under `ref`; `notify: false` writes the client nothing.
 */
export interface OwnerMail {
  notify: boolean;
  message?: string;
  notBefore: Date;
  ref: string;
}

export const iso = (ms: number | Date) => new Date(ms).toISOString();

export function findService(practice: Practice, id: string): Service {
  const service = practice.services.find((s) => s.id === id);
  if (!service) {
    throw new BookingError(404, 'unknown_service', `There is no service "${id.slice(0, 64)}" at ${practice.name}.`, {
      serviceId: 'Choose a service from the list',
    });
  }
  return service;
}

export function checkZone(zone: string, field: string): void {
  if (!isValidTimeZone(zone)) {
    throw new BookingError(400, 'invalid_request', 'Some fields need attention.', {
      [field]: `"${zone.slice(0, 64)}" is not a time zone; use an IANA name like Europe/London`,
    });
  }
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

export function conflictError(conflicts: string[], series: boolean): BookingError {
  const message = series
    ? `${conflicts.length === 1 ? 'One session' : `${conflicts.length} sessions`} of this series cannot be booked: the time is taken or the practice is closed then. Nothing was booked.`
    : 'Sorry, that time has just been taken. Please choose another time.';
  return new BookingError(409, 'slot_unavailable', message, undefined, { conflicts });
}

/** Where a plan session's start is judged: `plan.sessions.<i>.start`. */
const sessionField = (index: number) => `plan.sessions.${index}.start`;

/** One session of a plan, parsed. */
interface PlanSession {
  index: number;
  service: Service;
  instant: Date;
}

/**
 * Finds a practitioner for whom every session of a plan is a free grid slot within its service's window, not
 * overlapping another session of the plan, or lists the conflicting starts. A session's own reason (off the grid, too
 * soon, beyond the horizon) is given with its field, like a single booking's.
 */
async function fitPlan(
  trx: Kysely<Database>,
  deps: BookingDeps,
  sessions: PlanSession[],
): Promise<
  | { ok: true; practitioner: Practitioner }
  | { ok: false; conflicts: string[]; reason?: [Exclude<StartRejection, 'unavailable'>, number] }
> {
  const now = deps.now();
  let best: string[] | undefined;
  let firstReason: [Exclude<StartRejection, 'unavailable'>, number] | undefined;
  const times = sessions.map((x) => x.instant.getTime());
  const from = Math.min(...times) - DAY;
  const to = Math.max(...times) + DAY;
  practitioners: for (const practitioner of deps.practice.practitioners) {
    // Offered at all (open, on the grid, in the window), judged without the calendar.
    const offered = new Set<number>();
    for (const x of sessions) {
      const alone = validateRequestedStart({ practitioner, service: x.service, start: x.instant, now, busy: [] });
      if (alone.ok) offered.add(x.index);
      else if (alone.reason !== 'unavailable') {
        firstReason ??= [alone.reason, x.index];
        continue practitioners;
      }
    }
    const busy = await busyIntervals(trx, practitioner.id, from, to);
    const taken: Interval[] = [...busy];
    const conflicts: string[] = [];
    for (const x of sessions) {
      const h = held(x.service, x.instant.getTime());
      if (!offered.has(x.index) || overlapsBusy(taken, h.blockStart, h.blockEnd)) conflicts.push(iso(x.instant));
      else taken.push({ start: new Date(h.blockStart), end: new Date(h.blockEnd) });
    }
    if (conflicts.length === 0) return { ok: true, practitioner };
    if (!best || conflicts.length < best.length) best = conflicts;
  }
  if (!best && firstReason) return { ok: false, conflicts: [], reason: firstReason };
  return { ok: false, conflicts: best ?? [] };
}

function planConflictError(conflicts: string[]): BookingError {
  return new BookingError(
    409,
    'slot_unavailable',
    `${conflicts.length === 1 ? 'One session' : `${conflicts.length} sessions`} of this plan cannot be booked: the time is taken or the practice is closed then. Nothing was booked.`,
    undefined,
    { conflicts },
  );
}

export interface CreatedBooking {
  records: BookingRecord[];
  manageToken: string;
  body: BookingCreated;
}

/** A booking request checked as far as possible without the database (throws BookingError). */
export interface PreparedBooking {
  input: BookingRequest;
  service: Service;
  instant: Date;
}

/** A plan request checked as far as possible without the database: its sessions by start. */
export interface PreparedPlan {
  input: BookingPlanRequest;
  sessions: PlanSession[];
}

export function prepareBooking(deps: BookingDeps, input: BookingRequest): PreparedBooking {
  const service = findService(deps.practice, input.serviceId);
  checkZone(input.timeZone, 'timeZone');
  const parsed = parseRequestedStart(input.start, input.timeZone);
  if (!parsed.ok) throw startRefusal(parsed.reason === 'unavailable' ? 'invalid_start' : parsed.reason);
  return { input, service, instant: parsed.instant };
}

/** Every session's service and start, each refusal naming its session (`plan.sessions.2.start`). */
export function preparePlan(deps: BookingDeps, input: BookingPlanRequest): PreparedPlan {
  checkZone(input.timeZone, 'timeZone');
  const sessions = input.plan.sessions.map((session, index): PlanSession => {
    const service = planService(deps.practice, session.serviceId, index);
    const parsed = parseRequestedStart(session.start, input.timeZone);
    if (!parsed.ok)
      throw startRefusal(parsed.reason === 'unavailable' ? 'invalid_start' : parsed.reason, sessionField(index));
    return { index, service, instant: parsed.instant };
  });
  return { input, sessions: sessions.sort((a, b) => a.instant.getTime() - b.instant.getTime()) };
}

/** The service of plan session `index`, or 404 `unknown_service` naming the session's field. */
function planService(practice: Practice, id: string, index: number): Service {
  const service = practice.services.find((s) => s.id === id);
  if (!service) {
    throw new BookingError(404, 'unknown_service', `There is no service "${id.slice(0, 64)}" at ${practice.name}.`, {
      [`plan.sessions.${index}.serviceId`]: 'Choose a service from the list',
    });
  }
  return service;
}

/** `prepared` with its services looked up again by id in `practice` (404 `unknown_service` if one is gone). */
function withServicesOf<P extends PreparedBooking | PreparedPlan>(practice: Practice, prepared: P): P {
  if (isPlan(prepared)) {
    return {
      ...prepared,
      sessions: prepared.sessions.map((x) => ({ ...x, service: planService(practice, x.service.id, x.index) })),
    };
  }
  return { ...prepared, service: findService(practice, (prepared as PreparedBooking).service.id) };
}

const isPlan = (prepared: PreparedBooking | PreparedPlan): prepared is PreparedPlan => 'sessions' in prepared;

/**
 * Inside a write transaction: finds a practitioner for whom every occurrence is free and inserts them all, or
 * throws BookingError (409 with the conflicting starts) having written nothing. The database's own overlap check
 * (exclusion constraint / trigger) backs this up against any writer that slips past the read.
 */
export async function insertBooking(
  trx: Kysely<Database>,
  deps: BookingDeps,
  prepared: PreparedBooking | PreparedPlan,
  source: 'widget' | 'owner' = 'widget',
): Promise<CreatedBooking> {
  const { input } = prepared;
  const locked = deps.practice.practitioners.map((p) => p.id);
  await lockCalendars(trx, deps.dialect, locked);
  if (await followPractice(trx, deps)) {
    // Practitioners the newer practice added are locked too (rare; a deadlock this could cause is retried).
    const added = deps.practice.practitioners.map((p) => p.id).filter((id) => !locked.includes(id));
    await lockCalendars(trx, deps.dialect, added);
  }
  // Judged with the practice held now, not the copy the request was first checked with (services looked up again).
  deps = heldNow(deps);
  prepared = withServicesOf(deps.practice, prepared);
  let practitioner: Practitioner;
  let sessions: { service: Service; start: number }[];
  if (isPlan(prepared)) {
    const fit = await fitPlan(trx, deps, prepared.sessions);
    if (!fit.ok) {
      if (fit.reason) throw startRefusal(fit.reason[0], sessionField(fit.reason[1]));
      throw planConflictError(fit.conflicts);
    }
    practitioner = fit.practitioner;
    sessions = prepared.sessions.map((x) => ({ service: x.service, start: x.instant.getTime() }));
  } else {
    const { service, instant } = prepared;
    const series = prepared.input.series;
    const result = await plan(trx, deps, service, instant, series);
    if (!result.ok) {
      if (result.reason) throw startRefusal(result.reason);
      throw conflictError(result.conflicts, !!series);
    }
    practitioner = result.plan.practitioner;
    sessions = result.plan.starts.map((start) => ({ service, start }));
  }
  const { token, hash } = newManageToken();
  // A series and a plan share one series id (the manage page lists them together) and one manage token.
  const seriesId = isPlan(prepared) || prepared.input.series ? newId('sr') : null;
  const nowIso = deps.now().toISOString();
  const rows: BookingRow[] = sessions.map(({ service, start }) => {
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
      source,
      attendance: null,
      cancel_message: null,
      series_kind: seriesId ? (isPlan(prepared) ? 'plan' : 'series') : null,
      created_ms: deps.now().getTime(),
      cancelled_ms: null,
      cancelled_by: null,
      price_amount: service.price?.amount ?? null,
      price_currency: service.price?.currency ?? null,
    };
  });
  await trx.insertInto('bookings').values(rows).execute();
  await bumpCalendarVersion(trx, practitioner.id);
  const records = rows.map(toRecord);
  const first = records[0]!;
  const booking: Booking = {
    id: first.id,
    status: first.status,
    serviceId: first.serviceId,
    start: iso(first.start),
    end: iso(first.end),
  };
  if (seriesId) {
    booking.seriesId = seriesId;
    booking.series = records.map((r) => ({ id: r.id, serviceId: r.serviceId, start: iso(r.start), end: iso(r.end) }));
  }
  const created: CreatedBooking = { records, manageToken: token, body: { booking, manageToken: token } };
  return created;
}

/** Maps the database refusing an overlap (after the retries) to the contract's 409. */
export function overlapAsConflict(error: unknown, prepared: PreparedBooking | PreparedPlan): unknown {
  if (!(error instanceof OverlapError)) return error;
  if (isPlan(prepared)) return planConflictError(prepared.sessions.map((x) => iso(x.instant)));
  return conflictError([iso(prepared.instant)], !!prepared.input.series);
}

// ————— The booking post —————

/** What a booking post brings: its Idempotency-Key header, its checked body and who sent it. */
export interface BookingPost {
  key: string | undefined;
  body: Deferred<BookingRequest | BookingPlanRequest>;
  /** The rate-limit bucket of the sender (`booking:<client IP>`) and posts allowed per minute. */
  bucket: string;
  rateLimit: number;
}

/** A booking made now, or the first answer to the same key replayed. */
export type PostedBooking =
  { replayed: false; created: CreatedBooking } | { replayed: true; status: number; body: string };

/** The refusals that need no database: key, body and start checks, answered only once the attempt is counted. */
function checkPost(
  deps: BookingDeps,
  post: BookingPost,
): { prepared: PreparedBooking | PreparedPlan; key: string; hash: string } {
  const key = post.key?.trim() ?? '';
  if (!key) {
    throw new ContractError(
      400,
      'idempotency_key_required',
      'Send an Idempotency-Key header (a unique value per booking attempt) so a retry never books twice.',
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw new ContractError(400, 'invalid_request', 'The Idempotency-Key header is not valid.', {
      'Idempotency-Key': 'Use 1 to 255 visible characters, such as a UUID',
    });
  }
  if (!post.body.ok) throw post.body.error;
  const data = post.body.data;
  const prepared = 'plan' in data ? preparePlan(deps, data) : prepareBooking(deps, data);
  return { prepared, key, hash: requestHash('POST /api/v1/bookings', post.body.input) };
}

function claimRefusal(claim: Exclude<Claim, { kind: 'claimed' | 'replay' }>): ContractError {
  return claim.kind === 'reused'
    ? new ContractError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different booking; use a new key for a new booking.',
      )
    : new ContractError(
        409,
        'request_in_progress',
        'This booking is still being made; wait a moment and try again with the same key.',
      );
}

/**
 * `POST /api/v1/bookings`: counts the attempt in the sender's rate limit, then (if the post is valid) claims the
 * Idempotency-Key, books and records the answer under the key. The count comes first, before any refusal is given,
 * so that a flood of invalid posts is limited like valid ones; it is the one write a refused post leaves behind.
 * Throws ContractError for every refusal (nothing else written).
 */
export async function postBooking(deps: BookingDeps, post: BookingPost): Promise<PostedBooking> {
  const { db } = deps;
  const now = deps.now().getTime();
  // One in a hundred posts tidies expired rate windows and idempotency keys.
  if (Math.random() < 0.01) await Promise.all([purgeRateLimits(db, now), purgeKeys(db, now)]);
  let checked: ReturnType<typeof checkPost> | ContractError;
  try {
    checked = checkPost(deps, post);
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    checked = error;
  }
  const limited = (retryAfterSeconds: number) =>
    new ContractError(
      429,
      'too_many_requests',
      `Too many booking attempts from your connection; please wait ${retryAfterSeconds} seconds and try again.`,
      undefined,
      undefined,
      { 'Retry-After': String(retryAfterSeconds) },
    );

  if (deps.dialect === 'sqlite') {
    // SQLite has one writer at a time anyway: count, claim, book and record the key in ONE BEGIN IMMEDIATE
    // transaction, so a booking costs one disk sync. A duplicate key waiting behind it then sees the result.
    // Refusals are returned, not thrown, so that the count and the released key commit with the transaction.
    const outcome = await writeTransaction(db, 'sqlite', async (trx): Promise<PostedBooking | ContractError> => {
      const rate = await hitRateLimit(trx, post.bucket, post.rateLimit, now);
      if (!rate.allowed) return limited(rate.retryAfterSeconds);
      if (checked instanceof ContractError) return checked;
      const claim = await claimKey(trx, checked.key, checked.hash, now);
      if (claim.kind === 'replay') return { replayed: true, status: claim.status, body: claim.body };
      if (claim.kind !== 'claimed') return claimRefusal(claim);
      try {
        const created = await insertBooking(trx, deps, checked.prepared);
        await deps.mail?.created(trx, created);
        await completeKey(trx, checked.key, 201, JSON.stringify(created.body));
        return { replayed: false, created };
      } catch (error) {
        if (!(error instanceof BookingError)) throw error;
        await releaseKey(trx, checked.key);
        return error;
      }
    }).catch((error: unknown) => {
      throw checked instanceof ContractError ? error : overlapAsConflict(error, checked.prepared);
    });
    if (outcome instanceof ContractError) throw outcome;
    return outcome;
  }

  // PostgreSQL, possibly several processes: the claim must be visible to the others while the booking is made.
  const rate = await hitRateLimit(db, post.bucket, post.rateLimit, now);
  if (!rate.allowed) throw limited(rate.retryAfterSeconds);
  if (checked instanceof ContractError) throw checked;
  const { key, hash, prepared } = checked;
  const claim = await claimKey(db, key, hash, now);
  if (claim.kind === 'replay') return { replayed: true, status: claim.status, body: claim.body };
  if (claim.kind !== 'claimed') throw claimRefusal(claim);
  try {
    const created = await writeTransaction(db, deps.dialect, async (trx) => {
      const made = await insertBooking(trx, deps, prepared);
      await deps.mail?.created(trx, made);
      await completeKey(trx, key, 201, JSON.stringify(made.body));
      return made;
    });
    return { replayed: false, created };
  } catch (error) {
    await releaseKey(db, key).catch(() => {});
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
export function publicBooking(deps: BookingDeps, record: BookingRecord, series?: BookingRecord[]): ManagedBooking {
  const service = deps.practice.services.find((s) => s.id === record.serviceId);
  const deadline = changeDeadline(deps.practice, record);
  const body: ManagedBooking = {
    id: record.id,
    status: record.status,
    serviceId: record.serviceId,
    serviceName: service?.name ?? record.serviceId,
    start: iso(record.start),
    end: iso(record.end),
    timeZone: record.clientTimeZone,
    practiceTimeZone: deps.practice.timeZone,
    practice: {
      name: deps.practice.name,
      ...(deps.practice.address ? { address: deps.practice.address } : {}),
      ...(deps.practice.phone ? { phone: deps.practice.phone } : {}),
      ...(deps.practice.email ? { email: deps.practice.email } : {}),
    },
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
    if (series)
      body.series = series.map((r) => ({
        id: r.id,
        status: r.status,
        start: iso(r.start),
        end: iso(r.end),
        serviceId: r.serviceId,
        serviceName: deps.practice.services.find((s) => s.id === r.serviceId)?.name ?? r.serviceId,
      }));
  }
  return body;
}

/** `GET /api/v1/bookings/<id>`: the booking, and the whole series it belongs to, for the holder of its manage token. */
export async function clientBooking(
  deps: BookingDeps,
  id: string,
  token: string | undefined,
): Promise<ManagedBookingResponse> {
  const record = await authorisedBooking(deps.db, id, token);
  const series = record.seriesId ? await seriesOf(deps.db, record) : undefined;
  return { booking: publicBooking(deps, record, series) };
}

/** `GET /api/v1/bookings/<id>/calendar.ics`: the booking as an iCalendar file. */
export async function clientCalendarFile(
  deps: BookingDeps,
  id: string,
  token: string | undefined,
  base: LinkBase,
  all = false,
): Promise<string> {
  const record = await authorisedBooking(deps.db, id, token);
  // `all`: every confirmed session of its series or plan (one "Add all to calendar" download), each its own UID.
  const records =
    all && record.seriesId ? (await seriesOf(deps.db, record)).filter((r) => r.status === 'confirmed') : [record];
  return bookingCalendar(records.length ? records : [record], { practice: deps.practice, base, method: 'PUBLISH' });
}

/** What a cancel or a move did: the answer for the client, and what the change emails need. */
export interface ManageOutcome {
  answer: ManagedBookingResponse;
  record: BookingRecord;
  /** The start before a move (the same as `record.start` otherwise). */
  previousStart: Date;
  /** False when nothing changed (already cancelled, moved to the same time): no email then. */
  changed: boolean;
}

const managed = (deps: BookingDeps, record: BookingRecord, previousStart: Date, changed: boolean): ManageOutcome => ({
  answer: { booking: publicBooking(deps, record) },
  record,
  previousStart,
  changed,
});

/** Cancels one booking (idempotent: cancelling a cancelled booking changes nothing). */
export async function cancelBooking(deps: BookingDeps, id: string, token: string | undefined): Promise<ManageOutcome> {
  const current = await authorisedBooking(deps.db, id, token);
  if (current.status === 'cancelled') return managed(deps, current, current.start, false);
  assertNotTooLate(deps, current, 'cancelled');
  const { record, changed } = await writeTransaction(deps.db, deps.dialect, (trx) => cancelWithin(trx, deps, id));
  return managed(deps, record, current.start, changed);
}

/**
 * Inside a write transaction: cancels booking `id` if it is confirmed (SEQUENCE + 1, the calendar version bumped, the
 * mail written), keeping the owner's `message` when the owner cancels. `changed` false: it was already cancelled.
 */
export async function cancelWithin(
  trx: Kysely<Database>,
  deps: BookingDeps,
  id: string,
  owner?: OwnerMail,
): Promise<{ record: BookingRecord; changed: boolean }> {
  const updated = await trx
    .updateTable('bookings')
    .set((eb) => ({
      status: 'cancelled',
      sequence: eb('sequence', '+', 1),
      updated_at: deps.now().toISOString(),
      cancelled_ms: deps.now().getTime(),
      cancelled_by: owner ? 'owner' : 'client',
      ...(owner?.message?.trim() ? { cancel_message: owner.message.trim() } : {}),
    }))
    .where('id', '=', id)
    .where('status', '=', 'confirmed')
    .returningAll()
    .executeTakeFirst();
  if (!updated) {
    const row = await trx.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { record: toRecord(row), changed: false };
  }
  await bumpCalendarVersion(trx, updated.practitioner_id);
  const record = toRecord(updated);
  await deps.mail?.cancelled(trx, record, owner);
  return { record, changed: true };
}

/**
 * Moves a booking to a new start with the same practitioner, in one statement: the old time is freed only if the new
 * one is taken (the database refuses the update when the new time overlaps another booking).
 */
export async function rescheduleBooking(
  deps: BookingDeps,
  id: string,
  token: string | undefined,
  body: Deferred<RescheduleRequest>,
): Promise<ManageOutcome> {
  // Authorised before the body is judged, so a stranger learns nothing about the id.
  const current = await authorisedBooking(deps.db, id, token);
  if (!body.ok) throw body.error;
  const newStart = body.data.start;
  if (current.status === 'cancelled') {
    throw new BookingError(
      409,
      'booking_cancelled',
      'This booking was cancelled, so it cannot be moved. Book a new time instead.',
    );
  }
  assertNotTooLate(deps, current, 'moved');
  const parsed = parseRequestedStart(newStart, current.clientTimeZone);
  if (!parsed.ok) throw startRefusal(parsed.reason === 'unavailable' ? 'invalid_start' : parsed.reason);
  if (parsed.instant.getTime() === current.start.getTime()) return managed(deps, current, current.start, false);
  try {
    // The notice is judged again with the practice held once the calendar is locked (it may have changed).
    const record = await writeTransaction(deps.db, deps.dialect, (trx) =>
      moveWithin(trx, deps, current, parsed.instant, undefined, (fresh) => assertNotTooLate(fresh, current, 'moved')),
    );
    return managed(deps, record, current.start, true);
  } catch (error) {
    if (error instanceof OverlapError) throw conflictError([iso(parsed.instant)], false);
    throw error;
  }
}

/**
 * Inside a write transaction: moves `current` to `instant` with the same practitioner, in one statement (the old time
 * is freed only if the new one is taken: the database refuses an update that overlaps another booking). Refusals as
 * the booking post's (off the grid, outside the window, 409 with the start); the mail is written. Judged with the
 * practice as stored once the calendar is locked ({@link followPractice}); `judge` adds the caller's own checks then.
 */
export async function moveWithin(
  trx: Kysely<Database>,
  deps: BookingDeps,
  current: BookingRecord,
  instant: Date,
  owner?: OwnerMail,
  judge?: (deps: BookingDeps) => void,
): Promise<BookingRecord> {
  const practitionerIn = (practice: Practice) =>
    practice.practitioners.find((p) => p.id === current.practitionerId) ?? practice.practitioners[0]!;
  const locked = practitionerIn(deps.practice).id;
  await lockCalendars(trx, deps.dialect, [locked]);
  await followPractice(trx, deps);
  deps = heldNow(deps);
  judge?.(deps);
  const service = findService(deps.practice, current.serviceId);
  const practitioner = practitionerIn(deps.practice);
  if (practitioner.id !== locked) await lockCalendars(trx, deps.dialect, [practitioner.id]);
  const result = await plan(trx, deps, service, instant, undefined, [current.id], practitioner);
  if (!result.ok) {
    if (result.reason) throw startRefusal(result.reason);
    throw conflictError(result.conflicts, false);
  }
  const start = instant.getTime();
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
    .where('id', '=', current.id)
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
  const record = toRecord(updated);
  await deps.mail?.moved(trx, record, current.start, owner);
  return record;
}
