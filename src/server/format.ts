/**
 * How the server writes dates, times, prices and list names for people: in emails, on its pages and in the dev
 * outbox. One place, so a booking reads the same in the confirmation, the practitioner's copy and the outbox.
 * English (en-GB) only for now, like every server text. Machine formats (ISO 8601, iCalendar's `…Z`) are not here:
 * they live next to what reads them (`core/calendar-links.ts`, `booking/calendar.ts`).
 */

/** One instant's wall-clock parts in a zone, as en-GB writes them. */
interface WallParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallParts(date: Date, timeZone: string): WallParts {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    if (formatters.size >= 1_000) formatters.clear(); // zones come from requests: keep the map bounded
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(date)) parts[part.type] = part.value;
  return {
    weekday: parts.weekday ?? '',
    day: parts.day ?? '',
    month: parts.month ?? '',
    year: parts.year ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

/** "Tue 1 Dec 2026" (en-GB prints "Tue, 1 Dec 2026"; the comma is dropped to read as a date in a sentence). */
function dayText(p: WallParts, withYear = true): string {
  return `${p.weekday} ${p.day} ${p.month}${withYear ? ` ${p.year}` : ''}`;
}

const clockText = (p: WallParts): string => `${p.hour}:${p.minute}`;

/** "London time" for `Europe/London`, "New York time" for `America/New_York`, "UTC" for `UTC`. */
export function zoneLabel(timeZone: string): string {
  if (/^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal)$/i.test(timeZone)) return 'UTC';
  const city =
    timeZone.includes('/') && !timeZone.startsWith('Etc/') ? timeZone.slice(timeZone.lastIndexOf('/') + 1) : timeZone;
  return `${city.replace(/_/g, ' ')} time`;
}

/** "Tue 1 Dec" in `timeZone`: a day without its year, to tell the sessions of a series apart. */
export function formatDay(date: Date, timeZone: string): string {
  return dayText(wallParts(date, timeZone), false);
}

/** "Tue 1 Dec 2026, 09:00" in `timeZone`, without the zone. */
export function formatDateTime(date: Date, timeZone: string): string {
  const p = wallParts(date, timeZone);
  return `${dayText(p)}, ${clockText(p)}`;
}

/** "Tue 1 Dec 2026, 09:00 (London time)". */
export function formatWhen(date: Date, timeZone: string): string {
  return `${formatDateTime(date, timeZone)} (${zoneLabel(timeZone)})`;
}

/** "Tue 1 Dec 2026, 09:00–10:00 (London time)"; the end gets its own date when it falls on another day there. */
export function formatRange(start: Date, end: Date, timeZone: string): string {
  const a = wallParts(start, timeZone);
  const b = wallParts(end, timeZone);
  const sameDay = dayText(a) === dayText(b);
  const range = sameDay
    ? `${dayText(a)}, ${clockText(a)}–${clockText(b)}`
    : `${dayText(a)}, ${clockText(a)} – ${dayText(b)}, ${clockText(b)}`;
  return `${range} (${zoneLabel(timeZone)})`;
}

/** For subjects: "Tue 1 Dec 2026 at 09:00" (`long`, with the year) or "Tue 1 Dec 09:00" (`short`, without it). */
export function formatSubjectWhen(date: Date, timeZone: string, style: 'long' | 'short'): string {
  const p = wallParts(date, timeZone);
  return style === 'long' ? `${dayText(p)} at ${clockText(p)}` : `${dayText(p, false)} ${clockText(p)}`;
}

/** A price in minor units (`6000` GBP) as "£60.00"; the currency's own number of decimals (JPY 0, KWD 3). */
export function formatPrice(price: { amount: number; currency: string }): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: price.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(price.amount / 10 ** digits);
}

/** A newsletter list id in words: `weekly-notes` → `weekly notes`. */
export function listLabel(list: string): string {
  return list.replace(/-/g, ' ');
}

/** A calendar day `YYYY-MM-DD` in full: "Sunday 17 January 2027" (the day as written, no zone involved). */
export function formatLongDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime())) return day;
  const parts: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).formatToParts(date))
    parts[part.type] = part.value;
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}
