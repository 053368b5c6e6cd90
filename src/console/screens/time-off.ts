import { html, nothing } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { fill } from '../../core/i18n.js';
import type { OwnerBooking } from '../../core/schemas/booking.js';
import type { TimeOff, TimeOffCreated } from '../../core/schemas/time-off.js';
import { type ApiError, ownerRequest } from '../api.js';
import { addDays, dayAndTime, dayOf, wallOf } from '../dates.js';
import { agendaStrings as t } from '../strings/agenda.js';
import { consoleStyles } from '../styles.js';
import { agendaStyles } from './agenda-styles.js';
import { loadPracticeInfo } from './agenda.js';
import { loading } from '../loading.js';

/** "Thu 3 Dec, 13:00–18:00", or "Thu 3 Dec, 13:00 – Sat 5 Dec, 18:00" across days. */
function stretch(x: { start: string; end: string }, zone: string): string {
  const endMinus = new Date(Date.parse(x.end) - 1).toISOString();
  if (dayOf(x.start, zone) === dayOf(endMinus, zone)) return dayAndTime(x.start, x.end, zone);
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: zone });
  return `${day.format(new Date(x.start))}, ${wallOf(x.start, zone)[1]} – ${day.format(new Date(x.end))}, ${wallOf(x.end, zone)[1]}`;
}

/**
 * `<soleus-console-time-off>`: take an afternoon (or a fortnight) off. From, until and an optional reason; saved time
 * off leaves the booking calendar at once, and the bookings already in that time are listed (they are kept: the
 * owner contacts those clients, or moves or cancels them in the agenda). The coming time off, each removable.
 */
export class SoleusConsoleTimeOff extends SoleusElement {
  static override styles = [...(SoleusElement.styles as []), formStyles, consoleStyles, agendaStyles];

  static override properties = {
    ...SoleusElement.properties,
    zone: { state: true },
    list: { state: true },
    affected: { state: true },
    busy: { state: true },
    status: { state: true },
    error: { state: true },
    fields: { state: true },
  };

  declare zone: string;
  declare list: TimeOff[] | undefined;
  declare affected: OwnerBooking[];
  declare busy: boolean;
  declare status: string;
  declare error: string;
  declare fields: Record<string, string>;
  /** The Idempotency-Key of the time off last sent and not answered: the same one sent again replays it. */
  #key: [body: string, key: string] | undefined;

  constructor() {
    super();
    this.zone = '';
    this.list = undefined;
    this.affected = [];
    this.busy = false;
    this.status = '';
    this.error = '';
    this.fields = {};
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      this.zone = (await loadPracticeInfo()).practice.timeZone;
      const today = dayOf(new Date(), this.zone);
      const { timeOff } = await ownerRequest<{ timeOff: TimeOff[] }>(
        'GET',
        `/time-off?from=${today}&to=${addDays(today, 365)}`,
      );
      this.list = timeOff;
    } catch (error) {
      this.error = (error as ApiError).message;
    }
  }

  #value(id: string): string {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '';
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const [fromDay, fromTime, untilDay, untilTime] = ['from-day', 'from-time', 'until-day', 'until-time'].map((id) =>
      this.#value(id),
    );
    const missing: Record<string, string> = {};
    if (!fromDay || !fromTime) missing.start = t.required;
    if (!untilDay || !untilTime) missing.end = t.required;
    this.affected = [];
    if (Object.keys(missing).length) return this.#refuse(missing, t.fix);
    const reason = this.#value('reason').trim();
    this.busy = true;
    this.error = '';
    this.status = t.working;
    const body = { start: `${fromDay}T${fromTime}`, end: `${untilDay}T${untilTime}`, ...(reason ? { reason } : {}) };
    // One key per intent: the same time off sent again after a lost answer replays it instead of making two.
    const text = JSON.stringify(body);
    if (this.#key?.[0] !== text) this.#key = [text, crypto.randomUUID()];
    try {
      const made = await ownerRequest<TimeOffCreated>('POST', '/time-off', {
        body,
        headers: { 'Idempotency-Key': this.#key[1] },
      });
      this.#key = undefined;
      this.fields = {};
      this.affected = made.affected;
      this.status = fill(t.blocked, { when: stretch(made.timeOff, this.zone) });
      this.renderRoot.querySelector<HTMLInputElement>('#reason')!.value = '';
      await this.#load();
    } catch (error) {
      const e = error as ApiError;
      this.status = '';
      if (Object.keys(e.fields).length) this.#refuse(e.fields, t.fix);
      else this.error = e.message;
    } finally {
      this.busy = false;
    }
  }

  #refuse(fields: Record<string, string>, message: string) {
    this.fields = fields;
    this.error = message;
    this.status = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async #remove(x: TimeOff) {
    this.busy = true;
    this.error = '';
    try {
      await ownerRequest('DELETE', `/time-off/${encodeURIComponent(x.id)}`);
      this.list = this.list?.filter((y) => y.id !== x.id);
      this.affected = [];
      this.status = t.removed;
      this.renderRoot.querySelector<HTMLElement>('#from-day')?.focus();
    } catch (error) {
      this.error = (error as ApiError).message;
    } finally {
      this.busy = false;
    }
  }

  #pair(prefix: 'from' | 'until', key: 'start' | 'end', label: string, day: string, time: string) {
    const invalid = this.fields[key] ? 'true' : 'false';
    return html`<fieldset>
      <legend>${label}</legend>
      <div class="two">
        <div class="field">
          <label for=${`${prefix}-day`}>${t.day}</label>
          <input
            id=${`${prefix}-day`}
            type="date"
            required
            .value=${day}
            aria-invalid=${invalid}
            aria-describedby=${`${prefix}-error`}
          />
        </div>
        <div class="field">
          <label for=${`${prefix}-time`}>${t.time}</label>
          <input
            id=${`${prefix}-time`}
            type="time"
            step="300"
            required
            .value=${time}
            aria-invalid=${invalid}
            aria-describedby=${`${prefix}-error`}
          />
        </div>
      </div>
      <p class="field-error" id=${`${prefix}-error`}>${this.fields[key] ?? ''}</p>
    </fieldset>`;
  }

  override render() {
    const today = this.zone ? dayOf(new Date(), this.zone) : '';
    return html`<div class="screen">
      <h1>${t.timeOffTitle}</h1>
      <p class="muted">${t.timeOffIntro}</p>
      <p class="notice" role="status">${this.status}</p>
      <p class="alert" role="alert">${this.error}</p>
      ${
        this.affected.length
          ? html`<section class="card" aria-labelledby="affected-title">
              <h2 id="affected-title">${t.affected}</h2>
              <ul class="list">
                ${this.affected.map(
                  (b) =>
                    html`<li class="row">
                      <div>
                        <strong>${b.client.name}</strong>
                        <p class="muted">${b.serviceName} · ${dayAndTime(b.start, b.end, this.zone)}</p>
                      </div>
                      ${b.client.phone ? html`<a href=${`tel:${b.client.phone.replace(/[^+\d]/g, '')}`}>${b.client.phone}</a>` : nothing}
                    </li>`,
                )}
              </ul>
            </section>`
          : nothing
      }
      <form class="card" novalidate @submit=${(e: SubmitEvent) => this.#save(e)}>
        ${this.#pair('from', 'start', t.from, today, '13:00')} ${this.#pair('until', 'end', t.until, today, '18:00')}
        <div class="field">
          <label for="reason">${t.reason}</label>
          <input
            id="reason"
            maxlength="200"
            autocomplete="off"
            aria-invalid=${this.fields.reason ? 'true' : 'false'}
            aria-describedby="reason-error"
          />
          <p class="field-error" id="reason-error">${this.fields.reason ?? ''}</p>
        </div>
        <button type="submit" class="btn" id="block" ?disabled=${this.busy}>${this.busy ? t.working : t.block}</button>
      </form>
      <section class="card" aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">${t.upcoming}</h2>
        ${
          this.list === undefined
            ? loading(this.error, 1)
            : this.list.length === 0
              ? html`<p>${t.noTimeOff}</p>`
              : html`<ul class="list">
                  ${this.list.map((x) => {
                    const when = stretch(x, this.zone);
                    return html`<li class="row">
                      <div>
                        <strong>${when}</strong>
                        ${x.reason ? html`<p class="muted">${x.reason}</p>` : nothing}
                      </div>
                      <button
                        type="button"
                        class="btn danger"
                        aria-label=${fill(t.removeNamed, { when })}
                        ?disabled=${this.busy}
                        @click=${() => this.#remove(x)}
                      >
                        ${t.removeTimeOff}
                      </button>
                    </li>`;
                  })}
                </ul>`
        }
      </section>
    </div>`;
  }
}
