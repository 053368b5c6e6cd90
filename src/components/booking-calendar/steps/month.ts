import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../../../core/i18n.js';
import {
  addMonthsToMonth,
  clamp,
  monthGrid,
  monthOf,
  monthRange,
  moveDay,
  type Day,
  type Month,
} from '../internal/dates.js';
import type { MonthSlots } from '../controllers/availability.js';
import type { BookingMessages } from '../messages/en-GB.js';

/** The words the month shows. */
export type MonthWords = Pick<
  BookingMessages,
  | 'months'
  | 'weekdays'
  | 'weekdaysShort'
  | 'prevMonth'
  | 'nextMonth'
  | 'loading'
  | 'unavailable'
  | 'fullyBooked'
  | 'availableOne'
  | 'available'
>;

/** What one month of day buttons shows and does. Shared by the booking calendar and the manage page's "move". */
export interface MonthView {
  messages: MonthWords;
  /** Names a day: "Tuesday 28 September 2021" (the weekday its column knows is passed in). */
  dateLabel: (day: Day, weekday?: number) => string;
  month: Month;
  /** The month's free slots by day, undefined while loading. */
  days: MonthSlots | undefined;
  /** First and last bookable day. */
  first: Day;
  last: Day;
  today: Day;
  /** The day with tabindex 0 (roving tabindex). */
  focusDay: Day;
  /** The chosen day, '' for none. */
  selectedDay: Day;
  /** First column: 0 Sunday … 6 Saturday. */
  weekStart: number;
  busy: boolean;
  /** Previous (-1) or next (1) month pressed. */
  onStep: (delta: number) => void;
  onKeydown: (e: KeyboardEvent) => void;
  /** A day pressed (bookable or not). */
  onPick: (day: Day) => void;
}

const WEEKDAYS: Record<string, number> = { sunday: 0, monday: 1, saturday: 6 };

/** The first day of the week from a `week-start` value (`monday`, `sunday`, `saturday` or 0–6), else `fallback`. */
export function parseWeekStart(value: string | undefined, fallback: number): number {
  const w = value?.toLowerCase() ?? '';
  return w in WEEKDAYS ? WEEKDAYS[w]! : /^[0-6]$/.test(w) ? +w : fallback;
}

/** Whether a day can be booked: in range and with a free slot. */
export const isOpen = (d: Day, days: MonthSlots | undefined, first: Day, last: Day): boolean =>
  d >= first && d <= last && !!days?.get(d)?.length;

/** Why a day can or cannot be booked, the end of its accessible name: "3 times available", "fully booked"… */
export function dayReason(m: MonthWords, d: Day, days: MonthSlots | undefined, first: Day, last: Day): string {
  const n = days?.get(d)?.length ?? 0;
  return d < first || d > last
    ? m.unavailable
    : !n
      ? m.fullyBooked
      : n == 1
        ? m.availableOne
        : fill(m.available, { n });
}

/** Whether a month has bookable days at all (its arrows stay focusable, with aria-disabled, when not). */
export const monthInRange = (month: Month, first: Day, last: Day): boolean =>
  month >= monthOf(first) && month <= monthOf(last);

/** The month `delta` away and the day to focus in it (the same day number, or the month's last day). */
export function stepMonth(month: Month, focusDay: Day, delta: number): [Month, Day] {
  const next = addMonthsToMonth(month, delta);
  const [lo, hi] = monthRange(next);
  const d = `${next}-${focusDay.slice(8)}`;
  return [next, clamp(monthOf(d) == next ? d : hi, lo, hi)];
}

/** The day an arrow, Home, End or Page key moves to from `focusDay`, kept within the bookable months. */
export function dayForKey(
  e: KeyboardEvent,
  focusDay: Day,
  weekStart: number,
  rtl: boolean,
  first: Day,
  last: Day,
): Day | undefined {
  const lo = monthRange(monthOf(first))[0];
  const hi = monthRange(monthOf(last))[1];
  return moveDay(focusDay, e.key, e.shiftKey, weekStart, rtl, lo, hi);
}

/**
 * The month heading with its arrows and a `<table>` of day buttons (Cally's and Duet's pattern): one button per day
 * with aria-pressed, aria-current and a full name, roving tabindex, always six weeks tall.
 */
export function renderMonth(v: MonthView): TemplateResult {
  const m = v.messages;
  const { month, days, first, last } = v;
  const order = [0, 1, 2, 3, 4, 5, 6].map((i) => (i + v.weekStart) % 7);
  const label = `${m.months[+month.slice(5) - 1]} ${month.slice(0, 4)}`;
  const cell = (d: Day | null, col: number) => {
    if (!d) return html`<td></td>`;
    const open = isOpen(d, days, first, last);
    return html`<td>
      <button
        type="button"
        part="day${open ? ' available' : ''}${d == v.selectedDay ? ' selected' : ''}${d == v.today ? ' today' : ''}"
        data-day=${d}
        tabindex=${d == v.focusDay ? 0 : -1}
        aria-pressed=${d == v.selectedDay}
        aria-current=${d == v.today ? 'date' : nothing}
        aria-disabled=${!open}
        aria-label="${v.dateLabel(d, order[col])}, ${days ? dayReason(m, d, days, first, last) : m.loading}"
      >
        ${+d.slice(8)}
      </button>
    </td>`;
  };
  // A click on a day: one listener for the whole month instead of one per day button.
  const onClick = (e: Event) => {
    const d = (e.target as Element).closest<HTMLElement>('[data-day]')?.dataset.day;
    if (d) v.onPick(d);
  };
  return html`<div class="month">
      <button
        type="button"
        class="arrow"
        part="nav"
        aria-label=${m.prevMonth}
        aria-disabled=${!monthInRange(addMonthsToMonth(month, -1), first, last)}
        @click=${() => v.onStep(-1)}
      >
        ‹
      </button>
      <h4 id="mh" part="month" aria-live="polite">${label}</h4>
      <button
        type="button"
        class="arrow"
        part="nav"
        aria-label=${m.nextMonth}
        aria-disabled=${!monthInRange(addMonthsToMonth(month, 1), first, last)}
        @click=${() => v.onStep(1)}
      >
        ›
      </button>
    </div>
    <table aria-labelledby="mh" aria-busy=${v.busy} @keydown=${v.onKeydown} @click=${onClick}>
      <thead>
        <tr>
          ${order.map(
            (i) =>
              html`<th scope="col">
                <span aria-hidden="true">${m.weekdaysShort[i]}</span><span class="sr-only">${m.weekdays[i]}</span>
              </th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${[...monthGrid(month, v.weekStart), ...Array(6).fill([])].slice(0, 6).map((week: (Day | null)[]) =>
          week.length
            ? html`<tr>
                ${week.map(cell)}
              </tr>`
            : html`<tr aria-hidden="true"></tr>`,
        )}
      </tbody>
    </table>`;
}
