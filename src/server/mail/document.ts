/**
 * The one mail renderer: an email is written once as a list of {@link Block}s and rendered here to its plain-text
 * part and its HTML part, so the two never drift apart. Booking and newsletter mail alike.
 *
 * The HTML goes through `hono/html` (its html`` tag, imported as `markup`), which escapes every interpolated string:
 * client names, notes and answers are whatever someone typed, and nothing here uses `raw()`. Links become anchors only for http(s) and mailto addresses.
 * Styles are inline (mail clients drop `<style>` and ignore stylesheets); the text part is what most clients quote.
 */
// hono/html's escaping html``, named `markup` so Prettier leaves the markup as written (see pages/layout.ts).
import { html as markup } from 'hono/html';
import type { MailMessage } from './mailer.js';

/** A run of text, or a link. Text may hold `\n`: a line break in both versions. */
export type Inline = string | { href: string; text: string };

/** One block of an email. */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; content: Inline[]; small?: boolean }
  | { kind: 'fields'; rows: [label: string, value: Inline][] }
  /** Each item is several lines; the first is bold in HTML. */
  | { kind: 'list'; label: string; items: Inline[][][] }
  | { kind: 'button'; href: string; text: string };

/** An email as a document: what {@link renderMail} turns into a {@link MailMessage}. */
export interface MailDocument {
  to: string;
  subject: string;
  blocks: Block[];
  /** The language of the text; default `en-GB`. */
  lang?: string;
  /** Extra headers (Reply-To, List-Unsubscribe…). */
  headers?: Record<string, string>;
  icalEvent?: MailMessage['icalEvent'];
}

type Fragment = ReturnType<typeof markup>;

/** Only http(s) and mailto links become anchors; anything else (a configured `javascript:` URL…) stays text. */
const safeHref = (href: string): boolean => /^(https?:\/\/|mailto:)/i.test(href);

/** A link whose text is its own address (`jim@example.com`, a website) prints once in plain text. */
const selfNamed = (part: { href: string; text: string }): boolean =>
  part.href === part.text || part.href === `mailto:${part.text}`;

/** One header line: no control characters, so a client's name cannot add header lines. */
export const headerLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

// ---------------------------------------------------------------------------------------------------------------
// Plain text

function inlineText(content: Inline[]): string {
  return content
    .map((part) => (typeof part === 'string' ? part : selfNamed(part) ? part.text : `${part.text}: ${part.href}`))
    .join('');
}

/** The plain-text part: blocks separated by a blank line, list items bulleted, links written out. */
export function renderText(blocks: Block[]): string {
  const indent = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);
  const out = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return block.text;
      case 'paragraph':
        return inlineText(block.content);
      case 'fields':
        // A label that is a question ("Where do you feel tight?") takes no colon after it.
        return block.rows
          .map(([label, value]) => `${label}${/[?:]$/.test(label) ? '' : ':'} ${indent(inlineText([value]), '  ')}`)
          .join('\n');
      case 'list':
        return [
          `${block.label}:`,
          ...block.items.map((lines) =>
            lines.map((line, i) => `${i === 0 ? '  • ' : '    '}${indent(inlineText(line), '    ')}`).join('\n'),
          ),
        ].join('\n');
      case 'button':
        return `${block.text}: ${block.href}`;
    }
  });
  return `${out.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// HTML

// Font names unquoted (valid CSS): a quote would come out as an entity inside the style attribute.
const FONT = 'font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,sans-serif;';
const TEXT = 'color:#1f2937;';
const MUTED = 'color:#4b5563;';
const LINK = 'color:#0f766e;text-decoration:underline;';
const BUTTON =
  'display:inline-block;padding:0.625em 1.125em;background:#0f766e;color:#ffffff;text-decoration:none;' +
  'border-radius:4px;font-weight:600;';

/** Text with its line breaks as `<br>` (each line escaped by html``). */
const lines = (value: string): Fragment[] =>
  value.split(/\r\n|\r|\n/).map((line, i) => (i === 0 ? markup`${line}` : markup`<br>${line}`));

function inlineHtml(content: Inline[]): Fragment[] {
  return content.map((part) => {
    if (typeof part === 'string') return markup`${lines(part)}`;
    if (!safeHref(part.href)) return markup`${part.text}: ${part.href}`;
    return markup`<a href="${part.href}" style="${LINK}">${part.text}</a>`;
  });
}

function blockHtml(block: Block): Fragment {
  switch (block.kind) {
    case 'heading':
      return markup`<h1 style="margin:0 0 0.75em;font-size:1.375em;line-height:1.3;${TEXT}">${block.text}</h1>`;
    case 'paragraph':
      return markup`<p style="margin:0 0 1em;${block.small ? `font-size:0.875em;${MUTED}` : ''}">
        ${inlineHtml(block.content)}
      </p>`;
    case 'fields':
      return markup`<table role="presentation" style="margin:0 0 1em;border-collapse:collapse;">
        ${block.rows.map(
          ([label, value]) =>
            markup`<tr>
              <th
                scope="row"
                style="padding:0.25em 1em 0.25em 0;text-align:left;vertical-align:top;font-weight:600;${MUTED}"
              >
                ${label}
              </th>
              <td style="padding:0.25em 0;vertical-align:top;">${inlineHtml([value])}</td>
            </tr>`,
        )}
      </table>`;
    case 'list':
      return markup`<h2 style="margin:0 0 0.5em;font-size:1em;${TEXT}">${block.label}</h2>
        <ul style="margin:0 0 1em;padding-left:1.25em;">
          ${block.items.map(
            (itemLines) =>
              markup`<li style="margin:0 0 0.5em;">
                ${itemLines.map((line, i) =>
                  i === 0 ? markup`<strong>${inlineHtml(line)}</strong>` : markup`<br>${inlineHtml(line)}`,
                )}
              </li>`,
          )}
        </ul>`;
    case 'button':
      if (!safeHref(block.href)) return markup`<p style="margin:0 0 1em;">${block.text}: ${block.href}</p>`;
      return markup`<p style="margin:0 0 1em;"><a href="${block.href}" style="${BUTTON}">${block.text}</a></p>`;
  }
}

/** The HTML part: a complete document, one centred column, everything interpolated escaped. */
export function renderHtml(title: string, blocks: Block[], lang = 'en-GB'): string {
  const column = `max-width:36em;margin:0 auto;padding:1.5em;background:#ffffff;${TEXT}${FONT}font-size:16px;line-height:1.5;`;
  const page = markup`<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<div role="article" aria-roledescription="email" aria-label="${title}" lang="${lang}" style="${column}">
${blocks.map(blockHtml)}
</div>
</body>
</html>
`;
  // Every value above is a string or a fragment built from strings, so html`` returned synchronously.
  if (page instanceof Promise) throw new TypeError('A mail template received a promise');
  return page.toString();
}

/** Renders a mail document to the message the mailer sends: subject cleaned, text and HTML from the same blocks. */
export function renderMail(doc: MailDocument): MailMessage {
  const subject = headerLine(doc.subject);
  return {
    to: doc.to,
    subject,
    text: renderText(doc.blocks),
    html: renderHtml(subject, doc.blocks, doc.lang),
    ...(doc.headers ? { headers: doc.headers } : {}),
    ...(doc.icalEvent ? { icalEvent: doc.icalEvent } : {}),
  };
}
