import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommentRootSchema, type CommentRoot } from '../../../src/core/schemas/comments.js';
import {
  MAX_CONTAINER_DEPTH,
  MAX_INLINE_DEPTH,
  MAX_NODES,
  markdownToTree,
  toPlainText,
} from '../../../src/server/comments/markdown.js';

const p = (...children: unknown[]): unknown => ({ type: 'paragraph', children });
const t = (value: string): unknown => ({ type: 'text', value });
const root = (...children: unknown[]): unknown => ({ type: 'root', children });

/** Deepest nesting of `type` along any path, and total node count, computed without recursion. */
function measure(tree: CommentRoot, types: string[]): { depth: number; nodes: number } {
  let depth = 0;
  let nodes = 0;
  const stack: [unknown, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()! as [{ type: string; children?: unknown[] }, number];
    nodes++;
    const here = types.includes(n.type) ? d + 1 : d;
    depth = Math.max(depth, here);
    for (const c of n.children ?? []) stack.push([c, here]);
  }
  return { depth, nodes };
}

describe('markdownToTree: the subset', () => {
  test('paragraphs, emphasis, strong, inline code, soft and hard breaks', () => {
    assert.deepEqual(
      markdownToTree('Hello *you* and **them**, `x < y`\nsame paragraph  \nnew line\n\nSecond.'),
      root(
        p(
          t('Hello '),
          { type: 'emphasis', children: [t('you')] },
          t(' and '),
          { type: 'strong', children: [t('them')] },
          t(', '),
          { type: 'inlineCode', value: 'x < y' },
          t('\nsame paragraph'),
          { type: 'break' },
          t('new line'),
        ),
        p(t('Second.')),
      ),
    );
  });

  test('code blocks, fenced with a language or indented', () => {
    assert.deepEqual(
      markdownToTree('```ts\nconst a = 1;\n```\n\n    indented'),
      root({ type: 'code', lang: 'ts', value: 'const a = 1;\n' }, { type: 'code', value: 'indented\n' }),
    );
  });

  test('quotes and lists, ordered with a start', () => {
    assert.deepEqual(
      markdownToTree('> quoted\n\n- one\n- two\n\n3. three\n4. four'),
      root(
        { type: 'blockquote', children: [p(t('quoted'))] },
        {
          type: 'list',
          ordered: false,
          children: [
            { type: 'listItem', children: [p(t('one'))] },
            { type: 'listItem', children: [p(t('two'))] },
          ],
        },
        {
          type: 'list',
          ordered: true,
          start: 3,
          children: [
            { type: 'listItem', children: [p(t('three'))] },
            { type: 'listItem', children: [p(t('four'))] },
          ],
        },
      ),
    );
  });

  test('headings become strong paragraphs; rules, tables and strikethrough are not in the subset', () => {
    assert.deepEqual(
      markdownToTree('# Big *news*'),
      root(p({ type: 'strong', children: [t('Big '), { type: 'emphasis', children: [t('news')] }] })),
    );
    assert.deepEqual(markdownToTree('a\n\n---\n\nb'), root(p(t('a')), p(t('b'))));
    assert.deepEqual(markdownToTree('| a |\n|---|\n| b |'), root(p(t('| a |\n|---|\n| b |'))));
    assert.deepEqual(markdownToTree('~~gone~~'), root(p(t('~~gone~~'))));
  });

  test('raw HTML is text, entities are decoded to text', () => {
    assert.deepEqual(markdownToTree('<b onclick="x()">hi</b> &amp; &#60;'), root(p(t('<b onclick="x()">hi</b> & <'))));
    assert.deepEqual(
      markdownToTree('<div>\n*x*\n</div>'),
      root(p(t('<div>\n'), { type: 'emphasis', children: [t('x')] }, t('\n</div>'))),
    );
  });

  test('links: inline, reference, autolink, email; titles follow as text', () => {
    assert.deepEqual(
      markdownToTree(
        '[a](https://example.com/x "T") [b][r] <http://example.org> <me@example.com>\n\n[r]: https://example.net',
      ),
      root(
        p(
          { type: 'link', href: 'https://example.com/x', children: [t('a')] },
          t(' (T) '),
          { type: 'link', href: 'https://example.net', children: [t('b')] },
          t(' '),
          { type: 'link', href: 'http://example.org', children: [t('http://example.org')] },
          t(' '),
          { type: 'link', href: 'mailto:me@example.com', children: [t('me@example.com')] },
        ),
      ),
    );
  });

  test('images become a link to the image named by its alt text, or their text when the source is not allowed', () => {
    assert.deepEqual(
      markdownToTree('![a cat](https://example.com/cat.png)'),
      root(p({ type: 'link', href: 'https://example.com/cat.png', children: [t('a cat')] })),
    );
    assert.deepEqual(markdownToTree('![a cat](cat.png)'), root(p(t('![a cat](cat.png)'))));
    // An image inside a link: links never nest, the alt text stays.
    assert.deepEqual(
      markdownToTree('[![a cat](https://example.com/cat.png)](https://example.com)'),
      root(p({ type: 'link', href: 'https://example.com', children: [t('a cat')] })),
    );
  });

  test('links with other schemes or relative addresses are the text as typed', () => {
    for (const s of [
      '[x](javascript:alert(1))',
      '[x](/relative)',
      '[x](#top)',
      '[x](ftp://example.com)',
      '[x](http://user:pw@example.com)',
      '<ftp://example.com>',
    ]) {
      assert.deepEqual(markdownToTree(s), root(p(t(s))), s);
    }
  });

  test('CRLF line ends read like LF', () => {
    assert.deepEqual(markdownToTree('a\r\nb\r\n\r\nc'), markdownToTree('a\nb\n\nc'));
  });

  test('every tree passes the contract schema', () => {
    const tree = markdownToTree('> - *a* **b** [c](https://c.example) `d`\n>   1. e\n\n```\nf\n```');
    assert.ok(CommentRootSchema.safeParse(tree).success);
  });
});

describe('markdownToTree: hostile input', () => {
  test(`quotes and lists nest at most ${MAX_CONTAINER_DEPTH} deep and keep their text`, () => {
    const quotes = markdownToTree('>'.repeat(50) + ' deep');
    assert.equal(measure(quotes, ['blockquote']).depth, MAX_CONTAINER_DEPTH);
    assert.match(toPlainText(quotes), /deep$/);
    const lists = markdownToTree('- '.repeat(50) + 'deep');
    assert.equal(measure(lists, ['list']).depth, MAX_CONTAINER_DEPTH);
    assert.match(toPlainText(lists), /deep$/);
    // Nested by indentation, one level a line: flattened by the tree builder, every item kept.
    const indented = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- item${i}`).join('\n');
    const tree = markdownToTree(indented);
    assert.ok(measure(tree, ['list', 'blockquote']).depth <= MAX_CONTAINER_DEPTH);
    for (let i = 0; i < 30; i++) assert.ok(toPlainText(tree).includes(`item${i}`), `item${i}`);
  });

  test(`emphasis nests at most ${MAX_INLINE_DEPTH} deep`, () => {
    const tree = markdownToTree('*_'.repeat(40) + 'x' + '_*'.repeat(40));
    assert.ok(measure(tree, ['emphasis', 'strong']).depth <= MAX_INLINE_DEPTH);
    // Delimiters CommonMark cannot pair stay as text; the word is kept either way.
    assert.equal(toPlainText(tree).replace(/[*_]/g, ''), 'x');
    const deep = markdownToTree('*a **b *c **d *e **f *g **h *i **j** k* l** m* n** o* p** q* r** s*');
    assert.ok(measure(deep, ['emphasis', 'strong']).depth <= MAX_INLINE_DEPTH);
    assert.equal(toPlainText(deep), 'a b c d e f g h i j k l m n o p q r s');
  });

  test(`a tree past ${MAX_NODES} nodes falls back to plain text paragraphs`, () => {
    const source = '*a* '.repeat(5000);
    const tree = markdownToTree(source);
    assert.ok(measure(tree, []).nodes <= MAX_NODES);
    assert.deepEqual(tree, root(p(t(source))));
  });

  test('hostile 5,000-character inputs parse quickly and never throw', () => {
    const n = 5000;
    const inputs = {
      quotes: '>'.repeat(n),
      lists: '- '.repeat(n / 2),
      brackets: '['.repeat(n),
      stars: '*a'.repeat(n / 2),
      nestedEmphasis: '*_'.repeat(n / 4) + 'x' + '_*'.repeat(n / 4),
      backticks: '`a``'.repeat(n / 4),
      links: '[a]('.repeat(n / 4),
      images: '![['.repeat(n / 3),
      angle: '<'.repeat(n),
      entities: '&#'.repeat(n / 2),
      lazy: '>'.repeat(8) + '\n' + 'x\n'.repeat(n / 2),
      definitions: '[a]: <'.repeat(n / 6),
    };
    markdownToTree('warm *up* [x](https://example.com)');
    for (const [name, source] of Object.entries(inputs)) {
      const start = performance.now();
      const tree = markdownToTree(source);
      const ms = performance.now() - start;
      assert.ok(CommentRootSchema.safeParse(tree).success, name);
      assert.ok(ms < 1000, `${name} took ${Math.round(ms)} ms`);
    }
  });

  test('a source past the length limit is plain text', () => {
    const source = '*x* '.repeat(6000);
    assert.deepEqual(markdownToTree(source), root(p(t(source.trimEnd() + ' '))));
  });
});

describe('toPlainText', () => {
  test('blocks on their own lines, list markers and quote prefixes, link text without the address', () => {
    const tree = markdownToTree(
      'Hi **there**, [docs](https://example.com).\n\n> quoted\n> more\n\n3. a\n4. b\n\n- x\n\n```\ncode\n```',
    );
    assert.equal(toPlainText(tree), 'Hi there, docs.\n\n> quoted\n> more\n\n3. a\n4. b\n\n- x\n\ncode');
  });

  test('an empty tree is an empty string', () => {
    assert.equal(toPlainText(markdownToTree('')), '');
  });
});
