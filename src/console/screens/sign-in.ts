import { startAuthentication } from '@simplewebauthn/browser';
import { html } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { fill } from '../../core/i18n.js';
import type { ApiError } from '../api.js';
import { authPost, SIGNED_IN_EVENT } from '../auth-api.js';
import { appStrings as t } from '../strings/app.js';
import { consoleStyles } from '../styles.js';

/**
 * The console's sign-in screen: an email address for a one-time link ("Check your inbox" after), or a passkey.
 * Fires `soleus-console-signed-in` on `window` when a passkey has signed the owner in.
 */
export class SoleusConsoleSignIn extends SoleusElement {
  static override styles = [...(SoleusElement.styles as []), formStyles, consoleStyles];

  static override properties = {
    ...SoleusElement.properties,
    notice: {},
    practiceName: { attribute: 'practice-name' },
    sentTo: { state: true },
    busy: { state: true },
    error: { state: true },
    fieldError: { state: true },
  };

  /** A message shown above the form (e.g. "You were signed out"). */
  declare notice: string;
  /** The practice's name, above the heading. */
  declare practiceName: string;
  declare sentTo: string;
  declare busy: '' | 'email' | 'passkey';
  declare error: string;
  declare fieldError: string;

  constructor() {
    super();
    this.notice = '';
    this.practiceName = '';
    this.sentTo = '';
    this.busy = '';
    this.error = '';
    this.fieldError = '';
  }

  override render() {
    const s = t.signIn;
    if (this.sentTo) {
      return html`<div class="root">
        <div class="screen sign-in" id="main" tabindex="-1">
          ${this.practiceName ? html`<p class="practice">${this.practiceName}</p>` : ''}
          <h1>${s.sentTitle}</h1>
          <div class="card">
            <p role="status">${fill(s.sent, { email: this.sentTo })}</p>
            <p class="muted">${s.sentHint}</p>
            <button type="button" class="btn secondary" @click=${this.#again}>${s.again}</button>
          </div>
        </div>
      </div>`;
    }
    return html`<div class="root">
      <div class="screen sign-in" id="main" tabindex="-1">
        ${this.practiceName ? html`<p class="practice">${this.practiceName}</p>` : ''}
        <h1>${s.title}</h1>
        ${this.notice ? html`<p class="notice">${this.notice}</p>` : ''}
        <div class="card">
          <p>${s.intro}</p>
          <form novalidate @submit=${this.#submit}>
            <div class="field">
              <label for="email">${s.email}</label>
              <input
                id="email"
                name="email"
                type="email"
                autocomplete="email"
                inputmode="email"
                required
                aria-invalid=${this.fieldError ? 'true' : 'false'}
                aria-describedby=${this.fieldError ? 'email-error' : ''}
              />
              ${this.fieldError ? html`<p class="error" id="email-error">${this.fieldError}</p>` : ''}
            </div>
            <button class="btn" id="send" type="submit" ?disabled=${this.busy !== ''}>
              ${this.busy === 'email' ? s.sending : s.send}
            </button>
          </form>
          <p class="or">${s.or}</p>
          <button
            class="btn secondary"
            id="passkey"
            type="button"
            ?disabled=${this.busy !== ''}
            @click=${this.#passkey}
          >
            ${this.busy === 'passkey' ? s.passkeyWorking : s.passkey}
          </button>
          <p class="alert" role="alert">${this.error}</p>
        </div>
      </div>
    </div>`;
  }

  #again() {
    this.sentTo = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#email')?.focus());
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#email')!;
    const email = input.value.trim();
    this.error = '';
    if (!email || !input.checkValidity()) {
      this.fieldError = t.signIn.emailInvalid;
      input.focus();
      return;
    }
    this.fieldError = '';
    this.busy = 'email';
    try {
      await authPost('/sign-in', { email });
      this.sentTo = email;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#main')?.focus();
    } catch (error) {
      const e = error as ApiError;
      if (e.code === 'invalid_request') {
        this.fieldError = t.signIn.emailInvalid;
        input.focus();
      } else this.error = e.code === 'too_many_requests' ? t.signIn.tooMany : e.message;
    } finally {
      this.busy = '';
    }
  }

  async #passkey() {
    this.error = '';
    this.busy = 'passkey';
    try {
      const optionsJSON = await authPost<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/passkey/options');
      let response;
      try {
        response = await startAuthentication({ optionsJSON });
      } catch {
        this.error = t.signIn.passkeyCancelled;
        return;
      }
      await authPost('/passkey/verify', { response });
      globalThis.dispatchEvent(new Event(SIGNED_IN_EVENT));
    } catch (error) {
      const e = error as ApiError;
      this.error = e.code === 'passkey_failed' ? t.signIn.passkeyFailed : e.message;
    } finally {
      this.busy = '';
    }
  }
}
