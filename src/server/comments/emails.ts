import { renderMail, type Block } from '../mail/document.js';
import type { MailMessage } from '../mail/mailer.js';

/**
 * The comments' emails, as documents for the one mail renderer (plain text and HTML from the same blocks, every
 * value escaped): the practitioner's moderation mail, the reply-notification confirmation, and the reply mail itself.
 * Mail that goes to a commenter carries RFC 8058 one-click unsubscribe headers.
 */

const oneLine = (s: string) => s.replace(/[\r\n\u0000-\u001f\u007f]+/g, ' ').trim();

/** The comment's text, quoted: at most 2,000 characters in a mail. */
const quoted = (text: string): string => (text.length > 2000 ? `${text.slice(0, 2000)}…` : text);

function listHeaders(unsubscribeUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** To the practitioner: a comment waits; three buttons, each opening a page whose own button does it. */
export function moderationMail(input: {
  to: string;
  practice: string;
  thread: string;
  threadUrl: string | null;
  name: string;
  email: string | null;
  text: string;
  isReply: boolean;
  links: { approve: string; reject: string; spam: string };
}): MailMessage {
  const blocks: Block[] = [
    { kind: 'heading', text: 'A comment is waiting for your approval' },
    {
      kind: 'fields',
      rows: [
        ['From', oneLine(input.name)],
        ['Email', input.email ?? 'not given'],
        ['On', input.threadUrl ? { href: input.threadUrl, text: input.thread } : input.thread],
        ['Kind', input.isReply ? 'a reply' : 'a new comment'],
      ],
    },
    { kind: 'paragraph', content: [quoted(input.text)] },
    { kind: 'button', href: input.links.approve, text: 'Approve' },
    { kind: 'button', href: input.links.reject, text: 'Reject' },
    { kind: 'button', href: input.links.spam, text: 'Mark as spam' },
    {
      kind: 'paragraph',
      small: true,
      content: [
        'Each button opens a page on your server with one more button to press: a link checker opening these links changes nothing.',
      ],
    },
  ];
  return renderMail({
    to: input.to,
    subject: `New comment from ${oneLine(input.name)} awaiting approval`,
    blocks,
    headers: input.email ? { 'Reply-To': input.email } : {},
  });
}

/** To a commenter who ticked "Email me replies": confirm first (double opt-in). */
export function confirmRepliesMail(input: {
  to: string;
  practice: string;
  thread: string;
  threadUrl: string | null;
  confirmUrl: string;
  unsubscribeUrl: string;
}): MailMessage {
  const practice = oneLine(input.practice);
  return renderMail({
    to: input.to,
    subject: `Confirm reply notifications from ${practice}`,
    blocks: [
      {
        kind: 'paragraph',
        content: [
          `Someone, hopefully you, commented on ${practice}'s site and asked to be told by email about replies.\n`,
          'To get those emails, open this link and press the button on the page (the link expires in 7 days):',
        ],
      },
      { kind: 'button', href: input.confirmUrl, text: 'Email me replies' },
      {
        kind: 'paragraph',
        content: [
          'The comment: ',
          input.threadUrl ? { href: input.threadUrl, text: input.thread } : input.thread,
          '\nIf it was not you, ignore this email: without confirmation you will receive nothing more.',
        ],
      },
      { kind: 'paragraph', small: true, content: [{ href: input.unsubscribeUrl, text: 'Never email me about this' }] },
    ],
    headers: listHeaders(input.unsubscribeUrl),
  });
}

/** To a confirmed subscriber: someone replied to their comment. */
export function replyMail(input: {
  to: string;
  practice: string;
  replier: string;
  owner: boolean;
  text: string;
  thread: string;
  threadUrl: string | null;
  unsubscribeUrl: string;
}): MailMessage {
  const who = `${oneLine(input.replier)}${input.owner ? ` (${oneLine(input.practice)})` : ''}`;
  return renderMail({
    to: input.to,
    subject: `${who} replied to your comment`,
    blocks: [
      { kind: 'paragraph', content: [`${who} replied to your comment:`] },
      { kind: 'paragraph', content: [quoted(input.text)] },
      input.threadUrl
        ? { kind: 'button', href: input.threadUrl, text: 'Read the thread' }
        : { kind: 'paragraph', content: [`The thread: ${input.thread}`] },
      {
        kind: 'paragraph',
        small: true,
        content: [
          'You get this because you asked for replies to your comment. ',
          { href: input.unsubscribeUrl, text: 'Stop these emails' },
        ],
      },
    ],
    headers: listHeaders(input.unsubscribeUrl),
  });
}
