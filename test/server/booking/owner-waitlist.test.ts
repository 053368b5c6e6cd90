/**
 * The waitlist notice an owner's cancel or move causes, per dialect, on an injected clock with the real outbox worker
 * and a real SMTP server on loopback: the notice waits in the outbox until the action's undo window ends (10 s) and
 * goes after it; an undone action withdraws the notice, and the waiter stays on the list (notified_ms back to null)
 * to be told of the next freed time.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from '../../../src/server/app.js';
import type { OpenDatabase } from '../../../src/server/db/index.js';
import { createMailer } from '../../../src/server/mail/mailer.js';
import { createMailWorker, type MailWorker } from '../../../src/server/mail/worker.js';
import { issueFormToken } from '../../../src/server/http/signed-tokens.js';
import { parsePractice } from '../../../src/server/practice.js';
import { startInbox, type Inbox, type Received } from '../../support/smtp.js';
import { checked } from '../support/contract.js';
import { dialectsUnderTest, migratedDatabase } from '../support/databases.js';
import { ADMIN_TOKEN, practiceJson } from '../support/booking.js';

const SECRET = 'owner-waitlist-secret-0123456789abcdef0123456789abcdef';
const CONSENT = 'Email me once if a time frees up on this day.';
const ZONE = 'Europe/London';
const START_CLOCK = Date.parse('2027-03-03T08:00:00.000Z');
/** A day with free times to move a booking onto. */
const ROOMY_DAY = '2027-03-20';

/** Open 09:00–11:00 on every day: a 60-minute service on an hourly grid has exactly two times a day. */
function practice() {
  const base = practiceJson() as {
    practitioners: { hours: Record<string, string[][]> }[];
    services: Record<string, unknown>[];
  };
  const hours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } as Record<string, string[][]>;
  for (const k of Object.keys(hours)) hours[k] = [['09:00', '11:00']];
  base.practitioners[0]!.hours = hours;
  for (const s of base.services)
    Object.assign(s, { bufferBeforeMinutes: 0, bufferAfterMinutes: 0, slotIntervalMinutes: 60 });
  return parsePractice({ ...base, bookingPage: 'https://practice.example.com/book' }, 'owner waitlist test');
}

const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`; // GMT = UTC in March

for (const dialect of dialectsUnderTest()) {
  describe(`owner actions tell the waitlist (${dialect})`, () => {
    let open: OpenDatabase;
    let inbox: Inbox;
    let mail: MailWorker;
    let app: ReturnType<typeof createApp>;
    let clock = START_CLOCK;

    before(async () => {
      inbox = await startInbox();
      open = await migratedDatabase(dialect);
      const mailer = createMailer({ smtpUrl: inbox.url, db: open.db, production: false, from: 'practice@example.com' });
      mail = createMailWorker({
        db: open.db,
        dialect: open.dialect,
        mailer,
        now: () => clock,
        logError: (message, error) => console.error(message, error),
      });
      app = checked(
        createApp({
          mailWorker: mail,
          config: {
            allowedOrigins: [],
            publicUrl: 'https://book.example.com',
            production: false,
            subscribeRateLimit: 1000,
            bookingRateLimit: 1000,
            adminToken: ADMIN_TOKEN,
          },
          practice: practice(),
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
      await mail?.idle();
      await mail?.stop();
      await open?.close();
      await inbox?.close();
    });

    const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const owner = async (path: string, body: unknown = {}) => {
      const res = await json(`/api/v1/owner${path}`, body, { Authorization: `Bearer ${ADMIN_TOKEN}` });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      return JSON.parse(text) as { booking: { id: string; status: string }; action: { id: string } };
    };
    const book = async (start: string) => {
      const res = await json(
        '/api/v1/bookings',
        { serviceId: 's60', start, timeZone: ZONE, client: { name: 'Booker', email: 'booker@example.com' } },
        { 'Idempotency-Key': randomUUID() },
      );
      assert.equal(res.status, 201, await res.clone().text());
      return ((await res.json()) as { booking: { id: string } }).booking.id;
    };
    /** Books both times of `day`, so it is full; returns the ids, 09:00 first. */
    const fill = async (day: string) => [await book(at(day, 9)), await book(at(day, 10))];
    const linkIn = (m: Received, path: string) => {
      const found = new RegExp(`https://book\\.example\\.com${path}\\?token=[A-Za-z0-9._-]+`).exec(m.mail.text ?? '');
      assert.ok(found, `a ${path} link in "${m.mail.subject}"`);
      return new URL(found[0]);
    };
    /** Joins the waitlist for `day` and confirms through the emailed link's button (docs/http-api.md "Waitlist"). */
    async function joinAndConfirm(email: string, day: string): Promise<void> {
      const joined = await json('/api/v1/waitlist', {
        serviceId: 's60',
        day,
        timeZone: ZONE,
        email,
        consent: true,
        consentText: CONSENT,
        t: issueFormToken(SECRET, clock - 5_000),
      });
      assert.equal(joined.status, 202);
      const [confirmation] = await inbox.waitFor(email, 1);
      const link = linkIn(confirmation!, '/waitlist/confirm');
      const confirmed = await app.request(link.pathname, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: link.searchParams.get('token')! }).toString(),
      });
      assert.equal(confirmed.status, 200);
      assert.equal((await entry(email)).status, 'confirmed');
    }
    const entry = async (email: string) =>
      open.db.selectFrom('waitlist_entries').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    const notices = (email: string) =>
      open.db
        .selectFrom('mail_outbox')
        .select(['id', 'status', 'not_before_ms', 'ref'])
        .where('to', '=', email)
        .where('subject', 'like', '%freed up%')
        .orderBy('id')
        .execute();
    const freedMails = (email: string) => inbox.to(email).filter((m) => /freed up/.test(m.mail.subject ?? ''));
    /** Runs the outbox worker and gives SMTP a moment, so "not sent" is not a race. */
    const settle = async () => {
      await mail.idle();
      await sleep(100);
    };

    /** The notice waits under the action's ref for the undo window, and goes once it has passed. */
    async function heldThenSent(email: string, actionId: string, actedAt: number): Promise<void> {
      const held = (await notices(email)).find((n) => n.ref === `action:${actionId}:waitlist`);
      assert.ok(held, 'a waitlist notice is written under the action');
      assert.equal(held.status, 'pending');
      assert.equal(Number(held.not_before_ms), actedAt + 10_000, 'the notice waits for the undo window');
      assert.notEqual((await entry(email)).notified_ms, null, 'the waiter is claimed at once');
      clock = actedAt + 9_000;
      await settle();
      assert.equal(freedMails(email).length, 0, 'not sent within the window');
      clock = actedAt + 10_001;
      await settle();
      await inbox.waitFor(email, 1, (m) => /freed up/.test(m.mail.subject ?? ''));
      assert.equal((await notices(email)).find((n) => n.id === held.id)!.status, 'sent');
      assert.equal(freedMails(email).length, 1, 'one notice');
    }

    /** Undone within the window: the notice is withdrawn, never sent, and the waiter is back on the list. */
    async function withdrawn(email: string, actionId: string, actedAt: number): Promise<void> {
      assert.equal((await notices(email))[0]!.status, 'pending');
      clock = actedAt + 5_000;
      const undone = await owner(`/actions/${actionId}/undo`);
      assert.equal(undone.booking.status, 'confirmed');
      const [notice] = await notices(email);
      assert.equal(notice!.status, 'void', 'the notice is withdrawn with the action');
      const waiter = await entry(email);
      assert.equal(waiter.status, 'confirmed', 'still on the list');
      assert.equal(waiter.notified_ms, null, 'not told after all');
      clock = actedAt + 60_000;
      await settle();
      assert.equal(freedMails(email).length, 0, 'never sent');
    }

    test('an owner cancel: the waiter’s notice waits 10 s in the outbox, then goes', async () => {
      clock = START_CLOCK;
      const day = '2027-03-10';
      const [early] = await fill(day);
      await joinAndConfirm('wait.cancel@example.com', day);
      const actedAt = clock;
      const done = await owner(`/bookings/${early}/cancel`, { message: 'Sorry, I am unwell.' });
      assert.equal(done.booking.status, 'cancelled');
      await heldThenSent('wait.cancel@example.com', done.action.id, actedAt);
    });

    test('an owner cancel undone: the notice is withdrawn and the waiter stays on the list for the next freed time', async () => {
      clock = START_CLOCK + 3_600_000;
      const day = '2027-03-12';
      const [early, late] = await fill(day);
      const email = 'wait.undo@example.com';
      await joinAndConfirm(email, day);
      let actedAt = clock;
      const done = await owner(`/bookings/${early}/cancel`, {});
      await withdrawn(email, done.action.id, actedAt);

      // Still waiting: the next freed time on the day tells them.
      actedAt = clock;
      const next = await owner(`/bookings/${late}/cancel`, {});
      await heldThenSent(email, next.action.id, actedAt);
      assert.equal((await notices(email)).length, 2);
    });

    test('an owner move away from a full day: the notice waits 10 s, then goes', async () => {
      clock = START_CLOCK + 2 * 3_600_000;
      const day = '2027-03-15';
      const [early] = await fill(day);
      await joinAndConfirm('wait.move@example.com', day);
      const actedAt = clock;
      const moved = await owner(`/bookings/${early}/move`, { start: at(ROOMY_DAY, 9) });
      assert.equal(moved.booking.status, 'confirmed');
      await heldThenSent('wait.move@example.com', moved.action.id, actedAt);
    });

    test('an owner move undone: the notice is withdrawn and the waiter stays on the list', async () => {
      clock = START_CLOCK + 3 * 3_600_000;
      const day = '2027-03-17';
      const [early] = await fill(day);
      const email = 'wait.move.undo@example.com';
      await joinAndConfirm(email, day);
      const actedAt = clock;
      const moved = await owner(`/bookings/${early}/move`, { start: at(ROOMY_DAY, 10) });
      await withdrawn(email, moved.action.id, actedAt);
      const back = await open.db.selectFrom('bookings').select('start_ms').where('id', '=', early).executeTakeFirst();
      assert.equal(Number(back!.start_ms), Date.parse(at(day, 9)), 'the booking is back on its day');
    });
  });
}
