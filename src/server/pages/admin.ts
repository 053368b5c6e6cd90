/**
 * The owner console's server pages: `/admin` (the console's script around a plain sign-in form that works without
 * JavaScript), the "check your inbox" answer, the sign-in link's page (one button that POSTs the token, so link
 * scanners sign no one in) and its "expired" answer. Built on the one layout; every value escaped by `hono/html`.
 */
import { html as markup } from 'hono/html';
import { layout, type Fragment, type Html } from './layout.js';

/** The plain sign-in form (POST /admin/sign-in, form-encoded). */
export function signInForm(o: { email?: string; error?: string } = {}): Fragment {
  const invalid = o.error !== undefined;
  return markup`<form method="post" action="/admin/sign-in">
<label for="email">Your email address</label>
<input id="email" name="email" type="email" autocomplete="email" inputmode="email" required value="${o.email ?? ''}"${
    invalid ? markup` aria-invalid="true" aria-describedby="email-error"` : ''
  }>
${invalid ? markup`<p id="email-error" class="error">${o.error}</p>` : ''}
<button type="submit">Email me a sign-in link</button>
</form>`;
}

/** `GET /admin`: the console; without JavaScript its light DOM, the sign-in form, is what shows. */
export function consolePage(o: { practiceName: string }): Html {
  return layout({
    title: `${o.practiceName} · Owner console`,
    lang: 'en-GB',
    heading: false,
    bodyClass: 'console',
    head: markup`<meta name="referrer" content="no-referrer">
<script type="module" src="/admin/console.js"></script>`,
    body: markup`<soleus-console practice-name="${o.practiceName}">
<h1>Sign in to ${o.practiceName}</h1>
<p>We will email you a link that signs you in. No password needed.</p>
${signInForm()}
</soleus-console>`,
  });
}

/** The answer to the plain form: the same for any address. */
export function checkInboxPage(o: { practiceName: string; email: string }): Html {
  return layout({
    title: 'Check your inbox',
    lang: 'en-GB',
    body: markup`<p>If <strong>${o.email}</strong> may sign in to ${o.practiceName}, a sign-in link is on its way.
It works once, for 15 minutes.</p>
<p class="muted">Nothing after a few minutes? Look in your spam folder, or <a href="/admin">ask for another link</a>.</p>`,
  });
}

/** The plain form's refusals: a malformed address, or too many requests. */
export function signInAgainPage(o: { title: string; message: string; email?: string; invalid?: boolean }): Html {
  return layout({
    title: o.title,
    lang: 'en-GB',
    body: o.invalid
      ? signInForm({ email: o.email, error: o.message })
      : markup`<p>${o.message}</p>
<p><a href="/admin">Back to sign-in</a></p>`,
  });
}

/** `GET /admin/link?token=`: nothing happens until the button is pressed. */
export function linkPage(o: { practiceName: string; token: string }): Html {
  return layout({
    title: `Sign in to ${o.practiceName}`,
    lang: 'en-GB',
    head: markup`<meta name="referrer" content="no-referrer">`,
    body: markup`<p>Press the button to sign in on this device.</p>
<form method="post" action="/admin/link">
<input type="hidden" name="token" value="${o.token}">
<button type="submit">Sign in</button>
</form>
<p class="muted">If you did not ask to sign in, close this page: nothing happens without the button.</p>`,
  });
}

/** `POST /admin/link` with a used, expired or unknown token (400). */
export function linkExpiredPage(): Html {
  return layout({
    title: 'This sign-in link has expired or was already used',
    lang: 'en-GB',
    head: markup`<meta name="referrer" content="no-referrer">`,
    body: markup`<p>Each link works once, for 15 minutes. Ask for a new one:</p>
${signInForm()}`,
  });
}
