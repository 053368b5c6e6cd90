import type { CommentStatus } from '../../../core/schemas/comments.js';

/** One comment read from an export, normalised for the database import. */
export interface ImportedComment {
  /** Stable across runs of the same file (`wordpress:<site>:<comment_id>`, `disqus:<dsq:id>`): the idempotency key. */
  key: string;
  /** The comment's id in the export. */
  sourceId: string;
  /** The normalised thread id (the contract's rule, applied to the post's URL). */
  thread: string;
  /** The parent's `sourceId`, or null for a top-level comment. */
  parentSourceId: string | null;
  /** The parent's `key`, or null. */
  parentKey: string | null;
  /** Author name, cleaned; "Anonymous" when the export has none. */
  name: string;
  /** Author email, lowercased, or null when the export has none (or not a plausible one). */
  email: string | null;
  /** ISO 8601 instant in UTC. */
  createdAt: string;
  /** Markdown source converted from the export's HTML. */
  body: string;
  /** Only `published` comments are shown; pending, spam and rejected ones stay unpublished. */
  status: CommentStatus;
  /** Written by the site's owner (shown with the owner badge); default false. */
  owner?: boolean;
}

/** What an export held: comments in an order where every parent comes before its replies, and what was left out. */
export interface ImportResult {
  comments: ImportedComment[];
  skipped: { sourceId: string; reason: string }[];
}
