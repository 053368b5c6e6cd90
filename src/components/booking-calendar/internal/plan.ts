import { addDays, addMonths, type Day } from './dates.js';
import type { RacePlan } from '../../../core/schemas/booking.js';
import type { Slot } from './zone.js';

/** The parts of a race-day plan. */
export type PlanKind = 'build' | 'pre' | 'post' | 'maintenance';

/** One proposed session of a race-day plan. */
export interface PlanItem {
  kind: PlanKind;
  /** The service booked for it. */
  serviceId: string;
  /** The days it may fall on, in order of preference. */
  days: Day[];
  /** The proposed free slot, if any day has one. */
  slot?: Slot;
  /** Every free slot on its days (what the visitor may swap to), in time order. */
  options: Slot[];
  /** True when its days lie beyond the booking horizon: it cannot be booked yet. */
  beyond: boolean;
}

/** The service used for each part of the plan. */
export type PlanServices = Record<PlanKind, string>;

/** The plan's rules as `GET /api/v1/services` gives them (the practice file's `racePlan`). */
export type PlanRules = RacePlan;

/** Days `from..to` (inclusive) ordered by preference: `prefer` first, then nearest to it, earlier before later. */
function around(prefer: Day, from: Day, to: Day): Day[] {
  const days: Day[] = [];
  for (let i = 0; i < 40; i++)
    for (const d of i ? [addDays(prefer, i), addDays(prefer, -i)] : [prefer]) if (d >= from && d <= to) days.push(d);
  return days;
}

/**
 * The blog post's rules with these services, for a server that sends none: build-up every 2 weeks ending at least
 * 7 days before the event, pre-event 2–4 days before, recovery 2–5 days after, monthly maintenance ×3.
 */
export const planRules = (s: PlanServices): PlanRules => ({
  build: { serviceId: s.build, everyWeeks: 2, lastDaysBefore: 7 },
  pre: { serviceId: s.pre, minDaysBefore: 2, maxDaysBefore: 4 },
  post: { serviceId: s.post, minDaysAfter: 2, maxDaysAfter: 5 },
  maintenance: { serviceId: s.maintenance, everyMonths: 1, count: 3 },
});

/**
 * A race-day plan by the practice's rules: build-up sessions every `everyWeeks` weeks from the first bookable day,
 * each free to slip 3 days, none later than `lastDaysBefore` days before the event (no deep tissue work in race
 * week); a pre-event massage `minDaysBefore`–`maxDaysBefore` days before; a recovery massage `minDaysAfter`–
 * `maxDaysAfter` days after; then `count` maintenance sessions every `everyMonths` months (±3 days). Each part gets
 * a slot free in `free(serviceId)` (slots by day) on its preferred day (the middle of its window) or the nearest,
 * never on a day another part already took. Parts wholly before `firstDay` are left out; build-ups beyond `lastDay`
 * (the booking horizon) too, while the event's own parts beyond it are kept with `beyond` (bookable later).
 */
export function racePlan(
  event: Day,
  firstDay: Day,
  lastDay: Day,
  rules: PlanRules,
  free: (serviceId: string) => Map<Day, Slot[]>,
): PlanItem[] {
  const { build, pre, post, maintenance } = rules;
  const parts: [PlanKind, Day, Day, Day][] = [];
  const buildEnd = addDays(event, -build.lastDaysBefore);
  for (let d = firstDay; d <= buildEnd && d <= lastDay; d = addDays(d, 7 * build.everyWeeks))
    parts.push(['build', d, d, addDays(d, 3) < buildEnd ? addDays(d, 3) : buildEnd]);
  const mid = (a: number, b: number) => Math.floor((a + b) / 2);
  parts.push([
    'pre',
    addDays(event, -mid(pre.minDaysBefore, pre.maxDaysBefore)),
    addDays(event, -pre.maxDaysBefore),
    addDays(event, -pre.minDaysBefore),
  ]);
  parts.push([
    'post',
    addDays(event, mid(post.minDaysAfter, post.maxDaysAfter)),
    addDays(event, post.minDaysAfter),
    addDays(event, post.maxDaysAfter),
  ]);
  for (let m = 1; m <= maintenance.count; m++) {
    const d = addMonths(event, m * maintenance.everyMonths);
    parts.push(['maintenance', d, addDays(d, -3), addDays(d, 3)]);
  }
  const items: PlanItem[] = [];
  const taken = new Set<Day>();
  for (const [kind, prefer, from, to] of parts) {
    if (to < firstDay) continue;
    const serviceId = rules[kind].serviceId;
    // Only days that can be booked now: on or after the first bookable day, within the horizon.
    const days = around(prefer, from < firstDay ? firstDay : from, to > lastDay ? lastDay : to);
    const map = free(serviceId);
    const options = [...days].sort().flatMap((d) => map.get(d) ?? []);
    const day = days.find((d) => !taken.has(d) && map.get(d)?.length);
    if (day) taken.add(day);
    items.push({ kind, serviceId, days, slot: day ? map.get(day)![0] : undefined, options, beyond: from > lastDay });
  }
  return items;
}

/** Finds a service by id, else by words in its id or name (a practice that renamed its services still gets a plan). */
export function findService<S extends { id: string; name: string }>(
  services: S[],
  id: string,
  words: RegExp,
): S | undefined {
  return services.find((s) => s.id == id) ?? services.find((s) => words.test(s.id) || words.test(s.name));
}
