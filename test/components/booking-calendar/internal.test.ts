// Pure logic of the booking calendar on fixed dates: month model, key moves, series preview, race-day plan,
// and the hand-written field checks against the shared zod/mini schema.
import { expect } from '@open-wc/testing';
import {
  addDays,
  addMonths,
  monthGrid,
  moveDay,
  weekday,
} from '../../../src/components/booking-calendar/internal/dates.js';
import {
  findService,
  planRules,
  racePlan,
  type PlanItem,
  type PlanRules,
} from '../../../src/components/booking-calendar/internal/plan.js';
import { previewSeries, seriesMonths } from '../../../src/components/booking-calendar/internal/series.js';
import { problem } from '../../../src/components/booking-calendar/internal/validate.js';
import { DateTimeFormats } from '../../../src/components/booking-calendar/internal/format.js';
import { byDay, city, isUtc, wall, type Slot } from '../../../src/components/booking-calendar/internal/zone.js';
import { BookingClientSchema } from '../../../src/core/schemas/booking.js';

describe('booking calendar: dates', () => {
  it('knows weekdays and month lengths (2021 is not a leap year, 2024 is)', () => {
    expect(weekday('2021-09-28')).to.equal(2);
    expect(weekday('2021-10-03')).to.equal(0);
    expect(addMonths('2021-01-31', 1)).to.equal('2021-02-28');
    expect(addMonths('2024-01-31', 1)).to.equal('2024-02-29');
    expect(addMonths('2021-12-15', 1)).to.equal('2022-01-15');
    expect(addDays('2021-03-27', 2), 'no DST shift in day arithmetic').to.equal('2021-03-29');
  });

  it('lays out September 2021 in Monday-first and Sunday-first weeks', () => {
    const mon = monthGrid('2021-09', 1);
    expect(mon[0]).to.deep.equal([null, null, '2021-09-01', '2021-09-02', '2021-09-03', '2021-09-04', '2021-09-05']);
    expect(mon.length).to.equal(5);
    const sun = monthGrid('2021-09', 0);
    expect(sun[0]!.slice(0, 4)).to.deep.equal([null, null, null, '2021-09-01']);
    expect(sun.flat().filter(Boolean).length).to.equal(30);
  });

  it('moves by keys: arrows, Home/End of the week, PageUp/PageDown months, Shift years, clamped, RTL', () => {
    const d = '2021-09-28';
    expect(moveDay(d, 'ArrowRight', false, 1)).to.equal('2021-09-29');
    expect(moveDay(d, 'ArrowRight', false, 1, true)).to.equal('2021-09-27');
    expect(moveDay(d, 'ArrowUp', false, 1)).to.equal('2021-09-21');
    expect(moveDay(d, 'ArrowDown', false, 1)).to.equal('2021-10-05');
    expect(moveDay(d, 'Home', false, 1)).to.equal('2021-09-27');
    expect(moveDay(d, 'End', false, 1)).to.equal('2021-10-03');
    expect(moveDay(d, 'Home', false, 0)).to.equal('2021-09-26');
    expect(moveDay(d, 'PageDown', false, 1)).to.equal('2021-10-28');
    expect(moveDay('2021-10-31', 'PageDown', false, 1)).to.equal('2021-11-30');
    expect(moveDay(d, 'PageUp', true, 1)).to.equal('2020-09-28');
    expect(moveDay(d, 'PageDown', true, 1, false, undefined, '2021-12-31')).to.equal('2021-12-31');
    expect(moveDay(d, 'a', false, 1)).to.equal(undefined);
  });
});

describe('booking calendar: zones', () => {
  it('groups slots by the visitor’s day, across the clock change', () => {
    expect(wall('2021-10-31T00:30:00Z', 'Europe/London')).to.deep.equal(['2021-10-31', '01:30']);
    expect(wall('2021-10-31T09:00:00Z', 'Europe/London')).to.deep.equal(['2021-10-31', '09:00']);
    const days = byDay(
      [
        { start: '2021-09-28T23:30:00Z', end: '' },
        { start: '2021-09-28T08:00:00Z', end: '' },
      ],
      'Europe/London',
    );
    expect([...days.keys()]).to.deep.equal(['2021-09-29', '2021-09-28']);
  });
});

const slot = (start: string): Slot => ({ start, end: start });

describe('booking calendar: series preview', () => {
  it('keeps the practice’s wall time across the October clock change and offers alternatives for a taken week', () => {
    // 09:00 London is 08:00Z in summer and 09:00Z in winter.
    const first = slot('2021-10-19T08:00:00.000Z');
    const free = [
      first,
      slot('2021-11-02T09:00:00.000Z'),
      slot('2021-10-26T10:00:00.000Z'),
      slot('2021-10-27T08:00:00.000Z'),
      slot('2021-11-16T09:00:00.000Z'),
    ];
    const occ = previewSeries(first, 1, 3, 'Europe/London', free, '2022-01-01');
    expect(occ.map((o) => o.day)).to.deep.equal(['2021-10-19', '2021-10-26', '2021-11-02']);
    expect(occ[0]!.slot).to.equal(first);
    expect(occ[1]!.slot, '26 October 09:00 is taken').to.equal(undefined);
    expect(occ[1]!.alternatives.map((s) => s.start)).to.deep.equal([
      '2021-10-26T10:00:00.000Z',
      '2021-10-27T08:00:00.000Z',
    ]);
    expect(occ[2]!.slot?.start, 'winter time: 09:00Z').to.equal('2021-11-02T09:00:00.000Z');
  });

  it('marks occurrences beyond the horizon and lists the months it needs', () => {
    const occ = previewSeries(slot('2021-10-19T08:00:00.000Z'), 4, 4, 'Europe/London', [], '2021-12-01');
    expect(occ.map((o) => o.beyond)).to.deep.equal([false, false, true, true]);
    expect(seriesMonths('2021-10-19', 4, 3)).to.deep.equal(['2021-10', '2021-11', '2021-12']);
    expect(seriesMonths('2021-12-28', 2, 2)).to.deep.equal(['2021-12', '2022-01']);
  });
});

describe('booking calendar: race-day plan', () => {
  const services = planRules({ build: 'sm60', pre: 'pre', post: 'post', maintenance: 'maint' });
  // Every day has a 10:00Z slot except 30 September and 1 October.
  const free = () => {
    const m = new Map<string, Slot[]>();
    for (let d = '2021-08-01'; d < '2022-03-01'; d = addDays(d, 1))
      if (d != '2021-09-30' && d != '2021-10-01') m.set(d, [slot(`${d}T10:00:00.000Z`), slot(`${d}T11:00:00.000Z`)]);
    return m;
  };

  it('plans the London Marathon (3 October 2021) from 1 September: fortnightly, pre 2–4 days before, post 2–5 after, monthly ×3', () => {
    const plan = racePlan('2021-10-03', '2021-09-01', '2021-11-30', services, free);
    const picked = plan.map((i) => `${i.kind} ${i.slot?.start.slice(0, 10) ?? '-'}${i.beyond ? ' beyond' : ''}`);
    expect(picked).to.deep.equal([
      'build 2021-09-01',
      'build 2021-09-15',
      'pre 2021-09-29',
      'post 2021-10-06',
      'maintenance 2021-11-03',
      'maintenance 2021-11-30',
      'maintenance - beyond',
    ]);
    expect(
      plan[2]!.options.length,
      'the visitor may swap the pre-event massage among the free times of its days',
    ).to.equal(2);
    expect(plan.map((i) => i.serviceId)).to.deep.equal(['sm60', 'sm60', 'pre', 'post', 'maint', 'maint', 'maint']);
  });

  it('leaves out what is already past and finds services by id or by name', () => {
    const plan = racePlan('2021-10-03', '2021-10-02', '2021-12-31', services, free);
    expect(plan.map((i) => i.kind)).to.deep.equal(['post', 'maintenance', 'maintenance', 'maintenance']);
    const list = [
      { id: 'a', name: 'Pre-event massage (30 min)' },
      { id: 'pre-event-massage', name: 'x' },
    ];
    expect(findService(list, 'pre-event-massage', /pre-event/i)?.id).to.equal('pre-event-massage');
    expect(findService(list.slice(0, 1), 'pre-event-massage', /pre-event/i)?.id).to.equal('a');
  });
});

describe('booking calendar: race-day plan by the practice’s rules', () => {
  const ZONE = 'Europe/London';
  const rules = planRules({ build: 'sm60', pre: 'pre', post: 'post', maintenance: 'maint' });
  /** The instant of a London wall time (tried at both offsets London has). */
  const london = (day: string, time: string): string => {
    for (const offset of [0, -1]) {
      const iso = new Date(Date.parse(`${day}T${time}:00Z`) + offset * 3600_000).toISOString();
      if (wall(iso, ZONE).join(' ') == `${day} ${time}`) return iso;
    }
    throw new Error(`${day} ${time} does not exist in London`);
  };
  /**
   * Free slots as the server sends them, grouped by London day: 09:00 and 14:00 every day but Sunday, from `from`
   * for 400 days, except days in `full`, and only after `notBefore` (the minimum notice).
   */
  const freeFrom = (from: string, full: (d: string) => boolean = () => false, notBefore = '') => {
    const slots: Slot[] = [];
    for (let d = from; d < addDays(from, 400); d = addDays(d, 1)) {
      if (weekday(d) == 0 || full(d)) continue;
      for (const t of ['09:00', '14:00']) {
        const start = london(d, t);
        if (start >= notBefore) slots.push({ start, end: start });
      }
    }
    const days = byDay(slots, ZONE);
    return () => days;
  };
  const dayOf = (item: PlanItem) => item.slot && wall(item.slot.start, ZONE)[0];
  const gap = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 864e5);

  /** What every plan must respect, whatever the event date. */
  function checkPlan(event: string, first: string, last: string, plan: PlanItem[], r: PlanRules = rules) {
    const where = `event ${event}, from ${first}`;
    const booked = plan.filter((i) => i.slot && !i.beyond);
    for (const i of booked) {
      const d = dayOf(i)!;
      expect(d >= first && d <= last, `${where}: ${i.kind} on ${d} within ${first}..${last}`).to.equal(true);
      expect(i.days, `${where}: ${i.kind} on one of its days`).to.include(d);
    }
    expect(new Set(booked.map(dayOf)).size, `${where}: one session a day`).to.equal(booked.length);
    for (const i of plan.filter((x) => x.kind == 'build')) {
      expect(i.serviceId).to.equal(r.build.serviceId);
      expect(i.beyond, `${where}: no build-up beyond the horizon`).to.equal(false);
      if (i.slot)
        expect(gap(dayOf(i)!, event), `${where}: build-up on ${dayOf(i)} is not in race week`).to.be.at.least(
          r.build.lastDaysBefore,
        );
      for (const d of i.days) expect(gap(d, event)).to.be.at.least(r.build.lastDaysBefore);
    }
    const pre = plan.filter((x) => x.kind == 'pre');
    const post = plan.filter((x) => x.kind == 'post');
    expect(pre.length, `${where}: at most one pre-event`).to.be.at.most(1);
    expect(post.length, `${where}: one post-event`).to.be.at.most(1);
    for (const i of pre.filter((x) => x.slot)) {
      const before = gap(dayOf(i)!, event);
      expect(before >= r.pre.minDaysBefore && before <= r.pre.maxDaysBefore, `${where}: pre ${before} days before`).to
        .be.true;
    }
    for (const i of post.filter((x) => x.slot)) {
      const after = gap(event, dayOf(i)!);
      expect(after >= r.post.minDaysAfter && after <= r.post.maxDaysAfter, `${where}: post ${after} days after`).to.be
        .true;
    }
    const maintenance = plan.filter((x) => x.kind == 'maintenance');
    expect(maintenance.length, `${where}: maintenance ×${r.maintenance.count}`).to.equal(r.maintenance.count);
    const kinds = plan.map((x) => x.kind);
    expect(kinds.join(' '), `${where}: in order`).to.match(/^(build )*(pre )?(post )?(maintenance ?)*$/);
  }

  it('every event date of a year: build-ups end a week before, pre 2–4 days before, post 2–5 after, maintenance ×3', function () {
    this.timeout(30_000); // 368 plans, each checked in full
    const first = '2026-12-02';
    const last = addDays(first, 90);
    const free = freeFrom(first);
    let withBuild = 0;
    for (let event = addDays(first, -3); event < addDays(first, 365); event = addDays(event, 1)) {
      const plan = racePlan(event, first, last, rules, free);
      checkPlan(event, first, last, plan);
      if (plan.some((i) => i.kind == 'build')) withBuild++;
    }
    expect(withBuild, 'most events get build-ups').to.be.greaterThan(300);
  });

  it('the post’s race, Sun 17 Jan 2027: no deep tissue in race week, the pre-event massage on Thu 14 Jan', () => {
    const plan = racePlan('2027-01-17', '2026-12-02', '2027-03-02', rules, freeFrom('2026-12-02'));
    const builds = plan.filter((i) => i.kind == 'build').map(dayOf);
    expect(builds).to.deep.equal(['2026-12-02', '2026-12-16', '2026-12-30']);
    expect(
      builds.every((d) => d! <= '2027-01-10'),
      'nothing in race week (11–17 Jan)',
    ).to.equal(true);
    expect(dayOf(plan.find((i) => i.kind == 'pre')!)).to.equal('2027-01-14');
    expect(dayOf(plan.find((i) => i.kind == 'post')!)).to.equal('2027-01-20');
    expect(plan.filter((i) => i.kind == 'maintenance').map((i) => i.beyond)).to.deep.equal([false, true, true]);
  });

  it('an event tomorrow: no build-up, no pre-event (its days are past), recovery and maintenance only', () => {
    const first = '2026-12-02';
    const plan = racePlan('2026-12-03', first, addDays(first, 90), rules, freeFrom(first));
    expect(plan.map((i) => i.kind)).to.deep.equal(['post', 'maintenance', 'maintenance', 'maintenance']);
    expect(dayOf(plan[0]!), 'Sun 6 Dec is closed: the Monday').to.equal('2026-12-07');
    checkPlan('2026-12-03', first, addDays(first, 90), plan);
  });

  it('an event inside the notice: the pre-event days still open lose the slots within the notice, nothing earlier', () => {
    // Now is Wed 2 Dec 2026 10:00 with 36 hours' notice: nothing before Thu 3 Dec 22:00.
    const first = '2026-12-02';
    const free = freeFrom(first, undefined, '2026-12-03T22:00:00.000Z');
    const plan = racePlan('2026-12-05', first, addDays(first, 90), rules, free);
    const pre = plan.find((i) => i.kind == 'pre')!;
    expect(pre.days.sort()).to.deep.equal(['2026-12-02', '2026-12-03']);
    expect(pre.slot, 'no slot inside the notice').to.equal(undefined);
    expect(pre.options).to.deep.equal([]);
    expect(plan.some((i) => i.kind == 'build')).to.equal(false);
    expect(dayOf(plan.find((i) => i.kind == 'post')!)).to.equal('2026-12-08');
    // Two days later: 4 Dec is bookable again.
    const later = racePlan('2026-12-07', first, addDays(first, 90), rules, free);
    expect(dayOf(later.find((i) => i.kind == 'pre')!)).to.equal('2026-12-04');
  });

  it('an event past the horizon: build-ups up to the horizon only, the event’s own sessions bookable later', () => {
    const first = '2026-12-02';
    const last = addDays(first, 90);
    const plan = racePlan('2027-06-20', first, last, rules, freeFrom(first));
    const builds = plan.filter((i) => i.kind == 'build');
    expect(builds.length).to.equal(7);
    expect(builds.every((i) => dayOf(i)! <= last && !i.beyond)).to.equal(true);
    expect(plan.filter((i) => i.kind != 'build').every((i) => i.beyond)).to.equal(true);
    expect(plan.filter((i) => i.kind != 'build').every((i) => !i.slot)).to.equal(true);
    checkPlan('2027-06-20', first, last, plan);
  });

  it('the clock-change weeks (London, March and October): sessions keep their London days and 09:00', () => {
    for (const [event, pre, post] of [
      ['2026-03-29', '2026-03-26', '2026-04-01'], // clocks go forward that Sunday
      ['2026-10-25', '2026-10-22', '2026-10-28'], // and back
      ['2026-04-01', '2026-03-30', '2026-04-04'],
      ['2026-10-28', '2026-10-26', '2026-10-31'],
    ] as const) {
      const first = addDays(event, -60);
      const plan = racePlan(event, first, addDays(first, 120), rules, freeFrom(first));
      checkPlan(event, first, addDays(first, 120), plan);
      const p = plan.find((i) => i.kind == 'pre')!;
      const q = plan.find((i) => i.kind == 'post')!;
      expect([dayOf(p), dayOf(q)], event).to.deep.equal([pre, post]);
      for (const i of plan.filter((x) => x.slot)) expect(wall(i.slot!.start, ZONE)[1], event).to.equal('09:00');
    }
  });

  it('a fully booked race week: the pre-event massage has no time, and no build-up moves into the week instead', () => {
    const event = '2027-01-17';
    const first = '2026-12-02';
    const full = (d: string) => d >= '2027-01-11' && d <= '2027-01-17';
    const plan = racePlan(event, first, addDays(first, 90), rules, freeFrom(first, full));
    const pre = plan.find((i) => i.kind == 'pre')!;
    expect(pre.slot).to.equal(undefined);
    expect(pre.options).to.deep.equal([]);
    expect(plan.filter((i) => i.kind == 'build').every((i) => dayOf(i)! <= '2027-01-10')).to.equal(true);
    checkPlan(event, first, addDays(first, 90), plan);
  });

  it('follows other rules from the practice file: weekly build-ups ending 10 days before, 1–3 and 1–2 days, ×2 every 2 months', () => {
    const r: PlanRules = {
      build: { serviceId: 'deep', everyWeeks: 1, lastDaysBefore: 10 },
      pre: { serviceId: 'pre', minDaysBefore: 1, maxDaysBefore: 3 },
      post: { serviceId: 'post', minDaysAfter: 1, maxDaysAfter: 2 },
      maintenance: { serviceId: 'maint', everyMonths: 2, count: 2 },
    };
    const first = '2026-12-02';
    const plan = racePlan('2027-01-17', first, addDays(first, 200), r, freeFrom(first));
    checkPlan('2027-01-17', first, addDays(first, 200), plan, r);
    expect(plan.filter((i) => i.kind == 'build').map(dayOf)).to.deep.equal([
      '2026-12-02',
      '2026-12-09',
      '2026-12-16',
      '2026-12-23',
      '2026-12-30',
      '2027-01-06',
    ]);
    expect(plan.find((i) => i.kind == 'pre')!.serviceId).to.equal('pre');
    expect(plan.filter((i) => i.kind == 'maintenance').map(dayOf)).to.deep.equal(['2027-03-17', '2027-05-17']);
  });
});

describe('booking calendar: field checks match the shared schema', () => {
  const NAMES = ['', ' ', 'Ann', ' Ann Runner ', 'A'.repeat(120), 'A'.repeat(121), 'Ann\nB', 'Zoë', 'Ann\u0007'];
  const EMAILS = [
    '',
    'ann@example.com',
    ' ann@example.com ',
    'ann@example',
    'ann..b@example.com',
    `${'a'.repeat(243)}@example.com`,
    'ann@example.co.uk',
  ];
  const PHONES = ['', '+44 20 7946 0000', '020 7946 0321', '123', 'call me', '(020) 7946-0321', '1'.repeat(33)];
  it('gives the same verdict as BookingClientSchema', () => {
    for (const name of NAMES)
      for (const email of EMAILS.slice(0, 2))
        expect(!problem('name', name) && !problem('email', email), JSON.stringify(name)).to.equal(
          BookingClientSchema.safeParse({ name, email }).success,
        );
    for (const email of EMAILS)
      expect(!problem('email', email), email).to.equal(BookingClientSchema.safeParse({ name: 'Ann', email }).success);
    for (const phone of PHONES)
      expect(!problem('phone', phone), phone).to.equal(
        BookingClientSchema.safeParse({ name: 'Ann', email: 'a@example.com', phone }).success,
      );
  });
});

describe('booking calendar: naming the zone (issue 11)', () => {
  const words = {
    date: '{weekday} {day} {month} {year}',
    weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    months: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ],
    practiceTime: '{time} in {city}',
    zone: 'Times shown in {zone} time',
    zoneUtc: 'Times shown in UTC',
    zoneNamed: 'Times shown in {zone}',
  };
  const formats = (zone: string, practiceZone = 'Europe/London') =>
    new DateTimeFormats({ messages: words, locale: 'en-GB', zone, practiceZone });

  it('a city from the IANA id, UTC as UTC, and Intl’s long generic name where the id names no place', () => {
    expect(formats('Europe/London').zoneNote()).to.equal('Times shown in London time');
    expect(formats('America/Argentina/Buenos_Aires').zoneNote()).to.equal('Times shown in Buenos Aires time');
    for (const utc of ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT+0']) {
      expect(isUtc(utc), utc).to.equal(true);
      expect(formats(utc).zoneNote()).to.equal('Times shown in UTC');
    }
    expect(city('Etc/GMT+5')).to.equal('');
    expect(formats('Etc/GMT+5').zoneNote()).to.equal('Times shown in GMT-05:00');
    expect(formats('America/New_York').place('US/Eastern')).to.equal('Eastern Time');
    expect(formats('Asia/Tokyo', 'UTC').practiceTime('2026-12-09T10:00:00Z'), 'never "10:00 in UTC time"').to.equal(
      '10:00 in UTC',
    );
  });

  it('a session as start–end, with the practice’s span beside it only when its clock differs', () => {
    expect(formats('UTC').range('2026-12-09T10:00:00Z', '2026-12-09T11:00:00Z'), 'London is on UTC in winter').to.equal(
      'Wednesday 9 December 2026, 10:00–11:00',
    );
    expect(formats('UTC').range('2026-07-08T10:00:00Z', '2026-07-08T11:00:00Z')).to.equal(
      'Wednesday 8 July 2026, 10:00–11:00 (11:00–12:00 in London)',
    );
  });
});
