import { html, nothing, type TemplateResult } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { fill } from '../../core/i18n.js';
import type { OwnerBooking } from '../../core/schemas/booking.js';
import type { OwnerActionResponse, OwnerMail, OwnerPreviewResponse } from '../../core/schemas/owner-bookings.js';
import type { TimeOff } from '../../core/schemas/time-off.js';
import { ApiError, ownerApiBase, ownerRequest } from '../api.js';
import {
  addDays,
  dayAndTime,
  dayOf,
  longDay,
  money,
  monthName,
  monthStart,
  timeRange,
  wallOf,
  weekdayIndex,
} from '../dates.js';
import { agendaStrings as t } from '../strings/agenda.js';
import { consoleStyles } from '../styles.js';
import { agendaStyles } from './agenda-styles.js';
import { loading } from '../loading.js';

/** What the console needs of `GET /api/v1/services`. */
export interface PracticeInfo {
  practice: { name: string; timeZone: string };
  services: { id: string; name: string; durationMinutes: number; price: { amount: number; currency: string } | null }[];
  /** The race plan's rules as the server applies them (defaults and each part's treatment filled in). */
  racePlan?: Record<string, Record<string, string | number>>;
}

/** The services and the practice's zone, read once per page from the public services route. */
let practiceInfo: Promise<PracticeInfo> | undefined;
export function loadPracticeInfo(refresh = false): Promise<PracticeInfo> {
  if (refresh || !practiceInfo) {
    const base = new URL(ownerApiBase(), location.href);
    practiceInfo = fetch(new URL('/api/v1/services', base), { headers: { accept: 'application/json' } }).then(
      async (r) => {
        if (!r.ok) throw new ApiError(r.status, { code: `http_${r.status}`, message: 'Could not load the services.' });
        return (await r.json()) as PracticeInfo;
      },
    );
    practiceInfo.catch(() => (practiceInfo = undefined));
  }
  return practiceInfo;
}

/** What the owner is about to do; `key` is its Idempotency-Key, made at the first Confirm and kept for a retry. */
type Review = {
  kind: 'move' | 'cancel' | 'add';
  path: string;
  body: Record<string, unknown>;
  mail: OwnerMail[];
  key?: string;
};
type Undo = { id: string; until: number; label: string };

const UNDO_TICK_MS = 1_000;
/** How often the calendar version is read when the stream cannot say it. */
const POLL_MS = 15_000;

/** The request may not have been answered (or acted on): the same intent may be sent again. */
const retryable = (error: unknown): boolean => {
  const e = error as ApiError;
  return !e.status || e.status >= 500 || e.code === 'request_in_progress';
};

/** The email's text with its long links (calendar, manage) shortened to "(link)", so the words can be read. */
export const shortLinks = (text: string): string => text.replace(/https?:\/\/\S{40,}/g, '(link)');

/**
 * `<soleus-console-agenda>`: the owner's diary, phone first. Today and the coming week as a list (or a month
 * overview whose days open their list), with time off in the same list. A booking opens its details: client,
 * treatment, time in the practice's zone, price, notes, answers, series or race plan; there the owner moves or
 * cancels it (with a message) after seeing the email the client will receive, marks attendance, and has 10 seconds
 * to undo. "Add a booking" takes one by phone. It follows new bookings without a reload (the owner event stream).
 */
export class SoleusConsoleAgenda extends SoleusElement {
  static override styles = [...(SoleusElement.styles as []), formStyles, consoleStyles, agendaStyles];

  static override properties = {
    ...SoleusElement.properties,
    view: { state: true },
    month: { state: true },
    day: { state: true },
    bookings: { state: true },
    timeOff: { state: true },
    info: { state: true },
    openId: { state: true },
    mode: { state: true },
    review: { state: true },
    busy: { state: true },
    status: { state: true },
    error: { state: true },
    fields: { state: true },
    undo: { state: true },
    now: { state: true },
  };

  declare view: 'week' | 'month';
  /** First day of the month shown in the month view. */
  declare month: string;
  /** The day whose list the month view shows. */
  declare day: string;
  declare bookings: OwnerBooking[] | undefined;
  declare timeOff: TimeOff[];
  declare info: PracticeInfo | undefined;
  /** The booking open in details, `add` for the add form, '' for the list. */
  declare openId: string;
  declare mode: '' | 'move' | 'cancel';
  declare review: Review | undefined;
  declare busy: boolean;
  declare status: string;
  declare error: string;
  declare fields: Record<string, string>;
  declare undo: Undo | undefined;
  declare now: number;

  #events: EventSource | undefined;
  #tick: ReturnType<typeof setInterval> | undefined;
  #poll: ReturnType<typeof setInterval> | undefined;
  #version = -1;
  /** A version went unread while busy. */
  #stale = false;
  /** The last refusal was the notice rules' (422 `outside_booking_window`): the owner may lift them. */
  #noticeRefused = false;

  constructor() {
    super();
    this.view = 'week';
    this.month = '';
    this.day = '';
    this.bookings = undefined;
    this.timeOff = [];
    this.info = undefined;
    this.openId = '';
    this.mode = '';
    this.review = undefined;
    this.busy = false;
    this.status = '';
    this.error = '';
    this.fields = {};
    this.undo = undefined;
    this.now = Date.now();
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.#start();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#events?.close();
    this.#events = undefined;
    clearInterval(this.#tick);
    clearInterval(this.#poll);
  }

  get #zone(): string {
    return this.info?.practice.timeZone ?? 'UTC';
  }

  get #today(): string {
    return dayOf(new Date(), this.#zone);
  }

  async #start() {
    try {
      this.info = await loadPracticeInfo();
    } catch (error) {
      this.error = (error as ApiError).message;
      return;
    }
    this.month = monthStart(this.#today);
    this.day = this.#today;
    // The version before the list: any change after it is seen by the stream or a poll, none is missed.
    await this.#readVersion();
    await this.#load();
    this.#follow();
  }

  /**
   * Follows the calendar version: a new booking, a cancel or a change elsewhere reloads the list. The server-sent
   * stream says each change; every 15 s the version is also read (`…/calendar-version`) when the stream is not open
   * (a proxy that buffers it, a browser without EventSource) or a change came while an action was on its way.
   */
  #follow() {
    if (typeof EventSource !== 'undefined') {
      const events = new EventSource(`${ownerApiBase()}/events`, { withCredentials: true });
      events.addEventListener('version', (event) =>
        this.#seen((JSON.parse((event as MessageEvent<string>).data) as { version: number }).version),
      );
      this.#events = events;
    }
    this.#poll = setInterval(() => {
      if (this.#events?.readyState !== 1 || this.#stale) void this.#readVersion();
    }, POLL_MS);
  }

  /** Reads the calendar version once (a failure waits for the next try). */
  #readVersion() {
    return ownerRequest<{ version: number }>('GET', '/calendar-version').then(
      (r) => this.#seen(r.version),
      () => {},
    );
  }

  /** A calendar version read from the stream or a poll. */
  #seen(version: number) {
    this.#stale = false;
    if (this.#version !== -1 && version !== this.#version) {
      // Kept for the next check: the action on its way reloads, or the next poll does.
      if (this.busy) return void (this.#stale = true);
      // Said only when someone else changed what is shown (the owner's own changes are loaded already).
      const before = JSON.stringify([this.bookings, this.timeOff]);
      void this.#load().then(() => {
        if (!this.openId && JSON.stringify([this.bookings, this.timeOff]) !== before) this.status = t.updated;
      });
    }
    this.#version = version;
  }

  /** After a failed load: the services first if they were what failed, else the list. */
  #retry() {
    this.error = '';
    void (this.info ? this.#load() : this.#start());
  }

  #range(): [string, string] {
    if (this.view === 'week') return [this.#today, addDays(this.#today, 6)];
    return [this.month, addDays(monthStart(this.month, 1), -1)];
  }

  async #load() {
    const [from, to] = this.#range();
    try {
      const q = `?from=${from}&to=${to}`;
      const [list, off] = await Promise.all([
        ownerRequest<{ bookings: OwnerBooking[] }>('GET', `/bookings${q}`),
        ownerRequest<{ timeOff: TimeOff[] }>('GET', `/time-off${q}`),
      ]);
      this.bookings = list.bookings;
      this.timeOff = off.timeOff;
      this.error = '';
    } catch (error) {
      this.error = (error as ApiError).message;
    }
  }

  #setView(view: 'week' | 'month') {
    if (this.view === view) return;
    this.view = view;
    this.bookings = undefined;
    void this.#load();
  }

  #moveMonth(by: number) {
    this.month = monthStart(this.month, by);
    this.day = this.month;
    this.bookings = undefined;
    void this.#load();
  }

  #open(id: string) {
    this.openId = id;
    this.mode = '';
    this.review = undefined;
    this.fields = {};
    this.error = '';
    // While an Undo is offered its line stays, so the button says what it undoes.
    if (!this.undo) this.status = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#detail-title')?.focus());
  }

  #close() {
    const id = this.openId;
    this.openId = '';
    this.mode = '';
    this.review = undefined;
    this.fields = {};
    void this.updateComplete.then(() =>
      (
        this.renderRoot.querySelector<HTMLElement>(`[data-booking="${id}"]`) ??
        this.renderRoot.querySelector<HTMLElement>('#add')
      )?.focus(),
    );
  }

  get #booking(): OwnerBooking | undefined {
    return this.bookings?.find((b) => b.id === this.openId);
  }

  #value(id: string): string {
    return (
      this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`#${id}`)?.value ?? ''
    );
  }

  #checked(id: string): boolean {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)?.checked ?? false;
  }

  /** Asks the server for the email of an action (nothing written), then shows it for the owner to confirm. */
  async #prepare(kind: Review['kind'], path: string, body: Record<string, unknown>) {
    this.busy = true;
    this.error = '';
    this.fields = {};
    this.#noticeRefused = false;
    this.status = t.reviewing;
    try {
      const shown = await ownerRequest<OwnerPreviewResponse>('POST', path, { body: { ...body, preview: true } });
      this.review = { kind, path, body, mail: shown.mail };
      this.status = '';
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#review-title')?.focus());
    } catch (error) {
      this.#refused(error);
    } finally {
      this.busy = false;
    }
  }

  #refused(error: unknown) {
    const e = error as ApiError;
    this.status = '';
    const fields: Record<string, string> = {};
    for (const [key, message] of Object.entries(e.fields ?? {})) {
      fields[
        key === 'client.name' ? 'name' : key === 'client.email' ? 'email' : key === 'client.phone' ? 'phone' : key
      ] = message;
    }
    if (e.status === 409 && e.code === 'slot_unavailable') fields.start = e.message;
    if (e.status === 422) fields.start = e.message;
    this.#noticeRefused = e.code === 'outside_booking_window';
    this.fields = fields;
    this.error = Object.keys(fields).length ? t.fix : e.message;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async #confirm() {
    const review = this.review;
    if (!review) return;
    this.busy = true;
    this.error = '';
    // A new action ends the offer to undo the previous one (it stays done), so the one Undo shown is this one's.
    this.undo = undefined;
    clearInterval(this.#tick);
    this.status = t.working;
    try {
      // One key per intent: pressing Confirm again after a failure replays the first try instead of acting twice.
      review.key ??= crypto.randomUUID();
      const done = await ownerRequest<OwnerActionResponse>('POST', review.path, {
        body: review.body,
        headers: { 'Idempotency-Key': review.key },
      });
      const label = review.kind === 'move' ? t.moved : review.kind === 'cancel' ? t.cancelled : t.added;
      this.review = undefined;
      this.mode = '';
      this.openId = review.kind === 'add' ? '' : this.openId;
      // The list is brought up to date first, so what is announced is what is shown.
      await this.#load();
      this.#offerUndo({ id: done.action.id, until: Date.parse(done.action.undoUntil), label });
    } catch (error) {
      // Unanswered (network, timeout, server error, still in progress): the review stays for the same button again.
      if (!retryable(error)) this.review = undefined;
      this.#refused(error);
    } finally {
      this.busy = false;
    }
  }

  #offerUndo(undo: Undo) {
    this.undo = undo;
    this.status = undo.label;
    this.now = Date.now();
    clearInterval(this.#tick);
    this.#tick = setInterval(() => {
      this.now = Date.now();
      if (this.undo && this.now >= this.undo.until) {
        this.undo = undefined;
        clearInterval(this.#tick);
      }
    }, UNDO_TICK_MS);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#undo')?.focus());
  }

  async #undo() {
    const undo = this.undo;
    if (!undo) return;
    this.busy = true;
    try {
      await ownerRequest('POST', `/actions/${encodeURIComponent(undo.id)}/undo`);
      this.undo = undefined;
      clearInterval(this.#tick);
      await this.#load();
      this.status = t.undone;
    } catch (error) {
      // Undo is idempotent by its action id: after an unanswered try the button stays to press again.
      if (!retryable(error)) this.undo = undefined;
      this.error = (error as ApiError).message;
    } finally {
      this.busy = false;
    }
  }

  async #attendance(value: 'attended' | 'no_show' | null) {
    const booking = this.#booking;
    if (!booking) return;
    this.busy = true;
    this.error = '';
    try {
      const done = await ownerRequest<{ booking: OwnerBooking }>(
        'POST',
        `/bookings/${encodeURIComponent(booking.id)}/attendance`,
        { body: { attendance: value } },
      );
      this.bookings = this.bookings?.map((b) => (b.id === booking.id ? done.booking : b));
      this.status = t.marked;
    } catch (error) {
      this.error = (error as ApiError).message;
    } finally {
      this.busy = false;
    }
  }

  #submitMove(event: SubmitEvent, override = false) {
    event.preventDefault();
    const booking = this.#booking!;
    const day = this.#value('move-day');
    const time = this.#value('move-time');
    if (!day || !time) {
      this.fields = { start: t.required };
      this.error = t.fix;
      return;
    }
    const message = this.#value('move-message').trim();
    void this.#prepare('move', `/bookings/${encodeURIComponent(booking.id)}/move`, {
      start: `${day}T${time}`,
      notify: this.#checked('move-notify'),
      ...(message ? { message } : {}),
      ...(override ? { overrideNotice: true } : {}),
    });
  }

  #submitCancel(event: SubmitEvent) {
    event.preventDefault();
    const booking = this.#booking!;
    const message = this.#value('cancel-message').trim();
    void this.#prepare('cancel', `/bookings/${encodeURIComponent(booking.id)}/cancel`, {
      notify: this.#checked('cancel-notify'),
      ...(message ? { message } : {}),
    });
  }

  #submitAdd(event: SubmitEvent, override = false) {
    event.preventDefault();
    const day = this.#value('add-day');
    const time = this.#value('add-time');
    const name = this.#value('add-name').trim();
    const missing: Record<string, string> = {};
    if (!name) missing.name = t.required;
    if (!day || !time) missing.start = t.required;
    if (Object.keys(missing).length) {
      this.fields = missing;
      this.error = t.fix;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const email = this.#value('add-email').trim();
    const phone = this.#value('add-phone').trim();
    const notes = this.#value('add-notes').trim();
    void this.#prepare('add', '/bookings', {
      serviceId: this.#value('add-service'),
      start: `${day}T${time}`,
      client: { name, ...(email ? { email } : {}), ...(phone ? { phone } : {}) },
      ...(notes ? { notes } : {}),
      sendConfirmation: this.#checked('add-confirm'),
      ...(override ? { overrideNotice: true } : {}),
    });
  }

  // ————— Rendering —————

  #field(id: string, key: string, label: string, input: TemplateResult) {
    const message = this.fields[key];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${input}
      <p class="field-error" id=${`${id}-error`}>${message ?? ''}</p>
    </div>`;
  }

  /** The day and time inputs of a move or an add (one error line, under the day, for both). */
  #when(prefix: 'move' | 'add', day: string, time: string) {
    const invalid = this.#invalid('start');
    return html`<div class="two">
      ${this.#field(`${prefix}-day`, 'start', t.day, html`<input id=${`${prefix}-day`} type="date" required .value=${day} aria-invalid=${invalid} aria-describedby=${`${prefix}-day-error`} />`)}
      <div class="field">
        <label for=${`${prefix}-time`}>${t.time}</label>
        <input
          id=${`${prefix}-time`}
          type="time"
          step="300"
          required
          .value=${time}
          aria-invalid=${invalid}
          aria-describedby=${`${prefix}-day-error`}
        />
      </div>
    </div>`;
  }

  /** Review, and after a refusal by the notice rules (422), the owner's "anyway" that lifts them. */
  #reviewButtons(anyway: string, again: (e: SubmitEvent) => void) {
    return html`<div class="actions">
      <button type="submit" class="btn" ?disabled=${this.busy}>${t.review}</button>
      ${
        this.#noticeRefused
          ? html`<button
              type="button"
              class="btn secondary"
              ?disabled=${this.busy}
              @click=${(e: Event) => again(e as SubmitEvent)}
            >
              ${anyway}
            </button>`
          : nothing
      }
    </div>`;
  }

  #invalid(key: string) {
    return this.fields[key] ? 'true' : 'false';
  }

  #badges(b: OwnerBooking) {
    const list: string[] = [];
    if (b.status === 'cancelled') list.push(t.badges.cancelled);
    if (b.planId) list.push(t.badges.plan);
    else if (b.seriesId) list.push(t.badges.series);
    if (b.source === 'owner') list.push(t.badges.phone);
    if (b.attendance) list.push(t.badges[b.attendance]);
    return list.map((x) => html`<span class="badge">${x}</span>`);
  }

  #dayList(day: string) {
    const zone = this.#zone;
    const bookings = (this.bookings ?? []).filter((b) => dayOf(b.start, zone) === day);
    const off = this.timeOff.filter(
      (x) => dayOf(x.start, zone) <= day && dayOf(new Date(Date.parse(x.end) - 1), zone) >= day,
    );
    const items: { at: string; view: TemplateResult }[] = [
      ...off.map((x) => ({
        at: dayOf(x.start, zone) === day ? x.start : `${day}T00:00`,
        view: html`<li class="entry off">
          <span class="time">${this.#offTime(x, day)}</span>
          <span><strong>${t.timeOff}</strong>${x.reason ? html` · ${x.reason}` : nothing}</span>
        </li>`,
      })),
      ...bookings.map((b) => ({
        at: b.start,
        view: html`<li>
          <button
            type="button"
            class="entry ${b.status === 'cancelled' ? 'cancelled' : ''}"
            data-booking=${b.id}
            @click=${() => this.#open(b.id)}
          >
            <span class="time">${timeRange(b.start, b.end, zone)}</span>
            <span class="who">
              <strong>${b.client.name}</strong>
              <span class="muted">${b.serviceName}${b.price ? ` · ${money(b.price)}` : ''}</span>
              <span>${this.#badges(b)}</span>
            </span>
          </button>
        </li>`,
      })),
    ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return html`<section class="day" aria-labelledby=${`d-${day}`}>
      <h2 id=${`d-${day}`}>${day === this.#today ? `${t.today}, ${longDay(day)}` : longDay(day)}</h2>
      ${
        items.length
          ? html`<ul class="list">
              ${items.map((i) => i.view)}
            </ul>`
          : html`<p class="muted">${t.nothing}</p>`
      }
    </section>`;
  }

  #offTime(x: TimeOff, day: string): string {
    const zone = this.#zone;
    const [startDay, startTime] = wallOf(x.start, zone);
    const [endDay, endTime] = wallOf(x.end, zone);
    const from = startDay === day ? startTime : '00:00';
    const to = endDay === day ? endTime : '24:00';
    return `${from}–${to}`;
  }

  #month() {
    const first = this.month;
    const days: string[] = [];
    const last = addDays(monthStart(first, 1), -1);
    for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
    const zone = this.#zone;
    const count = (day: string) =>
      (this.bookings ?? []).filter((b) => b.status === 'confirmed' && dayOf(b.start, zone) === day).length;
    const offDay = (day: string) =>
      this.timeOff.some((x) => dayOf(x.start, zone) <= day && dayOf(new Date(Date.parse(x.end) - 1), zone) >= day);
    return html`<div class="month-bar">
        <button type="button" class="btn secondary" aria-label=${t.previous} @click=${() => this.#moveMonth(-1)}>
          ‹
        </button>
        <h2 id="month-title">${monthName(first)}</h2>
        <button type="button" class="btn secondary" aria-label=${t.next} @click=${() => this.#moveMonth(1)}>›</button>
      </div>
      <div class="month" role="group" aria-labelledby="month-title">
        ${t.weekdays.map((n) => html`<span class="wd" aria-hidden="true">${n}</span>`)}
        ${days.map((d, i) => {
          const n = count(d);
          return html`<button
            type="button"
            class="md ${i === 0 ? `from-${weekdayIndex(d) + 1}` : ''} ${d === this.day ? 'sel' : ''} ${offDay(d) ? 'offday' : ''}"
            aria-pressed=${d === this.day ? 'true' : 'false'}
            @click=${() => (this.day = d)}
          >
            <span aria-hidden="true">${Number(d.slice(8))}</span
            >${n ? html`<span class="n" aria-hidden="true">${n}</span>` : nothing}
            <span class="sr-only"
              >${fill(t.dayBookings, { day: longDay(d), count: n === 1 ? t.oneBooking : fill(t.bookingCount, { count: n }) })}</span
            >
          </button>`;
        })}
      </div>
      ${this.bookings === undefined ? nothing : this.#dayList(this.day)}`;
  }

  #reviewPanel(review: Review) {
    const confirm = review.kind === 'move' ? t.confirmMove : review.kind === 'cancel' ? t.confirmCancel : t.confirmAdd;
    return html`<section class="card review" aria-labelledby="review-title">
      <h2 id="review-title" tabindex="-1">
        ${review.kind === 'move' ? t.moveTitle : review.kind === 'cancel' ? t.cancelTitle : t.addTitle}
      </h2>
      ${
        review.mail.length === 0
          ? html`<p>${t.noMail}</p>`
          : html`<p>${t.willReceive}</p>
              ${review.mail.map(
                (m) =>
                  html`<div class="mail">
                    <p><strong>${m.subject}</strong></p>
                    <p class="muted">${m.to}</p>
                    <pre>${shortLinks(m.text)}</pre>
                  </div>`,
              )}`
      }
      <div class="actions">
        <button
          type="button"
          class="btn ${review.kind === 'cancel' ? 'danger' : ''}"
          id="confirm"
          ?disabled=${this.busy}
          @click=${() => this.#confirm()}
        >
          ${this.busy ? t.working : confirm}
        </button>
        <button type="button" class="btn secondary" ?disabled=${this.busy} @click=${() => (this.review = undefined)}>
          ${t.keep}
        </button>
      </div>
    </section>`;
  }

  #details(b: OwnerBooking) {
    const zone = this.#zone;
    const started = Date.parse(b.start) <= this.now;
    const [day, time] = wallOf(b.start, zone);

    return html`<section class="card" aria-labelledby="detail-title" ?hidden=${!!this.review}>
        <h2 id="detail-title" tabindex="-1">${b.client.name} ${this.#badges(b)}</h2>
        <dl class="facts">
          <dt>${t.when}</dt>
          <dd>${dayAndTime(b.start, b.end, zone)}</dd>
          <dt>${t.service}</dt>
          <dd>${b.serviceName}</dd>
          <dt>${t.price}</dt>
          <dd>${b.price ? money(b.price) : t.noPrice}</dd>
          ${
            b.client.email
              ? html`<dt>${t.email}</dt>
                  <dd><a href=${`mailto:${b.client.email}`}>${b.client.email}</a></dd>`
              : nothing
          }
          ${
            b.client.phone
              ? html`<dt>${t.phone}</dt>
                  <dd><a href=${`tel:${b.client.phone.replace(/[^+\d]/g, '')}`}>${b.client.phone}</a></dd>`
              : nothing
          }
          ${
            b.notes
              ? html`<dt>${t.notes}</dt>
                  <dd class="pre">${b.notes}</dd>`
              : nothing
          }
          ${b.questions.map(
            (q) =>
              html`<dt>${q.question}</dt>
                <dd class="pre">${q.answer}</dd>`,
          )}
          ${
            b.cancelMessage
              ? html`<dt>${t.cancelMessage}</dt>
                  <dd class="pre">${b.cancelMessage}</dd>`
              : nothing
          }
          <dt>${t.source}</dt>
          <dd>${fill(t.sources[b.source], { when: dayAndTime(b.createdAt, b.createdAt, zone).split(',')[0]! })}</dd>
        </dl>
        ${
          b.status === 'confirmed'
            ? html`<fieldset class="attendance">
                  <legend>${t.attendance}</legend>
                  ${
                    started
                      ? html`<div class="actions">
                          ${(
                            [
                              ['attended', t.attended],
                              ['no_show', t.noShow],
                              [null, t.clearAttendance],
                            ] as const
                          ).map(
                            ([value, label]) =>
                              html`<button
                                type="button"
                                class="btn secondary"
                                aria-pressed=${b.attendance === value ? 'true' : 'false'}
                                ?disabled=${this.busy}
                                @click=${() => this.#attendance(value)}
                              >
                                ${label}
                              </button>`,
                          )}
                        </div>`
                      : html`<p class="muted">${t.notStarted}</p>`
                  }
                </fieldset>
                <div class="actions">
                  <button
                    type="button"
                    class="btn secondary"
                    id="move"
                    aria-expanded=${this.mode === 'move' ? 'true' : 'false'}
                    @click=${() => this.#mode('move')}
                  >
                    ${t.move}
                  </button>
                  <button
                    type="button"
                    class="btn danger"
                    id="cancel"
                    aria-expanded=${this.mode === 'cancel' ? 'true' : 'false'}
                    @click=${() => this.#mode('cancel')}
                  >
                    ${t.cancel}
                  </button>
                </div>`
            : nothing
        }
      </section>
      ${
        this.mode === 'move'
          ? html`<form
              class="card"
              id="move-form"
              novalidate
              ?hidden=${!!this.review}
              @submit=${(e: SubmitEvent) => this.#submitMove(e)}
            >
              <h3>${t.moveTitle}</h3>
              ${this.#when('move', day, time)}
              ${this.#field('move-message', 'message', t.message, html`<textarea id="move-message" rows="3" maxlength="1000" aria-invalid=${this.#invalid('message')} aria-describedby="move-message-error"></textarea>`)}
              <label class="check"><input id="move-notify" type="checkbox" checked /> ${t.notify}</label>
              ${this.#reviewButtons(t.anyway, (e) => this.#submitMove(e, true))}
            </form>`
          : nothing
      }
      ${
        this.mode === 'cancel'
          ? html`<form
              class="card"
              id="cancel-form"
              novalidate
              ?hidden=${!!this.review}
              @submit=${(e: SubmitEvent) => this.#submitCancel(e)}
            >
              <h3>${t.cancelTitle}</h3>
              ${this.#field('cancel-message', 'message', t.message, html`<textarea id="cancel-message" rows="3" maxlength="1000" aria-invalid=${this.#invalid('message')} aria-describedby="cancel-message-error"></textarea>`)}
              <label class="check"><input id="cancel-notify" type="checkbox" checked /> ${t.notify}</label>
              <div class="actions">
                <button type="submit" class="btn danger" ?disabled=${this.busy}>${t.review}</button>
              </div>
            </form>`
          : nothing
      }
      ${this.review ? this.#reviewPanel(this.review) : nothing}`;
  }

  #mode(mode: 'move' | 'cancel') {
    this.mode = this.mode === mode ? '' : mode;
    this.review = undefined;
    this.fields = {};
    this.error = '';
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#${mode}-form input, #${mode}-form textarea`)?.focus(),
    );
  }

  #addForm() {
    const services = this.info?.services ?? [];
    return html`<form
      class="card"
      id="add-form"
      novalidate
      ?hidden=${!!this.review}
      @submit=${(e: SubmitEvent) => this.#submitAdd(e)}
    >
      <h2 id="detail-title" tabindex="-1">${t.addTitle}</h2>
      <div class="field">
        <label for="add-service">${t.service}</label>
        <select id="add-service">
          ${services.map((s) => html`<option value=${s.id}>${s.name}${s.price ? ` (${money(s.price)})` : ''}</option>`)}
        </select>
      </div>
      ${this.#when('add', this.view === 'month' ? this.day : this.#today, '')}
      ${this.#field('add-name', 'name', t.name, html`<input id="add-name" autocomplete="off" maxlength="120" required aria-invalid=${this.#invalid('name')} aria-describedby="add-name-error" />`)}
      ${this.#field('add-email', 'email', t.clientEmail, html`<input id="add-email" type="email" autocomplete="off" maxlength="254" aria-invalid=${this.#invalid('email')} aria-describedby="add-email-error" />`)}
      ${this.#field('add-phone', 'phone', t.clientPhone, html`<input id="add-phone" type="tel" autocomplete="off" maxlength="32" aria-invalid=${this.#invalid('phone')} aria-describedby="add-phone-error" />`)}
      ${this.#field('add-notes', 'notes', t.notes, html`<textarea id="add-notes" rows="2" maxlength="2000" aria-invalid=${this.#invalid('notes')} aria-describedby="add-notes-error"></textarea>`)}
      <label class="check"><input id="add-confirm" type="checkbox" /> ${t.sendConfirmation}</label>
      ${this.#reviewButtons(t.addAnyway, (e) => this.#submitAdd(e, true))}
    </form>`;
  }

  override render() {
    const open = this.openId === 'add' ? 'add' : this.#booking;
    const seconds = this.undo ? Math.max(0, Math.ceil((this.undo.until - this.now) / 1000)) : 0;
    return html`<div class="screen agenda">
      <div class="head">
        <h1>${t.title}</h1>
        ${open ? nothing : html`<button type="button" class="btn" id="add" @click=${() => this.#open('add')}>${t.add}</button>`}
      </div>
      <div class="notice-row">
        <p class="notice" role="status">${this.status}</p>
        ${
          this.undo && seconds > 0
            ? html`<button
                type="button"
                class="btn secondary"
                id="undo"
                ?disabled=${this.busy}
                @click=${() => this.#undo()}
              >
                ${fill(t.undoLeft, { seconds })}
              </button>`
            : nothing
        }
      </div>
      <p class="alert" role="alert">${this.error}</p>
      ${
        open
          ? html`<button type="button" class="link" id="back" @click=${() => this.#close()}>‹ ${t.back}</button>
              ${open === 'add' ? [this.#addForm(), this.review ? this.#reviewPanel(this.review) : nothing] : this.#details(open)}`
          : html`<div class="tabs" role="group" aria-label=${t.views}>
                <button
                  type="button"
                  aria-pressed=${this.view === 'week' ? 'true' : 'false'}
                  @click=${() => this.#setView('week')}
                >
                  ${t.week}
                </button>
                <button
                  type="button"
                  aria-pressed=${this.view === 'month' ? 'true' : 'false'}
                  @click=${() => this.#setView('month')}
                >
                  ${t.month}
                </button>
              </div>
              ${
                this.bookings === undefined && !this.error
                  ? html`<p class="muted" role="status">${t.loading}</p>
                      ${loading(false, 3)}`
                  : this.bookings === undefined
                    ? // Not loaded: never "Nothing booked", which would say the day is free.
                      html`<button type="button" class="btn secondary" id="retry" @click=${() => this.#retry()}>
                        ${t.retry}
                      </button>`
                    : this.view === 'week'
                      ? Array.from({ length: 7 }, (_, i) => this.#dayList(addDays(this.#today, i)))
                      : this.#month()
              }`
      }
    </div>`;
  }
}
