/**
 * The thread-state reads behind `GET /api/v1/comments` under concurrent readers (CommentPageCache.state): one read at
 * a time per thread, readers arriving meanwhile share the next one, and every reader's answer comes from a read that
 * began after it asked, so a write committed before a request arrived is never missed. Then on a real server and
 * database (SQLite, and PostgreSQL when the suite has it): bursts of 50 concurrent page reads around each post.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommentPageCache } from '../../../src/server/comments/list.js';
import { dialectsUnderTest } from '../support/databases.js';
import { commentBody, listComments, postComment, startCommentServer } from './support.js';

type State = { version: number; count: number; closed: boolean };

/** A read that waits until released, stamped with its order. */
function reads() {
  const started: Array<{ n: number; release: (s: State) => void; fail: (e: Error) => void }> = [];
  const read = () =>
    new Promise<State & { n: number }>((release, fail) => {
      const n = started.length + 1;
      started.push({ n, release: (s) => release({ ...s, n }), fail });
    });
  return { started, read };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('CommentPageCache.state: one thread-state read at a time, none older than its reader', () => {
  test('50 readers during a read share the next one; each answer began after its reader asked', async () => {
    const cache = new CommentPageCache();
    const { started, read } = reads();
    const first = cache.state('t', read);
    const asked: Array<{ at: number; answer: Promise<State> }> = [];
    for (let i = 0; i < 50; i++) asked.push({ at: started.length, answer: cache.state('t', read) });
    await tick();
    assert.equal(started.length, 1, 'no second read while the first runs');
    started[0]!.release({ version: 1, count: 0, closed: false });
    assert.equal(((await first) as State & { n: number }).n, 1);
    await tick();
    assert.equal(started.length, 2, 'the waiting readers share one read');
    started[1]!.release({ version: 2, count: 1, closed: false });
    for (const { at, answer } of asked) {
      const got = (await answer) as State & { n: number };
      assert.ok(got.n > at, `answered by read ${got.n}, which began after the reader asked (${at} had begun)`);
      assert.equal(got.version, 2);
    }
    // Nothing running: the next reader starts its own read at once.
    const later = cache.state('t', read);
    await tick();
    assert.equal(started.length, 3);
    started[2]!.release({ version: 2, count: 1, closed: false });
    assert.equal(((await later) as State & { n: number }).n, 3);
  });

  test('threads do not wait for each other; a failed read fails its readers only, the next one reads again', async () => {
    const cache = new CommentPageCache();
    const { started, read } = reads();
    const a = cache.state('a', read);
    const b = cache.state('b', read);
    await tick();
    assert.equal(started.length, 2);
    started[1]!.release({ version: 7, count: 3, closed: true });
    assert.equal((await b).version, 7);
    started[0]!.fail(new Error('connection lost'));
    await assert.rejects(a, /connection lost/);
    const again = cache.state('a', read);
    await tick();
    assert.equal(started.length, 3);
    started[2]!.release({ version: 1, count: 0, closed: false });
    assert.equal((await again).version, 1);
  });
});

for (const dialect of dialectsUnderTest()) {
  describe(`comment pages under concurrent readers (${dialect})`, () => {
    test('bursts of 50 concurrent reads between posts: each burst sees every comment posted before it', async () => {
      const s = await startCommentServer(dialect, { settings: { moderation: 'none' } });
      try {
        const thread = 'https://blog.example.com/posts/taper';
        // Two bursts overlap each post: the one before it sees n, the one after n + 1, never fewer.
        for (let n = 0; n < 4; n++) {
          const during = Promise.all(Array.from({ length: 50 }, () => listComments(s.url, thread)));
          const made = await postComment(s.url, commentBody(thread, { body: `Post ${n}` }));
          assert.equal(made.status, 201, made.text);
          const after = await Promise.all(Array.from({ length: 50 }, () => listComments(s.url, thread)));
          for (const r of after) {
            assert.equal(r.status, 200, r.text);
            assert.equal(r.json.count, n + 1);
            assert.equal(r.json.comments.length, n + 1);
          }
          for (const r of await during) assert.ok([n, n + 1].includes(r.json.count), `count ${r.json.count}`);
        }
      } finally {
        await s.close();
      }
    });
  });
}
