/**
 * The pure availability engine: which start times a practitioner can offer for a service.
 *
 * Rules (all wall-clock times are in the practitioner's zone):
 * - A day's opening windows are its weekly hours, or a dated exception's hours when one exists (empty = closed).
 * - Slot starts are wall times on the service's interval grid, counted from each window's start. A wall time that
 *   does not exist (spring-forward gap) is never offered; one that repeats (fall-back) is offered once, at its first
 *   occurrence. The service's whole duration (real elapsed minutes) must fit inside the window.
 * - A slot blocks [start − bufferBefore, end + bufferAfter); it is offered only if that overlaps no busy interval
 *   (half-open intervals; busy intervals already include their own buffers).
 * - start ≥ now + minNotice, and the day ≤ today (in the zone) + horizonDays.
 */
import type { Practitioner, Service } from '../practice.js';
import {
  addDays,
  clockToMinutes,
  dayInZone,
  daysBetween,
  isValidTimeZone,
  offsetsAroundDay,
  parseDay,
  wallBoundaryToInstant,
  wallMinutesInZone,
  wallTimeOccurrences,
  weekdayOf,
} from './time.js';

export interface Interval {
  start: Date;
  end: Date;
}

export type SlotPractitioner = Pick<Practitioner, 'timeZone' | 'hours' | 'exceptions'>;
export type SlotService = Pick<
  Service,
  | 'durationMinutes'
  | 'bufferBeforeMinutes'
  | 'bufferAfterMinutes'
  | 'slotIntervalMinutes'
  | 'minNoticeHours'
  | 'horizonDays'
>;

export interface ComputeSlotsInput {
  practitioner: SlotPractitioner;
  service: SlotService;
  /** First day, `YYYY-MM-DD` in the practitioner's zone (inclusive). */
  fromDay: string;
  /** Last day, `YYYY-MM-DD` in the practitioner's zone (inclusive). */
  toDay: string;
  now: Date;
  /** Existing bookings and blocks, buffers included; any order, may overlap. */
  busy: readonly Interval[];
}

const MINUTE = 60_000;

function ymd(day: string): [number, number, number] {
  const [y, m, d] = parseDay(day)!;
  return [y, m - 1, d];
}

/** Opening windows of one day as `[startMinute, endMinute]` wall-clock pairs (end may be 1440). */
export function windowsForDay(practitioner: SlotPractitioner, day: string): [number, number][] {
  let hours: readonly (readonly [string, string])[] | undefined;
  for (const exception of practitioner.exceptions ?? []) if (exception.date === day) hours = exception.hours;
  hours ??= practitioner.hours[weekdayOf(day)] ?? [];
  const windows: [number, number][] = [];
  for (const [from, to] of hours) {
    const start = clockToMinutes(from);
    const end = clockToMinutes(to);
    if (start === null || end === null || end <= start) continue;
    windows.push([start, end]);
  }
  return windows;
}

/**
 * Every grid start of one day in chronological order, ignoring notice, horizon and busy time.
 * `onCandidate(startMs, endMs)` is called once per candidate.
 */
function forEachGridStart(
  practitioner: SlotPractitioner,
  service: SlotService,
  day: string,
  onCandidate: (startMs: number, endMs: number) => void,
): void {
  const zone = practitioner.timeZone;
  const windows = windowsForDay(practitioner, day);
  if (windows.length === 0) return;
  const offsets = offsetsAroundDay(day, zone);
  const step = service.slotIntervalMinutes;
  const duration = service.durationMinutes * MINUTE;
  let previous = -Infinity;
  for (const [from, to] of windows) {
    const windowStart = wallBoundaryToInstant(day, from, zone, offsets);
    // 24:00 is read as minute 1440 of this day (the offsets cover the next midnight): naming the next day fails
    // after 9999-12-31, which a start in the last year a date can hold reached (a 500 the fuzz test found).
    const windowEnd = wallBoundaryToInstant(day, to, zone, offsets);
    // Days without a clock change (all but a few a year): wall minute → instant is one subtraction.
    const base = offsets.length === 1 ? Date.UTC(...ymd(day)) - offsets[0]! : undefined;
    for (let minute = from; minute < to; minute += step) {
      const first = base !== undefined ? base + minute * MINUTE : wallTimeOccurrences(day, minute, zone, offsets)[0];
      if (first === undefined) continue; // spring-forward gap: this local time does not exist
      if (first < windowStart || first <= previous) continue;
      const end = first + duration;
      if (end > windowEnd) break; // later grid times end later still
      previous = first;
      onCandidate(first, end);
    }
  }
}

/** Sorted, merged (disjoint, non-touching irrelevant) copy of busy intervals as ms pairs. */
function mergeBusy(busy: readonly Interval[]): [number, number][] {
  const list = busy
    .map((b) => [b.start.getTime(), b.end.getTime()] as [number, number])
    .filter(([s, e]) => Number.isFinite(s) && Number.isFinite(e) && e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const interval of list) {
    const last = merged[merged.length - 1];
    if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push([interval[0], interval[1]]);
  }
  return merged;
}

/** The last day the service may be booked on, counted from `now` in the practitioner's zone. */
export function lastBookableDay(practitioner: SlotPractitioner, service: SlotService, now: Date): string {
  return addDays(dayInZone(now, practitioner.timeZone), service.horizonDays);
}

/** Offered slots from `fromDay` to `toDay` inclusive, sorted by start. Cost: O(days + slots + busy log busy). */
export function computeSlots(input: ComputeSlotsInput): Interval[] {
  const { practitioner, service, fromDay, toDay, now, busy } = input;
  if (!parseDay(fromDay) || !parseDay(toDay)) throw new RangeError(`Bad day range ${fromDay}..${toDay}`);
  const zone = practitioner.timeZone;
  const earliest = now.getTime() + service.minNoticeHours * 3_600_000;
  const horizon = lastBookableDay(practitioner, service, now);
  const last = daysBetween(horizon, toDay) > 0 ? horizon : toDay;
  const before = service.bufferBeforeMinutes * MINUTE;
  const after = service.bufferAfterMinutes * MINUTE;
  const blocks = mergeBusy(busy);
  let cursor = 0;
  const slots: Interval[] = [];
  const dayCount = daysBetween(fromDay, last);
  const earliestDay = dayInZone(new Date(earliest), zone);
  for (let i = 0; i <= dayCount; i++) {
    const day = addDays(fromDay, i);
    // A whole day before the notice cut-off (and before today) cannot hold a slot; skip it cheaply.
    if (daysBetween(day, earliestDay) > 1) continue;
    forEachGridStart(practitioner, service, day, (start, end) => {
      if (start < earliest) return;
      const blockStart = start - before;
      const blockEnd = end + after;
      while (cursor < blocks.length && blocks[cursor]![1] <= blockStart) cursor++;
      const block = blocks[cursor];
      if (block && block[0] < blockEnd) return;
      slots.push({ start: new Date(start), end: new Date(end) });
    });
  }
  return slots;
}

export type StartRejection =
  | 'invalid_start' // not a date-time we can read
  | 'nonexistent_local_time' // a local time skipped by a daylight-saving change
  | 'off_grid' // not a slot start of the service on that day (outside hours, off the interval grid, closed day)
  | 'too_soon' // inside the minimum notice
  | 'beyond_horizon' // after the last bookable day
  | 'unavailable'; // overlaps busy time

export type StartCheck = { ok: true; slot: Interval } | { ok: false; reason: StartRejection };

const LOCAL_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads a posted start: an ISO instant with `Z` or an offset, or a local `YYYY-MM-DDTHH:MM[:SS]` in `zone`.
 * Local times that do not exist give `nonexistent_local_time`; repeated ones mean their first occurrence.
 */
export function parseRequestedStart(
  start: string | Date,
  zone: string,
): { ok: true; instant: Date } | { ok: false; reason: StartRejection } {
  if (start instanceof Date) {
    return Number.isNaN(start.getTime()) ? { ok: false, reason: 'invalid_start' } : { ok: true, instant: start };
  }
  if (typeof start !== 'string') return { ok: false, reason: 'invalid_start' };
  const local = LOCAL_PATTERN.exec(start);
  if (local) {
    if (!isValidTimeZone(zone)) return { ok: false, reason: 'invalid_start' };
    const [, day, hh, mm, ss, frac] = local;
    const hour = Number(hh);
    const minute = Number(mm);
    if (!parseDay(day!) || hour > 23 || minute > 59 || Number(ss ?? 0) > 59)
      return { ok: false, reason: 'invalid_start' };
    if (Number(ss ?? 0) !== 0 || Number(frac ?? 0) !== 0) return { ok: false, reason: 'off_grid' };
    const first = wallTimeOccurrences(day!, hour * 60 + minute, zone)[0];
    return first === undefined
      ? { ok: false, reason: 'nonexistent_local_time' }
      : { ok: true, instant: new Date(first) };
  }
  if (!INSTANT_PATTERN.test(start)) return { ok: false, reason: 'invalid_start' };
  const instant = new Date(start);
  return Number.isNaN(instant.getTime()) ? { ok: false, reason: 'invalid_start' } : { ok: true, instant };
}

/** Whether `instant` is a grid start of the service on its day (hours, exceptions, grid, fit), ignoring notice/busy. */
export function isOnSlotGrid(practitioner: SlotPractitioner, service: SlotService, instant: Date): boolean {
  const target = instant.getTime();
  if (Number.isNaN(target)) return false;
  const day = dayInZone(instant, practitioner.timeZone);
  // A local day past 9999-12-31 (the last instants of year 9999 east of UTC) has no YYYY-MM-DD and no grid.
  if (!parseDay(day)) return false;
  let found = false;
  forEachGridStart(practitioner, service, day, (start) => {
    if (start === target) found = true;
  });
  return found;
}

/**
 * Whether a posted start (for POST /bookings) is a slot the engine offers right now; the reason says why not.
 */
export function validateRequestedStart(input: {
  practitioner: SlotPractitioner;
  service: SlotService;
  start: string | Date;
  now: Date;
  busy: readonly Interval[];
  /** Zone of a local start without offset; defaults to the practitioner's. */
  timeZone?: string;
}): StartCheck {
  const { practitioner, service, now, busy } = input;
  const parsed = parseRequestedStart(input.start, input.timeZone ?? practitioner.timeZone);
  if (!parsed.ok) return parsed;
  const instant = parsed.instant;
  if (!isOnSlotGrid(practitioner, service, instant)) return { ok: false, reason: 'off_grid' };
  if (instant.getTime() < now.getTime() + service.minNoticeHours * 3_600_000) return { ok: false, reason: 'too_soon' };
  const day = dayInZone(instant, practitioner.timeZone);
  if (daysBetween(lastBookableDay(practitioner, service, now), day) > 0) return { ok: false, reason: 'beyond_horizon' };
  const slot = computeSlots({ practitioner, service, fromDay: day, toDay: day, now, busy }).find(
    (s) => s.start.getTime() === instant.getTime(),
  );
  return slot ? { ok: true, slot } : { ok: false, reason: 'unavailable' };
}

/** Wall-clock minute of day of a slot start (handy for callers formatting slots). */
export function slotWallMinutes(slot: Interval, zone: string): number {
  return wallMinutesInZone(slot.start, zone);
}
