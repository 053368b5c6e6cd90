import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { pagesCss } from '../pages/layout.js';
import { icalEventOf } from './outbox.js';
import { outboxPage, outboxPreviewHeaders, previewHtml, type OutboxMail } from '../pages/outbox.js';

const iso = (ms: number) => new Date(ms).toISOString();

function headersOf(json: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  } catch {
    // Shown without headers.
  }
  return {};
}

/**
 * The development outbox, a view of the outbox table: `GET /dev/outbox` lists every mail and its delivery, `GET /dev/outbox/:id/html` serves one
 * mail's HTML part for the page's sandboxed frame (never mounted in production).
 */
export function outboxRoutes(db: Kysely<Database>): Hono {
  return new Hono()
    .get('/outbox.css', (c) =>
      // The page links /assets/pages.css; this older path serves the same file.
      c.body(pagesCss(), 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }),
    )
    .get('/outbox', async (c) => {
      const rows = await db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(200).execute();
      const mails: OutboxMail[] = rows.map((row) => ({
        id: Number(row.id),
        createdAt: row.created_at,
        to: row.to,
        subject: row.subject,
        text: row.text,
        html: row.html,
        headers: headersOf(row.headers),
        icalEvent: icalEventOf(row.ical_event)?.content ?? null,
        status: row.status,
        messageId: row.message_id,
        attempts: Number(row.attempts),
        lastError: row.last_error,
        notBefore: Number(row.not_before_ms) > Date.parse(row.created_at) ? iso(Number(row.not_before_ms)) : null,
        sentAt: row.sent_at,
        sentBy: row.sent_by,
      }));
      return c.html(outboxPage(mails), 200, { 'Cache-Control': 'no-store' });
    })
    .get('/outbox/:id/html', async (c) => {
      const id = Number(c.req.param('id'));
      if (!Number.isSafeInteger(id) || id < 1) return c.notFound();
      const row = await db.selectFrom('mail_outbox').select('html').where('id', '=', id).executeTakeFirst();
      if (!row?.html) return c.notFound();
      return c.html(previewHtml(row.html), 200, outboxPreviewHeaders);
    });
}
