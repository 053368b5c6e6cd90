import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => escapeMap[ch]!);
}

const STYLES = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60em; padding: 1em; color: #1f2937; background: #f9fafb; }
h1 { font-size: 1.5em; }
article { background: #fff; border: 1px solid #d1d5db; border-radius: .5em; padding: 1em; margin: 1em 0; }
h2 { font-size: 1.1em; margin: 0 0 .25em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; margin: 0 0 .5em; font-size: .9em; }
dt { color: #6b7280; }
dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f4f6; padding: .75em; border-radius: .25em; }
@media (prefers-color-scheme: dark) {
  body { background: #111827; color: #e5e7eb; }
  article { background: #1f2937; border-color: #374151; }
  pre { background: #111827; }
}
`;

/** The development outbox: `GET /dev/outbox` lists mail kept instead of sent (never mounted in production). */
export function outboxRoutes(db: Kysely<Database>): Hono {
  return new Hono()
    .get('/outbox.css', (c) =>
      c.body(STYLES, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }),
    )
    .get('/outbox', async (c) => {
      const mails = await db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(200).execute();
      const items = mails
        .map((mail) => {
          let headers: Record<string, string> = {};
          try {
            headers = JSON.parse(mail.headers) as Record<string, string>;
          } catch {
            // Shown without headers.
          }
          const headerRows = Object.entries(headers)
            .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`)
            .join('');
          return `<article>
<h2>${escapeHtml(mail.subject)}</h2>
<dl><dt>To</dt><dd>${escapeHtml(mail.to)}</dd><dt>Date</dt><dd><time datetime="${escapeHtml(mail.created_at)}">${escapeHtml(mail.created_at)}</time></dd>${headerRows}</dl>
<pre>${escapeHtml(mail.text)}</pre>
${mail.html ? `<details><summary>HTML source</summary><pre>${escapeHtml(mail.html)}</pre></details>` : ''}
${mail.ical_event ? `<details><summary>Calendar attachment</summary><pre>${escapeHtml(mail.ical_event)}</pre></details>` : ''}
</article>`;
        })
        .join('\n');
      const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Development outbox · Soleus</title>
<link rel="stylesheet" href="/dev/outbox.css">
</head>
<body>
<main>
<h1>Development outbox</h1>
<p>Mail the server would have sent. Set <code>SMTP_URL</code> to send real email. Newest first.</p>
${items || '<p>No mail yet.</p>'}
</main>
</body>
</html>`;
      return c.html(page, 200, { 'Cache-Control': 'no-store' });
    });
}
