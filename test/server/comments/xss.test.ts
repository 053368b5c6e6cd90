import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { COMMENT_NODE_TYPES, CommentRootSchema, type CommentRoot } from '../../../src/core/schemas/comments.js';
import { markdownToTree, toPlainText } from '../../../src/server/comments/markdown.js';
import { cleanBody } from '../../../src/server/comments/text.js';
import { readXssCorpus } from './xss-corpus.js';

const payloads = readXssCorpus();
const allowed = new Set<string>(COMMENT_NODE_TYPES);
// Only for decoding the payloads' own entities and backslash escapes when working out what a reader should see.
const { unescapeAll } = new MarkdownIt().utils;

/** Every node of the tree, depth first. */
function nodes(tree: CommentRoot): { type: string; [k: string]: unknown }[] {
  const out: { type: string; [k: string]: unknown }[] = [];
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const n = stack.pop() as { type: string; children?: unknown[] };
    out.push(n);
    if (Array.isArray(n.children)) stack.push(...n.children);
  }
  return out;
}

/** What a reader can see or reach: every text, code, code language and link destination (decoded too). */
function visible(tree: CommentRoot): string {
  return nodes(tree)
    .map((n) => {
      if (typeof n.value === 'string') return typeof n.lang === 'string' ? `${n.lang} ${n.value}` : n.value;
      if (n.type === 'link' && typeof n.href === 'string') {
        let decoded = n.href;
        try {
          decoded = decodeURI(n.href);
        } catch {
          // keep the encoded form
        }
        return `${n.href} ${decoded}`;
      }
      return '';
    })
    .join(' ')
    .toLowerCase();
}

/** The runs of letters and digits of a text: what must not vanish. */
function words(s: string): string[] {
  return (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w !== '');
}

function replaceInvalid(ref: string, num: string): string {
  const code = num[0] === 'x' || num[0] === 'X' ? parseInt(num.slice(1), 16) : parseInt(num, 10);
  const text =
    code > 0 &&
    code <= 0x10ffff &&
    !(code >= 0xd800 && code <= 0xdfff) &&
    !(code < 0x20 && code !== 9 && code !== 10 && code !== 13) &&
    !(code >= 0x7f && code <= 0x9f);
  return text ? ref : '\ufffd';
}

test('the corpus holds at least 150 payloads, the OWASP list among them', () => {
  assert.ok(payloads.length >= 150, `only ${payloads.length} payloads`);
  assert.ok(payloads.includes(`<IMG SRC="javascript:alert('XSS');">`));
  assert.ok(payloads.includes('[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'));
});

test('every payload becomes a tree of allowed nodes whose links are http(s) or mailto', () => {
  let links = 0;
  for (const payload of payloads) {
    const tree = markdownToTree(cleanBody(payload));
    assert.ok(CommentRootSchema.safeParse(tree).success, `schema rejects the tree of ${JSON.stringify(payload)}`);
    for (const n of nodes(tree)) {
      assert.ok(allowed.has(n.type), `node type ${n.type} from ${JSON.stringify(payload)}`);
      if (n.type !== 'link') continue;
      links++;
      const href = n.href as string;
      const url = new URL(href); // throws when it does not parse
      assert.ok(['http:', 'https:', 'mailto:'].includes(url.protocol), `href ${href} from ${JSON.stringify(payload)}`);
      assert.equal(url.username, '', `credentials in ${href}`);
    }
    for (const n of nodes(tree)) {
      // No node carries a property a renderer could mistake for markup.
      assert.deepEqual(
        Object.keys(n).filter((k) => !['type', 'children', 'value', 'href', 'lang', 'ordered', 'start'].includes(k)),
        [],
        `extra properties on ${n.type} from ${JSON.stringify(payload)}`,
      );
    }
  }
  // The corpus has a few allowed links on purpose, so this test would notice links vanishing altogether.
  assert.ok(links >= 10, `only ${links} links in the whole corpus`);
});

test('no payload loses its visible characters: every word of it is in the tree', () => {
  for (const payload of payloads) {
    const cleaned = cleanBody(payload);
    const seen = visible(markdownToTree(cleaned));
    // A reader sees entities and escapes decoded (`&#106;` is "j"), except inside code, where they stay as typed:
    // either reading must be fully present.
    // A reference to a code point that is not text (`&#14;`) reads as U+FFFD, as CommonMark says.
    const readings = [cleaned, unescapeAll(cleaned.replace(/&#(x[0-9a-f]{1,6}|[0-9]{1,7});/gi, replaceInvalid))];
    const missing = readings.map((r) => words(r).filter((w) => !seen.includes(w)));
    assert.ok(
      missing.some((m) => m.length === 0),
      `${JSON.stringify(payload)} lost ${JSON.stringify(missing[0])} (tree text: ${JSON.stringify(seen)})`,
    );
  }
});

test('raw HTML and disallowed links stay as the text that was typed', () => {
  const cases: [string, string][] = [
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['<script>alert(1)</script>', '<script>alert(1)</script>'],
    ['[x](javascript:alert(1))', '[x](javascript:alert(1))'],
    ['[x](JaVaScRiPt:alert(1))', '[x](JaVaScRiPt:alert(1))'],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)', '[x](data:text/html;base64,PHNjcmlwdD4=)'],
    ['<javascript:alert(1)>', '<javascript:alert(1)>'],
    ['![x](javascript:alert(1))', '![x](javascript:alert(1))'],
    ['&lt;b&gt;', '<b>'],
  ];
  for (const [source, text] of cases) {
    const tree = markdownToTree(source);
    assert.equal(toPlainText(tree), text, source);
    assert.ok(!nodes(tree).some((n) => n.type === 'link'), `a link from ${source}`);
  }
});

test('allowed links are kept, normalised', () => {
  const link = (source: string): unknown => nodes(markdownToTree(source)).find((n) => n.type === 'link');
  assert.deepEqual(link('<https://example.com/ok>'), {
    type: 'link',
    href: 'https://example.com/ok',
    children: [{ type: 'text', value: 'https://example.com/ok' }],
  });
  assert.deepEqual(link('<someone@example.com>'), {
    type: 'link',
    href: 'mailto:someone@example.com',
    children: [{ type: 'text', value: 'someone@example.com' }],
  });
  assert.deepEqual(link('[a](<https://example.com/a b>)'), {
    type: 'link',
    href: 'https://example.com/a%20b',
    children: [{ type: 'text', value: 'a' }],
  });
  assert.equal(
    (link('[x](https://example.com/"onmouseover="alert(1))') as { href: string }).href,
    'https://example.com/%22onmouseover=%22alert(1)',
  );
});
