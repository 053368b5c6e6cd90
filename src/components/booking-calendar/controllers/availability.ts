import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { request } from '../../../core/api.js';
import { addDays, monthOf, monthRange, type Day, type Month } from '../internal/dates.js';
import { byDay, wall, type Slot } from '../internal/zone.js';

/** Free slots of one month, by day in the zone times are shown in. */
export type MonthSlots = Map<Day, Slot[]>;

/** What the availability requests depend on, read at each request. */
export interface AvailabilitySource {
  /** The server's base URL. */
  base(): string;
  /** A practitioner id to ask for, or ''. */
  practitioner(): string;
  /** Whether the host shows availability yet: a month arriving before that renders nothing. */
  showing(): boolean;
}

const enc = encodeURIComponent;

/**
 * Loads free slots a month at a time (`GET /api/v1/availability`) and keeps them: one request per service and
 * month, shared by every caller while it runs; a failed one is forgotten, so Retry asks again. It also holds the
 * clock days are cut by (`zone`, `today`) and the practice's zone the server names.
 */
export class AvailabilityController implements ReactiveController {
  /** The zone days are cut in; '' is the visitor's own clock, read without Intl (naming it costs the page's first Intl call). */
  zone = '';
  /** Today in `zone`. */
  today: Day = '';
  /** The practice's zone, from the services list or the last availability answer. */
  practiceZone = '';
  /** Free slots by day, per `service|month`, as loaded. */
  readonly #loaded = new Map<string, MonthSlots>();
  readonly #inFlight = new Map<string, Promise<MonthSlots>>();

  readonly #host: ReactiveControllerHost;
  readonly #source: AvailabilitySource;

  constructor(host: ReactiveControllerHost, source: AvailabilitySource) {
    (this.#host = host).addController(this);
    this.#source = source;
  }

  hostConnected(): void {}

  /** Sets the zone days are cut in (`timeZone`, or '' for the visitor's clock) and today in it. */
  setClock(timeZone: string): void {
    this.zone = timeZone || '';
    this.today = wall(Date.now(), this.zone)[0];
  }

  /** Loads one month of free slots (in the visitor's zone), once. */
  loadMonth(service: string, month: Month): Promise<MonthSlots> {
    const key = `${service}|${month}`;
    let pending = this.#inFlight.get(key);
    if (!pending) {
      const [from, to] = monthRange(month);
      const practitioner = this.#source.practitioner();
      const who = practitioner ? `&practitioner=${enc(practitioner)}` : '';
      // With a named zone the server cuts days in it. On the visitor's own clock (no zone name yet: naming it costs the
      // page's first Intl call), ask for the practice's days one either side and keep the month's local days.
      const range = this.zone
        ? `from=${from}&to=${to}&timeZone=${enc(this.zone)}`
        : `from=${addDays(from, -1)}&to=${addDays(to, 1)}`;
      pending = request<{ timeZone: string; slots: Slot[] }>(
        this.#source.base(),
        'GET',
        `/api/v1/availability?service=${enc(service)}&${range}${who}`,
      ).then((r) => {
        this.practiceZone = r.timeZone;
        const days = byDay(r.slots, this.zone);
        for (const d of [...days.keys()]) if (d < from || d > to) days.delete(d);
        this.#loaded.set(key, days);
        // Nothing shows availability while the first step is still loading: the step that follows renders anyway.
        if (this.#source.showing()) this.#host.requestUpdate();
        return days;
      });
      pending.catch(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  /** A month's free slots by day, if loaded. */
  month(service: string, month: Month): MonthSlots | undefined {
    return this.#loaded.get(`${service}|${month}`);
  }

  /** A day's free slots, [] when none or not loaded. */
  slotsOn(service: string, day: Day): Slot[] {
    return this.month(service, monthOf(day))?.get(day) ?? [];
  }

  /** Whether any loaded month of a service has a free slot. */
  anyFree(service: string): boolean {
    for (const [key, days] of this.#loaded)
      if (key.startsWith(service) && [...days.values()].some((slots) => slots.length)) return true;
    return false;
  }

  /** Forgets everything loaded (after a 409 the server knows better). */
  forget(): void {
    this.#inFlight.clear();
    this.#loaded.clear();
  }
}
