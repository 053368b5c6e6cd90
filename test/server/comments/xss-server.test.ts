/**
 * The XSS corpus (fixtures/xss.txt, the OWASP filter-evasion list among it) through the real server, on SQLite and
 * PostgreSQL: each payload is posted as a comment and read back from GET /api/v1/comments (held ones approved by the
 * owner first, so every payload comes back). Every answer holds allowed nodes only, every link is http, https or
 * mailto, and no string anywhere in the answer is markup the widget would have to sanitise: it is all text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COMMENT_NODE_TYPES, isAllowedHref } from '../../../src/core/schemas/comments.js';
import { dialectsUnderTest } from '../support/databases.js';
import { readXssCorpus } from './xss-corpus.js';
import { admin, commentBody, listComments, postComment, startCommentServer, type CommentServer } from './support.js';

const payloads = readXssCorpus();
const allowed = new Set<string>(COMMENT_NODE_TYPES);
const NODE_KEYS: Record<string, string[]> = {
  root: ['type', 'children'],
  paragraph: ['type', 'children'],
  blockquote: ['type', 'children'],
  listItem: ['type', 'children'],
  emphasis: ['type', 'children'],
  strong: ['type', 'children'],
  list: ['type', 'ordered', 'start', 'children'],
  link: ['type', 'href', 'children'],
  text: ['type', 'value'],
  inlineCode: ['type', 'value'],
  code: ['type', 'lang', 'value'],
  break: ['type'],
};

/** Checks a tree node by node; returns every link destination. */
function walk(tree: unknown): string[] {
  const hrefs: string[] = [];
  const stack = [tree];
  while (stack.length) {
    const node = stack.pop() as Record<string, unknown>;
    assert.ok(allowed.has(node.type as string), `node type ${String(node.type)}`);
    for (const key of Object.keys(node))
      assert.ok(NODE_KEYS[node.type as string]!.includes(key), `${String(node.type)}.${key}`);
    if (node.type === 'link') {
      const href = node.href as string;
      assert.ok(isAllowedHref(href), href);
      assert.ok(/^(https?:\/\/|mailto:)/i.test(href), href);
      assert.ok(['http:', 'https:', 'mailto:'].includes(new URL(href).protocol), href);
      hrefs.push(href);
    }
    if (Array.isArray(node.children)) stack.push(...(node.children as unknown[]));
  }
  return hrefs;
}

for (const dialect of dialectsUnderTest()) {
  describe(`the XSS corpus through the server (${dialect})`, () => {
    let s: CommentServer;
    before(async () => {
      s = await startCommentServer(dialect, { settings: { moderation: 'none' } });
    });
    after(async () => s?.close());

    test(`${payloads.length} payloads come back as allowed nodes and text only`, async () => {
      assert.ok(payloads.length >= 150, `${payloads.length} payloads`);
      const ids = new Map<string, string>();
      let held = 0;
      for (const [i, payload] of payloads.entries()) {
        const thread = `xss-${Math.floor(i / 40)}`;
        const made = await postComment(s.url, commentBody(thread, { body: payload }));
        if (made.status === 400) {
          // Only a payload that is blank once cleaned may be refused, and then as a body mistake.
          assert.ok(made.json.error.fields.body, `payload ${i}: ${made.text}`);
          continue;
        }
        assert.equal(made.status, 201, `payload ${i}: ${made.text}`);
        walk(made.json.comment.body);
        ids.set(made.json.comment.id, payload);
        if (made.json.comment.status !== 'published') {
          held++;
          const approved = await fetch(`${s.url}/api/v1/owner/comments/${made.json.comment.id}/approve`, {
            method: 'POST',
            headers: admin,
          });
          assert.equal(approved.status, 200);
        }
      }
      assert.ok(ids.size >= payloads.length - 5, `${ids.size} of ${payloads.length} stored`);
      let seen = 0;
      for (let page = 0; page * 40 < payloads.length; page++) {
        const list = await listComments(s.url, `xss-${page}`);
        assert.equal(list.status, 200);
        for (const comment of list.json.comments as {
          id: string;
          body: unknown;
          text: string;
          author: { name: string };
        }[]) {
          assert.ok(ids.has(comment.id));
          walk(comment.body);
          assert.equal(typeof comment.text, 'string');
          seen++;
        }
      }
      assert.equal(seen, ids.size, `every stored payload is listed (${held} were held and approved)`);
    });
  });
}
