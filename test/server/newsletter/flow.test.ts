/**
 * Double opt-in end to end through a real SMTP server on loopback, per dialect: signup → confirmation mail with a
 * working link → the GET page changes nothing → POST confirms → welcome mail → one-click unsubscribe by POST
 * (RFC 8058) → the unsubscribe GET changes nothing; expired and forged links are refused with 400 pages; the answer is
 * the same for new, pending and confirmed addresses; a pending address gets one confirmation mail per 10 minutes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { confirmToken, signToken, unsubscribeToken } from '../../../src/server/newsletter/tokens.js';
import { dialectsUnderTest } from '../support/databases.js';
import {
  CONSENT,
  hiddenInputs,
  linkIn,
  listUnsubscribeUrl,
  read,
  SECRET,
  signupBody,
  SOURCE,
  startInbox,
  startNewsServer,
  subscribe,
  subscribers,
  type Answer,
  type Inbox,
  type NewsServer,
  type Received,
} from './support.js';

const DAY_MS = 86_400_000;

function assertNewsletterHeaders(message: Received): void {
  const url = listUnsubscribeUrl(message);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=[A-Za-z0-9_.-]+$/);
  assert.match(message.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
}

for (const dialect of dialectsUnderTest()) {
  describe(`newsletter double opt-in over SMTP (${dialect})`, () => {
    let inbox: Inbox;
    let s: NewsServer;

    before(async () => {
      inbox = await startInbox();
      s = await startNewsServer(dialect, {
        SMTP_URL: inbox.url,
        SOLEUS_NEWSLETTER_WELCOME: 'Welcome aboard.\n\nOne email a month, no more.',
      });
    });
    after(async () => {
      await s?.close();
      await inbox?.close();
    });

    test('signup → confirm by POST → welcome → one-click unsubscribe; GETs change nothing', async () => {
      const email = 'Ann.Flow@Example.com';
      const answer = await subscribe(s.url, signupBody(email, { name: 'Ann', list: 'monthly-notes' }));
      assert.equal(answer.status, 202, answer.text);
      assert.deepEqual(answer.json, { status: 'pending' });

      const [row] = await subscribers(s.db);
      assert.equal(row!.email, 'ann.flow@example.com', 'stored lowercased');
      assert.equal(row!.status, 'pending');
      assert.equal(row!.list, 'monthly-notes');
      assert.equal(row!.consent_text, CONSENT);
      assert.equal(row!.consent_source, SOURCE);
      assert.ok(row!.created_at && !row!.confirmed_at && !row!.unsubscribed_at);

      const [confirmation] = await inbox.waitFor('ann.flow@example.com', 1);
      assert.match(confirmation!.mail.subject ?? '', /^Confirm your subscription/);
      assert.match(confirmation!.mail.text ?? '', /^Hello Ann,/);
      assert.match(String(confirmation!.mail.html), /Confirm my subscription/);
      assertNewsletterHeaders(confirmation!);
      const confirmUrl = linkIn(confirmation!.mail.text ?? '', `${s.url}/subscribe/confirm?token=`);

      // GET shows a page with a POST button and changes nothing (link scanners confirm no one).
      const page = await read(await fetch(confirmUrl));
      assert.equal(page.status, 200);
      assert.match(String(page.headers.get('content-type')), /^text\/html/);
      assert.match(page.text, /<form method="post" action="\/subscribe\/confirm">/);
      assert.match(page.text, /ann\.flow@example\.com/);
      assert.doesNotMatch(page.text, /<script/i);
      assert.match(String(page.headers.get('content-security-policy')), /style-src 'self'/);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      assert.equal((await subscribers(s.db))[0]!.status, 'pending');
      const css = await fetch(`${s.url}/subscribe/newsletter.css`);
      assert.equal(css.status, 200);
      assert.match(String(css.headers.get('content-type')), /^text\/css/);
      await css.arrayBuffer();

      // POST (the page's button) confirms.
      const token = hiddenInputs(page.text).token!;
      const confirmed = await read(
        await fetch(`${s.url}/subscribe/confirm`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token }).toString(),
        }),
      );
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.match(confirmed.text, /You are subscribed/);
      const after1 = (await subscribers(s.db))[0]!;
      assert.equal(after1.status, 'confirmed');
      assert.ok(after1.confirmed_at);

      // The welcome mail, with the owner's text and the unsubscribe headers.
      const welcome = (await inbox.waitFor('ann.flow@example.com', 2))[1]!;
      assert.match(welcome.mail.subject ?? '', /^Welcome/);
      assert.match(welcome.mail.text ?? '', /Welcome aboard\.\n\nOne email a month, no more\./);
      assertNewsletterHeaders(welcome);

      // Confirming again is harmless and sends nothing more.
      const again = await read(
        await fetch(`${s.url}/subscribe/confirm`, { method: 'POST', body: new URLSearchParams({ token }) }),
      );
      assert.equal(again.status, 200);
      assert.match(again.text, /Already subscribed/);

      // GET on the unsubscribe link shows a button and changes nothing.
      const unsubscribeUrl = listUnsubscribeUrl(welcome);
      const unsubPage = await read(await fetch(unsubscribeUrl));
      assert.equal(unsubPage.status, 200);
      assert.match(unsubPage.text, /<form method="post" action="\/unsubscribe\?token=/);
      assert.equal((await subscribers(s.db))[0]!.status, 'confirmed');

      // One-click unsubscribe: what a mail client sends (RFC 8058).
      const oneClick = await read(
        await fetch(unsubscribeUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        }),
      );
      assert.equal(oneClick.status, 200, oneClick.text);
      assert.match(oneClick.text, /You are unsubscribed/);
      const gone = (await subscribers(s.db))[0]!;
      assert.equal(gone.status, 'unsubscribed');
      assert.ok(gone.unsubscribed_at);
      // The consent record keeps signup and confirmation times.
      assert.equal(gone.confirmed_at, after1.confirmed_at);

      // Again: still 200, nothing changes; the old confirmation link no longer subscribes.
      const twice = await read(
        await fetch(unsubscribeUrl, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) }),
      );
      assert.equal(twice.status, 200);
      const stale = await read(
        await fetch(`${s.url}/subscribe/confirm`, { method: 'POST', body: new URLSearchParams({ token }) }),
      );
      assert.equal(stale.status, 400);
      assert.equal((await subscribers(s.db))[0]!.status, 'unsubscribed');
      await sleep(100);
      await s.mailIdle();
      assert.equal(inbox.to('ann.flow@example.com').length, 2, 'no more mail after the unsubscribe');
    });

    test('expired and forged links get 400 pages and change nothing', async () => {
      const email = 'expiry@example.com';
      assert.equal((await subscribe(s.url, signupBody(email))).status, 202);
      const row = (await subscribers(s.db)).find((r) => r.email === email)!;

      const expired = confirmToken(SECRET, row.id, Date.now() - 7 * DAY_MS - 60_000);
      const forged = confirmToken('another-secret-0123456789abcdef0123456789', row.id, Date.now());
      // The last character only (it also carries two unused bits: a decoder alone would not notice), and one inside.
      const tampered = confirmToken(SECRET, row.id, Date.now()).replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
      const valid = confirmToken(SECRET, row.id, Date.now());
      const at = valid.length - 10;
      const tamperedInside = valid.slice(0, at) + (valid[at] === 'x' ? 'y' : 'x') + valid.slice(at + 1);
      const wrongPurpose = unsubscribeToken(SECRET, row.id, Date.now());
      const formPurpose = signToken(SECRET, 'form', { iat: Date.now() - 10_000 });
      for (const [label, token, pattern] of [
        ['expired', expired, /expired/],
        ['forged', forged, /not valid/],
        ['tampered', tampered, /not valid/],
        ['tampered inside', tamperedInside, /not valid/],
        ['unsubscribe token used to confirm', wrongPurpose, /not valid/],
        ['form token used to confirm', formPurpose, /not valid/],
        ['garbage', 'abc.def', /not valid/],
      ] as const) {
        const get = await read(await fetch(`${s.url}/subscribe/confirm?token=${encodeURIComponent(token)}`));
        assert.equal(get.status, 400, `${label} GET`);
        assert.match(get.text, pattern, label);
        assert.match(String(get.headers.get('content-type')), /^text\/html/);
        const post = await read(
          await fetch(`${s.url}/subscribe/confirm`, { method: 'POST', body: new URLSearchParams({ token }) }),
        );
        assert.equal(post.status, 400, `${label} POST`);
      }
      const missing = await read(await fetch(`${s.url}/subscribe/confirm`));
      assert.equal(missing.status, 400);

      // A confirm token does not unsubscribe; a forged unsubscribe token is refused.
      const crossed = await read(
        await fetch(`${s.url}/unsubscribe?token=${encodeURIComponent(confirmToken(SECRET, row.id, Date.now()))}`, {
          method: 'POST',
        }),
      );
      assert.equal(crossed.status, 400);
      const forgedUnsub = unsubscribeToken('another-secret-0123456789abcdef0123456789', row.id, Date.now());
      assert.equal(
        (await read(await fetch(`${s.url}/unsubscribe?token=${encodeURIComponent(forgedUnsub)}`))).status,
        400,
      );
      assert.equal(
        (await read(await fetch(`${s.url}/unsubscribe?token=${encodeURIComponent(forgedUnsub)}`, { method: 'POST' })))
          .status,
        400,
      );
      assert.equal((await subscribers(s.db)).find((r) => r.email === email)!.status, 'pending');

      // A token just inside 7 days still works.
      const lastDay = confirmToken(SECRET, row.id, Date.now() - 7 * DAY_MS + 60_000);
      const ok = await read(
        await fetch(`${s.url}/subscribe/confirm`, { method: 'POST', body: new URLSearchParams({ token: lastDay }) }),
      );
      assert.equal(ok.status, 200, ok.text);
      assert.equal((await subscribers(s.db)).find((r) => r.email === email)!.status, 'confirmed');
    });

    test('the same 202 for new, pending and confirmed addresses; one confirmation mail per 10 minutes', async () => {
      const fresh = 'fresh@example.com';
      const pending = 'pending@example.com';
      const confirmed = 'confirmed@example.com';
      assert.equal((await subscribe(s.url, signupBody(pending))).status, 202);
      assert.equal((await subscribe(s.url, signupBody(confirmed))).status, 202);
      const [mail] = await inbox.waitFor(confirmed, 1);
      const url = linkIn(mail!.mail.text ?? '', `${s.url}/subscribe/confirm?token=`);
      const token = new URL(url).searchParams.get('token')!;
      assert.equal(
        (await fetch(`${s.url}/subscribe/confirm`, { method: 'POST', body: new URLSearchParams({ token }) })).status,
        200,
      );
      await inbox.waitFor(pending, 1);
      await inbox.waitFor(confirmed, 2); // confirmation + welcome

      const answers: Answer[] = [];
      for (const email of [fresh, pending, confirmed]) answers.push(await subscribe(s.url, signupBody(email)));
      const shape = (a: Answer) => ({
        status: a.status,
        body: a.text,
        type: a.headers.get('content-type'),
        cache: a.headers.get('cache-control'),
        length: a.headers.get('content-length'),
        retry: a.headers.get('retry-after'),
      });
      assert.deepEqual(shape(answers[1]!), shape(answers[0]!), 'pending answers like new');
      assert.deepEqual(shape(answers[2]!), shape(answers[0]!), 'confirmed answers like new');
      assert.equal(answers[0]!.status, 202);

      await inbox.waitFor(fresh, 1);
      await sleep(200);
      await s.mailIdle();
      assert.equal(inbox.to(pending).length, 1, 'a pending address gets no second confirmation within 10 minutes');
      assert.equal(inbox.to(confirmed).length, 2, 'a confirmed address gets nothing');
      assert.equal(
        (await subscribers(s.db)).find((r) => r.email === confirmed)!.status,
        'confirmed',
        'a re-signup does not reset a confirmed address',
      );

      // 10 minutes later (moved back in the database), the pending address gets a new confirmation.
      await s.db
        .updateTable('subscribers')
        .set({ last_confirmation_sent_ms: Date.now() - 10 * 60_000 - 1_000 })
        .where('email', '=', pending)
        .execute();
      assert.equal((await subscribe(s.url, signupBody(pending))).status, 202);
      await inbox.waitFor(pending, 2);
      const [first, second] = inbox.to(pending);
      assert.notEqual(
        linkIn(first!.mail.text ?? '', `${s.url}/subscribe/confirm?token=`),
        linkIn(second!.mail.text ?? '', `${s.url}/subscribe/confirm?token=`),
      );
      await sleep(100);
      assert.equal(inbox.to(pending).length, 2);
    });

    test('a name riding along in mail is plain text; an unsubscribed address may sign up again with a new consent record', async () => {
      const email = 'again@example.com';
      assert.equal((await subscribe(s.url, signupBody(email, { name: '<b>Bo</b> & "Co"' }))).status, 202);
      const [mail] = await inbox.waitFor(email, 1);
      assert.match(String(mail!.mail.html), /&lt;b&gt;Bo&lt;\/b&gt; &amp; &quot;Co&quot;/);
      assert.doesNotMatch(String(mail!.mail.html), /<b>Bo<\/b>/);
      const unsubscribeUrl = listUnsubscribeUrl(mail!);
      assert.equal(
        (
          await fetch(unsubscribeUrl, {
            method: 'POST',
            body: 'List-Unsubscribe=One-Click',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          })
        ).status,
        200,
      );
      assert.equal((await subscribers(s.db)).find((r) => r.email === email)!.status, 'unsubscribed');

      await s.db.updateTable('subscribers').set({ last_confirmation_sent_ms: 0 }).where('email', '=', email).execute();
      const wording = 'New wording: monthly notes, unsubscribe any time.';
      assert.equal(
        (await subscribe(s.url, signupBody(email, { consentText: wording, source: 'https://blog.example.com/other' })))
          .status,
        202,
      );
      const row = (await subscribers(s.db)).find((r) => r.email === email)!;
      assert.equal(row.status, 'pending');
      assert.equal(row.consent_text, wording);
      assert.equal(row.consent_source, 'https://blog.example.com/other');
      assert.equal(row.unsubscribed_at, null);
      await inbox.waitFor(email, 2);
    });
  });
}
