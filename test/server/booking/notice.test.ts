/**
 * A booking inside its cancellation notice (bookable, since the minimum notice is shorter, but no longer changeable
 * online): the client's emails say so, with the practice's phone and email, instead of "use the link to change or
 * cancel". The practice file's `phone` is checked like a client's.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { confirmationEmails, rescheduleEmails } from '../../../src/server/booking/emails.js';
import type { BookingRecord } from '../../../src/server/booking/records.js';
import { parsePractice, PracticeConfigError } from '../../../src/server/practice.js';
import { demoPractice } from '../support/practice.js';

const BASE = { publicUrl: 'https://book.example.com' };
const TOKEN = 'tok_Secret-123';
const HOUR = 3_600_000;
const START = new Date('2026-12-09T10:00:00Z');

function booking(overrides: Partial<BookingRecord> = {}): BookingRecord {
  const start = overrides.start ?? START;
  return {
    id: 'bk_late1',
    seriesId: null,
    practitionerId: 'jim',
    serviceId: 'sports-massage-60',
    status: 'confirmed',
    start,
    end: new Date(start.getTime() + HOUR),
    sequence: 0,
    client: { name: 'Ann Smith', email: 'ann@example.com', phone: null },
    clientTimeZone: 'Europe/London',
    notes: null,
    answers: {},
    createdAt: new Date('2026-12-08T20:00:00Z'),
    updatedAt: new Date('2026-12-08T20:00:00Z'),
    source: 'widget',
    attendance: null,
    cancelMessage: null,
    seriesKind: null,
    ...overrides,
  };
}

const LATE =
  /This time can't be changed or cancelled online: changes need 24 hours' notice\. To change or cancel it, contact Jim's Sports Massage on \+44 20 7946 0321 or at jim@example\.com\./;

describe('a booking inside its cancellation notice', () => {
  const practice = demoPractice();

  test('the confirmation says it cannot be changed online, with the phone and email as links', () => {
    const now = new Date(START.getTime() - 14 * HOUR); // past the 12 h minimum notice, inside the 24 h cancellation notice
    const [client] = confirmationEmails([booking()], { practice, base: BASE, manageToken: TOKEN, now });
    assert.match(client!.text, LATE);
    assert.doesNotMatch(client!.text, /Cancel or change up to/, 'no promise of changing it online');
    assert.ok(client!.html!.includes('+44 20 7946 0321'), 'the phone in the HTML too');
    assert.ok(client!.html!.includes('href="mailto:jim@example.com"'), 'the email is a link');
  });

  test('a booking outside the notice keeps "cancel or change up to 24 hours before", and no contact sentence', () => {
    const now = new Date(START.getTime() - 48 * HOUR);
    const [client] = confirmationEmails([booking()], { practice, base: BASE, manageToken: TOKEN, now });
    assert.match(client!.text, /Cancel or change up to 24 hours before, with this link/);
    assert.doesNotMatch(client!.text, /can't be changed/);
  });

  test('a series whose first session is inside the notice names that session', () => {
    const now = new Date(START.getTime() - 14 * HOUR);
    const series = [0, 1, 2].map((k) =>
      booking({ id: `bk_s${k}`, seriesId: 'sr_1', start: new Date(START.getTime() + k * 14 * 24 * HOUR) }),
    );
    const [client] = confirmationEmails(series, { practice, base: BASE, manageToken: TOKEN, now });
    assert.match(client!.text, /The session on Wed 9 Dec can't be changed or cancelled online/);
    assert.match(client!.text, /Cancel or change up to 24 hours before each session/, 'the others still can be');
  });

  test('a move into the notice says so too', () => {
    const now = new Date(START.getTime() - 14 * HOUR);
    const [client] = rescheduleEmails(booking(), new Date(START.getTime() + 48 * HOUR), { practice, base: BASE, now });
    assert.match(client!.text, LATE);
    assert.doesNotMatch(client!.text, /Cancel or change up to/, 'no promise of changing it online');
  });

  test('without a phone, the email alone', () => {
    const now = new Date(START.getTime() - 14 * HOUR);
    const { phone: _phone, ...rest } = practice;
    const [client] = confirmationEmails([booking()], { practice: rest, base: BASE, manageToken: TOKEN, now });
    assert.match(client!.text, /contact Jim's Sports Massage at jim@example\.com\./);
  });

  test("the practice file's phone must read as a phone number", () => {
    const raw = { name: 'P', practitioners: practice.practitioners, services: practice.services };
    assert.equal(parsePractice({ ...raw, phone: '+44 20 7946 0321' }, 'p.json').phone, '+44 20 7946 0321');
    assert.throws(() => parsePractice({ ...raw, phone: 'call me' }, 'p.json'), PracticeConfigError);
  });
});
