import type { Comment, CommentStatus, OwnerComment } from '../../core/schemas/comments.js';
import type { CommentsTable } from '../db/schema.js';

/** A comment row as read back (bigint columns may arrive as strings from PostgreSQL). */
export type CommentRow = Omit<CommentsTable, 'author_owner'> & { author_owner: number | string | boolean };

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

/** The public view: what `GET /api/v1/comments` lists (`tree`: the body tree already at hand, not parsed again). */
export function publicView(row: CommentRow, tree?: Comment['body']): Comment {
  const view: Comment = {
    id: row.id,
    parentId: row.parent_id,
    author: { name: row.author_name, owner: Number(row.author_owner) === 1 },
    createdAt: iso(row.created_ms),
    body: tree ?? (JSON.parse(row.tree) as Comment['body']),
    text: row.text,
  };
  if (row.edited_ms !== null) view.editedAt = iso(row.edited_ms);
  return view;
}

/**
 * The same public view written straight to JSON text: the tree is stored as JSON already, so a page of 500 comments
 * is joined, not parsed and stringified again. Key order and values match `JSON.stringify(publicView(row))`.
 */
export function publicJson(row: CommentRow): string {
  const edited = row.edited_ms !== null ? `,"editedAt":"${iso(row.edited_ms)}"` : '';
  return (
    `{"id":${JSON.stringify(row.id)},"parentId":${JSON.stringify(row.parent_id)},` +
    `"author":{"name":${JSON.stringify(row.author_name)},"owner":${Number(row.author_owner) === 1}},` +
    `"createdAt":"${iso(row.created_ms)}"${edited},"body":${row.tree},"text":${JSON.stringify(row.text)}}`
  );
}

/** The owner's view: any status, with the address, the source and the held reasons. */
export function ownerView(row: CommentRow): OwnerComment {
  const view: OwnerComment = {
    id: row.id,
    thread: row.thread,
    parentId: row.parent_id,
    status: row.status as CommentStatus,
    author: { name: row.author_name, owner: Number(row.author_owner) === 1, email: row.author_email },
    createdAt: iso(row.created_ms),
    body: JSON.parse(row.tree) as OwnerComment['body'],
    text: row.text,
    source: row.body,
  };
  if (row.edited_ms !== null) view.editedAt = iso(row.edited_ms);
  if (row.moderated_ms !== null) view.moderatedAt = iso(row.moderated_ms);
  if (row.reasons) view.reasons = row.reasons.split(',');
  return view;
}
