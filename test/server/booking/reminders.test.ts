/**
 * Reminders, per dialect, on an injected clock (the server's and the mail worker's; nothing waits for real time),
 * through a real SMTP server on loopback: one email `reminderHours` before each booking with the manage link, the
 * address and what to bring; sent once (also by a second worker on the same database); none for a cancelled booking;
 * the new time for a moved one; none for a service with `reminderHours: 0`; none for a booking made less than
 * `reminderHours` ahead (its confirmation is the reminder).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createMailer } from '../../../src/server/mail/mailer.js';
import { createMailWorker } from '../../../src/server/mail/worker.js';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import { startInbox, type Inbox } from '../../support/smtp.js';
import { dialectsUnderTest, freshDatabase, type TestDatabase } from '../support/databases.js';
import { ADMIN_TOKEN, bookingBody, manage, postBooking, practiceJson, slotStart } from '../support/booking.js';

const HOUR = 3_600_000;
const ADDRESS = '12 Harbour Street, Bristol BS1 4RN';
const BRING = 'Loose shorts and a towel; no heavy meal in the hour before.';

for (const dialect of dialectsUnderTest()) {
  describe(`booking reminders (${dialect})`, () => {
    let inbox: Inbox;
    let database: TestDatabase;
    let dir: string;
    let server: RunningServer;
    let clock = Date.now();

    before(async () => {
      inbox = await startInbox();
      database = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'soleus-reminders-'));
      const practice = practiceJson() as { services: Record<string, unknown>[]; address?: string };
      practice.address = ADDRESS;
      practice.services[0]!.whatToBring = BRING; // s30: the default 24 hours
      practice.services[1]!.reminderHours = 0; // s60: no reminders
      writeFileSync(join(dir, 'practice.json'), JSON.stringify(practice));
      server = await startServer({
        args: ['--host', '127.0.0.1', '--port', '0', '--db', database.url, '--config', join(dir, 'practice.json')],
        env: { SMTP_URL: inbox.url, SOLEUS_ADMIN_TOKEN: ADMIN_TOKEN, SOLEUS_BOOKING_RATE_LIMIT: '100000' },
        now: () => new Date(clock),
        mailWorker: { start: false }, // driven by runOnce() on the injected clock
        logError: (message, error) => console.error(`[server ${dialect}] ${message}`, error),
      });
    });
    after(async () => {
      await server?.close();
      await database?.drop();
      await inbox?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const reminders = (to: string) => inbox.to(to).filter((m) => /^Reminder:/.test(m.mail.subject ?? ''));
    const book = async (service: 's30' | 's60', start: string, email: string) => {
      const reply = await postBooking(server.url, bookingBody(service, start, { client: { name: 'Rae', email } }));
      assert.equal(reply.status, 201, reply.text);
      return reply.body as { booking: { id: string; start: string }; manageToken: string };
    };
    const reminderRows = async (id: string) =>
      server.database.db
        .selectFrom('mail_outbox')
        .select(['status', 'not_before_ms', 'last_error'])
        .where('ref', '=', `reminder:${id}`)
        .orderBy('id')
        .execute();

    test('one reminder 24 h before, with the manage link, the address and what to bring; sent once, by any worker', async () => {
      clock = Date.now();
      const email = 'remind.me@example.com';
      const made = await book('s30', slotStart(3, 10), email);
      const start = Date.parse(made.booking.start);
      await server.mail.runOnce();
      assert.equal(inbox.to(email).length, 1, 'the confirmation at once');
      assert.equal(reminders(email).length, 0);

      clock = start - 24 * HOUR - 1;
      await server.mail.runOnce();
      assert.equal(reminders(email).length, 0, 'not a millisecond early');
      clock = start - 24 * HOUR;
      await server.mail.runOnce();
      const [reminder] = reminders(email);
      assert.ok(reminder, 'the reminder, on time');
      const text = reminder.mail.text ?? '';
      assert.ok(text.includes(`token=${encodeURIComponent(made.manageToken)}`), `manage link: ${text}`);
      assert.ok(text.includes(`booking=${encodeURIComponent(made.booking.id)}`));
      assert.ok(text.includes(ADDRESS), 'the address');
      assert.ok(text.includes(BRING), 'what to bring');
      assert.match(String(reminder.mail.html), /Loose shorts and a towel/);
      assert.match(reminder.mail.messageId ?? '', /^<outbox\.[^@]+@example\.com>$/);

      // Again, and from a second worker on the same database (another process, or after a restart): nothing more.
      await server.mail.runOnce();
      const other = createMailer({
        smtpUrl: inbox.url,
        db: server.database.db,
        production: true,
        from: 'x@example.com',
      });
      try {
        const second = createMailWorker({
          db: server.database.db,
          dialect,
          mailer: other,
          logError: (m, e) => console.error(m, e),
          now: () => clock,
        });
        clock += HOUR;
        await second.runOnce();
      } finally {
        other.close();
      }
      assert.equal(reminders(email).length, 1, 'sent once');
      const rows = await reminderRows(made.booking.id);
      assert.deepEqual(
        rows.map((r) => r.status),
        ['sent'],
      );
    });

    test('a cancelled booking gets no reminder', async () => {
      clock = Date.now();
      const email = 'cancel.me@example.com';
      const made = await book('s30', slotStart(4, 11), email);
      const cancelled = await manage(server.url, made.booking.id, made.manageToken, 'cancel');
      assert.equal(cancelled.status, 200, cancelled.text);
      clock = Date.parse(made.booking.start) - HOUR;
      await server.mail.runOnce();
      assert.equal(reminders(email).length, 0);
      assert.ok(
        inbox.to(email).some((m) => /cancel/i.test(m.mail.subject ?? '')),
        'the cancellation went out',
      );
      const rows = await reminderRows(made.booking.id);
      assert.deepEqual(
        rows.map((r) => r.status),
        ['void'],
      );
      assert.match(String(rows[0]!.last_error), /cancelled/);
    });

    test('a moved booking gets its reminder for the new time, and only that one', async () => {
      clock = Date.now();
      const email = 'move.me@example.com';
      const made = await book('s30', slotStart(5, 9), email);
      const newStart = slotStart(8, 15);
      const moved = await manage(server.url, made.booking.id, made.manageToken, 'reschedule', { start: newStart });
      assert.equal(moved.status, 200, moved.text);
      clock = Date.parse(made.booking.start) - 24 * HOUR;
      await server.mail.runOnce();
      assert.equal(reminders(email).length, 0, 'nothing at the old time');
      clock = Date.parse(newStart) - 24 * HOUR - 1;
      await server.mail.runOnce();
      assert.equal(reminders(email).length, 0);
      clock += 1;
      await server.mail.runOnce();
      const got = reminders(email);
      assert.equal(got.length, 1);
      // The new time, in the practice's words, and the same manage link (the token did not change).
      const when = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(newStart));
      assert.ok((got[0]!.mail.text ?? '').includes(when), `${when} in ${got[0]!.mail.text}`);
      assert.ok((got[0]!.mail.text ?? '').includes(`token=${encodeURIComponent(made.manageToken)}`));
      const rows = await reminderRows(made.booking.id);
      assert.deepEqual(
        rows.map((r) => r.status),
        ['void', 'sent'],
      );
      assert.equal(Number(rows[1]!.not_before_ms), Date.parse(newStart) - 24 * HOUR);
    });

    test('reminderHours 0: no reminder', async () => {
      clock = Date.now();
      const email = 'no.reminder@example.com';
      const made = await book('s60', slotStart(6, 12), email);
      clock = Date.parse(made.booking.start) - HOUR;
      await server.mail.runOnce();
      assert.equal(reminders(email).length, 0);
      assert.equal(inbox.to(email).length, 1, 'the confirmation only');
      assert.deepEqual(await reminderRows(made.booking.id), []);
    });

    test('booked less than 24 h ahead: no separate reminder (the confirmation is it), kept void with the reason', async () => {
      // A fixed midday slot booked 10 hours before it, on the injected clock: "now + 10 h" on the real clock would
      // land across midnight for part of each day, where the practice's day ends and no 30-minute slot fits.
      const start = slotStart(2, 12);
      clock = Date.parse(start) - 10 * HOUR;
      const email = 'soon@example.com';
      const made = await book('s30', start, email);
      await server.mail.runOnce();
      clock = Date.parse(made.booking.start) - HOUR;
      await server.mail.runOnce();
      assert.equal(reminders(email).length, 0);
      assert.equal(inbox.to(email).length, 1, 'the confirmation only');
      const rows = await reminderRows(made.booking.id);
      assert.deepEqual(
        rows.map((r) => r.status),
        ['void'],
      );
      assert.match(String(rows[0]!.last_error), /confirmation is the reminder/);
    });
  });
}
