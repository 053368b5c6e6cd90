import { html, nothing, type TemplateResult } from 'lit';
import { request, type ApiError } from '../../../core/api.js';
import { FormController, type FormHost } from '../../../core/form.js';
import { fill } from '../../../core/i18n.js';
import type { WaitlistRequest, WaitlistResponse } from '../../../core/schemas/waitlist.js';
import type { Day } from '../internal/dates.js';
import { problem } from '../internal/validate.js';
import type { BookingMessages } from '../messages/en-GB.js';

/** Where the waitlist form is: the offer button, the form, sending, or sent (check your inbox). */
type Phase = 'offer' | 'form' | 'sending' | 'sent';

/** What the waitlist needs from the calendar at render time. */
export interface WaitlistView {
  messages: BookingMessages;
  base: string;
  serviceId: string;
  /** The fully booked day, and its name ("Tuesday 12 January 2027"). */
  day: Day;
  dayLabel: string;
  /** The IANA zone the day is cut in. */
  timeZone: string;
  /** Says something in the calendar's live region (an error in the error style when `error`). */
  announce: (message: string, error: boolean) => void;
}

/**
 * "Tell me if a time frees up" on a fully booked day: a button, then a small form (email and consent) posted to
 * `POST /api/v1/waitlist` with a form token fetched when the form opens (the shared form controller, which also
 * holds the field errors), and a hidden honeypot. The server answers the
 * same 202 for everyone; the visitor is told to confirm from their inbox (double opt-in).
 */
export class WaitlistForm {
  #phase: Phase = 'offer';
  #day: Day = '';
  #email = '';
  #consent = false;
  #base = '';
  /** The form token (no proof of work: the waitlist takes none) and the field errors. */
  readonly #form: FormController;
  /** The honeypot's value: people never see the field, so it stays empty. */
  #hp = '';

  constructor(readonly host: FormHost) {
    this.#form = new FormController(host, () => this.#base);
  }

  /** Back to the offer when another day is shown. */
  #follow(day: Day): void {
    if (day == this.#day) return;
    this.#day = day;
    if (this.#phase != 'sending') this.#phase = 'offer';
    this.#form.errors = {};
  }

  async #focus(selector: string): Promise<void> {
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  #open(v: WaitlistView): void {
    this.#phase = 'form';
    this.#base = v.base;
    // While the visitor types, the token gets old enough (3 s) for the server to take it.
    void this.#form.fetchToken();
    this.host.requestUpdate();
    void this.#focus('#wl-email');
  }

  async #submit(e: Event, v: WaitlistView): Promise<void> {
    e.preventDefault();
    const m = v.messages;
    const p = problem('email', this.#email);
    if (p || !this.#consent) {
      v.announce(m.fix, true);
      return void this.#form.fail(
        {
          ...(p ? { email: p == 'required' ? m.required : m.emailInvalid } : {}),
          ...(this.#consent ? {} : { consent: m.waitlist.consentRequired }),
        },
        m.fix,
      );
    }
    this.#phase = 'sending';
    this.host.requestUpdate();
    const email = this.#email.trim();
    try {
      const body: WaitlistRequest = {
        serviceId: v.serviceId,
        day: v.day,
        timeZone: v.timeZone,
        email,
        consent: true,
        consentText: fill(m.waitlist.consent, { date: v.dayLabel }),
        t: (await this.#form.proof()).t,
      };
      if (this.#hp) body.hp = this.#hp;
      await request<WaitlistResponse>(v.base, 'POST', '/api/v1/waitlist', { body });
      this.#form.spent();
      this.#phase = 'sent';
      v.announce(fill(m.waitlist.sent, { email, date: v.dayLabel }), false);
    } catch (error) {
      const err = error as ApiError;
      this.#phase = 'form';
      this.#form.spent(err);
      const [fields] = this.#form.fields(err, ['email'], () => m.emailInvalid);
      this.#form.errors = fields;
      const known = m.errors[err.code as keyof BookingMessages['errors']];
      v.announce(this.#form.summary(err, fields, { ...m, failed: known ?? m.failed }), true);
    }
    this.host.requestUpdate();
  }

  /** The offer, the form or the "check your inbox" note, under a fully booked day. */
  render(v: WaitlistView): TemplateResult {
    this.#follow(v.day);
    const m = v.messages;
    const w = m.waitlist;
    if (this.#phase == 'offer') {
      // A button's text is exactly its label (tests and scripts read it).
      // prettier-ignore
      return html`<div class="waitlist" part="waitlist"><p class="note">${fill(w.intro, { date: v.dayLabel })}</p><button type="button" class="btn secondary" part="button secondary" @click=${() => this.#open(v)}>${w.offer}</button></div>`;
    }
    if (this.#phase == 'sent') {
      return html`<div class="waitlist" part="waitlist">
        <p class="note">${fill(w.sent, { email: this.#email.trim(), date: v.dayLabel })}</p>
      </div>`;
    }
    const e = this.#form.errors;
    const input = (ev: Event) => {
      this.#email = (ev.target as HTMLInputElement).value;
      this.#form.clear('email', !problem('email', this.#email));
    };
    const tick = (ev: Event) => this.#form.clear('consent', (this.#consent = (ev.target as HTMLInputElement).checked));
    // prettier-ignore
    const submitButton = html`<div class="nav"><button class="btn" part="button" ?disabled=${this.#phase == 'sending'}>${this.#phase == 'sending' ? w.sending : w.send}</button></div>`;
    return html`<form
      class="waitlist"
      part="waitlist"
      novalidate
      aria-labelledby="wl-h"
      @submit=${(ev: Event) => void this.#submit(ev, v)}
    >
      <h4 id="wl-h">${w.offer}</h4>
      <p class="note">${fill(w.intro, { date: v.dayLabel })}</p>
      <div class="field">
        <label for="wl-email">${m.email}</label
        ><input
          id="wl-email"
          type="email"
          autocomplete="email"
          required
          .value=${this.#email}
          @input=${input}
          aria-invalid=${!!e.email}
          aria-describedby=${e.email ? 'wl-email-e' : nothing}
        />${e.email ? html`<span class="error" id="wl-email-e">${e.email}</span>` : nothing}
      </div>
      <div class="field">
        <label class="check"
          ><input
            id="wl-consent"
            type="checkbox"
            .checked=${this.#consent}
            @change=${tick}
            aria-invalid=${!!e.consent}
            aria-describedby=${e.consent ? 'wl-consent-e' : nothing}
          />${fill(w.consent, { date: v.dayLabel })}</label
        >${e.consent ? html`<span class="error" id="wl-consent-e">${e.consent}</span>` : nothing}
      </div>
      <div class="hp" aria-hidden="true">
        <label
          >Leave empty<input
            tabindex="-1"
            autocomplete="off"
            name="hp"
            @input=${(ev: Event) => (this.#hp = (ev.target as HTMLInputElement).value)}
        /></label>
      </div>
      ${submitButton}
    </form>`;
  }
}
