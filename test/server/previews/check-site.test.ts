/**
 * "Check my site" (`POST /api/v1/owner/check-site`), per dialect: the owner's page is fetched through the link-preview
 * fetcher and its address rules, and the answer says whether the snippet (a script from this server and a soleus-*
 * element) is on it and whether the page's origin is in SOLEUS_ALLOWED_ORIGINS. Private and link-local addresses,
 * a name resolving to one and a redirect to one are refused (422) with canary listeners there counting no connection.
 * The fixture site needs a "public" address, so this file runs in a network namespace of its own
 * (test/support/netns.ts); no packet leaves it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { enterNetworkNamespace, PUBLIC_ADDRESS } from '../../support/netns.js';
import { dialectsUnderTest } from '../support/databases.js';
import { ADMIN_TOKEN as ADMIN, startTestServer, type TestServer } from '../support/booking.js';
import '../support/contract.js'; // every answer is checked against the contract's schemas
import { read } from '../newsletter/support.js';

await enterNetworkNamespace();

// Canaries on private and link-local addresses, inside this namespace only: any connection there is a failure.
const CANARIES = ['10.0.0.1', '169.254.169.254'];
let canaryHits = 0;
const canaries: http.Server[] = [];
for (const address of CANARIES) {
  execFileSync('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo']);
  const canary = http.createServer((_req, res) => res.end('<soleus-link-card></soleus-link-card>'));
  canary.on('connection', () => canaryHits++);
  await new Promise<void>((resolve) => canary.listen(80, address, resolve));
  canaries.push(canary);
}

let serverUrl = ''; // set once the Soleus server listens: the fixture pages load its script
const hits = new Map<string, number>();
const site = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  const page = (body: string, head = '') =>
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html lang="en"><head><title>Fixture</title>${head}</head><body>${body}</body></html>`);
  switch (path) {
    case '/with':
      return page(
        `<h1>Book</h1><SOLEUS-BOOKING-CALENDAR service="s60"><a href="tel:+44">Call</a></SOLEUS-BOOKING-CALENDAR>
<soleus-link-card href="https://example.com/"><a href="https://example.com/">Example</a></soleus-link-card>
<soleus-booking-calendar mode="popup"></soleus-booking-calendar>`,
        `<script type="module" src="${serverUrl}/soleus.js"></script>`,
      );
    case '/relative':
      // The script named relative to a <base href> on this server; a widget script of its own.
      return page(
        '<soleus-newsletter-signup list="tips"></soleus-newsletter-signup>',
        `<base href="${serverUrl}/x/">
<script type="module" src="../widgets/newsletter-signup.js"></script>`,
      );
    case '/other-server':
      return page(
        '<soleus-comment-box></soleus-comment-box>',
        '<script type="module" src="https://soleus.example.net/soleus.js"></script>',
      );
    case '/without':
      return page('<p>Just a page. <script src="/soleus.js"></script></p><!-- <soleus-booking-calendar> -->');
    case '/script-only':
      return page('', `<script type="module" src="${serverUrl}/soleus.js"></script>`);
    case '/to-private':
      return void res.writeHead(302, { location: 'http://10.0.0.1/' }).end();
    case '/to-metadata':
      return void res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    case '/to-with':
      return void res.writeHead(302, { location: '/with' }).end();
    case '/json':
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"soleus-booking-calendar":1}');
    default:
      return void res.writeHead(500).end('broken');
  }
});
await new Promise<void>((resolve) => site.listen(80, PUBLIC_ADDRESS, resolve));
after(async () => {
  await new Promise<void>((resolve) => site.close(() => resolve()));
  for (const canary of canaries) await new Promise<void>((resolve) => canary.close(() => resolve()));
});

/** Names as DNS would answer them, without DNS: two names of the public fixture, one of a private address. */
const NAMES: Record<string, string> = {
  'site.test': PUBLIC_ADDRESS,
  'www.site.test': PUBLIC_ADDRESS,
  'intranet.test': '10.0.0.1',
};
const resolver = (hostname: string) =>
  NAMES[hostname]
    ? Promise.resolve([{ address: NAMES[hostname], family: 4 as const }])
    : Promise.reject(new Error(`${hostname}: no such name`));

for (const dialect of dialectsUnderTest()) {
  describe(`check my site (${dialect}, in a network namespace)`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(dialect, {
        env: { SOLEUS_ALLOWED_ORIGINS: 'https://elsewhere.example, http://site.test' },
        previews: { resolver },
      });
      serverUrl = s.url;
    });
    after(async () => {
      await s?.close();
    });

    const check = async (url: unknown, headers: Record<string, string> = { Authorization: `Bearer ${ADMIN}` }) =>
      read(
        await fetch(`${s.url}/api/v1/owner/check-site`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(url === undefined ? {} : { url }),
        }),
      );

    test('401 without the token; nothing fetched', async () => {
      const fetched = hits.get('/with') ?? 0;
      assert.equal((await check('http://site.test/with', {})).status, 401);
      assert.equal((await fetch(`${s.url}/admin/api/check-site`, { method: 'POST' })).status, 401);
      assert.equal(hits.get('/with') ?? 0, fetched);
    });

    test('a page with the snippet: the script and every soleus-* element found, its origin allowed', async () => {
      const r = await check('http://site.test/with');
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, {
        url: 'http://site.test/with',
        finalUrl: 'http://site.test/with',
        reachable: true,
        found: { script: true, element: true, elements: ['soleus-booking-calendar', 'soleus-link-card'] },
        allowedOrigin: true,
        message:
          'The snippet is on this page (soleus-booking-calendar, soleus-link-card). Its address is allowed: the widget can work here.',
      });
      // Followed through a redirect on the site: the final page is the one read.
      const moved = await check('http://site.test/to-with');
      assert.equal(moved.json.finalUrl, 'http://site.test/with');
      assert.equal(moved.json.found.script, true);
    });

    test('the same snippet on an origin not in SOLEUS_ALLOWED_ORIGINS: found, and told to add it', async () => {
      for (const url of [`http://${PUBLIC_ADDRESS}/with`, 'http://www.site.test/with']) {
        const r = await check(url);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.found.script, true);
        assert.equal(r.json.allowedOrigin, false);
        assert.match(r.json.message, new RegExp(`Add ${new URL(url).origin} to SOLEUS_ALLOWED_ORIGINS`));
      }
    });

    test('a script relative to <base href>, a widget script of its own; another server’s script does not count', async () => {
      const relative = await check('http://site.test/relative');
      assert.deepEqual(relative.json.found, { script: true, element: true, elements: ['soleus-newsletter-signup'] });
      const other = await check('http://site.test/other-server');
      assert.deepEqual(other.json.found, { script: false, element: true, elements: ['soleus-comment-box'] });
      assert.match(other.json.message, /but no script from http:\/\/127\.0\.0\.1:\d+\/soleus\.js/);
    });

    test('a page without the snippet (a script of its own, a commented-out tag), and one with the script only', async () => {
      const without = await check('http://site.test/without');
      assert.equal(without.status, 200);
      assert.deepEqual(without.json.found, { script: false, element: false, elements: [] });
      assert.equal(without.json.reachable, true);
      assert.match(without.json.message, /^No Soleus snippet on this page/);
      const scriptOnly = await check('http://site.test/script-only');
      assert.deepEqual(scriptOnly.json.found, { script: true, element: false, elements: [] });
      assert.match(scriptOnly.json.message, /no widget element/);
    });

    test('unreachable, failing or not HTML: 200, reachable false, a message that says why', async () => {
      for (const [url, why] of [
        ['http://down.test/', /down\.test could not be resolved/],
        ['http://site.test/missing', /answered 500/],
        ['http://site.test/json', /did not answer with a usable html/],
      ] as const) {
        const r = await check(url);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.reachable, false);
        assert.deepEqual(r.json.found, { script: false, element: false, elements: [] });
        assert.match(r.json.message, /^Could not read the page: /);
        assert.match(r.json.message, why);
      }
    });

    test('private, link-local, loopback, a name of a private address, a redirect to one: 422, no connection there', async () => {
      const before = canaryHits;
      const redirects = hits.get('/to-private') ?? 0;
      for (const url of [
        'http://10.0.0.1/',
        'http://169.254.169.254/latest/meta-data/',
        'http://127.0.0.1/',
        'http://localhost/',
        'http://intranet.test/',
        'http://site.test/to-private',
        'http://site.test/to-metadata',
        `http://${PUBLIC_ADDRESS}:8080/with`,
        'file:///etc/passwd',
      ]) {
        const r = await check(url);
        assert.equal(r.status, 422, `${url}: ${r.text}`);
        assert.equal(r.json.error.code, 'url_not_allowed');
        assert.match(r.json.error.fields.url, /^This address cannot be checked\. /);
      }
      assert.equal(canaryHits, before, 'no connection reached a private address');
      assert.equal(canaryHits, 0);
      assert.equal(hits.get('/to-private'), redirects + 1, 'the redirect was fetched, its target was not');
    });

    test('bad input: 400 with the message beside the field', async () => {
      for (const url of [undefined, '', 'not a url', 42]) {
        const r = await check(url);
        assert.equal(r.status, 400, `${JSON.stringify(url)}: ${r.text}`);
        assert.equal(r.json.error.code, 'invalid_request');
        assert.ok(r.json.error.fields.url);
      }
    });
  });
}
