import { addDays, addMonths, type Day } from './dates.js';
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

/** Days `from..to` (inclusive) ordered by preference: `prefer` first, then nearest to it, earlier before later. */
function around(prefer: Day, from: Day, to: Day): Day[] {
  const days: Day[] = [];
  for (let i = 0; i < 12; i++)
    for (const d of i ? [addDays(prefer, i), addDays(prefer, -i)] : [prefer]) if (d >= from && d <= to) days.push(d);
  return days;
}

/**
 * A race-day plan: fortnightly sessions through the build-up from the first bookable day, a pre-event massage 2–4
 * days before the event, a post-event recovery massage 2–5 days after, and monthly maintenance for three months.
 * Each part gets a slot that is free in `free(serviceId)` (slots by day), on the preferred day or the nearest one in
 * its window. Parts whose days lie beyond `lastDay` (the booking horizon) are kept with `beyond`, so the visitor
 * sees what to book later; parts wholly before `firstDay` are left out.
 */
export function racePlan(
  event: Day,
  firstDay: Day,
  lastDay: Day,
  services: PlanServices,
  free: (serviceId: string) => Map<Day, Slot[]>,
): PlanItem[] {
  const parts: [PlanKind, Day, Day, Day][] = [];
  // Build-up: every 14 days from the first bookable day, each free to slip up to 3 days, ending before race week.
  const buildEnd = addDays(event, -5);
  for (let d = firstDay; d <= buildEnd; d = addDays(d, 14))
    parts.push(['build', d, d, addDays(d, 3) < buildEnd ? addDays(d, 3) : buildEnd]);
  parts.push(['pre', addDays(event, -3), addDays(event, -4), addDays(event, -2)]);
  parts.push(['post', addDays(event, 3), addDays(event, 2), addDays(event, 5)]);
  for (let m = 1; m <= 3; m++) {
    const d = addMonths(event, m);
    parts.push(['maintenance', d, addDays(d, -3), addDays(d, 3)]);
  }
  const items: PlanItem[] = [];
  for (const [kind, prefer, from, to] of parts) {
    if (to < firstDay) continue;
    const serviceId = services[kind];
    // Only days that can be booked now: on or after the first bookable day, within the horizon.
    const days = around(prefer, from < firstDay ? firstDay : from, to > lastDay ? lastDay : to);
    const map = free(serviceId);
    const options = [...days].sort().flatMap((d) => map.get(d) ?? []);
    const day = days.find((d) => map.get(d)?.length);
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
