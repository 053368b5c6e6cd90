/**
 * The waitlist for freed slots, per dialect, against an injected clock and a real SMTP server on loopback: double
 * opt-in, one email to every confirmed waiter when a booking on their day is cancelled or moved away (and none when
 * the day still has no free time for their treatment), the one-click unsubscribe (RFC 8058), the race for the freed
 * time (the database gives it to one booking), and expiry once the day has passed.
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
import { practiceJson } from '../support/booking.js';
import { listUnsubscribeUrl } from '../newsletter/support.js';

const SECRET = 'waitlist-test-secret-0123456789abcdef0123456789abcdef';
const CONSENT = 'Email me once if a time frees up on this day.';
const ZONE = 'Europe/London';
/** The fully booked day (London is on GMT then), and the clock's start: a week before. */
const DAY = '2027-03-10';
const NEXT_DAY = '2027-03-11';
const START_CLOCK = Date.parse('2027-03-03T08:00:00.000Z');
const BOOKING_PAGE = 'https://practice.example.com/book';

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
  return parsePractice({ ...base, bookingPage: BOOKING_PAGE }, 'waitlist test');
}

const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`; // GMT = UTC in March

for (const dialect of dialectsUnderTest()) {
  describe(`waitlist (${dialect})`, () => {
    let open: OpenDatabase;
    let inbox: Inbox;
    let mail: MailWorker;
    let app: ReturnType<typeof createApp>;
    let clock = START_CLOCK;

    before(async () => {
      inbox = await startInbox();
      open = await migratedDatabase(dialect);
      const mailer = createMailer({ smtpUrl: inbox.url, db: open.db, production: false, from: 'practice@example.com' });
      // The real outbox worker on the test's clock: the app kicks it after each write request; idle() runs a pass.
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
    const token = () => issueFormToken(SECRET, clock - 5_000);
    const join = (email: string, day = DAY, serviceId = 's60', extra: Record<string, unknown> = {}) =>
      json('/api/v1/waitlist', {
        serviceId,
        day,
        timeZone: ZONE,
        email,
        consent: true,
        consentText: CONSENT,
        t: token(),
        ...extra,
      });
    const book = async (start: string, email = 'booker@example.com', serviceId = 's60') =>
      json(
        '/api/v1/bookings',
        { serviceId, start, timeZone: ZONE, client: { name: 'Booker', email } },
        { 'Idempotency-Key': randomUUID() },
      );
    const manage = (id: string, manageToken: string, action: 'cancel' | 'reschedule', body?: unknown) =>
      app.request(`/api/v1/bookings/${id}/${action}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${manageToken}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const linkIn = (m: Received, path: string) => {
      const found = new RegExp(`https://book\\.example\\.com${path}\\?token=[A-Za-z0-9._-]+`).exec(m.mail.text ?? '');
      assert.ok(found, `a ${path} link in "${m.mail.subject}"`);
      return new URL(found[0]);
    };
    const pressButton = async (url: URL) =>
      app.request(url.pathname, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: url.searchParams.get('token')! }).toString(),
      });
    const freedMails = (address: string) => inbox.to(address).filter((m) => /freed up/.test(m.mail.subject ?? ''));
    /** The waitlist context the app builds, rebuilt over the same database, clock and mail. */
    const waitlistContext = () => ({
      deps: { db: open.db, dialect: open.dialect, practice: practice(), now: () => new Date(clock) },
      secret: SECRET,
      mailDomain: 'example.com',
      rateLimit: 1000,
      publicUrl: () => 'https://book.example.com',
      bookingPage: () => BOOKING_PAGE,
      logError: (message: string, error: unknown) => console.error(message, error),
    });
    const rows = () => open.db.selectFrom('waitlist_entries').selectAll().orderBy('email').execute();

    /** Joins and confirms through the emailed link (GET shows a button and changes nothing; POST confirms). */
    async function joinAndConfirm(email: string, day = DAY, serviceId = 's60'): Promise<void> {
      const before = inbox.to(email).length;
      assert.equal((await join(email, day, serviceId)).status, 202);
      const [confirmation] = (await inbox.waitFor(email, before + 1)).slice(before);
      const link = linkIn(confirmation!, '/waitlist/confirm');
      const shown = await app.request(link.pathname + link.search);
      assert.equal(shown.status, 200);
      assert.match(await shown.text(), /<button type="submit">Tell me if a time frees up<\/button>/);
      const row = (await rows()).find((r) => r.email === email && r.day === day && r.service_id === serviceId)!;
      assert.equal(row.status, 'pending', 'the GET changed nothing');
      const confirmed = await pressButton(link);
      assert.equal(confirmed.status, 200);
      assert.match(await confirmed.text(), /You are on the waitlist/);
    }

    /** Books both times of DAY (fully booked); returns their ids and tokens. */
    const bookings: { id: string; token: string }[] = [];

    test('the day fills up; joining answers 202 for everyone, stores a pending entry and sends one confirmation', async () => {
      for (const hour of [9, 10]) {
        const res = await book(at(DAY, hour));
        assert.equal(res.status, 201, await res.clone().text());
        const body = (await res.json()) as { booking: { id: string }; manageToken: string };
        bookings.push({ id: body.booking.id, token: body.manageToken });
      }
      const free = await app.request(`/api/v1/availability?service=s60&from=${DAY}&to=${DAY}&timeZone=${ZONE}`);
      assert.deepEqual(((await free.json()) as { slots: unknown[] }).slots, [], 'the day is fully booked');

      assert.equal((await join('Ann@Example.com')).status, 202);
      const [confirmation] = await inbox.waitFor('ann@example.com', 1);
      assert.match(
        confirmation!.mail.subject ?? '',
        /^Confirm: tell me if a time frees up on Wednesday 10 March 2027$/,
      );
      assert.match(confirmation!.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      assert.match(listUnsubscribeUrl(confirmation!), /^https:\/\/book\.example\.com\/waitlist\/leave\?token=/);
      // The same answer again, and no second confirmation within 10 minutes.
      assert.equal((await join('ann@example.com')).status, 202);
      await mail.idle();
      await sleep(100);
      assert.equal(inbox.to('ann@example.com').length, 1);
      const [row] = await rows();
      assert.equal(row!.status, 'pending');
      assert.equal(row!.email, 'ann@example.com');
      assert.equal(row!.consent_text, CONSENT);
    });

    test('refusals write nothing: bad fields, a past day, no form token; a bot is answered 202 and stored nowhere', async () => {
      const count = (await rows()).length;
      const bad = await json('/api/v1/waitlist', {
        serviceId: 'nope',
        day: '2027-02-30',
        timeZone: ZONE,
        email: 'x',
        consent: false,
        consentText: CONSENT,
        t: token(),
      });
      assert.equal(bad.status, 400);
      const { error } = (await bad.json()) as { error: { fields: Record<string, string> } };
      assert.ok(error.fields.email && error.fields.consent, JSON.stringify(error.fields));
      const unknownService = await join('bo@example.com', DAY, 'nope');
      assert.equal(unknownService.status, 400);
      assert.equal(
        ((await unknownService.json()) as { error: { fields: Record<string, string> } }).error.fields.serviceId,
        'Choose one of the treatments offered',
      );
      const past = await join('bo@example.com', '2027-03-01');
      assert.equal(past.status, 400);
      assert.equal(
        ((await past.json()) as { error: { fields: Record<string, string> } }).error.fields.day,
        'This day has passed; choose another',
      );
      const noToken = await join('bo@example.com', DAY, 's60', { t: undefined });
      assert.equal(noToken.status, 400);
      assert.equal(((await noToken.json()) as { error: { code: string } }).error.code, 'form_token_required');
      assert.equal((await join('bot@example.com', DAY, 's60', { hp: 'I am a bot' })).status, 202);
      assert.equal((await join('fast@example.com', DAY, 's60', { t: issueFormToken(SECRET, clock) })).status, 202);
      assert.equal((await rows()).length, count);
      await mail.idle();
      assert.equal(inbox.to('bot@example.com').length + inbox.to('fast@example.com').length, 0);
    });

    test('a cancellation tells every confirmed waiter once; a pending one and another day hear nothing', async () => {
      clock += 11 * 60_000; // ann may get a new confirmation mail now
      await joinAndConfirm('ann@example.com');
      await joinAndConfirm('cat@example.com');
      await joinAndConfirm('dan@example.com', NEXT_DAY); // another day: nothing frees there
      assert.equal((await join('pending@example.com')).status, 202); // never confirms

      const cancelled = await manage(bookings[0]!.id, bookings[0]!.token, 'cancel');
      assert.equal(cancelled.status, 200);
      for (const address of ['ann@example.com', 'cat@example.com']) {
        await inbox.waitFor(address, 1, (m) => /freed up/.test(m.mail.subject ?? ''));
      }
      await mail.idle();
      await sleep(100);
      const [freed] = freedMails('ann@example.com');
      assert.equal(freed!.mail.subject, 'A time has freed up on Wednesday 10 March 2027');
      assert.ok(freed!.mail.text?.includes(`${BOOKING_PAGE}#soleus-book=s60/${DAY}`), freed!.mail.text);
      assert.match(freed!.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      assert.equal(freedMails('pending@example.com').length, 0);
      assert.equal(freedMails('dan@example.com').length, 0);

      // The freed time is taken again by someone else, then freed again: nobody is told twice.
      const again = await book(at(DAY, 9), 'eve@example.com');
      assert.equal(again.status, 201);
      const eve = (await again.json()) as { booking: { id: string }; manageToken: string };
      bookings[0] = { id: eve.booking.id, token: eve.manageToken };
      assert.equal((await manage(eve.booking.id, eve.manageToken, 'cancel')).status, 200);
      await mail.idle();
      await sleep(150);
      assert.equal(freedMails('ann@example.com').length, 1, 'one email per waiter');
      assert.equal(freedMails('cat@example.com').length, 1, 'one email per waiter');
      const book9 = await book(at(DAY, 9), 'fay@example.com');
      assert.equal(book9.status, 201);
      const fay = (await book9.json()) as { booking: { id: string }; manageToken: string };
      bookings[0] = { id: fay.booking.id, token: fay.manageToken };
    });

    test('a booking moved away to another day tells the waiters of the day it left, and not those of the day it fills', async () => {
      await joinAndConfirm('gus@example.com', DAY, 's30'); // a 30-minute treatment: an hour freed fits it too
      // The 10:00 booking moves to 09:00 on the next day: 10:00 on DAY is free again.
      const moved = await manage(bookings[1]!.id, bookings[1]!.token, 'reschedule', { start: at(NEXT_DAY, 9) });
      assert.equal(moved.status, 200, await moved.clone().text());
      await inbox.waitFor('gus@example.com', 1, (m) => /freed up/.test(m.mail.subject ?? ''));
      const [freed] = freedMails('gus@example.com');
      assert.ok(freed!.mail.text?.includes(`${BOOKING_PAGE}#soleus-book=s30/${DAY}`));
      assert.equal(freedMails('dan@example.com').length, 0, 'NEXT_DAY only filled up');
    });

    test('the freed time goes to one booking: parallel posts, one 201, the rest 409', async () => {
      const answers = await Promise.all(
        ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((n) => book(at(DAY, 10), `${n}@example.com`)),
      );
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409]);
      const held = await open.db
        .selectFrom('bookings')
        .select('id')
        .where('status', '=', 'confirmed')
        .where('start_ms', '=', Date.parse(at(DAY, 10)))
        .execute();
      assert.equal(held.length, 1);
    });

    test('one-click unsubscribe: GET shows a button, POST (RFC 8058, token in the URL) leaves at once', async () => {
      await joinAndConfirm('hal@example.com', NEXT_DAY);
      const [confirmation] = inbox.to('hal@example.com');
      const leave = linkIn(confirmation!, '/waitlist/leave');
      assert.equal(listUnsubscribeUrl(confirmation!), leave.href, 'the header names the same leave link');
      const shown = await app.request(leave.pathname + leave.search);
      assert.equal(shown.status, 200);
      assert.match(await shown.text(), /<button type="submit">Leave the waitlist<\/button>/);
      assert.equal((await rows()).find((r) => r.email === 'hal@example.com')!.status, 'confirmed');
      // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` to the URL as it is.
      const oneClick = await app.request(leave.pathname + leave.search, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      assert.equal(oneClick.status, 200);
      assert.match(await oneClick.text(), /You have left the waitlist/);
      assert.equal((await rows()).find((r) => r.email === 'hal@example.com')!.status, 'unsubscribed');
      // NEXT_DAY frees up: hal hears nothing, dan (still waiting) is told.
      const filler = await book(at(NEXT_DAY, 10), 'ida@example.com');
      assert.equal(filler.status, 201);
      const ida = (await filler.json()) as { booking: { id: string }; manageToken: string };
      assert.equal((await manage(ida.booking.id, ida.manageToken, 'cancel')).status, 200);
      await inbox.waitFor('dan@example.com', 1, (m) => /freed up/.test(m.mail.subject ?? ''));
      await mail.idle();
      await sleep(100);
      assert.equal(freedMails('hal@example.com').length, 0);
      // A confirm link of an entry that left no longer confirms it.
      const confirmLink = linkIn(confirmation!, '/waitlist/confirm');
      const late = await pressButton(confirmLink);
      assert.equal(late.status, 400);
    });

    test('entries end with their day: no confirmation, no mail after it, and they are purged', async () => {
      const LATER = '2027-03-05';
      assert.equal((await book(at(LATER, 9), 'j1@example.com')).status, 201);
      const ten = await book(at(LATER, 10), 'j2@example.com');
      const j2 = (await ten.json()) as { booking: { id: string }; manageToken: string };
      await joinAndConfirm('kim@example.com', LATER);
      assert.equal((await join('lou@example.com', LATER)).status, 202);
      const [louMail] = await inbox.waitFor('lou@example.com', 1);

      // The clock passes the end of LATER (London midnight).
      clock = Date.parse('2027-03-06T00:00:01.000Z');
      const late = await pressButton(linkIn(louMail!, '/waitlist/confirm'));
      assert.equal(late.status, 400);
      assert.match(await late.text(), /That day has passed/);
      // A booking of LATER cancelled now (an owner's change; the client's cancel is refused this late) frees nothing for
      // its waiters: their day is over. The notifier is asked directly, as the cancel route would.
      const { notifyFreed, purgeExpiredWaitlist } = await import('../../../src/server/booking/waitlist.js');
      await open.db.updateTable('bookings').set({ status: 'cancelled' }).where('id', '=', j2.booking.id).execute();
      const told = await notifyFreed(waitlistContext(), {
        start: new Date(at(LATER, 10)),
        end: new Date(at(LATER, 11)),
      });
      assert.equal(told, 0);
      await mail.idle();
      assert.equal(freedMails('kim@example.com').length, 0);
      // Ended entries are purged (a share of waitlist posts runs it; called directly here).
      const purged = await purgeExpiredWaitlist(waitlistContext(), clock);
      assert.ok(purged >= 2, `purged ${purged}`);
      const left = await rows();
      assert.ok(
        left.every((r) => r.day_end_ms > clock),
        'only entries for days still to come remain',
      );
      assert.ok(!left.some((r) => r.day === LATER));
      assert.ok(left.some((r) => r.day === DAY));
    });
  });
}
