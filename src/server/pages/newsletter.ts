/**
 * The newsletter's HTML pages: confirmation and unsubscribe (each a page with a POST button: a GET never changes
 * anything, so link scanners confirm no one), the answers to a plain form post without JavaScript, and errors.
 * Built with html`` in the shared {@link layout}: every value is escaped where it is interpolated.
 */
// hono/html's escaping html``, named `markup` so Prettier leaves the markup as written (see pages/layout.ts).
import { html as markup } from 'hono/html';
import { listLabel } from '../format.js';
import { layout, type Fragment, type Html } from './layout.js';

/** A rendered page and its status. */
export interface Page {
  status: 200 | 202 | 400 | 413 | 429;
  html: Html;
}

const page = (status: Page['status'], title: string, body: Fragment): Page => ({
  status,
  html: layout({ title, body }),
});

const backLink = (url: string | undefined): Fragment | '' =>
  url ? markup`<p class="back"><a href="${url}">Back to the page you came from</a></p>` : '';

/** Only http(s) URLs are linked back to. */
export function safeBackUrl(...candidates: (string | undefined | null)[]): string | undefined {
  for (const candidate of candidates) {
    if (!candidate || candidate.length > 2000) continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
    } catch {
      // not a URL: try the next
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Confirm

export function confirmPage(input: { token: string; email: string; list: string; senderName: string }): Page {
  return page(
    200,
    'Confirm your subscription',
    markup`<p>
        Press the button to receive the ${listLabel(input.list)} from ${input.senderName} at
        <strong>${input.email}</strong>.
      </p>
      <form method="post" action="/subscribe/confirm">
        <input type="hidden" name="token" value="${input.token}">
        <button type="submit">Confirm my subscription</button>
      </form>
      <p class="muted">If you did not ask for this, close this page: nothing happens without the button.</p>`,
  );
}

export function confirmedPage(input: {
  email: string;
  list: string;
  senderName: string;
  unsubscribeUrl: string;
  already: boolean;
}): Page {
  const list = listLabel(input.list);
  const lead = input.already
    ? markup`<p>
        <strong>${input.email}</strong> was already subscribed to the ${list} from ${input.senderName}. Nothing changed.
      </p>`
    : markup`<p>Thank you. <strong>${input.email}</strong> now receives the ${list} from ${input.senderName}.</p>`;
  return page(
    200,
    input.already ? 'Already subscribed' : 'You are subscribed',
    markup`${lead}
      <p class="muted">
        Every email has a link to unsubscribe. Changed your mind? <a href="${input.unsubscribeUrl}">Unsubscribe</a>.
      </p>`,
  );
}

/** The address unsubscribed after the confirmation mail went out: the old link no longer subscribes anyone. */
export function confirmAfterUnsubscribePage(): Page {
  return page(
    400,
    'This link is no longer valid',
    markup`<p>This address was unsubscribed after the link was sent, so the link no longer subscribes it.</p>
      <p>To subscribe again, use the signup form on the website.</p>`,
  );
}

/** Why a link did not work, in words. */
export type LinkProblem = 'expired' | 'forged' | 'missing' | 'gone';

export function badLinkPage(problem: LinkProblem, what: 'confirm' | 'unsubscribe'): Page {
  const messages: Record<LinkProblem, [string, string]> = {
    expired: [
      'This link has expired',
      'Confirmation links work for 7 days. To subscribe, sign up again with the form on the website: a new link will be emailed to you.',
    ],
    forged: [
      'This link is not valid',
      'The link is incomplete or was changed. Open it again from the email, or copy the whole address into the browser.',
    ],
    missing: [
      'This link is incomplete',
      'The address has no token. Open the link from the email again, or copy the whole address into the browser.',
    ],
    gone: [
      'This link is no longer valid',
      what === 'confirm'
        ? 'The signup it belongs to has been removed. To subscribe, sign up again with the form on the website.'
        : 'This address is not on any list any more, so there is nothing to unsubscribe.',
    ],
  };
  const [title, text] = messages[problem];
  return page(400, title, markup`<p>${text}</p>`);
}

/** A form post larger than these pages accept. */
export function tooLargePage(): Page {
  return page(413, 'Request too large', markup`<p>The form sent more than this page accepts.</p>`);
}

// ---------------------------------------------------------------------------------------------------------------
// Unsubscribe

export function unsubscribePage(input: { token: string; email: string; list: string; senderName: string }): Page {
  const action = `/unsubscribe?token=${encodeURIComponent(input.token)}`;
  return page(
    200,
    'Unsubscribe',
    markup`<p>
        Press the button to stop the ${listLabel(input.list)} from ${input.senderName} to
        <strong>${input.email}</strong>.
      </p>
      <form method="post" action="${action}">
        <input type="hidden" name="token" value="${input.token}">
        <button type="submit">Unsubscribe</button>
      </form>`,
  );
}

export function unsubscribedPage(input: {
  email: string | undefined;
  list: string | undefined;
  senderName: string;
  already: boolean;
}): Page {
  const who = input.email ? markup`<strong>${input.email}</strong>` : 'This address';
  const what = input.list ? `the ${listLabel(input.list)} from ${input.senderName}` : `emails from ${input.senderName}`;
  return page(
    200,
    'You are unsubscribed',
    markup`<p>${who} will receive no more of ${what}.${input.already ? ' (It was already unsubscribed.)' : ''}</p>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Answers to a plain HTML form post (no JavaScript)

/** The fields of a signup form as posted (strings as typed). */
export interface SubmittedForm {
  email: string;
  name: string;
  list: string;
  consent: boolean;
  consentText: string;
  source: string;
}

/** The same page for a real signup and a bot signal: nothing tells a bot which it was. */
export function checkInboxPage(backUrl: string | undefined): Page {
  return page(
    202,
    'Check your inbox',
    markup`<p>
        If the address can receive the newsletter, an email with a confirmation link is on its way. Open it and press
        the button to confirm.
      </p>
      <p class="muted">Nothing arrived after a few minutes? Look in the spam folder.</p>
      ${backLink(backUrl)}`,
  );
}

const hidden = (name: string, value: string): Fragment | '' =>
  value === '' ? '' : markup`<input type="hidden" name="${name}" value="${value}">`;

/** The fields that ride along unchanged in the hidden inputs of a re-rendered form. */
function carried(
  form: SubmittedForm,
  token: string,
  keep: { email: boolean; name: boolean; consent: boolean },
): Fragment[] {
  return [
    keep.email ? hidden('email', form.email) : '',
    keep.name ? hidden('name', form.name) : '',
    hidden('list', form.list),
    keep.consent && form.consent ? hidden('consent', 'on') : '',
    hidden('consentText', form.consentText),
    hidden('source', form.source),
    hidden('t', token),
  ].flatMap((input) => (input === '' ? [] : [markup`${input}\n`]));
}

/**
 * A plain form post arrived without a form token (the browser ran no JavaScript): the same fields as hidden inputs,
 * a fresh token, and a button to press once more.
 */
export function pressOnceMorePage(form: SubmittedForm, token: string, backUrl: string | undefined): Page {
  return page(
    200,
    'One more step',
    markup`<p>
        To keep robots out, please press the button once more to subscribe
        <strong>${form.email}</strong>${form.list ? ` to the ${listLabel(form.list)}` : ''}.
      </p>
      <form method="post" action="/api/v1/subscriptions">
        ${carried(form, token, { email: true, name: true, consent: true })}
        <button type="submit">Subscribe</button>
      </form>
      ${backLink(backUrl)}`,
  );
}

/** One labelled input of the correction form, with its error text tied to it. */
function field(
  id: 'email' | 'name',
  label: string,
  value: string,
  error: string | undefined,
  attrs: { type: 'email' | 'text'; autocomplete: string; maxlength: number; required?: boolean },
): Fragment {
  const required = attrs.required ? markup` required` : '';
  const invalid = error ? markup` aria-invalid="true" aria-describedby="${id}-error"` : '';
  return markup`<label for="${id}">${label}</label>
<input id="${id}" name="${id}" value="${value}" type="${attrs.type}" autocomplete="${attrs.autocomplete}" maxlength="${attrs.maxlength}"${required}${invalid}>
${error ? markup`<p class="error" id="${id}-error">${error}</p>` : ''}`;
}

/**
 * A plain form post with mistakes: the form again with what was typed, each mistake next to its field, and a fresh
 * token (so nothing typed is lost and the next press goes through).
 */
export function correctFormPage(
  form: SubmittedForm,
  errors: Record<string, string>,
  token: string,
  backUrl: string | undefined,
): Page {
  const other = Object.entries(errors).filter(([k]) => !['email', 'name', 'consent'].includes(k));
  const consentError = errors.consent;
  const consentLabel = form.consentText || 'I agree to receive the newsletter.';
  const checked = form.consent ? markup` checked` : '';
  const consentInvalid = consentError ? markup` aria-invalid="true" aria-describedby="consent-error"` : '';
  return page(
    400,
    'Please check the form',
    markup`<p>Some fields need attention before we can send the confirmation email.</p>
      ${
        other.length
          ? markup`<ul>
              ${other.map(([k, v]) => markup`<li>${k}: ${v}</li>`)}
            </ul>`
          : ''
      }
      <form method="post" action="/api/v1/subscriptions">
        ${field('email', 'Email address', form.email, errors.email, {
          type: 'email',
          autocomplete: 'email',
          maxlength: 254,
          required: true,
        })}
        ${
          form.name !== '' || errors.name
            ? field('name', 'First name (optional)', form.name, errors.name, {
                type: 'text',
                autocomplete: 'given-name',
                maxlength: 100,
              })
            : ''
        }
        <label class="consent"><input type="checkbox" name="consent" value="on"${checked}${consentInvalid} required>
          <span>${consentLabel}</span></label>
        ${consentError ? markup`<p class="error" id="consent-error">${consentError}</p>` : ''}
        ${carried({ ...form, consentText: form.consentText || consentLabel }, token, {
          email: false,
          name: false,
          consent: false,
        })}
        <button type="submit">Subscribe</button>
      </form>
      ${backLink(backUrl)}`,
  );
}

/** The owner switched on proof of work, which needs JavaScript. */
export function needsJavaScriptPage(backUrl: string | undefined): Page {
  return page(
    400,
    'Please turn on JavaScript',
    markup`<p>
        This signup form asks the browser to solve a small puzzle to keep robots out, and that needs JavaScript. Turn it
        on and try again.
      </p>
      ${backLink(backUrl)}`,
  );
}

export function tooManyPage(retryAfterSeconds: number, backUrl: string | undefined): Page {
  return page(
    429,
    'Too many attempts',
    markup`<p>
        Too many signups came from here in a short time. Please try again in ${retryAfterSeconds}
        second${retryAfterSeconds === 1 ? '' : 's'}.
      </p>
      ${backLink(backUrl)}`,
  );
}
