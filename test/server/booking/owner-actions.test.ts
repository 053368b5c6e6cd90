/**
 * The owner's booking actions, per dialect, through the real server on an injected clock and a real SMTP server on
 * loopback: one booking (GET), cancel with a message (METHOD:CANCEL, same UID), move (new invite, SEQUENCE + 1; the
 * overlap rule kept, the notice rule lifted only on request), a booking taken by phone (no email, or the
 * confirmation on request), attendance, the preview (exactly the mail, nothing written), undo within 10 seconds while
 * the mail waits (and not after), Idempotency-Key replays, the calendar version and its event stream.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import { startInbox, type Inbox } from '../../support/smtp.js';
import { dialectsUnderTest, freshDatabase, type TestDatabase } from '../support/databases.js';
import {
  ADMIN_TOKEN,
  availableStarts,
  bookingBody,
  dayFromToday,
  postBooking,
  practiceJson,
  read,
  slotStart,
  type Reply,
} from '../support/booking.js';

const HOUR = 3_600_000;

for (const dialect of dialectsUnderTest()) {
  describe(`owner booking actions (${dialect})`, () => {
    let inbox: Inbox;
    let database: TestDatabase;
    let dir: string;
    let server: RunningServer;
    let clock = Date.now();

    before(async () => {
      inbox = await startInbox();
      database = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'soleus-owner-actions-'));
      const practice = practiceJson() as { services: Record<string, unknown>[] };
      practice.services[1]!.minNoticeHours = 48; // s60: two days' notice for visitors (the owner may lift it)
      writeFileSync(join(dir, 'practice.json'), JSON.stringify(practice));
      server = await startServer({
        args: ['--host', '127.0.0.1', '--port', '0', '--db', database.url, '--config', join(dir, 'practice.json')],
        env: { SMTP_URL: inbox.url, SOLEUS_ADMIN_TOKEN: ADMIN_TOKEN, SOLEUS_BOOKING_RATE_LIMIT: '100000' },
        now: () => new Date(clock),
        mailWorker: { start: false },
        logError: (message, error) => console.error(`[server ${dialect}] ${message}`, error),
      });
    });
    after(async () => {
      await server?.close();
      await database?.drop();
      await inbox?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const owner = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      read(
        await fetch(`${server.url}/api/v1/owner${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${ADMIN_TOKEN}`,
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...headers,
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }),
      );
    const book = async (service: 's30' | 's60', start: string, email: string) => {
      const reply = await postBooking(
        server.url,
        bookingBody(service, start, { client: { name: 'Rae Runner', email } }),
      );
      assert.equal(reply.status, 201, reply.text);
      return (reply.body as { booking: { id: string; start: string } }).booking;
    };
    const outbox = async (to: string) =>
      server.database.db
        .selectFrom('mail_outbox')
        .select(['id', 'status', 'subject', 'not_before_ms', 'ref'])
        .where('to', '=', to)
        .orderBy('id')
        .execute();
    const expectError = (reply: Reply, status: number, code: string) => {
      assert.equal(reply.status, status, reply.text);
      assert.equal((reply.body as { error: { code: string } }).error.code, code, reply.text);
    };
    const delivered = (to: string) => inbox.to(to).map((m) => m.mail.subject ?? '');
    const day = (offset: number) => dayFromToday(offset);

    test('one booking as the owner sees it; 404 for an unknown id; 401 without the token', async () => {
      clock = Date.now();
      const made = await book('s30', slotStart(3, 9), 'see.me@example.com');
      const reply = await owner('GET', `/bookings/${made.id}`);
      assert.equal(reply.status, 200, reply.text);
      const booking = (reply.body as { booking: Record<string, unknown> }).booking;
      assert.deepEqual(
        { source: booking.source, attendance: booking.attendance, planId: booking.planId, price: booking.price },
        { source: 'widget', attendance: null, planId: null, price: { amount: 1000, currency: 'GBP' } },
      );
      expectError(await owner('GET', '/bookings/bk_nope'), 404, 'unknown_booking');
      const anonymous = await read(await fetch(`${server.url}/api/v1/owner/bookings/${made.id}`));
      expectError(anonymous, 401, 'unauthorized');
    });

    test('cancel: the preview is the mail and writes nothing; then the mail waits 10 s, the slot is free at once, undo puts it all back', async () => {
      clock = Date.now();
      const email = 'undo.cancel@example.com';
      const made = await book('s30', slotStart(4, 10), email);
      await server.mail.runOnce(); // the confirmation goes
      const before = await outbox(email);
      const preview = await owner('POST', `/bookings/${made.id}/cancel`, {
        message: 'Sorry, I am unwell.',
        preview: true,
      });
      assert.equal(preview.status, 200, preview.text);
      const shown = preview.body as { preview: true; mail: { to: string; subject: string; text: string }[] };
      assert.equal(shown.preview, true);
      assert.equal(shown.mail.length, 1);
      assert.equal(shown.mail[0]!.to, email);
      assert.match(shown.mail[0]!.subject, /^Cancelled:/);
      assert.match(shown.mail[0]!.text, /Sorry, I am unwell\./);
      assert.deepEqual(await outbox(email), before, 'a preview writes nothing');
      assert.equal((await owner('GET', `/bookings/${made.id}`)).body.booking.status, 'confirmed');

      const done = await owner('POST', `/bookings/${made.id}/cancel`, { message: 'Sorry, I am unwell.' });
      assert.equal(done.status, 200, done.text);
      const body = done.body as {
        booking: { status: string };
        mail: unknown[];
        action: { id: string; undoUntil: string };
      };
      assert.equal(body.booking.status, 'cancelled');
      assert.deepEqual(body.mail, shown.mail, 'the preview was exactly what is sent');
      assert.equal(Date.parse(body.action.undoUntil), clock + 10_000);
      const held = (await outbox(email)).filter((r) => r.ref === `action:${body.action.id}`);
      assert.equal(held.length, 1);
      assert.equal(Number(held[0]!.not_before_ms), clock + 10_000, 'the mail waits for the undo window');
      assert.ok((await availableStarts(server.url, 's30', day(4))).includes(Date.parse(made.start)), 'free at once');
      await server.mail.runOnce();
      assert.deepEqual(
        delivered(email).filter((s) => s.startsWith('Cancelled')),
        [],
        'not sent within the window',
      );

      clock += 5_000;
      const undone = await owner('POST', `/actions/${body.action.id}/undo`);
      assert.equal(undone.status, 200, undone.text);
      assert.equal(undone.body.booking.status, 'confirmed');
      assert.ok(!(await availableStarts(server.url, 's30', day(4))).includes(Date.parse(made.start)), 'taken again');
      const rows = await outbox(email);
      assert.equal(rows.find((r) => r.id === held[0]!.id)!.status, 'void', 'the cancellation is withdrawn');
      assert.equal(rows.find((r) => r.ref === `reminder:${made.id}`)!.status, 'pending', 'the reminder is back');
      clock += 20_000;
      await server.mail.runOnce();
      assert.deepEqual(
        delivered(email).filter((s) => s.startsWith('Cancelled')),
        [],
        'never sent',
      );
      const again = await owner('POST', `/actions/${body.action.id}/undo`);
      assert.equal(again.status, 200, 'undoing twice answers the booking again');
    });

    test('cancel, then the window passes: the client gets METHOD:CANCEL with the message, and undo is too late', async () => {
      clock = Date.now();
      const email = 'cancelled@example.com';
      const made = await book('s30', slotStart(5, 11), email);
      const done = await owner('POST', `/bookings/${made.id}/cancel`, { message: 'The clinic is closed that day.' });
      assert.equal(done.status, 200, done.text);
      clock += 10_001;
      await server.mail.runOnce();
      const [mail] = await inbox.waitFor(email, 1, (m) => /^Cancelled:/.test(m.mail.subject ?? ''));
      assert.match(mail!.mail.text ?? '', /The clinic is closed that day\./);
      const ics = mail!.mail.attachments.find((a) => /calendar/.test(a.contentType))?.content.toString() ?? '';
      assert.match(ics, /METHOD:CANCEL/);
      assert.match(ics, new RegExp(`UID:${made.id}@soleus`));
      expectError(await owner('POST', `/actions/${done.body.action.id}/undo`), 409, 'undo_expired');
      expectError(await owner('POST', `/bookings/${made.id}/cancel`, {}), 409, 'booking_cancelled');
      expectError(await owner('POST', '/actions/ac_nope/undo'), 404, 'unknown_action');
    });

    test('move: a new invite with the same UID and SEQUENCE 1; never onto a taken time; the notice rule only lifted on request', async () => {
      clock = Date.now();
      const email = 'mover@example.com';
      const made = await book('s60', slotStart(6, 9), email);
      const other = await book('s60', slotStart(6, 14), 'other@example.com');
      expectError(await owner('POST', `/bookings/${made.id}/move`, { start: other.start }), 409, 'slot_unavailable');
      // Lifting the notice rules never lifts the overlap rule.
      expectError(
        await owner('POST', `/bookings/${made.id}/move`, { start: other.start, overrideNotice: true }),
        409,
        'slot_unavailable',
      );
      const bad = await owner('POST', `/bookings/${made.id}/move`, { start: 'next tuesday' });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.error.fields.start);
      const long = await owner('POST', `/bookings/${made.id}/move`, {
        start: slotStart(6, 11),
        message: 'x'.repeat(1001),
      });
      assert.equal(long.status, 400);
      assert.ok(long.body.error.fields.message);

      // Local wall time in the practice's zone is accepted as well as an instant.
      const local = `${day(6)}T11:00`;
      const moved = await owner('POST', `/bookings/${made.id}/move`, {
        start: local,
        message: 'See you at 11 instead.',
      });
      assert.equal(moved.status, 200, moved.text);
      assert.equal(moved.body.booking.start, slotStart(6, 11));
      assert.equal(moved.body.booking.sequence, 1);
      clock += 10_001;
      await server.mail.runOnce();
      const [mail] = await inbox.waitFor(email, 1, (m) => /^Moved:/.test(m.mail.subject ?? ''));
      assert.match(mail!.mail.text ?? '', /See you at 11 instead\./);
      const ics = mail!.mail.attachments.find((a) => /calendar/.test(a.contentType))?.content.toString() ?? '';
      assert.match(ics, new RegExp(`UID:${made.id}@soleus`));
      assert.match(ics, /SEQUENCE:1/);

      // Inside the visitors' 48 h notice: refused, unless the owner lifts it.
      clock = Date.parse(slotStart(6, 9)) - 24 * HOUR;
      const soon = slotStart(6, 16);
      expectError(await owner('POST', `/bookings/${made.id}/move`, { start: soon }), 422, 'outside_booking_window');
      const lifted = await owner('POST', `/bookings/${made.id}/move`, {
        start: soon,
        overrideNotice: true,
        notify: false,
      });
      assert.equal(lifted.status, 200, lifted.text);
      assert.deepEqual(lifted.body.mail, [], 'notify: false sends the client nothing');
      // Inside the notice too, the other client's time stays theirs: 409, not the notice rule's 422, and nothing moves.
      const taken = await owner('POST', `/bookings/${made.id}/move`, { start: other.start, overrideNotice: true });
      expectError(taken, 409, 'slot_unavailable');
      assert.equal((await owner('GET', `/bookings/${made.id}`)).body.booking.start, soon, 'not moved');
      assert.equal((await owner('GET', `/bookings/${other.id}`)).body.booking.status, 'confirmed');
      // Never outside opening hours, even so: the test practice is open all day, so off the grid stands in here.
      const offGrid = await owner('POST', `/bookings/${made.id}/move`, {
        start: slotStart(6, 17, 7),
        overrideNotice: true,
      });
      assert.equal(offGrid.status, 400, offGrid.text);
    });

    test('a booking taken by phone: no email needed, no mail; the confirmation on request; replayed by its key; undo removes it', async () => {
      clock = Date.now();
      const start = slotStart(7, 10);
      const phone = await owner(
        'POST',
        '/bookings',
        { serviceId: 's30', start, client: { name: 'Mo by phone', phone: '+44 7700 900123' }, notes: 'Left calf' },
        { 'Idempotency-Key': 'phone-1' },
      );
      assert.equal(phone.status, 201, phone.text);
      assert.equal(phone.body.booking.source, 'owner');
      assert.equal(phone.body.booking.client.email, '');
      assert.deepEqual(phone.body.mail, []);
      const replay = await owner(
        'POST',
        '/bookings',
        { serviceId: 's30', start, client: { name: 'Mo by phone', phone: '+44 7700 900123' }, notes: 'Left calf' },
        { 'Idempotency-Key': 'phone-1' },
      );
      assert.equal(replay.status, 201);
      assert.equal(replay.body.booking.id, phone.body.booking.id, 'the same booking, not a second one');
      assert.ok(!(await availableStarts(server.url, 's30', day(7))).includes(Date.parse(start)));
      expectError(
        await owner('POST', '/bookings', { serviceId: 's30', start, client: { name: 'Twice' } }),
        409,
        'slot_unavailable',
      );
      const noAddress = await owner('POST', '/bookings', {
        serviceId: 's30',
        start: slotStart(7, 12),
        client: { name: 'No mail' },
        sendConfirmation: true,
      });
      assert.equal(noAddress.status, 400);
      assert.ok(noAddress.body.error.fields['client.email']);

      const email = 'by.phone@example.com';
      const confirmed = await owner('POST', '/bookings', {
        serviceId: 's30',
        start: slotStart(7, 12),
        client: { name: 'Jo', email },
        sendConfirmation: true,
      });
      assert.equal(confirmed.status, 201, confirmed.text);
      assert.match(confirmed.body.mail[0].subject, /^Booked:/);
      const undone = await owner('POST', `/actions/${phone.body.action.id}/undo`);
      assert.equal(undone.status, 200, undone.text);
      expectError(await owner('GET', `/bookings/${phone.body.booking.id}`), 404, 'unknown_booking');
      assert.ok((await availableStarts(server.url, 's30', day(7))).includes(Date.parse(start)), 'free again');
      clock += 10_001;
      await server.mail.runOnce();
      await inbox.waitFor(email, 1, (m) => /^Booked:/.test(m.mail.subject ?? ''));
    });

    test('attendance: only once the session has started; attended, no-show, or unset', async () => {
      clock = Date.now();
      const made = await book('s30', slotStart(8, 10), 'came@example.com');
      expectError(
        await owner('POST', `/bookings/${made.id}/attendance`, { attendance: 'attended' }),
        409,
        'booking_not_started',
      );
      clock = Date.parse(made.start) + 40 * 60_000;
      const marked = await owner('POST', `/bookings/${made.id}/attendance`, { attendance: 'no_show' });
      assert.equal(marked.status, 200, marked.text);
      assert.equal(marked.body.booking.attendance, 'no_show');
      const wrong = await owner('POST', `/bookings/${made.id}/attendance`, { attendance: 'maybe' });
      assert.equal(wrong.status, 400);
      const unset = await owner('POST', `/bookings/${made.id}/attendance`, { attendance: null });
      assert.equal(unset.body.booking.attendance, null);
    });

    test('the calendar version grows with every change, and the event stream sends it', async () => {
      clock = Date.now();
      const first = (await owner('GET', '/calendar-version')).body.version as number;
      const controller = new AbortController();
      const res = await fetch(`${server.url}/api/v1/owner/events`, {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
        signal: controller.signal,
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const until = async (pattern: RegExp) => {
        const deadline = Date.now() + 10_000;
        while (!pattern.test(text) && Date.now() < deadline) {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value);
        }
        assert.match(text, pattern);
      };
      try {
        await until(new RegExp(`event: version\\ndata: \\{"version":${first}\\}`));
        await book('s30', slotStart(9, 10), `v${randomUUID().slice(0, 8)}@example.com`);
        const next = (await owner('GET', '/calendar-version')).body.version as number;
        assert.ok(next > first);
        await until(new RegExp(`data: \\{"version":${next}\\}`));
      } finally {
        controller.abort();
      }
    });
  });
}
