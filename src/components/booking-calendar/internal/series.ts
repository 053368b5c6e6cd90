import { addDays, monthOf, type Day, type Month } from './dates.js';
import { wall, type Slot } from './zone.js';

/** One session of a repeated booking, checked against what is free. */
export interface Occurrence {
  /** 0 for the chosen time, then 1, 2… */
  index: number;
  /** Its day in the practice's zone. */
  day: Day;
  /** The free slot at the regular time (the same wall-clock time in the practice's zone), if free. */
  slot?: Slot;
  /** When the regular time is taken: the nearest free slots, closest first (at most `max`). */
  alternatives: Slot[];
  /** True when the day is beyond the booking horizon (nothing can be booked there yet). */
  beyond: boolean;
}

const WEEK = 7 * 864e5;

/**
 * The months (in the visitor's zone) whose availability a series preview needs: each occurrence's day with a week
 * either side, for alternatives.
 */
export function seriesMonths(firstDay: Day, everyWeeks: number, count: number): Month[] {
  const months = new Set<Month>();
  for (let k = 0; k < count; k++) {
    const d = addDays(firstDay, 7 * everyWeeks * k);
    for (const x of [-7, 0, 7]) months.add(monthOf(addDays(d, x)));
  }
  return [...months].sort();
}

/**
 * Every occurrence of "this time, every `everyWeeks` weeks, `count` times" as the server will book it (the same
 * local time in the practice's zone, so 09:00 stays 09:00 across a clock change), each matched against `free`
 * (every known free slot of the service). An occurrence at a taken time gets the nearest free alternatives within
 * a week, never a slot another occurrence already uses.
 */
export function previewSeries(
  first: Slot,
  everyWeeks: number,
  count: number,
  practiceZone: string,
  free: Slot[],
  lastDay: Day,
  max = 3,
): Occurrence[] {
  const [d0, t0] = wall(first.start, practiceZone);
  const byWall = new Map(free.map((s) => [wall(s.start, practiceZone).join(' '), s]));
  const out: Occurrence[] = [];
  for (let k = 0; k < count; k++) {
    const day = addDays(d0, 7 * everyWeeks * k);
    const slot = k ? byWall.get(`${day} ${t0}`) : first;
    out.push({ index: k, day, slot, alternatives: [], beyond: day > lastDay });
  }
  const used = new Set(out.map((o) => o.slot?.start));
  for (const o of out) {
    if (o.slot || o.beyond) continue;
    const near = Date.parse(first.start) + o.index * everyWeeks * WEEK;
    o.alternatives = free
      .filter((s) => !used.has(s.start) && Math.abs(Date.parse(s.start) - near) < WEEK)
      .sort((a, b) => Math.abs(Date.parse(a.start) - near) - Math.abs(Date.parse(b.start) - near))
      .slice(0, max);
  }
  return out;
}
