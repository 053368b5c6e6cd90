import { html, nothing, type TemplateResult } from 'lit';
import { type ApiError, apiBase, request } from '../../core/api.js';
import { altchaSolver, FormController } from '../../core/form.js';
import { SoleusElement } from '../../core/base.js';
import { Catalogue, fill, type CatalogueLoaders } from '../../core/i18n.js';
import { readFallback, type Fallback, type Part } from './internal/fallback.js';
import { DISPOSABLE, problem, type Field } from './internal/validate.js';
import en, { type NewsletterMessages } from './messages/en-GB.js';
import {
  SoleusNewsletterErrorEvent,
  SoleusNewsletterPendingEvent,
  SoleusNewsletterSubmitEvent,
} from './newsletter-signup.events.js';
import { formStyles } from '../../core/form-styles.js';
import { styles } from './newsletter-signup.styles.js';

const loaders: CatalogueLoaders<NewsletterMessages> = {
  'en-US': () => import('./messages/en-US.js'),
  de: () => import('./messages/de.js'),
  fr: () => import('./messages/fr.js'),
  es: () => import('./messages/es.js'),
};

/** Where the signup stands. */
type Phase = 'idle' | 'submitting' | 'pending' | 'error';
const FIELDS: Field[] = ['email', 'name', 'consent'];

/**
 * Newsletter signup with double opt-in: email, an optional first name, a consent checkbox in the owner's words,
 * and a "check your inbox" state. Bot defence without third parties (a signed render token, a honeypot, and, when the
 * server asks for it, an ALTCHA proof of work solved in the background).
 * Without JavaScript, a plain `<form method="post" action="…/api/v1/subscriptions">` inside the element works
 * on its own; with JavaScript the element reads that form (action, `list`, `name`, consent label) and replaces it.
 *
 * @summary Accessible double opt-in newsletter signup.
 *
 * @attr list - The list to subscribe to (lowercase kebab case, e.g. `running-tips`); default the server's.
 * @attr with-name - Also asks for a first name (optional for the visitor).
 * @attr consent - The consent wording beside the checkbox; default a sentence in the widget's language.
 * @attr privacy-url - The owner's privacy page, linked after the consent wording.
 * @attr api - Base URL of the Soleus server; default the fallback form's server, else the script's origin.
 * @attr theme - `light`, `dark` or `auto` (default: as the page declares with `color-scheme`; light if it declares none).
 * @attr lang - Language of the widget; default the page's `<html lang>`.
 *
 * @slot heading - Replaces the default heading (e.g. an `<h2>` that fits the page's outline).
 * @slot pitch - Replaces the one-line pitch under the heading.
 * @slot consent - Replaces the consent wording, links allowed; its text is what the server records.
 *
 * @fires {SoleusNewsletterSubmitEvent} soleus-newsletter-submit - Before sending; `detail: { email, name?, list? }`; cancel it to send it your own way.
 * @fires {SoleusNewsletterPendingEvent} soleus-newsletter-pending - The server accepted the signup; `detail: { email, list? }`.
 * @fires {SoleusNewsletterErrorEvent} soleus-newsletter-error - The signup was refused; `detail: { code, message, fields }`.
 *
 * @csspart heading - The heading.
 * @csspart pitch - The line under the heading.
 * @csspart form - The form.
 * @csspart field - Each label with its field and error (`field email`, `field name`).
 * @csspart input - Each text field (`input email`, `input name`).
 * @csspart consent - The consent checkbox and its wording.
 * @csspart error - An error message next to its field.
 * @csspart button - The submit button; also `busy` while sending.
 * @csspart pending - The "Check your inbox" line.
 * @csspart status - The live region: sending, the pending text, or what went wrong.
 * @csspart change-button - "Use a different address", back to the form.
 *
 * @cssprop --soleus-color-accent - Accent colour (button, checkbox, links, focus ring).
 * @cssprop --soleus-color-text - Text colour.
 * @cssprop --soleus-color-surface - Field background.
 * @cssprop --soleus-color-border - Field border colour.
 * @cssprop --soleus-radius - Corner radius of fields and button.
 * @cssprop --soleus-font-family - Font family.
 * @cssprop --soleus-font-size - Base font size (default the visitor's browser setting).
 */
export class SoleusNewsletterSignup extends SoleusElement {
  static override styles = [SoleusElement.styles, formStyles, styles];

  static override properties = {
    ...SoleusElement.properties,
    list: {},
    withName: { type: Boolean, attribute: 'with-name' },
    consent: {},
    privacyUrl: { attribute: 'privacy-url' },
    api: {},
    // Internal state.
    phase: { state: true },
    email: { state: true },
    name: { state: true },
    agreed: { state: true },
  };

  /** The list to subscribe to, e.g. `running-tips`. */
  declare list: string;
  /** Also asks for a first name. */
  declare withName: boolean;
  /** The consent wording beside the checkbox; empty uses the catalogue's. */
  declare consent: string;
  /** The owner's privacy page, linked after the consent wording. */
  declare privacyUrl: string;
  /** Base URL of the Soleus server. */
  declare api: string;

  declare private phase: Phase;
  declare private email: string;
  declare private name: string;
  declare private agreed: boolean;
  private readonly cat: Catalogue<NewsletterMessages>;
  private fb?: Fallback;
  /** Form token, proof of work, field errors and the live region's words. */
  private readonly form = new FormController(this, () => this.base(), altchaSolver);

  constructor() {
    super();
    this.withName = false;
    this.phase = 'idle';
    this.email = this.name = '';
    this.agreed = false;
    this.cat = new Catalogue<NewsletterMessages>(this, en, loaders);
  }

  protected override willUpdate(): void {
    if (!this.hasUpdated) {
      // The owner's no-JavaScript form: its server, list, name field, wording, and anything typed already.
      this.fb = readFallback(this);
      this.email = this.fb?.email ?? '';
      this.name = this.fb?.name ?? '';
    }
    void this.cat.update();
  }

  protected override firstUpdated(): void {
    void this.form.fetchToken(); // never rejects: a failed fetch leaves no token, and submitting fetches one again
  }

  override render(): TemplateResult {
    const m = this.cat.messages;
    const p = this.phase;
    const e = this.form.errors.consent;
    // Templates are kept on few lines: the build's template minifier stops at nested templates.
    const busy = p == 'submitting';
    // A button's and a notice's text is exactly its words, no whitespace around them (tests and scripts read them).
    // prettier-ignore
    const submitButton = html`<button class="btn" part="button ${busy ? 'busy' : ''}" aria-disabled=${busy}>${m.submit}</button>`;
    // prettier-ignore
    const pending = html`<p class="done" id="done" tabindex="-1" part="pending"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M20 6l-11 11l-5-5"></path></svg>${m.checkInbox}</p>`;
    const form = html`<div class="fields">
        ${this.field('email', m.email, 'email')}${this.withName || this.fb?.withName ? this.field('name', m.name, 'given-name') : nothing}
      </div>
      <div class="consent" part="consent">
        <input
          type="checkbox"
          id="consent"
          required
          .checked=${this.agreed}
          @change=${(ev: Event) => this.input('consent', (ev.target as HTMLInputElement).checked)}
          aria-invalid=${!!e}
          aria-describedby=${e ? 'consent-e' : nothing}
        /><label for="consent"><slot name="consent">${this.wording(m)}</slot></label
        >${this.error('consent')}
      </div>
      <div class="sr-only" aria-hidden="true">
        <label>${m.trap} <input id="hp" tabindex="-1" autocomplete="off" /></label>
      </div>
      ${submitButton}`;
    return html`<div class="root" lang=${this.cat.locale}>
      <div class="heading" id="h" part="heading"><slot name="heading">${m.heading}</slot></div>
      <div class="pitch" part="pitch"><slot name="pitch">${m.pitch}</slot></div>
      <form part="form" novalidate aria-labelledby="h" @submit=${this.onSubmit}>
        ${p == 'pending' ? pending : form}
        <p class="status ${p}" role="status" part="status">${this.form.status}</p>
        ${p == 'pending' ? html`<button type="button" class="btn link" part="change-button" @click=${this.again}>${m.change}</button>` : nothing}
      </form>
    </div>`;
  }

  private field(id: 'email' | 'name', label: string, auto: string): TemplateResult {
    const e = this.form.errors[id];
    return html`<div class="field" part="field ${id}">
      <label for=${id}>${label}</label
      ><input
        id=${id}
        part="input ${id}"
        type=${id == 'email' ? 'email' : 'text'}
        autocomplete=${auto}
        ?required=${id == 'email'}
        spellcheck="false"
        .value=${this[id]}
        @input=${(ev: Event) => this.input(id, (ev.target as HTMLInputElement).value)}
        aria-invalid=${!!e}
        aria-describedby=${e ? id + '-e' : nothing}
      />${this.error(id)}
    </div>`;
  }

  private error(id: Field): TemplateResult | typeof nothing {
    const e = this.form.errors[id];
    return e ? html`<span class="error" id="${id}-e" part="error">${e}</span>` : nothing;
  }

  /** The consent wording: the `consent` attribute, else the fallback form's label, else the default; then the privacy link. */
  private wording(m: NewsletterMessages): unknown[] {
    const from = !this.consent && this.fb?.consent;
    const parts: Part[] = from || [this.consent || m.consent];
    if (!from && this.privacyUrl) {
      const [a, b, c] = m.privacy.split(/[[\]]/);
      parts.push(' ' + a, { href: this.privacyUrl, text: b! }, c!);
    }
    return parts.map((x) =>
      typeof x == 'string' ? x : html`<a href=${x.href} target="_blank" rel="noopener">${x.text}</a>`,
    );
  }

  /** Exactly the wording shown beside the checkbox (slotted or ours), as the server records it. */
  private consentText(): string {
    const slot = this.renderRoot.querySelector<HTMLSlotElement>('slot[name=consent]');
    return (
      slot
        ?.assignedNodes({ flatten: true })
        .map((n) => n.textContent)
        .join('') ?? ''
    )
      .replace(/\s+/g, ' ')
      .trim();
  }

  /** Keeps what is typed; a field marked invalid is re-checked as the visitor corrects it. */
  private input(id: Field, value: string | boolean): void {
    if (id == 'consent') this.agreed = value as boolean;
    else this[id] = value as string;
    this.form.clear(id, !problem(id, value));
  }

  /** The server's base URL: `api`, else the fallback form's action without its path, else the script's origin. */
  private base(): string {
    return apiBase(this.api || this.fb?.action?.match(/^(.*)\/api\/v1\/subscriptions\/?$/)?.[1]);
  }

  /** A message for one field's problem in the widget's language. */
  private message(id: Field, value: string | boolean): string | undefined {
    const m = this.cat.messages;
    const p = problem(id, value);
    return p == 'long'
      ? fill(m.tooLong, { max: id == 'email' ? 254 : 100 })
      : p &&
          (id == 'consent'
            ? m.consentRequired
            : id == 'email'
              ? p == 'required'
                ? m.emailRequired
                : m.emailInvalid
              : p == 'link'
                ? m.nameLink
                : m.nameInvalid);
  }

  private async onSubmit(ev: Event): Promise<void> {
    ev.preventDefault();
    // A host page's own <form> around the element must never see this one's submission.
    ev.stopPropagation();
    if (this.phase == 'submitting') return;
    const m = this.cat.messages;
    const withName = this.withName || !!this.fb?.withName;
    const values = { email: this.email, name: withName ? this.name : '', consent: this.agreed };
    const fields: Record<string, string> = {};
    for (const id of FIELDS) {
      const text = this.message(id, values[id]);
      if (text) fields[id] = text;
    }
    if (Object.keys(fields).length) return this.fail('invalid_request', m.fix, fields);

    const email = this.email.trim();
    const detail = { email, name: values.name.trim() || undefined, list: this.list || this.fb?.list || undefined };
    if (!this.dispatchEvent(new SoleusNewsletterSubmitEvent({ ...detail }))) return;
    this.phase = 'submitting';
    this.form.say(m.sending);
    const page = location.href.split('#')[0]!;
    try {
      await request(this.base(), 'POST', '/api/v1/subscriptions', {
        body: {
          ...detail,
          consent: true,
          consentText: this.consentText(),
          source: /^https?:/.test(page) && page.length <= 2000 ? page : undefined,
          hp: this.renderRoot.querySelector<HTMLInputElement>('#hp')!.value || undefined,
          // The proof of work is usually solved long ago; else the button stays in its submitting state until it is.
          ...(await this.form.proof()),
        },
      });
      this.form.spent();
      this.phase = 'pending';
      this.form.say(fill(m.pending, { email }));
      this.dispatchEvent(new SoleusNewsletterPendingEvent({ email, list: detail.list }));
      // The form is gone: focus goes to "Check your inbox", the live region reads the rest.
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#done')?.focus();
    } catch (error) {
      const err = error as ApiError;
      this.form.spent(err);
      // Field errors in the widget's language where it knows the rule; the server's sentence otherwise.
      const [mine, other] = this.form.fields(
        err,
        FIELDS,
        (id, text) => this.message(id as Field, values[id as Field]) ?? (text == DISPOSABLE ? m.disposable : text),
      );
      void this.fail(err.code ?? 'network_error', this.form.summary(err, mine, m, other), mine); // never rejects
    }
  }

  /** The error state: messages beside the fields, a summary in the live region, focus on the first invalid field. */
  private fail(code: string, message: string, fields: Record<string, string>): Promise<void> {
    this.phase = 'error';
    this.dispatchEvent(new SoleusNewsletterErrorEvent({ code, message, fields }));
    return this.form.fail(fields, message);
  }

  /** Back from "check your inbox" to the form, with everything typed still there. */
  private async again(): Promise<void> {
    this.phase = 'idle';
    this.form.say('');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#email')?.focus();
  }
}
