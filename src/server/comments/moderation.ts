import { sql } from 'kysely';
import type { CommentAddress, CommentAddressKind, CommentThreadSummary } from '../../core/schemas/comments.js';
import { writeTransaction } from '../db/transaction.js';
import { normaliseEmail } from '../http/bot-defence.js';
import type { CommentsContext } from './context.js';
import { setThreadClosed } from './store.js';

/**
 * The owner's moderation tools beyond one comment: trusted and blocked addresses (read by every post, see
 * service.ts), closing a thread to new comments, and every thread's comments counted by status in one query.
 */

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

/** Every trusted and blocked address, newest first. */
export async function listAddresses(ctx: CommentsContext): Promise<CommentAddress[]> {
  const rows = await ctx.db
    .selectFrom('comment_addresses')
    .selectAll()
    .orderBy('created_ms', 'desc')
    .orderBy('email')
    .limit(10_000)
    .execute();
  return rows.map((r) => ({ email: r.email, kind: r.kind, createdAt: iso(r.created_ms) }));
}

/** Trusts or blocks an address (stored normalised); `created` is false when it was listed already (its kind set). */
export async function putAddress(
  ctx: CommentsContext,
  rawEmail: string,
  kind: CommentAddressKind,
): Promise<{ address: CommentAddress; created: boolean }> {
  const email = normaliseEmail(rawEmail);
  const nowMs = ctx.now().getTime();
  return writeTransaction(ctx.db, ctx.dialect, async (trx) => {
    const before = await trx.selectFrom('comment_addresses').selectAll().where('email', '=', email).executeTakeFirst();
    if (before) {
      await trx.updateTable('comment_addresses').set({ kind }).where('email', '=', email).execute();
      return { address: { email, kind, createdAt: iso(before.created_ms) }, created: false };
    }
    await trx.insertInto('comment_addresses').values({ email, kind, created_ms: nowMs }).execute();
    return { address: { email, kind, createdAt: iso(nowMs) }, created: true };
  });
}

/** Takes an address off both lists; false when it was on neither. */
export async function deleteAddress(ctx: CommentsContext, rawEmail: string): Promise<boolean> {
  const gone = await ctx.db
    .deleteFrom('comment_addresses')
    .where('email', '=', normaliseEmail(rawEmail))
    .executeTakeFirst();
  return Number(gone.numDeletedRows) > 0;
}

/** Closes or reopens a thread (a thread nobody wrote in yet can be closed ahead). */
export async function closeThread(ctx: CommentsContext, thread: string, closed: boolean): Promise<void> {
  const nowMs = ctx.now().getTime();
  await writeTransaction(ctx.db, ctx.dialect, (trx) => setThreadClosed(trx, thread, closed ? nowMs : null));
}

/**
 * Every thread with comments, or closed, with its comments counted by status, newest activity first: one query (the
 * comments grouped by thread, joined with the thread rows; closed threads without comments come in by the union).
 */
export async function threadSummaries(ctx: CommentsContext): Promise<CommentThreadSummary[]> {
  const count = (status: string) => sql<number | string>`sum(case when x.status = ${status} then 1 else 0 end)`;
  const { rows } = await sql<{
    thread: string;
    published: number | string;
    pending: number | string;
    spam: number | string;
    rejected: number | string;
    closed_ms: number | string | null;
    last_ms: number | string | null;
  }>`
    select x.thread as thread,
      ${count('published')} as published, ${count('pending')} as pending,
      ${count('spam')} as spam, ${count('rejected')} as rejected,
      max(t.closed_ms) as closed_ms, max(x.created_ms) as last_ms
    from (
      select thread, status, created_ms from comments
      union all
      select thread, null, null from comment_threads where closed_ms is not null
    ) x
    left join comment_threads t on t.thread = x.thread
    group by x.thread
    order by coalesce(max(x.created_ms), 0) desc, x.thread
    limit 10000
  `.execute(ctx.db);
  return rows.map((r) => ({
    thread: r.thread,
    published: Number(r.published),
    pending: Number(r.pending),
    spam: Number(r.spam),
    rejected: Number(r.rejected),
    closed: r.closed_ms !== null,
    lastAt: r.last_ms === null ? null : iso(r.last_ms),
  }));
}
