/**
 * WordPress WXR export (RSS 2.0 with the `wp:` namespace, WXR 1.0–1.2) → normalised comments. Pure parsing: no
 * database. Each `<item>` (post, page…) names its thread by its `<link>`, normalised like the contract's thread id;
 * each `<wp:comment>` becomes a record. Pingbacks and trackbacks are skipped (they are not comments people wrote).
 *
 * `wp:comment_approved`: `1` → published, `0` → pending, `spam` → spam, `trash` / `post-trashed` → rejected.
 * Dates come from `wp:comment_date_gmt`; when WordPress wrote zeros there (it does for some imported comments),
 * `wp:comment_date` is taken as UTC, the export having no time zone.
 */
import { normaliseThreadId, type CommentStatus } from '../../../core/schemas/comments.js';
import { importBody, importEmail, importName, parentsFirst } from './common.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { child, childrenNamed, childText, parseTree, type El } from './tree.js';
import type { ImportedComment, ImportResult } from './types.js';

const STATUS: Record<string, CommentStatus> = {
  '1': 'published',
  approve: 'published',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
  trash: 'rejected',
  'post-trashed': 'rejected',
};

/** Parses a WXR file's text. Throws when it is not a WordPress export at all. */
export function parseWordPressExport(xml: string): ImportResult {
  const root = parseTree(xml, 'xml');
  const channel = child(child(root, 'rss') ?? root, 'channel');
  if (!channel) throw new Error('This is not a WordPress export: no <rss><channel>.');
  const site = siteKey(childText(channel, 'wp:base_blog_url') || childText(channel, 'link'));
  const comments: ImportedComment[] = [];
  const skipped: ImportResult['skipped'] = [];

  for (const item of childrenNamed(channel, 'item')) {
    const thread = normaliseThreadId(childText(item, 'link')) ?? normaliseThreadId(childText(item, 'guid'));
    for (const c of childrenNamed(item, 'wp:comment')) {
      const sourceId = childText(c, 'wp:comment_id');
      if (!sourceId) {
        skipped.push({ sourceId: '', reason: 'no wp:comment_id' });
        continue;
      }
      const type = childText(c, 'wp:comment_type');
      if (type === 'pingback' || type === 'trackback') {
        skipped.push({ sourceId, reason: type });
        continue;
      }
      if (!thread) {
        skipped.push({ sourceId, reason: 'its post has no usable <link>' });
        continue;
      }
      const approved = childText(c, 'wp:comment_approved');
      const status = STATUS[approved];
      if (!status) {
        skipped.push({ sourceId, reason: `unknown wp:comment_approved "${approved}"` });
        continue;
      }
      const createdAt = wpDate(childText(c, 'wp:comment_date_gmt')) ?? wpDate(childText(c, 'wp:comment_date'));
      if (!createdAt) {
        skipped.push({ sourceId, reason: 'no usable date' });
        continue;
      }
      const parent = childText(c, 'wp:comment_parent');
      const parentSourceId = parent && parent !== '0' ? parent : null;
      comments.push({
        key: key(site, sourceId),
        sourceId,
        thread,
        parentSourceId,
        parentKey: parentSourceId ? key(site, parentSourceId) : null,
        name: importName(childText(c, 'wp:comment_author')),
        email: importEmail(childText(c, 'wp:comment_author_email')),
        createdAt,
        body: importBody(htmlToMarkdown(rawText(c, 'wp:comment_content'), 'wordpress')),
        status,
      });
    }
  }
  return { comments: parentsFirst(comments), skipped };
}

function key(site: string, id: string): string {
  return site ? `wordpress:${site}:${id}` : `wordpress:${id}`;
}

/** The blog's host and path (`blog.example.com/en`), so exports of two blogs never share keys. */
function siteKey(url: string): string {
  const id = normaliseThreadId(url);
  return id ? id.replace(/^https?:\/\//, '') : '';
}

/** The content as written (not trimmed: leading newlines can matter to wpautop-style paragraphs). */
function rawText(el: El, name: string): string {
  const c = child(el, name);
  return c ? c.children.filter((n): n is string => typeof n === 'string').join('') : '';
}

/** `2021-03-04 05:06:07` (UTC) → ISO instant; null for WordPress's zero date or anything unreadable. */
function wpDate(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m || m[1] === '0000') return null;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
