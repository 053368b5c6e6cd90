import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import {
  CommentAddressRequestSchema,
  CommentIdSchema,
  CommentThreadCloseRequestSchema,
  CommentListQuerySchema,
  CommentPreviewRequestSchema,
  OwnerCommentListQuerySchema,
  type CommentListQuery,
  OwnerReplyRequestSchema,
  type CommentAddressDeleted,
  type CommentAddressListResponse,
  type CommentAddressResponse,
  type CommentDeleteResponse,
  type CommentThreadCloseResponse,
  type CommentThreadListResponse,
  type CommentExport,
  type CommentPreviewResponse,
  type CommentUpdateResponse,
  type OwnerCommentListResponse,
  type OwnerCommentResponse,
} from '../../core/schemas/comments.js';
import { bearer, requireAdmin } from '../http/auth.js';
import { isFormPost } from '../http/body.js';
import { clientIp } from '../http/client-ip.js';
import { ContractError } from '../http/errors.js';
import { FORM_TOKEN_MIN_AGE_MS, issueFormToken } from '../http/signed-tokens.js';
import { validate, validateQueryOnce } from '../http/validate.js';
import {
  correctCommentPage,
  needsJavaScriptPage,
  postedPage,
  pressOnceMorePage,
  threadClosedPage,
  tooManyPage,
  type CommentPage,
  type SubmittedComment,
} from '../pages/comments.js';
import { PAGE_HEADERS } from '../pages/layout.js';
import { safeBackUrl } from '../pages/newsletter.js';
import { ownerName, type CommentsContext } from './context.js';
import { commentPage, CommentPageCache } from './list.js';
import { markdownToTree, toPlainText } from './markdown.js';
import { closeThread, deleteAddress, listAddresses, putAddress, threadSummaries } from './moderation.js';
import { deleteComment, editComment, moderate, ownerReply, postComment } from './service.js';
import { cleanBody } from './text.js';
import type { ModerationAction } from './tokens.js';
import { ownerView } from './views.js';

/** Whether an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 asks for GET; `*` matches). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === opaque;
  });
}

/** For app.ts: the one comment route that also takes a plain HTML form post. */
export const COMMENTS_PATH = '/api/v1/comments';

const NO_STORE = { 'Cache-Control': 'no-store' };
const IdParamSchema = z.object({ id: CommentIdSchema });

const FORM_FIELDS = ['thread', 'parentId', 'name', 'email', 'body', 'notifyReplies', 't', 'hp', 'altcha'] as const;

/** A form post's fields as the JSON shape: empty optional fields dropped, a ticked box (`on`) as `true`. */
function fromForm(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FORM_FIELDS) {
    let value = body[key];
    if (Array.isArray(value)) value = value[value.length - 1];
    if (typeof value !== 'string') continue;
    if (key === 'notifyReplies') {
      if (/^(on|true|1|yes)$/i.test(value.trim())) out.notifyReplies = true;
      continue;
    }
    if (value === '' && !['thread', 'name', 'body'].includes(key)) continue;
    out[key] = value;
  }
  return out;
}

function submitted(raw: Record<string, unknown>, source: string): SubmittedComment {
  const text = (v: unknown, max = 6000) => (typeof v === 'string' ? v.slice(0, max) : '');
  return {
    thread: text(raw.thread, 2000),
    parentId: text(raw.parentId, 64),
    name: text(raw.name, 200).trim(),
    email: text(raw.email, 300).trim(),
    body: text(raw.body),
    notifyReplies: raw.notifyReplies === true,
    source,
  };
}

/**
 * `GET|POST /api/v1/comments`, `POST /api/v1/comments/preview` and `PATCH|DELETE /api/v1/comments/<id>`. The post takes JSON from the widget or a
 * plain form post (no JavaScript), answered with HTML pages like the newsletter's; the logic is comments/service.ts.
 */
export function commentsRoutes(ctx: CommentsContext) {
  const cache = new CommentPageCache();
  const id = validate('param', IdParamSchema);
  // A thread's readers all send the same query string: checking it again (parsing the query, the thread id's
  // normaliser) was a tenth of a cached page's CPU.
  const checkQuery = validateQueryOnce(CommentListQuerySchema);
  return (
    new Hono()
      .get('/', checkQuery, async (c) => {
        const query = c.req.valid('query' as never) as CommentListQuery;
        const answer = await commentPage(ctx, query, cache);
        const headers: Record<string, string> = {
          'Content-Type': 'application/json',
          'Cache-Control': 'no-cache',
          Vary: 'Origin, Accept-Encoding',
          ETag: answer.etag,
        };
        // A reader that has this page already (the browser revalidates: no-cache) gets 304 and no body.
        if (matchesEtag(c.req.header('If-None-Match'), answer.etag)) return c.body(null, 304, headers);
        const { body, encoding } = await answer.body.for(c.req.header('Accept-Encoding'));
        if (encoding) headers['Content-Encoding'] = encoding;
        return c.body(body, 200, headers);
      })
      .post('/', async (c) => {
        const form = isFormPost(c.req.header('Content-Type'));
        // JSON was parsed (and checked) once by http/body.ts; Hono hands back that same value.
        const formBody = form ? await c.req.parseBody() : undefined;
        const raw: unknown = formBody ? fromForm(formBody) : await c.req.json();
        const fields =
          raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
        // The page the form was on (a `source` field, else the Referer), carried through every page we answer with.
        const backUrl = formBody
          ? safeBackUrl(typeof formBody.source === 'string' ? formBody.source : undefined, c.req.header('Referer'))
          : undefined;
        const answer = await postComment(ctx, raw, { ip: clientIp(c, ctx.trustProxy) });
        const nowMs = ctx.now().getTime();
        if (form) {
          const typed = submitted(fields, backUrl ?? '');
          const page = (p: CommentPage, headers: Record<string, string> = {}) =>
            c.html(p.html, p.status, { ...PAGE_HEADERS, ...headers });
          switch (answer.kind) {
            case 'created': {
              const { comment } = answer.body;
              const to = backUrl ? `${backUrl.replace(/#.*$/, '')}#comment-${comment.id}` : undefined;
              return page(postedPage(comment.status === 'published', ownerName(ctx.practice), to));
            }
            case 'invalid':
              return page(correctCommentPage(typed, answer.fields, issueFormToken(ctx.secret, nowMs), backUrl));
            case 'token_required': {
              // Dated as if issued FORM_TOKEN_MIN_AGE_MS - 1 s earlier: the person already spent that long on the form.
              const token = issueFormToken(ctx.secret, nowMs - (FORM_TOKEN_MIN_AGE_MS - 1_000));
              return page(pressOnceMorePage(typed, token, backUrl));
            }
            case 'proof_of_work_required':
              return page(needsJavaScriptPage(backUrl));
            case 'limited':
              return page(tooManyPage(answer.retryAfterSeconds, backUrl), {
                'Retry-After': String(answer.retryAfterSeconds),
              });
            case 'closed':
              return page(threadClosedPage(backUrl));
          }
        }
        switch (answer.kind) {
          case 'created':
            return c.json(answer.body, 201, NO_STORE);
          case 'invalid':
            throw new ContractError(400, 'invalid_request', 'Some fields need attention.', answer.fields);
          case 'token_required':
            throw new ContractError(
              400,
              'form_token_required',
              'Fetch a token from GET /api/v1/form-token when the form renders and send it as "t".',
            );
          case 'proof_of_work_required':
            throw new ContractError(
              400,
              'proof_of_work_required',
              'Solve the proof-of-work challenge from GET /api/v1/form-token/altcha and send it as "altcha".',
            );
          case 'limited':
            throw new ContractError(
              429,
              'too_many_requests',
              `Too many comments; please wait ${answer.retryAfterSeconds} seconds and try again.`,
              undefined,
              undefined,
              { 'Retry-After': String(answer.retryAfterSeconds) },
            );
          case 'closed':
            throw new ContractError(
              409,
              'thread_closed',
              'Comments are closed on this post: the owner no longer takes new comments here.',
            );
        }
      })
      // The Preview tab: the draft read by the same parser and cleaning as a post, so what the visitor sees is what
      // will be stored. Nothing is written or kept; the body limit and the JSON size limit bound the work.
      .post('/preview', validate('json', CommentPreviewRequestSchema), (c) => {
        const tree = markdownToTree(cleanBody(c.req.valid('json').body));
        const body: CommentPreviewResponse = { body: tree, text: toPlainText(tree) };
        return c.json(body, 200, NO_STORE);
      })
      .patch('/:id', id, async (c) => {
        // The token is checked before the body: a stranger learns nothing about the id from a validation answer.
        const comment = await editComment(ctx, c.req.valid('param').id, bearer(c), await c.req.json());
        const body: CommentUpdateResponse = { comment };
        return c.json(body, 200, NO_STORE);
      })
      .delete('/:id', id, async (c) => {
        const { id: commentId } = c.req.valid('param');
        await deleteComment(ctx, commentId, bearer(c));
        const body: CommentDeleteResponse = { deleted: true, id: commentId };
        return c.json(body, 200, NO_STORE);
      })
  );
}

/**
 * The owner's comment API, with the admin bearer token: `GET /api/v1/owner/comments[?status=&thread=]`,
 * `POST /api/v1/owner/comments/<id>/approve|reject|spam`, `POST /api/v1/owner/comments` (a reply as the owner) and
 * `GET /api/v1/owner/comments.json` (every comment, to take elsewhere); trusted and blocked addresses
 * (`GET|POST /api/v1/owner/comment-addresses`, `DELETE …/comment-addresses/<email>`), closing a thread
 * (`POST /api/v1/owner/comment-threads/close`) and the counts per thread (`GET /api/v1/owner/comment-threads`).
 */
export function ownerCommentsRoutes(ctx: CommentsContext) {
  const authorise = requireAdmin(ctx.adminToken);
  const app = new Hono();
  app.use('/comments', authorise);
  app.use('/comments.json', authorise);
  app.use('/comments/*', authorise);
  for (const path of ['/comment-addresses', '/comment-addresses/*', '/comment-threads', '/comment-threads/*'])
    app.use(path, authorise);
  const id = validate('param', IdParamSchema);
  const emailParam = validate(
    'param',
    z.object({ email: z.string().check(z.maxLength(254, 'Use at most 254 characters')) }),
  );
  const act = (action: ModerationAction) => async (c: Context) => {
    const row = await moderate(ctx, c.req.param('id') ?? '', action);
    if (!row) throw new ContractError(404, 'unknown_comment', 'There is no comment with this id.');
    const body: OwnerCommentResponse = { comment: ownerView(row) };
    return c.json(body, 200, NO_STORE);
  };
  return app
    .get('/comments', validate('query', OwnerCommentListQuerySchema), async (c) => {
      const { status, thread } = c.req.valid('query');
      let query = ctx.db.selectFrom('comments').selectAll();
      if (status) query = query.where('status', '=', status);
      if (thread) query = query.where('thread', '=', thread);
      const rows = await query.orderBy('created_ms', 'desc').orderBy('id', 'desc').limit(1000).execute();
      const body: OwnerCommentListResponse = { comments: rows.map(ownerView) };
      return c.json(body, 200, NO_STORE);
    })
    .get('/comments.json', async (c) => {
      const rows = await ctx.db.selectFrom('comments').selectAll().orderBy('created_ms').orderBy('id').execute();
      const body: CommentExport = {
        exportedAt: ctx.now().toISOString(),
        practice: ctx.practice.name,
        comments: rows.map(ownerView),
      };
      const day = ctx.now().toISOString().slice(0, 10);
      return c.json(body, 200, { ...NO_STORE, 'Content-Disposition': `attachment; filename="comments-${day}.json"` });
    })
    .post('/comments', validate('json', OwnerReplyRequestSchema), async (c) => {
      const row = await ownerReply(ctx, c.req.valid('json'));
      const body: OwnerCommentResponse = { comment: ownerView(row) };
      return c.json(body, 201, NO_STORE);
    })
    .get('/comment-addresses', async (c) => {
      const body: CommentAddressListResponse = { addresses: await listAddresses(ctx) };
      return c.json(body, 200, NO_STORE);
    })
    .post('/comment-addresses', validate('json', CommentAddressRequestSchema), async (c) => {
      const { email, kind } = c.req.valid('json');
      const { address, created } = await putAddress(ctx, email, kind);
      const body: CommentAddressResponse = { address };
      return c.json(body, created ? 201 : 200, NO_STORE);
    })
    .delete('/comment-addresses/:email', emailParam, async (c) => {
      const { email } = c.req.valid('param');
      if (!(await deleteAddress(ctx, email)))
        throw new ContractError(404, 'unknown_address', 'This address is neither trusted nor blocked.');
      const body: CommentAddressDeleted = { deleted: true, email: email.trim().toLowerCase() };
      return c.json(body, 200, NO_STORE);
    })
    .get('/comment-threads', async (c) => {
      const body: CommentThreadListResponse = { threads: await threadSummaries(ctx) };
      return c.json(body, 200, NO_STORE);
    })
    .post('/comment-threads/close', validate('json', CommentThreadCloseRequestSchema), async (c) => {
      const { thread, closed } = c.req.valid('json');
      await closeThread(ctx, thread, closed);
      const body: CommentThreadCloseResponse = { thread, closed };
      return c.json(body, 200, NO_STORE);
    })
    .post('/comments/:id/approve', id, act('approve'))
    .post('/comments/:id/reject', id, act('reject'))
    .post('/comments/:id/spam', id, act('spam'));
}
