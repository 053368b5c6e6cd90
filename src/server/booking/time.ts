/**
 * Calendar-day and wall-clock helpers for the booking engine.
 *
 * Days are `YYYY-MM-DD` strings in some IANA zone; wall times are `HH:MM` (or minutes since the day's midnight).
 * Wall-clock to instant conversion goes through Intl (the platform's tz database), so it is right across
 * daylight-saving changes: a local time inside a spring-forward gap does not exist (→ null) and a local time
 * repeated on a fall-back day resolves to its first occurrence.
 */

export type WeekdayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

const DAY_MS = 86_400_000;
const WEEKDAYS: readonly WeekdayKey[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** True for a zone name Intl knows (`Europe/London`, `UTC`); false for `''`, `Mars/Olympus`. */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0) return false;
  if (formatters.has(zone)) return true;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** `[year, month (1–12), day]` of a real calendar day, or null. */
export function parseDay(day: string): [number, number, number] | null {
  const match = DAY_PATTERN.exec(day);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return [y, m, d];
}

export function isValidDay(day: string): boolean {
  // Years 1900–9000: far enough either way for any booking question, and away from the last day a Date can hold
  // (the day after 9999-12-31 has no YYYY-MM-DD, so a range ending there would fail instead of being refused).
  const parts = parseDay(day);
  return parts !== null && parts[0] >= 1900 && parts[0] <= 9000;
}

function requireDay(day: string): [number, number, number] {
  const parts = parseDay(day);
  if (!parts) throw new RangeError(`Not a calendar day: ${JSON.stringify(day)}`);
  return parts;
}

function formatUtcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `n` calendar days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = requireDay(day);
  return formatUtcDay(Date.UTC(y, m - 1, d + n));
}

/** Whole calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = requireDay(a);
  const [yb, mb, db] = requireDay(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / DAY_MS);
}

/** Weekday key (`mon`…`sun`) of a calendar day. */
export function weekdayOf(day: string): WeekdayKey {
  const [y, m, d] = requireDay(day);
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

/** Minutes since midnight of `HH:MM` (`24:00` → 1440), or null if malformed. */
export function clockToMinutes(time: string): number | null {
  if (!CLOCK_PATTERN.test(time)) return null;
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

interface ZoneFormatters {
  /** Fast path: `M/D/YYYY, HH:MM:SS`. */
  plain: Intl.DateTimeFormat;
  /** Fallback with an era, for years the fast path cannot show. */
  withEra: Intl.DateTimeFormat;
}

const formatters = new Map<string, ZoneFormatters>();
const PLAIN_PATTERN = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{2}):(\d{2}):(\d{2})$/;

function formatterFor(zone: string): ZoneFormatters {
  let entry = formatters.get(zone);
  if (!entry) {
    const options: Intl.DateTimeFormatOptions = {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    };
    entry = {
      plain: new Intl.DateTimeFormat('en-US', options),
      withEra: new Intl.DateTimeFormat('en-US', { ...options, era: 'short' }),
    };
    // Zone names come from requests in any spelling Intl accepts (europe/LONDON…): keep the map bounded.
    if (formatters.size >= 1_000) formatters.clear();
    formatters.set(zone, entry);
  }
  return entry;
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallParts(ms: number, zone: string): WallParts {
  const { plain, withEra } = formatterFor(zone);
  const date = new Date(ms);
  const fast = PLAIN_PATTERN.exec(plain.format(date));
  if (fast) {
    return {
      year: Number(fast[3]),
      month: Number(fast[1]),
      day: Number(fast[2]),
      hour: Number(fast[4]),
      minute: Number(fast[5]),
      second: Number(fast[6]),
    };
  }
  const out: WallParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let bc = false;
  for (const part of withEra.formatToParts(date)) {
    switch (part.type) {
      case 'era':
        bc = part.value.startsWith('B');
        break;
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second':
        out[part.type] = Number(part.value);
        break;
      default:
        break;
    }
  }
  if (bc) out.year = 1 - out.year;
  return out;
}

/**
 * Offsets already asked for, by zone and whole second. The same instants come back again and again (the midnights
 * around each day a booking or an availability request touches, and every grid start of a day on which the clocks
 * change), and each answer costs an Intl call. Exact: an entry is the offset at exactly that second.
 */
const offsetMemo = new Map<string, Map<number, number>>();
const OFFSET_MEMO_LIMIT = 50_000;

/** The zone's UTC offset at `ms`, in milliseconds (wall time = instant + offset). */
export function zoneOffsetMs(ms: number, zone: string): number {
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  let memo = offsetMemo.get(zone);
  if (!memo) {
    if (offsetMemo.size >= 1_000) offsetMemo.clear(); // zone names come from requests (any spelling Intl accepts)
    offsetMemo.set(zone, (memo = new Map()));
  }
  const known = memo.get(whole);
  if (known !== undefined) return known;
  const offset = computeOffsetMs(whole, zone);
  if (memo.size >= OFFSET_MEMO_LIMIT) memo.clear();
  memo.set(whole, offset);
  return offset;
}

function computeOffsetMs(whole: number, zone: string): number {
  const p = wallParts(whole, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  // Date.UTC maps years 0–99 to 1900–1999; correct for that.
  const fixed = p.year >= 0 && p.year < 100 ? new Date(asUtc).setUTCFullYear(p.year) : asUtc;
  return fixed - whole;
}

/** The calendar day (`YYYY-MM-DD`) of an instant in `zone`. */
export function dayInZone(instant: Date, zone: string): string {
  const p = wallParts(instant.getTime(), zone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Minutes since the local midnight of an instant in `zone` (wall clock, 0–1439). */
export function wallMinutesInZone(instant: Date, zone: string): number {
  const p = wallParts(instant.getTime(), zone);
  return p.hour * 60 + p.minute;
}

/**
 * Offsets the zone may use for wall times on `day` (and up to a day either side), sampled once per day so that
 * resolving many wall times of one day costs one Intl call each.
 */
export function offsetsAroundDay(day: string, zone: string): number[] {
  const [y, m, d] = requireDay(day);
  const midnight = Date.UTC(y, m - 1, d);
  const seen = new Set<number>();
  for (let k = -1; k <= 2; k++) seen.add(zoneOffsetMs(midnight + k * DAY_MS, zone));
  return [...seen];
}

/** All instants whose wall time in `zone` is `day` + `minutes`, earliest first (0: a gap, 2: a fall-back repeat). */
export function wallTimeOccurrences(
  day: string,
  minutes: number,
  zone: string,
  offsets = offsetsAroundDay(day, zone),
): number[] {
  const [y, m, d] = requireDay(day);
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  // No offset change from the day before to two days after (all but a few days a year): the wall time exists
  // exactly once, and no Intl call is needed. This keeps availability cheap (one Intl call per day, not per slot).
  if (offsets.length === 1) return [wall - offsets[0]!];
  const found: number[] = [];
  for (const offset of offsets) {
    const candidate = wall - offset;
    if (zoneOffsetMs(candidate, zone) === offset && !found.includes(candidate)) found.push(candidate);
  }
  return found.sort((a, b) => a - b);
}

/**
 * The instant of wall time `day` + `minutes` in `zone`: the first occurrence if the time repeats, or null if it
 * does not exist (inside a spring-forward gap). `minutes` may be 1440 (24:00 = next day's midnight).
 */
export function wallMinutesToInstant(day: string, minutes: number, zone: string, offsets?: number[]): number | null {
  return wallTimeOccurrences(day, minutes, zone, offsets)[0] ?? null;
}

/**
 * Like wallMinutesToInstant, but a wall time inside a gap maps to the instant the gap ends (the first instant
 * whose wall time is later). Used for the boundaries of opening windows, never for slot starts.
 */
export function wallBoundaryToInstant(
  day: string,
  minutes: number,
  zone: string,
  offsets = offsetsAroundDay(day, zone),
): number {
  const exact = wallMinutesToInstant(day, minutes, zone, offsets);
  if (exact !== null) return exact;
  const [y, m, d] = requireDay(day);
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  // In a gap: the instant read with the largest offset lies before the transition, with the smallest after it.
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  const after = zoneOffsetMs(hi, zone);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (zoneOffsetMs(mid, zone) === after && mid > lo) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** `zonedWallTimeToInstant('2026-03-29', '01:30', 'Europe/London')` → null (no such local time). */
export function zonedWallTimeToInstant(day: string, time: string, zone: string): Date | null {
  const minutes = clockToMinutes(time);
  if (minutes === null) throw new RangeError(`Not a time like "09:00": ${JSON.stringify(time)}`);
  if (!isValidTimeZone(zone)) throw new RangeError(`Unknown time zone: ${JSON.stringify(zone)}`);
  const ms = wallMinutesToInstant(day, minutes, zone);
  return ms === null ? null : new Date(ms);
}
