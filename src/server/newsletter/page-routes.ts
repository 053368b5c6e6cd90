import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { NewsletterContext } from './context.js';
import { OLD_NEWSLETTER_CSS_PATH as PAGE_CSS_PATH, PAGE_HEADERS, pagesCss } from '../pages/layout.js';
import {
  badLinkPage,
  confirmAfterUnsubscribePage,
  confirmedPage,
  confirmPage,
  unsubscribedPage,
  tooLargePage,
  unsubscribePage,
  type Page,
} from '../pages/newsletter.js';
import { confirm, findSubscriber, linksFor, unsubscribe } from './subscribers.js';
import { checkConfirmToken, checkUnsubscribeToken } from './tokens.js';

const MAX_FORM_BYTES = 16 * 1024;

const page = (c: Context, p: Page) => c.html(p.html, p.status, PAGE_HEADERS);

/** The `token` of a POST: the form field, else the query (RFC 8058 posts to the List-Unsubscribe URL as it is). */
async function postedToken(c: Context): Promise<string | undefined> {
  let fromBody: unknown;
  try {
    const body = await c.req.parseBody();
    fromBody = body.token;
  } catch {
    // Not a form body (or a broken one): the query may still carry the token.
  }
  if (Array.isArray(fromBody)) fromBody = fromBody[0];
  return typeof fromBody === 'string' && fromBody !== '' ? fromBody : c.req.query('token');
}

/**
 * The pages behind the links in newsletter emails. A GET only shows a page with a button; the POST acts. So a link
 * scanner fetching every URL in a message neither confirms nor unsubscribes anyone, while the one-click unsubscribe
 * POST of RFC 8058 (`List-Unsubscribe=One-Click` to the List-Unsubscribe URL) works at once.
 *
 * `GET|POST /subscribe/confirm`, `GET|POST /unsubscribe`, and their stylesheet.
 */
export function newsletterPageRoutes(ctx: NewsletterContext) {
  const tooLarge = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: (c) => page(c, tooLargePage()),
  });

  return new Hono()
    .get(PAGE_CSS_PATH, (c) =>
      c.body(pagesCss(), 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
    )
    .get('/subscribe/confirm', async (c) => {
      const check = checkConfirmToken(ctx.secret, c.req.query('token'), ctx.now().getTime());
      if (!check.ok) return page(c, badLinkPage(check.reason, 'confirm'));
      const row = await findSubscriber(ctx, check.subscriberId);
      if (!row) return page(c, badLinkPage('gone', 'confirm'));
      if (row.status === 'unsubscribed') return page(c, confirmAfterUnsubscribePage());
      const { unsubscribeUrl } = linksFor(ctx, row.id, ctx.now().getTime());
      if (row.status === 'confirmed') {
        return page(
          c,
          confirmedPage({
            email: row.email,
            list: row.list,
            senderName: ctx.senderName,
            unsubscribeUrl,
            already: true,
          }),
        );
      }
      return page(
        c,
        confirmPage({ token: c.req.query('token')!, email: row.email, list: row.list, senderName: ctx.senderName }),
      );
    })
    .post('/subscribe/confirm', tooLarge, async (c) => {
      const check = checkConfirmToken(ctx.secret, await postedToken(c), ctx.now().getTime());
      if (!check.ok) return page(c, badLinkPage(check.reason, 'confirm'));
      const outcome = await confirm(ctx, check.subscriberId);
      if (outcome.kind === 'gone') return page(c, badLinkPage('gone', 'confirm'));
      if (outcome.kind === 'unsubscribed') return page(c, confirmAfterUnsubscribePage());
      const { row } = outcome;
      const { unsubscribeUrl } = linksFor(ctx, row.id, ctx.now().getTime());
      return page(
        c,
        confirmedPage({
          email: row.email,
          list: row.list,
          senderName: ctx.senderName,
          unsubscribeUrl,
          already: outcome.kind === 'already',
        }),
      );
    })
    .get('/unsubscribe', async (c) => {
      const token = c.req.query('token');
      const check = checkUnsubscribeToken(ctx.secret, token);
      if (!check.ok) return page(c, badLinkPage(check.reason, 'unsubscribe'));
      const row = await findSubscriber(ctx, check.subscriberId);
      if (!row)
        return page(
          c,
          unsubscribedPage({ email: undefined, list: undefined, senderName: ctx.senderName, already: true }),
        );
      if (row.status === 'unsubscribed') {
        return page(
          c,
          unsubscribedPage({ email: row.email, list: row.list, senderName: ctx.senderName, already: true }),
        );
      }
      return page(c, unsubscribePage({ token: token!, email: row.email, list: row.list, senderName: ctx.senderName }));
    })
    .post('/unsubscribe', tooLarge, async (c) => {
      const check = checkUnsubscribeToken(ctx.secret, await postedToken(c));
      if (!check.ok) return page(c, badLinkPage(check.reason, 'unsubscribe'));
      const outcome = await unsubscribe(ctx, check.subscriberId);
      if (outcome.kind === 'gone') {
        // Erased: there is nothing left to unsubscribe, which is what the person wants.
        return page(
          c,
          unsubscribedPage({ email: undefined, list: undefined, senderName: ctx.senderName, already: true }),
        );
      }
      return page(
        c,
        unsubscribedPage({
          email: outcome.row.email,
          list: outcome.row.list,
          senderName: ctx.senderName,
          already: outcome.kind === 'already',
        }),
      );
    });
}
