/**
 * Each spam signal on a real server, on SQLite and PostgreSQL. Bot signals (honeypot, forged / too young / too old
 * form token, a failed proof of work) get the same-looking 201 with nothing stored and nothing mailed; doubtful
 * content (links, a blocked word, a duplicate) is stored as spam, never published and never mailed about; a
 * throwaway address is refused; the per-IP and per-thread limits answer 429 with Retry-After.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { altchaSecrets } from '../../../src/server/http/bot-defence.js';
import { issueFormToken, signToken } from '../../../src/server/http/signed-tokens.js';
import { dialectsUnderTest } from '../support/databases.js';
import {
  commentBody,
  formToken,
  listComments,
  OWNER_EMAIL,
  postComment,
  SECRET,
  startCommentServer,
  startInbox,
  writeCounts,
  type CommentServer,
  type Inbox,
} from './support.js';
import { freshRateWindow } from '../support/rate-window.js';

async function altchaPayload(): Promise<string> {
  const secrets = altchaSecrets(SECRET);
  const challenge = await createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost: 50,
    counter: 3,
    deriveKey,
    expiresAt: new Date(Date.now() + 60_000),
    hmacSignatureSecret: secrets.signature,
    hmacKeySignatureSecret: secrets.keySignature,
  });
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 10_000 });
  assert.ok(solution);
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

for (const dialect of dialectsUnderTest()) {
  describe(`comment spam signals (${dialect})`, () => {
    let s: CommentServer;
    let inbox: Inbox;
    before(async () => {
      inbox = await startInbox();
      s = await startCommentServer(dialect, {
        settings: { moderation: 'all', blockedWords: ['cheap pills', 'casino'] },
        env: { SMTP_URL: inbox.url },
      });
    });
    after(async () => {
      await s?.close();
      await inbox?.close();
    });

    const statusOf = async (id: string) =>
      await s.db.selectFrom('comments').select(['status', 'reasons']).where('id', '=', id).executeTakeFirstOrThrow();

    test('bot signals: the same-looking 201, nothing stored, nothing mailed', async () => {
      const before = await writeCounts(s.db);
      const honest = await postComment(s.url, commentBody('bots', { body: 'A real one' }));
      assert.equal(honest.status, 201);
      await s.mailIdle();
      const mailsBefore = inbox.to(OWNER_EMAIL).length;
      const afterHonest = await writeCounts(s.db);
      assert.equal(afterHonest.comments, before.comments + 1);

      const signals = {
        honeypot: commentBody('bots', { hp: 'http://spam.example' }),
        forged: commentBody('bots', { t: 'forged.token' }),
        'other secret': commentBody('bots', {
          t: issueFormToken('another-secret-0123456789abcdef0123', Date.now() - 5_000),
        }),
        'too young': commentBody('bots', { t: formToken(500) }),
        'too old': commentBody('bots', { t: formToken(25 * 3_600_000) }),
        'wrong purpose': commentBody('bots', {
          t: signToken(SECRET, 'confirm', { iat: Date.now() - 5_000, sub: 'x' }),
        }),
      };
      for (const [name, body] of Object.entries(signals)) {
        const answer = await postComment(s.url, { ...body, email: 'bot@example.org', notifyReplies: true });
        assert.equal(answer.status, 201, `${name}: ${answer.text}`);
        assert.equal(answer.json.comment.status, 'pending', name);
        assert.deepEqual(Object.keys(answer.json).sort(), Object.keys(honest.json).sort(), name);
        assert.deepEqual(Object.keys(answer.json.comment).sort(), Object.keys(honest.json.comment).sort(), name);
      }
      await s.mailIdle();
      assert.deepEqual(await writeCounts(s.db), afterHonest, 'nothing stored');
      assert.equal(inbox.to(OWNER_EMAIL).length, mailsBefore, 'nothing mailed');
      assert.equal(inbox.to('bot@example.org').length, 0);
    });

    test('doubtful content is held as spam: never listed, never mailed; the reasons are kept for the owner', async () => {
      await s.mailIdle();
      const mails = inbox.to(OWNER_EMAIL).length;
      const links = await postComment(
        s.url,
        commentBody('content', { body: 'Visit https://a.example and [b](https://b.example) and www.c.example now' }),
      );
      const blocked = await postComment(s.url, commentBody('content', { body: 'Best CASINO bonus in town' }));
      const blockedName = await postComment(s.url, commentBody('content', { name: 'Cheap Pills', body: 'Hi there' }));
      const text = 'This exact sentence was posted before and is posted again somewhere else now.';
      const original = await postComment(s.url, commentBody('content', { body: text }));
      const duplicate = await postComment(s.url, commentBody('other-thread', { body: `  ${text.toUpperCase()} ` }));
      for (const answer of [links, blocked, blockedName, original, duplicate]) {
        assert.equal(answer.status, 201, answer.text);
        assert.equal(answer.json.comment.status, 'pending');
      }
      assert.deepEqual(await statusOf(links.json.comment.id), { status: 'spam', reasons: 'links' });
      assert.deepEqual(await statusOf(blocked.json.comment.id), { status: 'spam', reasons: 'blocked_word' });
      assert.deepEqual(await statusOf(blockedName.json.comment.id), { status: 'spam', reasons: 'blocked_word' });
      assert.deepEqual(await statusOf(original.json.comment.id), { status: 'pending', reasons: null });
      assert.deepEqual(await statusOf(duplicate.json.comment.id), { status: 'spam', reasons: 'duplicate' });
      await s.mailIdle();
      assert.equal(inbox.to(OWNER_EMAIL).length, mails + 1, 'only the pending one is mailed to the practitioner');
      assert.equal((await listComments(s.url, 'content')).json.count, 0);
      const held = await fetch(`${s.url}/api/v1/owner/comments?status=spam`, {
        headers: { Authorization: 'Bearer comments-admin-token-0123456789' },
      }).then((r) => r.json() as Promise<{ comments: { reasons?: string[] }[] }>);
      assert.ok(held.comments.some((c) => c.reasons?.includes('links')));
    });

    test('a throwaway address is refused with fields.email, and a reply request needs an address', async () => {
      const before = await writeCounts(s.db);
      const answer = await postComment(s.url, commentBody('mail', { email: 'someone@mailinator.com' }));
      assert.equal(answer.status, 400);
      assert.equal(answer.json.error.fields.email, 'Use a permanent email address');
      const noAddress = await postComment(s.url, commentBody('mail', { notifyReplies: true }));
      assert.equal(noAddress.status, 400);
      assert.ok(noAddress.json.error.fields.email);
      assert.deepEqual(await writeCounts(s.db), before);
    });
  });

  describe(`comment limits and proof of work (${dialect})`, () => {
    let s: CommentServer;
    before(async () => {
      s = await startCommentServer(dialect, {
        settings: { moderation: 'none' },
        env: {
          SOLEUS_COMMENT_RATE_LIMIT: '3',
          SOLEUS_COMMENT_THREAD_RATE_LIMIT: '4',
          SOLEUS_ALTCHA: '1',
          SOLEUS_TRUST_PROXY: '1',
        },
      });
    });
    after(async () => s?.close());

    test('per-IP and per-thread limits live in the database and answer 429 with Retry-After', async () => {
      // Counted in one-minute windows: a run that crossed into the next minute once saw the 5th post allowed.
      await freshRateWindow();
      const altcha = async () => ({ altcha: await altchaPayload() });
      for (let i = 0; i < 3; i++) {
        const ok = await postComment(s.url, commentBody('limited', { ...(await altcha()) }));
        assert.equal(ok.status, 201, ok.text);
      }
      const limited = await postComment(s.url, commentBody('limited', { ...(await altcha()) }));
      assert.equal(limited.status, 429, limited.text);
      assert.equal(limited.json.error.code, 'too_many_requests');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      // Another visitor (another IP) gets the thread's fourth post; a third visitor finds the thread limit reached.
      const fromB = await postComment(s.url, commentBody('limited', { ...(await altcha()) }), {
        'X-Forwarded-For': '192.0.2.20',
      });
      assert.equal(fromB.status, 201, fromB.text);
      const fromC = await postComment(s.url, commentBody('limited', { ...(await altcha()) }), {
        'X-Forwarded-For': '192.0.2.30',
      });
      assert.equal(fromC.status, 429, fromC.text);
      assert.ok(Number(fromC.headers.get('retry-after')) >= 1);
      const elsewhere = await postComment(s.url, commentBody('quiet', { ...(await altcha()) }), {
        'X-Forwarded-For': '192.0.2.30',
      });
      assert.equal(elsewhere.status, 201, 'the same visitor may still post on another thread');
      const rows = await s.db.selectFrom('rate_limits').select('bucket').execute();
      assert.ok(rows.some((r) => r.bucket.startsWith('comment:')));
      assert.ok(rows.some((r) => r.bucket.startsWith('comment-thread:')));
    });

    test('with ALTCHA on: no payload → 400 proof_of_work_required; a bad or replayed one → the decoy 201', async () => {
      // Another client IP would be needed for more posts; the proof-of-work refusals come before the limits.
      const missing = await postComment(s.url, commentBody('pow'));
      assert.equal(missing.status, 400);
      assert.equal(missing.json.error.code, 'proof_of_work_required');
      const before = await writeCounts(s.db);
      const bogus = await postComment(s.url, commentBody('pow', { altcha: Buffer.from('{}').toString('base64') }));
      assert.equal(bogus.status, 201);
      assert.equal(bogus.json.comment.status, 'pending');
      assert.deepEqual(await writeCounts(s.db), before);
    });
  });
}
