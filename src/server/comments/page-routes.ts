import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { normaliseThreadId } from '../../core/schemas/comments.js';
import {
  badCommentLinkPage,
  confirmRepliesPage,
  moderatedPage,
  moderatePage,
  repliesConfirmedPage,
  repliesUnsubscribedPage,
  unsubscribeRepliesPage,
  type CommentPage,
} from '../pages/comments.js';
import { PAGE_HEADERS } from '../pages/layout.js';
import type { CommentsContext } from './context.js';
import { atomFeed } from './feed.js';
import { moderate, threadUrl } from './service.js';
import { findComment } from './store.js';
import { checkModerationToken, checkSubscriptionToken } from './tokens.js';

const MAX_FORM_BYTES = 16 * 1024;

const page = (c: Context, p: CommentPage) => c.html(p.html, p.status, PAGE_HEADERS);

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
 * The pages behind the links in comment emails, and the feed. A GET only shows a page with a button; the POST acts,
 * so a link scanner fetching every URL in a message approves, confirms and unsubscribes nothing, while RFC 8058's
 * one-click POST to the List-Unsubscribe URL works at once.
 *
 * `GET|POST /comments/moderate`, `GET|POST /comments/replies/confirm`, `GET|POST /comments/replies/unsubscribe`,
 * `GET /comments/feed.atom?thread=`.
 */
export function commentPageRoutes(ctx: CommentsContext) {
  const limit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('Request too large', 413) });
  const nowMs = () => ctx.now().getTime();

  const subscription = (id: string) =>
    ctx.db.selectFrom('comment_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();

  return new Hono()
    .get('/moderate', async (c) => {
      const token = c.req.query('token');
      const check = checkModerationToken(ctx.secret, token, nowMs());
      if (!check.ok) return page(c, badCommentLinkPage(check.reason));
      const row = await findComment(ctx.db, check.commentId);
      if (!row) return page(c, badCommentLinkPage('gone'));
      return page(
        c,
        moderatePage({
          token: token!,
          action: check.action,
          name: row.author_name,
          email: row.author_email,
          thread: row.thread,
          text: row.text,
          status: row.status,
        }),
      );
    })
    .post('/moderate', limit, async (c) => {
      const check = checkModerationToken(ctx.secret, await postedToken(c), nowMs());
      if (!check.ok) return page(c, badCommentLinkPage(check.reason));
      const row = await moderate(ctx, check.commentId, check.action);
      if (!row) return page(c, badCommentLinkPage('gone'));
      return page(c, moderatedPage(check.action, row.author_name, threadUrl(row.thread, row.id)));
    })
    .get('/replies/confirm', async (c) => {
      const token = c.req.query('token');
      const check = checkSubscriptionToken(ctx.secret, 'comment-confirm', token, nowMs());
      if (!check.ok) return page(c, badCommentLinkPage(check.reason));
      const sub = await subscription(check.subscriptionId);
      if (!sub || sub.status === 'unsubscribed') return page(c, badCommentLinkPage('gone'));
      if (sub.status === 'confirmed')
        return page(c, repliesConfirmedPage(sub.email, threadUrl(sub.thread, sub.comment_id)));
      return page(c, confirmRepliesPage(token!, sub.email));
    })
    .post('/replies/confirm', limit, async (c) => {
      const check = checkSubscriptionToken(ctx.secret, 'comment-confirm', await postedToken(c), nowMs());
      if (!check.ok) return page(c, badCommentLinkPage(check.reason));
      const sub = await subscription(check.subscriptionId);
      if (!sub || sub.status === 'unsubscribed') return page(c, badCommentLinkPage('gone'));
      if (sub.status === 'pending') {
        await ctx.db
          .updateTable('comment_subscriptions')
          .set({ status: 'confirmed', confirmed_ms: nowMs() })
          .where('id', '=', sub.id)
          .where('status', '=', 'pending')
          .execute();
      }
      return page(c, repliesConfirmedPage(sub.email, threadUrl(sub.thread, sub.comment_id)));
    })
    .get('/replies/unsubscribe', async (c) => {
      const token = c.req.query('token');
      const check = checkSubscriptionToken(ctx.secret, 'comment-unsubscribe', token, nowMs());
      if (!check.ok) return page(c, badCommentLinkPage(check.reason));
      const sub = await subscription(check.subscriptionId);
      if (!sub) return page(c, badCommentLinkPage('gone'));
      if (sub.status === 'unsubscribed') return page(c, repliesUnsubscribedPage(sub.email));
      return page(c, unsubscribeRepliesPage(token!, sub.email));
    })
    .post('/replies/unsubscribe', limit, async (c) => {
      const check = checkSubscriptionToken(ctx.secret, 'comment-unsubscribe', await postedToken(c), nowMs());
      if (!check.ok) return page(c, badCommentLinkPage(check.reason));
      const sub = await subscription(check.subscriptionId);
      if (!sub) return page(c, badCommentLinkPage('gone'));
      await ctx.db
        .updateTable('comment_subscriptions')
        .set({ status: 'unsubscribed', unsubscribed_ms: nowMs() })
        .where('id', '=', sub.id)
        .where('status', '!=', 'unsubscribed')
        .execute();
      return page(c, repliesUnsubscribedPage(sub.email));
    })
    .get('/feed.atom', async (c) => {
      const raw = c.req.query('thread');
      const thread = raw === undefined || raw.length > 2000 ? null : normaliseThreadId(raw);
      if (!thread) return c.text('Name the thread: /comments/feed.atom?thread=<page address or thread name>', 400);
      const rows = await ctx.db
        .selectFrom('comments')
        .selectAll()
        .where('thread', '=', thread)
        .where('status', '=', 'published')
        .orderBy('created_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(100)
        .execute();
      const body = atomFeed({
        thread,
        practice: ctx.practice.name,
        selfUrl: `${ctx.publicUrl()}/comments/feed.atom?thread=${encodeURIComponent(thread)}`,
        threadUrl: threadUrl(thread),
        comments: rows,
        nowMs: nowMs(),
      });
      return c.body(body, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'no-cache' });
    });
}
