import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, apiBase, request } from '../../core/api.js';
import { SoleusElement } from '../../core/base.js';
import { Catalogue, fill, type CatalogueLoaders } from '../../core/i18n.js';
import {
  addDays,
  addMonthsToMonth,
  clamp,
  monthGrid,
  monthOf,
  monthRange,
  moveDay,
  weekday,
  type Day,
  type Month,
} from './internal/dates.js';
import { findService, racePlan, type PlanItem } from './internal/plan.js';
import { previewSeries, seriesMonths, type Occurrence } from './internal/series.js';
import { MAX, problem, type Field } from './internal/validate.js';
import { byDay, city, visitorZone, wall, type Slot } from './internal/zone.js';
import en, { type BookingMessages } from './messages/en-GB.js';
import {
  SoleusBookingConfirmedEvent,
  SoleusBookingErrorEvent,
  SoleusBookingServiceSelectEvent,
  SoleusBookingSlotSelectEvent,
  SoleusBookingSubmitEvent,
} from './booking-calendar.events.js';
import { styles } from './booking-calendar.styles.js';

let floatingModule: Promise<typeof import('@floating-ui/dom')> | undefined;
const floating = () => (floatingModule ??= import('@floating-ui/dom'));

const loaders: CatalogueLoaders<BookingMessages> = {
  'en-US': () => import('./messages/en-US.js'),
  de: () => import('./messages/de.js'),
  fr: () => import('./messages/fr.js'),
  es: () => import('./messages/es.js'),
};

/** A service as `GET /api/v1/services` lists it. */
interface Service {
  id: string;
  name: string;
  description: string;
  durationMinutes: number;
  price: { amount: number; currency: string } | null;
  horizonDays?: number;
}
/** The practice as `GET /api/v1/services` describes it. */
interface Practice {
  name: string;
  timeZone: string;
  address?: string;
}
/** One POST /api/v1/bookings to make. */
interface Order {
  serviceId: string;
  start: string;
  series?: { everyWeeks: number; count: number };
}
/** A booking the server made, with its manage token. */
interface Booked {
  id: string;
  serviceId: string;
  start: string;
  end: string;
  series?: { id: string; start: string; end: string }[];
  token: string;
}

/** A session that could not be booked, as the confirmation lists it. */
interface Failure {
  order: Order;
  /** The plan part it was, if any. */
  item?: PlanItem;
  code: string;
  /** Why, in words for the visitor. */
  reason: string;
  /** Free times to book instead (after the time was taken). */
  options: Slot[];
  /** The one of `options` to book. */
  pick?: Slot;
  /** Whether "Try the others again" sends it. */
  retry: boolean;
}

type Step = 'service' | 'day' | 'details' | 'review' | 'done' | 'plan';
type Values = Record<Field, string>;

const WEEKDAYS: Record<string, number> = { sunday: 0, monday: 1, saturday: 6 };
const enc = encodeURIComponent;
/** `20210928T090000Z`, the form Google Calendar links take. */
const compact = (iso: string) => iso.replace(/[-:]|\.\d+/g, '');
/** A random Idempotency-Key (randomUUID needs a secure context; getRandomValues does not). */
const newKey = () =>
  crypto.randomUUID?.() ??
  [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Books a session with the practice in place: treatment, a month of free days, the day's times (in the visitor's
 * zone, with the practice's time beside them when it differs), details, review, confirmation with calendar links.
 * Repeats every 2 or 4 weeks, and plans the sessions around a race day. No iframe, no cookie, no third party.
 *
 * @summary Accessible booking calendar for a practice's Soleus server.
 *
 * @attr api - Base URL of the Soleus server; default the script's origin.
 * @attr service - A service id: skips the treatment step.
 * @attr practitioner - A practitioner id, sent with availability requests (the demo server has one per practice).
 * @attr time-zone - Shows times in this IANA zone instead of the visitor's.
 * @attr mode - `inline` (default) or `popup` (a "Book a session" button opening a panel).
 * @attr min - First day offered, `YYYY-MM-DD`.
 * @attr max - Last day offered, `YYYY-MM-DD`.
 * @attr week-start - `monday`, `sunday`, `saturday` or 0–6; default the language's.
 * @attr theme - `light`, `dark` or `auto` (default).
 * @attr lang - Language of the widget; default the page's `<html lang>`.
 *
 * @fires {SoleusBookingServiceSelectEvent} soleus-booking-service-select - A treatment was chosen; `detail: { serviceId }`.
 * @fires {SoleusBookingSlotSelectEvent} soleus-booking-slot-select - A time was chosen; `detail: { serviceId, start, end }`.
 * @fires {SoleusBookingSubmitEvent} soleus-booking-submit - Before booking; cancelable; `detail: { serviceId, starts, client, series? }`.
 * @fires {SoleusBookingConfirmedEvent} soleus-booking-confirmed - Booked; `detail: { id, start, end, serviceId, series? }`.
 * @fires {SoleusBookingErrorEvent} soleus-booking-error - Loading or booking failed; `detail: { code, message }`.
 *
 * @csspart heading - Each step's heading.
 * @csspart service - A treatment button.
 * @csspart month - The month heading; `nav` the previous and next month buttons.
 * @csspart day - A day button; also `available`, `selected`, `today`.
 * @csspart time - A time choice.
 * @csspart button - Primary buttons; `secondary` the others, `retry` Retry and "Try the others again", `close` the popup's close button.
 * @csspart status - The live region with progress and errors; also `error` while it shows a problem.
 * @csspart open-button - The popup mode's button.
 * @csspart panel - The popup mode's panel.
 *
 * @cssprop --soleus-color-accent - Accent colour (buttons, selected day, focus ring).
 * @cssprop --soleus-color-text - Text colour.
 * @cssprop --soleus-color-surface - Field and panel background.
 * @cssprop --soleus-color-border - Border colour.
 * @cssprop --soleus-radius - Corner radius.
 * @cssprop --soleus-font-family - Font family.
 * @cssprop --soleus-font-size - Base font size.
 * @cssprop --soleus-scroll-margin - Space kept above a focused element scrolled into view (sticky headers).
 */
export class SoleusBookingCalendar extends SoleusElement {
  static override styles = [SoleusElement.styles, styles];

  static override properties = {
    ...SoleusElement.properties,
    api: {},
    service: {},
    practitioner: {},
    timeZone: { attribute: 'time-zone' },
    mode: {},
    min: {},
    max: {},
    weekStart: { attribute: 'week-start' },
    name: { attribute: false },
    email: { attribute: false },
    step: { state: true },
    status: { state: true },
    busy: { state: true },
    failed: { state: true },
  };

  /** Base URL of the Soleus server. */
  declare api: string;
  /** A service id that skips the treatment step. */
  declare service: string;
  /** A practitioner id (sent with availability requests). */
  declare practitioner: string;
  /** IANA zone to show times in, instead of the visitor's. */
  declare timeZone: string;
  /** `inline` or `popup`. */
  declare mode: 'inline' | 'popup';
  /** First day offered, `YYYY-MM-DD`. */
  declare min: string;
  /** Last day offered, `YYYY-MM-DD`. */
  declare max: string;
  /** First day of the week: `monday`, `sunday`, `saturday` or 0–6. */
  declare weekStart: string;
  /** Prefills the name field. */
  declare name: string;
  /** Prefills the email field. */
  declare email: string;

  declare private step: Step | undefined;
  declare private status: string;
  declare private busy: boolean;
  /** A failed load to offer Retry for. */
  declare private failed: (() => void) | undefined;

  private readonly cat = new Catalogue<BookingMessages>(this, en, loaders);
  private services: Service[] = [];
  private practice?: Practice;
  private serviceId = '';
  private zone = '';
  private named = '';
  private pz = '';
  private today = '';
  private month: Month = '';
  private focusDay: Day = '';
  private day: Day = '';
  private chosen?: Slot;
  private values: Values = { name: '', email: '', phone: '', notes: '', eventDate: '' };
  private areas = new Set<number>();
  private training = false;
  private errors: Partial<Record<Field, string>> = {};
  private every = 0;
  private count = 4;
  private occurrences: Occurrence[] = [];
  private picks = new Map<number, Slot>();
  private planEvent = '';
  private plan?: PlanItem[];
  private planning = false;
  private booked: Booked[] = [];
  private failures: Failure[] = [];
  /** Free slots by day, per `service|month`, as loaded. */
  private days = new Map<string, Map<Day, Slot[]>>();
  private loads = new Map<string, Promise<Map<Day, Slot[]>>>();
  /** One Idempotency-Key per request body: reused on a retry or double click, replaced when anything changes. */
  private keys = new Map<string, string>();
  private formats = new Map<string, Intl.DateTimeFormat>();
  private stop?: () => void;
  /** The last problem announced: the status shows it in the error style while it is still what the status says. */
  private bad = '';
  /** Connected inline with nothing loaded yet: the next update starts loading (see willUpdate). */
  private pending = false;

  constructor() {
    super();
    this.mode = 'inline';
    this.status = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.mode == 'popup') setTimeout(() => void floating().catch(() => {}), 1000);
    else if (!this.step) {
      this.pending = true;
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Loading starts here, in the update that follows connectedCallback (a promise job), not in connectedCallback.
    // An element upgraded while its script is still being evaluated (the usual embed: a module script after the
    // element) would start its fetch() from inside the bundle's top-level code, and that fetch costs about 2 ms more
    // main thread than one started here (measured in Chromium, DevTools closed): the browser captures the calling
    // stack, and V8 first re-parses the whole bundle to find positions in its top-level code (`new Error().stack` at
    // the same spot costs the same). From here the stack holds small functions only, and the first render already
    // shows the loading state.
    if (this.pending) {
      this.pending = false;
      this.start();
    }
    void this.cat.update();
    if (changed.has('name') && this.name && !this.values.name) this.values.name = this.name;
    if (changed.has('email') && this.email && !this.values.email) this.values.email = this.email;
  }

  // ---------------------------------------------------------------- data

  private base(): string {
    return apiBase(this.api);
  }

  /** Runs a load, turning a failure into a message with Retry (which runs it again). */
  private async load(run: () => Promise<unknown>): Promise<void> {
    this.failed = undefined;
    this.busy = true;
    try {
      await run();
    } catch (error) {
      const e = error as ApiError;
      this.failed = () => void this.load(run);
      this.say(e.status ? this.why(e, this.m.failed) : this.m.network, e.code ?? 'network_error');
    } finally {
      this.busy = false;
    }
  }

  private start(): Promise<void> {
    this.step = undefined;
    return this.load(async () => {
      const list = request<{ services: Service[]; practice?: Practice }>(this.base(), 'GET', '/api/v1/services');
      // A service fixed by the attribute: its first month is asked for at once, beside the list (which only adds its
      // name and horizon), so the month waits for one round trip instead of two. openService() then finds the
      // request in flight. An unknown id costs one 404, and the list of services is shown.
      if (this.service) {
        this.clock();
        this.loadMonth(this.service, monthOf(this.first())).catch(() => {});
      }
      const r = await list;
      this.services = r.services;
      this.practice = r.practice;
      this.pz = r.practice?.timeZone ?? '';
      const fixed = r.services.find((s) => s.id == this.service);
      if (fixed) await this.openService(fixed.id, false);
      else this.go('service', false);
    });
  }

  /** Loads one month of free slots (in the visitor's zone), once; a failure is forgotten so Retry asks again. */
  private loadMonth(service: string, month: Month): Promise<Map<Day, Slot[]>> {
    const k = `${service}|${month}`;
    let p = this.loads.get(k);
    if (!p) {
      const [from, to] = monthRange(month);
      const who = this.practitioner ? `&practitioner=${enc(this.practitioner)}` : '';
      // With a named zone the server cuts days in it. On the visitor's own clock (no zone name yet: naming it costs the
      // page's first Intl call), ask for the practice's days one either side and keep the month's local days.
      const range = this.zone
        ? `from=${from}&to=${to}&timeZone=${enc(this.zone)}`
        : `from=${addDays(from, -1)}&to=${addDays(to, 1)}`;
      p = request<{ timeZone: string; slots: Slot[] }>(
        this.base(),
        'GET',
        `/api/v1/availability?service=${enc(service)}&${range}${who}`,
      ).then((r) => {
        this.pz = r.timeZone;
        const days = byDay(r.slots, this.zone);
        for (const d of [...days.keys()]) if (d < from || d > to) days.delete(d);
        this.days.set(k, days);
        // Nothing shows availability while the first step is still loading: the step that follows renders anyway.
        if (this.step) this.requestUpdate();
        return days;
      });
      p.catch(() => this.loads.delete(k));
      this.loads.set(k, p);
    }
    return p;
  }

  /** Sets the zone days are cut in and today in it: '' = the visitor's own clock, read without Intl (the zone's name is looked up only when shown or sent). */
  private clock(): void {
    this.zone = this.timeZone || '';
    this.today = wall(Date.now(), this.zone)[0];
  }

  /** Forgets loaded availability (after a 409 the server knows better). */
  private forget(): void {
    this.loads.clear();
    this.days.clear();
  }

  private svc(id = this.serviceId): Service | undefined {
    return this.services.find((s) => s.id == id);
  }

  /** Last bookable day: the service's horizon, and `max`. */
  private last(id?: string): Day {
    const d = addDays(this.today, this.svc(id)?.horizonDays ?? 90);
    return this.max && this.max < d ? this.max : d;
  }

  private first(): Day {
    return this.min && this.min > this.today ? this.min : this.today;
  }

  private async openService(id: string, emit = true): Promise<void> {
    this.serviceId = id;
    this.day = '';
    this.chosen = undefined;
    if (emit) this.dispatchEvent(new SoleusBookingServiceSelectEvent({ serviceId: id }));
    this.clock();
    const lastMonth = monthOf(this.last());
    let found: Day | undefined;
    // The calendar opens on the first month with a free slot.
    for (let m = monthOf(this.first()); m <= lastMonth && !found; m = addMonthsToMonth(m, 1)) {
      const days = await this.loadMonth(id, m);
      found = [...days.keys()].sort().find((d) => this.open(d, days));
    }
    this.month = monthOf(found ?? this.first());
    this.focusDay = found ?? this.first();
    // The month is ready, so nothing is loading any more. load() would say so too, but only a few promise jobs after
    // the month's first render, which would then render the whole month a second time before it is ever painted.
    this.busy = false;
    this.go('day', emit);
    // The next month is fetched once this one is painted (a task after the frame that shows it), never before.
    void this.updateComplete.then(() => requestAnimationFrame(() => setTimeout(() => this.prefetch())));
  }

  private prefetch(): void {
    const next = addMonthsToMonth(this.month, 1);
    if (next <= monthOf(this.last())) this.loadMonth(this.serviceId, next).catch(() => {});
  }

  /** Whether a day can be booked: in range and with a free slot. (A month's render passes its days and range in.) */
  private open(
    d: Day,
    days = this.days.get(`${this.serviceId}|${monthOf(d)}`),
    lo = this.first(),
    hi = this.last(),
  ): boolean {
    return d >= lo && d <= hi && !!days?.get(d)?.length;
  }

  // ---------------------------------------------------------------- formatting

  private get m(): BookingMessages {
    return this.cat.messages;
  }

  /** "Tuesday 28 September 2021"; the month grid passes the weekday its column already knows. */
  private dateLabel(d: Day, wd = weekday(d)): string {
    const m = this.m;
    return fill(m.date, {
      weekday: m.weekdays[wd]!,
      day: +d.slice(8),
      month: m.months[+d.slice(5, 7) - 1]!,
      year: d.slice(0, 4),
    });
  }

  /** The visitor's zone by name (`Europe/London`): the `time-zone` attribute, else the browser's, looked up once. */
  private zoneName(): string {
    return this.zone || (this.named ||= visitorZone());
  }

  private time(iso: string, zone = this.zone): string {
    const k = `${this.cat.locale}|${zone}`;
    let f = this.formats.get(k);
    // timeStyle 'short' is the locale's own clock: 09:00 in en-GB, de and fr, 9:00 in es, 9:00 AM in en-US
    // (`hour: 'numeric'` would drop en-GB's leading zero).
    if (!f)
      this.formats.set(
        k,
        (f = new Intl.DateTimeFormat(this.cat.locale, { timeStyle: 'short', timeZone: zone || undefined })),
      );
    return f.format(new Date(iso));
  }

  /** " (09:00 in London)" when the practice's clock shows another time than the visitor's, else nothing. */
  private also(iso: string): string {
    return this.differs(iso)
      ? ` (${fill(this.m.practiceTime, { time: this.time(iso, this.pz), city: city(this.pz) })})`
      : '';
  }

  /** "Tuesday 28 September 2021, 10:00" in the visitor's zone, plus "(09:00 in London)" when the practice's differs. */
  private when(iso: string): string {
    return `${this.dateLabel(wall(iso, this.zone)[0])}, ${this.time(iso)}${this.also(iso)}`;
  }

  /** "Wed 25 Nov, 09:00" for a choice in a select, which a phone cannot wrap (only drawn after the first paint). */
  private short(iso: string): string {
    const k = `${this.cat.locale}|${this.zone}|d`;
    let f = this.formats.get(k);
    if (!f)
      this.formats.set(
        k,
        (f = new Intl.DateTimeFormat(this.cat.locale, {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          timeZone: this.zone || undefined,
        })),
      );
    return `${f.format(new Date(iso))}, ${this.time(iso)}${this.also(iso)}`;
  }

  /** Whether the practice's clock shows another time than the visitor's (then both are shown). */
  private differs(iso: string): boolean {
    return !!this.pz && this.pz != this.zoneName() && this.time(iso, this.pz) != this.time(iso);
  }

  private price(s?: Service): string {
    return s?.price
      ? new Intl.NumberFormat(this.cat.locale, { style: 'currency', currency: s.price.currency }).format(
          s.price.amount / 100,
        )
      : '';
  }

  private ws(): number {
    const w = this.weekStart?.toLowerCase();
    return w in WEEKDAYS ? WEEKDAYS[w]! : /^[0-6]$/.test(w ?? '') ? +w : this.m.weekStart;
  }

  // ---------------------------------------------------------------- navigation

  /** Shows a step; with `focus`, moves focus to its heading (never on the first render: the page must not jump). */
  private async go(step: Step, focus = true): Promise<void> {
    this.step = step;
    this.status = '';
    this.failed = undefined;
    if (!focus) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#h')?.focus();
  }

  private back(): void {
    const s = this.step;
    // Leaving the plan for the calendar drops it: a later single booking or series must not book the plan.
    if (s == 'plan') this.plan = undefined;
    this.go(
      s == 'review'
        ? 'details'
        : s == 'details'
          ? this.plan
            ? 'plan'
            : 'day'
          : this.service && this.svc(this.service)
            ? 'day'
            : 'service',
    );
  }

  /** A refusal in the visitor's language: the catalogue's words for a known code, else `other`. */
  private why(e: ApiError, other: string): string {
    return Object.hasOwn(this.m.errors, e.code) ? this.m.errors[e.code as keyof BookingMessages['errors']] : other;
  }

  /** Announces a message in the live region, and an error event when `code` is given. */
  private say(message: string, code?: string): void {
    this.status = this.bad = message;
    if (code) this.dispatchEvent(new SoleusBookingErrorEvent({ code, message }));
  }

  private async showMonth(m: Month, focusDay: Day, focus: boolean): Promise<void> {
    this.month = m;
    this.focusDay = focusDay;
    this.requestUpdate();
    const run = () => this.loadMonth(this.serviceId, m).then(() => this.prefetch());
    void this.load(run);
    if (!focus) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-day="${focusDay}"]`)?.focus();
  }

  private step2month(delta: number): void {
    const m = addMonthsToMonth(this.month, delta);
    if (!this.monthOk(m)) return;
    const d = `${m}-${this.focusDay.slice(8)}`;
    void this.showMonth(m, clamp(monthOf(d) == m ? d : monthRange(m)[1], monthRange(m)[0], monthRange(m)[1]), false);
  }

  private monthOk(m: Month): boolean {
    return m >= monthOf(this.first()) && m <= monthOf(this.last());
  }

  private onGridKey(e: KeyboardEvent): void {
    const lo = monthRange(monthOf(this.first()))[0];
    const hi = monthRange(monthOf(this.last()))[1];
    const d = moveDay(this.focusDay, e.key, e.shiftKey, this.ws(), getComputedStyle(this).direction == 'rtl', lo, hi);
    if (!d) return;
    e.preventDefault();
    void this.showMonth(monthOf(d), d, true);
  }

  private async pickDay(d: Day): Promise<void> {
    this.focusDay = d;
    if (!this.open(d)) {
      this.status = `${this.dateLabel(d)}, ${this.reason(d)}`;
      return;
    }
    if (this.day != d) this.chosen = undefined;
    this.day = d;
    this.status = '';
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#th')?.focus();
  }

  private pickSlot(s: Slot): void {
    this.chosen = s;
    this.plan = undefined;
    this.requestUpdate();
    this.dispatchEvent(new SoleusBookingSlotSelectEvent({ serviceId: this.serviceId, start: s.start, end: s.end }));
  }

  /** Continue on the month: on to the details; with no time chosen yet, says so and moves to the first time. */
  private onNext(): void {
    if (this.chosen) return void this.go('details');
    this.status = this.m.chooseTime;
    this.renderRoot.querySelector<HTMLElement>('input[name=slot]')?.focus();
  }

  /** Why a day can or cannot be booked, the end of its accessible name: "3 times available", "fully booked"… */
  private reason(
    d: Day,
    days = this.days.get(`${this.serviceId}|${monthOf(d)}`),
    lo = this.first(),
    hi = this.last(),
  ): string {
    const m = this.m;
    const n = days?.get(d)?.length ?? 0;
    return d < lo || d > hi ? m.unavailable : !n ? m.fullyBooked : n == 1 ? m.availableOne : fill(m.available, { n });
  }

  /** A click on a day: one listener for the whole month instead of one per day button. */
  private onGridClick(e: Event): void {
    const d = (e.target as Element).closest<HTMLElement>('[data-day]')?.dataset.day;
    if (d) void this.pickDay(d);
  }

  // ---------------------------------------------------------------- details

  private input(id: Field, value: string): void {
    this.values[id] = value;
    if (this.errors[id] && !this.problem(id)) {
      this.errors = { ...this.errors, [id]: undefined };
      this.requestUpdate();
    }
  }

  private problem(id: Field): string | undefined {
    const m = this.m;
    if (id == 'eventDate' && !this.training) return;
    const p = problem(id, this.values[id]);
    return p == 'long'
      ? fill(m.tooLong, { max: MAX[id] })
      : p == 'control'
        ? m.control
        : p == 'required'
          ? m.required
          : p && (id == 'email' ? m.emailInvalid : id == 'phone' ? m.phoneInvalid : m.dateInvalid);
  }

  /** Marks invalid fields beside them, announces it and focuses the first; true when all is well. */
  private async check(ids: Field[]): Promise<boolean> {
    const errors: Partial<Record<Field, string>> = {};
    for (const id of ids) {
      const p = this.problem(id);
      if (p) errors[id] = p;
    }
    this.errors = errors;
    const ok = !Object.keys(errors).length;
    this.status = this.bad = ok ? '' : this.m.fix;
    this.requestUpdate();
    if (!ok) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
    }
    return ok;
  }

  private async onDetails(e: Event): Promise<void> {
    e.preventDefault();
    // A host page's own <form> around the element must never see this one's submission.
    e.stopPropagation();
    if (await this.check(['name', 'email', 'phone', 'notes', 'eventDate'])) {
      if (this.every && !this.plan) await this.preview();
      this.go('review');
    }
  }

  // ---------------------------------------------------------------- series

  /** Checks every occurrence of the chosen repeat against availability (loading the months it needs). */
  private async preview(): Promise<void> {
    this.picks.clear();
    this.occurrences = [];
    if (!this.every || !this.chosen) return this.requestUpdate();
    const slot = this.chosen;
    const months = seriesMonths(this.day, this.every, this.count).filter((m) => this.monthOk(m));
    await this.load(async () => {
      await Promise.all(months.map((m) => this.loadMonth(this.serviceId, m)));
      const free = months.flatMap((m) => [...(this.days.get(`${this.serviceId}|${m}`)?.values() ?? [])].flat());
      this.occurrences = previewSeries(slot, this.every, this.count, this.pz || this.zoneName(), free, this.last());
      for (const o of this.occurrences) if (!o.slot && o.alternatives[0]) this.picks.set(o.index, o.alternatives[0]);
    });
  }

  /**
   * The requests that book what the visitor reviewed. A series whose sessions all fall at the regular time goes as
   * ONE request with `series` (the server books all or none, keeping the practice's local wall time). When the
   * visitor took an alternative for a taken session, the set is no longer a regular series (and dropping the
   * alternatives could leave gaps the server's `series` cannot express), so each session is booked on its own,
   * with its own Idempotency-Key, and any that fail are reported by date.
   */
  private orders(): Order[] {
    if (this.plan)
      return this.plan
        .filter((i) => i.slot && !i.beyond)
        .map((i) => ({ serviceId: i.serviceId, start: i.slot!.start }));
    const s = this.serviceId;
    if (!this.every) return [{ serviceId: s, start: this.chosen!.start }];
    if (this.occurrences.every((o) => o.slot))
      return [{ serviceId: s, start: this.chosen!.start, series: { everyWeeks: this.every, count: this.count } }];
    return this.occurrences.flatMap((o) => {
      const slot = o.slot ?? this.picks.get(o.index);
      return slot ? [{ serviceId: s, start: slot.start }] : [];
    });
  }

  // ---------------------------------------------------------------- plan

  private planServices() {
    const pick = (id: string, words: RegExp) =>
      (findService(this.services, id, words) ?? this.svc() ?? this.services[0])!.id;
    return {
      build: pick('sports-massage-60', /sports.*60/i),
      pre: pick('pre-event-massage', /pre-event/i),
      post: pick('post-event-recovery-massage', /post-event|recovery/i),
      maintenance: pick('monthly-maintenance-massage', /maintenance/i),
    };
  }

  private async propose(): Promise<void> {
    const m = this.m;
    this.values.eventDate = this.planEvent;
    this.training = true;
    this.areas = new Set(this.areas);
    if (!(await this.check(['eventDate']))) return;
    this.clock();
    const services = this.planServices();
    const event = this.planEvent;
    const first = this.first();
    const ids = [...new Set(Object.values(services))];
    const end = [this.last(), addDays(event, 100)].sort()[0]!;
    const months: Month[] = [];
    for (let x = monthOf(first); x <= monthOf(end); x = addMonthsToMonth(x, 1)) months.push(x);
    this.planning = true;
    this.status = m.loading;
    await this.load(async () => {
      await Promise.all(ids.flatMap((id) => months.map((x) => this.loadMonth(id, x))));
      const free = (id: string) => new Map(months.flatMap((x) => [...(this.days.get(`${id}|${x}`) ?? [])]));
      this.plan = racePlan(event, first, this.last(ids[0]), services, free);
      this.status = fill(m.suggested, { n: this.orders().length });
    });
    this.planning = false;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#ph')?.focus();
  }

  // ---------------------------------------------------------------- booking

  /** The client, notes and answers every request of this attempt carries. */
  private who() {
    const v = this.values;
    const client = { name: v.name.trim(), email: v.email.trim(), ...(v.phone.trim() ? { phone: v.phone.trim() } : {}) };
    const answers: Record<string, string> = {};
    if (this.areas.size)
      answers.tight = [...this.areas]
        .sort()
        .map((i) => en.areas[i])
        .join(', ');
    if (this.training && v.eventDate) answers.eventDate = v.eventDate;
    return { client, notes: v.notes.trim() || undefined, answers: Object.keys(answers).length ? answers : undefined };
  }

  /** Fires the cancelable submit event; true when the host lets the booking go ahead. */
  private submit(orders: Order[]): boolean {
    return (
      !!orders.length &&
      this.dispatchEvent(
        new SoleusBookingSubmitEvent({
          serviceId: orders[0]!.serviceId,
          starts: orders.map((o) => o.start),
          client: this.who().client,
          series: orders[0]!.series,
        }),
      )
    );
  }

  /**
   * Posts each order with its Idempotency-Key. A key is kept for a retry only while the first attempt may have
   * reached the server and booked (no answer, a timeout, a 5xx, or the same key still running): the retry is
   * then answered with that booking, never a second one. After a definite refusal (409, another 4xx) nothing was
   * written, and the next attempt is a new one with a new key (the same key would only replay the refusal).
   */
  private async send(orders: Order[]): Promise<[Booked[], [Order, ApiError][]]> {
    const booked: Booked[] = [];
    const failed: [Order, ApiError][] = [];
    this.busy = true;
    this.status = this.m.sending;
    for (const o of orders) {
      const body = { ...o, ...this.who(), timeZone: this.zoneName() };
      const sig = JSON.stringify(body);
      const key = this.keys.get(sig) ?? newKey();
      this.keys.set(sig, key);
      try {
        const r = await request<{ booking: Omit<Booked, 'token'>; manageToken: string }>(
          this.base(),
          'POST',
          '/api/v1/bookings',
          {
            body,
            headers: { 'Idempotency-Key': key },
            timeout: 20_000,
          },
        );
        this.keys.delete(sig);
        booked.push({ ...r.booking, token: r.manageToken });
      } catch (error) {
        const e = error as ApiError;
        if (e.status && e.status < 500 && e.code != 'request_in_progress') this.keys.delete(sig);
        failed.push([o, e]);
      }
    }
    this.busy = false;
    this.status = '';
    for (const b of booked)
      this.dispatchEvent(
        new SoleusBookingConfirmedEvent({
          id: b.id,
          start: b.start,
          end: b.end,
          serviceId: b.serviceId,
          series: b.series,
        }),
      );
    return [booked, failed];
  }

  private async confirm(): Promise<void> {
    if (this.busy) return;
    const m = this.m;
    const orders = this.orders();
    if (!this.submit(orders)) return;
    const [booked, failed] = await this.send(orders);
    if (booked.length) {
      this.booked = booked;
      return this.finish(failed);
    }
    const e = failed.at(-1)![1];
    if (e.code == 'slot_unavailable' || e.code == 'outside_booking_window') {
      // The time went (or the clock passed it): fresh times for that day, nothing the visitor typed is lost.
      this.forget();
      if (orders.length == 1 && !orders[0]!.series && !this.plan) {
        this.month = monthOf(this.day);
        this.focusDay = this.day;
        await this.load(() => this.loadMonth(this.serviceId, this.month));
        this.chosen = undefined;
        await this.go('day');
        return this.say(
          e.code == 'slot_unavailable'
            ? fill(m.justTaken, { date: this.dateLabel(this.day) })
            : m.errors.outside_booking_window,
          e.code,
        );
      }
      if (this.plan) await this.propose();
      else await this.preview();
      return this.say(this.why(e, e.message), e.code);
    }
    const fields = Object.keys(e.fields ?? {}).filter((f) => f.startsWith('client.') || f == 'notes');
    if (e.code == 'invalid_request' && fields.length) {
      await this.go('details', false);
      await this.check(['name', 'email', 'phone', 'notes']);
      // The server refused something the browser's checks passed: show its words beside the field.
      if (!Object.keys(this.errors).length) {
        const f = fields[0]!;
        this.errors = { [f.replace('client.', '')]: e.fields[f] };
        this.requestUpdate();
      }
      return this.say(m.fix, e.code);
    }
    this.say(this.why(e, e.status && e.status < 500 ? e.message : m.network), e.code);
  }

  /**
   * Shows the confirmation after some bookings went through. Sessions that failed (a plan or a series booked one by
   * one) are listed with their reason; a time that was just taken gets that day's (or the plan part's) fresh free
   * times to pick from, so "Try the others again" can book them.
   */
  private async finish(failed: [Order, ApiError][]): Promise<void> {
    this.forget();
    const fails: Failure[] = [];
    for (const [order, e] of failed) {
      const item = this.plan?.find((i) => i.serviceId == order.serviceId && i.slot?.start == order.start);
      const refused = e.code == 'slot_unavailable' || e.code == 'outside_booking_window';
      const f: Failure = {
        order,
        item,
        code: e.code,
        reason:
          e.code == 'slot_unavailable'
            ? this.m.takenNow
            : this.why(e, e.status && e.status < 500 ? e.message : this.m.network),
        options: [],
        retry: !e.status || e.status >= 500 || e.code == 'request_in_progress',
      };
      if (refused) {
        const d = wall(order.start, this.zone)[0];
        const days = item?.days ?? [-3, -2, -1, 0, 1, 2, 3].map((n) => addDays(d, n));
        await this.load(async () => {
          await Promise.all(
            [...new Set(days.map(monthOf))]
              .filter((x) => this.monthOk(x))
              .map((x) => this.loadMonth(order.serviceId, x)),
          );
          const used = new Set([order.start, ...this.booked.map((b) => b.start), ...fails.map((x) => x.pick?.start)]);
          f.options = [...days]
            .sort()
            .flatMap((x) => this.days.get(`${order.serviceId}|${monthOf(x)}`)?.get(x) ?? [])
            .filter((s) => !used.has(s.start));
          f.pick = f.options[0];
          f.retry = !!f.pick;
        });
      }
      fails.push(f);
    }
    this.failures = fails;
    this.requestUpdate();
    await this.go('done');
    if (fails.length) this.say(this.m.planFailed, failed.at(-1)![1].code);
  }

  /** Books the sessions that failed again: the same key where the first try may have booked, a new time where it was taken. */
  private async retryFailed(): Promise<void> {
    const todo = this.failures.filter((f) => f.retry);
    const orders = todo.map((f) => (f.pick ? { ...f.order, start: f.pick.start } : f.order));
    if (this.busy || !this.submit(orders)) return;
    const [booked, failed] = await this.send(orders);
    this.booked = [...this.booked, ...booked];
    await this.finish([
      ...this.failures
        .filter((f) => !f.retry)
        .map((f) => [f.order, { code: f.code, message: f.reason, status: 400 } as ApiError] as [Order, ApiError]),
      ...failed,
    ]);
  }

  private again(): void {
    this.booked = [];
    this.failures = [];
    this.chosen = undefined;
    this.day = '';
    this.plan = undefined;
    this.every = 0;
    this.occurrences = [];
    if (this.service && this.svc(this.service))
      void this.load(() => this.openService(this.service, false)).then(() => this.go('day'));
    else this.go('service');
  }

  // ---------------------------------------------------------------- popup

  private async show(): Promise<void> {
    const dialog = this.renderRoot.querySelector('dialog')!;
    const button = this.renderRoot.querySelector<HTMLElement>('[part=open-button]')!;
    dialog.showModal();
    const h = () => this.renderRoot.querySelector<HTMLElement>('#h')?.focus();
    // showModal() focuses ×; the step's heading takes focus once the first step is there.
    if (!this.step)
      void this.start()
        .then(() => this.updateComplete)
        .then(h);
    else h();
    // Floating UI only matters once a popup opens: a separate file, fetched ahead a second after the page loads.
    const { autoUpdate, computePosition, flip, offset, shift, size } = await floating();
    if (!dialog.open) return;
    this.stop = autoUpdate(button, dialog, () => {
      // Narrow screens get the stylesheet's full-width sheet from the bottom, not a floating panel.
      if (matchMedia('(max-width: 40em)').matches) return void (dialog.style.cssText = '');
      void computePosition(button, dialog, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          offset(8),
          flip(),
          shift({ padding: 8 }),
          size({
            padding: 8,
            apply: ({ availableHeight, availableWidth }) =>
              void Object.assign(dialog.style, {
                maxHeight: `${Math.max(240, availableHeight)}px`,
                maxWidth: `${availableWidth}px`,
              }),
          }),
        ],
      }).then(({ x, y }) => Object.assign(dialog.style, { left: `${x}px`, top: `${y}px` }));
    });
  }

  private closed(): void {
    this.stop?.();
    this.stop = undefined;
    this.renderRoot.querySelector<HTMLElement>('[part=open-button]')?.focus();
  }

  // ---------------------------------------------------------------- rendering
  // Templates are kept on few lines: the build's template minifier stops at nested templates.

  override render(): TemplateResult {
    const m = this.m;
    // The heading, the live region and Retry stay the same nodes from step to step (a live region must exist before
    // it speaks), and messages show right under the heading, where the visitor is looking.
    const [title, rest] = this.body();
    // aria-busy only on what is loading (the month table, the skeleton), never around the live regions.
    const flow = html`<div class="flow">
      ${title ? html`<h3 id="h" tabindex="-1" part="heading" class=${this.step == 'done' ? 'ok' : ''}>${title}</h3>` : nothing}
      <p class="status" role="status" part="status${this.status == this.bad ? ' error' : ''}">${this.status}</p>
      ${this.failed ? html`<button type="button" class="btn" part="button retry" @click=${this.failed}>${m.retry}</button>` : nothing}${rest}
    </div>`;
    if (this.mode != 'popup') return html`<div class="root" lang=${this.cat.locale}>${flow}</div>`;
    return html`<div class="root" lang=${this.cat.locale}>
      <button type="button" class="btn" part="open-button" aria-haspopup="dialog" @click=${this.show}>${m.open}</button>
      <dialog
        part="panel"
        aria-labelledby=${title ? 'h' : nothing}
        aria-label=${title ? nothing : m.open}
        @close=${this.closed}
      >
        <div class="root">
          <button
            type="button"
            class="close"
            part="button close"
            aria-label=${m.close}
            @click=${() => this.renderRoot.querySelector('dialog')!.close()}
          >
            ×</button
          >${flow}
        </div>
      </dialog>
    </div>`;
  }

  private nav(next?: TemplateResult): TemplateResult {
    return html`<div class="nav">
      <button type="button" class="btn secondary" part="button secondary" @click=${this.back}>${this.m.back}</button
      >${next ?? nothing}
    </div>`;
  }

  /** Names the zone times are shown in ("Times in London time"), where times are listed outside the times step. */
  private zoneNote(): TemplateResult {
    return html`<p class="note">${fill(this.m.zone, { zone: city(this.zoneName()) })}</p>`;
  }

  /** "60 min · £60.00". */
  private facts(s: Service): string {
    return `${fill(this.m.minutes, { n: s.durationMinutes })}${s.price ? ` · ${this.price(s)}` : ''}`;
  }

  /** A plan part's name, with its treatment unless the treatment's name already says it. */
  private partName(item: PlanItem): string {
    const kind = this.m.kinds[item.kind];
    const name = this.svc(item.serviceId)?.name ?? '';
    return !name || name.toLowerCase().startsWith(kind.toLowerCase()) ? kind : `${kind} · ${name}`;
  }

  /** The step's heading and the rest of it. */
  private body(): [string, TemplateResult] {
    const m = this.m;
    switch (this.step) {
      case 'service':
        return [
          m.service,
          html`<ul class="services">
              ${this.services.map(
                (s) =>
                  html`<li>
                    <button
                      type="button"
                      class="service"
                      part="service"
                      aria-describedby="d-${s.id}"
                      @click=${() => this.openService(s.id)}
                    >
                      <b>${s.name}</b><span>${this.facts(s)}</span>
                    </button>
                    <p id="d-${s.id}">${s.description}</p>
                  </li>`,
              )}
            </ul>
            ${this.planButton()}`,
        ];
      case 'day':
        return this.calendar();
      case 'details':
        return this.details();
      case 'review':
        return this.review();
      case 'done':
        return this.done();
      case 'plan':
        return this.planStep();
      default:
        // Shaped like the first real step: the month when a service is fixed, else the list of treatments.
        return [
          '',
          html`<div class="skeleton${this.service ? '' : ' s'}" aria-hidden="true" aria-busy="true">
              ${Array(this.service ? 4 : 8).fill(html`<div></div>`)}
            </div>
            <span class="sr-only">${this.failed ? '' : m.loading}</span>`,
        ];
    }
  }

  private planButton(): TemplateResult {
    return html`<p class="alt">
      <button type="button" class="link" part="button secondary" @click=${() => this.go('plan')}>
        ${this.m.planOpen}
      </button>
    </p>`;
  }

  private calendar(): [string, TemplateResult] {
    const m = this.m;
    const ws = this.ws();
    const month = this.month;
    const days = this.days.get(`${this.serviceId}|${month}`);
    // Worked out once per render, not once per day.
    const lo = this.first();
    const hi = this.last();
    const free = days && [...days.keys()].some((d) => this.open(d, days, lo, hi));
    const slots = (this.day && this.days.get(`${this.serviceId}|${monthOf(this.day)}`)?.get(this.day)) || [];
    const order = [0, 1, 2, 3, 4, 5, 6].map((i) => (i + ws) % 7);
    const label = `${m.months[+month.slice(5) - 1]} ${month.slice(0, 4)}`;
    const cell = (d: Day | null, col: number) => {
      if (!d) return html`<td></td>`;
      const open = this.open(d, days, lo, hi);
      return html`<td>
        <button
          type="button"
          part="day${open ? ' available' : ''}${d == this.day ? ' selected' : ''}${d == this.today ? ' today' : ''}"
          data-day=${d}
          tabindex=${d == this.focusDay ? 0 : -1}
          aria-pressed=${d == this.day}
          aria-current=${d == this.today ? 'date' : nothing}
          aria-disabled=${!open}
          aria-label="${this.dateLabel(d, order[col])}, ${days ? this.reason(d, days, lo, hi) : m.loading}"
        >
          ${+d.slice(8)}
        </button>
      </td>`;
    };
    const svc = this.svc();
    return [
      m.day,
      html`${svc ? html`<p class="sub">${svc.name} · ${fill(m.minutes, { n: svc.durationMinutes })}</p>` : nothing}
        <div class="month">
          <button
            type="button"
            class="arrow"
            part="nav"
            aria-label=${m.prevMonth}
            aria-disabled=${!this.monthOk(addMonthsToMonth(month, -1))}
            @click=${() => this.step2month(-1)}
          >
            ‹
          </button>
          <h4 id="mh" part="month" aria-live="polite">${label}</h4>
          <button
            type="button"
            class="arrow"
            part="nav"
            aria-label=${m.nextMonth}
            aria-disabled=${!this.monthOk(addMonthsToMonth(month, 1))}
            @click=${() => this.step2month(1)}
          >
            ›
          </button>
        </div>
        <table aria-labelledby="mh" aria-busy=${this.busy} @keydown=${this.onGridKey} @click=${this.onGridClick}>
          <thead>
            <tr>
              ${order.map((i) => html`<th scope="col"><span aria-hidden="true">${m.weekdaysShort[i]}</span><span class="sr-only">${m.weekdays[i]}</span></th>`)}
            </tr>
          </thead>
          <tbody>
            ${[...monthGrid(month, ws), ...Array(6).fill([])].slice(0, 6).map((w: (Day | null)[]) =>
              w.length
                ? html`<tr>
                    ${w.map(cell)}
                  </tr>`
                : html`<tr aria-hidden="true"></tr>`,
            )}
          </tbody>
        </table>
        ${days && !free ? html`<p class="note">${[...this.days.keys()].some((k) => k.startsWith(this.serviceId) && [...this.days.get(k)!.values()].some((x) => x.length)) ? m.noneMonth : fill(m.noneAtAll, { n: svc?.horizonDays ?? 90 })}</p>` : nothing}${slots.length ? this.times(slots) : nothing}
        <div class="nav">
          ${this.service && this.svc(this.service) ? nothing : html`<button type="button" class="btn secondary" part="button secondary" @click=${this.back}>${m.back}</button>`}${slots.length ? html`<button type="button" class="btn" part="button" @click=${this.onNext}>${m.next}</button>` : nothing}
        </div>
        ${this.planButton()}`,
    ];
  }

  private times(slots: Slot[]): TemplateResult {
    const m = this.m;
    return html`<h4 id="th" tabindex="-1">${fill(m.times, { date: this.dateLabel(this.day) })}</h4>
      <p class="note" id="tz">${fill(m.zone, { zone: city(this.zoneName()) })}</p>
      <div class="times" role="radiogroup" aria-labelledby="th" aria-describedby="tz">
        ${slots.map((s) => html`<label class="time" part="time"><input type="radio" name="slot" .checked=${this.chosen?.start == s.start} @change=${() => this.pickSlot(s)} /><span>${this.time(s.start)}${this.differs(s.start) ? html`<small>${fill(m.practiceTime, { time: this.time(s.start, this.pz), city: city(this.pz) })}</small>` : nothing}</span></label>`)}
      </div>`;
  }

  private field(id: Field, label: string, type = 'text', auto = 'off'): TemplateResult {
    const e = this.errors[id];
    const attrs = (ev: Event) => this.input(id, (ev.target as HTMLInputElement).value);
    return html`<div class="field">
      <label for=${id}>${label}</label
      >${id == 'notes' ? html`<textarea id=${id} rows="3" .value=${this.values[id]} @input=${attrs} aria-invalid=${!!e} aria-describedby=${e ? `${id}-e` : nothing}></textarea>` : html`<input id=${id} type=${type} autocomplete=${auto} .value=${this.values[id]} @input=${attrs} ?required=${id == 'name' || id == 'email'} aria-invalid=${!!e} aria-describedby=${e ? `${id}-e` : nothing} />`}${e ? html`<span class="error" id="${id}-e">${e}</span>` : nothing}
    </div>`;
  }

  private details(): [string, TemplateResult] {
    const m = this.m;
    return [
      m.details,
      html`<form novalidate @submit=${this.onDetails}>
        ${this.field('name', m.name, 'text', 'name')}${this.field('email', m.email, 'email', 'email')}${this.field('phone', m.phone, 'tel', 'tel')}${this.field('notes', m.notes)}
        <fieldset>
          <legend>${m.tight}</legend>
          <div class="checks">
            ${m.areas.map((a, i) => html`<label><input type="checkbox" .checked=${this.areas.has(i)} @change=${(e: Event) => ((e.target as HTMLInputElement).checked ? this.areas.add(i) : this.areas.delete(i))} />${a}</label>`)}
          </div>
        </fieldset>
        <label class="check"
          ><input
            type="checkbox"
            .checked=${this.training}
            @change=${(e: Event) => ((this.training = (e.target as HTMLInputElement).checked), this.requestUpdate())}
          />${m.training}</label
        >${this.training ? this.field('eventDate', m.eventDate, 'date') : nothing}${this.nav(html`<button class="btn" part="button">${m.next}</button>`)}
      </form>`,
    ];
  }

  private review(): [string, TemplateResult] {
    const m = this.m;
    const svc = this.svc();
    const where = this.practice?.address;
    const blocked = this.plan
      ? !this.orders().length
      : this.occurrences.some((o) => o.beyond || (!o.slot && !this.picks.get(o.index)));
    const n = this.orders().length;
    const count = this.plan ? n : this.every ? this.count : 1;
    const summary = this.plan
      ? this.planList(false)
      : html`<dl>
            <dt>${m.what}</dt>
            <dd>${svc?.name}</dd>
            <dt>${m.when}</dt>
            <dd>${this.when(this.chosen!.start)}</dd>
            ${
              where
                ? html`<dt>${m.where}</dt>
                    <dd>${where}</dd>`
                : nothing
            }${
              svc?.price
                ? html`<dt>${m.price}</dt>
                    <dd>${this.price(svc)}</dd>`
                : nothing
            }
          </dl>
          <div class="repeat">
            <div class="field">
              <label for="every">${m.repeat}</label
              ><select
                id="every"
                @change=${(e: Event) => ((this.every = +(e.target as HTMLSelectElement).value), this.preview())}
              >
                ${[0, 2, 4].map((w) => html`<option value=${w} ?selected=${this.every == w}>${w ? fill(m.every, { n: w }) : m.once}</option>`)}
              </select>
            </div>
            ${
              this.every
                ? html`<div class="field">
                    <label for="count">${m.count}</label
                    ><select
                      id="count"
                      @change=${(e: Event) => ((this.count = +(e.target as HTMLSelectElement).value), this.preview())}
                    >
                      ${[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((c) => html`<option ?selected=${this.count == c}>${c}</option>`)}
                    </select>
                  </div>`
                : nothing
            }
          </div>
          ${this.every ? this.seriesList() : nothing}`;
    return [
      m.review,
      html`${summary}${this.zoneNote()}${blocked && this.every ? html`<p class="note">${m.seriesBlocked}</p>` : nothing}${this.nav(html`<button type="button" class="btn" part="button" aria-disabled=${this.busy || blocked} @click=${() => !blocked && this.confirm()}>${this.busy ? m.sending : count > 1 ? fill(m.confirmMany, { n: count }) : m.confirm}</button>`)}`,
    ];
  }

  private seriesList(): TemplateResult {
    const m = this.m;
    return html`<ol class="list">
      ${this.occurrences.map((o) =>
        o.slot
          ? html`<li>${this.when(o.slot.start)}</li>`
          : html`<li class="taken">
              ${this.dateLabel(o.day)}: <span class="tag">${o.beyond ? m.beyond : m.taken}</span>${
                o.alternatives.length
                  ? html`<fieldset class="alts">
                      <legend>${m.instead}</legend>
                      ${[...o.alternatives].sort((a, b) => (a.start < b.start ? -1 : 1)).map((s) => html`<label class="time"><input type="radio" name="alt-${o.index}" .checked=${this.picks.get(o.index)?.start == s.start} @change=${() => (this.picks.set(o.index, s), this.requestUpdate())} /><span>${this.when(s.start)}</span></label>`)}
                    </fieldset>`
                  : nothing
              }
            </li>`,
      )}
    </ol>`;
  }

  private planList(edit: boolean): TemplateResult {
    const m = this.m;
    return html`${edit ? html`<h4 id="ph" tabindex="-1">${m.suggestions}</h4>` : nothing}
      <ol class="list">
        ${this.plan!.map(
          (item, i) =>
            html`<li>
              <b>${this.partName(item)}</b><br />${
                item.beyond
                  ? fill(m.later, { n: this.svc(item.serviceId)?.horizonDays ?? 90 })
                  : !item.slot
                    ? m.noSlot
                    : edit
                      ? html`<label class="sr-only" for="p${i}"
                            >${fill(m.nth, { kind: m.kinds[item.kind], i: i + 1, n: this.plan!.length })}</label
                          ><select
                            id="p${i}"
                            @change=${(e: Event) => ((item.slot = item.options[+(e.target as HTMLSelectElement).value]), this.requestUpdate())}
                          >
                            ${item.options.map((s, j) => html`<option value=${j} ?selected=${s.start == item.slot!.start}>${this.short(s.start)}</option>`)}
                          </select>`
                      : this.when(item.slot.start)
              }
            </li>`,
        )}
      </ol>`;
  }

  private planStep(): [string, TemplateResult] {
    const m = this.m;
    const e = this.errors.eventDate;
    return [
      m.plan,
      html`<p>${m.planIntro}</p>
        <div class="field">
          <label for="event">${m.eventDay}</label
          ><input
            id="event"
            type="date"
            .value=${this.planEvent}
            @input=${(ev: Event) => (this.planEvent = (ev.target as HTMLInputElement).value)}
            aria-invalid=${!!e}
            aria-describedby=${e ? 'event-e' : nothing}
          />${e ? html`<span class="error" id="event-e">${e}</span>` : nothing}
        </div>
        <button
          type="button"
          class="btn secondary"
          part="button secondary"
          aria-disabled=${this.planning}
          @click=${() => !this.planning && this.propose()}
        >
          ${m.propose}</button
        >${this.plan ? this.planList(true) : nothing}${this.nav(this.plan?.some((i) => i.slot && !i.beyond) ? html`<button type="button" class="btn" part="button" @click=${() => this.go('details')}>${m.next}</button>` : undefined)}`,
    ];
  }

  private done(): [string, TemplateResult] {
    const m = this.m;
    const where = this.practice?.address ?? '';
    const base = this.base();
    const fails = this.failures;
    // What still needs the visitor comes first: the sessions not booked, then the ones that are.
    return [
      m.done,
      html`<p>${fill(m.booked, { email: this.values.email.trim() })}</p>
        ${this.zoneNote()}${
          fails.length
            ? html`<div class="failed">
                <h4>${m.notBooked}</h4>
                <ul class="list">
                  ${fails.map(
                    (f, i) =>
                      html`<li>
                        <b>${f.item ? this.partName(f.item) : this.svc(f.order.serviceId)?.name}</b
                        ><br />${this.when(f.order.start)}:
                        ${f.reason}${
                          f.options.length
                            ? html`<div class="field">
                                <label for="f${i}">${m.newTime}</label
                                ><select
                                  id="f${i}"
                                  @change=${(e: Event) => (f.pick = f.options[+(e.target as HTMLSelectElement).value])}
                                >
                                  ${f.options.map((s, j) => html`<option value=${j} ?selected=${s.start == f.pick?.start}>${this.short(s.start)}</option>`)}
                                </select>
                              </div>`
                            : f.retry
                              ? nothing
                              : html`<br />${m.noSlot}`
                        }
                      </li>`,
                  )}
                </ul>
                ${fails.some((f) => f.retry) ? html`<button type="button" class="btn" part="button retry" aria-disabled=${this.busy} @click=${this.retryFailed}>${this.busy ? m.sending : m.retryOthers}</button>` : nothing}
              </div>`
            : nothing
        }
        <ul class="booked">
          ${this.booked.map((b) => {
            const svc = this.svc(b.serviceId);
            const title = `${svc?.name ?? ''} · ${this.practice?.name ?? ''}`;
            const manage = `${base}/manage#booking=${enc(b.id)}&token=${enc(b.token)}`;
            const [a, link, c] = m.manage.split(/[[\]]/);
            // Each session of a series gets its own calendar links (they share the series' manage token).
            const cal = (s: { id: string; start: string; end: string }) =>
              html`<p class="cal">
                <span>${m.addToCalendar}:</span>
                <a href="${base}/api/v1/bookings/${enc(s.id)}/calendar.ics?token=${enc(b.token)}" download>${m.ics}</a>
                <a
                  href="https://calendar.google.com/calendar/render?action=TEMPLATE&text=${enc(title)}&dates=${compact(s.start)}/${compact(s.end)}&location=${enc(where)}&details=${enc(manage)}"
                  target="_blank"
                  rel="noopener"
                  >${m.google}</a
                >
                <a
                  href="https://outlook.live.com/calendar/0/deeplink/compose?path=/calendar/action/compose&rru=addevent&subject=${enc(title)}&startdt=${enc(s.start)}&enddt=${enc(s.end)}&location=${enc(where)}&body=${enc(manage)}"
                  target="_blank"
                  rel="noopener"
                  >${m.outlook}</a
                >
              </p>`;
            return html`<li>
              <b>${svc?.name}</b
              >${b.series ? nothing : html`<span>${this.when(b.start)}</span>`}${where ? html`<span>${where}</span>` : nothing}${svc?.price ? html`<span>${this.price(svc)}</span>` : nothing}${b.series ? b.series.map((s) => html`<span>${this.when(s.start)}</span>${cal(s)}`) : cal(b)}
              <p>${a}<a href=${manage} target="_blank" rel="noopener">${link}</a>${c}</p>
            </li>`;
          })}
        </ul>
        <button type="button" class="btn secondary" part="button secondary" @click=${this.again}>${m.another}</button>`,
    ];
  }
}
