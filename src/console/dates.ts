/**
 * Days and times in the practice's zone for the console (the server reads local `YYYY-MM-DDTHH:MM` in that zone).
 * Days are `YYYY-MM-DD` strings; arithmetic on them is on the calendar, never on 24-hour steps.
 */

const partsCache = new Map<string, Intl.DateTimeFormat>();

function parts(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(zone, f);
  }
  return f;
}

/** The day and wall time of `instant` in `zone`: `['2026-12-02', '14:30']`. */
export function wallOf(instant: Date | string, zone: string): [day: string, time: string] {
  const p = Object.fromEntries(
    parts(zone)
      .formatToParts(new Date(instant))
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  return [`${p.year}-${p.month}-${p.day}`, `${p.hour}:${p.minute}`];
}

/** The day of `instant` in `zone`. */
export const dayOf = (instant: Date | string, zone: string): string => wallOf(instant, zone)[0];

/** `day` plus `n` calendar days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The first day of `day`'s month, moved by `months`. */
export function monthStart(day: string, months = 0): string {
  const d = new Date(`${day.slice(0, 7)}-01T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6. */
export const weekdayIndex = (day: string): number => (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;

/** "Wednesday 2 December" (a calendar day, no zone involved). */
export const longDay = (day: string): string =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );

/** "December 2026". */
export const monthName = (day: string): string =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );

/** "09:00–10:00" in `zone`. */
export const timeRange = (start: string, end: string, zone: string): string =>
  `${wallOf(start, zone)[1]}–${wallOf(end, zone)[1]}`;

/** "Wed 2 Dec, 09:00–10:00" in `zone`. */
export function dayAndTime(start: string, end: string, zone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: zone });
  return `${day.format(new Date(start))}, ${timeRange(start, end, zone)}`;
}

/** "£60.00". */
export function money(price: { amount: number; currency: string }): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: price.currency });
  return format.format(price.amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/** "2 Dec 2026, 09:00" in `zone`. */
export const dateTime = (instant: string, zone: string): string =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(
    new Date(instant),
  );
