/**
 * Two `soleus serve` processes on one database share the outbox: bookings posted to both, and then a backlog of 300
 * mails written straight into the table, which both workers drain at once. Every Message-ID reaches the (real,
 * loopback) SMTP server once, and both processes did part of the sending (`sent_by`). The point is PostgreSQL
 * (`FOR UPDATE SKIP LOCKED`); SQLite (two processes on one file, claims in BEGIN IMMEDIATE) runs too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase, type OpenDatabase } from '../../../src/server/db/index.js';
import { writeTransaction } from '../../../src/server/db/transaction.js';
import { enqueueMail } from '../../../src/server/mail/outbox.js';
import { startInbox, type Inbox } from '../../support/smtp.js';
import { dialectsUnderTest, freshDatabase, type TestDatabase } from '../support/databases.js';
import {
  bookingBody,
  pool,
  postBooking,
  removeDir,
  slotStart,
  spawnServer,
  writePractice,
  type ChildServer,
} from '../support/booking.js';

const BOOKINGS = 60;
const BACKLOG = 300;
const ENV = { SOLEUS_MAIL_POLL_SECONDS: '0.05', SOLEUS_MAIL_RETRY_SECONDS: '0.2' };

for (const dialect of dialectsUnderTest()) {
  describe(`two server processes share the outbox (${dialect})`, () => {
    let database: TestDatabase;
    let practice: { file: string; dir: string };
    let inbox: Inbox;
    let reader: OpenDatabase;
    const servers: ChildServer[] = [];

    before(async () => {
      inbox = await startInbox();
      database = await freshDatabase(dialect);
      practice = writePractice();
      servers.push(await spawnServer(database.url, practice.file, { SMTP_URL: inbox.url, ...ENV }));
      servers.push(await spawnServer(database.url, practice.file, { SMTP_URL: inbox.url, ...ENV }));
      reader = await openDatabase(database.url);
    });
    after(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await reader?.close();
      await database?.drop();
      if (practice) removeDir(practice.dir);
      await inbox?.close();
    });

    const waitForMessages = async (count: number, ms = 120_000) => {
      const deadline = Date.now() + ms;
      while (inbox.messages.length < count && Date.now() < deadline) await sleep(50);
      await sleep(500); // anything sent twice would arrive now
    };
    const senders = async () => {
      const rows = await reader.db
        .selectFrom('mail_outbox')
        .select(['sent_by'])
        .select(({ fn }) => fn.countAll().as('n'))
        .where('status', '=', 'sent')
        .groupBy('sent_by')
        .execute();
      return Object.fromEntries(rows.map((r) => [String(r.sent_by), Number(r.n)]));
    };

    test(`${BOOKINGS} bookings posted to both: one confirmation and one notice each, every Message-ID once`, async (t) => {
      const [a, b] = servers as [ChildServer, ChildServer];
      const replies = await pool(
        8,
        Array.from(
          { length: BOOKINGS },
          (_, i) => () =>
            postBooking(
              (i % 2 === 0 ? a : b).url,
              bookingBody('s30', slotStart(3 + Math.floor(i / 20), i % 20), {
                client: { name: `Two ${i}`, email: `two${i}@example.com` },
              }),
            ),
        ),
      );
      for (const r of replies) assert.equal(r.status, 201, r.text);
      await waitForMessages(2 * BOOKINGS);
      for (let i = 0; i < BOOKINGS; i++) assert.equal(inbox.to(`two${i}@example.com`).length, 1, `two${i}`);
      const ids = inbox.messages.map((m) => m.mail.messageId);
      assert.equal(ids.length, 2 * BOOKINGS, 'a confirmation and a notice per booking, no more');
      assert.equal(new Set(ids).size, ids.length, 'every Message-ID once');
      t.diagnostic(`${dialect}: bookings' mail sent by ${JSON.stringify(await senders())}`);
    });

    test(`a backlog of ${BACKLOG} mails is drained by both processes at once, each mail sent once`, async (t) => {
      const before = inbox.messages.length;
      const sentBefore = await senders();
      const started = performance.now();
      await writeTransaction(reader.db, reader.dialect, (trx) =>
        enqueueMail(
          trx,
          Array.from({ length: BACKLOG }, (_, i) => ({
            to: `backlog${i}@example.com`,
            subject: `Backlog ${i}`,
            text: 'x',
          })),
          { domain: 'example.com' },
        ),
      );
      await waitForMessages(before + BACKLOG);
      const seconds = (performance.now() - started) / 1000;
      const got = inbox.messages.slice(before);
      assert.equal(got.length, BACKLOG, 'each backlog mail once');
      assert.equal(new Set(got.map((m) => m.mail.messageId)).size, BACKLOG);
      const sentAfter = await senders();
      const share = Object.entries(sentAfter).map(([who, n]) => [who, n - (sentBefore[who] ?? 0)] as const);
      assert.equal(share.length, 2, `two senders: ${JSON.stringify(share)}`);
      for (const [who, n] of share) assert.ok(n > 0, `${who} sent part of the backlog`);
      t.diagnostic(
        `${dialect}: backlog of ${BACKLOG} drained in ${seconds.toFixed(2)} s (${(BACKLOG / seconds).toFixed(0)} sends/s), ` +
          `split ${share.map(([w, n]) => `${w}: ${n}`).join(', ')}`,
      );
    });
  });
}
