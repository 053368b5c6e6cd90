import { renderMail } from '../mail/document.js';
import type { MailMessage } from '../mail/mailer.js';

/**
 * The waitlist's two emails, as documents for the one mail renderer. Both carry `List-Unsubscribe` (an HTTPS link to
 * the leave page) and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): a mail client's one-click
 * unsubscribe POSTs to that URL and the person leaves the waitlist at once.
 */

/** Who a waitlist mail goes to and what it is about. */
export interface WaitlistMailInput {
  to: string;
  practice: string;
  service: string;
  /** "Tuesday 12 January 2027". */
  day: string;
  /** `https://…/waitlist/leave?token=…` */
  leaveUrl: string;
}

const oneLine = (s: string) => s.replace(/[\r\n\u0000-\u001f\u007f]+/g, ' ').trim();

function headers(leaveUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${leaveUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** The double opt-in: a link to the confirm page, whose button confirms (the link alone changes nothing). */
export function waitlistConfirmationMail(input: WaitlistMailInput & { confirmUrl: string }): MailMessage {
  const practice = oneLine(input.practice);
  return renderMail({
    to: input.to,
    subject: `Confirm: tell me if a time frees up on ${input.day}`,
    blocks: [
      { kind: 'paragraph', content: ['Hello,'] },
      {
        kind: 'paragraph',
        content: [
          `Someone, hopefully you, asked ${practice} to email this address if a time frees up for ${oneLine(input.service)} on ${input.day}.\n`,
          'To confirm, open this link and press the button on the page:',
        ],
      },
      { kind: 'button', href: input.confirmUrl, text: 'Confirm' },
      {
        kind: 'paragraph',
        content: ['If it was not you, ignore this email: without confirmation you will receive nothing more.'],
      },
      { kind: 'paragraph', small: true, content: [{ href: input.leaveUrl, text: 'Do not email me about this day' }] },
    ],
    headers: headers(input.leaveUrl),
  });
}

/** The one email a waiter gets when a time frees up: a link that opens the booking calendar on that day's times. */
export function waitlistFreedMail(input: WaitlistMailInput & { bookUrl: string }): MailMessage {
  const practice = oneLine(input.practice);
  return renderMail({
    to: input.to,
    subject: `A time has freed up on ${input.day}`,
    blocks: [
      { kind: 'paragraph', content: ['Hello,'] },
      {
        kind: 'paragraph',
        content: [
          `A booking for ${oneLine(input.service)} on ${input.day} has been cancelled or moved, so a time is free again at ${practice}.\n`,
          'Everyone waiting for this day got this email at the same moment: the first to book gets the time.',
        ],
      },
      { kind: 'button', href: input.bookUrl, text: `See the times on ${input.day}` },
      {
        kind: 'paragraph',
        content: ['This is the only email about this day: nothing more will be sent.'],
      },
      { kind: 'paragraph', small: true, content: [{ href: input.leaveUrl, text: 'Leave the waitlist' }] },
    ],
    headers: headers(input.leaveUrl),
  });
}
