import { COMMENT_NAME_MAX } from '../../../core/schemas/comments.js';
import { MAX_SOURCE_LENGTH } from '../markdown.js';
import { cleanBody, cleanName } from '../text.js';
import type { ImportedComment } from './types.js';

/** Name as stored, with a fallback for exports that have none (deleted or anonymous authors). */
export function importName(raw: string): string {
  return cleanName(raw, COMMENT_NAME_MAX) || 'Anonymous';
}

/** A plausible email, lowercased, or null. */
export function importEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/** Body as stored: cleaned like a typed one, allowed up to the parser's limit (older comments can be long). */
export function importBody(markdown: string): string {
  return cleanBody(markdown, MAX_SOURCE_LENGTH);
}

/**
 * Orders comments so each parent precedes its replies (then oldest first), for inserts that resolve parents as they
 * go. A reply whose parent is not in the export keeps its `parentSourceId`; the caller decides (typically: top level).
 */
export function parentsFirst(comments: ImportedComment[]): ImportedComment[] {
  const byId = new Map(comments.map((c) => [c.sourceId, c]));
  const sorted = [...comments].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.sourceId.localeCompare(b.sourceId),
  );
  const out: ImportedComment[] = [];
  const placed = new Set<string>();
  const place = (c: ImportedComment): void => {
    // Iterative walk up the parent chain (exports can be deep, and a broken one can loop).
    const chain: ImportedComment[] = [];
    const seen = new Set<string>();
    let cur: ImportedComment | undefined = c;
    while (cur && !placed.has(cur.sourceId) && !seen.has(cur.sourceId)) {
      seen.add(cur.sourceId);
      chain.push(cur);
      cur = cur.parentSourceId ? byId.get(cur.parentSourceId) : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      placed.add(chain[i]!.sourceId);
      out.push(chain[i]!);
    }
  };
  for (const c of sorted) place(c);
  return out;
}
