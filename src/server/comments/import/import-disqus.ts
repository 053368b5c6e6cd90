/**
 * Disqus XML export → normalised comments. Pure parsing: no database. The `<disqus>` root holds `<thread dsq:id>`
 * elements (with the page's `<link>`) and `<post dsq:id>` elements pointing at them with `<thread dsq:id>` and, for
 * replies, `<parent dsq:id>`. Messages are HTML (in CDATA) and become Markdown.
 *
 * Status: `<isSpam>true` → spam, `<isDeleted>true` → rejected (kept, unpublished, so its replies keep their place),
 * `<isApproved>false` (in some exports) → pending, otherwise published. Recent exports have no `<email>`: null.
 */
import { normaliseThreadId, type CommentStatus } from '../../../core/schemas/comments.js';
import { importBody, importEmail, importName, parentsFirst } from './common.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { child, childrenNamed, childText, parseTree } from './tree.js';
import type { ImportedComment, ImportResult } from './types.js';

const ID = 'dsq:id';

/** Parses a Disqus export file's text. Throws when it is not a Disqus export at all. */
export function parseDisqusExport(xml: string): ImportResult {
  const root = child(parseTree(xml, 'xml'), 'disqus');
  if (!root) throw new Error('This is not a Disqus export: no <disqus> root.');
  const threads = new Map<string, string>();
  for (const t of childrenNamed(root, 'thread')) {
    const id = t.attrs[ID];
    const thread = normaliseThreadId(childText(t, 'link')) ?? normaliseThreadId(childText(t, 'id'));
    if (id && thread) threads.set(id, thread);
  }
  const comments: ImportedComment[] = [];
  const skipped: ImportResult['skipped'] = [];
  for (const p of childrenNamed(root, 'post')) {
    const sourceId = p.attrs[ID] ?? '';
    if (!sourceId) {
      skipped.push({ sourceId: '', reason: 'no dsq:id' });
      continue;
    }
    const thread = threads.get(child(p, 'thread')?.attrs[ID] ?? '');
    if (!thread) {
      skipped.push({ sourceId, reason: 'its thread is missing or has no usable <link>' });
      continue;
    }
    // Disqus writes UTC (`2013-01-01T00:00:00Z`); a stamp without a zone is read as UTC too, never as local time.
    const stamp = childText(p, 'createdAt');
    const created = new Date(/(?:Z|[+-]\d{2}:?\d{2})$/i.test(stamp) ? stamp : `${stamp}Z`);
    if (!stamp || Number.isNaN(created.getTime())) {
      skipped.push({ sourceId, reason: 'no usable <createdAt>' });
      continue;
    }
    const yes = (name: string): boolean => childText(p, name).toLowerCase() === 'true';
    const status: CommentStatus = yes('isSpam')
      ? 'spam'
      : yes('isDeleted')
        ? 'rejected'
        : childText(p, 'isApproved').toLowerCase() === 'false'
          ? 'pending'
          : 'published';
    const parentSourceId = child(p, 'parent')?.attrs[ID] || null;
    const author = child(p, 'author');
    comments.push({
      key: `disqus:${sourceId}`,
      sourceId,
      thread,
      parentSourceId,
      parentKey: parentSourceId ? `disqus:${parentSourceId}` : null,
      name: importName(author ? childText(author, 'name') || childText(author, 'username') : ''),
      email: importEmail(author ? childText(author, 'email') : ''),
      createdAt: created.toISOString(),
      body: importBody(htmlToMarkdown(childText(p, 'message'), 'html')),
      status,
    });
  }
  return { comments: parentsFirst(comments), skipped };
}
