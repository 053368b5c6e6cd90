import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TZDate } from '@date-fns/tz';
import {
  addDays,
  dayInZone,
  daysBetween,
  isValidDay,
  isValidTimeZone,
  wallBoundaryToInstant,
  wallTimeOccurrences,
  weekdayOf,
  zonedWallTimeToInstant,
} from '../../../src/server/booking/time.js';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

describe('booking time helpers', () => {
  test('isValidTimeZone accepts IANA names and refuses junk', () => {
    assert.equal(isValidTimeZone('Europe/London'), true);
    assert.equal(isValidTimeZone('America/New_York'), true);
    assert.equal(isValidTimeZone('UTC'), true);
    assert.equal(isValidTimeZone(''), false);
    assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
    assert.equal(isValidTimeZone('Europe/Londn'), false);
  });

  test('addDays, daysBetween and isValidDay cross months, years and leap days', () => {
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2027-02-28', 1), '2027-03-01');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.equal(addDays('2026-03-28', 2), '2026-03-30'); // over a DST change: still whole calendar days
    assert.equal(daysBetween('2025-01-01', '2030-12-31'), 2190);
    assert.equal(daysBetween('2026-03-30', '2026-03-28'), -2);
    assert.equal(isValidDay('2026-02-29'), false);
    assert.equal(isValidDay('2028-02-29'), true);
    assert.equal(isValidDay('2026-13-01'), false);
    assert.equal(isValidDay('2026-1-01'), false);
  });

  test('weekdayOf', () => {
    assert.equal(weekdayOf('2026-11-23'), 'mon');
    assert.equal(weekdayOf('2026-11-29'), 'sun');
    assert.equal(weekdayOf('2026-03-29'), 'sun');
    assert.equal(weekdayOf('2025-01-01'), 'wed');
    assert.equal(weekdayOf('2030-12-31'), 'tue');
  });

  test('dayInZone reads the calendar day in the zone, not in UTC', () => {
    const instant = new Date('2026-07-01T23:30:00Z');
    assert.equal(dayInZone(instant, 'UTC'), '2026-07-01');
    assert.equal(dayInZone(instant, 'Europe/London'), '2026-07-02'); // 00:30 BST
    assert.equal(dayInZone(new Date('2026-07-02T03:30:00Z'), 'America/New_York'), '2026-07-01'); // 23:30 EDT
    assert.equal(dayInZone(new Date('2026-01-01T23:30:00Z'), 'Europe/London'), '2026-01-01'); // GMT
  });

  test('09:00 London is 09:00Z in winter and 08:00Z in summer', () => {
    assert.equal(iso(zonedWallTimeToInstant('2026-01-15', '09:00', 'Europe/London')), '2026-01-15T09:00:00.000Z');
    assert.equal(iso(zonedWallTimeToInstant('2026-07-15', '09:00', 'Europe/London')), '2026-07-15T08:00:00.000Z');
    assert.equal(iso(zonedWallTimeToInstant('2026-01-15', '09:00', 'America/New_York')), '2026-01-15T14:00:00.000Z');
    assert.equal(iso(zonedWallTimeToInstant('2026-07-15', '09:00', 'America/New_York')), '2026-07-15T13:00:00.000Z');
  });

  test('local times in a spring-forward gap do not exist', () => {
    assert.equal(zonedWallTimeToInstant('2026-03-29', '01:00', 'Europe/London'), null);
    assert.equal(zonedWallTimeToInstant('2026-03-29', '01:30', 'Europe/London'), null);
    assert.equal(iso(zonedWallTimeToInstant('2026-03-29', '00:59', 'Europe/London')), '2026-03-29T00:59:00.000Z');
    assert.equal(iso(zonedWallTimeToInstant('2026-03-29', '02:00', 'Europe/London')), '2026-03-29T01:00:00.000Z');
    assert.equal(zonedWallTimeToInstant('2026-03-08', '02:30', 'America/New_York'), null);
    assert.equal(iso(zonedWallTimeToInstant('2026-03-08', '03:00', 'America/New_York')), '2026-03-08T07:00:00.000Z');
    assert.equal(wallTimeOccurrences('2026-03-29', 90, 'Europe/London').length, 0);
  });

  test('repeated fall-back local times resolve to the first occurrence', () => {
    assert.equal(iso(zonedWallTimeToInstant('2026-10-25', '01:30', 'Europe/London')), '2026-10-25T00:30:00.000Z');
    assert.deepEqual(
      wallTimeOccurrences('2026-10-25', 90, 'Europe/London').map((ms) => new Date(ms).toISOString()),
      ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'],
    );
    assert.equal(iso(zonedWallTimeToInstant('2026-11-01', '01:00', 'America/New_York')), '2026-11-01T05:00:00.000Z');
    assert.equal(wallTimeOccurrences('2026-11-01', 60, 'America/New_York').length, 2);
    assert.equal(iso(zonedWallTimeToInstant('2026-11-01', '02:00', 'America/New_York')), '2026-11-01T07:00:00.000Z');
  });

  test('24:00 is the next day’s midnight; bad input throws', () => {
    assert.equal(iso(zonedWallTimeToInstant('2026-01-15', '24:00', 'Europe/London')), '2026-01-16T00:00:00.000Z');
    assert.throws(() => zonedWallTimeToInstant('2026-01-15', '9:00', 'Europe/London'), RangeError);
    assert.throws(() => zonedWallTimeToInstant('2026-02-30', '09:00', 'Europe/London'), RangeError);
    assert.throws(() => zonedWallTimeToInstant('2026-01-15', '09:00', 'Nowhere/Special'), RangeError);
  });

  test('a window boundary inside a gap maps to the instant the gap ends', () => {
    assert.equal(
      new Date(wallBoundaryToInstant('2026-03-29', 90, 'Europe/London')).toISOString(),
      '2026-03-29T01:00:00.000Z',
    );
    assert.equal(
      new Date(wallBoundaryToInstant('2026-03-08', 150, 'America/New_York')).toISOString(),
      '2026-03-08T07:00:00.000Z',
    );
    assert.equal(
      new Date(wallBoundaryToInstant('2026-03-08', 60, 'America/New_York')).toISOString(),
      '2026-03-08T06:00:00.000Z',
    );
  });

  test('agrees with @date-fns/tz for 00:00, 09:00 and 17:00 on every day 2025–2030', () => {
    let checked = 0;
    for (const zone of ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      for (let day = '2025-01-01'; day <= '2030-12-31'; day = addDays(day, 1)) {
        const [y, m, d] = day.split('-').map(Number) as [number, number, number];
        for (const hour of [0, 9, 17]) {
          const expected = new TZDate(y, m - 1, d, hour, 0, zone).getTime();
          assert.equal(
            zonedWallTimeToInstant(day, `${String(hour).padStart(2, '0')}:00`, zone)?.getTime(),
            expected,
            `${zone} ${day} ${hour}:00`,
          );
          checked++;
        }
        assert.equal(dayInZone(new Date(new TZDate(y, m - 1, d, 12, 0, zone).getTime()), zone), day);
      }
    }
    assert.equal(checked, 4 * 2191 * 3);
  });
});
