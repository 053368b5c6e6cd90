import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CommentRoot } from '../../core/schemas/comments.js';
import type { Database } from '../db/schema.js';

/**
 * The content signals of a comment (the request signals, form token, honeypot, limits and ALTCHA, are checked by
 * the service before these): too many links, an owner's blocked word, the same text posted again. Any of them holds
 * the comment as spam: never published, never mailed about, listed for the owner with its reasons.
 */

/** This many links or more in one comment hold it as spam. */
export const MAX_LINKS = 3;
/** The same text again within this window is a duplicate. */
export const DUPLICATE_WINDOW_MS = 7 * 24 * 3_600_000;
/** Texts shorter than this ("Thanks!", "+1") are duplicates only within the same thread. */
const SHORT_TEXT = 40;

/** Links in the tree plus bare web addresses left in the text (`www.x.com`, `http://…` written as text). */
export function linkScore(tree: CommentRoot, text: string): number {
  let links = 0;
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as { type: string; children?: unknown[] };
    if (node.type === 'link') links++;
    if (Array.isArray(node.children)) stack.push(...node.children);
  }
  // Addresses written as text count too (markdown-it is not linkifying): a spammer does not need a clickable link.
  const bare = text.match(/\b(?:https?:\/\/|www\.)[^\s<>()]+/gi)?.length ?? 0;
  return Math.max(links, bare);
}

/** The first blocked word (whole words, any case) found in any of `texts`. */
export function blockedWordIn(words: readonly string[], texts: readonly string[]): string | undefined {
  const haystack = texts.join('\n').normalize('NFKC').toLowerCase();
  for (const word of words) {
    const needle = word.normalize('NFKC').toLowerCase().trim();
    if (!needle) continue;
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(haystack)) return word;
  }
  return undefined;
}

/** A keyed hash of the text with case, spacing and punctuation ignored, for the duplicate check. */
export function textHash(secret: string, text: string): string {
  const normal = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return createHmac('sha256', secret).update(`soleus/comment-text/${normal}`).digest('base64url').slice(0, 22);
}

/** Whether the same text was posted recently: anywhere when it is long enough to be a message, else in the thread. */
export async function isDuplicate(
  db: Kysely<Database>,
  hash: string,
  thread: string,
  textLength: number,
  nowMs: number,
  exceptId?: string,
): Promise<boolean> {
  let query = db
    .selectFrom('comments')
    .select('id')
    .where('text_hash', '=', hash)
    .where('created_ms', '>', nowMs - DUPLICATE_WINDOW_MS);
  if (textLength < SHORT_TEXT) query = query.where('thread', '=', thread);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** Every content signal at once: the reasons to hold the comment (empty: nothing doubtful). */
export async function contentSignals(
  db: Kysely<Database>,
  input: {
    secret: string;
    blockedWords: readonly string[];
    tree: CommentRoot;
    text: string;
    source: string;
    name: string;
    email: string | null;
    thread: string;
    nowMs: number;
    exceptId?: string;
  },
): Promise<{ reasons: string[]; hash: string }> {
  const reasons: string[] = [];
  if (linkScore(input.tree, input.source) >= MAX_LINKS) reasons.push('links');
  if (blockedWordIn(input.blockedWords, [input.name, input.email ?? '', input.source])) reasons.push('blocked_word');
  const hash = textHash(input.secret, input.text);
  if (await isDuplicate(db, hash, input.thread, input.text.length, input.nowMs, input.exceptId))
    reasons.push('duplicate');
  return { reasons, hash };
}
