/**
 * Mail through a real SMTP server on loopback, on SQLite and PostgreSQL: the practitioner's moderation mail (its links
 * open pages whose button POSTs; a GET changes nothing), the first-time policy, and reply notifications (double
 * opt-in first, then reply mails with RFC 8058 one-click unsubscribe and a link to the thread).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialectsUnderTest } from '../support/databases.js';
import {
  commentBody,
  hiddenInputs,
  linkIn,
  listComments,
  listUnsubscribeUrl,
  OWNER_EMAIL,
  postComment,
  read,
  startCommentServer,
  startInbox,
  type CommentServer,
  type Inbox,
} from './support.js';

const THREAD = 'https://blog.example.com/posts/hamstrings';

for (const dialect of dialectsUnderTest()) {
  describe(`comment mail (${dialect})`, () => {
    let s: CommentServer;
    let inbox: Inbox;
    before(async () => {
      inbox = await startInbox();
      s = await startCommentServer(dialect, { settings: { moderation: 'first-time' }, env: { SMTP_URL: inbox.url } });
    });
    after(async () => {
      await s?.close();
      await inbox?.close();
    });

    const statusOf = async (id: string) =>
      (await s.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

    test('a first comment waits; the moderation mail links to pages; GET changes nothing; the button POST approves', async () => {
      const made = await postComment(s.url, commentBody(THREAD, { email: 'first@example.org', body: 'My first one' }));
      assert.equal(made.status, 201, made.text);
      assert.equal(made.json.comment.status, 'pending');
      assert.equal((await listComments(s.url, THREAD)).json.count, 0);

      const [mail] = await inbox.waitFor(OWNER_EMAIL, 1);
      const text = mail!.mail.text ?? '';
      assert.match(text, /My first one/);
      const approve = linkIn(text, `${s.url}/comments/moderate?token=`);
      const links = [...text.matchAll(/http:\/\/127\.0\.0\.1:\d+\/comments\/moderate\?token=[^\s<>"]+/g)].map(
        (m) => m[0],
      );
      assert.equal(new Set(links).size, 3, 'Approve, Reject and Spam');

      // A link scanner fetches every link: nothing changes.
      for (const link of links) {
        const page = await fetch(link).then(read);
        assert.equal(page.status, 200);
        assert.match(page.text, /<form method="post" action="\/comments\/moderate">/);
        assert.equal(page.headers.get('cache-control'), 'no-store');
      }
      assert.equal(await statusOf(made.json.comment.id), 'pending');

      const page = await fetch(approve).then(read);
      const done = await fetch(`${s.url}/comments/moderate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(hiddenInputs(page.text)).toString(),
      }).then(read);
      assert.equal(done.status, 200, done.text);
      assert.match(done.text, /published/);
      assert.equal(await statusOf(made.json.comment.id), 'published');
      assert.equal((await listComments(s.url, THREAD)).json.count, 1);

      // Known now: the same address publishes at once, and no mail goes to the practitioner.
      const second = await postComment(s.url, commentBody(THREAD, { email: 'FIRST@example.org', body: 'And again' }));
      assert.equal(second.json.comment.status, 'published');
      await s.mailIdle();
      assert.equal(inbox.to(OWNER_EMAIL).length, 1);

      const forged = await fetch(`${s.url}/comments/moderate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'token=abc.def',
      });
      assert.equal(forged.status, 400);
    });

    test('reply notifications: confirmation first (sent once the comment is published), then replies, then one click stops them', async () => {
      const alice = 'alice.replies@example.org';
      const made = await postComment(
        s.url,
        commentBody(THREAD, { email: alice, notifyReplies: true, body: 'Tell me when someone answers' }),
      );
      assert.equal(made.json.comment.status, 'pending');
      await s.mailIdle();
      assert.equal(inbox.to(alice).length, 0, 'nothing is mailed for a comment nobody approved');
      const approved = await fetch(`${s.url}/api/v1/owner/comments/${made.json.comment.id}/approve`, {
        method: 'POST',
        headers: { Authorization: 'Bearer comments-admin-token-0123456789' },
      });
      assert.equal(approved.status, 200);
      const [confirmation] = await inbox.waitFor(alice, 1);
      assert.ok(listUnsubscribeUrl(confirmation!).startsWith(`${s.url}/comments/replies/unsubscribe?token=`));
      const confirmLink = linkIn(confirmation!.mail.text ?? '', `${s.url}/comments/replies/confirm?token=`);

      // Unconfirmed: a reply sends nothing to alice.
      const early = await postComment(
        s.url,
        commentBody(THREAD, { parentId: made.json.comment.id, name: 'Bob', body: 'An early reply' }),
      );
      assert.equal(early.status, 201);
      await s.mailIdle();
      assert.equal(inbox.to(alice).length, 1);

      // GET shows a button and changes nothing; the POST confirms.
      const page = await fetch(confirmLink).then(read);
      assert.equal(page.status, 200);
      const sub = () =>
        s.db
          .selectFrom('comment_subscriptions')
          .select('status')
          .where('comment_id', '=', made.json.comment.id)
          .executeTakeFirstOrThrow();
      assert.equal((await sub()).status, 'pending');
      const confirmed = await fetch(`${s.url}/comments/replies/confirm`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(hiddenInputs(page.text)).toString(),
      });
      assert.equal(confirmed.status, 200);
      assert.equal((await sub()).status, 'confirmed');

      // Owner replies are published at once (moderation "first-time" does not hold the owner), and are mailed.
      const reply = await fetch(`${s.url}/api/v1/owner/comments`, {
        method: 'POST',
        headers: { Authorization: 'Bearer comments-admin-token-0123456789', 'Content-Type': 'application/json' },
        body: JSON.stringify({ thread: THREAD, parentId: made.json.comment.id, body: 'Happy to help, Alice.' }),
      }).then(read);
      assert.equal(reply.status, 201, reply.text);
      const replyMail = (await inbox.waitFor(alice, 2))[1]!;
      assert.match(replyMail.mail.subject ?? '', /replied to your comment/);
      assert.match(replyMail.mail.text ?? '', /Happy to help, Alice\./);
      assert.ok((replyMail.mail.text ?? '').includes(`${THREAD}#comment-${reply.json.comment.id}`));
      assert.match(replyMail.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      const unsubscribeUrl = listUnsubscribeUrl(replyMail);

      // A GET of the unsubscribe link changes nothing; the RFC 8058 one-click POST unsubscribes.
      assert.equal((await fetch(unsubscribeUrl)).status, 200);
      assert.equal((await sub()).status, 'confirmed');
      const oneClick = await fetch(unsubscribeUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      assert.equal(oneClick.status, 200);
      assert.equal((await sub()).status, 'unsubscribed');
      await postComment(
        s.url,
        commentBody(THREAD, {
          parentId: made.json.comment.id,
          name: 'Carol',
          email: 'first@example.org',
          body: 'Late',
        }),
      );
      await s.mailIdle();
      assert.equal(inbox.to(alice).length, 2, 'no reply mail after unsubscribing');
    });
  });
}
