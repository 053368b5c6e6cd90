/**
 * Calendar days as `YYYY-MM-DD` strings and pure arithmetic on them (UTC day numbers, so no zone and no DST can
 * shift a day). No `Intl` here: the month grid renders before any `Intl.DateTimeFormat` is created, which keeps
 * the 30–55 ms that the first one costs off the first paint.
 */

/** A calendar day, `YYYY-MM-DD`. */
export type Day = string;
/** A month, `YYYY-MM`. */
export type Month = string;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Days since 1970-01-01 for a day. */
export const dayNumber = (d: Day): number => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 864e5;

/** The day of a day number. */
export function fromNumber(n: number): Day {
  const t = new Date(n * 864e5);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

const moved = new Map<string, Day>();

/** `d` moved by `n` days (remembered: rendering a month asks the same few questions many times). */
export function addDays(d: Day, n: number): Day {
  const key = d + n; // `d` always has 10 characters, so the key is unambiguous
  let day = moved.get(key);
  if (day === undefined) {
    if (moved.size > 4096) moved.clear();
    moved.set(key, (day = fromNumber(dayNumber(d) + n)));
  }
  return day;
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (d: Day): number => (dayNumber(d) + 4) % 7;

/** The month a day is in. */
export const monthOf = (d: Day): Month => d.slice(0, 7);

/** Number of days in a month. */
export const daysIn = (m: Month): number => new Date(Date.UTC(+m.slice(0, 4), +m.slice(5, 7), 0)).getUTCDate();

/** A month moved by `n` months. */
export function addMonthsToMonth(m: Month, n: number): Month {
  const i = +m.slice(0, 4) * 12 + +m.slice(5, 7) - 1 + n;
  return `${pad(Math.floor(i / 12), 4)}-${pad((i % 12) + 1)}`;
}

/** A day moved by `n` months, clamped to the end of a shorter month (31 January + 1 month = 28/29 February). */
export function addMonths(d: Day, n: number): Day {
  const m = addMonthsToMonth(monthOf(d), n);
  return `${m}-${pad(Math.min(+d.slice(8, 10), daysIn(m)))}`;
}

/** First and last day of a month. */
export const monthRange = (m: Month): [Day, Day] => [`${m}-01`, `${m}-${pad(daysIn(m))}`];

/** Clamps a day to [min, max] (either bound optional). */
export const clamp = (d: Day, min?: Day, max?: Day): Day => (min && d < min ? min : max && d > max ? max : d);

/**
 * The month as weeks of seven cells starting on `weekStart` (0 = Sunday, 1 = Monday…); cells outside the month
 * are null.
 */
export function monthGrid(m: Month, weekStart: number): (Day | null)[][] {
  const lead = (weekday(`${m}-01`) - weekStart + 7) % 7;
  const cells: (Day | null)[] = Array.from({ length: lead }, () => null);
  // A day of the month is its number written after the month: no date arithmetic needed.
  for (let i = 1, n = daysIn(m); i <= n; i++) cells.push(`${m}-${pad(i)}`);
  while (cells.length % 7) cells.push(null);
  const weeks: (Day | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/**
 * Where a key moves the focused day in the month grid (the calendar pattern: arrows, Home/End within the week,
 * PageUp/PageDown a month, with Shift a year), clamped to [min, max]; undefined for other keys.
 * `rtl` swaps left and right.
 */
export function moveDay(
  d: Day,
  key: string,
  shift: boolean,
  weekStart: number,
  rtl = false,
  min?: Day,
  max?: Day,
): Day | undefined {
  const left = rtl ? 1 : -1;
  const to =
    key == 'ArrowLeft'
      ? addDays(d, left)
      : key == 'ArrowRight'
        ? addDays(d, -left)
        : key == 'ArrowUp'
          ? addDays(d, -7)
          : key == 'ArrowDown'
            ? addDays(d, 7)
            : key == 'Home'
              ? addDays(d, -((weekday(d) - weekStart + 7) % 7))
              : key == 'End'
                ? addDays(d, 6 - ((weekday(d) - weekStart + 7) % 7))
                : key == 'PageUp'
                  ? addMonths(d, shift ? -12 : -1)
                  : key == 'PageDown'
                    ? addMonths(d, shift ? 12 : 1)
                    : undefined;
  return to && clamp(to, min, max);
}
