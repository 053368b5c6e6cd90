/**
 * The development outbox page (`GET /dev/outbox`): a view of the outbox table, newest first. Everything shown
 * is escaped by html``; links in the text part become anchors. A mail's HTML part is never put into this page:
 * it is shown in a sandboxed frame loaded from its own URL ({@link outboxPreviewHeaders}), which runs no script.
 */
// hono/html's escaping html``, named `markup` so Prettier leaves the markup as written (see pages/layout.ts).
import { html as markup } from 'hono/html';
import { formatWhen } from '../format.js';
import { layout, type Fragment, type Html } from './layout.js';

/** One stored mail as the page shows it. */
export interface OutboxMail {
  id: number;
  createdAt: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  icalEvent: string | null;
  /** Where delivery stands (the outbox row's status). */
  status: 'pending' | 'sent' | 'stored' | 'failed' | 'void';
  messageId: string | null;
  attempts: number;
  lastError: string | null;
  /** Not sent before (ISO), when it is later than its creation: a reminder, or the next retry. */
  notBefore: string | null;
  sentAt: string | null;
  sentBy: string | null;
}

/** The delivery state in words, for the page. */
function delivery(mail: OutboxMail): Fragment {
  const tries = mail.attempts === 1 ? '1 failed attempt' : `${mail.attempts} failed attempts`;
  switch (mail.status) {
    case 'stored':
      return markup`Delivered to this outbox${mail.sentAt ? markup` ${when(mail.sentAt)}` : ''} (no SMTP_URL is set)`;
    case 'sent':
      return markup`Sent over SMTP${mail.sentAt ? markup` ${when(mail.sentAt)}` : ''}${mail.sentBy ? ` by ${mail.sentBy}` : ''}`;
    case 'void':
      return markup`Withdrawn, never sent${mail.lastError ? `: ${mail.lastError}` : ''}`;
    case 'failed':
      return markup`Not sent, given up after ${tries}${mail.lastError ? `: ${mail.lastError}` : ''}`;
    case 'pending':
      if (mail.attempts > 0)
        return markup`Waiting to be retried${mail.notBefore ? markup` from ${when(mail.notBefore)}` : ''} after ${tries}${mail.lastError ? `: ${mail.lastError}` : ''}`;
      return mail.notBefore ? markup`Scheduled for ${when(mail.notBefore)}` : markup`Waiting for the mail worker`;
  }
}

/** Where the sandboxed preview of a mail's HTML part is served. */
export const previewPath = (id: number): string => `/dev/outbox/${id}/html`;

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/** Text with every http(s) address as a link (trailing punctuation stays text). */
export function linkified(text: string): Fragment[] {
  const out: Fragment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(/[.,;:!?)\]']+$/, '');
    const at = match.index;
    out.push(markup`${text.slice(last, at)}<a href="${url}">${url}</a>`);
    last = at + url.length;
  }
  out.push(markup`${text.slice(last)}`);
  return out;
}

/** The local zone of the machine running the dev server: stored times read as the developer's clock. */
const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function when(iso: string): Fragment {
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime()) ? iso : formatWhen(date, localZone());
  return markup`<time datetime="${iso}">${text}</time>`;
}

function article(mail: OutboxMail): Fragment {
  return markup`<article aria-labelledby="mail-${mail.id}">
    <h2 id="mail-${mail.id}">${mail.subject}</h2>
    <dl class="facts">
      <dt>Delivery</dt>
      <dd data-status="${mail.status}">${delivery(mail)}</dd>
      <dt>To</dt>
      <dd>${mail.to}</dd>
      <dt>Date</dt>
      <dd>${when(mail.createdAt)}</dd>
      ${
        mail.messageId
          ? markup`<dt>Message-ID</dt>
            <dd><code>${mail.messageId}</code></dd>`
          : ''
      }
      ${Object.entries(mail.headers).map(
        ([k, v]) =>
          markup`<dt>${k}</dt>
            <dd>${linkified(String(v))}</dd>`,
      )}
    </dl>
    <h3>Text</h3>
    <pre>${linkified(mail.text)}</pre>
    ${
      mail.html !== null
        ? markup`<h3>HTML</h3>
            <div class="preview">
              <iframe
                src="${previewPath(mail.id)}"
                title="HTML version of ${mail.subject}"
                sandbox="allow-popups allow-popups-to-escape-sandbox"
              ></iframe>
            </div>
            <details>
              <summary>HTML source</summary>
              <pre>${mail.html}</pre>
            </details>`
        : ''
    }
    ${
      mail.icalEvent
        ? markup`<details>
            <summary>Calendar attachment</summary>
            <pre>${mail.icalEvent}</pre>
          </details>`
        : ''
    }
  </article>`;
}

/** The outbox page for these mails (newest first, as given). */
export function outboxPage(mails: OutboxMail[]): Html {
  return layout({
    title: 'Development outbox',
    wide: true,
    body: markup`<p class="muted">
        Every email the server has written to its outbox, newest first, with where its delivery stands. Without
        <code>SMTP_URL</code> the mail worker delivers them here; set it to send real email.
      </p>
      ${mails.length ? mails.map(article) : markup`<p>No mail yet.</p>`}`,
  });
}

/**
 * Headers of a mail's HTML part served for the outbox's frame. The CSP `sandbox` makes it an opaque origin that runs
 * no script even when opened on its own, `default-src 'none'` blocks scripts, frames and remote loads, and the
 * inline styles of mail (the only way mail is styled) stay allowed. Links open in a new tab (see {@link previewHtml}).
 */
export const outboxPreviewHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; " +
    "img-src data:; form-action 'none'; frame-ancestors 'self'",
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-DNS-Prefetch-Control': 'off',
};

/**
 * A stored mail's HTML as the frame shows it: unchanged except for a constant `<base target="_blank">` put first in
 * `<head>`, so its links open in a tab of their own rather than inside the small frame. This is the one place the
 * server sends HTML it did not build with html``, which is why it only ever goes out with {@link outboxPreviewHeaders}.
 */
export function previewHtml(mailHtml: string): string {
  const base = '<base target="_blank">';
  const head = /<head(\s[^>]*)?>/i.exec(mailHtml);
  if (!head) return `${base}${mailHtml}`;
  const at = head.index + head[0].length;
  return `${mailHtml.slice(0, at)}${base}${mailHtml.slice(at)}`;
}
