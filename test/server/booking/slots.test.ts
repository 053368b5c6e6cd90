import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  computeSlots,
  isOnSlotGrid,
  validateRequestedStart,
  type Interval,
  type SlotPractitioner,
  type SlotService,
} from '../../../src/server/booking/slots.js';
import { demoPractice } from '../support/practice.js';

type Hours = [string, string][];
type Zone = 'Europe/London' | 'America/New_York';

const HOUR = 3_600_000;
const MIN = 60_000;

function practitioner(zone: string, hours: Hours, exceptions: SlotPractitioner['exceptions'] = []): SlotPractitioner {
  return {
    timeZone: zone,
    hours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours },
    exceptions,
  };
}

function service(overrides: Partial<SlotService> = {}): SlotService {
  return {
    durationMinutes: 60,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    slotIntervalMinutes: 30,
    minNoticeHours: 0,
    horizonDays: 10_000,
    ...overrides,
  };
}

const LONG_AGO = new Date('2020-01-01T00:00:00Z');
const isoList = (slots: Interval[]) => slots.map((s) => s.start.toISOString());
const wall = (d: Date, zone: string, pattern = 'HH:mm') => format(d, pattern, { in: tz(zone) });
const walls = (slots: Interval[], zone: string) => slots.map((s) => wall(s.start, zone));
const at = (iso: string) => new Date(iso);
const busy = (start: string, end: string): Interval => ({ start: at(start), end: at(end) });

// ---------------------------------------------------------------------------------------------------------------
// An independent model of the two zones' daylight-saving rules (no tz database involved), valid 2007 onwards.
// UK: BST from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
// US Eastern: EDT from the second Sunday of March 02:00 EST (07:00 UTC) to the first Sunday of November 02:00 EDT
// (06:00 UTC).
function nthSunday(year: number, month: number, n: number): number {
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - first) % 7) + (n - 1) * 7;
}
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}
function ruleOffsetMinutes(zone: Zone, ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  if (zone === 'Europe/London') {
    const start = Date.UTC(year, 2, lastSunday(year, 2), 1);
    const end = Date.UTC(year, 9, lastSunday(year, 9), 1);
    return ms >= start && ms < end ? 60 : 0;
  }
  const start = Date.UTC(year, 2, nthSunday(year, 2, 2), 7);
  const end = Date.UTC(year, 10, nthSunday(year, 10, 1), 6);
  return ms >= start && ms < end ? -240 : -300;
}
/** Local wall clock of an instant per the rules, as a UTC-fields Date. */
const ruleWall = (zone: Zone, ms: number) => new Date(ms + ruleOffsetMinutes(zone, ms) * MIN);
/** First instant whose rule wall time is `day` + `hour`:00 (null if none). */
function ruleInstant(zone: Zone, day: string, hour: number): number | null {
  const w = Date.parse(`${day}T00:00:00Z`) + hour * HOUR;
  const candidates = (zone === 'Europe/London' ? [60, 0] : [-240, -300])
    .map((o) => w - o * MIN)
    .filter((ms) => ruleWall(zone, ms).getTime() === w)
    .sort((a, b) => a - b);
  return candidates[0] ?? null;
}
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);

describe('computeSlots: every day 2025–2030, hours 00:00–03:00 and 09:00–17:00, 60-min service on a 30-min grid', () => {
  for (const zone of ['Europe/London', 'America/New_York'] as const) {
    test(zone, () => {
      const slots = computeSlots({
        practitioner: practitioner(zone, [
          ['00:00', '03:00'],
          ['09:00', '17:00'],
        ]),
        service: service(),
        fromDay: '2025-01-01',
        toDay: '2030-12-31',
        now: LONG_AGO,
        busy: [],
      });
      // Group by local day, per the independent rules.
      const byDay = new Map<string, Interval[]>();
      let previous = -Infinity;
      for (const slot of slots) {
        assert.ok(slot.start.getTime() > previous, `sorted, no duplicates at ${slot.start.toISOString()}`);
        previous = slot.start.getTime();
        assert.equal(slot.end.getTime() - slot.start.getTime(), 60 * MIN, 'a 60-minute service lasts 60 real minutes');
        // The UTC offset the engine used is the real one: the tz database (via date-fns) and the rules agree.
        const offset = ruleOffsetMinutes(zone, slot.start.getTime());
        assert.equal(wall(slot.start, zone, 'xxx'), formatOffset(offset), `offset of ${slot.start.toISOString()}`);
        const local = ruleWall(zone, slot.start.getTime()).toISOString();
        assert.equal(wall(slot.start, zone, "yyyy-MM-dd'T'HH:mm"), local.slice(0, 16));
        const day = local.slice(0, 10);
        const list = byDay.get(day) ?? [];
        list.push(slot);
        byDay.set(day, list);
      }
      let days = 0;
      const lengths = new Map<number, number>();
      for (let day = '2025-01-01'; day <= '2030-12-31'; day = nextDay(day)) {
        days++;
        const daySlots = byDay.get(day) ?? [];
        // Real lengths of the two windows in hours, from the rules.
        const night = (ruleInstant(zone, day, 3)! - ruleInstant(zone, day, 0)!) / HOUR;
        const office = (ruleInstant(zone, day, 17)! - ruleInstant(zone, day, 9)!) / HOUR;
        lengths.set(night, (lengths.get(night) ?? 0) + 1);
        assert.equal(office, 8);
        // (L·60 − 60)/30 + 1 starts fit a window of L real hours; on a fall-back day the second occurrences of the
        // repeated hour (2 grid times) are not offered again, since each local time is offered once.
        const repeated = night > 3 ? ((night - 3) * 60) / 30 : 0;
        const expectedNight = (night * 60 - 60) / 30 + 1 - repeated;
        const expectedOffice = (office * 60 - 60) / 30 + 1;
        const localWalls = daySlots.map((s) => ruleWall(zone, s.start.getTime()));
        const nightSlots = localWalls.filter((w) => w.getUTCHours() < 9);
        const officeSlots = localWalls.filter((w) => w.getUTCHours() >= 9);
        assert.equal(nightSlots.length, expectedNight, `${zone} ${day}: night slots (window ${night} h)`);
        assert.equal(officeSlots.length, expectedOffice, `${zone} ${day}: office slots`);
        const labels = new Set<string>();
        for (const [i, slot] of daySlots.entries()) {
          const w = localWalls[i]!;
          const minute = w.getUTCHours() * 60 + w.getUTCMinutes();
          assert.equal(minute % 30, 0, `${zone} ${day}: ${w.toISOString()} on the 30-minute grid`);
          const windowEnd = minute < 9 * 60 ? ruleInstant(zone, day, 3)! : ruleInstant(zone, day, 17)!;
          assert.ok(
            (minute >= 0 && minute < 180) || (minute >= 540 && minute < 1020),
            `${zone} ${day}: ${w.toISOString()} inside hours`,
          );
          assert.ok(slot.end.getTime() <= windowEnd, `${zone} ${day}: ${w.toISOString()} ends inside its window`);
          const label = w.toISOString().slice(11, 16);
          assert.ok(!labels.has(label), `${zone} ${day}: local time ${label} offered twice`);
          labels.add(label);
        }
        if (night === 2) {
          // Spring forward: nothing in the gap (01:00–02:00 London, 02:00–03:00 New York).
          const gap = zone === 'Europe/London' ? ['01:00', '01:30'] : ['02:00', '02:30'];
          for (const g of gap) assert.ok(!labels.has(g), `${zone} ${day}: ${g} does not exist`);
        }
      }
      assert.equal(days, 2191);
      // Six spring-forward days (23 h nights lose an hour), six fall-back days, the rest ordinary.
      assert.deepEqual(Object.fromEntries(lengths), { 2: 6, 3: 2191 - 12, 4: 6 });
      assert.equal(slots.length, (2191 - 12) * (5 + 15) + 6 * (3 + 15) + 6 * (5 + 15));
    });
  }
});

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

describe('computeSlots: daylight-saving change days', () => {
  const night = (zone: string, day: string) =>
    computeSlots({
      practitioner: practitioner(zone, [['00:00', '03:00']]),
      service: service(),
      fromDay: day,
      toDay: day,
      now: LONG_AGO,
      busy: [],
    });

  test('London spring forward 2026-03-29: 00:00, 00:30, 02:00 BST', () => {
    const slots = night('Europe/London', '2026-03-29');
    assert.deepEqual(isoList(slots), [
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
    ]);
    assert.deepEqual(walls(slots, 'Europe/London'), ['00:00', '00:30', '02:00']);
  });

  test('London fall back 2026-10-25: 01:00 and 01:30 once (BST), then 02:00 GMT', () => {
    const slots = night('Europe/London', '2026-10-25');
    assert.deepEqual(isoList(slots), [
      '2026-10-24T23:00:00.000Z',
      '2026-10-24T23:30:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
    assert.deepEqual(walls(slots, 'Europe/London'), ['00:00', '00:30', '01:00', '01:30', '02:00']);
  });

  test('New York spring forward 2026-03-08: 00:00, 00:30, 01:00 EST (01:30 would end in the gap-shortened window)', () => {
    const slots = night('America/New_York', '2026-03-08');
    assert.deepEqual(isoList(slots), [
      '2026-03-08T05:00:00.000Z',
      '2026-03-08T05:30:00.000Z',
      '2026-03-08T06:00:00.000Z',
    ]);
  });

  test('New York fall back 2026-11-01: 01:00/01:30 EDT once, then 02:00 EST', () => {
    const slots = night('America/New_York', '2026-11-01');
    assert.deepEqual(isoList(slots), [
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T04:30:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
  });

  test('hours starting inside the gap begin when the gap ends; the non-existent grid times are skipped', () => {
    const slots = computeSlots({
      practitioner: practitioner('Europe/London', [['01:30', '04:00']]),
      service: service(),
      fromDay: '2026-03-29',
      toDay: '2026-03-29',
      now: LONG_AGO,
      busy: [],
    });
    assert.deepEqual(walls(slots, 'Europe/London'), ['02:00', '02:30', '03:00']);
  });
});

describe('computeSlots: rules', () => {
  const london = (hours: Hours = [['09:00', '17:00']], exceptions: SlotPractitioner['exceptions'] = []) =>
    practitioner('Europe/London', hours, exceptions);

  test('09:00 London is 09:00Z in winter and 08:00Z in summer', () => {
    const run = (day: string) =>
      computeSlots({ practitioner: london(), service: service(), fromDay: day, toDay: day, now: LONG_AGO, busy: [] });
    const winter = run('2026-01-14');
    const summer = run('2026-07-15');
    assert.equal(winter[0]!.start.toISOString(), '2026-01-14T09:00:00.000Z');
    assert.equal(winter.at(-1)!.start.toISOString(), '2026-01-14T16:00:00.000Z');
    assert.equal(summer[0]!.start.toISOString(), '2026-07-15T08:00:00.000Z');
    assert.equal(summer.at(-1)!.end.toISOString(), '2026-07-15T16:00:00.000Z');
    assert.equal(winter.length, 15);
    assert.equal(summer.length, 15);
  });

  const day = '2026-01-14';
  const run = (svc: SlotService, busyList: Interval[], hours?: Hours) =>
    walls(
      computeSlots({
        practitioner: london(hours),
        service: svc,
        fromDay: day,
        toDay: day,
        now: LONG_AGO,
        busy: busyList,
      }),
      'Europe/London',
    );

  test('half-open busy intervals: a booking ending at a slot start, or starting at a slot end, does not block it', () => {
    const svc = service({ slotIntervalMinutes: 60 });
    assert.deepEqual(run(svc, [busy('2026-01-14T10:00:00Z', '2026-01-14T11:00:00Z')]), [
      '09:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    // One millisecond more on either side blocks the neighbours.
    assert.deepEqual(run(svc, [busy('2026-01-14T09:59:59.999Z', '2026-01-14T11:00:00.001Z')]), [
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
  });

  test('buffers widen the blocked interval on each side', () => {
    const booked = [busy('2026-01-14T11:00:00Z', '2026-01-14T12:00:00Z')];
    const svc = (before: number, after: number) =>
      service({ slotIntervalMinutes: 15, bufferBeforeMinutes: before, bufferAfterMinutes: after });
    const morning = (list: string[]) => list.filter((w) => w < '13:00');
    // No buffers: 10:00 (ends at 11:00) and 12:00 (starts at 12:00) are fine.
    assert.deepEqual(morning(run(svc(0, 0), booked)), [
      '09:00',
      '09:15',
      '09:30',
      '09:45',
      '10:00',
      '12:00',
      '12:15',
      '12:30',
      '12:45',
    ]);
    // 10 after: a slot must end by 10:50, so 09:45 is the last before; 10 before: the first after is 12:15.
    assert.deepEqual(morning(run(svc(10, 10), booked)), [
      '09:00',
      '09:15',
      '09:30',
      '09:45',
      '12:15',
      '12:30',
      '12:45',
    ]);
    assert.deepEqual(morning(run(svc(0, 15), booked)), [
      '09:00',
      '09:15',
      '09:30',
      '09:45',
      '12:00',
      '12:15',
      '12:30',
      '12:45',
    ]);
    assert.deepEqual(morning(run(svc(30, 0), booked)), ['09:00', '09:15', '09:30', '09:45', '10:00', '12:30', '12:45']);
  });

  test('busy intervals in any order, overlapping and nested, are all honoured', () => {
    const svc = service({ slotIntervalMinutes: 30 });
    const list = [
      busy('2026-01-14T15:00:00Z', '2026-01-14T15:10:00Z'),
      busy('2026-01-14T09:30:00Z', '2026-01-14T13:00:00Z'),
      busy('2026-01-14T10:00:00Z', '2026-01-14T10:30:00Z'),
      busy('2026-01-14T12:00:00Z', '2026-01-14T13:30:00Z'),
      busy('2026-01-13T10:00:00Z', '2026-01-13T11:00:00Z'),
    ];
    assert.deepEqual(run(svc, list), ['13:30', '14:00', '15:30', '16:00']);
  });

  test('agrees with a brute-force overlap check on 500 random busy intervals over 60 days', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const base = Date.parse('2026-02-01T00:00:00Z');
    const list: Interval[] = Array.from({ length: 500 }, () => {
      const start = base + Math.floor(random() * 60 * 24 * 4) * 15 * MIN;
      return { start: new Date(start), end: new Date(start + (1 + Math.floor(random() * 12)) * 15 * MIN) };
    });
    const svc = service({ slotIntervalMinutes: 15, bufferBeforeMinutes: 10, bufferAfterMinutes: 5 });
    const args = {
      practitioner: london([
        ['08:00', '12:00'],
        ['13:00', '20:00'],
      ]),
      service: svc,
      fromDay: '2026-02-01',
      toDay: '2026-04-01',
      now: LONG_AGO,
    };
    const free = computeSlots({ ...args, busy: [] });
    const expected = free.filter(
      (s) =>
        !list.some(
          (b) => b.start.getTime() < s.end.getTime() + 5 * MIN && b.end.getTime() > s.start.getTime() - 10 * MIN,
        ),
    );
    const actual = computeSlots({ ...args, busy: list });
    assert.ok(expected.length > 100 && expected.length < free.length - 100, 'the busy times block a good share');
    assert.deepEqual(isoList(actual), isoList(expected));
  });

  test('exceptions: a closed day, extra hours on a day off, and replaced hours', () => {
    const weekdays: SlotPractitioner['hours'] = {
      mon: [['09:00', '17:00']],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '17:00']],
      sat: [],
      sun: [],
    };
    const p: SlotPractitioner = {
      timeZone: 'Europe/London',
      hours: weekdays,
      exceptions: [
        { date: '2026-01-14', hours: [], reason: 'Closed' }, // Wednesday
        { date: '2026-01-18', hours: [['10:00', '12:00']] }, // Sunday
        { date: '2026-01-15', hours: [['13:00', '15:00']] }, // Thursday afternoon only
      ],
    };
    const slots = computeSlots({
      practitioner: p,
      service: service(),
      fromDay: '2026-01-13',
      toDay: '2026-01-19',
      now: LONG_AGO,
      busy: [],
    });
    const perDay = new Map<string, string[]>();
    for (const s of slots) {
      const d = wall(s.start, 'Europe/London', 'yyyy-MM-dd');
      perDay.set(d, [...(perDay.get(d) ?? []), wall(s.start, 'Europe/London')]);
    }
    assert.equal(perDay.get('2026-01-13')?.length, 15);
    assert.equal(perDay.has('2026-01-14'), false);
    assert.deepEqual(perDay.get('2026-01-15'), ['13:00', '13:30', '14:00']);
    assert.equal(perDay.get('2026-01-16')?.length, 15);
    assert.equal(perDay.has('2026-01-17'), false);
    assert.deepEqual(perDay.get('2026-01-18'), ['10:00', '10:30', '11:00']);
    assert.equal(perDay.get('2026-01-19')?.length, 15);
  });

  test('minimum notice: a start exactly at now + notice is offered, one a minute earlier is not', () => {
    const svc = service({ minNoticeHours: 2, slotIntervalMinutes: 60 });
    const slots = (now: string) =>
      walls(
        computeSlots({ practitioner: london(), service: svc, fromDay: day, toDay: day, now: at(now), busy: [] }),
        'Europe/London',
      );
    assert.deepEqual(slots('2026-01-14T10:00:00Z'), ['12:00', '13:00', '14:00', '15:00', '16:00']);
    assert.deepEqual(slots('2026-01-14T10:00:00.001Z'), ['13:00', '14:00', '15:00', '16:00']);
    assert.deepEqual(slots('2026-01-14T15:00:00Z'), []);
    // Fractional hours count too.
    const half = service({ minNoticeHours: 0.5, slotIntervalMinutes: 60 });
    assert.deepEqual(
      walls(
        computeSlots({
          practitioner: london(),
          service: half,
          fromDay: day,
          toDay: day,
          now: at('2026-01-14T10:31:00Z'),
          busy: [],
        }),
        'Europe/London',
      ),
      ['12:00', '13:00', '14:00', '15:00', '16:00'],
    );
  });

  test('horizon: days up to today + horizonDays in the practice zone', () => {
    const svc = service({ horizonDays: 3 });
    const days = (now: string, zone = 'Europe/London') => [
      ...new Set(
        computeSlots({
          practitioner: practitioner(zone, [['09:00', '17:00']]),
          service: svc,
          fromDay: '2026-06-28',
          toDay: '2026-07-10',
          now: at(now),
          busy: [],
        }).map((s) => wall(s.start, zone, 'yyyy-MM-dd')),
      ),
    ];
    assert.deepEqual(days('2026-06-30T12:00:00Z'), ['2026-06-30', '2026-07-01', '2026-07-02', '2026-07-03']);
    // 23:30Z on 30 June is already 1 July in London (BST), so the horizon moves a day; in New York it is still 30 June.
    assert.deepEqual(days('2026-06-30T23:30:00Z'), ['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04']);
    assert.deepEqual(days('2026-06-30T23:30:00Z', 'America/New_York'), ['2026-07-01', '2026-07-02', '2026-07-03']);
  });

  test('demo practice: a Monday has the 60-minute slots around the lunch break, in winter and summer', () => {
    const practice = demoPractice();
    const jim = practice.practitioners[0]!;
    const svc = practice.services.find((s) => s.id === 'sports-massage-60')!;
    const expected = [
      '09:00',
      '09:15',
      '09:30',
      '09:45',
      '10:00',
      '10:15',
      '10:30',
      '10:45',
      '11:00',
      '11:15',
      '11:30',
      '11:45',
      '12:00',
      '14:00',
      '14:15',
      '14:30',
      '14:45',
      '15:00',
      '15:15',
      '15:30',
      '15:45',
      '16:00',
      '16:15',
      '16:30',
      '16:45',
      '17:00',
    ];
    for (const [monday, offset] of [
      ['2026-12-07', 'Z'],
      ['2026-07-06', '+01:00'],
    ] as const) {
      const now = at(`${monday}T00:00:00Z`).getTime() - 7 * 24 * HOUR;
      const slots = computeSlots({
        practitioner: jim,
        service: svc,
        fromDay: monday,
        toDay: monday,
        now: new Date(now),
        busy: [],
      });
      assert.deepEqual(walls(slots, 'Europe/London'), expected, monday);
      assert.equal(wall(slots[0]!.start, 'Europe/London', 'xxx').replace('+00:00', 'Z'), offset);
      // A booking 10:00–11:20 (its buffers included) leaves 09:xx out too, because of this service's 10-minute buffers.
      const booked = computeSlots({
        practitioner: jim,
        service: svc,
        fromDay: monday,
        toDay: monday,
        now: new Date(now),
        busy: [{ start: new Date(slots[4]!.start), end: new Date(slots[4]!.start.getTime() + 80 * MIN) }],
      });
      assert.deepEqual(
        walls(booked, 'Europe/London').filter((w) => w < '13:00'),
        ['11:30', '11:45', '12:00'],
      );
    }
    // Christmas Day 2026 is a Friday, closed by exception; New Year's Eve (Thursday) is mornings only.
    const xmas = computeSlots({
      practitioner: jim,
      service: svc,
      fromDay: '2026-12-25',
      toDay: '2026-12-25',
      now: at('2026-12-01T00:00:00Z'),
      busy: [],
    });
    assert.equal(xmas.length, 0);
    const nye = computeSlots({
      practitioner: jim,
      service: svc,
      fromDay: '2026-12-31',
      toDay: '2026-12-31',
      now: at('2026-12-01T00:00:00Z'),
      busy: [],
    });
    assert.equal(walls(nye, 'Europe/London').at(-1), '12:00');
    assert.equal(nye.length, 13);
  });

  test('a window ending at 24:00 fits a slot that ends at midnight', () => {
    assert.deepEqual(run(service({ slotIntervalMinutes: 60 }), [], [['21:00', '24:00']]), ['21:00', '22:00', '23:00']);
  });
});

describe('validateRequestedStart / isOnSlotGrid', () => {
  const p = practitioner('Europe/London', [
    ['00:00', '03:00'],
    ['09:00', '17:00'],
  ]);
  const ny = practitioner('America/New_York', [['00:00', '03:00']]);
  const svc = service({ minNoticeHours: 1, horizonDays: 30 });
  const now = at('2026-03-20T12:00:00Z');
  const check = (
    start: string,
    opts: { busy?: Interval[]; timeZone?: string; who?: SlotPractitioner; when?: Date } = {},
  ) =>
    validateRequestedStart({
      practitioner: opts.who ?? p,
      service: svc,
      start,
      now: opts.when ?? now,
      busy: opts.busy ?? [],
      ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    });

  test('an offered slot is accepted, as an instant or as a local time', () => {
    const ok = check('2026-03-30T08:30:00Z'); // 09:30 BST
    assert.equal(ok.ok, true);
    assert.equal(ok.ok && ok.slot.end.toISOString(), '2026-03-30T09:30:00.000Z');
    assert.equal(check('2026-03-30T09:30:00+01:00').ok, true);
    assert.equal(check('2026-03-30T09:30').ok, true);
    assert.equal(check('2026-03-29T02:00').ok, true);
  });

  test('off-grid, outside hours and malformed starts are refused', () => {
    assert.deepEqual(check('2026-03-30T08:35:00Z'), { ok: false, reason: 'off_grid' });
    assert.deepEqual(check('2026-03-30T09:30:30+01:00'), { ok: false, reason: 'off_grid' });
    assert.deepEqual(check('2026-03-30T18:00'), { ok: false, reason: 'off_grid' });
    assert.deepEqual(check('2026-03-30T16:30'), { ok: false, reason: 'off_grid' }); // would end after 17:00
    assert.deepEqual(check('2026-03-30T09:30:15'), { ok: false, reason: 'off_grid' });
    assert.deepEqual(check('tomorrow at nine'), { ok: false, reason: 'invalid_start' });
    assert.deepEqual(check('2026-02-30T09:00'), { ok: false, reason: 'invalid_start' });
  });

  test('the last hours a calendar can name: a window to 24:00 on 9999-12-31, and the day after east of UTC', () => {
    // The fuzz test's 500: a start at 9999-12-31T23:59:59Z met a window ending at 24:00, whose end was computed by
    // naming the next day, and there is no YYYY-MM-DD after 9999-12-31.
    const late = practitioner('Europe/London', [['20:00', '24:00']]);
    const when = at('9999-12-01T00:00:00Z');
    const big = service({ horizonDays: 60 });
    assert.equal(isOnSlotGrid(late, big, at('9999-12-31T23:00:00Z')), true, 'the slot that ends at midnight');
    assert.deepEqual(check('9999-12-31T23:59:59Z', { who: late, when }), { ok: false, reason: 'off_grid' });
    assert.deepEqual(check('9999-12-31T23:30:00Z', { who: late, when }), { ok: false, reason: 'off_grid' });
    // In Berlin 9999-12-31T23:30Z is half past midnight on a day with no name: no grid, so off the grid.
    const berlin = practitioner('Europe/Berlin', [['00:00', '24:00']]);
    assert.equal(isOnSlotGrid(berlin, big, at('9999-12-31T23:30:00Z')), false);
    assert.deepEqual(check('9999-12-31T23:30:00Z', { who: berlin, when }), { ok: false, reason: 'off_grid' });
    assert.equal(isOnSlotGrid(berlin, big, at('9999-12-31T21:30:00Z')), true, '22:30 on the last day, ending 23:30');
  });

  test('a local time inside the spring-forward gap is refused as non-existent', () => {
    assert.deepEqual(check('2026-03-29T01:30'), { ok: false, reason: 'nonexistent_local_time' });
    assert.deepEqual(check('2026-03-29T01:00'), { ok: false, reason: 'nonexistent_local_time' });
    // The same digits with an explicit UTC offset name a real instant (02:30 BST), which is off grid for 00–03 hours
    // (it would end at 03:30).
    assert.deepEqual(check('2026-03-29T01:30:00Z'), { ok: false, reason: 'off_grid' });
  });

  test('fall-back: the first occurrence of a repeated time is a slot, the second is not', () => {
    const when = at('2026-10-20T00:00:00Z');
    assert.equal(check('2026-11-01T05:00:00Z', { who: ny, when }).ok, true); // 01:00 EDT
    assert.deepEqual(check('2026-11-01T06:00:00Z', { who: ny, when }), { ok: false, reason: 'off_grid' }); // 01:00 EST
    const local = check('2026-11-01T01:00', { who: ny, when });
    assert.equal(local.ok && local.slot.start.toISOString(), '2026-11-01T05:00:00.000Z');
    assert.equal(isOnSlotGrid(ny, svc, at('2026-11-01T05:30:00Z')), true);
    assert.equal(isOnSlotGrid(ny, svc, at('2026-11-01T06:30:00Z')), false);
    assert.equal(isOnSlotGrid(ny, svc, at('2026-11-01T07:00:00Z')), true);
  });

  test('notice, horizon and busy time are reported', () => {
    assert.deepEqual(check('2026-03-20T12:30:00Z'), { ok: false, reason: 'too_soon' });
    assert.equal(check('2026-03-20T13:00:00Z').ok, true);
    assert.equal(check('2026-04-19T15:00:00Z').ok, true); // today + 30 days
    assert.deepEqual(check('2026-04-20T08:00:00Z'), { ok: false, reason: 'beyond_horizon' });
    assert.deepEqual(check('2026-03-30T08:30:00Z', { busy: [busy('2026-03-30T09:00:00Z', '2026-03-30T10:00:00Z')] }), {
      ok: false,
      reason: 'unavailable',
    });
    assert.equal(
      check('2026-03-30T08:30:00Z', { busy: [busy('2026-03-30T09:30:00Z', '2026-03-30T10:00:00Z')] }).ok,
      true,
    );
  });

  test('a local start is read in the given zone', () => {
    // 04:30 in New York on 30 March is 09:30 in London (EDT vs BST: 5 hours apart).
    assert.equal(check('2026-03-30T04:30', { timeZone: 'America/New_York' }).ok, true);
    assert.deepEqual(check('2026-03-30T04:15', { timeZone: 'America/New_York' }), { ok: false, reason: 'off_grid' });
    assert.deepEqual(check('2026-03-30T04:30', { timeZone: 'Nowhere/Special' }), {
      ok: false,
      reason: 'invalid_start',
    });
  });
});
