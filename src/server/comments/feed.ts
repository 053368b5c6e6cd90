import type { CommentRow } from './views.js';

/** XML text escaping (and no characters XML 1.0 forbids). */
const xml = (s: string): string =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/**
 * A thread's published comments as an Atom feed (RFC 4287), newest first. Entries carry the plain text only
 * (`type="text"`): a feed reader shows it as text, so nothing a commenter wrote can become markup there either.
 */
export function atomFeed(input: {
  thread: string;
  practice: string;
  selfUrl: string;
  threadUrl: string | null;
  comments: CommentRow[];
  nowMs: number;
}): string {
  const iso = (ms: number | string) => new Date(Number(ms)).toISOString();
  const updated = input.comments.reduce(
    (max, c) => Math.max(max, Number(c.edited_ms ?? c.created_ms)),
    input.comments.length ? 0 : input.nowMs,
  );
  const idBase = `urn:soleus:comments:${encodeURIComponent(input.thread)}`;
  const entries = input.comments.map((c) => {
    const link = input.threadUrl
      ? `\n    <link rel="alternate" href="${xml(`${input.threadUrl}#comment-${c.id}`)}"/>`
      : '';
    const title = c.text.replace(/\s+/g, ' ').trim();
    return `  <entry>
    <id>${xml(`${idBase}:${c.id}`)}</id>
    <title type="text">${xml(`${c.author_name}: ${title.length > 80 ? `${title.slice(0, 80)}…` : title}`)}</title>
    <author><name>${xml(c.author_name)}</name></author>
    <published>${iso(c.created_ms)}</published>
    <updated>${iso(c.edited_ms ?? c.created_ms)}</updated>${link}
    <content type="text">${xml(c.text)}</content>
  </entry>`;
  });
  const alternate = input.threadUrl ? `\n  <link rel="alternate" href="${xml(input.threadUrl)}"/>` : '';
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(idBase)}</id>
  <title type="text">${xml(`Comments on ${input.thread} — ${input.practice}`)}</title>
  <updated>${iso(updated)}</updated>
  <link rel="self" href="${xml(input.selfUrl)}"/>${alternate}
${entries.join('\n')}
</feed>
`;
}
