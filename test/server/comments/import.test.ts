import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { htmlToMarkdown } from '../../../src/server/comments/import/html-to-markdown.js';
import { parseDisqusExport } from '../../../src/server/comments/import/import-disqus.js';
import { parseWordPressExport } from '../../../src/server/comments/import/import-wordpress.js';
import type { ImportedComment } from '../../../src/server/comments/import/types.js';
import { markdownToTree, toPlainText } from '../../../src/server/comments/markdown.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const byId = (comments: ImportedComment[]): Map<string, ImportedComment> =>
  new Map(comments.map((c) => [c.sourceId, c]));
/** What readers will see once the body goes through the comment Markdown parser. */
const shown = (c: ImportedComment | undefined): string => toPlainText(markdownToTree(c?.body ?? ''));

describe('WordPress WXR import', () => {
  const result = parseWordPressExport(fixture('wordpress.xml'));
  const c = byId(result.comments);

  test('maps every comment with its thread, author, UTC date and stable key', () => {
    assert.deepEqual(result.comments.map((x) => x.sourceId).sort(), ['101', '102', '103', '104', '105', '201', '202']);
    const zoe = c.get('101')!;
    assert.equal(zoe.key, 'wordpress:jim.example:101');
    assert.equal(zoe.thread, 'https://jim.example/2023/11/knees-after-forty');
    assert.equal(zoe.name, 'Zoë Müller');
    assert.equal(zoe.email, 'zoe@example.org');
    assert.equal(zoe.createdAt, '2023-11-03T09:15:00.000Z', 'from comment_date_gmt, not the local comment_date');
    assert.equal(c.get('201')!.thread, 'https://jim.example/about');
    assert.equal(c.get('201')!.email, null, 'an address that is not one is dropped');
    assert.equal(c.get('201')!.createdAt, '2010-06-01T09:30:00.000Z', 'zero GMT date: comment_date taken as UTC');
  });

  test('keeps the three-level reply chain, parents before replies', () => {
    assert.equal(c.get('101')!.parentSourceId, null);
    assert.equal(c.get('102')!.parentSourceId, '101');
    assert.equal(c.get('102')!.parentKey, 'wordpress:jim.example:101');
    assert.equal(c.get('103')!.parentSourceId, '102');
    const order = result.comments.map((x) => x.sourceId);
    assert.ok(order.indexOf('101') < order.indexOf('102') && order.indexOf('102') < order.indexOf('103'));
  });

  test('statuses: approved, pending, spam, trash; pingbacks skipped', () => {
    assert.equal(c.get('101')!.status, 'published');
    assert.equal(c.get('104')!.status, 'pending');
    assert.equal(c.get('105')!.status, 'spam');
    assert.equal(c.get('202')!.status, 'rejected');
    assert.deepEqual(result.skipped, [{ sourceId: '106', reason: 'pingback' }]);
  });

  test('bodies become Markdown that reads back as the text WordPress showed', () => {
    assert.equal(
      c.get('101')!.body,
      'Thank you, this helped a lot.\\\nMy physio said the *same* thing.\n\nSee [the study](https://example.org/study) \\& `ice < heat`.',
    );
    assert.equal(
      shown(c.get('101')),
      'Thank you, this helped a lot.\nMy physio said the same thing.\n\nSee the study & ice < heat.',
    );
    assert.equal(shown(c.get('103')), '> Keep going\n\nI will. 日本語も大丈夫です 🙂');
    // Text that looks like Markdown stays text.
    assert.equal(shown(c.get('104')), 'Does this apply to runners? *asking* for a friend');
    assert.equal(shown(c.get('201')), 'Imported long ago.\n\n- not a list, just a dash\n1. not a list either');
    assert.equal(markdownToTree(c.get('201')!.body).children.length, 2, 'no list was made of it');
    // A javascript: link keeps its text only; a script tag goes.
    assert.equal(c.get('105')!.body, 'Great post! cheap pills');
  });

  test('the same file gives the same keys (idempotent import)', () => {
    const again = parseWordPressExport(fixture('wordpress.xml'));
    assert.deepEqual(again, result);
  });

  test('a file that is not WXR is refused', () => {
    assert.throws(() => parseWordPressExport('<disqus></disqus>'), /not a WordPress export/);
  });
});

describe('Disqus import', () => {
  const result = parseDisqusExport(fixture('disqus.xml'));
  const c = byId(result.comments);

  test('maps posts to their threads by normalised link, with author and UTC date', () => {
    assert.deepEqual(result.comments.map((x) => x.sourceId).sort(), ['9001', '9002', '9003', '9004', '9005']);
    const ana = c.get('9001')!;
    assert.equal(ana.key, 'disqus:9001');
    assert.equal(ana.thread, 'http://jim.example/2023/11/knees-after-forty', 'port 80, query, hash and slash gone');
    assert.equal(ana.name, 'Ana Souza');
    assert.equal(ana.email, 'ana@example.org');
    assert.equal(ana.createdAt, '2023-11-02T09:30:00.000Z');
    assert.equal(c.get('9005')!.thread, 'https://jim.example/hips');
    assert.equal(c.get('9005')!.email, null, 'recent exports carry no email');
    assert.equal(c.get('9005')!.name, 'Élodie');
  });

  test('replies keep their parents, even under a deleted post', () => {
    assert.equal(c.get('9002')!.parentSourceId, '9001');
    assert.equal(c.get('9003')!.parentSourceId, '9002');
    assert.equal(c.get('9003')!.parentKey, 'disqus:9002');
    const order = result.comments.map((x) => x.sourceId);
    assert.ok(order.indexOf('9001') < order.indexOf('9002') && order.indexOf('9002') < order.indexOf('9003'));
  });

  test('statuses: deleted is rejected, spam is spam, the rest published', () => {
    assert.equal(c.get('9001')!.status, 'published');
    assert.equal(c.get('9002')!.status, 'rejected');
    assert.equal(c.get('9003')!.status, 'published');
    assert.equal(c.get('9004')!.status, 'spam');
    assert.deepEqual(result.skipped, []);
  });

  test('HTML messages become Markdown: paragraphs, strong, links, emphasis, breaks, code, quotes, lists', () => {
    assert.equal(c.get('9001')!.body, 'First!\n\nReally **useful**, see [this](https://example.org/a?b=1&c=2).');
    assert.equal(shown(c.get('9003')), 'Replying to the deleted one: still here.\nLine two with a*b\n\n> quoted');
    assert.equal(shown(c.get('9005')), 'Ça marche très bien — merci !\n\n- un\n- deux');
    // Artalk #1176: a data: link must not survive an import either.
    assert.equal(c.get('9004')!.body, 'Buy now here');
  });

  test('a file that is not a Disqus export is refused', () => {
    assert.throws(() => parseDisqusExport('<rss><channel></channel></rss>'), /not a Disqus export/);
  });
});

describe('htmlToMarkdown', () => {
  test('escapes text so Markdown reads it back unchanged', () => {
    const text = '# not a heading, *not em*, [not](a link), <b>not html</b>, `not code`, 1) & \\ _x_';
    const md = htmlToMarkdown(text.replace(/&/g, '&amp;').replace(/</g, '&lt;'), 'html');
    assert.equal(toPlainText(markdownToTree(md)), text);
  });

  test('links only when http, https or mailto; parentheses in addresses survive', () => {
    assert.equal(htmlToMarkdown('<a href="https://e.example/a_(b)">w</a>', 'html'), '[w](https://e.example/a_%28b%29)');
    assert.equal(htmlToMarkdown('<a href="mailto:a@e.example">mail</a>', 'html'), '[mail](mailto:a@e.example)');
    assert.equal(htmlToMarkdown('<a href="vbscript:x">v</a> <a href="/rel">r</a>', 'html'), 'v r');
    assert.equal(
      htmlToMarkdown('<img src="https://e.example/i.png" alt="a cat">', 'html'),
      '[a cat](https://e.example/i.png)',
    );
  });

  test('code blocks get a fence longer than any backtick run inside', () => {
    const md = htmlToMarkdown('<pre>a ``` b\n  indented</pre>', 'html');
    assert.equal(md, '````\na ``` b\n  indented\n````');
    assert.deepEqual(markdownToTree(md).children, [{ type: 'code', value: 'a ``` b\n  indented\n' }]);
  });

  test('deeply nested HTML does not blow the stack', () => {
    const html = '<div>'.repeat(5000) + 'deep' + '</div>'.repeat(5000);
    assert.equal(htmlToMarkdown(html, 'html'), 'deep');
  });
});
