// The widget's hand-written rules against the shared schemas' (which the widget does not import, for size), the
// thread arrangement.
import { expect } from '@open-wc/testing';
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
});
