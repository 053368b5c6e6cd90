/**
 * Fetcher checks that need no namespace: loopback only. Everything here is refused or fails before a connection,
 * and a canary on 127.0.0.1 proves no connection was made. The connecting cases are in ssrf.test.ts.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { previewUserAgent, safeFetch, xRobotsNoindex, type Resolver } from '../../../src/server/previews/fetch.js';

let hits = 0;
let port = 0;
const canary = http.createServer((_req, res) => res.end('<title>canary</title>'));
canary.on('connection', () => hits++);
before(async () => {
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', () => resolve()));
  port = (canary.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => canary.close(() => resolve())));

const UA = previewUserAgent('0.1.0', 'https://soleus.example/');
const to =
  (address: string): Resolver =>
  async () => [{ address, family: address.includes(':') ? 6 : 4 }];

describe('fetcher on loopback (no connection may happen)', () => {
  test('the loopback canary is reachable, so 0 hits means refused', async () => {
    const before = hits;
    await new Promise<void>((resolve, reject) =>
      http.get(`http://127.0.0.1:${port}/`, (r) => r.resume().on('end', resolve)).on('error', reject),
    );
    assert.equal(hits, before + 1);
  });

  test('literal loopback on an allowed port: url_not_allowed, 0 connections', async () => {
    const before = hits;
    const r = await safeFetch(`http://127.0.0.1:${port}/`, { kind: 'html', userAgent: UA, allowedPorts: [port] });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'url_not_allowed');
    assert.equal(hits, before);
  });

  test('a name resolving to loopback (injected resolver): url_not_allowed, 0 connections', async () => {
    const before = hits;
    for (const address of ['127.0.0.1', '::ffff:127.0.0.1', '::1', '0.0.0.0']) {
      const r = await safeFetch(`http://loop.example:${port}/`, {
        kind: 'html',
        userAgent: UA,
        allowedPorts: [port],
        resolver: to(address),
      });
      assert.equal(!r.ok && r.error.code, 'url_not_allowed', address);
      assert.equal(!r.ok && r.error.reason, 'address');
    }
    assert.equal(hits, before);
  });

  test('the system resolver: localhost names are refused before resolving', async () => {
    const before = hits;
    const r = await safeFetch(`http://localhost:${port}/`, { kind: 'html', userAgent: UA, allowedPorts: [port] });
    assert.equal(!r.ok && r.error.reason, 'local_name');
    assert.equal(hits, before);
  });

  test('resolver failures, empty answers and junk are unavailable, never thrown', async () => {
    const cases: Resolver[] = [
      async () => {
        throw new Error('ENOTFOUND');
      },
      async () => [],
      async () => [{ address: 'not-an-ip', family: 4 }],
      () => new Promise(() => undefined), // never answers: the total timeout ends it
    ];
    for (const [i, resolver] of cases.entries()) {
      const r = await safeFetch('http://example.com/', { kind: 'html', userAgent: UA, resolver, totalTimeoutMs: 300 });
      assert.equal(r.ok, false, String(i));
      if (!r.ok) assert.ok(['unavailable', 'url_not_allowed'].includes(r.error.code), `${i}: ${r.error.code}`);
    }
  });

  test('bad URLs are typed refusals', async () => {
    for (const [url, reason] of [
      ['not a url', 'malformed'],
      ['ftp://example.com/', 'scheme'],
      ['http://u:p@example.com/', 'credentials'],
      ['http://example.com:8080/', 'port'],
      ['http://0x7f.1/', 'ipv4_spelling'],
    ] as const) {
      const r = await safeFetch(url, { kind: 'html', userAgent: UA });
      assert.equal(!r.ok && r.error.code, 'url_not_allowed', url);
      assert.equal(!r.ok && r.error.reason, reason, url);
    }
  });

  test('User-Agent is honest and names Soleus', () => {
    assert.equal(UA, 'Soleus-LinkPreview/0.1.0 (+https://soleus.example/)');
  });

  test('X-Robots-Tag parsing', () => {
    assert.equal(xRobotsNoindex(undefined), false);
    assert.equal(xRobotsNoindex('noindex'), true);
    assert.equal(xRobotsNoindex('NoIndex, nofollow'), true);
    assert.equal(xRobotsNoindex('none'), true);
    assert.equal(xRobotsNoindex('nofollow'), false);
    assert.equal(xRobotsNoindex('googlebot: noindex'), false, 'scoped to another robot');
    assert.equal(xRobotsNoindex('soleus: noindex'), true);
    assert.equal(xRobotsNoindex(['max-snippet: 20', 'noindex']), true);
    assert.equal(xRobotsNoindex('unavailable_after: 25 Jun 2010 15:00:00 PST'), false);
  });
});
