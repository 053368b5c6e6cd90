/**
 * The comment API on a real server, on SQLite and PostgreSQL: posting (JSON and plain form posts), listing threads
 * with replies, sorting and paging, the edit window, deleting, the owner API, the export and the feed.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { dialectsUnderTest } from '../support/databases.js';
import {
  admin,
  commentBody,
  decode,
  formToken,
  hiddenInputs,
  listComments,
  postComment,
  postCommentForm,
  read,
  startCommentServer,
  writeCounts,
  type CommentServer,
} from './support.js';

for (const dialect of dialectsUnderTest()) {
  describe(`comments API (${dialect})`, () => {
    let s: CommentServer;
    before(async () => {
      s = await startCommentServer(dialect, { settings: { moderation: 'none' } });
    });
    after(async () => s?.close());

    test('a posted comment is published and listed with its tree, text and count; a reply carries parentId', async () => {
      const thread = 'https://Blog.Example.com:443/posts/knees/?utm=1#top';
      const made = await postComment(
        s.url,
        commentBody(thread, { body: 'Hello **knees**, see <https://example.com/a>' }),
      );
      assert.equal(made.status, 201, made.text);
      assert.equal(made.json.comment.status, 'published');
      assert.equal(typeof made.json.editToken, 'string');
      const reply = await postComment(s.url, commentBody(thread, { parentId: made.json.comment.id, body: 'Agreed.' }));
      assert.equal(reply.status, 201, reply.text);

      const list = await listComments(s.url, 'https://blog.example.com/posts/knees');
      assert.equal(list.status, 200, list.text);
      assert.equal(list.json.thread, 'https://blog.example.com/posts/knees');
      assert.equal(list.json.count, 2);
      const [first, second] = list.json.comments;
      assert.equal(first.id, made.json.comment.id);
      assert.equal(first.parentId, null);
      assert.deepEqual(first.author, { name: 'Ann Reader', owner: false });
      assert.equal(first.text, 'Hello knees, see https://example.com/a');
      assert.deepEqual(first.body.children[0].children[1], {
        type: 'strong',
        children: [{ type: 'text', value: 'knees' }],
      });
      assert.equal(first.body.children[0].children[3].type, 'link');
      assert.equal(first.body.children[0].children[3].href, 'https://example.com/a');
      assert.equal(second.parentId, first.id);
      assert.ok(!('email' in first.author));
    });

    test('the preview reads a draft exactly as a post would store it, and writes nothing', async () => {
      const before = await writeCounts(s.db);
      const source = 'See [the hub][1], *soon*\u202e.\n\n[1]: https://example.org/hub\n\n[x](javascript:alert(1))';
      const preview = await fetch(`${s.url}/api/v1/comments/preview`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ body: source }),
      });
      assert.equal(preview.status, 200);
      assert.equal(preview.headers.get('cache-control'), 'no-store');
      const read = (await preview.json()) as { body: unknown; text: string };
      assert.deepEqual(await writeCounts(s.db), before);
      const made = await postComment(s.url, commentBody('preview-agrees', { body: source }));
      assert.equal(made.status, 201, made.text);
      assert.deepEqual(read.body, made.json.comment.body);
      assert.equal(read.text, made.json.comment.text);
      assert.ok(!read.text.includes('\u202e'), 'bidi override removed as on a post');
      assert.ok(read.text.includes('[x](javascript:alert(1))'), 'a refused link stays text');
    });

    test('a preview of an empty or too long draft is 400 fields.body, of no JSON 400, and writes nothing', async () => {
      const before = await writeCounts(s.db);
      for (const body of [{ body: '   ' }, { body: 'x'.repeat(5001) }, {}, { body: 42 }]) {
        const r = await fetch(`${s.url}/api/v1/comments/preview`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        assert.equal(r.status, 400, JSON.stringify(body));
        const json = (await r.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
        assert.equal(json.error.code, 'invalid_request');
        assert.ok(json.error.fields?.body, `fields.body for ${JSON.stringify(body)}`);
      }
      const notJson = await fetch(`${s.url}/api/v1/comments/preview`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{',
      });
      assert.equal(notJson.status, 400);
      assert.deepEqual(await writeCounts(s.db), before);
    });

    test('a JSON post without t is 400 form_token_required and writes nothing', async () => {
      const before = await writeCounts(s.db);
      const body = commentBody('no-token');
      delete body.t;
      const answer = await postComment(s.url, body);
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.json.error.code, 'form_token_required');
      assert.deepEqual(await writeCounts(s.db), before);
    });

    test('invalid fields are 400 with every field named, an unknown parent too, and nothing is written', async () => {
      const before = await writeCounts(s.db);
      const answer = await postComment(
        s.url,
        commentBody('bad', { name: '  ', body: 'x'.repeat(5001), email: 'nope' }),
      );
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.json.error.code, 'invalid_request');
      assert.deepEqual(Object.keys(answer.json.error.fields).sort(), ['body', 'email', 'name']);
      const orphan = await postComment(s.url, commentBody('bad', { parentId: 'no-such-comment' }));
      assert.equal(orphan.status, 400);
      assert.ok(orphan.json.error.fields.parentId);
      const badThread = await postComment(s.url, commentBody('x'.repeat(301)));
      assert.equal(badThread.status, 400);
      assert.ok(badThread.json.error.fields.thread);
      assert.deepEqual(await writeCounts(s.db), before);
    });

    test('sort newest and cursor paging cut between whole threads, 50 top-level comments a page', async () => {
      const thread = 'paging-thread';
      const ids: string[] = [];
      for (let i = 0; i < 52; i++) {
        const made = await postComment(s.url, commentBody(thread, { body: `Comment number ${i} here` }));
        assert.equal(made.status, 201, made.text);
        ids.push(made.json.comment.id);
      }
      const reply = await postComment(s.url, commentBody(thread, { parentId: ids[0], body: 'Reply to the first' }));
      assert.equal(reply.status, 201);
      const page1 = await listComments(s.url, thread);
      assert.equal(page1.json.count, 53);
      const roots1 = page1.json.comments.filter((c: { parentId: string | null }) => c.parentId === null);
      assert.equal(roots1.length, 50);
      assert.ok(page1.json.comments.some((c: { id: string }) => c.id === reply.json.comment.id));
      assert.ok(page1.json.nextCursor);
      const page2 = await listComments(s.url, thread, { cursor: page1.json.nextCursor });
      assert.deepEqual(
        page2.json.comments.map((c: { id: string }) => c.id),
        ids.slice(50),
      );
      assert.equal(page2.json.nextCursor, undefined);
      const newest = await listComments(s.url, thread, { sort: 'newest' });
      assert.equal(newest.json.comments[0].id, ids[51]);
      const broken = await listComments(s.url, thread, { cursor: 'garbage!' });
      assert.equal(broken.status, 400);
      assert.ok(broken.json.error.fields.cursor);
    });

    test('the author edits and deletes with the edit token inside the window; a wrong token is 404, later 409', async () => {
      const made = await postComment(s.url, commentBody('edit-thread', { body: 'First version' }));
      const { id } = made.json.comment;
      const patch = (token: string, body: unknown) =>
        fetch(`${s.url}/api/v1/comments/${id}`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        }).then(read);
      const wrong = await patch('not-the-token', { body: 'Hacked' });
      assert.equal(wrong.status, 404, wrong.text);
      const edited = await patch(made.json.editToken, { body: 'Second *version*' });
      assert.equal(edited.status, 200, edited.text);
      assert.equal(edited.json.comment.text, 'Second version');
      assert.ok(edited.json.comment.editedAt);
      const listed = await listComments(s.url, 'edit-thread');
      assert.equal(listed.json.comments[0].text, 'Second version');
      assert.ok(listed.json.comments[0].editedAt);

      // 16 minutes later: the window (15 minutes) has closed.
      await s.db
        .updateTable('comments')
        .set({ created_ms: Date.now() - 16 * 60_000 })
        .where('id', '=', id)
        .execute();
      const late = await patch(made.json.editToken, { body: 'Too late' });
      assert.equal(late.status, 409, late.text);
      assert.equal(late.json.error.code, 'edit_window_closed');
      const lateDelete = await fetch(`${s.url}/api/v1/comments/${id}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${made.json.editToken}` },
      }).then(read);
      assert.equal(lateDelete.status, 409);

      const other = await postComment(s.url, commentBody('edit-thread', { body: 'To be deleted' }));
      const reply = await postComment(
        s.url,
        commentBody('edit-thread', { parentId: other.json.comment.id, body: 'Kept reply' }),
      );
      const del = (token: string) =>
        fetch(`${s.url}/api/v1/comments/${other.json.comment.id}`, {
          method: 'DELETE',
          headers: { Authorization: `Bearer ${token}` },
        }).then(read);
      assert.equal((await del('wrong')).status, 404);
      const deleted = await del(other.json.editToken);
      assert.equal(deleted.status, 200, deleted.text);
      assert.deepEqual(deleted.json, { deleted: true, id: other.json.comment.id });
      const after = await listComments(s.url, 'edit-thread');
      assert.equal(after.json.count, 2);
      const kept = after.json.comments.find((c: { id: string }) => c.id === reply.json.comment.id);
      assert.equal(kept.parentId, null, 'the reply moved up to the top level');
    });

    test('a plain form post: no token → press once more; the press → 201 page; mistakes → the form again, escaped', async () => {
      const fields = {
        thread: 'form-thread',
        name: 'Bo <b>',
        body: 'Plain form <script>alert(1)</script>',
        source: 'https://blog.example.com/posts/form',
      };
      const first = await postCommentForm(s.url, fields);
      assert.equal(first.status, 200, first.text);
      assert.match(first.headers.get('content-type') ?? '', /text\/html/);
      const carried = hiddenInputs(first.text);
      assert.equal(carried.body, fields.body);
      assert.ok(carried.t);
      assert.ok(!first.text.includes('<script>'));
      await sleep(1_100); // the fresh token is dated 2 s back: one more second makes it 3 s old
      const second = await postCommentForm(s.url, carried);
      assert.equal(second.status, 201, second.text);
      assert.match(second.text, /your comment is published/i);
      const id = (await listComments(s.url, 'form-thread')).json.comments[0].id;
      assert.ok(second.text.includes(`https://blog.example.com/posts/form#comment-${id}`));

      const wrong = await postCommentForm(s.url, { ...fields, name: '', t: formToken() });
      assert.equal(wrong.status, 400);
      assert.ok(decode(wrong.text).includes(fields.body), 'what was typed is kept');
      assert.ok(!wrong.text.includes('<script>'));
      assert.match(wrong.text, /aria-invalid="true" aria-describedby="name-error"/);
    });

    test('owner API: list by status and thread, reply as the owner, approve, reject, spam; export; feed', async () => {
      const made = await postComment(s.url, commentBody('owner-thread', { email: 'reader@example.org' }));
      const unauthorised = await fetch(`${s.url}/api/v1/owner/comments`).then(read);
      assert.equal(unauthorised.status, 401);
      const list = await fetch(`${s.url}/api/v1/owner/comments?status=published&thread=owner-thread`, {
        headers: admin,
      }).then(read);
      assert.equal(list.status, 200, list.text);
      assert.equal(list.json.comments.length, 1);
      assert.equal(list.json.comments[0].author.email, 'reader@example.org');

      const reply = await fetch(`${s.url}/api/v1/owner/comments`, {
        method: 'POST',
        headers: { ...admin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ thread: 'owner-thread', parentId: made.json.comment.id, body: 'Thanks for reading!' }),
      }).then(read);
      assert.equal(reply.status, 201, reply.text);
      assert.equal(reply.json.comment.author.owner, true);
      assert.equal(reply.json.comment.author.name, 'Jim');
      const shown = await listComments(s.url, 'owner-thread');
      assert.equal(shown.json.comments[1].author.owner, true);

      const act = (action: string, id = made.json.comment.id) =>
        fetch(`${s.url}/api/v1/owner/comments/${id}/${action}`, { method: 'POST', headers: admin }).then(read);
      assert.equal((await act('spam')).json.comment.status, 'spam');
      assert.equal((await listComments(s.url, 'owner-thread')).json.count, 1);
      assert.equal((await act('reject')).json.comment.status, 'rejected');
      assert.equal((await act('approve')).json.comment.status, 'published');
      assert.equal((await listComments(s.url, 'owner-thread')).json.count, 2);
      assert.equal((await act('approve', 'nope')).status, 404);

      const exported = await fetch(`${s.url}/api/v1/owner/comments.json`, { headers: admin }).then(read);
      assert.equal(exported.status, 200);
      assert.ok(exported.json.comments.length >= 2);
      assert.ok(exported.json.comments.every((c: { source: string }) => typeof c.source === 'string'));

      const feed = await fetch(`${s.url}/comments/feed.atom?thread=owner-thread`);
      assert.equal(feed.status, 200);
      assert.match(feed.headers.get('content-type') ?? '', /application\/atom\+xml/);
      const xml = await feed.text();
      assert.equal(xml.match(/<entry>/g)?.length, 2);
      assert.match(xml, /<name>Jim<\/name>/);
      assert.equal((await fetch(`${s.url}/comments/feed.atom`)).status, 400);
    });
  });
}
