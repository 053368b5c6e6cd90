/**
 * A plan (a race-day plan's sessions, of several services) booked as ONE decision: one POST with `plan.sessions`,
 * all or none in one transaction under one Idempotency-Key, one series id and one manage token, and ONE email each to
 * the client (every session listed, one invite holding every VEVENT, each its own UID) and the practitioner (the
 * intake answers under the form's own questions). Per dialect, through a real SMTP server on loopback.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startInbox, type Inbox, type Received } from '../../support/smtp.js';
import { dialectsUnderTest } from '../support/databases.js';
import {
  assertError,
  bookingBody,
  countConfirmed,
  getBooking,
  manage,
  postBooking,
  PRACTITIONER_EMAIL,
  read,
  slotStart,
  startTestServer,
  ZONE,
  type TestServer,
} from '../support/booking.js';

/** The VCALENDAR text of a message: its text/calendar part (attachment or alternative), else from the raw source. */
function calendarOf(message: Received): string {
  const part = message.mail.attachments.find((a) => a.contentType.toLowerCase().startsWith('text/calendar'));
  if (part) return part.content.toString('utf8');
  const alt = (
    message.mail as unknown as { alternatives?: { contentType: string; content: Buffer }[] }
  ).alternatives?.find((a) => a.contentType.toLowerCase().startsWith('text/calendar'));
  if (alt) return alt.content.toString('utf8');
  const raw = /BEGIN:VCALENDAR[\s\S]*END:VCALENDAR/.exec(message.raw)?.[0];
  assert.ok(raw, `a calendar in "${message.mail.subject}"`);
  return raw;
}

/** The VEVENTs of a calendar, unfolded: each as property name → first value (parameters dropped). */
function events(text: string): Record<string, string>[] {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const out: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT' && current) (out.push(current), (current = undefined));
    else if (current) {
      const m = /^([A-Z-]+)(;[^:]*)?:(.*)$/.exec(line);
      if (m) current[m[1]!] ??= m[3]!;
    }
  }
  return out;
}

const icsUtc = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Seven sessions of two services, a week apart from `daysAhead`, at 10:00 London time. */
function sevenSessions(daysAhead: number): { serviceId: string; start: string }[] {
  return Array.from({ length: 7 }, (_, k) => ({
    serviceId: k % 2 ? 's30' : 's60',
    start: slotStart(daysAhead + 7 * k, 10, 0),
  }));
}

function planBody(sessions: { serviceId: string; start: string }[], email: string, extra: object = {}) {
  return {
    plan: { sessions },
    client: { name: 'Plan Runner', email },
    answers: { tight: 'Calves', eventDate: '2027-01-17' },
    timeZone: ZONE,
    ...extra,
  };
}

for (const dialect of dialectsUnderTest()) {
  describe(`a plan booked as one decision (${dialect})`, () => {
    let smtp: Inbox;
    let t: TestServer;

    before(async () => {
      smtp = await startInbox();
      t = await startTestServer(dialect, { smtpUrl: smtp.url });
    });
    after(async () => {
      await t?.close();
      await smtp?.close();
    });

    test('a 7-session plan: one 201, seven rows sharing a series id, exactly 2 emails, the client’s with 7 VEVENTs and distinct UIDs', async () => {
      const client = 'seven.sessions@example.com';
      const ownerBefore = smtp.to(PRACTITIONER_EMAIL).length;
      const sessions = sevenSessions(20);
      const made = await postBooking(t.url, planBody(sessions, client));
      assert.equal(made.status, 201, made.text);
      const { booking, manageToken } = made.body;
      assert.ok(booking.seriesId, 'a series id');
      assert.equal(booking.series.length, 7);
      assert.deepEqual(
        booking.series.map((s: { start: string; serviceId: string }) => [s.serviceId, s.start]),
        sessions.map((s) => [s.serviceId, new Date(s.start).toISOString()]),
      );
      assert.equal(booking.id, booking.series[0].id, 'the answer is the first session');
      const rows = await t.db.selectFrom('bookings').selectAll().where('series_id', '=', booking.seriesId).execute();
      assert.equal(rows.length, 7);
      assert.equal(new Set(rows.map((r) => String(r.manage_token_hash))).size, 1, 'one token');

      const [confirmation] = await smtp.waitFor(client, 1, undefined, 10_000);
      await smtp.waitFor(PRACTITIONER_EMAIL, ownerBefore + 1, undefined, 10_000);
      await sleep(700); // anything more would have arrived by now
      assert.equal(smtp.to(client).length, 1, 'ONE confirmation to the client');
      assert.equal(smtp.to(PRACTITIONER_EMAIL).length - ownerBefore, 1, 'ONE notice to the practitioner');

      const invite = events(calendarOf(confirmation!));
      assert.equal(invite.length, 7, 'one invite holding every VEVENT');
      assert.equal(new Set(invite.map((e) => e.UID)).size, 7, 'each its own UID');
      assert.deepEqual(
        invite.map((e) => e.DTSTART),
        sessions.map((s) => icsUtc(s.start)),
      );
      const text = confirmation!.mail.text ?? '';
      assert.match(confirmation!.mail.subject ?? '', /^Booked: 7 sessions from /);
      for (const name of ['Thirty minutes', 'Sixty minutes']) assert.ok(text.includes(name), `${name} listed`);
      assert.ok(text.includes('Total: £70.00'), text);

      const owner = smtp.to(PRACTITIONER_EMAIL).at(-1)!;
      const ownerText = owner.mail.text ?? '';
      assert.match(owner.mail.subject ?? '', /^New booking: Plan Runner — 7 sessions from /);
      assert.ok(ownerText.includes('Where do you feel tight? Calves'), ownerText);
      assert.ok(ownerText.includes('Date of the event: Sunday 17 January 2027'), ownerText);
      assert.doesNotMatch(ownerText, /\btight:|eventDate|2027-01-17/, 'never under field keys');
      const ownerInvite = events(calendarOf(owner));
      assert.equal(ownerInvite.length, 7);
      assert.ok(ownerInvite[0]!.DESCRIPTION!.includes('Where do you feel tight? Calves'), ownerInvite[0]!.DESCRIPTION);

      // The manage page's booking lists every session, and the one token opens each of them.
      const got = await getBooking(t.url, booking.series[3].id, manageToken);
      assert.equal(got.status, 200, got.text);
      assert.equal(got.body.booking.series.length, 7);
      assert.equal(got.body.booking.series[1].serviceName, 'Thirty minutes');

      // "Add all to calendar": one download with every session.
      const all = await read(
        await fetch(
          `${t.url}/api/v1/bookings/${booking.id}/calendar.ics?token=${encodeURIComponent(manageToken)}&all=1`,
        ),
      );
      assert.equal(all.status, 200, all.text);
      assert.equal(events(all.text).length, 7);
      const one = await read(
        await fetch(`${t.url}/api/v1/bookings/${booking.id}/calendar.ics?token=${encodeURIComponent(manageToken)}`),
      );
      assert.equal(events(one.text).length, 1, 'without all=1, the one booking as before');

      // Cancelling one session: METHOD:CANCEL for that UID only, SEQUENCE+1; the others stay.
      const target = booking.series[2];
      const cancelled = await manage(t.url, target.id, manageToken, 'cancel');
      assert.equal(cancelled.status, 200, cancelled.text);
      const mails = await smtp.waitFor(client, 2, undefined, 10_000);
      const cancel = events(calendarOf(mails[1]!));
      assert.match(calendarOf(mails[1]!), /METHOD:CANCEL/);
      assert.equal(cancel.length, 1);
      assert.equal(cancel[0]!.UID, invite[2]!.UID);
      assert.equal(Number(cancel[0]!.SEQUENCE), Number(invite[2]!.SEQUENCE ?? 0) + 1);
      // Moving another: REQUEST, same UID, SEQUENCE+1.
      const moved = await manage(t.url, booking.series[4].id, manageToken, 'reschedule', {
        start: slotStart(20 + 28, 15, 0),
      });
      assert.equal(moved.status, 200, moved.text);
      const afterMove = await smtp.waitFor(client, 3, undefined, 10_000);
      const update = events(calendarOf(afterMove[2]!));
      assert.equal(update.length, 1);
      assert.equal(update[0]!.UID, invite[4]!.UID);
      assert.equal(Number(update[0]!.SEQUENCE), 1);
      const left = await read(
        await fetch(
          `${t.url}/api/v1/bookings/${booking.id}/calendar.ics?token=${encodeURIComponent(manageToken)}&all=1`,
        ),
      );
      assert.equal(events(left.text).length, 6, 'the cancelled session is left out of "all"');
    });

    test('all or nothing: one taken session refuses the whole plan with 409 naming it, nothing written, no mail', async () => {
      const client = 'all.or.nothing@example.com';
      const sessions = sevenSessions(21);
      const taken = sessions[4]!;
      const single = await postBooking(t.url, bookingBody(taken.serviceId, taken.start));
      assert.equal(single.status, 201, single.text);
      const before = await countConfirmed(t.db);
      const key = randomUUID();
      const refused = await postBooking(t.url, planBody(sessions, client), key);
      assertError(refused, 409, 'slot_unavailable');
      assert.deepEqual(refused.body.error.conflicts, [new Date(taken.start).toISOString()]);
      assert.match(refused.body.error.message, /Nothing was booked/);
      assert.equal(await countConfirmed(t.db), before, 'nothing written');
      // The refusal is not kept under the key: the same key books once the plan is changed… and a new body needs a
      // new key; here the visitor takes another time for that session with a new key.
      const fixed = sessions.map((s, i) => (i === 4 ? { ...s, start: slotStart(21 + 28, 16, 0) } : s));
      const booked = await postBooking(t.url, planBody(fixed, client));
      assert.equal(booked.status, 201, booked.text);
      assert.equal(await countConfirmed(t.db), before + 7);
      await smtp.waitFor(client, 1, undefined, 10_000);
      await sleep(500);
      assert.equal(smtp.to(client).length, 1, 'the refused attempt sent nothing');

      // Two sessions of one plan that overlap each other: refused the same way.
      const clash = [
        { serviceId: 's60', start: slotStart(90, 9, 0) },
        { serviceId: 's30', start: slotStart(90, 9, 30) },
      ];
      const overlapping = await postBooking(t.url, planBody(clash, client));
      assertError(overlapping, 409, 'slot_unavailable');
      assert.deepEqual(overlapping.body.error.conflicts, [new Date(clash[1]!.start).toISOString()]);
      assert.equal(await countConfirmed(t.db), before + 7);
    });

    test('idempotent: the same key and body replays the first answer, writes nothing more and sends no second email', async () => {
      const client = 'replay.plan@example.com';
      const body = planBody(sevenSessions(22), client);
      const key = randomUUID();
      const first = await postBooking(t.url, body, key);
      assert.equal(first.status, 201, first.text);
      const count = await countConfirmed(t.db);
      const again = await postBooking(t.url, body, key);
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(again.body, first.body);
      assert.equal(await countConfirmed(t.db), count);
      const reused = await postBooking(t.url, planBody(sevenSessions(23), client), key);
      assertError(reused, 422, 'idempotency_key_reused');
      await smtp.waitFor(client, 1, undefined, 10_000);
      await sleep(500);
      assert.equal(smtp.to(client).length, 1);
    });

    test('bad plans are refused with the field that needs attention, and nothing written', async () => {
      const before = await countConfirmed(t.db);
      const client = 'bad.plan@example.com';
      const mixed = await postBooking(t.url, { ...planBody(sevenSessions(24), client), serviceId: 's30' });
      assertError(mixed, 400, 'invalid_request');
      assert.ok(mixed.body.error.fields.serviceId, mixed.text);
      const empty = await postBooking(t.url, planBody([], client));
      assertError(empty, 400, 'invalid_request');
      assert.ok(empty.body.error.fields['plan.sessions'], empty.text);
      const unknown = await postBooking(
        t.url,
        planBody(
          [
            { serviceId: 's30', start: slotStart(25) },
            { serviceId: 'nope', start: slotStart(26) },
          ],
          client,
        ),
      );
      assertError(unknown, 404, 'unknown_service');
      assert.ok(unknown.body.error.fields['plan.sessions.1.serviceId'], unknown.text);
      const offGrid = await postBooking(
        t.url,
        planBody(
          [
            { serviceId: 's30', start: slotStart(25) },
            { serviceId: 's30', start: slotStart(26, 10, 7) },
          ],
          client,
        ),
      );
      assertError(offGrid, 400, 'invalid_request');
      assert.ok(offGrid.body.error.fields['plan.sessions.1.start'], offGrid.text);
      const past = await postBooking(
        t.url,
        planBody(
          [
            { serviceId: 's30', start: slotStart(25) },
            { serviceId: 's30', start: slotStart(-2) },
          ],
          client,
        ),
      );
      assertError(past, 422, 'outside_booking_window');
      assert.ok(past.body.error.fields['plan.sessions.1.start'], past.text);
      assert.equal(await countConfirmed(t.db), before);
    });
  });
}
