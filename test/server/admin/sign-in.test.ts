/**
 * Signing in to the owner console by email link, per dialect: the mail through a real SMTP inbox, the link page (a
 * button, no-store, no-referrer), the cookie's attributes, single use, the 15-minute expiry, the same answer for an
 * address that is not an owner's, the form answers without JavaScript, and the rate limits (429 with Retry-After).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startInbox, type Inbox } from '../../support/smtp.js';
import { dialectsUnderTest } from '../support/databases.js';
import {
  askLink,
  asOwner,
  OWNER,
  sessionCookieOf,
  signIn,
  spend,
  startAdminServer,
  tokenFromOutbox,
  tokenFromText,
  type AdminServer,
} from './support.js';

const TEN_MINUTES = 10 * 60_000;

for (const dialect of dialectsUnderTest()) {
  describe(`owner sign-in by email link (${dialect})`, () => {
    let s: AdminServer;
    let inbox: Inbox;
    before(async () => {
      inbox = await startInbox();
      s = await startAdminServer(dialect, { SMTP_URL: inbox.url });
    });
    after(async () => {
      await s?.close();
      await inbox?.close();
    });
    // Every test starts in a new rate-limit window (all requests come from 127.0.0.1).
    beforeEach(() => {
      s.clock.ms += TEN_MINUTES + 1_000;
    });

    test('the emailed link opens a page whose button signs in; the cookie is as the contract says', async () => {
      const asked = await askLink(s, OWNER);
      assert.equal(asked.status, 202);
      assert.deepEqual(await asked.json(), { status: 'sent' });
      const [received] = await inbox.waitFor(OWNER, 1);
      assert.match(received!.mail.subject ?? '', /^Sign in to /);
      const text = received!.mail.text ?? '';
      assert.ok(text.includes(`${s.url}/admin/link?token=`), text);
      const token = tokenFromText(text);

      const page = await fetch(`${s.url}/admin/link?token=${encodeURIComponent(token)}`);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      const html = await page.text();
      assert.match(html, /<form method="post" action="\/admin\/link">/);
      assert.ok(html.includes(`name="token" value="${token}"`));
      // Opening the page (a link scanner) signs no one in: the token still works below.

      const spent = await spend(s, token);
      assert.equal(spent.status, 303);
      assert.equal(spent.headers.get('location'), '/admin');
      const cookie = spent.headers.getSetCookie().find((c) => c.startsWith('soleus_session='))!;
      const attributes = cookie.split(';').map((p) => p.trim().toLowerCase());
      assert.ok(attributes.includes('httponly'), cookie);
      assert.ok(attributes.includes('samesite=strict'), cookie);
      assert.ok(attributes.includes('path=/admin'), cookie);
      assert.ok(!attributes.includes('secure'), 'no Secure over plain http');
      assert.ok(!attributes.some((a) => a.startsWith('max-age') || a.startsWith('expires')), cookie);
      const secret = cookie.split(';')[0]!.slice('soleus_session='.length);
      assert.ok(secret.length >= 40);
      const stored = await s.db.selectFrom('admin_sessions').select('secret_hash').execute();
      assert.ok(!stored.some((r) => r.secret_hash === secret), 'the database keeps only a hash');

      const me = await asOwner(s, sessionCookieOf(spent), 'GET', '/admin/api/session');
      assert.equal(me.status, 200);
      assert.equal(me.json.owner.email, OWNER);
      assert.equal(me.json.session.method, 'link');
      assert.equal(me.headers.get('cache-control'), 'no-store');
    });

    test('a link works once', async () => {
      await askLink(s, OWNER);
      const token = await tokenFromOutbox(s, OWNER);
      assert.equal((await spend(s, token)).status, 303);
      const again = await spend(s, token);
      assert.equal(again.status, 400);
      assert.equal(again.headers.getSetCookie().length, 0);
      const html = await again.text();
      assert.match(html, /This sign-in link has expired or was already used/);
      assert.match(html, /action="\/admin\/sign-in"/, 'with the form to ask for a new one');
    });

    test('a link dies after 15 minutes', async () => {
      await askLink(s, OWNER);
      const token = await tokenFromOutbox(s, OWNER);
      s.clock.ms += 15 * 60_000 + 1;
      assert.equal((await spend(s, token)).status, 400);
    });

    test('an unknown token, or none, is the same 400 page', async () => {
      assert.equal((await spend(s, 'not-a-real-token')).status, 400);
      assert.equal((await spend(s, '')).status, 400);
    });

    test('an address that is not an owner gets the same answer and no mail', async () => {
      const stranger = 'someone.else@example.com';
      const asked = await askLink(s, stranger);
      assert.equal(asked.status, 202);
      assert.deepEqual(await asked.json(), { status: 'sent' });
      const rows = await s.db.selectFrom('mail_outbox').select('id').where('to', '=', stranger).execute();
      assert.equal(rows.length, 0);
      const links = await s.db
        .selectFrom('admin_sign_in_links')
        .select('email')
        .where('email', '=', stranger)
        .execute();
      assert.equal(links.length, 0);
    });

    test('without JavaScript: the form post answers with the "check your inbox" page', async () => {
      const response = await fetch(`${s.url}/admin/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'Jim@Example.com ' }).toString(),
      });
      assert.equal(response.status, 202);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await response.text(), /Check your inbox/);
      // Case and spaces do not matter: the owner's mail went out.
      assert.ok(await tokenFromOutbox(s, OWNER));
      const bad = await fetch(`${s.url}/admin/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'email=not-an-address',
      });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /aria-invalid="true"/);
    });

    test('a malformed address as JSON is 400 invalid_request', async () => {
      const response = await askLink(s, 'nope');
      assert.equal(response.status, 400);
      const body = (await response.json()) as { error: { code: string; fields: Record<string, string> } };
      assert.equal(body.error.code, 'invalid_request');
      assert.ok(body.error.fields.email);
    });

    test('more than 5 requests in 10 minutes per address or per IP: 429 with Retry-After', async () => {
      for (let i = 0; i < 5; i++) assert.equal((await askLink(s, OWNER)).status, 202, `request ${i + 1}`);
      const sixth = await askLink(s, OWNER);
      assert.equal(sixth.status, 429);
      const body = (await sixth.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'too_many_requests');
      const retry = Number(sixth.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 600, String(retry));
      // The IP's limit holds for any other address too.
      assert.equal((await askLink(s, 'other@example.com')).status, 429);
      // Per address, from other IPs (behind a trusted proxy this would be X-Forwarded-For): counted in the same window.
      const mails = await s.db.selectFrom('mail_outbox').select('id').where('to', '=', OWNER).execute();
      s.clock.ms += TEN_MINUTES;
      assert.equal((await askLink(s, OWNER)).status, 202, 'a new window lets the owner ask again');
      const after = await s.db.selectFrom('mail_outbox').select('id').where('to', '=', OWNER).execute();
      assert.equal(after.length, mails.length + 1);
    });

    test('GET /admin is the console page: strict CSP, our own script, the plain form inside', async () => {
      const response = await fetch(`${s.url}/admin`);
      assert.equal(response.status, 200);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /default-src 'self'/);
      const html = await response.text();
      assert.match(html, /<script type="module" src="\/admin\/console.js"><\/script>/);
      assert.match(
        html,
        /<soleus-console[^>]*>[\s\S]*<form method="post" action="\/admin\/sign-in">[\s\S]*<\/soleus-console>/,
      );
      assert.ok(!/https?:\/\/(?!127\.0\.0\.1)/.test(html.replace(/<meta[^>]*>/g, '')), 'no third-party address');
    });

    test('signed out: /admin/api/session is 401 unauthorized', async () => {
      const response = await fetch(`${s.url}/admin/api/session`);
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthorized');
      const cookie = await signIn(s);
      assert.equal((await asOwner(s, cookie, 'GET', '/admin/api/session')).status, 200);
    });

    test('passkey sign-in: options carry a challenge for this host; a bogus answer is 400 passkey_failed', async () => {
      const options = await fetch(`${s.url}/admin/passkey/options`, { method: 'POST' });
      assert.equal(options.status, 200);
      const json = (await options.json()) as { challenge: string; rpId: string };
      assert.ok(json.challenge.length >= 16);
      assert.equal(json.rpId, '127.0.0.1');
      const verify = await fetch(`${s.url}/admin/passkey/verify`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ response: { id: 'nope', rawId: 'nope', type: 'public-key', response: {} } }),
      });
      assert.equal(verify.status, 400);
      assert.equal(((await verify.json()) as { error: { code: string } }).error.code, 'passkey_failed');
    });
  });
}

describe('owner sign-in behind https (sqlite)', () => {
  let s: AdminServer;
  before(async () => {
    s = await startAdminServer('sqlite', { SOLEUS_PUBLIC_URL: 'https://console.example.com' });
  });
  after(async () => {
    await s?.close();
  });

  test('the cookie is Secure, and the emailed link uses the public URL', async () => {
    await askLink(s, OWNER);
    const row = await s.db.selectFrom('mail_outbox').select('text').where('to', '=', OWNER).executeTakeFirstOrThrow();
    assert.ok(row.text.includes('https://console.example.com/admin/link?token='), row.text);
    const spent = await fetch(`${s.url}/admin/link`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokenFromText(row.text) }).toString(),
      redirect: 'manual',
    });
    assert.equal(spent.status, 303);
    const cookie = spent.headers.getSetCookie().find((c) => c.startsWith('soleus_session='))!;
    assert.ok(
      cookie
        .split(';')
        .map((p) => p.trim().toLowerCase())
        .includes('secure'),
      cookie,
    );
  });
});
