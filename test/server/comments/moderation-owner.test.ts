/**
 * The owner's moderation tools on a real server, on SQLite and PostgreSQL: trusted addresses (published at once
 * whatever the moderation setting), blocked addresses (the same-looking 201 `pending`, stored as spam, no mail),
 * closing a thread (409 `thread_closed`, nothing stored; the public answer says `closed`), the counts per thread in
 * one answer, and bad input (400 with fields, nothing written) and 404s. Every JSON answer is checked against its
 * zod schema by support/contract.ts (imported through ./support.js).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialectsUnderTest } from '../support/databases.js';
import {
  admin,
  commentBody,
  listComments,
  postComment,
  postCommentForm,
  formToken,
  read,
  startCommentServer,
  writeCounts,
  type CommentServer,
} from './support.js';

for (const dialect of dialectsUnderTest()) {
  describe(`comment moderation, the owner's tools (${dialect})`, () => {
    let s: CommentServer;
    before(async () => {
      // Every comment waits for approval unless an address says otherwise.
      s = await startCommentServer(dialect, { settings: { moderation: 'all' } });
    });
    after(async () => s?.close());

    const owner = async (method: string, path: string, body?: unknown, headers: Record<string, string> = admin) =>
      read(
        await fetch(`${s.url}/api/v1/owner${path}`, {
          method,
          headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    const mails = async () =>
      Number(
        (
          await s.db
            .selectFrom('mail_outbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const addresses = async () => s.db.selectFrom('comment_addresses').selectAll().orderBy('email').execute();
    const stored = async (id: string) =>
      s.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();

    test('a trusted address publishes at once under "every comment waits"; stored lowercase', async () => {
      const thread = 'trusted-post';
      const before = await postComment(s.url, commentBody(thread, { email: 'Tess@Example.com' }));
      assert.equal(before.json.comment.status, 'pending', 'not trusted yet: it waits');

      const made = await owner('POST', '/comment-addresses', { email: '  Tess@Example.COM ', kind: 'trusted' });
      assert.equal(made.status, 201, made.text);
      assert.equal(made.json.address.email, 'tess@example.com');
      assert.equal(made.json.address.kind, 'trusted');
      assert.deepEqual(
        (await addresses()).map((a) => [a.email, a.kind]),
        [['tess@example.com', 'trusted']],
      );

      const after = await postComment(s.url, commentBody(thread, { email: 'tess@example.com', body: 'Trusted now' }));
      assert.equal(after.status, 201, after.text);
      assert.equal(after.json.comment.status, 'published');
      const list = await listComments(s.url, thread);
      assert.deepEqual(
        list.json.comments.map((c: { text: string }) => c.text),
        ['Trusted now'],
      );
      // Trusted skips the moderation policy, not the content signals: three links are still held.
      const links = await postComment(
        s.url,
        commentBody(thread, {
          email: 'tess@example.com',
          body: 'https://a.example https://b.example https://c.example',
        }),
      );
      assert.equal(links.json.comment.status, 'pending');
      assert.equal((await stored(links.json.comment.id))?.status, 'spam');

      const listed = await owner('GET', '/comment-addresses');
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.json.addresses.map((a: { email: string }) => a.email),
        ['tess@example.com'],
      );
    });

    test('a blocked address gets the same-looking 201 pending, is stored as spam, and nothing is mailed', async () => {
      const thread = 'blocked-post';
      const made = await owner('POST', '/comment-addresses', { email: 'bot@spam.example', kind: 'blocked' });
      assert.equal(made.status, 201, made.text);
      const normal = await postComment(s.url, commentBody(thread, { email: 'someone@example.com' }));
      const mailBefore = await mails();
      const blocked = await postComment(
        s.url,
        commentBody(thread, { email: 'BOT@spam.example', notifyReplies: true, body: 'Buy now' }),
      );
      assert.equal(blocked.status, 201, blocked.text);
      assert.equal(blocked.json.comment.status, 'pending');
      assert.deepEqual(Object.keys(blocked.json).sort(), Object.keys(normal.json).sort());
      assert.deepEqual(Object.keys(blocked.json.comment).sort(), Object.keys(normal.json.comment).sort());
      await s.mailIdle();
      assert.equal(await mails(), mailBefore, 'no moderation mail, no confirmation');
      const row = await stored(blocked.json.comment.id);
      assert.equal(row?.status, 'spam');
      assert.equal(row?.reasons, 'blocked_address');
      const subs = await s.db
        .selectFrom('comment_subscriptions')
        .select('id')
        .where('comment_id', '=', blocked.json.comment.id)
        .execute();
      assert.equal(subs.length, 0, 'no reply subscription for a blocked address');
      const spam = await owner('GET', `/comments?status=spam&thread=${thread}`);
      assert.deepEqual(spam.json.comments[0].reasons, ['blocked_address']);

      // Posting the address again with the other kind switches it (200: it was listed already).
      const switched = await owner('POST', '/comment-addresses', { email: 'bot@spam.example', kind: 'trusted' });
      assert.equal(switched.status, 200, switched.text);
      assert.equal(switched.json.address.kind, 'trusted');
      const removed = await owner('DELETE', `/comment-addresses/${encodeURIComponent('Bot@Spam.example')}`);
      assert.equal(removed.status, 200, removed.text);
      assert.deepEqual(removed.json, { deleted: true, email: 'bot@spam.example' });
      assert.ok(!(await addresses()).some((a) => a.email === 'bot@spam.example'));
      const again = await owner('DELETE', `/comment-addresses/${encodeURIComponent('bot@spam.example')}`);
      assert.equal(again.status, 404);
      assert.equal(again.json.error.code, 'unknown_address');
    });

    test('addresses: bad input is 400 naming each field, and nothing is written', async () => {
      const before = await addresses();
      const bad = await owner('POST', '/comment-addresses', { email: 'not an address', kind: 'friend' });
      assert.equal(bad.status, 400, bad.text);
      assert.equal(bad.json.error.code, 'invalid_request');
      assert.equal(bad.json.error.fields.email, 'Enter an email address like name@example.com');
      assert.equal(bad.json.error.fields.kind, 'Choose trusted or blocked');
      const empty = await owner('POST', '/comment-addresses', {});
      assert.equal(empty.status, 400);
      assert.deepEqual(Object.keys(empty.json.error.fields).sort(), ['email', 'kind']);
      const long = await owner('DELETE', `/comment-addresses/${'a'.repeat(300)}`);
      assert.equal(long.status, 400);
      assert.deepEqual(await addresses(), before);
      // Only the owner: no token, no answer.
      const stranger = await owner('POST', '/comment-addresses', { email: 'x@example.com', kind: 'trusted' }, {});
      assert.equal(stranger.status, 401);
      assert.equal((await owner('GET', '/comment-threads', undefined, {})).status, 401);
      assert.equal((await owner('POST', '/comment-threads/close', { thread: 'x', closed: true }, {})).status, 401);
      assert.deepEqual(await addresses(), before);
    });

    test('a closed thread: 409 thread_closed and nothing stored; the public answer says closed; reopen', async () => {
      const thread = 'https://blog.example.com/closing';
      const first = await postComment(s.url, commentBody(thread, { email: 'ann@example.com' }));
      await owner('POST', `/comments/${first.json.comment.id}/approve`);
      const close = await owner('POST', '/comment-threads/close', { thread: `${thread}/?utm=x`, closed: true });
      assert.equal(close.status, 200, close.text);
      assert.deepEqual(close.json, { thread, closed: true });
      const list = await listComments(s.url, thread);
      assert.equal(list.json.closed, true);
      assert.equal(list.json.count, 1, 'what was published stays');

      const counts = await writeCounts(s.db);
      const refused = await postComment(s.url, commentBody(thread));
      assert.equal(refused.status, 409, refused.text);
      assert.equal(refused.json.error.code, 'thread_closed');
      assert.match(refused.json.error.message, /Comments are closed on this post/);
      const reply = await postComment(s.url, commentBody(thread, { parentId: first.json.comment.id }));
      assert.equal(reply.status, 409);
      const form = await postCommentForm(s.url, {
        thread,
        name: 'Form Person',
        body: 'Hello',
        t: formToken(),
      });
      assert.equal(form.status, 409);
      assert.match(form.text, /Comments are closed on this post/);
      assert.deepEqual(await writeCounts(s.db), counts, 'nothing stored');

      // The owner may still answer there.
      const ownerReply = await owner('POST', '/comments', {
        thread,
        parentId: first.json.comment.id,
        body: 'Closing this one, thanks all.',
      });
      assert.equal(ownerReply.status, 201, ownerReply.text);

      const reopen = await owner('POST', '/comment-threads/close', { thread, closed: false });
      assert.deepEqual(reopen.json, { thread, closed: false });
      const open = await listComments(s.url, thread);
      assert.ok(!('closed' in open.json));
      assert.equal(open.json.count, 2);
      assert.equal((await postComment(s.url, commentBody(thread))).status, 201);
    });

    test('closing: bad input is 400 naming each field, nothing written', async () => {
      const before = await s.db.selectFrom('comment_threads').selectAll().orderBy('thread').execute();
      const bad = await owner('POST', '/comment-threads/close', { thread: '', closed: 'yes' });
      assert.equal(bad.status, 400, bad.text);
      assert.equal(bad.json.error.fields.thread, 'Use a thread name or page address of at most 300 characters');
      assert.equal(bad.json.error.fields.closed, 'Choose true (close) or false (reopen)');
      const missing = await owner('POST', '/comment-threads/close', { thread: 'x'.repeat(400) });
      assert.equal(missing.status, 400);
      assert.deepEqual(Object.keys(missing.json.error.fields).sort(), ['closed', 'thread']);
      assert.deepEqual(await s.db.selectFrom('comment_threads').selectAll().orderBy('thread').execute(), before);
    });

    test('counts per thread: every status, closed, the newest comment, newest activity first', async () => {
      const a = 'counts-a';
      const b = 'counts-b';
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await postComment(s.url, commentBody(a))).json.comment.id);
      await owner('POST', `/comments/${ids[0]}/approve`);
      await owner('POST', `/comments/${ids[1]}/spam`);
      await owner('POST', `/comments/${ids[2]}/reject`);
      const last = await postComment(s.url, commentBody(b));
      const ahead = await owner('POST', '/comment-threads/close', { thread: 'counts-nobody-yet', closed: true });
      assert.equal(ahead.status, 200);

      const answer = await owner('GET', '/comment-threads');
      assert.equal(answer.status, 200, answer.text);
      const byThread = new Map(answer.json.threads.map((t: { thread: string }) => [t.thread, t]));
      assert.deepEqual(byThread.get(a), {
        thread: a,
        published: 1,
        pending: 1,
        spam: 1,
        rejected: 1,
        closed: false,
        lastAt: (await owner('GET', `/comments?thread=${a}`)).json.comments[0].createdAt,
      });
      assert.deepEqual(byThread.get(b), {
        thread: b,
        published: 0,
        pending: 1,
        spam: 0,
        rejected: 0,
        closed: false,
        lastAt: last.json.comment.createdAt,
      });
      assert.deepEqual(byThread.get('counts-nobody-yet'), {
        thread: 'counts-nobody-yet',
        published: 0,
        pending: 0,
        spam: 0,
        rejected: 0,
        closed: true,
        lastAt: null,
      });
      const order = answer.json.threads.map((t: { thread: string }) => t.thread);
      assert.ok(order.indexOf(b) < order.indexOf(a), 'newest activity first');
      assert.equal(order[order.length - 1], 'counts-nobody-yet', 'a thread without comments last');
      // Each thread once.
      assert.equal(new Set(order).size, order.length);
    });

    test('moderating an unknown comment is 404', async () => {
      const gone = await owner('POST', '/comments/no-such-comment/approve');
      assert.equal(gone.status, 404);
      assert.equal(gone.json.error.code, 'unknown_comment');
    });
  });
}
