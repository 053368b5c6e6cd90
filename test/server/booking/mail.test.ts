/**
 * Booking mail through a real SMTP server on loopback (smtp-server), per dialect: the confirmation carries an
 * iCalendar invite (METHOD:REQUEST, UTC times, a stable UID), the practitioner is told, and reschedule and cancel send
 * updates with the same UID and a higher SEQUENCE.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startInbox, type Inbox, type Received } from '../../support/smtp.js';
import { dialectsUnderTest } from '../support/databases.js';
import {
  bookingBody,
  manage,
  postBooking,
  PRACTITIONER_EMAIL,
  read,
  slotStart,
  startTestServer,
  type TestServer,
} from '../support/booking.js';

/** The VCALENDAR text of a message: its text/calendar part, else found in the raw source. */
function calendarOf(message: Received): string | undefined {
  const part = message.mail.attachments.find((a) => a.contentType.toLowerCase().startsWith('text/calendar'));
  if (part) return part.content.toString('utf8');
  const alt = (
    message.mail as unknown as { alternatives?: { contentType: string; content: Buffer }[] }
  ).alternatives?.find((a) => a.contentType.toLowerCase().startsWith('text/calendar'));
  if (alt) return alt.content.toString('utf8');
  return /BEGIN:VCALENDAR[\s\S]*END:VCALENDAR/.exec(message.raw)?.[0];
}

/** Unfolded iCalendar properties: name → values (params dropped), first VEVENT plus the calendar's METHOD. */
function icsProps(text: string): Record<string, string[]> {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const props: Record<string, string[]> = {};
  for (const line of lines) {
    const m = /^([A-Z-]+)(;[^:]*)?:(.*)$/.exec(line);
    if (m) (props[m[1]!] ??= []).push(m[3]!);
  }
  return props;
}

const icsUtc = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function one(props: Record<string, string[]>, name: string): string {
  const values = props[name];
  assert.ok(values && values.length >= 1, `${name} present`);
  return values[0]!;
}

/** The invite's key fields, checked to be UTC instants. */
function invite(message: Received) {
  const text = calendarOf(message);
  assert.ok(text, `a calendar part in "${message.mail.subject}"`);
  const props = icsProps(text);
  const dtstart = one(props, 'DTSTART');
  const dtend = one(props, 'DTEND');
  assert.match(dtstart, /^\d{8}T\d{6}Z$/, 'DTSTART in UTC');
  assert.match(dtend, /^\d{8}T\d{6}Z$/, 'DTEND in UTC');
  assert.equal((props.BEGIN ?? []).filter((v) => v === 'VEVENT').length, 1, 'one VEVENT');
  return {
    method: one(props, 'METHOD'),
    uid: one(props, 'UID'),
    sequence: Number(props.SEQUENCE?.[0] ?? 0),
    dtstart,
    dtend,
    status: props.STATUS?.[0],
  };
}

for (const dialect of dialectsUnderTest()) {
  describe(`booking mail over SMTP (${dialect})`, () => {
    let smtp: Inbox;
    let t: TestServer;
    const waitFor = (address: string, count: number, filter?: (m: Received) => boolean) =>
      smtp.waitFor(address, count, filter, 10_000);

    before(async () => {
      smtp = await startInbox();
      t = await startTestServer(dialect, { smtpUrl: smtp.url });
    });
    after(async () => {
      await t?.close();
      await smtp?.close();
    });

    test('confirmation with a REQUEST invite in UTC, a notification to the practitioner, then reschedule and cancel updates', async () => {
      const client = 'mail.client@example.com';
      const start = slotStart(8, 10, 0);
      const made = await postBooking(
        t.url,
        bookingBody('s30', start, { client: { name: 'Mail Client', email: client } }),
      );
      assert.equal(made.status, 201, made.text);
      const { booking, manageToken } = made.body as {
        booking: { id: string; start: string; end: string };
        manageToken: string;
      };

      const withInvite = (m: Received) => calendarOf(m) !== undefined;
      const [confirmation] = await waitFor(client, 1, withInvite);
      const first = invite(confirmation!);
      assert.equal(first.method, 'REQUEST');
      assert.equal(first.dtstart, icsUtc(booking.start));
      assert.equal(first.dtend, icsUtc(booking.end));
      assert.equal(first.dtstart, icsUtc(start));
      assert.ok(first.uid.length > 0);
      assert.match(confirmation!.raw, /method=("?)REQUEST\1/i, 'the calendar part says method=REQUEST');
      await waitFor(PRACTITIONER_EMAIL, 1);

      // The .ics download has the same UID.
      const ics = await read(
        await fetch(`${t.url}/api/v1/bookings/${booking.id}/calendar.ics?token=${encodeURIComponent(manageToken)}`),
      );
      assert.equal(ics.status, 200, ics.text);
      assert.match(String(ics.headers.get('content-type')), /^text\/calendar/);
      const download = icsProps(ics.text);
      assert.equal(one(download, 'UID'), first.uid);
      assert.equal(one(download, 'DTSTART'), first.dtstart);

      // Reschedule: REQUEST, same UID, higher SEQUENCE, new DTSTART.
      const newStart = slotStart(9, 14, 30);
      const moved = await manage(t.url, booking.id, manageToken, 'reschedule', { start: newStart });
      assert.equal(moved.status, 200, moved.text);
      const afterMove = await waitFor(client, 2, withInvite);
      const second = invite(afterMove[1]!);
      assert.equal(second.method, 'REQUEST');
      assert.equal(second.uid, first.uid, 'same UID: calendars move the entry');
      assert.ok(second.sequence > first.sequence, `SEQUENCE ${second.sequence} > ${first.sequence}`);
      assert.equal(second.dtstart, icsUtc(newStart));
      assert.equal(second.dtend, icsUtc(new Date(Date.parse(newStart) + 30 * 60_000).toISOString()));

      // Cancel: CANCEL, same UID, higher SEQUENCE again.
      const cancelled = await manage(t.url, booking.id, manageToken, 'cancel');
      assert.equal(cancelled.status, 200, cancelled.text);
      const afterCancel = await waitFor(client, 3, withInvite);
      const third = invite(afterCancel[2]!);
      assert.equal(third.method, 'CANCEL');
      assert.equal(third.uid, first.uid);
      assert.ok(third.sequence > second.sequence, `SEQUENCE ${third.sequence} > ${second.sequence}`);
      if (third.status !== undefined) assert.equal(third.status, 'CANCELLED');
      // The practitioner hears about the move and the cancellation too.
      await waitFor(PRACTITIONER_EMAIL, 3);
    });

    test('a cancellation straight after booking: CANCEL with the same UID and a higher SEQUENCE', async () => {
      const client = 'quick.cancel@example.com';
      const made = await postBooking(
        t.url,
        bookingBody('s60', slotStart(10, 9, 0), { client: { name: 'Quick', email: client } }),
      );
      assert.equal(made.status, 201, made.text);
      const cancelled = await manage(t.url, made.body.booking.id, made.body.manageToken, 'cancel');
      assert.equal(cancelled.status, 200, cancelled.text);
      const mails = await waitFor(client, 2, (m) => calendarOf(m) !== undefined);
      const invites = mails.map(invite);
      const request = invites.find((i) => i.method === 'REQUEST');
      const cancel = invites.find((i) => i.method === 'CANCEL');
      assert.ok(request && cancel, JSON.stringify(invites));
      assert.equal(cancel.uid, request.uid);
      assert.ok(cancel.sequence > request.sequence);
      assert.equal(request.dtstart, icsUtc(made.body.booking.start));
      assert.equal(cancel.dtstart, request.dtstart);
    });

    test('a series confirmation: every occurrence has its own UID', async () => {
      const client = 'series.client@example.com';
      const made = await postBooking(
        t.url,
        bookingBody('s30', slotStart(11, 16, 0), {
          client: { name: 'Series', email: client },
          series: { everyWeeks: 2, count: 2 },
        }),
      );
      assert.equal(made.status, 201, made.text);
      const series = made.body.booking.series as { id: string; start: string }[];
      assert.equal(series.length, 2);
      // However the server packs them (one message each or several events in one), each start appears with a UID.
      await waitFor(client, 1, (m) => calendarOf(m) !== undefined);
      await sleep(300);
      const texts = smtp.to(client).map((m) => calendarOf(m) ?? '');
      const all = texts.map((x) => icsProps(x));
      const starts = all.flatMap((p) => p.DTSTART ?? []);
      const uids = new Set(all.flatMap((p) => p.UID ?? []));
      for (const s of series) assert.ok(starts.includes(icsUtc(s.start)), `an event at ${s.start}: ${starts}`);
      assert.ok(uids.size >= 2, 'distinct UIDs per occurrence');
    });
  });
}
