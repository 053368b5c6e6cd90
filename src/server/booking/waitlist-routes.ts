import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { WaitlistResponse } from '../../core/schemas/waitlist.js';
import { clientIp } from '../http/client-ip.js';
import { ContractError } from '../http/errors.js';
import { PAGE_HEADERS } from '../pages/layout.js';
import {
  waitlistBadLinkPage,
  waitlistConfirmedPage,
  waitlistConfirmPage,
  waitlistLeftPage,
  waitlistLeavePage,
  waitlistTooLargePage,
  type WaitlistPage,
} from '../pages/waitlist.js';
import {
  checkWaitlistToken,
  confirmEntry,
  entryWords,
  findEntry,
  isPast,
  joinWaitlist,
  leaveEntry,
  waitlistLinks,
  type WaitlistContext,
} from './waitlist.js';

const NO_STORE = { 'Cache-Control': 'no-store' };
const ACCEPTED: WaitlistResponse = { status: 'pending' };

/** Where the waitlist is joined. */
export const WAITLIST_PATH = '/api/v1/waitlist';

/** `POST /api/v1/waitlist` → 202 `{ status: "pending" }` (the same for everyone: nothing to enumerate). */
export function waitlistRoutes(ctx: WaitlistContext, trustProxy: boolean) {
  return new Hono().post('/', async (c) => {
    const referer = c.req.header('Referer');
    const answer = await joinWaitlist(ctx, await c.req.json(), {
      ip: clientIp(c, trustProxy),
      source: referer && /^https?:\/\//.test(referer) && referer.length <= 2000 ? referer : null,
    });
    switch (answer.kind) {
      case 'accepted':
        return c.json(ACCEPTED, 202, NO_STORE);
      case 'invalid':
        throw new ContractError(400, 'invalid_request', 'Some fields need attention.', answer.fields);
      case 'token_required':
        throw new ContractError(
          400,
          'form_token_required',
          'Fetch a token from GET /api/v1/form-token when the form renders and send it as "t".',
        );
      case 'limited':
        throw new ContractError(
          429,
          'too_many_requests',
          `Too many waitlist requests; please wait ${answer.retryAfterSeconds} seconds and try again.`,
          undefined,
          undefined,
          { 'Retry-After': String(answer.retryAfterSeconds) },
        );
    }
  });
}

const page = (c: Context, p: WaitlistPage) => c.html(p.html, p.status, PAGE_HEADERS);

/** The `token` of a POST: the form field, else the query (RFC 8058 posts to the List-Unsubscribe URL as it is). */
async function postedToken(c: Context): Promise<string | undefined> {
  let fromBody: unknown;
  try {
    fromBody = (await c.req.parseBody()).token;
  } catch {
    // Not a form body: the query may still carry the token.
  }
  if (Array.isArray(fromBody)) fromBody = fromBody[0];
  return typeof fromBody === 'string' && fromBody !== '' ? fromBody : c.req.query('token');
}

/**
 * The pages behind the waitlist emails' links: `GET|POST /waitlist/confirm` and `GET|POST /waitlist/leave`. A GET
 * only shows a button; the POST acts, so a link scanner changes nothing, while a mail client's one-click unsubscribe
 * (RFC 8058, a POST to the List-Unsubscribe URL) works at once.
 */
export function waitlistPageRoutes(ctx: WaitlistContext) {
  const tooLarge = bodyLimit({ maxSize: 16 * 1024, onError: (c) => page(c, waitlistTooLargePage()) });
  const nowMs = () => ctx.deps.now().getTime();
  return new Hono()
    .get('/waitlist/confirm', async (c) => {
      const token = c.req.query('token');
      const check = checkWaitlistToken(ctx.secret, 'waitlist-confirm', token, nowMs());
      if (!check.ok) return page(c, waitlistBadLinkPage(check.reason));
      const row = await findEntry(ctx, check.id);
      if (!row) return page(c, waitlistBadLinkPage('gone'));
      if (isPast(ctx, row)) return page(c, waitlistBadLinkPage('past'));
      if (row.status === 'unsubscribed') return page(c, waitlistBadLinkPage('left'));
      if (row.status === 'confirmed') {
        return page(c, waitlistConfirmedPage(entryWords(ctx, row), waitlistLinks(ctx, row.id, nowMs()).leaveUrl, true));
      }
      return page(c, waitlistConfirmPage(token!, entryWords(ctx, row)));
    })
    .post('/waitlist/confirm', tooLarge, async (c) => {
      const check = checkWaitlistToken(ctx.secret, 'waitlist-confirm', await postedToken(c), nowMs());
      if (!check.ok) return page(c, waitlistBadLinkPage(check.reason));
      const outcome = await confirmEntry(ctx, check.id);
      if (outcome.kind !== 'confirmed' && outcome.kind !== 'already') return page(c, waitlistBadLinkPage(outcome.kind));
      const { row } = outcome;
      return page(
        c,
        waitlistConfirmedPage(
          entryWords(ctx, row),
          waitlistLinks(ctx, row.id, nowMs()).leaveUrl,
          outcome.kind === 'already',
        ),
      );
    })
    .get('/waitlist/leave', async (c) => {
      const token = c.req.query('token');
      const check = checkWaitlistToken(ctx.secret, 'waitlist-unsubscribe', token, nowMs());
      if (!check.ok) return page(c, waitlistBadLinkPage(check.reason));
      const row = await findEntry(ctx, check.id);
      if (!row || row.status === 'unsubscribed') return page(c, waitlistLeftPage(row && entryWords(ctx, row)));
      return page(c, waitlistLeavePage(token!, entryWords(ctx, row)));
    })
    .post('/waitlist/leave', tooLarge, async (c) => {
      const check = checkWaitlistToken(ctx.secret, 'waitlist-unsubscribe', await postedToken(c), nowMs());
      if (!check.ok) return page(c, waitlistBadLinkPage(check.reason));
      const outcome = await leaveEntry(ctx, check.id);
      return page(c, waitlistLeftPage(outcome.kind === 'gone' ? undefined : entryWords(ctx, outcome.row)));
    });
}
