import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CommentCreateRequestSchema,
  CommentCreateResponseSchema,
  CommentListQuerySchema,
  CommentListResponseSchema,
  CommentRootSchema,
  CommentUpdateRequestSchema,
  OwnerReplyRequestSchema,
  isAllowedHref,
  normaliseThreadId,
} from '../../../src/core/schemas/comments.js';

test('normaliseThreadId: lowercase scheme and host, no default port, no trailing slash, no query or hash', () => {
  assert.equal(normaliseThreadId('HTTPS://Example.COM:443/Blog/Post/?utm=1#comments'), 'https://example.com/Blog/Post');
  assert.equal(normaliseThreadId('http://example.com:80/'), 'http://example.com');
  assert.equal(normaliseThreadId('http://example.com:8080/a//'), 'http://example.com:8080/a');
  assert.equal(normaliseThreadId('https://user:pw@example.com/x'), 'https://example.com/x');
  assert.equal(normaliseThreadId('https://bücher.example/ä'), 'https://xn--bcher-kva.example/%C3%A4');
  assert.equal(normaliseThreadId('  post-42 '), 'post-42');
  for (const id of ['https://example.com/a', 'post-42', 'https://example.com']) {
    assert.equal(normaliseThreadId(id), id, 'idempotent');
  }
});

test('normaliseThreadId refuses empty, control characters, broken URLs and more than 300 characters', () => {
  assert.equal(normaliseThreadId('   '), null);
  assert.equal(normaliseThreadId('a\nb'), null);
  assert.equal(normaliseThreadId('https://'), null);
  assert.equal(normaliseThreadId('x'.repeat(301)), null);
  assert.equal(normaliseThreadId('x'.repeat(300)), 'x'.repeat(300));
  assert.equal(normaliseThreadId(`https://example.com/${'a'.repeat(300)}?q=${'b'.repeat(100)}`), null);
  assert.equal(normaliseThreadId(`https://example.com/${'a'.repeat(270)}?q=${'b'.repeat(100)}`)?.length, 290);
});

test('isAllowedHref: http(s) with a host and no credentials, mailto with an address, nothing obfuscated', () => {
  for (const ok of ['https://example.com', 'http://example.com/a?b#c', 'HTTPS://EXAMPLE.COM', 'mailto:a@example.com']) {
    assert.ok(isAllowedHref(ok), ok);
  }
  for (const bad of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    ' https://example.com',
    'https://exa mple.com',
    '\u200bhttps://example.com',
    'data:text/html,x',
    'vbscript:x',
    'file:///etc/passwd',
    '//example.com',
    '/relative',
    'https:example.com',
    'https://user@example.com',
    'mailto:',
    'mailto:javascript:alert(1)',
    `https://example.com/${'a'.repeat(2000)}`,
  ]) {
    assert.ok(!isAllowedHref(bad), JSON.stringify(bad));
  }
});

test('the tree schema refuses unknown nodes and disallowed links', () => {
  const link = (href: string): unknown => ({
    type: 'root',
    children: [{ type: 'paragraph', children: [{ type: 'link', href, children: [{ type: 'text', value: 'x' }] }] }],
  });
  assert.ok(CommentRootSchema.safeParse(link('https://example.com')).success);
  assert.ok(!CommentRootSchema.safeParse(link('javascript:alert(1)')).success);
  assert.ok(!CommentRootSchema.safeParse({ type: 'root', children: [{ type: 'html', value: '<b>' }] }).success);
  assert.ok(
    !CommentRootSchema.safeParse({
      type: 'root',
      children: [{ type: 'paragraph', children: [{ type: 'image', url: 'x' }] }],
    }).success,
  );
});

test('POST request: required fields, limits, normalised thread', () => {
  const ok = CommentCreateRequestSchema.safeParse({
    thread: 'https://Example.com/post/',
    name: '  Ann ',
    body: 'Hello',
    t: 'tok',
  });
  assert.ok(ok.success);
  assert.equal(ok.data.thread, 'https://example.com/post');
  assert.equal(ok.data.name, 'Ann');
  const bad = CommentCreateRequestSchema.safeParse({
    thread: '',
    name: 'Buy at cheap.example.com/x',
    email: 'nope',
    body: 'x'.repeat(5001),
  });
  assert.ok(!bad.success);
  const fields = new Set(bad.error.issues.map((i) => String(i.path[0])));
  assert.deepEqual([...fields].sort(), ['body', 'email', 'name', 'thread']);
  assert.ok(!CommentCreateRequestSchema.safeParse({ thread: 'x', name: 'A', body: '   ' }).success);
  assert.ok(!CommentUpdateRequestSchema.safeParse({ body: '' }).success);
  assert.ok(!OwnerReplyRequestSchema.safeParse({ thread: 'x', body: 'hi' }).success, 'parentId required');
  assert.ok(!CommentListQuerySchema.safeParse({ thread: 'x', sort: 'best' }).success);
});

test('answers: the list and the 201', () => {
  const comment = {
    id: 'c1',
    parentId: null,
    author: { name: 'Ann', owner: false },
    createdAt: '2026-01-02T03:04:05.000Z',
    body: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Hi' }] }] },
    text: 'Hi',
  };
  assert.ok(
    CommentListResponseSchema.safeParse({ thread: 't', count: 1, comments: [comment], nextCursor: 'n' }).success,
  );
  assert.ok(!CommentListResponseSchema.safeParse({ thread: 't', count: -1, comments: [] }).success);
  assert.ok(
    CommentCreateResponseSchema.safeParse({ comment: { ...comment, status: 'pending' }, editToken: 's' }).success,
  );
  assert.ok(
    !CommentCreateResponseSchema.safeParse({ comment: { ...comment, status: 'spam' }, editToken: 's' }).success,
    'spam is never an answer status',
  );
  assert.ok(
    !CommentListResponseSchema.safeParse({ thread: 't', count: 1, comments: [{ ...comment, createdAt: 'yesterday' }] })
      .success,
  );
});
