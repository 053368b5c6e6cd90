// The widget's hand-written rules against the shared schemas' (which the widget does not import, for size), the
// thread arrangement, and the preview's reading of the Markdown subset.
import { expect } from '@open-wc/testing';
import { preview } from '../../../src/components/comment-box/internal/preview.js';
import { allowedHref, arrange, normaliseThread } from '../../../src/components/comment-box/internal/thread.js';
import { isAllowedHref, normaliseThreadId } from '../../../src/core/schemas/comments.js';
import { comment } from './helpers.js';

describe('comment-box internals', () => {
  it('normaliseThread agrees with the shared normaliseThreadId', () => {
    const inputs = [
      'marathon-preparation',
      '  post-42  ',
      'https://Example.com:443/Blog/?a=1#c',
      'http://example.com:80/',
      'http://example.com:8080/a//',
      'HTTPS://user:pw@EXAMPLE.com/x',
      'https://',
      '',
      'a\u0000b',
      'x'.repeat(300),
      'x'.repeat(301),
      'https://example.com/' + 'p'.repeat(290),
      'ftp://example.com/a',
    ];
    for (const s of inputs) expect(normaliseThread(s), JSON.stringify(s)).to.equal(normaliseThreadId(s));
  });

  it('allowedHref agrees with the shared isAllowedHref', () => {
    const inputs = [
      'https://example.org',
      'http://a.b/c?d#e',
      'mailto:jim@example.com',
      'mailto:nobody',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'https://user:pw@example.org',
      'https://exa mple.org',
      'https://example.org/\u202e',
      '//example.org',
      '/relative',
      'vbscript:x',
      'https://' + 'a'.repeat(2000),
      '',
    ];
    for (const s of inputs) expect(allowedHref(s), JSON.stringify(s)).to.equal(isAllowedHref(s));
  });

  it('arrange keeps a self-parented or orphaned reply at the top and never loops', () => {
    const list = [
      comment('a', 'A', 'a', { parentId: 'a' }),
      comment('b', 'B', 'b', { parentId: 'gone' }),
      comment('c', 'C', 'c', { parentId: 'b' }),
    ];
    const placed = arrange(list);
    expect(placed.map((p) => p.c.id)).to.deep.equal(['a', 'b']);
    expect(placed[1]!.kids.map((p) => p.c.id)).to.deep.equal(['c']);
  });

  it('preview reads the subset into the allowed tree', () => {
    expect(preview('a  \nb\n\n```js\n<b>x</b>\n```\n\n3. three\n4. four', isAllowedHref)).to.deep.equal({
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: [{ type: 'text', value: 'a' }, { type: 'break' }, { type: 'text', value: 'b' }],
        },
        { type: 'code', lang: 'js', value: '<b>x</b>' },
        {
          type: 'list',
          ordered: true,
          start: 3,
          children: [
            { type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'three' }] }] },
            { type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'four' }] }] },
          ],
        },
      ],
    });
    expect(preview('<https://x.org> <javascript:x> \\*no\\*', isAllowedHref).children[0]).to.deep.equal({
      type: 'paragraph',
      children: [
        { type: 'link', href: 'https://x.org', children: [{ type: 'text', value: 'https://x.org' }] },
        { type: 'text', value: ' <javascript:x> *no*' },
      ],
    });
  });
});
