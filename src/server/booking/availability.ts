import type { AvailabilityQuery, AvailabilityResponse } from '../../core/schemas/booking.js';
import { BookingError } from './errors.js';
import { DAY, findService, iso, MINUTE, type BookingDeps } from './service.js';
import { computeSlots, type Interval } from './slots.js';
import { busyIntervals, freshCalendarStamp } from './store.js';
import { addDays, dayInZone, daysBetween, isValidDay, isValidTimeZone, wallBoundaryToInstant } from './time.js';

/** Widest availability request, in days between `from` and `to`. */
export const MAX_AVAILABILITY_DAYS = 62;

interface CachedAvailability<T> {
  stamp: string;
  validUntil: number;
  /** The answer, computed once for every request that asked while it was being computed. */
  body: Promise<T>;
}

/**
 * Availability answers already computed, by query. An entry is served only while the calendar versions it was
 * computed against are unchanged (one tiny query per request, shared by every process through the database) and
 * time has not yet made it wrong (the first offered slot slipping inside the notice, the horizon moving at midnight).
 * Requests that arrive while an answer is being computed wait for that one instead of computing it again, so a burst
 * right after a booking changes the calendar costs one computation, not fifty.
 */
export class AvailabilityCache<T> {
  readonly #entries = new Map<string, CachedAvailability<T>>();
  constructor(readonly maxEntries = 500) {}

  get(key: string, stamp: string, now: number): Promise<T> | undefined {
    const hit = this.#entries.get(key);
    if (!hit || hit.stamp !== stamp || now >= hit.validUntil) return undefined;
    this.#entries.delete(key); // keep recently used entries last
    this.#entries.set(key, hit);
    return hit.body;
  }

  set(key: string, entry: CachedAvailability<T>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: string, entry: CachedAvailability<T>): void {
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }
}

const practiceKeys = new WeakMap<object, number>();
let lastPracticeKey = 0;
/** A number for each practice object (each document a process reads is a new object). */
function practiceKey(practice: object): number {
  let key = practiceKeys.get(practice);
  if (key === undefined) practiceKeys.set(practice, (key = ++lastPracticeKey));
  return key;
}

/**
 * {@link availability}, made ready to send by `encode` (the route turns it into compressed bytes), served from `cache`
 * while it is still exactly right.
 */
export async function availabilityBody<T>(
  deps: BookingDeps,
  query: AvailabilityQuery,
  cache: AvailabilityCache<T>,
  encode: (answer: AvailabilityResponse) => T,
): Promise<T> {
  const key = `${query.service}|${query.from}|${query.to}|${query.timeZone ?? ''}`;
  // The practice is part of the stamp: a change of it raises the calendar versions too, but a process may read the new
  // versions while still holding the old practice (its refresh ran just before the change committed); the answer it
  // computes then is kept under the old practice and never served once the new one is held.
  const stamp = `${practiceKey(deps.practice)}|${await freshCalendarStamp(deps.db)}`;
  const now = deps.now().getTime();
  const hit = cache.get(key, stamp, now);
  if (hit !== undefined) return hit;
  // Until computed, the entry may serve only this instant's requests; the real expiry is set once the slots are known.
  const entry: CachedAvailability<T> = { stamp, validUntil: now + 1_000, body: Promise.resolve(undefined as never) };
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
    return encode(result);
  })();
  entry.body.catch(() => cache.delete(key, entry)); // a refusal (bad day, unknown service) is not kept
  cache.set(key, entry);
  return entry.body;
}

/** Free slots of a service for days `from`..`to` (inclusive) in `zone`, merged over practitioners, sorted by start. */
export async function availability(deps: BookingDeps, query: AvailabilityQuery): Promise<AvailabilityResponse> {
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
