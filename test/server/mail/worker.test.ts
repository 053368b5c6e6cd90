/**
 * The mail worker against a real SMTP server on loopback and a real database, per dialect, on an injected clock:
 * retries with exponential backoff, permanent refusals, giving up, scheduled mail, leases left by a dead worker,
 * the development outbox, a bounded stop, and the send rate.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { OpenDatabase } from '../../../src/server/db/index.js';
import { writeTransaction } from '../../../src/server/db/transaction.js';
import { createMailer, type MailMessage, type Mailer } from '../../../src/server/mail/mailer.js';
import { enqueueMail } from '../../../src/server/mail/outbox.js';
import { backoffMs, createMailWorker, type MailWorkerOptions } from '../../../src/server/mail/worker.js';
import { startInbox, type Inbox } from '../../support/smtp.js';
import { dialectsUnderTest, migratedDatabase } from '../support/databases.js';

const T0 = Date.parse('2026-06-01T09:00:00.000Z');

const message = (to: string, subject = 'Hello'): MailMessage => ({
  to,
  subject,
  text: `Text for ${to}`,
  html: `<p>HTML for ${to}</p>`,
  headers: { 'X-Test': 'yes' },
});

test('backoff doubles from the base and stops at the cap', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, 1000, 10_000)),
    [1000, 2000, 4000, 8000, 10_000, 10_000],
  );
});

for (const dialect of dialectsUnderTest()) {
  describe(`mail worker (${dialect})`, () => {
    let open: OpenDatabase;
    let inbox: Inbox & { refused: () => number };
    let refuseWith: number | undefined;
    let mailer: Mailer;
    let clock = T0;
    const errors: string[] = [];

    before(async () => {
      open = await migratedDatabase(dialect);
      inbox = await startInbox({ refuse: () => refuseWith });
      mailer = createMailer({ smtpUrl: inbox.url, db: open.db, production: true, from: 'Practice <p@example.com>' });
    });
    after(async () => {
      mailer?.close();
      await inbox?.close();
      await open?.close();
    });
    beforeEach(async () => {
      await open.db.deleteFrom('mail_outbox').execute();
      inbox.messages.length = 0;
      refuseWith = undefined;
      clock = T0;
      errors.length = 0;
    });

    const worker = (extra: Partial<MailWorkerOptions> = {}) =>
      createMailWorker({
        db: open.db,
        dialect,
        mailer,
        logError: (m) => errors.push(m),
        now: () => clock,
        retryBaseMs: 1000,
        maxDelayMs: 8000,
        maxAttempts: 6,
        workerId: 'test-worker',
        ...extra,
      });
    const enqueue = (messages: MailMessage[], notBefore?: Date) =>
      writeTransaction(open.db, dialect, (trx) =>
        enqueueMail(trx, messages, { domain: 'example.com', ...(notBefore ? { notBefore } : {}) }),
      );
    const row = async (id: number) =>
      open.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    test('a 4xx refusal is retried after 1, 2, 4, 8, 8 s by the injected clock; the accepted copy has the Message-ID fixed at enqueue', async () => {
      const [id] = await enqueue([message('retry@example.com')]);
      const messageId = (await row(id!)).message_id!;
      assert.match(messageId, /^<outbox\.[^@\s]+@example\.com>$/);
      const w = worker();
      refuseWith = 451;
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 5; attempt++) {
        assert.equal(await w.runOnce(), 1, `attempt ${attempt} made`);
        const r = await row(id!);
        assert.equal(r.status, 'pending');
        assert.equal(Number(r.attempts), attempt);
        assert.match(String(r.last_error), /451/);
        assert.equal(Number(r.locked_until_ms), 0, 'lease released');
        const wait = Number(r.not_before_ms) - clock;
        waits.push(wait);
        // Not a millisecond early, and nothing is attempted while it waits.
        clock += wait - 1;
        assert.equal(await w.runOnce(), 0);
        assert.equal(inbox.refused(), attempt);
        clock += 1;
      }
      assert.deepEqual(waits, [1000, 2000, 4000, 8000, 8000]);
      refuseWith = undefined;
      assert.equal(await w.runOnce(), 1);
      const sent = await row(id!);
      assert.equal(sent.status, 'sent');
      assert.equal(sent.sent_at, new Date(clock).toISOString());
      assert.equal(sent.sent_by, 'test-worker');
      assert.equal(sent.last_error, null);
      assert.equal(inbox.messages.length, 1);
      const got = inbox.messages[0]!.mail;
      assert.equal(got.messageId, messageId);
      assert.equal(got.subject, 'Hello');
      assert.equal(got.headers.get('x-test'), 'yes');
      assert.equal(got.from?.value[0]?.address, 'p@example.com');
      assert.equal(await w.runOnce(), 0, 'sent once');
      assert.deepEqual(errors, []);
    });

    test('maxAttempts refusals give up: failed, last error kept, logged once', async () => {
      const [id] = await enqueue([message('never@example.com')]);
      const w = worker({ maxAttempts: 3 });
      refuseWith = 421;
      for (let i = 0; i < 3; i++) {
        assert.equal(await w.runOnce(), 1);
        clock += 60_000;
      }
      const r = await row(id!);
      assert.equal(r.status, 'failed');
      assert.equal(Number(r.attempts), 3);
      assert.match(String(r.last_error), /421/);
      assert.equal(await w.runOnce(), 0, 'never tried again');
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /never@example\.com gave up after 3 attempt/);
    });

    test('a 5xx refusal is permanent: failed after one attempt', async () => {
      const [id] = await enqueue([message('bounce@example.com')]);
      refuseWith = 550;
      assert.equal(await worker().runOnce(), 1);
      const r = await row(id!);
      assert.equal(r.status, 'failed');
      assert.equal(Number(r.attempts), 1);
      assert.match(String(r.last_error), /550/);
    });

    test('mail with a not-before time waits for it (a reminder)', async () => {
      const [id] = await enqueue([message('later@example.com')], new Date(T0 + 3_600_000));
      const w = worker();
      assert.equal(await w.runOnce(), 0);
      clock = T0 + 3_600_000 - 1;
      assert.equal(await w.runOnce(), 0);
      clock += 1;
      assert.equal(await w.runOnce(), 1);
      assert.equal((await row(id!)).status, 'sent');
      assert.equal(inbox.to('later@example.com').length, 1);
    });

    test('a row leased by a worker that died is skipped until its lease ends, then sent once', async () => {
      const [id] = await enqueue([message('orphan@example.com')]);
      await open.db
        .updateTable('mail_outbox')
        .set({ locked_until_ms: T0 + 300_000 })
        .where('id', '=', id!)
        .execute();
      const w = worker();
      assert.equal(await w.runOnce(), 0, 'another worker holds it');
      clock = T0 + 300_000;
      assert.equal(await w.runOnce(), 1);
      assert.equal((await row(id!)).status, 'sent');
      assert.equal(inbox.to('orphan@example.com').length, 1);
    });

    test('development (no SMTP_URL): rows are delivered to the dev outbox, nothing goes over SMTP', async () => {
      const dev = createMailer({ smtpUrl: undefined, db: open.db, production: false, from: 'x@example.com' });
      const [id] = await enqueue([message('dev@example.com')]);
      assert.equal(await worker({ mailer: dev }).runOnce(), 1);
      const r = await row(id!);
      assert.equal(r.status, 'stored');
      assert.equal(r.sent_at, new Date(T0).toISOString());
      assert.equal(inbox.messages.length, 0);
    });

    test('production without SMTP: marked failed with the reason, loudly', async () => {
      const warnings: string[] = [];
      const off = createMailer({
        smtpUrl: undefined,
        db: open.db,
        production: true,
        from: 'x@example.com',
        warn: (l) => warnings.push(l),
      });
      const [id] = await enqueue([message('off@example.com')]);
      assert.equal(await worker({ mailer: off }).runOnce(), 1);
      const r = await row(id!);
      assert.equal(r.status, 'failed');
      assert.match(String(r.last_error), /SMTP_URL is not set/);
      assert.ok(warnings.some((w) => /NOT sent/.test(w)));
    });

    test('a rolled-back transaction leaves no mail', async () => {
      await assert.rejects(
        writeTransaction(open.db, dialect, async (trx) => {
          await enqueueMail(trx, [message('rollback@example.com')]);
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      const rows = await open.db.selectFrom('mail_outbox').select('id').execute();
      assert.equal(rows.length, 0);
    });

    test('stop() lets sends in flight finish within its bound and claims nothing more', async () => {
      await enqueue(Array.from({ length: 30 }, (_, i) => message(`stop${i}@example.com`)));
      const w = createMailWorker({
        db: open.db,
        dialect,
        mailer,
        logError: (m) => errors.push(m),
        batchSize: 10,
        intervalMs: 60_000,
      });
      w.kick();
      await new Promise((resolve) => setTimeout(resolve, 30));
      const started = Date.now();
      await w.stop(5_000);
      assert.ok(Date.now() - started < 5_000, 'within the bound');
      const rows = await open.db.selectFrom('mail_outbox').select(['status', 'locked_until_ms']).execute();
      const sent = rows.filter((r) => r.status === 'sent').length;
      assert.equal(inbox.messages.length, sent, 'everything SMTP accepted is marked sent');
      for (const r of rows.filter((x) => x.status === 'pending'))
        assert.equal(Number(r.locked_until_ms), 0, 'what was not started is released for the next worker');
      w.kick(); // a stopped worker does nothing
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(inbox.messages.length, sent);
    });

    test('send rate against a loopback SMTP server (500 mails), each delivered once', async (t) => {
      const ids = await enqueue(Array.from({ length: 500 }, (_, i) => message(`rate${i}@example.com`, `Rate ${i}`)));
      const w = createMailWorker({ db: open.db, dialect, mailer, logError: (m) => errors.push(m) });
      const started = performance.now();
      const handled = await w.runOnce();
      const seconds = (performance.now() - started) / 1000;
      assert.equal(handled, 500);
      assert.equal(inbox.messages.length, 500);
      const byId = new Set(inbox.messages.map((m) => m.mail.messageId));
      assert.equal(byId.size, 500, 'one Message-ID each');
      const marked = await open.db
        .selectFrom('mail_outbox')
        .select('id')
        .where('status', '=', 'sent')
        .where('id', 'in', ids)
        .execute();
      assert.equal(marked.length, 500);
      t.diagnostic(`${dialect}: 500 mails in ${seconds.toFixed(2)} s = ${(500 / seconds).toFixed(0)} sends/s`);
      assert.deepEqual(errors, []);
    });
  });
}
