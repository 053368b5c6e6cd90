import type { Day } from './dates.js';

/** A free slot as the server sends it: UTC instants. */
export interface Slot {
  start: string;
  end: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The visitor's zone (the first `Intl.DateTimeFormat` on the page: call it after the first paint). */
export const visitorZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const two = (n: number) => String(n).padStart(2, '0');

/**
 * `[day, "HH:MM"]` of an instant in a zone (24-hour, locale-independent), with a cached formatter per zone.
 * Zone `''` is the visitor's own clock, read with Date's local getters: no Intl object, which keeps the page's first
 * (and by far most expensive, 15–50 ms) Intl.DateTimeFormat off the path to the first rendered month.
 */
export function wall(instant: string | number, zone: string): [Day, string] {
  if (!zone) {
    const d = new Date(instant);
    return [
      `${String(d.getFullYear()).padStart(4, '0')}-${two(d.getMonth() + 1)}-${two(d.getDate())}`,
      `${two(d.getHours())}:${two(d.getMinutes())}`,
    ];
  }
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const { type, value } of f.formatToParts(new Date(instant))) p[type] = value;
  return [`${p.year}-${p.month}-${p.day}`, `${p.hour}:${p.minute}`];
}

/** Slots grouped by their day in `zone`, each day's slots in start order. */
export function byDay(slots: Slot[], zone: string): Map<Day, Slot[]> {
  const days = new Map<Day, Slot[]>();
  for (const s of slots) {
    const [d] = wall(s.start, zone);
    days.set(d, [...(days.get(d) ?? []), s]);
  }
  return days;
}

/** Whether a zone is UTC itself (`UTC`, `Etc/UTC`, `GMT`, `Etc/GMT+0`…), named "UTC" for people. */
export const isUtc = (zone: string): boolean => /^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal|Greenwich)([+-]0)?$/i.test(zone);

/**
 * A zone's city for people: `Europe/London` → `London`, `America/Argentina/Buenos_Aires` → `Buenos Aires`; '' when
 * the id names no place (`UTC`, `Etc/GMT+5`, `EST5EDT`).
 */
export const city = (zone: string): string =>
  /^[A-Z][a-z]+\/./.test(zone) && !zone.startsWith('Etc/') ? zone.split('/').pop()!.replace(/_/g, ' ') : '';

/** A zone's long generic name in a language ("Eastern Time", "GMT-05:00"), from Intl; the id if Intl has none. */
export function zoneLongName(zone: string, locale: string): string {
  try {
    return (
      new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' })
        .formatToParts(0)
        .find((p) => p.type == 'timeZoneName')?.value ?? zone
    );
  } catch {
    return zone;
  }
}
