import { html, nothing, type TemplateResult } from 'lit';
import { type ApiError, apiBase, request } from '../../core/api.js';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { Catalogue, fill, type CatalogueLoaders } from '../../core/i18n.js';
import { AvailabilityController } from '../booking-calendar/controllers/availability.js';
import { addDays, addMonthsToMonth, monthOf, type Day, type Month } from '../booking-calendar/internal/dates.js';
import { DateTimeFormats } from '../booking-calendar/internal/format.js';
import type { ServicesResponse } from '../booking-calendar/internal/types.js';
import { wall, type Slot } from '../booking-calendar/internal/zone.js';
import { monthStyles } from '../booking-calendar/booking-calendar.styles.js';
import calendarEn, { type BookingMessages } from '../booking-calendar/messages/en-GB.js';
import { bookingLoaders } from '../booking-calendar/messages/loaders.js';
import { renderCalendarLinks } from '../booking-calendar/steps/calendar-links.js';
import {
  dayForKey,
  dayReason,
  isOpen,
  monthInRange,
  parseWeekStart,
  renderMonth,
  stepMonth,
} from '../booking-calendar/steps/month.js';
import { renderTimes } from '../booking-calendar/steps/times.js';
import { readManageLink } from './internal/link.js';
import type { ManagedBooking, ManagedBookingResponse } from './internal/types.js';
import en, { type ManageMessages } from './messages/en-GB.js';
import {
  SoleusBookingManageCancelledEvent,
  SoleusBookingManageErrorEvent,
  SoleusBookingManageMovedEvent,
} from './booking-manage.events.js';
import { styles } from './booking-manage.styles.js';

const loaders: CatalogueLoaders<ManageMessages> = {
  'en-US': () => import('./messages/en-US.js'),
  de: () => import('./messages/de.js'),
  fr: () => import('./messages/fr.js'),
  es: () => import('./messages/es.js'),
};

/** What the element shows: the booking loading, shown, being moved, its cancellation asked, or no booking at all. */
type View = 'loading' | 'shown' | 'moving' | 'asking' | 'failed';

/**
 * The page a confirmation email links to: shows one booking (service, time in the visitor's zone with the practice's
 * beside it, where, status), whether it can still be changed online and until when, and lets the visitor move it
 * (the booking calendar's month of free days and a day's times) or cancel it after a confirmation. Once cancelled it
 * offers "Book again" instead of calendar links. Reads the booking id and manage token from the page's
 * `#booking=…&token=…` fragment unless given.
 *
 * @summary Move or cancel one booking on a practice's Soleus server.
 *
 * @attr api - Base URL of the Soleus server; default the script's origin.
 * @attr booking - The booking id; default the page URL's `#booking=` fragment.
 * @attr book-url - Where "Book again" leads (the practice's site); default the server's home page.
 * @attr time-zone - Shows times in this IANA zone instead of the visitor's.
 * @attr week-start - `monday`, `sunday`, `saturday` or 0–6; default the language's.
 * @attr theme - `light`, `dark` or `auto` (default: as the page declares with `color-scheme`; light if it declares none).
 * @attr lang - Language of the widget; default the page's `<html lang>`.
 *
 * @fires {SoleusBookingManageMovedEvent} soleus-booking-manage-moved - The booking was moved; `detail: { id, start, end, previousStart }`.
 * @fires {SoleusBookingManageCancelledEvent} soleus-booking-manage-cancelled - The booking was cancelled; `detail: { id }`.
 * @fires {SoleusBookingManageErrorEvent} soleus-booking-manage-error - Loading, moving or cancelling failed; `detail: { code, message }`.
 *
 * @csspart status - The live regions: facts and progress (`role=status`), and problems (`role=alert`, also `error`).
 * @csspart contact - The practice's phone and email, when the booking can no longer be changed online.
 * @csspart facts - The booking's facts.
 * @csspart month - The month heading; `nav` the previous and next month buttons.
 * @csspart day - A day button; also `available`, `selected`, `today`.
 * @csspart time - A time choice.
 * @csspart button - Buttons; also `secondary`, `danger`, `retry`.
 * @csspart book-again - The "Book again" link of a cancelled booking.
 *
 * @cssprop --soleus-color-accent - Accent colour (buttons, selected day, focus ring).
 * @cssprop --soleus-color-text - Text colour.
 * @cssprop --soleus-color-surface - Field and panel background.
 * @cssprop --soleus-color-border - Border colour.
 * @cssprop --soleus-radius - Corner radius.
 * @cssprop --soleus-font-family - Font family.
 * @cssprop --soleus-font-size - Base font size.
 */
export class SoleusBookingManage extends SoleusElement {
  static override styles = [SoleusElement.styles, formStyles, monthStyles, styles];

  static override properties = {
    ...SoleusElement.properties,
    api: {},
    bookingId: { attribute: 'booking' },
    token: { attribute: false },
    bookUrl: { attribute: 'book-url' },
    timeZone: { attribute: 'time-zone' },
    weekStart: { attribute: 'week-start' },
    view: { state: true },
    status: { state: true },
    busy: { state: true },
  };

  /** Base URL of the Soleus server. */
  declare api: string;
  /** The booking id (default: the page's `#booking=` fragment). */
  declare bookingId: string;
  /** The manage token (default: the page's `#token=` fragment); a property only, never an attribute. */
  declare token: string;
  /** Where "Book again" leads. */
  declare bookUrl: string;
  /** IANA zone to show times in, instead of the visitor's. */
  declare timeZone: string;
  /** First day of the week: `monday`, `sunday`, `saturday` or 0–6. */
  declare weekStart: string;

  declare private view: View;
  declare private status: string;
  declare private busy: boolean;

  readonly #words = new Catalogue<ManageMessages>(this, en, loaders);
  /** The booking calendar's words, for the month, the times and dates. */
  readonly #calendarWords = new Catalogue<BookingMessages>(this, calendarEn, bookingLoaders);
  private readonly availability = new AvailabilityController(this, {
    base: () => this.#base,
    practitioner: () => '',
    showing: () => this.view == 'moving',
  });
  readonly #formats: DateTimeFormats;
  #booking?: ManagedBooking;
  /** The last problem announced: the status shows it in the error style while it still says it. */
  #problem = '';
  /** A failed load to offer Retry for. */
  #retry?: () => void;
  #loadOnUpdate = false;
  /** Moving: the service's horizon, the month shown, the day with the roving tabindex, the chosen day and time. */
  #horizonDays = 90;
  #month: Month = '';
  #focusDay: Day = '';
  #day: Day = '';
  #chosen?: Slot;

  constructor() {
    super();
    this.view = 'loading';
    this.status = '';
    this.busy = false;
    const calendarWords = this.#calendarWords;
    const availability = this.availability;
    const manage = () => this.#booking;
    this.#formats = new DateTimeFormats({
      get messages() {
        return calendarWords.messages;
      },
      get locale() {
        return calendarWords.locale;
      },
      get zone() {
        return availability.zone;
      },
      get practiceZone() {
        return manage()?.practiceTimeZone ?? '';
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.#booking) {
      this.#loadOnUpdate = true;
      this.requestUpdate();
    }
  }

  protected override willUpdate(): void {
    // Loading starts in the first update, not in connectedCallback (see the booking calendar's willUpdate for why).
    if (this.#loadOnUpdate) {
      this.#loadOnUpdate = false;
      void this.#load();
    }
    void this.#words.update();
    void this.#calendarWords.update();
  }

  get #m(): ManageMessages {
    return this.#words.messages;
  }

  get #base(): string {
    return apiBase(this.api);
  }

  /** The booking id and token: the properties, else the page's fragment. */
  #link() {
    const fromPage = readManageLink(globalThis.location?.hash ?? '');
    return { id: this.bookingId || fromPage.id, token: this.token || fromPage.token };
  }

  /** A call to the booking's own API, with its manage token. */
  #call(method: string, path = '', body?: object): Promise<ManagedBookingResponse> {
    const { id, token } = this.#link();
    return request<ManagedBookingResponse>(this.#base, method, `/api/v1/bookings/${encodeURIComponent(id)}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      body,
    });
  }

  /** A refusal in the visitor's language: the catalogue's words for a known code, else the server's own. */
  #refusal(e: ApiError): string {
    const errors = this.#m.errors;
    if (Object.hasOwn(errors, e.code)) return errors[e.code as keyof ManageMessages['errors']];
    return e.status && e.status < 500 ? e.message : errors.network_error;
  }

  /** Announces a problem in the live region and fires the error event. */
  #announceProblem(message: string, code: string): void {
    this.status = this.#problem = message;
    this.dispatchEvent(new SoleusBookingManageErrorEvent({ code, message }));
  }

  /** Where the booking stands, for the live region: cancelled, no longer changeable (and why), or nothing to say. */
  #standing(b: ManagedBooking): string {
    const m = this.#m;
    if (b.status == 'cancelled') return m.isCancelled;
    return b.changeable ? '' : fill(m.notChangeable, { date: this.#formats.when(b.changeableUntil) });
  }

  async #load(): Promise<void> {
    const { id, token } = this.#link();
    this.#retry = undefined;
    if (!id || !token) {
      this.view = 'failed';
      return this.#announceProblem(this.#m.incomplete, 'incomplete_link');
    }
    this.view = this.#booking ? this.view : 'loading';
    this.status = this.#booking ? this.status : this.#m.loading;
    try {
      this.#booking = (await this.#call('GET')).booking;
      this.view = 'shown';
      this.status = this.#standing(this.#booking);
    } catch (error) {
      const e = error as ApiError;
      if (!this.#booking) this.view = 'failed';
      if (!e.status || e.status >= 500) this.#retry = () => void this.#load();
      this.#announceProblem(this.#refusal(e), e.code);
    }
  }

  /** Focuses the region that speaks now: the alert while it shows a problem, else the status. */
  async #focusMessage(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#alert:not(:empty)')?.focus();
    if (!this.renderRoot.querySelector('#alert:not(:empty)'))
      this.renderRoot.querySelector<HTMLElement>('#status')?.focus();
  }

  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  // ---------------------------------------------------------------- moving

  #firstDay(): Day {
    return this.availability.today;
  }

  #lastDay(): Day {
    return addDays(this.availability.today, this.#horizonDays);
  }

  /** Opens the month on the booking's own day (or the first bookable one) and loads its free times. */
  async #openMove(): Promise<void> {
    const b = this.#booking!;
    this.availability.setClock(this.timeZone);
    // The service's booking horizon comes with the list of services; 90 days until it arrives (or if it never does).
    void request<ServicesResponse>(this.#base, 'GET', '/api/v1/services')
      .then((r) => {
        this.#horizonDays = r.services.find((s) => s.id == b.serviceId)?.horizonDays ?? 90;
        this.requestUpdate();
      })
      .catch(() => {});
    const own = wall(b.start, this.availability.zone)[0];
    const day = own >= this.#firstDay() ? own : this.#firstDay();
    this.#month = monthOf(day);
    this.#focusDay = day;
    this.#day = '';
    this.#chosen = undefined;
    this.view = 'moving';
    this.status = '';
    void this.#loadMonth(this.#month);
    await this.#focus('#mv');
  }

  async #loadMonth(month: Month): Promise<void> {
    this.busy = true;
    try {
      await this.availability.loadMonth(this.#booking!.serviceId, month);
      const next = addMonthsToMonth(month, 1);
      if (next <= monthOf(this.#lastDay())) this.availability.loadMonth(this.#booking!.serviceId, next).catch(() => {});
    } catch (error) {
      const e = error as ApiError;
      this.#retry = () => {
        this.#retry = undefined;
        void this.#loadMonth(month);
      };
      this.#announceProblem(this.#refusal(e), e.code);
    } finally {
      this.busy = false;
    }
  }

  async #showMonth(month: Month, focusDay: Day, focus: boolean): Promise<void> {
    this.#month = month;
    this.#focusDay = focusDay;
    this.requestUpdate();
    void this.#loadMonth(month);
    if (focus) await this.#focus(`[data-day="${focusDay}"]`);
  }

  #onMonthStep(delta: number): void {
    const [month, focusDay] = stepMonth(this.#month, this.#focusDay, delta);
    if (monthInRange(month, this.#firstDay(), this.#lastDay())) void this.#showMonth(month, focusDay, false);
  }

  #onMonthKey(e: KeyboardEvent): void {
    const rtl = getComputedStyle(this).direction == 'rtl';
    const weekStart = parseWeekStart(this.weekStart, this.#calendarWords.messages.weekStart);
    const d = dayForKey(e, this.#focusDay, weekStart, rtl, this.#firstDay(), this.#lastDay());
    if (!d) return;
    e.preventDefault();
    void this.#showMonth(monthOf(d), d, true);
  }

  async #pickDay(d: Day): Promise<void> {
    this.#focusDay = d;
    const days = this.availability.month(this.#booking!.serviceId, monthOf(d));
    if (!isOpen(d, days, this.#firstDay(), this.#lastDay())) {
      const reason = dayReason(this.#calendarWords.messages, d, days, this.#firstDay(), this.#lastDay());
      this.status = `${this.#formats.dateLabel(d)}, ${reason}`;
      return;
    }
    if (this.#day != d) this.#chosen = undefined;
    this.#day = d;
    this.status = '';
    this.requestUpdate();
    await this.#focus('#th');
  }

  #pickSlot(s: Slot): void {
    this.#chosen = s;
    // "Choose a day and a time first." is no longer true.
    if (this.status == this.#m.chooseTime) this.status = '';
    this.requestUpdate();
  }

  async #confirmMove(): Promise<void> {
    if (this.busy) return;
    const m = this.#m;
    const b = this.#booking!;
    if (!this.#chosen) {
      this.status = this.#problem = m.chooseTime;
      return this.#focus(this.#day ? 'input[name=slot]' : 'td button[tabindex="0"]');
    }
    this.busy = true;
    this.status = m.moving;
    try {
      const moved = (await this.#call('POST', '/reschedule', { start: this.#chosen.start })).booking;
      this.#booking = { ...b, ...moved };
      this.view = 'shown';
      this.status = fill(m.moved, { when: this.#formats.when(moved.start) });
      this.availability.forget();
      this.dispatchEvent(
        new SoleusBookingManageMovedEvent({ id: moved.id, start: moved.start, end: moved.end, previousStart: b.start }),
      );
      await this.#focusMessage();
    } catch (error) {
      const e = error as ApiError;
      if (e.code == 'slot_unavailable' || e.code == 'outside_booking_window') {
        // The time went: fresh times for that day, the month stays open.
        this.availability.forget();
        this.#chosen = undefined;
        await this.#loadMonth(this.#month);
      } else if (e.status && e.status < 500 && e.code != 'too_many_requests') {
        // Too late, cancelled or changed meanwhile: show the booking as it stands now.
        await this.#load();
        this.view = 'shown';
      }
      this.#announceProblem(this.#refusal(e), e.code);
      await this.#focusMessage();
    } finally {
      this.busy = false;
    }
  }

  #keepTime(): void {
    this.view = 'shown';
    this.status = '';
    void this.#focus('#move-open');
  }

  // ---------------------------------------------------------------- cancelling

  #askCancel(): void {
    this.view = 'asking';
    this.status = '';
    void this.#focus('#cancel-yes');
  }

  #keepBooking(): void {
    this.view = 'shown';
    void this.#focus('#cancel');
  }

  async #cancel(): Promise<void> {
    if (this.busy) return;
    const b = this.#booking!;
    this.busy = true;
    this.status = this.#m.cancelling;
    try {
      const cancelled = (await this.#call('POST', '/cancel')).booking;
      this.#booking = { ...b, ...cancelled, changeable: false };
      this.view = 'shown';
      this.status = this.#m.cancelledNow;
      this.dispatchEvent(new SoleusBookingManageCancelledEvent({ id: b.id }));
    } catch (error) {
      const e = error as ApiError;
      if (e.status && e.status < 500 && e.code != 'too_many_requests') await this.#load();
      this.view = 'shown';
      this.#announceProblem(this.#refusal(e), e.code);
    } finally {
      this.busy = false;
    }
    await this.#focusMessage();
  }

  // ---------------------------------------------------------------- rendering

  override render(): TemplateResult {
    const m = this.#m;
    const b = this.#booking;
    // Two live regions, always there: facts and progress in a polite status, problems in an alert styled as one.
    // Their text is exactly the message (tests and scripts read it); the one speaking takes focus after a change.
    const problem = !!this.status && this.status == this.#problem;
    // prettier-ignore
    const statusRegion = html`<p id="status" class="notice" role="status" tabindex="-1" part="status">${problem ? '' : this.status}</p><p id="alert" class="alert" role="alert" tabindex="-1" part="status error">${problem ? this.status : ''}</p>`;
    return html`<div class="root" lang=${this.#words.locale}>
      <div class="flow">
        ${statusRegion}
        ${
          this.#retry
            ? html`<button type="button" class="btn" part="button retry" @click=${this.#retry}>${m.retry}</button>`
            : nothing
        }
        ${
          this.view == 'loading'
            ? html`<div class="skeleton" aria-hidden="true">${Array(6).fill(html`<div></div>`)}</div>`
            : nothing
        }
        ${b && this.view != 'failed' ? this.#details(b) : nothing}
      </div>
    </div>`;
  }

  #details(b: ManagedBooking): TemplateResult {
    const m = this.#m;
    const f = this.#formats;
    const cancelled = b.status == 'cancelled';
    const confirmedSessions = b.series?.filter((s) => s.status == 'confirmed').length ?? 0;
    return html`<section id="details" aria-label=${b.serviceName}>
      <dl part="facts">
        <dt>${m.what}</dt>
        <dd id="what">${b.serviceName}</dd>
        <dt>${m.when}</dt>
        <dd id="when">${f.when(b.start)}</dd>
        ${
          b.practice.address
            ? html`<dt>${m.where}</dt>
                <dd>${b.practice.address}</dd>`
            : nothing
        }
        <dt>${m.state}</dt>
        <dd id="state" class=${cancelled ? 'state-cancelled' : ''}>${cancelled ? m.cancelled : m.confirmed}</dd>
      </dl>
      <p class="note">${f.zoneNote()}</p>
      ${confirmedSessions > 1 ? html`<p class="note">${fill(m.seriesNote, { n: confirmedSessions })}</p>` : nothing}
      ${!b.changeable && !cancelled ? this.#contact(b) : nothing}
      ${cancelled ? this.#bookAgain() : this.#calendarLinks(b)}
      ${b.changeable && !cancelled ? this.#changeBox(b) : nothing}
    </section>`;
  }

  /** The practice's phone and email, when the booking can no longer be changed online. */
  #contact(b: ManagedBooking): TemplateResult | typeof nothing {
    const { name, phone, email } = b.practice;
    if (!phone && !email) return nothing;
    return html`<p class="notice contact" part="contact">
      <span
        >${fill(this.#m.contact, { name })}
        ${phone ? html`<a href="tel:${phone.replace(/[^+\d]/g, '')}">${phone}</a>` : nothing}${phone && email ? ' · ' : ''}${
          email ? html`<a href="mailto:${email}">${email}</a>` : nothing
        }</span
      >
    </p>`;
  }

  #calendarLinks(b: ManagedBooking): TemplateResult {
    const { token } = this.#link();
    const event = {
      title: `${b.serviceName} · ${b.practice.name}`,
      location: b.practice.address ?? '',
      details: globalThis.location?.href ?? '',
    };
    return renderCalendarLinks(this.#calendarWords.messages, this.#base, token, b, event);
  }

  #bookAgain(): TemplateResult {
    const href = this.bookUrl || `${this.#base}/`;
    return html`<a class="btn" part="button book-again" href=${href}>${this.#m.bookAgain}</a>`;
  }

  #changeBox(b: ManagedBooking): TemplateResult {
    const m = this.#m;
    const until = fill(m.changeableUntil, { date: this.#formats.when(b.changeableUntil) });
    return html`<div class="box">
      <h2>${m.changeHeading}</h2>
      <p>${until}</p>
      ${this.view == 'moving' ? this.#moving() : this.view == 'asking' ? this.#asking() : this.#actions()}
    </div>`;
  }

  #actions(): TemplateResult {
    const m = this.#m;
    return html`<div class="actions">
      <button type="button" id="move-open" class="btn" part="button" @click=${() => void this.#openMove()}>
        ${m.move}
      </button>
      <button
        type="button"
        id="cancel"
        class="btn danger secondary"
        part="button secondary danger"
        @click=${() => this.#askCancel()}
      >
        ${m.cancel}
      </button>
    </div>`;
  }

  #asking(): TemplateResult {
    const m = this.#m;
    return html`<div class="box ask" role="group" aria-labelledby="ask">
      <p id="ask">${m.cancelAsk}</p>
      <div class="actions">
        <button
          type="button"
          id="cancel-yes"
          class="btn danger"
          part="button danger"
          aria-disabled=${this.busy}
          @click=${() => void this.#cancel()}
        >
          ${this.busy ? m.cancelling : m.cancelYes}
        </button>
        <button
          type="button"
          id="cancel-no"
          class="btn secondary"
          part="button secondary"
          @click=${() => this.#keepBooking()}
        >
          ${m.cancelNo}
        </button>
      </div>
    </div>`;
  }

  #moving(): TemplateResult {
    const m = this.#m;
    const words = this.#calendarWords.messages;
    const service = this.#booking!.serviceId;
    const slots = (this.#day && this.availability.slotsOn(service, this.#day)) || [];
    const month = renderMonth({
      messages: words,
      dateLabel: (d, wd) => this.#formats.dateLabel(d, wd),
      month: this.#month,
      days: this.availability.month(service, this.#month),
      first: this.#firstDay(),
      last: this.#lastDay(),
      today: this.availability.today,
      focusDay: this.#focusDay,
      selectedDay: this.#day,
      weekStart: parseWeekStart(this.weekStart, words.weekStart),
      busy: this.busy,
      onStep: (delta) => this.#onMonthStep(delta),
      onKeydown: (e) => this.#onMonthKey(e),
      onPick: (d) => void this.#pickDay(d),
    });
    const times = slots.length
      ? renderTimes({
          messages: words,
          formats: this.#formats,
          day: this.#day,
          slots,
          chosen: this.#chosen,
          onPick: (s) => this.#pickSlot(s),
        })
      : nothing;
    return html`<div class="move">
      <h3 id="mv" tabindex="-1">${m.moveHeading}</h3>
      <p>${fill(m.currently, { when: this.#formats.when(this.#booking!.start) })}</p>
      <p class="note">${m.moveIntro}</p>
      ${month}${times}
      <div class="actions">
        <button
          type="button"
          id="move"
          class="btn"
          part="button"
          aria-disabled=${this.busy}
          @click=${() => void this.#confirmMove()}
        >
          ${this.busy ? m.moving : m.moveConfirm}
        </button>
        <button
          type="button"
          id="move-keep"
          class="btn secondary"
          part="button secondary"
          @click=${() => this.#keepTime()}
        >
          ${m.moveKeep}
        </button>
      </div>
    </div>`;
  }
}
