/**
 * The booking content layer: iCalendar text (parsed here by hand, independently of ical-generator) and the
 * booking emails (text, HTML, add-to-calendar links, invites).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { foldLines as referenceFold } from 'ical-generator';
import { bookingCalendar, foldLines, ownerFeed } from '../../../src/server/booking/calendar.js';
import { cancellationEmails, confirmationEmails, rescheduleEmails } from '../../../src/server/booking/emails.js';
import { formatPrice, formatRange, formatWhen } from '../../../src/server/format.js';
import { manageUrl, type BookingRecord } from '../../../src/server/booking/records.js';
import type { MailMessage } from '../../../src/server/mail/mailer.js';
import type { Practice } from '../../../src/server/practice.js';
import { demoPractice } from '../support/practice.js';

// ---------------------------------------------------------------------------------------------------------------
// A small RFC 5545 reader

interface Prop {
  name: string;
  params: Record<string, string>;
  /** Raw value (still escaped). */
  value: string;
}

interface Parsed {
  calendar: Prop[];
  events: Prop[][];
  /** Physical lines, before unfolding. */
  physical: string[];
}

/** Splits one unfolded content line into name, parameters (quoted values may hold `;` `:` `,`) and value. */
function parseLine(line: string): Prop {
  const name = /^[A-Za-z0-9-]+/.exec(line)?.[0];
  assert.ok(name, `a property name: ${JSON.stringify(line)}`);
  let i = name.length;
  const params: Record<string, string> = {};
  while (line[i] === ';') {
    const eq = line.indexOf('=', i);
    assert.ok(eq > i, `parameter in ${JSON.stringify(line)}`);
    const key = line.slice(i + 1, eq).toUpperCase();
    i = eq + 1;
    let value: string;
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      assert.ok(close > i, `closing quote in ${JSON.stringify(line)}`);
      value = line.slice(i + 1, close);
      i = close + 1;
      assert.ok(
        line[i] === ';' || line[i] === ':' || line[i] === ',',
        `after a quoted parameter comes ; or : in ${JSON.stringify(line)}`,
      );
    } else {
      const end = line.slice(i).search(/[;:]/);
      assert.ok(end >= 0, `parameter end in ${JSON.stringify(line)}`);
      value = line.slice(i, i + end);
      i += end;
    }
    params[key] = value;
  }
  assert.equal(line[i], ':', `a colon before the value in ${JSON.stringify(line)}`);
  return { name: name.toUpperCase(), params, value: line.slice(i + 1) };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks the line discipline (CRLF only, ≤ 75 octets, no split characters), unfolds and parses. */
function parseIcs(text: string): Parsed {
  assert.ok(text.endsWith('\r\n'), 'the last line ends with CRLF too');
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'only CRLF line breaks');
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `line of ${Buffer.byteLength(line, 'utf8')} octets: ${line}`);
    assert.doesNotMatch(line, LONE_SURROGATE, `no surrogate pair split by folding: ${JSON.stringify(line)}`);
  }
  const lines = text
    .slice(0, -2)
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n');
  const calendar: Prop[] = [];
  const events: Prop[][] = [];
  const stack: string[] = [];
  for (const line of lines) {
    const prop = parseLine(line);
    if (prop.name === 'BEGIN') {
      stack.push(prop.value);
      if (prop.value === 'VEVENT') events.push([]);
      continue;
    }
    if (prop.name === 'END') {
      assert.equal(stack.pop(), prop.value, 'balanced BEGIN/END');
      continue;
    }
    const inside = stack.at(-1);
    if (inside === 'VCALENDAR') calendar.push(prop);
    else if (inside === 'VEVENT') events.at(-1)!.push(prop);
  }
  assert.deepEqual(stack, [], 'every component closed');
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  return { calendar, events, physical };
}

/** RFC 5545 §3.3.11 TEXT unescaping, in one left-to-right pass. */
const unescapeText = (value: string): string =>
  value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

function prop(props: Prop[], name: string): Prop {
  const found = props.filter((p) => p.name === name);
  assert.equal(found.length, 1, `exactly one ${name}: ${JSON.stringify(found)}`);
  return found[0]!;
}
const value = (props: Prop[], name: string): string => prop(props, name).value;
const text = (props: Prop[], name: string): string => unescapeText(value(props, name));
const has = (props: Prop[], name: string): boolean => props.some((p) => p.name === name);

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

const BASE = { publicUrl: 'https://book.example.com' };
const NOW = new Date('2026-11-20T12:00:00Z');
const TOKEN = 'tok_Secret-123';
const HOUR = 3_600_000;
const NASTY = 'Ann, "the; runner" \\ 🏃';
const SERVICE = 'Sports massage (60 minutes)';

function booking(overrides: Partial<BookingRecord> = {}): BookingRecord {
  const start = overrides.start ?? new Date('2026-12-01T09:00:00Z');
  return {
    id: 'bk_test1',
    seriesId: null,
    practitionerId: 'jim',
    serviceId: 'sports-massage-60',
    status: 'confirmed',
    start,
    end: new Date(start.getTime() + HOUR),
    sequence: 0,
    client: { name: 'Ann Smith', email: 'ann@example.com', phone: '+44 7700 900123' },
    clientTimeZone: 'Europe/London',
    notes: null,
    answers: {},
    createdAt: new Date('2026-11-01T10:00:00Z'),
    updatedAt: new Date('2026-11-01T10:00:00Z'),
    source: 'widget',
    attendance: null,
    cancelMessage: null,
    seriesKind: null,
    ...overrides,
  };
}

/** The demo practice without any email address (neither practitioner nor practice). */
function practiceWithoutEmail(): Practice {
  const practice = demoPractice();
  const { email: _practiceEmail, ...rest } = practice;
  return { ...rest, practitioners: practice.practitioners.map(({ email: _email, ...p }) => p) };
}

/** The links named `label` in a message's plain text (`Add to Google Calendar (Tue 1 Dec): https://…`). */
function linksIn(body: string, label: 'Add to Google Calendar' | 'Add to Outlook'): URL[] {
  const pattern = new RegExp(`${label}(?: \\([^)]*\\))?: (\\S+)`, 'g');
  return [...body.matchAll(pattern)].map((m) => new URL(m[1]!));
}

/** The hrefs of a message's HTML, with `&amp;` decoded. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'"));
}

const calendarOf = (message: MailMessage): Parsed => {
  assert.ok(message.icalEvent, `an invite on "${message.subject}"`);
  return parseIcs(message.icalEvent.content);
};

// ---------------------------------------------------------------------------------------------------------------

describe('bookingCalendar', () => {
  const practice = demoPractice();

  test('a REQUEST invite: one VEVENT in UTC with a stable UID, organizer, attendee and the manage link', () => {
    const b = booking();
    const ics = bookingCalendar([b], { practice, base: BASE, method: 'REQUEST', manageToken: TOKEN, now: NOW });
    const { calendar, events } = parseIcs(ics);
    assert.equal(value(calendar, 'VERSION'), '2.0');
    assert.equal(value(calendar, 'PRODID'), '-//Soleus//Booking//EN');
    assert.equal(value(calendar, 'METHOD'), 'REQUEST');
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.equal(value(e, 'UID'), 'bk_test1@soleus');
    assert.equal(value(e, 'SEQUENCE'), '0');
    assert.equal(value(e, 'DTSTART'), '20261201T090000Z');
    assert.equal(value(e, 'DTEND'), '20261201T100000Z');
    assert.equal(value(e, 'DTSTAMP'), '20261120T120000Z');
    assert.deepEqual(prop(e, 'DTSTART').params, {}, 'no TZID: UTC only');
    assert.doesNotMatch(ics, /TZID|VTIMEZONE/);
    assert.equal(text(e, 'SUMMARY'), `${SERVICE} — Jim's Sports Massage`);
    assert.equal(text(e, 'LOCATION'), practice.address);
    assert.ok(text(e, 'DESCRIPTION').includes(manageUrl(BASE, b.id, TOKEN)), text(e, 'DESCRIPTION'));
    assert.equal(value(e, 'STATUS'), 'CONFIRMED');
    const organizer = prop(e, 'ORGANIZER');
    assert.equal(organizer.value.toLowerCase(), 'mailto:jim@example.com');
    assert.equal(organizer.params.CN, "Jim's Sports Massage");
    const attendee = prop(e, 'ATTENDEE');
    assert.equal(attendee.value.toLowerCase(), 'mailto:ann@example.com');
    assert.equal(attendee.params.CN, 'Ann Smith');
    assert.equal(attendee.params.ROLE, 'REQ-PARTICIPANT');
    assert.equal(attendee.params.PARTSTAT, 'ACCEPTED');
    assert.equal(attendee.params.RSVP, 'FALSE');
  });

  test('summer time: 09:00 London in July is 08:00Z', () => {
    const b = booking({ start: new Date('2026-07-14T08:00:00Z') });
    const { events } = parseIcs(bookingCalendar([b], { practice, base: BASE, method: 'PUBLISH', now: NOW }));
    assert.equal(value(events[0]!, 'DTSTART'), '20260714T080000Z');
    assert.equal(value(events[0]!, 'DTEND'), '20260714T090000Z');
    assert.equal(formatWhen(b.start, 'Europe/London'), 'Tue 14 Jul 2026, 09:00 (London time)');
    assert.equal(formatWhen(new Date('2026-12-01T09:00:00Z'), 'Europe/London'), 'Tue 1 Dec 2026, 09:00 (London time)');
  });

  test('PUBLISH without a token: no manage link, RSVP=FALSE, and the confirmation email is pointed to', () => {
    const { calendar, events } = parseIcs(
      bookingCalendar([booking()], { practice, base: BASE, method: 'PUBLISH', now: NOW }),
    );
    assert.equal(value(calendar, 'METHOD'), 'PUBLISH');
    const description = text(events[0]!, 'DESCRIPTION');
    assert.doesNotMatch(description, /token=|\/manage/);
    assert.match(description, /use the link in your confirmation email/);
    assert.equal(prop(events[0]!, 'ATTENDEE').params.RSVP, 'FALSE');
  });

  test('CANCEL: STATUS:CANCELLED, same UID; a cancelled booking is CANCELLED under any method', () => {
    const cancel = parseIcs(
      bookingCalendar([booking({ sequence: 2, status: 'cancelled' })], {
        practice,
        base: BASE,
        method: 'CANCEL',
        now: NOW,
      }),
    );
    assert.equal(value(cancel.calendar, 'METHOD'), 'CANCEL');
    assert.equal(value(cancel.events[0]!, 'STATUS'), 'CANCELLED');
    assert.equal(value(cancel.events[0]!, 'UID'), 'bk_test1@soleus');
    assert.equal(value(cancel.events[0]!, 'SEQUENCE'), '2');
    const published = parseIcs(
      bookingCalendar([booking({ status: 'cancelled' })], { practice, base: BASE, method: 'PUBLISH', now: NOW }),
    );
    assert.equal(value(published.events[0]!, 'STATUS'), 'CANCELLED');
  });

  test('client-supplied text is escaped, folded at 75 octets without splitting characters, and round-trips', () => {
    const notes =
      'Left calf; "tight", since Sunday\\Monday\nsecond line 🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃';
    const b = booking({ client: { name: NASTY, email: 'ann@example.com', phone: null }, notes });
    const ics = ownerFeed([b], { practice, now: NOW });
    const { events, physical } = parseIcs(ics);
    const e = events[0]!;
    assert.ok(
      physical.some((l) => l.startsWith(' ')),
      'long lines are folded',
    );
    assert.match(
      ics.replace(/\r\n[ \t]/g, ''),
      /SUMMARY:Ann\\, "the\\; runner" \\\\ 🏃 — /,
      'comma, semicolon and backslash escaped',
    );
    assert.equal(text(e, 'SUMMARY'), `${NASTY} — ${SERVICE}`);
    const description = text(e, 'DESCRIPTION');
    assert.ok(description.includes(`Client: ${NASTY}`), description);
    assert.ok(description.includes(`Notes: ${notes}`), description);

    // In the invite the name is also a quoted CN parameter, which may hold no DQUOTE at all (RFC 5545 §3.1).
    const invite = parseIcs(bookingCalendar([b], { practice, base: BASE, method: 'REQUEST', now: NOW }));
    const attendee = prop(invite.events[0]!, 'ATTENDEE');
    assert.equal(attendee.params.CN, "Ann, 'the; runner' / 🏃");
    assert.equal(attendee.value.toLowerCase(), 'mailto:ann@example.com');
  });

  test('a series: one VEVENT per occurrence, each with its own UID', () => {
    const series = [0, 1, 2].map((k) =>
      booking({ id: `bk_s${k}`, seriesId: 'sr_1', start: new Date(Date.UTC(2026, 11, 1 + 7 * k, 9)) }),
    );
    const { events } = parseIcs(
      bookingCalendar(series, { practice, base: BASE, method: 'REQUEST', manageToken: TOKEN, now: NOW }),
    );
    assert.deepEqual(
      events.map((e) => value(e, 'UID')),
      ['bk_s0@soleus', 'bk_s1@soleus', 'bk_s2@soleus'],
    );
    assert.deepEqual(
      events.map((e) => value(e, 'DTSTART')),
      ['20261201T090000Z', '20261208T090000Z', '20261215T090000Z'],
    );
  });

  test('organizer falls back to the practice address, then to a placeholder', () => {
    const practiceOnly = demoPractice();
    practiceOnly.practitioners = practiceOnly.practitioners.map(({ email: _email, ...p }) => p);
    practiceOnly.email = 'desk@example.com';
    const a = parseIcs(
      bookingCalendar([booking()], { practice: practiceOnly, base: BASE, method: 'REQUEST', now: NOW }),
    );
    assert.equal(value(a.events[0]!, 'ORGANIZER').toLowerCase(), 'mailto:desk@example.com');
    const b = parseIcs(
      bookingCalendar([booking()], { practice: practiceWithoutEmail(), base: BASE, method: 'REQUEST', now: NOW }),
    );
    assert.equal(value(b.events[0]!, 'ORGANIZER').toLowerCase(), 'mailto:no-reply@soleus.invalid');
  });
});

describe('foldLines', () => {
  test('folds exactly as ical-generator does, for any text: ASCII, accents, emoji, CJK, lone surrogates', () => {
    // Units chosen to hit every octet size and the surrogate cases, with CRLFs between lines.
    const unit = fc.oneof(
      fc.constantFrom(
        'a',
        ' ',
        ';',
        ',',
        'é',
        'ß',
        'ñ',
        '€',
        '中',
        '\ud83c\udfc3',
        '\ud83d\ude00',
        '\ud800',
        '\udc00',
        '\r\n',
        '\u00a0',
      ),
      fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 400 }), (units) => {
        const text = units.join('');
        assert.equal(foldLines(text), referenceFold(text));
      }),
      { numRuns: 2000 },
    );
  });

  test('a whole calendar is folded exactly as ical-generator would fold it', () => {
    const long = booking({
      notes: 'Läuft den Marathon 🏃 — 東京 '.repeat(12),
      client: { name: 'Zoë Ångström-Łukasiewicz 🏃‍♀️', email: 'zoe@example.com', phone: null },
    });
    const text = bookingCalendar([long, booking({ id: 'bk_test2' })], {
      practice: demoPractice(),
      base: BASE,
      method: 'REQUEST',
      manageToken: TOKEN,
      now: NOW,
    });
    assert.ok(text.endsWith('END:VCALENDAR\r\n'));
    const unfolded = text.replace(/\r\n /g, '');
    assert.notEqual(unfolded, text, 'long lines were folded');
    assert.equal(text, `${referenceFold(unfolded.slice(0, -2))}\r\n`);
    for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  });
});

describe('ownerFeed', () => {
  test('a PUBLISH feed named after the practice, refreshed every 15 minutes, with client details', () => {
    const practice = demoPractice();
    const b = booking({ notes: 'Bad knee', answers: { 'How did you hear of us?': 'A friend' } });
    const { calendar, events } = parseIcs(
      ownerFeed([b, booking({ id: 'bk_test2', start: new Date('2026-12-02T10:00:00Z') })], { practice, now: NOW }),
    );
    assert.equal(value(calendar, 'METHOD'), 'PUBLISH');
    assert.equal(text(calendar, 'NAME'), "Jim's Sports Massage bookings");
    assert.equal(text(calendar, 'X-WR-CALNAME'), "Jim's Sports Massage bookings");
    assert.equal(value(calendar, 'REFRESH-INTERVAL'), 'PT15M');
    assert.equal(prop(calendar, 'REFRESH-INTERVAL').params.VALUE, 'DURATION');
    assert.equal(value(calendar, 'X-PUBLISHED-TTL'), 'PT15M');
    assert.equal(events.length, 2);
    const e = events[0]!;
    assert.equal(text(e, 'SUMMARY'), `Ann Smith — ${SERVICE}`);
    const description = text(e, 'DESCRIPTION');
    for (const part of ['ann@example.com', '+44 7700 900123', 'Bad knee', 'How did you hear of us?: A friend']) {
      assert.ok(description.includes(part), `${part} in ${description}`);
    }
    assert.equal(value(e, 'STATUS'), 'CONFIRMED');
    assert.equal(has(e, 'ATTENDEE'), false, 'a subscribed feed is not an invitation');
  });

  test('the calendar name is escaped (ical-generator writes it raw)', () => {
    const practice = { ...demoPractice(), name: 'Jim, Sports; Massage' };
    const { calendar } = parseIcs(ownerFeed([], { practice, now: NOW }));
    assert.equal(value(calendar, 'NAME'), 'Jim\\, Sports\\; Massage bookings');
    assert.equal(text(calendar, 'X-WR-CALNAME'), 'Jim, Sports; Massage bookings');
  });
});

describe('confirmationEmails', () => {
  const practice = demoPractice();

  test('client confirmation: subject, service, price, address, notice, manage link and a REQUEST invite', () => {
    const b = booking();
    const [client, owner] = confirmationEmails([b], { practice, base: BASE, manageToken: TOKEN, now: NOW });
    assert.ok(client && owner);
    assert.equal(client.to, 'ann@example.com');
    assert.equal(client.subject, `Booked: ${SERVICE} on Tue 1 Dec 2026 at 09:00`);
    for (const part of [
      SERVICE,
      '£60.00',
      practice.address!,
      'Cancel or change up to 24 hours before',
      manageUrl(BASE, b.id, TOKEN),
      'Tue 1 Dec 2026, 09:00–10:00 (London time)',
    ]) {
      assert.ok(client.text.includes(part), `text has ${part}`);
    }
    assert.ok(hrefs(client.html!).includes(manageUrl(BASE, b.id, TOKEN)), 'the HTML links to the manage page');
    assert.doesNotMatch(client.text, /New York/);
    assert.equal(client.icalEvent?.method, 'REQUEST');
    assert.equal(client.icalEvent?.filename, 'invite.ics');
    const invite = calendarOf(client);
    assert.equal(value(invite.calendar, 'METHOD'), 'REQUEST');
    assert.equal(value(invite.events[0]!, 'UID'), 'bk_test1@soleus');
    assert.ok(text(invite.events[0]!, 'DESCRIPTION').includes(manageUrl(BASE, b.id, TOKEN)));
  });

  test('practitioner notification: subject, client details, own-zone times, REQUEST invite without the client token', () => {
    const b = booking({
      notes: 'Bad knee',
      answers: { Club: 'Herne Hill Harriers' },
      clientTimeZone: 'America/New_York',
    });
    const [, owner] = confirmationEmails([b], { practice, base: BASE, manageToken: TOKEN, now: NOW });
    assert.ok(owner);
    assert.equal(owner.to, 'jim@example.com');
    assert.equal(owner.subject, `New booking: Ann Smith — ${SERVICE}, Tue 1 Dec 09:00`);
    for (const part of [
      'Ann Smith',
      'ann@example.com',
      '+44 7700 900123',
      'Bad knee',
      'Club: Herne Hill Harriers',
      'Tue 1 Dec 2026, 09:00–10:00 (London time)',
    ]) {
      assert.ok(owner.text.includes(part), `text has ${part}`);
    }
    assert.equal(owner.headers?.['Reply-To'], 'ann@example.com');
    assert.equal(owner.icalEvent?.method, 'REQUEST');
    assert.ok(
      !owner.icalEvent!.content.includes(TOKEN) && !owner.text.includes(TOKEN) && !owner.html!.includes(TOKEN),
      'no client token',
    );
    const invite = calendarOf(owner);
    assert.equal(value(invite.events[0]!, 'UID'), 'bk_test1@soleus');
    assert.equal(text(invite.events[0]!, 'SUMMARY'), `Ann Smith — ${SERVICE}`);
  });

  test('times in both zones when the client is elsewhere (New York client, London practice)', () => {
    const b = booking({ clientTimeZone: 'America/New_York' });
    const [client] = confirmationEmails([b], { practice, base: BASE, manageToken: TOKEN, now: NOW });
    assert.equal(client!.subject, `Booked: ${SERVICE} on Tue 1 Dec 2026 at 04:00`);
    assert.ok(client!.text.includes('Tue 1 Dec 2026, 04:00–05:00 (New York time)'), client!.text);
    assert.ok(client!.text.includes('Tue 1 Dec 2026, 09:00–10:00 (London time)'), client!.text);
    assert.ok(client!.html!.includes('Tue 1 Dec 2026, 04:00–05:00 (New York time)'));
    assert.ok(client!.html!.includes('Tue 1 Dec 2026, 09:00–10:00 (London time)'));
    // Across midnight in the client's zone, the date changes with it.
    const late = booking({ start: new Date('2026-12-01T03:30:00Z'), clientTimeZone: 'America/New_York' });
    assert.equal(formatRange(late.start, late.end, 'America/New_York'), 'Mon 30 Nov 2026, 22:30–23:30 (New York time)');
  });

  test('Google and Outlook links carry the UTC times, title and location, and never the manage token', () => {
    for (const [start, google, startdt, enddt] of [
      ['2026-12-01T09:00:00Z', '20261201T090000Z/20261201T100000Z', '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'],
      ['2026-07-14T08:00:00Z', '20260714T080000Z/20260714T090000Z', '2026-07-14T08:00:00Z', '2026-07-14T09:00:00Z'],
    ] as const) {
      const [client] = confirmationEmails([booking({ start: new Date(start), clientTimeZone: 'America/New_York' })], {
        practice,
        base: BASE,
        manageToken: TOKEN,
        now: NOW,
      });
      const [g] = linksIn(client!.text, 'Add to Google Calendar');
      const [o] = linksIn(client!.text, 'Add to Outlook');
      assert.ok(g && o, client!.text);
      assert.equal(g.origin + g.pathname, 'https://calendar.google.com/calendar/render');
      assert.equal(g.searchParams.get('action'), 'TEMPLATE');
      assert.equal(g.searchParams.get('dates'), google);
      assert.ok(g.search.includes(`dates=${google}`), 'the slash between the dates stays literal');
      assert.equal(g.searchParams.get('text'), `${SERVICE} — Jim's Sports Massage`);
      assert.equal(g.searchParams.get('location'), practice.address);
      assert.ok(g.searchParams.get('details'));
      assert.equal(o.origin + o.pathname, 'https://outlook.live.com/calendar/0/deeplink/compose');
      assert.equal(o.searchParams.get('path'), '/calendar/action/compose');
      assert.equal(o.searchParams.get('rru'), 'addevent');
      assert.equal(o.searchParams.get('startdt'), startdt);
      assert.equal(o.searchParams.get('enddt'), enddt);
      assert.equal(o.searchParams.get('subject'), `${SERVICE} — Jim's Sports Massage`);
      assert.equal(o.searchParams.get('location'), practice.address);
      assert.ok(!g.href.includes(TOKEN) && !o.href.includes(TOKEN));
      // The HTML has the same links (compared as written: URL re-serialises the query).
      const raw = [...client!.text.matchAll(/Add to (?:Google Calendar|Outlook): (\S+)/g)].map((m) => m[1]!);
      assert.equal(raw.length, 2);
      for (const href of raw) assert.ok(hrefs(client!.html!).includes(href), href);
    }
  });

  test('a series email lists every occurrence, with links for each, and invites them all', () => {
    const series = [0, 1, 2].map((k) =>
      booking({ id: `bk_s${k}`, seriesId: 'sr_1', start: new Date(Date.UTC(2026, 11, 1 + 7 * k, 9)) }),
    );
    const [client, owner] = confirmationEmails(series, { practice, base: BASE, manageToken: TOKEN, now: NOW });
    assert.equal(client!.subject, `Booked: ${SERVICE}, 3 sessions from Tue 1 Dec 2026 at 09:00`);
    for (const day of ['Tue 1 Dec 2026, 09:00–10:00', 'Tue 8 Dec 2026, 09:00–10:00', 'Tue 15 Dec 2026, 09:00–10:00']) {
      assert.ok(client!.text.includes(day), `client text lists ${day}`);
      assert.ok(client!.html!.includes(day), `client HTML lists ${day}`);
      assert.ok(owner!.text.includes(day), `practitioner text lists ${day}`);
    }
    assert.ok(client!.text.includes('£60.00 per session'));
    assert.deepEqual(
      linksIn(client!.text, 'Add to Google Calendar').map((u) => u.searchParams.get('dates')),
      ['20261201T090000Z/20261201T100000Z', '20261208T090000Z/20261208T100000Z', '20261215T090000Z/20261215T100000Z'],
    );
    assert.equal(calendarOf(client!).events.length, 3);
    assert.equal(calendarOf(owner!).events.length, 3);
    assert.equal(owner!.subject, `New booking: Ann Smith — ${SERVICE}, 3 sessions from Tue 1 Dec 09:00`);
  });

  test('HTML escapes every client-supplied string; text and subjects keep them verbatim', () => {
    const b = booking({
      client: {
        name: '<script>alert(1)</script> Ann & "Co"',
        email: 'ann@example.com',
        phone: '<img src=x onerror=alert(2)>',
      },
      notes: 'Knee <script>alert(3)</script>\nline two',
      answers: { '<i>question</i>': '<b>answer</b>' },
    });
    const mails = [
      ...confirmationEmails([b], { practice, base: BASE, manageToken: TOKEN, now: NOW }),
      ...rescheduleEmails({ ...b, sequence: 1 }, new Date('2026-11-30T09:00:00Z'), { practice, base: BASE, now: NOW }),
      ...cancellationEmails({ ...b, sequence: 2, status: 'cancelled' }, { practice, base: BASE, now: NOW }),
    ];
    assert.equal(mails.length, 6);
    for (const mail of mails) {
      assert.doesNotMatch(mail.html!, /<script|<img|<i>|<b>|onerror=alert\(2\)>/, mail.subject);
      assert.ok(mail.html!.startsWith('<!DOCTYPE html>') && mail.html!.includes('<html lang="en-GB">'));
    }
    const owner = mails[1]!;
    assert.ok(owner.html!.includes('&lt;script&gt;alert(1)&lt;/script&gt; Ann &amp; &quot;Co&quot;'));
    assert.ok(owner.html!.includes('Knee &lt;script&gt;alert(3)&lt;/script&gt;<br>line two'));
    assert.ok(owner.html!.includes('&lt;i&gt;question&lt;/i&gt;'));
    assert.ok(owner.text.includes('<script>alert(1)</script> Ann & "Co"'));
    assert.ok(owner.subject.startsWith('New booking: <script>alert(1)</script> Ann & "Co" — '));
  });

  test('no practitioner message when neither the practitioner nor the practice has an address', () => {
    const practice = practiceWithoutEmail();
    const b = booking();
    assert.equal(confirmationEmails([b], { practice, base: BASE, manageToken: TOKEN, now: NOW }).length, 1);
    assert.equal(
      rescheduleEmails({ ...b, sequence: 1 }, new Date('2026-11-30T09:00:00Z'), { practice, base: BASE, now: NOW })
        .length,
      1,
    );
    assert.equal(cancellationEmails({ ...b, sequence: 1 }, { practice, base: BASE, now: NOW }).length, 1);
    const withDesk = { ...practice, email: 'desk@example.com' };
    const mails = confirmationEmails([b], { practice: withDesk, base: BASE, manageToken: TOKEN, now: NOW });
    assert.deepEqual(
      mails.map((m) => m.to),
      ['ann@example.com', 'desk@example.com'],
    );
  });

  test('an empty list makes no mail', () => {
    assert.deepEqual(confirmationEmails([], { practice, base: BASE, manageToken: TOKEN, now: NOW }), []);
  });
});

describe('rescheduleEmails and cancellationEmails', () => {
  const practice = demoPractice();
  const original = booking();

  test('reschedule: REQUEST with the same UID and a higher SEQUENCE, "moved from X to Y", no manage link', () => {
    const first = calendarOf(confirmationEmails([original], { practice, base: BASE, manageToken: TOKEN, now: NOW })[0]!)
      .events[0]!;
    const moved = {
      ...original,
      start: new Date('2026-12-02T14:30:00Z'),
      end: new Date('2026-12-02T15:30:00Z'),
      sequence: 1,
    };
    const [client, owner] = rescheduleEmails(moved, original.start, { practice, base: BASE, now: NOW });
    assert.ok(client && owner);
    assert.equal(client.subject, `Moved: ${SERVICE} now on Wed 2 Dec 2026 at 14:30`);
    assert.ok(
      client.text.includes(
        'moved from Tue 1 Dec 2026, 09:00–10:00 (London time) to Wed 2 Dec 2026, 14:30–15:30 (London time)',
      ),
      client.text,
    );
    assert.match(client.text, /use the link in your confirmation email/);
    assert.doesNotMatch(client.text + client.html + client.icalEvent!.content, /token=|\/manage#/);
    assert.equal(client.icalEvent?.method, 'REQUEST');
    const e = calendarOf(client).events[0]!;
    assert.equal(value(e, 'UID'), value(first, 'UID'));
    assert.ok(Number(value(e, 'SEQUENCE')) > Number(value(first, 'SEQUENCE')));
    assert.equal(value(e, 'DTSTART'), '20261202T143000Z');
    assert.equal(value(e, 'DTEND'), '20261202T153000Z');
    assert.equal(value(e, 'STATUS'), 'CONFIRMED');
    const [g] = linksIn(client.text, 'Add to Google Calendar');
    assert.equal(g?.searchParams.get('dates'), '20261202T143000Z/20261202T153000Z');
    assert.equal(owner.to, 'jim@example.com');
    assert.equal(owner.subject, `Moved: Ann Smith — ${SERVICE}, now Wed 2 Dec 14:30`);
    assert.equal(value(calendarOf(owner).events[0]!, 'UID'), value(first, 'UID'));
  });

  test('reschedule with a token given: the manage link is included; both zones for a New York client', () => {
    const moved = { ...original, clientTimeZone: 'America/New_York', sequence: 1 };
    const [client] = rescheduleEmails(moved, new Date('2026-11-30T09:00:00Z'), {
      practice,
      base: BASE,
      manageToken: TOKEN,
      now: NOW,
    });
    assert.ok(client!.text.includes(manageUrl(BASE, moved.id, TOKEN)));
    assert.ok(
      client!.text.includes(
        'moved from Mon 30 Nov 2026, 04:00–05:00 (New York time) to Tue 1 Dec 2026, 04:00–05:00 (New York time)',
      ),
    );
    assert.ok(client!.text.includes('Tue 1 Dec 2026, 09:00–10:00 (London time)'));
  });

  test('cancellation: METHOD:CANCEL, STATUS:CANCELLED, same UID, higher SEQUENCE, to both parties', () => {
    const rescheduled = { ...original, sequence: 1 };
    const cancelled = { ...original, sequence: 2, status: 'cancelled' as const };
    const [client, owner] = cancellationEmails(cancelled, { practice, base: BASE, now: NOW });
    assert.ok(client && owner);
    assert.equal(client.subject, `Cancelled: ${SERVICE} on Tue 1 Dec 2026 at 09:00`);
    assert.match(client.text, /has been cancelled/);
    assert.equal(owner.subject, `Cancelled: Ann Smith — ${SERVICE}, Tue 1 Dec 09:00`);
    for (const mail of [client, owner]) {
      assert.equal(mail.icalEvent?.method, 'CANCEL');
      const { calendar, events } = calendarOf(mail);
      assert.equal(value(calendar, 'METHOD'), 'CANCEL');
      assert.equal(value(events[0]!, 'STATUS'), 'CANCELLED');
      assert.equal(value(events[0]!, 'UID'), 'bk_test1@soleus');
      assert.ok(Number(value(events[0]!, 'SEQUENCE')) > rescheduled.sequence);
      assert.equal(value(events[0]!, 'DTSTART'), '20261201T090000Z');
      assert.equal(prop(events[0]!, 'ATTENDEE').value.toLowerCase(), 'mailto:ann@example.com');
    }
  });
});

describe('formatting helpers', () => {
  test('prices from minor units in the currency’s own decimals', () => {
    assert.equal(formatPrice({ amount: 6000, currency: 'GBP' }), '£60.00');
    assert.equal(formatPrice({ amount: 1250, currency: 'EUR' }), '€12.50');
    assert.equal(formatPrice({ amount: 5000, currency: 'JPY' }), 'JP¥5,000');
  });

  test('zone labels name the city', () => {
    assert.equal(
      formatWhen(new Date('2026-12-01T09:00:00Z'), 'America/New_York'),
      'Tue 1 Dec 2026, 04:00 (New York time)',
    );
    assert.equal(formatWhen(new Date('2026-12-01T09:00:00Z'), 'UTC'), 'Tue 1 Dec 2026, 09:00 (UTC)');
    assert.equal(
      formatRange(new Date('2026-12-01T23:30:00Z'), new Date('2026-12-02T00:30:00Z'), 'Europe/London'),
      'Tue 1 Dec 2026, 23:30 – Wed 2 Dec 2026, 00:30 (London time)',
    );
  });
});
