/**
 * The optional webhook, per dialect: a confirmed subscriber is POSTed as signed JSON to the owner's URL; failures are
 * retried with growing delays from a queue in the database.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OpenDatabase } from '../../../src/server/db/index.js';
import { confirmToken } from '../../../src/server/newsletter/tokens.js';
import { createWebhookWorker, webhookSignature } from '../../../src/server/newsletter/webhook.js';
import type { SubscriberRow } from '../../../src/server/newsletter/subscribers.js';
import { dialectsUnderTest, migratedDatabase } from '../support/databases.js';
import { SECRET, signupBody, startNewsServer, subscribe, subscribers, type NewsServer } from './support.js';

const HOOK_SECRET = 'webhook-secret-0123456789abcdef';

interface Hit {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP receiver on loopback answering each request with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/soleus`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function assertSigned(hit: Hit): void {
  const timestamp = Number(hit.headers['x-soleus-timestamp']);
  assert.ok(Math.abs(timestamp - Date.now() / 1000) < 60, 'a current timestamp');
  assert.equal(hit.headers['x-soleus-signature'], webhookSignature(HOOK_SECRET, timestamp, hit.body));
  assert.equal(hit.headers['content-type'], 'application/json');
}

for (const dialect of dialectsUnderTest()) {
  describe(`newsletter webhook (${dialect})`, () => {
    let hook: Awaited<ReturnType<typeof receiver>>;
    let s: NewsServer;
    before(async () => {
      hook = await receiver();
      s = await startNewsServer(dialect, {
        SOLEUS_NEWSLETTER_WEBHOOK_URL: hook.url,
        SOLEUS_NEWSLETTER_WEBHOOK_SECRET: HOOK_SECRET,
      });
    });
    after(async () => {
      await s?.close();
      await hook?.close();
    });

    test('a confirmation posts the subscriber as signed JSON; a signup alone posts nothing', async () => {
      assert.equal((await subscribe(s.url, signupBody('hooked@example.com', { name: 'Hana' }))).status, 202);
      await sleep(100);
      assert.equal(hook.hits.length, 0, 'nothing before confirmation');
      const row = (await subscribers(s.db)).find((r) => r.email === 'hooked@example.com')!;
      const token = confirmToken(SECRET, row.id, Date.now());
      assert.equal(
        (await fetch(`${s.url}/subscribe/confirm`, { method: 'POST', body: new URLSearchParams({ token }) })).status,
        200,
      );
      await until(() => hook.hits.length === 1, 'the webhook post');
      const hit = hook.hits[0]!;
      assertSigned(hit);
      const body = JSON.parse(hit.body);
      assert.equal(body.event, 'subscriber.confirmed');
      assert.equal(body.subscriber.email, 'hooked@example.com');
      assert.equal(body.subscriber.name, 'Hana');
      assert.equal(body.subscriber.status, 'confirmed');
      assert.ok(body.subscriber.consentText && body.subscriber.confirmedAt && body.subscriber.signedUpAt);
      await sleep(50);
      const left = await s.db.selectFrom('webhook_deliveries').selectAll().execute();
      assert.equal(left.length, 0, 'a delivered post leaves no row');
    });
  });

  describe(`newsletter webhook retries (${dialect})`, () => {
    let open: OpenDatabase;
    before(async () => {
      open = await migratedDatabase(dialect);
    });
    after(async () => {
      await open?.close();
    });

    test('failures are retried with doubling delays until one succeeds', async () => {
      const hook = await receiver([500, 503]);
      const errors: unknown[] = [];
      const worker = createWebhookWorker({
        db: open.db,
        url: hook.url,
        secret: HOOK_SECRET,
        baseDelayMs: 150,
        logError: (_m, e) => errors.push(e),
      });
      try {
        const row: SubscriberRow = {
          id: 'sub-1',
          email: 'retry@example.com',
          name: null,
          list: 'newsletter',
          status: 'confirmed',
          consent_text: 'Yes',
          consent_source: null,
          created_at: new Date().toISOString(),
          confirmed_at: new Date().toISOString(),
          unsubscribed_at: null,
          last_confirmation_sent_ms: Date.now(),
          ip_hash: null,
        };
        await worker.enqueue(row);
        await until(() => hook.hits.length >= 3, 'three attempts', 8_000);
        await worker.idle();
        const gaps = [hook.hits[1]!.at - hook.hits[0]!.at, hook.hits[2]!.at - hook.hits[1]!.at];
        assert.ok(gaps[0]! >= 140, `first retry after ≥ 150 ms (${gaps[0]})`);
        assert.ok(gaps[1]! >= 290, `second retry after ≥ 300 ms (${gaps[1]})`);
        for (const hit of hook.hits) assertSigned(hit);
        assert.equal(
          new Set(hook.hits.map((h) => h.headers['x-soleus-delivery'])).size,
          1,
          'one delivery id throughout',
        );
        const rows = await open.db.selectFrom('webhook_deliveries').selectAll().execute();
        assert.equal(rows.length, 0, 'delivered at the third attempt');
        await sleep(400);
        assert.equal(hook.hits.length, 3, 'no more posts after success');
        assert.deepEqual(errors, []);
      } finally {
        worker.stop();
        await worker.idle();
        await hook.close();
      }
    });
  });
}
