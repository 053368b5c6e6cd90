import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { request, type ApiError } from './api.js';
import type { AltchaChallenge } from './altcha.js';
import type * as Solver from './altcha-solve.js';

/** Loads the ALTCHA solver: a form that takes a proof of work passes this (the waitlist, which takes none, does not). */
export const altchaSolver = (): Promise<typeof Solver> => import('./altcha-solve.js');

/** Field → message, in the widget's language. */
export type FieldErrors = Record<string, string>;

/** The words every form's failures need, from the widget's catalogue. */
export interface FormWords {
  /** "Please correct the marked fields." */
  fix: string;
  /** The server refused for another reason. */
  failed: string;
  /** No answer came. */
  network: string;
  /** 429: too many attempts. */
  tooMany?: string;
}

/** What the form controller needs of its element. */
export type FormHost = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

/**
 * The bot defence and error handling every Soleus form shares (newsletter, comments, the booking waitlist):
 *
 * - the signed form token (`GET /api/v1/form-token`), fetched ahead, fetched again when missing, old or spent, and
 *   sent only once it is 3 s old (the server silently drops younger ones as bots: a fast autofill would be lost);
 * - the ALTCHA proof of work, when the token's answer asks for it: solved in the background by code loaded only then;
 * - field errors from the contract's `fields`, in the widget's words where it knows the rule;
 * - the live region's words (`status`: sending, the outcome, or what went wrong) and focus on the first invalid field;
 * - Retry: `retry()` sends the last failed attempt again. What the visitor typed lives in the element and is never
 *   cleared by a failure.
 */
export class FormController implements ReactiveController {
  /** Field → message, shown beside each field. */
  errors: FieldErrors = {};
  #status = '';
  /** The last attempt that failed, to send again. */
  retry?: () => unknown;
  #token?: Promise<string | undefined>;
  #pow?: Promise<string | undefined>;
  #at = 0;

  constructor(
    readonly host: FormHost,
    /** The server's base URL (read at each fetch: an `api` attribute may change). */
    readonly base: () => string,
    /** The ALTCHA solver's loader, for a form that sends a proof of work when the server asks for one. */
    readonly solver?: typeof altchaSolver,
  ) {
    host.addController(this);
  }

  /** Nothing to do on connect: the element decides when to fetch its first token (on first render, or on open). */
  hostConnected(): void {}

  /** The live region's words; setting them renders the element again. */
  get status(): string {
    return this.#status;
  }

  set status(words: string) {
    this.#status = words;
    this.host.requestUpdate();
  }

  /** Fetches a token, and starts solving its ALTCHA challenge when there is one. Never rejects: a failure leaves none. */
  fetchToken(): Promise<string | undefined> {
    this.#pow = undefined;
    return (this.#token = request<{ token: string; altcha?: unknown }>(this.base(), 'GET', '/api/v1/form-token').then(
      (r) => {
        this.#at = Date.now();
        if (r.altcha && this.solver) this.#pow = this.#solve(r.altcha, this.solver);
        return r.token;
      },
      () => (this.#token = undefined),
    ));
  }

  /** The ALTCHA payload for a challenge (or its URL or path), solved by code loaded only now; undefined on failure. */
  async #solve(altcha: unknown, solver: typeof altchaSolver): Promise<string | undefined> {
    try {
      const url = typeof altcha == 'string' && altcha;
      const [challenge, { solvePayload }] = await Promise.all([
        url ? request<AltchaChallenge>(/^https?:/.test(url) ? '' : this.base(), 'GET', url) : altcha,
        solver(),
      ]);
      return await solvePayload(challenge as AltchaChallenge);
    } catch {
      return undefined;
    }
  }

  /**
   * The `t` and `altcha` fields of a post: a token fetched again when missing or near its limit (24 h, or 9 minutes
   * with a proof of work, whose challenge expires after 10), and at least 3 s old; the proof, usually solved long ago.
   */
  async proof(): Promise<{ t?: string; altcha?: string }> {
    let t = await this.#token;
    if (!t || Date.now() - this.#at > (this.#pow ? 5.4e5 : 8.6e7)) t = await this.fetchToken();
    await new Promise((r) => setTimeout(r, this.#at + 3100 - Date.now()));
    return { t, altcha: await this.#pow };
  }

  /**
   * After the server answered a post: each post carries its own token, so a success fetches the next one. After a
   * refusal a good token is kept (a quick retry need not wait 3 s again); a refused one (forged, expired) is replaced,
   * and so is a proof of work the server spent (any answer but a 400).
   */
  spent(error?: ApiError): void {
    if (!error || /token|proof/.test(error.code) || (this.#pow && error.status != 400)) void this.fetchToken();
  }

  /**
   * Field errors from a refusal: the fields in `known` get `own(field, serverText)` (the widget's words for its own
   * rule, else the server's sentence), keyed with `prefix`; the first other field's sentence comes back as `other`.
   */
  fields(
    error: ApiError,
    known: readonly string[],
    own: (field: string, text: string) => string,
    prefix = '',
  ): [fields: FieldErrors, other: string] {
    const fields: FieldErrors = {};
    let other = '';
    for (const [id, text] of Object.entries(error.fields ?? {})) {
      if (known.includes(id)) fields[prefix + id] = own(id, text);
      else other ||= text;
    }
    return [fields, other];
  }

  /** What the live region says for a failure: fix the fields, the server's sentence, too many, failed, or offline. */
  summary(error: ApiError, fields: FieldErrors, words: FormWords, other = ''): string {
    const status = error.status ?? 0;
    return Object.keys(fields).length
      ? words.fix
      : other || (status == 429 && words.tooMany) || (status ? words.failed : words.network);
  }

  /** The error state: messages beside the fields, `message` in the live region, focus on the first invalid field. */
  async fail(fields: FieldErrors, message: string, retry?: () => unknown): Promise<void> {
    this.errors = fields;
    this.status = message;
    this.retry = retry;
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
  }

  /** Forgets errors and sets the live region's words (sending, or the outcome). */
  say(status: string): void {
    this.errors = {};
    this.retry = undefined;
    this.status = status;
  }

  /** Drops one field's error once its value passes (`ok`), so a corrected field stops saying it is wrong. */
  clear(id: string, ok: boolean): void {
    if (this.errors[id] && ok) {
      delete this.errors[id];
      this.host.requestUpdate();
    }
  }
}
