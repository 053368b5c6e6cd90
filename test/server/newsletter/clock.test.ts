/**
 * The newsletter against a fixed clock (createApp's `now`), per dialect: the form token's 3-second and 24-hour bounds
 * and the 7-day life of a confirmation link are judged by the server's clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../../src/server/app.js';
import type { OpenDatabase } from '../../../src/server/db/index.js';
import { createMailer } from '../../../src/server/mail/mailer.js';
import { dialectsUnderTest, migratedDatabase } from '../support/databases.js';
import { demoPractice } from '../support/practice.js';
import { CONSENT, SECRET, subscribers } from './support.js';
import { checked } from '../support/contract.js';

for (const dialect of dialectsUnderTest()) {
  describe(`newsletter on a fixed clock (${dialect})`, () => {
    let open: OpenDatabase;
    let clock = Date.parse('2026-03-01T09:00:00.000Z');
    let app: ReturnType<typeof createApp>;

    before(async () => {
      open = await migratedDatabase(dialect);
      const mailer = createMailer({ smtpUrl: undefined, db: open.db, production: false, from: 'test@example.com' });
      app = checked(
        createApp({
          config: {
            allowedOrigins: [],
            publicUrl: 'https://news.example.com',
            production: false,
            subscribeRateLimit: 1000,
          },
          practice: demoPractice(),
          db: open.db,
          dialect: open.dialect,
          mailer,
          secret: SECRET,
          now: () => new Date(clock),
          logError: (message, error) => console.error(message, error),
        }),
      );
    });
    after(async () => {
      await open?.close();
    });

    const post = (body: object) =>
      app.request('/api/v1/subscriptions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    test('a token is accepted from 3 seconds to 24 hours after it was issued', async () => {
      const { token } = (await (await app.request('/api/v1/form-token')).json()) as { token: string };
      const body = (email: string) => ({ email, consent: true, consentText: CONSENT, t: token });

      clock += 2_000;
      assert.equal((await post(body('early@example.com'))).status, 202);
      clock += 1_500;
      assert.equal((await post(body('ontime@example.com'))).status, 202);
      clock += 24 * 3_600_000;
      assert.equal((await post(body('late@example.com'))).status, 202);
      assert.deepEqual(
        (await subscribers(open.db)).map((r) => r.email),
        ['ontime@example.com'],
        'only the submission inside the window is stored',
      );
    });

    test('a confirmation link works for 7 days by the server clock', async () => {
      const { token } = (await (await app.request('/api/v1/form-token')).json()) as { token: string };
      clock += 10_000;
      assert.equal(
        (await post({ email: 'week@example.com', consent: true, consentText: CONSENT, t: token })).status,
        202,
      );
      // The confirmation was written to the outbox in the signup's transaction: no worker needed to see it.
      const sent = await open.db
        .selectFrom('mail_outbox')
        .select(['text', 'headers'])
        .where('to', '=', 'week@example.com')
        .executeTakeFirstOrThrow();
      const link = /https:\/\/news\.example\.com\/subscribe\/confirm\?token=\S+/.exec(sent.text)?.[0];
      assert.ok(link, sent.text);
      assert.match(
        JSON.parse(sent.headers)['List-Unsubscribe'],
        /^<https:\/\/news\.example\.com\/unsubscribe\?token=[^>]+>$/,
      );
      const path = link.replace('https://news.example.com', '');

      clock += 7 * 86_400_000 - 60_000;
      assert.equal((await app.request(path)).status, 200, 'still fine just before 7 days');
      clock += 120_000;
      const expired = await app.request(path);
      assert.equal(expired.status, 400);
      assert.match(await expired.text(), /expired/);
      const token2 = new URL(link).searchParams.get('token')!;
      const posted = await app.request('/subscribe/confirm', {
        method: 'POST',
        body: new URLSearchParams({ token: token2 }),
      });
      assert.equal(posted.status, 400);
      assert.equal((await subscribers(open.db)).find((r) => r.email === 'week@example.com')!.status, 'pending');
    });
  });
}
