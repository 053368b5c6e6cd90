/**
 * Newsletter signup validation and bot defence, per dialect: field errors (disposable domains, links in names, long
 * names), the form token (missing → 400; forged, too young, too old → silent 202), the honeypot, the plain HTML form
 * post without JavaScript, limits per IP and per address (429 + Retry-After), the optional ALTCHA proof of work, and
 * nothing written on any 4xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Kysely } from 'kysely';
import { DISPOSABLE_EMAIL_MESSAGE, NAME_LINK_MESSAGE } from '../../../src/core/schemas/newsletter.js';
import type { Database } from '../../../src/server/db/schema.js';
import { altchaSecrets } from '../../../src/server/newsletter/bot-defence.js';
import { checkFormToken, confirmToken, issueFormToken } from '../../../src/server/newsletter/tokens.js';
import { dialectsUnderTest } from '../support/databases.js';
import {
  CONSENT,
  formToken,
  hiddenInputs,
  read,
  SECRET,
  signupBody,
  SOURCE,
  startNewsServer,
  subscribe,
  subscribeForm,
  subscribers,
  writeCounts,
  type NewsServer,
} from './support.js';
import { freshRateWindow } from '../support/rate-window.js';

async function outboxCount(db: Kysely<Database>): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('mail_outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** Everything a signup could write, mail included. */
async function snapshot(s: NewsServer) {
  await s.mailIdle();
  return { ...(await writeCounts(s.db)), outbox: await outboxCount(s.db) };
}

/** A solved ALTCHA payload for a challenge signed like the server's, with a small known counter (fast to solve). */
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
  assert.ok(solution, 'solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

for (const dialect of dialectsUnderTest()) {
  describe(`newsletter bot defence and validation (${dialect})`, () => {
    let s: NewsServer;
    before(async () => {
      s = await startNewsServer(dialect); // no SMTP_URL: mail goes to the development outbox table, which we count
    });
    after(async () => {
      await s?.close();
    });

    test('GET /api/v1/form-token gives a signed render time, not cached', async () => {
      const answer = await read(await fetch(`${s.url}/api/v1/form-token`));
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      assert.deepEqual(Object.keys(answer.json), ['token']);
      assert.equal(checkFormToken(SECRET, answer.json.token, Date.now()), 'too_young');
      assert.equal(checkFormToken(SECRET, answer.json.token, Date.now() + 4_000), 'ok');
      assert.equal(checkFormToken(SECRET, answer.json.token, Date.now() + 25 * 3_600_000), 'too_old');
      assert.equal(
        (await fetch(`${s.url}/api/v1/form-token/altcha`)).status,
        404,
        'no proof of work unless switched on',
      );
    });

    test('bot signals get the normal 202 and nothing is stored or sent', async () => {
      const before = await snapshot(s);
      const normal = await subscribe(s.url, signupBody('control@example.com'));
      assert.equal(normal.status, 202);
      const base = await snapshot(s);
      assert.equal(base.subscribers, before.subscribers + 1);
      assert.equal(base.outbox, before.outbox + 1, 'the control signup sends one mail');

      const signals: [string, Record<string, unknown>][] = [
        ['honeypot filled', { hp: 'http://spam.example' }],
        ['token 1 s old', { t: formToken(1_000) }],
        ['token 25 h old', { t: formToken(25 * 3_600_000) }],
        [
          'token signed with another secret',
          { t: issueFormToken('some-other-secret-0123456789abcdef0123', Date.now() - 5_000) },
        ],
        ['token tampered', { t: formToken().replace(/^./, (c) => (c === 'e' ? 'f' : 'e')) }],
        ['a confirm token as form token', { t: confirmToken(SECRET, 'x', Date.now() - 5_000) }],
        ['token garbage', { t: 'not-a-token' }],
      ];
      for (const [label, extra] of signals) {
        const answer = await subscribe(s.url, signupBody(`bot.${label.replace(/\W+/g, '-')}@example.com`, extra));
        assert.equal(answer.status, 202, label);
        assert.equal(answer.text, normal.text, `${label}: same body`);
        assert.equal(answer.headers.get('content-type'), normal.headers.get('content-type'));
        assert.equal(answer.headers.get('cache-control'), normal.headers.get('cache-control'));
        assert.deepEqual(await snapshot(s), base, `${label}: nothing stored, counted or sent`);
      }
      // A plain form post with the honeypot filled: the normal page, nothing stored.
      const formBot = await subscribeForm(s.url, {
        email: 'formbot@example.com',
        consent: 'on',
        consentText: CONSENT,
        hp: 'x',
        t: formToken(),
      });
      assert.equal(formBot.status, 202);
      assert.match(formBot.text, /Check your inbox/);
      assert.deepEqual(await snapshot(s), base);
    });

    test('field errors: 400 with the field named, nothing written', async () => {
      const base = await snapshot(s);
      const cases: [string, Record<string, unknown>, string, string | RegExp][] = [
        ['disposable domain', { email: 'someone@mailinator.com' }, 'email', DISPOSABLE_EMAIL_MESSAGE],
        ['disposable subdomain', { email: 'someone@x.yopmail.com' }, 'email', DISPOSABLE_EMAIL_MESSAGE],
        ['URL in name', { name: 'Win big at https://spam.example' }, 'name', NAME_LINK_MESSAGE],
        ['www in name', { name: 'visit www.spam.example' }, 'name', NAME_LINK_MESSAGE],
        ['domain path in name', { name: 'Ann bit.ly/abc' }, 'name', NAME_LINK_MESSAGE],
        ['name of 101 characters', { name: 'A'.repeat(101) }, 'name', 'Use at most 100 characters'],
        ['line break in name', { name: 'Ann\r\nBcc: x@example.com' }, 'name', /line breaks/],
        ['no consent', { consent: false }, 'consent', 'Tick the box to agree'],
        ['consent missing', { consent: undefined }, 'consent', 'Tick the box to agree'],
        ['no consent wording', { consentText: '' }, 'consentText', /consent wording/],
        ['bad email', { email: 'not-an-email' }, 'email', 'Enter an email address like name@example.com'],
        ['bad list', { list: 'Not A List' }, 'list', /list name/],
        ['source not http', { source: 'javascript:alert(1)' }, 'source', /address of the page/],
      ];
      for (const [label, extra, field, message] of cases) {
        const body = signupBody('fields@example.com', extra);
        if ('consent' in extra && extra.consent === undefined) delete body.consent;
        const answer = await subscribe(s.url, body);
        assert.equal(answer.status, 400, `${label}: ${answer.text}`);
        assert.equal(answer.json.error.code, 'invalid_request', label);
        if (typeof message === 'string') assert.equal(answer.json.error.fields[field], message, label);
        else assert.match(String(answer.json.error.fields[field]), message, label);
      }
      // A 100-character name is fine (checked without storing: a bot-signal token keeps it silent).
      const hundred = await subscribe(s.url, signupBody('hundred@example.com', { name: 'A'.repeat(100), hp: 'x' }));
      assert.equal(hundred.status, 202);

      const noToken = await subscribe(s.url, signupBody('notoken@example.com', { t: undefined }));
      assert.equal(noToken.status, 400);
      assert.equal(noToken.json.error.code, 'form_token_required');
      const badJson = await read(
        await fetch(`${s.url}/api/v1/subscriptions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"email":',
        }),
      );
      assert.equal(badJson.status, 400);
      assert.equal(badJson.json.error.code, 'invalid_json');
      const plain = await read(
        await fetch(`${s.url}/api/v1/subscriptions`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: 'email=a@b.co',
        }),
      );
      assert.equal(plain.status, 415);
      assert.deepEqual(await snapshot(s), base, 'nothing written by any 4xx');
    });

    test('a plain form post without a token gets a page to press once more, which then subscribes', async () => {
      const base = await snapshot(s);
      const email = 'nojs@example.com';
      const first = await subscribeForm(
        s.url,
        { email, name: 'Noa', list: 'monthly-notes', consent: 'on', consentText: CONSENT, source: SOURCE, hp: '' },
        { Referer: 'https://blog.example.com/elsewhere' },
      );
      assert.equal(first.status, 200, first.text);
      assert.match(String(first.headers.get('content-type')), /^text\/html/);
      assert.match(first.text, /press the button once more/);
      assert.match(first.text, /<form method="post" action="\/api\/v1\/subscriptions">/);
      assert.match(
        first.text,
        new RegExp(`href="${SOURCE.replace(/[.?/]/g, '\\$&')}"`),
        'a back link to the source page',
      );
      assert.doesNotMatch(first.text, /<script|style=/i);
      const hidden = hiddenInputs(first.text);
      assert.equal(hidden.email, email);
      assert.equal(hidden.name, 'Noa');
      assert.equal(hidden.list, 'monthly-notes');
      assert.equal(hidden.consent, 'on');
      assert.equal(hidden.consentText, CONSENT);
      assert.equal(hidden.source, SOURCE);
      assert.ok(hidden.t, 'a fresh token');
      assert.deepEqual(await snapshot(s), base, 'nothing stored yet');

      await sleep(1_200); // a person reads the page and presses the button
      const second = await subscribeForm(s.url, hidden);
      assert.equal(second.status, 202, second.text);
      assert.match(second.text, /Check your inbox/);
      const row = (await subscribers(s.db)).find((r) => r.email === email);
      assert.ok(row, 'stored');
      assert.equal(row.name, 'Noa');
      assert.equal(row.consent_text, CONSENT);
      assert.equal(row.consent_source, SOURCE);
    });

    test('a plain form post with mistakes gets the form back with what was typed, and nothing is stored', async () => {
      const base = await snapshot(s);
      const answer = await subscribeForm(
        s.url,
        { email: 'typo@mailinator.com', name: 'Pat <script>', consentText: CONSENT, source: SOURCE },
        { Referer: SOURCE },
      );
      assert.equal(answer.status, 400);
      assert.match(String(answer.headers.get('content-type')), /^text\/html/);
      assert.match(answer.text, /value="typo@mailinator\.com"/);
      assert.match(answer.text, /value="Pat &lt;script&gt;"/, 'typed values kept and escaped');
      assert.doesNotMatch(answer.text, /<script/);
      assert.match(answer.text, /Use a permanent email address/);
      assert.match(answer.text, /Tick the box to agree/);
      assert.match(answer.text, /aria-invalid="true" aria-describedby="email-error"/);
      assert.ok(hiddenInputs(answer.text).t, 'a fresh token for the next press');
      assert.deepEqual(await snapshot(s), base);
    });

    test('limits per address: 429 with Retry-After', async () => {
      await freshRateWindow();
      const email = 'hammered@example.com';
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 6; i++) {
        last = await subscribe(s.url, signupBody(email));
        statuses.push(last.status);
      }
      assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429]);
      assert.equal(last!.json.error.code, 'too_many_requests');
      const retry = Number(last!.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
      // Another address from the same client is still fine.
      assert.equal((await subscribe(s.url, signupBody('other.address@example.com'))).status, 202);
    });
  });

  describe(`newsletter limits per IP (${dialect})`, () => {
    let s: NewsServer;
    before(async () => {
      s = await startNewsServer(dialect, { SOLEUS_SUBSCRIBE_RATE_LIMIT: '2' });
    });
    after(async () => {
      await s?.close();
    });

    test('beyond SOLEUS_SUBSCRIBE_RATE_LIMIT a minute: 429 with Retry-After, as JSON and as a page', async () => {
      await freshRateWindow();
      assert.equal((await subscribe(s.url, signupBody('ip1@example.com'))).status, 202);
      assert.equal((await subscribe(s.url, signupBody('ip2@example.com'))).status, 202);
      const third = await subscribe(s.url, signupBody('ip3@example.com'));
      assert.equal(third.status, 429);
      assert.equal(third.json.error.code, 'too_many_requests');
      assert.ok(Number(third.headers.get('retry-after')) >= 1);
      const page = await subscribeForm(s.url, {
        email: 'ip4@example.com',
        consent: 'on',
        consentText: CONSENT,
        t: formToken(),
      });
      assert.equal(page.status, 429);
      assert.match(page.text, /Too many attempts/);
      assert.ok(Number(page.headers.get('retry-after')) >= 1);
      const emails = (await subscribers(s.db)).map((r) => r.email).sort();
      assert.deepEqual(emails, ['ip1@example.com', 'ip2@example.com']);
    });
  });

  describe(`newsletter proof of work, SOLEUS_ALTCHA=1 (${dialect})`, () => {
    let s: NewsServer;
    before(async () => {
      s = await startNewsServer(dialect, { SOLEUS_ALTCHA: '1' });
    });
    after(async () => {
      await s?.close();
    });

    test('the form token names the challenge; a missing solution is 400, a bad or replayed one is silent', async () => {
      const token = await read(await fetch(`${s.url}/api/v1/form-token`));
      assert.equal(token.json.altcha, '/api/v1/form-token/altcha');
      const challenge = await read(await fetch(`${s.url}${token.json.altcha}`));
      assert.equal(challenge.status, 200);
      assert.equal(challenge.json.parameters.algorithm, 'PBKDF2/SHA-256');
      assert.ok(challenge.json.signature, 'signed');

      const base = await snapshot(s);
      const missing = await subscribe(s.url, signupBody('pow@example.com'));
      assert.equal(missing.status, 400);
      assert.equal(missing.json.error.code, 'proof_of_work_required');
      const noJs = await subscribeForm(s.url, {
        email: 'pow@example.com',
        consent: 'on',
        consentText: CONSENT,
        t: formToken(),
      });
      assert.equal(noJs.status, 400);
      assert.match(noJs.text, /JavaScript/);
      assert.deepEqual(await snapshot(s), base);

      const bogus = Buffer.from(
        JSON.stringify({ challenge: challenge.json, solution: { counter: 1, derivedKey: '00' } }),
      ).toString('base64');
      assert.equal((await subscribe(s.url, signupBody('pow@example.com', { altcha: bogus }))).status, 202);
      assert.equal((await subscribe(s.url, signupBody('pow@example.com', { altcha: 'garbage' }))).status, 202);
      assert.deepEqual(await snapshot(s), base, 'bad solutions store nothing');

      const payload = await altchaPayload();
      assert.equal((await subscribe(s.url, signupBody('pow@example.com', { altcha: payload }))).status, 202);
      assert.equal((await subscribers(s.db)).length, 1);
      assert.equal((await subscribe(s.url, signupBody('replay@example.com', { altcha: payload }))).status, 202);
      assert.deepEqual(
        (await subscribers(s.db)).map((r) => r.email),
        ['pow@example.com'],
        'a replayed solution stores nothing',
      );
    });
  });
}
