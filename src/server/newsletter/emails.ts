import type { MailMessage } from '../mail/mailer.js';
import { escapeHtml } from './html.js';

/**
 * The newsletter's emails: plain text plus a small HTML part. Every one carries `List-Unsubscribe` (an HTTPS link) and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so mail clients offer a one-click unsubscribe.
 */

/** Who a newsletter mail goes to and the links it carries. */
export interface NewsletterMailInput {
  to: string;
  /** The person's first name, if they gave one (already checked: no links, no control characters). */
  name: string | null;
  /** The practice, as the sender. */
  senderName: string;
  /** The list id, shown to the person in words. */
  list: string;
  /** `https://…/unsubscribe?token=…` */
  unsubscribeUrl: string;
}

/** `weekly-notes` → `weekly notes`. */
export function listLabel(list: string): string {
  return list.replace(/-/g, ' ');
}

/** Headers every newsletter mail carries. */
export function listHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

const oneLine = (s: string) => s.replace(/[\r\n\u0000-\u001f\u007f]+/g, ' ').trim();

function greeting(name: string | null): string {
  return name ? `Hello ${oneLine(name)},` : 'Hello,';
}

function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body>
${body}
</body></html>`;
}

/** The double opt-in mail: a link to the confirmation page (whose button confirms; the link alone changes nothing). */
export function confirmationMail(input: NewsletterMailInput & { confirmUrl: string }): MailMessage {
  const sender = oneLine(input.senderName);
  const list = listLabel(input.list);
  const subject = `Confirm your subscription to ${sender}`;
  const text = `${greeting(input.name)}

Someone, hopefully you, asked to receive the ${list} from ${sender} at this address.
To confirm, open this link and press the button on the page (the link expires in 7 days):

${input.confirmUrl}

If it was not you, ignore this email: without confirmation you will receive nothing more.
To stop any further email to this address: ${input.unsubscribeUrl}
`;
  const html = htmlDocument(
    subject,
    `<p>${escapeHtml(greeting(input.name))}</p>
<p>Someone, hopefully you, asked to receive the ${escapeHtml(list)} from ${escapeHtml(sender)} at this address.</p>
<p><a href="${escapeHtml(input.confirmUrl)}">Confirm my subscription</a> (the link expires in 7 days).</p>
<p>If it was not you, ignore this email: without confirmation you will receive nothing more.</p>
<p><a href="${escapeHtml(input.unsubscribeUrl)}">Never email this address again</a></p>`,
  );
  return { to: input.to, subject, text, html, headers: listHeaders(input.unsubscribeUrl) };
}

/** The welcome mail after confirmation, with the owner's text. */
export function welcomeMail(input: NewsletterMailInput & { welcome: string }): MailMessage {
  const sender = oneLine(input.senderName);
  const subject = `Welcome to the ${listLabel(input.list)} from ${sender}`;
  const paragraphs = input.welcome
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const text = `${greeting(input.name)}

${paragraphs.join('\n\n')}

To unsubscribe at any time: ${input.unsubscribeUrl}
`;
  const html = htmlDocument(
    subject,
    `<p>${escapeHtml(greeting(input.name))}</p>
${paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n')}
<p><a href="${escapeHtml(input.unsubscribeUrl)}">Unsubscribe</a></p>`,
  );
  return { to: input.to, subject, text, html, headers: listHeaders(input.unsubscribeUrl) };
}
