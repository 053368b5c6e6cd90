import type { MailMessage } from '../mail/mailer.js';
import { renderMail, type Block } from '../mail/document.js';
import { listLabel } from '../format.js';

/**
 * The newsletter's emails, written as documents for the one mail renderer (`mail/document.ts`: plain text and HTML
 * from the same blocks, everything escaped). Every one carries `List-Unsubscribe` (an HTTPS link) and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so mail clients offer a one-click unsubscribe.
 */

export { listLabel };

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

/** Headers every newsletter mail carries. */
export function listHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

const oneLine = (s: string) => s.replace(/[\r\n\u0000-\u001f\u007f]+/g, ' ').trim();

function greeting(name: string | null): Block {
  return { kind: 'paragraph', content: [name ? `Hello ${oneLine(name)},` : 'Hello,'] };
}

/** The double opt-in mail: a link to the confirmation page (whose button confirms; the link alone changes nothing). */
export function confirmationMail(input: NewsletterMailInput & { confirmUrl: string }): MailMessage {
  const sender = oneLine(input.senderName);
  const list = listLabel(input.list);
  return renderMail({
    to: input.to,
    subject: `Confirm your subscription to ${sender}`,
    blocks: [
      greeting(input.name),
      {
        kind: 'paragraph',
        content: [
          `Someone, hopefully you, asked to receive the ${list} from ${sender} at this address.\n`,
          'To confirm, open this link and press the button on the page (the link expires in 7 days):',
        ],
      },
      { kind: 'button', href: input.confirmUrl, text: 'Confirm my subscription' },
      {
        kind: 'paragraph',
        content: ['If it was not you, ignore this email: without confirmation you will receive nothing more.'],
      },
      {
        kind: 'paragraph',
        small: true,
        content: [{ href: input.unsubscribeUrl, text: 'Never email this address again' }],
      },
    ],
    headers: listHeaders(input.unsubscribeUrl),
  });
}

/** The welcome mail after confirmation, with the owner's text (its blank lines are paragraphs). */
export function welcomeMail(input: NewsletterMailInput & { welcome: string }): MailMessage {
  const sender = oneLine(input.senderName);
  const paragraphs = input.welcome
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  return renderMail({
    to: input.to,
    subject: `Welcome to the ${listLabel(input.list)} from ${sender}`,
    blocks: [
      greeting(input.name),
      ...paragraphs.map((p): Block => ({ kind: 'paragraph', content: [p] })),
      {
        kind: 'paragraph',
        small: true,
        content: [{ href: input.unsubscribeUrl, text: 'Unsubscribe from these emails' }],
      },
    ],
    headers: listHeaders(input.unsubscribeUrl),
  });
}
