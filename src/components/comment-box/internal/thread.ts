import type { Comment } from '../../../core/schemas/comments.js';

/**
 * Thread ids and link rules by hand: the same rules as `normaliseThreadId` and `isAllowedHref` in
 * src/core/schemas/comments.ts (test/components/comment-box/internal.test.ts runs both over the same inputs). Importing
 * that module would bring zod/mini, about 5 kB brotli, into a 12 kB widget.
 */

/** The contract's thread id for `input` (a name, or a page URL without query, hash, default port or trailing slash), or null. */
export function normaliseThread(input: string): string | null {
  let id = input.trim();
  if (!id || /[\u0000-\u001f\u007f-\u009f]/.test(id)) return null;
  if (/^https?:\/\//i.test(id)) {
    try {
      const url = new URL(id);
      if (!url.hostname) return null;
      id = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      return null;
    }
  }
  return id.length <= 300 ? id : null;
}

/** The page's thread: its canonical URL, else its own address. */
export const pageThread = (doc: Document): string | null =>
  normaliseThread(doc.querySelector<HTMLLinkElement>('link[rel~=canonical]')?.href || doc.location.href);

/** True for an `http:`/`https:` URL with a host and no credentials, or a `mailto:` with an address, ≤ 2000 characters. */
export function allowedHref(href: string): boolean {
  if (!href || href.length > 2000) return false;
  if (/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/.test(href)) return false;
  const mail = /^mailto:/i.test(href);
  if (!mail && !/^https?:\/\//i.test(href)) return false;
  try {
    const url = new URL(href);
    return mail
      ? /^[^@/?#]+@[^@/?#]+/.test(url.pathname)
      : /^https?:$/.test(url.protocol) && !!url.hostname && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** A comment as shown: with how deep it sits and, below the nesting limit, whom it answers. */
export interface Placed {
  c: Comment;
  /** Its replies shown nested under it. */
  kids: Placed[];
  /** The author it answers, when shown flat (deeper than `MAX_DEPTH`). */
  to?: string;
}

/** Replies nest this deep; deeper ones are listed flat under the last nested one, with "replying to". */
export const MAX_DEPTH = 3;

/**
 * The loaded comments as threads: top-level ones in the order given (the server's sort), replies under their
 * parent, oldest first, nested to `MAX_DEPTH` and flat below it. A reply whose parent is not loaded stands alone.
 */
export function arrange(comments: Comment[]): Placed[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const replies = new Map<string, Comment[]>();
  const top: Comment[] = [];
  for (const c of comments) {
    if (c.parentId && byId.has(c.parentId) && c.parentId != c.id) {
      const list = replies.get(c.parentId) ?? [];
      replies.set(c.parentId, list);
      list.push(c);
    } else top.push(c);
  }
  for (const list of replies.values()) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const seen = new Set<string>();
  const place = (c: Comment, depth: number): Placed[] => {
    if (seen.has(c.id)) return [];
    seen.add(c.id);
    const under = replies.get(c.id) ?? [];
    if (depth < MAX_DEPTH) return [{ c, kids: under.flatMap((r) => place(r, depth + 1)) }];
    // At the limit: this comment, then every reply below it in conversation order, each saying whom it answers.
    return [
      { c, kids: [] },
      ...under.flatMap((r) => place(r, depth).map((p) => (p.c == r ? { ...p, to: c.author.name } : p))),
    ];
  };
  return top.flatMap((c) => place(c, 1));
}
