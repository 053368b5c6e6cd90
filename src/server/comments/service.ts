import type { Kysely } from 'kysely';
import {
  CommentCreateRequestSchema,
  CommentUpdateRequestSchema,
  type Comment,
  type CommentCreateResponse,
  type CommentStatus,
  type OwnerReplyRequest,
} from '../../core/schemas/comments.js';
import { DISPOSABLE_EMAIL_MESSAGE } from '../../core/schemas/newsletter.js';
import type { CommentsTable, Database } from '../db/schema.js';
import { spendChallenge } from '../db/used-challenges.js';
import { hitRateLimit, purgeRateLimits } from '../db/rate-limit.js';
import { writeTransaction } from '../db/transaction.js';
import { isDisposableAddress, keyedHash, normaliseEmail, verifyAltchaPayload } from '../http/bot-defence.js';
import { ContractError } from '../http/errors.js';
import { checkFormToken } from '../http/signed-tokens.js';
import { check } from '../http/validate.js';
import type { MailMessage } from '../mail/mailer.js';
import { enqueueMail } from '../mail/outbox.js';
import { ownerAddress, ownerName, type CommentsContext } from './context.js';
import { confirmRepliesMail, moderationMail, replyMail } from './emails.js';
import { markdownToTree, toPlainText } from './markdown.js';
import { contentSignals, textHash } from './spam.js';
import {
  addressKind,
  findComment,
  hasPublished,
  insertComment,
  removeComment,
  setStatus,
  threadState,
  touchThread,
} from './store.js';
import { cleanBody, cleanName } from './text.js';
import {
  confirmRepliesToken,
  moderationToken,
  newEditToken,
  newId,
  tokenHash,
  unsubscribeRepliesToken,
  type ModerationAction,
} from './tokens.js';
import { publicView, type CommentRow } from './views.js';

/** What a comment post comes to; the route answers it as JSON or, for a plain form post, as a page. */
export type PostAnswer =
  | { kind: 'created'; body: CommentCreateResponse }
  | { kind: 'invalid'; fields: Record<string, string> }
  | { kind: 'token_required' }
  | { kind: 'proof_of_work_required' }
  | { kind: 'limited'; retryAfterSeconds: number }
  | { kind: 'closed' };

const PARENT_MESSAGE = 'Reply to a published comment of this thread';

// ---------------------------------------------------------------------------------------------------------------
// Mail: the one place comments hand messages over (after the transaction that decided them has committed).

/** Sends what a comment write decided, after the response. */
/** Writes the comment mail to the durable outbox, in the transaction of the change it announces. */
export async function queueCommentMail(
  ctx: CommentsContext,
  trx: Kysely<Database>,
  messages: readonly MailMessage[],
): Promise<void> {
  await enqueueMail(trx, messages, { domain: ctx.mailDomain, now: ctx.now() });
}

/** The page a thread lives on, when its id is a page address; a link to the comment itself when `id` is given. */
export function threadUrl(thread: string, id?: string): string | null {
  if (!/^https?:\/\//.test(thread)) return null;
  return id ? `${thread}#comment-${id}` : thread;
}

/** The practitioner's mail for a comment that waits. */
function moderationMessages(ctx: CommentsContext, row: CommentRow, nowMs: number): MailMessage[] {
  const to = ownerAddress(ctx.practice);
  if (!to) return [];
  const base = ctx.publicUrl();
  const link = (action: ModerationAction) =>
    `${base}/comments/moderate?token=${moderationToken(ctx.secret, row.id, action, nowMs)}`;
  return [
    moderationMail({
      to,
      practice: ctx.practice.name,
      thread: row.thread,
      threadUrl: threadUrl(row.thread),
      name: row.author_name,
      email: row.author_email,
      text: row.text,
      isReply: row.parent_id !== null,
      links: { approve: link('approve'), reject: link('reject'), spam: link('spam') },
    }),
  ];
}

/**
 * What a comment that has just become published sets off, inside its transaction: the confirmation of its own "email
 * me replies" (only now: nothing is mailed for a comment nobody approved), and reply mails to the confirmed
 * subscribers of the comment it answers (never to the replier themself).
 */
async function publishedMessages(
  ctx: CommentsContext,
  trx: Kysely<Database>,
  row: CommentRow,
  nowMs: number,
  // False when the comment is new and asked for no replies: it can have no subscription of its own to look up.
  ownSubscription = true,
): Promise<MailMessage[]> {
  const base = ctx.publicUrl();
  const unsubscribeUrl = (id: string) =>
    `${base}/comments/replies/unsubscribe?token=${unsubscribeRepliesToken(ctx.secret, id, nowMs)}`;
  const messages: MailMessage[] = [];
  const own = !ownSubscription
    ? []
    : await trx
        .selectFrom('comment_subscriptions')
        .selectAll()
        .where('comment_id', '=', row.id)
        .where('status', '=', 'pending')
        .where('confirmation_sent_ms', 'is', null)
        .execute();
  for (const sub of own) {
    await trx
      .updateTable('comment_subscriptions')
      .set({ confirmation_sent_ms: nowMs })
      .where('id', '=', sub.id)
      .execute();
    messages.push(
      confirmRepliesMail({
        to: sub.email,
        practice: ctx.practice.name,
        thread: row.thread,
        threadUrl: threadUrl(row.thread, row.id),
        confirmUrl: `${base}/comments/replies/confirm?token=${confirmRepliesToken(ctx.secret, sub.id, nowMs)}`,
        unsubscribeUrl: unsubscribeUrl(sub.id),
      }),
    );
  }
  if (row.parent_id !== null) {
    const subscribers = await trx
      .selectFrom('comment_subscriptions')
      .selectAll()
      .where('comment_id', '=', row.parent_id)
      .where('status', '=', 'confirmed')
      .execute();
    for (const sub of subscribers) {
      if (row.author_email && sub.email === row.author_email) continue;
      messages.push(
        replyMail({
          to: sub.email,
          practice: ctx.practice.name,
          replier: row.author_name,
          owner: Number(row.author_owner) === 1,
          text: row.text,
          thread: row.thread,
          threadUrl: threadUrl(row.thread, row.id),
          unsubscribeUrl: unsubscribeUrl(sub.id),
        }),
      );
    }
  }
  return messages;
}

// ---------------------------------------------------------------------------------------------------------------
// Posting

/** A 201 that looks like any pending comment's, for a bot signal: nothing stored, nothing sent. */
function decoy(parentId: string | null, name: string, source: string, nowMs: number): PostAnswer {
  const tree = markdownToTree(source);
  return {
    kind: 'created',
    body: {
      comment: {
        id: newId(),
        parentId,
        author: { name, owner: false },
        createdAt: new Date(nowMs).toISOString(),
        body: tree,
        text: toPlainText(tree),
        status: 'pending',
      },
      editToken: newEditToken(),
    },
  };
}

/** The published parent a reply answers, in the same thread, or undefined. */
async function publishedParent(ctx: CommentsContext, parentId: string, thread: string) {
  const parent = await findComment(ctx.db, parentId);
  return parent && parent.status === 'published' && parent.thread === thread ? parent : undefined;
}

/**
 * `POST /api/v1/comments`: validation (every mistake at once), the form token and proof of work, the silent bot
 * signals, the limits, then the content signals and the moderation policy. Nothing is written before every refusal
 * has been ruled out, and a bot signal gets the same-looking 201 with nothing stored and nothing sent.
 */
export async function postComment(ctx: CommentsContext, raw: unknown, sender: { ip: string }): Promise<PostAnswer> {
  const nowMs = ctx.now().getTime();

  // 1. Validation, with the cleaning the stored text gets (a name of invisible characters only is no name).
  const checked = await check(CommentCreateRequestSchema, raw);
  const fields = checked.ok ? {} : { ...checked.error.fields };
  const typedEmail = raw && typeof raw === 'object' ? (raw as { email?: unknown }).email : undefined;
  if (!fields.email && typeof typedEmail === 'string' && isDisposableAddress(typedEmail.trim()))
    fields.email = DISPOSABLE_EMAIL_MESSAGE;
  if (!checked.ok) return { kind: 'invalid', fields };
  const input = checked.data;
  const name = cleanName(input.name);
  const source = cleanBody(input.body);
  if (!name) fields.name = 'Enter your name';
  if (!source) fields.body = 'Write your comment';
  const email = input.email ? normaliseEmail(input.email) : null;
  if (input.notifyReplies && !email) fields.email = 'Enter your email address to be told about replies';
  const parent = input.parentId ? await publishedParent(ctx, input.parentId, input.thread) : undefined;
  if (input.parentId && !parent) fields.parentId = PARENT_MESSAGE;
  if (Object.keys(fields).length > 0) return { kind: 'invalid', fields };
  // A thread the owner closed takes nothing more (and says so: it is not a signal about the sender).
  if ((await threadState(ctx.db, input.thread)).closed) return { kind: 'closed' };

  // 2. The form token (and, when switched on, the proof of work) must be there.
  if (!input.t) return { kind: 'token_required' };
  if (ctx.altcha && !input.altcha) return { kind: 'proof_of_work_required' };

  // 3. Silent bot signals: the normal answer, nothing stored, no mail.
  const parentId = parent?.id ?? null;
  if (input.hp !== undefined && input.hp.trim() !== '') return decoy(parentId, name, source, nowMs);
  if (checkFormToken(ctx.secret, input.t, nowMs) !== 'ok') return decoy(parentId, name, source, nowMs);
  if (ctx.altcha) {
    const spend = (id: string, expiresMs: number) => spendChallenge(ctx.db, id, expiresMs, nowMs);
    if ((await verifyAltchaPayload(ctx.secret, input.altcha, nowMs, spend)) !== 'ok')
      return decoy(parentId, name, source, nowMs);
  }

  // 4. Limits per client IP and per thread, kept in the database (shared by every server process). On SQLite they
  // are counted inside the write below, so a post costs one group-committed transaction, not three syncs; on
  // PostgreSQL they are counted first, so a flood of refused posts never holds a transaction open.
  const ipHash = keyedHash(ctx.secret, 'ip', sender.ip);
  if (Math.random() < 0.01) await purgeRateLimits(ctx.db, nowMs);
  const limits = async (db: Kysely<Database>) => {
    const byIp = await hitRateLimit(db, `comment:${ipHash}`, ctx.rateLimit, nowMs);
    if (!byIp.allowed) return byIp;
    const threadBucket = `comment-thread:${keyedHash(ctx.secret, 'thread', input.thread)}`;
    return hitRateLimit(db, threadBucket, ctx.threadRateLimit, nowMs);
  };
  if (ctx.dialect !== 'sqlite') {
    const decision = await limits(ctx.db);
    if (!decision.allowed) return { kind: 'limited', retryAfterSeconds: decision.retryAfterSeconds };
  }

  // 5. Content signals, then the owner's moderation policy.
  const tree = markdownToTree(source);
  const text = toPlainText(tree);
  const settings = ctx.practice.comments;
  // The owner's lists: a trusted address skips the moderation policy (not the content signals); a blocked one is
  // held as spam and answered like any pending comment.
  const listed = email ? await addressKind(ctx.db, email) : undefined;
  const { reasons, hash } = await contentSignals(ctx.db, {
    secret: ctx.secret,
    blockedWords: settings.blockedWords,
    tree,
    text,
    source,
    name,
    email,
    thread: input.thread,
    nowMs,
  });
  if (listed === 'blocked') reasons.unshift('blocked_address');
  let status: CommentStatus;
  if (reasons.length > 0) status = 'spam';
  else if (listed === 'trusted' || settings.moderation === 'none') status = 'published';
  else if (settings.moderation === 'all') status = 'pending';
  else status = email && (await hasPublished(ctx.db, email)) ? 'published' : 'pending';

  // 6. Store it (with its reply subscription) and decide the mail, in one transaction.
  const editToken = newEditToken();
  const row: CommentsTable = {
    id: newId(),
    thread: input.thread,
    parent_id: parentId,
    root_id: '',
    status,
    author_name: name,
    author_email: email,
    author_owner: 0,
    body: source,
    tree: JSON.stringify(tree),
    text,
    text_hash: hash,
    created_ms: nowMs,
    edited_ms: null,
    moderated_ms: null,
    edit_token_hash: tokenHash(editToken),
    ip_hash: ipHash,
    reasons: reasons.length > 0 ? reasons.join(',') : null,
    import_key: null,
  };
  row.root_id = parent ? parent.root_id : row.id;
  const stored = row as CommentRow;
  type Outcome = { limited: number } | { messages: MailMessage[] };
  const outcome = await writeTransaction(ctx.db, ctx.dialect, async (trx): Promise<Outcome> => {
    if (ctx.dialect === 'sqlite') {
      // Returned, not thrown: the counted attempt commits with the refusal.
      const decision = await limits(trx);
      if (!decision.allowed) return { limited: decision.retryAfterSeconds };
    }
    await insertComment(trx, row);
    if (input.notifyReplies && email && listed !== 'blocked') {
      await trx
        .insertInto('comment_subscriptions')
        .values({
          id: newId(),
          comment_id: row.id,
          thread: row.thread,
          email,
          status: 'pending',
          created_ms: nowMs,
          confirmation_sent_ms: null,
          confirmed_ms: null,
          unsubscribed_ms: null,
        })
        .execute();
    }
    const messages =
      status === 'published'
        ? await publishedMessages(ctx, trx, stored, nowMs, Boolean(input.notifyReplies && email))
        : status === 'pending'
          ? moderationMessages(ctx, stored, nowMs)
          : [];
    await queueCommentMail(ctx, trx, messages);
    return { messages };
  });
  if ('limited' in outcome) return { kind: 'limited', retryAfterSeconds: outcome.limited };
  return {
    kind: 'created',
    // A comment held as spam is answered as pending: the signals are not explained to whoever tripped them.
    body: {
      comment: { ...publicView(stored, tree), status: status === 'published' ? 'published' : 'pending' },
      editToken,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The author's edit and delete

class NotYours extends ContractError {
  constructor() {
    super(404, 'not_found', 'There is no such comment, or this is not its edit token.');
  }
}

/** The comment the edit token opens, inside its edit window; 404 for a wrong token, 409 after the window. */
async function authorsComment(ctx: CommentsContext, id: string, token: string | undefined): Promise<CommentRow> {
  const row = await findComment(ctx.db, id);
  if (!row || !token || !row.edit_token_hash || row.edit_token_hash !== tokenHash(token)) throw new NotYours();
  const windowMs = ctx.practice.comments.editMinutes * 60_000;
  if (ctx.now().getTime() > Number(row.created_ms) + windowMs) {
    throw new ContractError(
      409,
      'edit_window_closed',
      `Comments can be changed for ${ctx.practice.comments.editMinutes} minutes after posting; this one no longer can.`,
    );
  }
  return row;
}

/** `PATCH /api/v1/comments/<id>`: a new body, through the same content signals (a doubtful edit is held as spam). */
export async function editComment(
  ctx: CommentsContext,
  id: string,
  token: string | undefined,
  raw: unknown,
): Promise<Comment & { status: CommentStatus }> {
  const row = await authorsComment(ctx, id, token);
  const checked = await check(CommentUpdateRequestSchema, raw);
  if (!checked.ok) throw checked.error;
  const source = cleanBody(checked.data.body);
  if (!source)
    throw new ContractError(400, 'invalid_request', 'Some fields need attention.', { body: 'Write your comment' });
  const nowMs = ctx.now().getTime();
  const tree = markdownToTree(source);
  const text = toPlainText(tree);
  const { reasons, hash } = await contentSignals(ctx.db, {
    secret: ctx.secret,
    blockedWords: ctx.practice.comments.blockedWords,
    tree,
    text,
    source,
    name: row.author_name,
    email: row.author_email,
    thread: row.thread,
    nowMs,
    exceptId: row.id,
  });
  const after = await writeTransaction(ctx.db, ctx.dialect, async (trx) => {
    await trx
      .updateTable('comments')
      .set({
        body: source,
        tree: JSON.stringify(tree),
        text,
        text_hash: hash,
        edited_ms: nowMs,
        ...(reasons.length > 0 ? { reasons: reasons.join(',') } : {}),
      })
      .where('id', '=', row.id)
      .execute();
    const edited: CommentRow = { ...row, body: source, tree: JSON.stringify(tree), text, edited_ms: nowMs };
    if (reasons.length > 0) return setStatus(trx, edited, 'spam', nowMs);
    if (row.status === 'published') await touchThread(trx, row.thread, 0);
    return edited;
  });
  return { ...publicView(after), status: after.status === 'published' ? 'published' : 'pending' };
}

/** `DELETE /api/v1/comments/<id>`. */
export async function deleteComment(ctx: CommentsContext, id: string, token: string | undefined): Promise<void> {
  const row = await authorsComment(ctx, id, token);
  await writeTransaction(ctx.db, ctx.dialect, (trx) => removeComment(trx, row));
}

// ---------------------------------------------------------------------------------------------------------------
// The owner

const STATUS_OF: Record<ModerationAction, CommentStatus> = { approve: 'published', reject: 'rejected', spam: 'spam' };

/** Approve, reject or mark as spam; approving sends what publishing sends. Undefined for an unknown id. */
export async function moderate(
  ctx: CommentsContext,
  id: string,
  action: ModerationAction,
): Promise<CommentRow | undefined> {
  const nowMs = ctx.now().getTime();
  const result = await writeTransaction(ctx.db, ctx.dialect, async (trx) => {
    const row = await trx.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const was = row.status;
    const after = await setStatus(trx, row, STATUS_OF[action], nowMs);
    const messages =
      was !== 'published' && after.status === 'published' ? await publishedMessages(ctx, trx, after, nowMs) : [];
    await queueCommentMail(ctx, trx, messages);
    return { after, messages };
  });
  if (!result) return undefined;
  return result.after;
}

/** `POST /api/v1/owner/comments`: the owner's reply, published at once with `author.owner: true`. */
export async function ownerReply(ctx: CommentsContext, input: OwnerReplyRequest): Promise<CommentRow> {
  const parent = await publishedParent(ctx, input.parentId, input.thread);
  if (!parent)
    throw new ContractError(400, 'invalid_request', 'Some fields need attention.', { parentId: PARENT_MESSAGE });
  const source = cleanBody(input.body);
  if (!source)
    throw new ContractError(400, 'invalid_request', 'Some fields need attention.', { body: 'Write your comment' });
  const nowMs = ctx.now().getTime();
  const tree = markdownToTree(source);
  const text = toPlainText(tree);
  const row: CommentsTable = {
    id: newId(),
    thread: parent.thread,
    parent_id: parent.id,
    root_id: parent.root_id,
    status: 'published',
    author_name: ownerName(ctx.practice),
    author_email: null,
    author_owner: 1,
    body: source,
    tree: JSON.stringify(tree),
    text,
    text_hash: textHash(ctx.secret, text),
    created_ms: nowMs,
    edited_ms: null,
    moderated_ms: nowMs,
    edit_token_hash: null,
    ip_hash: null,
    reasons: null,
    import_key: null,
  };
  const stored = row as CommentRow;
  await writeTransaction(ctx.db, ctx.dialect, async (trx) => {
    await insertComment(trx, row);
    await queueCommentMail(ctx, trx, await publishedMessages(ctx, trx, stored, nowMs));
  });
  return stored;
}
