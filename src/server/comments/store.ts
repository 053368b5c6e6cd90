import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { CommentStatus } from '../../core/schemas/comments.js';
import type { CommentsTable, Database } from '../db/schema.js';
import type { CommentRow } from './views.js';

/**
 * The comment tables: rows, the per-thread counter (published count and a version raised with every change a reader
 * could see) and the reply-notification subscriptions. Writes here run inside the caller's transaction.
 */

/** Top-level comments per page; each comes with all its published replies. */
export const PAGE_ROOTS = 50;

/** Raises the thread's version and moves its published count by `delta` (a new thread starts at 0). */
export async function touchThread(trx: Kysely<Database>, thread: string, delta: number): Promise<void> {
  await trx
    .insertInto('comment_threads')
    .values({ thread, version: 1, published: Math.max(0, delta) })
    .onConflict((oc) =>
      oc.column('thread').doUpdateSet({
        version: sql`comment_threads.version + 1`,
        published: sql`comment_threads.published + ${delta}`,
      }),
    )
    .execute();
}

/** The SQL text of {@link threadState}'s query, compiled once per database: Kysely would build and compile it anew
 * for every page read, a tenth of a cached page's CPU (the statement itself is prepared once, db/index.ts). */
const threadStateSql = new WeakMap<Kysely<Database>, string>();

/** The thread's version, published count and whether it is closed (0, 0, open for a thread nobody wrote in). */
export async function threadState(
  db: Kysely<Database>,
  thread: string,
): Promise<{ version: number; count: number; closed: boolean }> {
  let text = threadStateSql.get(db);
  if (text === undefined) {
    text = db
      .selectFrom('comment_threads')
      .select(['version', 'published', 'closed_ms'])
      .where('thread', '=', thread)
      .compile().sql;
    threadStateSql.set(db, text);
  }
  const { rows } = await db.executeQuery(
    CompiledQuery.raw(text, [thread]) as CompiledQuery<{
      version: number | string;
      published: number | string;
      closed_ms: number | string | null;
    }>,
  );
  const row = rows[0];
  return row
    ? { version: Number(row.version), count: Number(row.published), closed: row.closed_ms !== null }
    : { version: 0, count: 0, closed: false };
}

/** Closes (`closedMs`) or reopens (null) a thread, raising its version so every page cache rebuilds its answer. */
export async function setThreadClosed(trx: Kysely<Database>, thread: string, closedMs: number | null): Promise<void> {
  await trx
    .insertInto('comment_threads')
    .values({ thread, version: 1, published: 0, closed_ms: closedMs })
    .onConflict((oc) =>
      oc.column('thread').doUpdateSet({ version: sql`comment_threads.version + 1`, closed_ms: closedMs }),
    )
    .execute();
}

/** Whether the owner trusts or blocks the (normalised) address; undefined when neither. */
export async function addressKind(db: Kysely<Database>, email: string): Promise<'trusted' | 'blocked' | undefined> {
  const row = await db.selectFrom('comment_addresses').select('kind').where('email', '=', email).executeTakeFirst();
  return row?.kind;
}

export async function insertComment(trx: Kysely<Database>, row: CommentsTable): Promise<void> {
  await trx.insertInto('comments').values(row).execute();
  if (row.status === 'published') await touchThread(trx, row.thread, 1);
}

export async function findComment(db: Kysely<Database>, id: string): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Sets a comment's status (and moderation time), keeping the thread's count right. Returns the row after. */
export async function setStatus(
  trx: Kysely<Database>,
  row: CommentRow,
  status: CommentStatus,
  nowMs: number,
): Promise<CommentRow> {
  if (row.status === status) return row;
  await trx.updateTable('comments').set({ status, moderated_ms: nowMs }).where('id', '=', row.id).execute();
  const delta = (status === 'published' ? 1 : 0) - (row.status === 'published' ? 1 : 0);
  if (delta !== 0) await touchThread(trx, row.thread, delta);
  return { ...row, status, moderated_ms: nowMs };
}

/** A page of published top-level comments in `sort` order after `after`, plus their published replies (oldest first). */
export async function publishedPage(
  db: Kysely<Database>,
  thread: string,
  sort: 'oldest' | 'newest',
  after: { c: number; i: string } | undefined,
): Promise<{ roots: CommentRow[]; replies: CommentRow[]; more: boolean }> {
  let query = db
    .selectFrom('comments')
    .selectAll()
    .where('thread', '=', thread)
    .where('status', '=', 'published')
    .where('parent_id', 'is', null);
  if (after) {
    const op = sort === 'oldest' ? '>' : '<';
    query = query.where((eb) =>
      eb.or([eb('created_ms', op, after.c), eb.and([eb('created_ms', '=', after.c), eb('id', op, after.i)])]),
    );
  }
  const dir = sort === 'oldest' ? 'asc' : 'desc';
  const rows = await query
    .orderBy('created_ms', dir)
    .orderBy('id', dir)
    .limit(PAGE_ROOTS + 1)
    .execute();
  const more = rows.length > PAGE_ROOTS;
  const roots = rows.slice(0, PAGE_ROOTS);
  if (roots.length === 0) return { roots, replies: [], more };
  const replies = await db
    .selectFrom('comments')
    .selectAll()
    .where(
      'root_id',
      'in',
      roots.map((r) => r.id),
    )
    .where('status', '=', 'published')
    .where('parent_id', 'is not', null)
    .orderBy('created_ms', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return { roots, replies, more };
}

/** Whether the address already has a published comment (the `first-time` rule lets its later ones through). */
export async function hasPublished(db: Kysely<Database>, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('author_email', '=', email)
    .where('status', '=', 'published')
    .where('author_owner', '=', 0)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Removes a comment its author deleted. Its replies stay: they move up one level (to the deleted comment's parent,
 * or become top-level, each heading its own part of the old subtree).
 */
export async function removeComment(trx: Kysely<Database>, row: CommentRow): Promise<void> {
  const subtree = await trx.selectFrom('comments').selectAll().where('root_id', '=', row.root_id).execute();
  await trx.deleteFrom('comments').where('id', '=', row.id).execute();
  await trx.deleteFrom('comment_subscriptions').where('comment_id', '=', row.id).execute();
  const children = subtree.filter((c) => c.parent_id === row.id);
  if (row.parent_id !== null) {
    // A reply deleted: its replies now answer its parent; the root stays the same.
    if (children.length > 0)
      await trx.updateTable('comments').set({ parent_id: row.parent_id }).where('parent_id', '=', row.id).execute();
  } else {
    // A top-level comment deleted: each direct reply becomes top-level and the root of its own descendants.
    const byParent = new Map<string, CommentRow[]>();
    for (const c of subtree) if (c.parent_id) byParent.set(c.parent_id, [...(byParent.get(c.parent_id) ?? []), c]);
    for (const child of children) {
      const ids: string[] = [child.id];
      for (let k = 0; k < ids.length; k++) for (const d of byParent.get(ids[k]!) ?? []) ids.push(d.id);
      await trx.updateTable('comments').set({ parent_id: null }).where('id', '=', child.id).execute();
      await trx.updateTable('comments').set({ root_id: child.id }).where('id', 'in', ids).execute();
    }
  }
  await touchThread(trx, row.thread, row.status === 'published' ? -1 : 0);
}
