import { Hono, type Context } from 'hono';
import { requireAdmin } from '../http/admin.js';
import { normaliseEmail } from '../newsletter/bot-defence.js';
import type { NewsletterContext } from '../newsletter/context.js';
import { subscribersCsv } from '../newsletter/csv.js';
import { erase, listSubscribers, type SubscriberRow } from '../newsletter/subscribers.js';
import { apiError } from './booking-context.js';

const STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;

/** A subscriber with their consent record, as the owner sees it. */
function ownerView(r: SubscriberRow) {
  return {
    email: r.email,
    name: r.name,
    list: r.list,
    status: r.status,
    consent: {
      text: r.consent_text,
      source: r.consent_source,
      signedUpAt: r.created_at,
      confirmedAt: r.confirmed_at,
      unsubscribedAt: r.unsubscribed_at,
    },
  };
}

/**
 * The owner's view of the newsletter, with the admin bearer token (same 401s as the booking owner API):
 * `GET /api/v1/owner/subscribers[?list=&status=]` (JSON), `GET /api/v1/owner/subscribers.csv` (the same with the
 * consent columns, for a spreadsheet) and `DELETE /api/v1/owner/subscribers/<email>` (erasure).
 */
export function ownerSubscribersRoutes(ctx: NewsletterContext) {
  const authorise = requireAdmin(ctx.adminToken);
  const app = new Hono();
  app.use('/subscribers', authorise);
  app.use('/subscribers.csv', authorise);
  app.use('/subscribers/*', authorise);

  const filter = (list: string | undefined, status: string | undefined) => {
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) return undefined;
    return { list: list || undefined, status: status as SubscriberRow['status'] | undefined };
  };
  const badStatus = (c: Context) =>
    apiError(c, 400, 'invalid_request', 'Some fields need attention.', {
      status: 'Use pending, confirmed or unsubscribed',
    });

  return app
    .get('/subscribers', async (c) => {
      const f = filter(c.req.query('list'), c.req.query('status'));
      if (!f) return badStatus(c);
      const rows = await listSubscribers(ctx, f);
      return c.json({ subscribers: rows.map(ownerView) }, 200, { 'Cache-Control': 'no-store' });
    })
    .get('/subscribers.csv', async (c) => {
      const f = filter(c.req.query('list'), c.req.query('status'));
      if (!f) return badStatus(c);
      const rows = await listSubscribers(ctx, f);
      const day = ctx.now().toISOString().slice(0, 10);
      return c.body(subscribersCsv(rows), 200, {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="subscribers-${day}.csv"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
    })
    .delete('/subscribers/:email', async (c) => {
      const email = normaliseEmail(c.req.param('email'));
      if (email === '' || email.length > 254 || !email.includes('@')) {
        return apiError(c, 400, 'invalid_request', 'Some fields need attention.', {
          email: 'Enter an email address like name@example.com',
        });
      }
      const erased = await erase(ctx, email);
      if (erased.subscriptions.length === 0) {
        return apiError(
          c,
          404,
          'unknown_subscriber',
          'No subscriber has this email address: there is nothing to erase.',
        );
      }
      return c.json(
        {
          erased: true,
          email,
          subscriptions: erased.subscriptions,
          webhookDeliveries: erased.webhookDeliveries,
          outboxMessages: erased.outboxMessages,
          message: `Erased ${email}: ${erased.subscriptions.length} subscription${erased.subscriptions.length === 1 ? '' : 's'} and the consent record${
            erased.subscriptions.length === 1 ? '' : 's'
          } with ${erased.subscriptions.length === 1 ? 'it' : 'them'}. Links in emails already sent no longer work.`,
        },
        200,
        { 'Cache-Control': 'no-store' },
      );
    });
}
