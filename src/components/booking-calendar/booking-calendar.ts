import { html, nothing, type TemplateResult } from 'lit';
import { type ApiError, apiBase, request } from '../../core/api.js';
import { SoleusElement } from '../../core/base.js';
import { Catalogue, fill } from '../../core/i18n.js';
import { addDays, addMonthsToMonth, monthOf, type Day, type Month } from './internal/dates.js';
import { DateTimeFormats } from './internal/format.js';
import { findService, planRules, racePlan, type PlanItem, type PlanRules } from './internal/plan.js';
import { previewSeries, seriesMonths, type Occurrence } from './internal/series.js';
import type { Booked, Order, Practice, Service, ServicesResponse } from './internal/types.js';
import { MAX, problem, type Field } from './internal/validate.js';
import type { Slot } from './internal/zone.js';
import { AvailabilityController } from './controllers/availability.js';
import { PopupController } from './controllers/popup.js';
import { BookingSubmitController } from './controllers/submit.js';
import { dayStep } from './steps/day.js';
import { WaitlistForm } from './steps/waitlist.js';
import { takeDeepLink, type DeepLink } from './internal/deep-link.js';
import { detailsStep, type FieldErrors, type Values } from './steps/details.js';
import { doneStep } from './steps/done.js';
import {
  dayForKey,
  dayReason,
  isOpen,
  monthInRange,
  parseWeekStart,
  stepMonth,
  type MonthView,
} from './steps/month.js';
import { planPartName, type StepView } from './steps/parts.js';
import { planStep, type PlanListView } from './steps/plan.js';
import { reviewStep } from './steps/review.js';
import { serviceStep } from './steps/service.js';
import type { TimesView } from './steps/times.js';
import en, { type BookingMessages } from './messages/en-GB.js';
import { bookingLoaders } from './messages/loaders.js';
import {
  SoleusBookingConfirmedEvent,
  SoleusBookingErrorEvent,
  SoleusBookingServiceSelectEvent,
  SoleusBookingSlotSelectEvent,
  SoleusBookingSubmitEvent,
} from './booking-calendar.events.js';
import { formStyles } from '../../core/form-styles.js';
import { monthStyles, styles } from './booking-calendar.styles.js';

type Step = 'service' | 'day' | 'details' | 'review' | 'done' | 'plan';

/** Codes of the server's refusals after which the time is gone: fresh times are fetched. */
const isTimeGone = (code: string) => code == 'slot_unavailable' || code == 'outside_booking_window';

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
 * @attr theme - `light`, `dark` or `auto` (default: as the page declares with `color-scheme`; light if it declares none).
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
 * @csspart status - The live regions: progress and prompts (`role=status`), and problems (`role=alert`, also `error`).
 * @csspart late - The notice that a time inside the cancellation notice can't be changed online, with the practice's contact.
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
  static override styles = [SoleusElement.styles, formStyles, monthStyles, styles];

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
    retryLoad: { state: true },
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
  /** What the live region says. */
  declare private status: string;
  declare private busy: boolean;
  /** A failed load to offer Retry for. */
  declare private retryLoad: (() => void) | undefined;

  readonly #catalogue = new Catalogue<BookingMessages>(this, en, bookingLoaders);
  private readonly availability = new AvailabilityController(this, {
    base: () => this.#serverBase,
    practitioner: () => this.practitioner ?? '',
    showing: () => !!this.step,
  });
  readonly #submitter = new BookingSubmitController(this, () => this.#serverBase);
  readonly #popup = new PopupController(this);
  readonly #formats: DateTimeFormats;
  readonly #waitlist = new WaitlistForm(this);

  #services: Service[] = [];
  #practice?: Practice;
  /** The practice's race-day plan rules, from the server (older servers send none: the defaults then). */
  #racePlan?: PlanRules;
  #serviceId = '';
  /** The month shown and the day with the roving tabindex. */
  #month: Month = '';
  #focusDay: Day = '';
  /** The chosen day and time. */
  #day: Day = '';
  #chosen?: Slot;
  #values: Values = { name: '', email: '', phone: '', notes: '', eventDate: '' };
  #areas = new Set<number>();
  #training = false;
  #errors: FieldErrors = {};
  /** Repeat every n weeks (0 once), how many sessions, each checked against availability, and the alternatives picked. */
  #everyWeeks = 0;
  #count = 4;
  #occurrences: Occurrence[] = [];
  #picks = new Map<number, Slot>();
  /** The race-day plan: its event day, the suggestion, and whether it is being worked out. */
  #planEventDay = '';
  #plan?: PlanItem[];
  #planning = false;
  #booked: Booked[] = [];
  /** The last problem announced: the status shows it in the error style while it is still what the status says. */
  #lastProblem = '';
  /** The page's deep link, if this calendar took it: opened once the services are known. */
  #link?: DeepLink;
  /** Connected inline with nothing loaded yet: the next update starts loading (see willUpdate). */
  #loadOnUpdate = false;

  constructor() {
    super();
    this.mode = 'inline';
    this.status = '';
    this.busy = false;
    const availability = this.availability;
    const catalogue = this.#catalogue;
    this.#formats = new DateTimeFormats({
      get messages() {
        return catalogue.messages;
      },
      get locale() {
        return catalogue.locale;
      },
      get zone() {
        return availability.zone;
      },
      get practiceZone() {
        return availability.practiceZone;
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.mode != 'popup' && !this.step) {
      this.#loadOnUpdate = true;
      this.requestUpdate();
    }
    // A waitlist email's link (#soleus-book=<service>/<day>): a popup calendar opens itself on that day.
    this.#link = takeDeepLink(this);
    if (this.#link && this.mode == 'popup') void this.updateComplete.then(() => this.#openPopup());
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Loading starts here, in the update that follows connectedCallback (a promise job), not in connectedCallback.
    // An element upgraded while its script is still being evaluated (the usual embed: a module script after the
    // element) would start its fetch() from inside the bundle's top-level code, and that fetch costs about 2 ms more
    // main thread than one started here (measured in Chromium, DevTools closed): the browser captures the calling
    // stack, and V8 first re-parses the whole bundle to find positions in its top-level code (`new Error().stack` at
    // the same spot costs the same). From here the stack holds small functions only, and the first render already
    // shows the loading state.
    if (this.#loadOnUpdate) {
      this.#loadOnUpdate = false;
      void this.#start();
    }
    void this.#catalogue.update();
    if (changed.has('name') && this.name && !this.#values.name) this.#values.name = this.name;
    if (changed.has('email') && this.email && !this.#values.email) this.#values.email = this.email;
  }

  // ---------------------------------------------------------------- data

  get #messages(): BookingMessages {
    return this.#catalogue.messages;
  }

  get #serverBase(): string {
    return apiBase(this.api);
  }

  /** Runs a load, turning a failure into a message with Retry (which runs it again). */
  async #load(run: () => Promise<unknown>): Promise<void> {
    this.retryLoad = undefined;
    this.busy = true;
    try {
      await run();
    } catch (error) {
      const e = error as ApiError;
      this.retryLoad = () => void this.#load(run);
      this.#announce(
        e.status ? this.#refusal(e, this.#messages.failed) : this.#messages.network,
        e.code ?? 'network_error',
      );
    } finally {
      this.busy = false;
    }
  }

  /** Loads the services, then opens the fixed service's month or the list of treatments. */
  #start(): Promise<void> {
    this.step = undefined;
    return this.#load(async () => {
      const list = request<ServicesResponse>(this.#serverBase, 'GET', '/api/v1/services');
      // A service fixed by the attribute: its first month is asked for at once, beside the list (which only adds its
      // name and horizon), so the month waits for one round trip instead of two. openService() then finds the
      // request in flight. An unknown id costs one 404, and the list of services is shown.
      if (this.service) {
        this.availability.setClock(this.timeZone);
        this.availability.loadMonth(this.service, monthOf(this.#firstDay())).catch(() => {});
      }
      const r = await list;
      this.#services = r.services;
      this.#practice = r.practice;
      this.#racePlan = r.racePlan;
      this.availability.practiceZone = r.practice?.timeZone ?? '';
      const fixed = r.services.find((s) => s.id == this.service);
      const link = this.#link;
      this.#link = undefined;
      if (link && r.services.some((s) => s.id == link.service)) await this.#openDay(link);
      else if (fixed) await this.#openService(fixed.id, false);
      else void this.#showStep('service', false);
    });
  }

  #serviceById(id = this.#serviceId): Service | undefined {
    return this.#services.find((s) => s.id == id);
  }

  /** Whether the `service` attribute names a known service (then there is no treatment step). */
  get #serviceFixed(): boolean {
    return !!this.service && !!this.#serviceById(this.service);
  }

  /** Last bookable day: the service's horizon, and `max`. */
  #lastDay(id?: string): Day {
    const d = addDays(this.availability.today, this.#serviceById(id)?.horizonDays ?? 90);
    return this.max && this.max < d ? this.max : d;
  }

  /** First bookable day: today, or `min`. */
  #firstDay(): Day {
    const today = this.availability.today;
    return this.min && this.min > today ? this.min : today;
  }

  #isBookable(d: Day): boolean {
    return isOpen(d, this.availability.month(this.#serviceId, monthOf(d)), this.#firstDay(), this.#lastDay());
  }

  /** In range, loaded, and without a free time: the day the waitlist is for. */
  #fullyBooked(d: Day): boolean {
    const days = this.availability.month(this.#serviceId, monthOf(d));
    return !!days && d >= this.#firstDay() && d <= this.#lastDay() && !days.get(d)?.length;
  }

  async #openService(id: string, emit = true): Promise<void> {
    this.#serviceId = id;
    this.#day = '';
    this.#chosen = undefined;
    if (emit) this.dispatchEvent(new SoleusBookingServiceSelectEvent({ serviceId: id }));
    this.availability.setClock(this.timeZone);
    const lastMonth = monthOf(this.#lastDay());
    let found: Day | undefined;
    // The calendar opens on the first month with a free slot.
    for (let m = monthOf(this.#firstDay()); m <= lastMonth && !found; m = addMonthsToMonth(m, 1)) {
      const days = await this.availability.loadMonth(id, m);
      found = [...days.keys()].sort().find((d) => this.#isBookable(d));
    }
    this.#month = monthOf(found ?? this.#firstDay());
    this.#focusDay = found ?? this.#firstDay();
    // The month is ready, so nothing is loading any more. load() would say so too, but only a few promise jobs after
    // the month's first render, which would then render the whole month a second time before it is ever painted.
    this.busy = false;
    void this.#showStep('day', emit);
    // The next month is fetched once this one is painted (a task after the frame that shows it), never before.
    void this.updateComplete.then(() => requestAnimationFrame(() => setTimeout(() => this.#prefetchNextMonth())));
  }

  /** Opens the deep link's service on its day: the day's times, or its waitlist when it is fully booked again. */
  async #openDay(link: DeepLink): Promise<void> {
    await this.#openService(link.service, false);
    if (link.day < this.#firstDay() || link.day > this.#lastDay()) return;
    await this.availability.loadMonth(link.service, monthOf(link.day));
    this.#month = monthOf(link.day);
    await this.#pickDay(link.day);
  }

  #prefetchNextMonth(): void {
    const next = addMonthsToMonth(this.#month, 1);
    if (next <= monthOf(this.#lastDay())) this.availability.loadMonth(this.#serviceId, next).catch(() => {});
  }

  #weekStartDay(): number {
    return parseWeekStart(this.weekStart, this.#messages.weekStart);
  }

  // ---------------------------------------------------------------- navigation

  /** Shows a step; with `focus`, moves focus to its heading (never on the first render: the page must not jump). */
  async #showStep(step: Step, focus = true): Promise<void> {
    this.step = step;
    this.status = '';
    this.retryLoad = undefined;
    if (!focus) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#h')?.focus();
  }

  #back(): void {
    const s = this.step;
    // Leaving the plan for the calendar drops it: a later single booking or series must not book the plan.
    if (s == 'plan') this.#plan = undefined;
    void this.#showStep(
      s == 'review'
        ? 'details'
        : s == 'details'
          ? this.#plan
            ? 'plan'
            : 'day'
          : this.#serviceFixed
            ? 'day'
            : 'service',
    );
  }

  /** A refusal in the visitor's language: the catalogue's words for a known code, else `other`. */
  #refusal(e: ApiError, other: string): string {
    const errors = this.#messages.errors;
    return Object.hasOwn(errors, e.code) ? errors[e.code as keyof BookingMessages['errors']] : other;
  }

  /** Announces a message in the live region, and an error event when `code` is given. */
  #announce(message: string, code?: string): void {
    this.status = this.#lastProblem = message;
    if (code) this.dispatchEvent(new SoleusBookingErrorEvent({ code, message }));
  }

  async #showMonth(month: Month, focusDay: Day, focus: boolean): Promise<void> {
    this.#month = month;
    this.#focusDay = focusDay;
    this.requestUpdate();
    void this.#load(() => this.availability.loadMonth(this.#serviceId, month).then(() => this.#prefetchNextMonth()));
    if (!focus) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-day="${focusDay}"]`)?.focus();
  }

  #onMonthStep(delta: number): void {
    const [month, focusDay] = stepMonth(this.#month, this.#focusDay, delta);
    if (monthInRange(month, this.#firstDay(), this.#lastDay())) void this.#showMonth(month, focusDay, false);
  }

  #onMonthKey(e: KeyboardEvent): void {
    const rtl = getComputedStyle(this).direction == 'rtl';
    const d = dayForKey(e, this.#focusDay, this.#weekStartDay(), rtl, this.#firstDay(), this.#lastDay());
    if (!d) return;
    e.preventDefault();
    void this.#showMonth(monthOf(d), d, true);
  }

  async #pickDay(d: Day): Promise<void> {
    this.#focusDay = d;
    if (!this.#isBookable(d)) {
      const days = this.availability.month(this.#serviceId, monthOf(d));
      this.status = `${this.#formats.dateLabel(d)}, ${dayReason(this.#messages, d, days, this.#firstDay(), this.#lastDay())}`;
      // A fully booked day is chosen all the same: it offers the waitlist.
      if (!this.#fullyBooked(d)) return;
      this.#chosen = undefined;
      this.#day = d;
      this.requestUpdate();
      return;
    }
    if (this.#day != d) this.#chosen = undefined;
    this.#day = d;
    this.status = '';
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#th')?.focus();
  }

  #pickSlot(s: Slot): void {
    this.#chosen = s;
    this.#plan = undefined;
    // "Choose a time to continue." is no longer true.
    if (this.status == this.#messages.chooseTime) this.status = '';
    this.requestUpdate();
    this.dispatchEvent(new SoleusBookingSlotSelectEvent({ serviceId: this.#serviceId, start: s.start, end: s.end }));
  }

  /** Continue on the month: on to the details; with no time chosen yet, says so and moves to the first time. */
  #onNext(): void {
    if (this.#chosen) return void this.#showStep('details');
    this.status = this.#messages.chooseTime;
    this.renderRoot.querySelector<HTMLElement>('input[name=slot]')?.focus();
  }

  // ---------------------------------------------------------------- details

  #onInput(id: Field, value: string): void {
    this.#values[id] = value;
    if (this.#errors[id] && !this.#fieldProblem(id)) {
      const { [id]: _fixed, ...rest } = this.#errors;
      this.#errors = rest;
      // "Please correct the marked fields." is no longer true once none is marked.
      if (!Object.keys(rest).length && this.status == this.#messages.fix) this.status = '';
      this.requestUpdate();
    }
  }

  #fieldProblem(id: Field): string | undefined {
    const m = this.#messages;
    if (id == 'eventDate' && !this.#training) return;
    const p = problem(id, this.#values[id]);
    return p == 'long'
      ? fill(m.tooLong, { max: MAX[id] })
      : p == 'control'
        ? m.control
        : p == 'required'
          ? m.required
          : p && (id == 'email' ? m.emailInvalid : id == 'phone' ? m.phoneInvalid : m.dateInvalid);
  }

  /** Marks invalid fields beside them, announces it and focuses the first; true when all is well. */
  async #checkFields(ids: Field[]): Promise<boolean> {
    const errors: FieldErrors = {};
    for (const id of ids) {
      const p = this.#fieldProblem(id);
      if (p) errors[id] = p;
    }
    this.#errors = errors;
    const ok = !Object.keys(errors).length;
    this.status = this.#lastProblem = ok ? '' : this.#messages.fix;
    this.requestUpdate();
    if (!ok) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
    }
    return ok;
  }

  async #onDetails(e: Event): Promise<void> {
    e.preventDefault();
    // A host page's own <form> around the element must never see this one's submission.
    e.stopPropagation();
    if (await this.#checkFields(['name', 'email', 'phone', 'notes', 'eventDate'])) {
      if (this.#everyWeeks && !this.#plan) await this.#previewSeries();
      void this.#showStep('review');
    }
  }

  /** "Change details" on the review: the details as typed, focus on the first field. */
  async #changeDetails(): Promise<void> {
    await this.#showStep('details', false);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#name')?.focus();
  }

  // ---------------------------------------------------------------- series

  /** Checks every occurrence of the chosen repeat against availability (loading the months it needs). */
  async #previewSeries(): Promise<void> {
    this.#picks.clear();
    this.#occurrences = [];
    if (!this.#everyWeeks || !this.#chosen) return this.requestUpdate();
    const slot = this.#chosen;
    const [first, last] = [this.#firstDay(), this.#lastDay()];
    const months = seriesMonths(this.#day, this.#everyWeeks, this.#count).filter((m) => monthInRange(m, first, last));
    await this.#load(async () => {
      await Promise.all(months.map((m) => this.availability.loadMonth(this.#serviceId, m)));
      const free = months.flatMap((m) => [...(this.availability.month(this.#serviceId, m)?.values() ?? [])].flat());
      const zone = this.availability.practiceZone || this.#formats.zoneName();
      this.#occurrences = previewSeries(slot, this.#everyWeeks, this.#count, zone, free, last);
      for (const o of this.#occurrences) if (!o.slot && o.alternatives[0]) this.#picks.set(o.index, o.alternatives[0]);
    });
  }

  /**
   * The sessions that book what the visitor reviewed. A series whose sessions all fall at the regular time is ONE
   * order with `series` (the server keeps the practice's local wall time). A plan, or a series where the visitor took
   * an alternative for a taken session (no longer a regular series), is several orders, sent as ONE request with
   * `plan` (see #send): either way the server books all or none, and sends one confirmation.
   */
  #orders(): Order[] {
    if (this.#plan)
      return this.#plan
        .filter((i) => i.slot && !i.beyond)
        .map((i) => ({ serviceId: i.serviceId, start: i.slot!.start }));
    const s = this.#serviceId;
    if (!this.#everyWeeks) return [{ serviceId: s, start: this.#chosen!.start }];
    if (this.#occurrences.every((o) => o.slot))
      return [
        { serviceId: s, start: this.#chosen!.start, series: { everyWeeks: this.#everyWeeks, count: this.#count } },
      ];
    return this.#occurrences.flatMap((o) => {
      const slot = o.slot ?? this.#picks.get(o.index);
      return slot ? [{ serviceId: s, start: slot.start }] : [];
    });
  }

  // ---------------------------------------------------------------- plan

  /**
   * The race-day plan's rules: the practice's own (`racePlan` from the server), else the post's defaults with the
   * service for each part found by id or by name, else the chosen or first one.
   */
  #planRules(): PlanRules {
    if (this.#racePlan) return this.#racePlan;
    const pick = (id: string, words: RegExp) =>
      (findService(this.#services, id, words) ?? this.#serviceById() ?? this.#services[0])!.id;
    return planRules({
      build: pick('sports-massage-60', /sports.*60/i),
      pre: pick('pre-event-massage', /pre-event/i),
      post: pick('post-event-recovery-massage', /post-event|recovery/i),
      maintenance: pick('monthly-maintenance-massage', /maintenance/i),
    });
  }

  async #proposePlan(): Promise<void> {
    const m = this.#messages;
    this.#values.eventDate = this.#planEventDay;
    this.#training = true;
    this.#areas = new Set(this.#areas);
    if (!(await this.#checkFields(['eventDate']))) return;
    this.availability.setClock(this.timeZone);
    const rules = this.#planRules();
    const event = this.#planEventDay;
    const first = this.#firstDay();
    const ids = [...new Set([rules.build, rules.pre, rules.post, rules.maintenance].map((p) => p.serviceId))];
    const end = [
      this.#lastDay(),
      addDays(event, 31 * rules.maintenance.count * rules.maintenance.everyMonths + 4),
    ].sort()[0]!;
    const months: Month[] = [];
    for (let x = monthOf(first); x <= monthOf(end); x = addMonthsToMonth(x, 1)) months.push(x);
    this.#planning = true;
    this.status = m.loading;
    await this.#load(async () => {
      await Promise.all(ids.flatMap((id) => months.map((x) => this.availability.loadMonth(id, x))));
      const free = (id: string) => new Map(months.flatMap((x) => [...(this.availability.month(id, x) ?? [])]));
      this.#plan = racePlan(event, first, this.#lastDay(ids[0]), rules, free);
      // The count is the list shown: every part, with those only bookable later said as such.
      const later = this.#plan.filter((i) => i.beyond).length;
      this.status = fill(later ? m.suggestedLater : m.suggested, { n: this.#plan.length, later });
    });
    this.#planning = false;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#ph')?.focus();
  }

  // ---------------------------------------------------------------- booking

  /** The client, notes and answers every request of this attempt carries. */
  #who() {
    const v = this.#values;
    const client = { name: v.name.trim(), email: v.email.trim(), ...(v.phone.trim() ? { phone: v.phone.trim() } : {}) };
    const answers: Record<string, string> = {};
    if (this.#areas.size)
      answers.tight = [...this.#areas]
        .sort()
        .map((i) => en.areas[i])
        .join(', ');
    if (this.#training && v.eventDate) answers.eventDate = v.eventDate;
    return { client, notes: v.notes.trim() || undefined, answers: Object.keys(answers).length ? answers : undefined };
  }

  /** Fires the cancelable submit event; true when the host lets the booking go ahead. */
  #allowedToSubmit(orders: Order[]): boolean {
    return (
      !!orders.length &&
      this.dispatchEvent(
        new SoleusBookingSubmitEvent({
          serviceId: orders[0]!.serviceId,
          starts: orders.map((o) => o.start),
          client: this.#who().client,
          series: orders[0]!.series,
        }),
      )
    );
  }

  /**
   * Sends the orders as ONE request (showing progress): one booking, a series, or several sessions as a `plan`, all
   * or none. Fires a confirmed event for the booking made.
   */
  async #send(orders: Order[]): Promise<[Booked[], [Order, ApiError][]]> {
    this.busy = true;
    this.status = this.#messages.sending;
    const timeZone = this.#formats.zoneName();
    const sessions = orders.map(({ serviceId, start }) => ({ serviceId, start }));
    const [booked, failed] = await this.#submitter.send(orders.slice(0, 1), (o) => ({
      ...(orders.length > 1 ? { plan: { sessions } } : o),
      ...this.#who(),
      timeZone,
    }));
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

  async #confirm(): Promise<void> {
    if (this.busy) return;
    const m = this.#messages;
    const orders = this.#orders();
    if (!this.#allowedToSubmit(orders)) return;
    const [booked, failed] = await this.#send(orders);
    if (booked.length) {
      this.#booked = booked;
      this.availability.forget();
      return void this.#showStep('done');
    }
    const e = failed.at(-1)![1];
    if (isTimeGone(e.code)) {
      // The time went (or the clock passed it): fresh times for that day, nothing the visitor typed is lost.
      this.availability.forget();
      if (orders.length == 1 && !orders[0]!.series && !this.#plan) {
        this.#month = monthOf(this.#day);
        this.#focusDay = this.#day;
        await this.#load(() => this.availability.loadMonth(this.#serviceId, this.#month));
        this.#chosen = undefined;
        await this.#showStep('day');
        return this.#announce(
          e.code == 'slot_unavailable'
            ? fill(m.justTaken, { date: this.#formats.dateLabel(this.#day) })
            : m.errors.outside_booking_window,
          e.code,
        );
      }
      if (this.#plan) await this.#proposePlan();
      else await this.#previewSeries();
      return this.#announce(this.#refusal(e, e.message), e.code);
    }
    const fields = Object.keys(e.fields ?? {}).filter((f) => f.startsWith('client.') || f == 'notes');
    if (e.code == 'invalid_request' && fields.length) {
      await this.#showStep('details', false);
      await this.#checkFields(['name', 'email', 'phone', 'notes']);
      // The server refused something the browser's checks passed: show its words beside the field.
      if (!Object.keys(this.#errors).length) {
        const f = fields[0]!;
        this.#errors = { [f.replace('client.', '')]: e.fields[f] };
        this.requestUpdate();
      }
      return this.#announce(m.fix, e.code);
    }
    this.#announce(this.#refusal(e, e.status && e.status < 500 ? e.message : m.network), e.code);
  }

  /** "Book another": back to the month (a fixed service) or the treatments, the details kept. */
  #bookAnother(): void {
    this.#booked = [];
    this.#chosen = undefined;
    this.#day = '';
    this.#plan = undefined;
    this.#everyWeeks = 0;
    this.#occurrences = [];
    if (this.#serviceFixed)
      void this.#load(() => this.#openService(this.service, false)).then(() => this.#showStep('day'));
    else void this.#showStep('service');
  }

  // ---------------------------------------------------------------- popup

  #openPopup(): void {
    this.#popup.open(() => {
      const focusHeading = () => this.renderRoot.querySelector<HTMLElement>('#h')?.focus();
      // showModal() focuses ×; the step's heading takes focus once the first step is there.
      if (!this.step)
        void this.#start()
          .then(() => this.updateComplete)
          .then(focusHeading);
      else focusHeading();
    });
  }

  // ---------------------------------------------------------------- rendering

  override render(): TemplateResult {
    const m = this.#messages;
    // The heading, the live region and Retry stay the same nodes from step to step (a live region must exist before
    // it speaks), and messages show right under the heading, where the visitor is looking.
    const [title, rest] = this.#currentStep();
    // Two live regions, always there: progress and prompts in a polite status, problems in an alert styled as one.
    // Their text is exactly the message (tests and scripts read it).
    const problem = !!this.status && this.status == this.#lastProblem;
    // prettier-ignore
    const statusRegion = html`<p class="notice" role="status" part="status">${problem ? '' : this.status}</p><p class="alert" role="alert" part="status error">${problem ? this.status : ''}</p>`;
    // aria-busy only on what is loading (the month table, the skeleton), never around the live regions.
    const flow = html`<div class="flow">
      ${
        title
          ? html`<h3 id="h" tabindex="-1" part="heading" class=${this.step == 'done' ? 'ok' : ''}>${title}</h3>`
          : nothing
      }
      ${statusRegion}
      ${
        this.retryLoad
          ? html`<button type="button" class="btn" part="button retry" @click=${this.retryLoad}>${m.retry}</button>`
          : nothing
      }${rest}
    </div>`;
    if (this.mode != 'popup') return html`<div class="root" lang=${this.#catalogue.locale}>${flow}</div>`;
    // A button's text is exactly its label, no whitespace around it (tests and scripts read it).
    // prettier-ignore
    const openButton = html`<button type="button" class="btn" part="open-button" aria-haspopup="dialog" @click=${this.#openPopup}>${m.open}</button>`;
    return html`<div class="root" lang=${this.#catalogue.locale}>
      ${openButton}
      <dialog
        part="panel"
        aria-labelledby=${title ? 'h' : nothing}
        aria-label=${title ? nothing : m.open}
        @close=${() => this.#popup.closed()}
      >
        <div class="root">
          <button
            type="button"
            class="close"
            part="button close"
            aria-label=${m.close}
            @click=${() => this.#popup.close()}
          >
            ×</button
          >${flow}
        </div>
      </dialog>
    </div>`;
  }

  /** The current step's heading and the rest of it, from its render module. */
  #currentStep(): StepView {
    const m = this.#messages;
    const formats = this.#formats;
    const onBack = () => this.#back();
    const onPlan = () => void this.#showStep('plan');
    switch (this.step) {
      case 'service':
        return serviceStep({
          messages: m,
          formats,
          services: this.#services,
          onChoose: (id) => void this.#openService(id),
          onPlan,
        });
      case 'day':
        return dayStep({
          messages: m,
          service: this.#serviceById(),
          month: this.#monthView(),
          times: this.#timesView(),
          waitlist:
            this.#day && this.#fullyBooked(this.#day)
              ? this.#waitlist.render({
                  messages: m,
                  base: this.#serverBase,
                  serviceId: this.#serviceId,
                  day: this.#day,
                  dayLabel: formats.dateLabel(this.#day),
                  timeZone: this.availability.zone || Intl.DateTimeFormat().resolvedOptions().timeZone,
                  announce: (message, error) => (error ? this.#announce(message) : (this.status = message)),
                })
              : undefined,
          anyFree: this.availability.anyFree(this.#serviceId),
          canGoBack: !this.#serviceFixed,
          onBack,
          onNext: () => this.#onNext(),
          onPlan,
        });
      case 'details':
        return detailsStep({
          messages: m,
          values: this.#values,
          errors: this.#errors,
          areas: this.#areas,
          training: this.#training,
          onInput: (id, value) => this.#onInput(id, value),
          onArea: (i, checked) => (checked ? this.#areas.add(i) : this.#areas.delete(i)),
          onTraining: (checked) => {
            this.#training = checked;
            this.requestUpdate();
          },
          onSubmit: (e) => void this.#onDetails(e),
          onBack,
        });
      case 'review': {
        const orders = this.#orders().length;
        return reviewStep({
          messages: m,
          formats,
          service: this.#serviceById(),
          serviceOf: (id) => this.#serviceById(id),
          practice: this.#practice,
          chosen: this.#chosen,
          plan: this.#planListView(),
          everyWeeks: this.#everyWeeks,
          count: this.#count,
          occurrences: this.#occurrences,
          picks: this.#picks,
          contact: this.#values,
          now: Date.now(),
          blocked: this.#plan
            ? !orders
            : this.#occurrences.some((o) => o.beyond || (!o.slot && !this.#picks.get(o.index))),
          busy: this.busy,
          onEveryWeeks: (n) => {
            this.#everyWeeks = n;
            void this.#previewSeries();
          },
          onCount: (n) => {
            this.#count = n;
            void this.#previewSeries();
          },
          onPick: (index, slot) => {
            this.#picks.set(index, slot);
            this.requestUpdate();
          },
          onConfirm: () => void this.#confirm(),
          onBack,
          onChangeDetails: () => void this.#changeDetails(),
        });
      }
      case 'done':
        return doneStep({
          messages: m,
          formats,
          base: this.#serverBase,
          practiceName: this.#practice?.name ?? '',
          address: this.#practice?.address ?? '',
          email: this.#values.email.trim(),
          booked: this.#booked,
          practice: this.#practice,
          now: Date.now(),
          service: (id) => this.#serviceById(id),
          onAgain: () => this.#bookAnother(),
        });
      case 'plan':
        return planStep({
          messages: m,
          eventDay: this.#planEventDay,
          error: this.#errors.eventDate,
          planning: this.#planning,
          list: this.#planListView(),
          onEventDay: (value) => (this.#planEventDay = value),
          onPropose: () => void this.#proposePlan(),
          onNext: () => void this.#showStep('details'),
          onBack,
        });
      default:
        // Shaped like the first real step: the month when a service is fixed, else the list of treatments.
        return [
          '',
          html`<div class="skeleton${this.service ? '' : ' s'}" aria-hidden="true" aria-busy="true">
              ${Array(this.service ? 4 : 8).fill(html`<div></div>`)}
            </div>
            <span class="sr-only">${this.retryLoad ? '' : m.loading}</span>`,
        ];
    }
  }

  #monthView(): MonthView {
    return {
      messages: this.#messages,
      dateLabel: (d, wd) => this.#formats.dateLabel(d, wd),
      month: this.#month,
      days: this.availability.month(this.#serviceId, this.#month),
      // Worked out once per render, not once per day.
      first: this.#firstDay(),
      last: this.#lastDay(),
      today: this.availability.today,
      focusDay: this.#focusDay,
      selectedDay: this.#day,
      weekStart: this.#weekStartDay(),
      busy: this.busy,
      onStep: (delta) => this.#onMonthStep(delta),
      onKeydown: (e) => this.#onMonthKey(e),
      onPick: (d) => void this.#pickDay(d),
    };
  }

  #timesView(): TimesView {
    return {
      messages: this.#messages,
      formats: this.#formats,
      day: this.#day,
      slots: (this.#day && this.availability.slotsOn(this.#serviceId, this.#day)) || [],
      chosen: this.#chosen,
      onPick: (s) => this.#pickSlot(s),
    };
  }

  #planListView(): PlanListView | undefined {
    return this.#plan
      ? {
          messages: this.#messages,
          formats: this.#formats,
          plan: this.#plan,
          partName: (item) => this.#partName(item),
          horizonDays: (item) => this.#serviceById(item.serviceId)?.horizonDays ?? 90,
          onChange: () => this.requestUpdate(),
        }
      : undefined;
  }

  #partName(item: PlanItem): string {
    return planPartName(this.#messages, item, this.#serviceById(item.serviceId)?.name);
  }
}
