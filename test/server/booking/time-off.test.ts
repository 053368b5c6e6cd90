/**
 * The owner's time off ("take an afternoon off"), per dialect, on a real listening server: created with instants or
 * local times in the practice zone, it leaves availability at once (the availability cache never serves the old
 * answer), booking posts and moves into it are refused with 409 slot_unavailable and write nothing, bookings made
 * before it stay confirmed and are answered as `affected`; listed by range, deleted (the slots come back), refused with
 * 400 and a field for bad input, and only for the owner. Two servers on one database see each other's time off at
 * once. Every day is a fixed number of days ahead at a fixed London wall time (`slotStart`), never "now + N hours".
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import {
  ADMIN_TOKEN,
  addDays,
  assertError,
  availableStarts,
  bookingBody,
  countRows,
  dayFromToday,
  manage,
  postBooking,
  read,
  slotStart,
  spawnServer,
  startTestServer,
  MINUTE_MS,
  SERVICES,
  type Reply,
  type TestServer,
} from '../support/booking.js';
import { dialectsUnderTest } from '../support/databases.js';

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

async function owner(
  url: string,
  method: string,
  path = '',
  body?: unknown,
  headers: Record<string, string> = admin,
  prefix = '/api/v1/owner',
): Promise<Reply> {
  return read(
    await fetch(`${url}${prefix}/time-off${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    }),
  );
}

/** Rows of time_off and the calendar versions: what a refused write must leave as they were. */
async function written(db: Kysely<any>): Promise<string> {
  const t = await sql<{ n: number | string }>`select count(*) as n from time_off`.execute(db);
  const v = await sql<{ practitioner_id: string; version: number | string }>`select practitioner_id, version
    from calendar_versions order by practitioner_id`.execute(db);
  return JSON.stringify({
    timeOff: Number(t.rows[0]!.n),
    versions: v.rows.map((r) => [r.practitioner_id, Number(r.version)]),
  });
}

/** Whether an s30 slot starting at `startMs` holds (buffers included) any time of [from, to). */
function s30Touches(startMs: number, from: number, to: number): boolean {
  const s = SERVICES.s30;
  const blockStart = startMs - s.bufferBeforeMinutes * MINUTE_MS;
  const blockEnd = startMs + (s.durationMinutes + s.bufferAfterMinutes) * MINUTE_MS;
  return blockStart < to && blockEnd > from;
}

for (const dialect of dialectsUnderTest()) {
  describe(`time off (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.close();
    });

    test('created with ISO instants, with a local time in the practice zone, and with an offset: 201 and its shape', async () => {
      const made = await owner(server.url, 'POST', '', {
        start: slotStart(10, 13),
        end: slotStart(10, 17),
        reason: 'Dentist',
      });
      assert.equal(made.status, 201, made.text);
      assert.match(made.body.timeOff.id, /^to_[A-Za-z0-9_-]{22}$/);
      assert.deepEqual(made.body, {
        timeOff: { id: made.body.timeOff.id, start: slotStart(10, 13), end: slotStart(10, 17), reason: 'Dentist' },
        affected: [],
      });
      assert.equal(made.headers.get('Cache-Control'), 'no-store');

      const day = dayFromToday(11);
      const local = await owner(server.url, 'POST', '', { start: `${day}T13:00`, end: `${day}T17:30` });
      assert.equal(local.status, 201, local.text);
      assert.deepEqual(local.body.timeOff, {
        id: local.body.timeOff.id,
        start: slotStart(11, 13),
        end: slotStart(11, 17, 30),
        reason: null,
      });

      // The same instant written with a +05:00 offset.
      const startMs = Date.parse(slotStart(12, 9));
      const plusFive = (ms: number) => new Date(ms + 5 * 3_600_000).toISOString().slice(0, 16) + '+05:00';
      const offset = await owner(server.url, 'POST', '', {
        start: plusFive(startMs),
        end: plusFive(startMs + 3_600_000),
        reason: '  ',
      });
      assert.equal(offset.status, 201, offset.text);
      assert.equal(offset.body.timeOff.start, slotStart(12, 9));
      assert.equal(offset.body.timeOff.end, slotStart(12, 10));
      assert.equal(offset.body.timeOff.reason, null, 'a blank reason is no reason');

      // Through the console's prefix too (either credential works on both).
      const viaConsole = await owner(
        server.url,
        'POST',
        '',
        { start: slotStart(13, 8), end: slotStart(13, 9) },
        admin,
        '/admin/api',
      );
      assert.equal(viaConsole.status, 201, viaConsole.text);
      const del = await owner(server.url, 'DELETE', `/${viaConsole.body.timeOff.id}`, undefined, admin, '/admin/api');
      assert.deepEqual([del.status, del.body], [200, { deleted: true, id: viaConsole.body.timeOff.id }]);
    });

    test("the afternoon's slots leave availability at once (the cache never serves the old answer) and come back on delete", async () => {
      const day = dayFromToday(20);
      const from = Date.parse(slotStart(20, 13));
      const to = Date.parse(slotStart(20, 17));
      const before = await availableStarts(server.url, 's30', day);
      assert.deepEqual(await availableStarts(server.url, 's30', day), before, 'the same answer (cached) again');
      assert.ok(before.includes(from) && before.includes(Date.parse(slotStart(20, 15))));

      const made = await owner(server.url, 'POST', '', { start: slotStart(20, 13), end: slotStart(20, 17) });
      assert.equal(made.status, 201, made.text);
      const during = await availableStarts(server.url, 's30', day);
      assert.deepEqual(
        during,
        before.filter((start) => !s30Touches(start, from, to)),
        'exactly the slots whose session or buffers touch the time off are gone',
      );
      assert.ok(!during.includes(Date.parse(slotStart(20, 12, 30))), '12:30 + 30 min + 10 min buffer reaches 13:10');
      assert.ok(during.includes(Date.parse(slotStart(20, 12, 15))), '12:15 ends with its buffer at 12:55');
      assert.ok(!during.includes(Date.parse(slotStart(20, 17))), "17:00's buffer begins at 16:50");
      assert.ok(during.includes(Date.parse(slotStart(20, 17, 15))));
      // The day before and after are untouched.
      assert.ok((await availableStarts(server.url, 's30', addDays(day, 1))).includes(from + 86_400_000));

      const gone = await owner(server.url, 'DELETE', `/${made.body.timeOff.id}`);
      assert.deepEqual([gone.status, gone.body], [200, { deleted: true, id: made.body.timeOff.id }]);
      assert.deepEqual(await availableStarts(server.url, 's30', day), before, 'every slot is back');
    });

    test('a booking post or a move into time off is 409 slot_unavailable and writes nothing', async () => {
      const made = await owner(server.url, 'POST', '', { start: slotStart(22, 13), end: slotStart(22, 17) });
      assert.equal(made.status, 201, made.text);
      const rows = await countRows(server.db);
      for (const start of [slotStart(22, 14), slotStart(22, 12, 30), slotStart(22, 16, 45)]) {
        const refused = await postBooking(server.url, bookingBody('s30', start));
        assertError(refused, 409, 'slot_unavailable');
        assert.deepEqual(refused.body.error.conflicts, [start]);
      }
      // A weekly series whose second session falls into the time off: refused whole.
      const series = await postBooking(
        server.url,
        bookingBody('s60', slotStart(15, 14), { series: { everyWeeks: 1, count: 2 } }),
      );
      assertError(series, 409, 'slot_unavailable');
      assert.equal(await countRows(server.db), rows, 'nothing written');

      // Just outside, with the buffers: bookable.
      const edge = await postBooking(server.url, bookingBody('s30', slotStart(22, 12, 15)));
      assert.equal(edge.status, 201, edge.text);
      const moved = await manage(server.url, edge.body.booking.id, edge.body.manageToken, 'reschedule', {
        start: slotStart(22, 15),
      });
      assertError(moved, 409, 'slot_unavailable');
      const after = await manage(server.url, edge.body.booking.id, edge.body.manageToken, 'reschedule', {
        start: slotStart(22, 17, 15),
      });
      assert.equal(after.status, 200, after.text);
    });

    test('a booking made before the time off is answered as affected and stays confirmed', async () => {
      const inside = await postBooking(server.url, bookingBody('s60', slotStart(24, 14)));
      const endsAtStart = await postBooking(server.url, bookingBody('s30', slotStart(24, 12, 30)));
      const morning = await postBooking(server.url, bookingBody('s30', slotStart(24, 9)));
      const lateStart = await postBooking(server.url, bookingBody('s30', slotStart(24, 16, 45)));
      for (const r of [inside, endsAtStart, morning, lateStart]) assert.equal(r.status, 201, r.text);

      const made = await owner(server.url, 'POST', '', {
        start: slotStart(24, 13),
        end: slotStart(24, 17),
        reason: 'School play',
      });
      assert.equal(made.status, 201, made.text);
      assert.deepEqual(
        made.body.affected.map((b: { id: string }) => b.id),
        [inside.body.booking.id, lateStart.body.booking.id],
        'the sessions that overlap it, by start (a session ending as it begins is not affected)',
      );
      const first = made.body.affected[0];
      assert.equal(first.status, 'confirmed');
      assert.equal(first.start, slotStart(24, 14));
      assert.equal(first.serviceName, 'Sixty minutes');
      assert.equal(first.client.email, 'ann@example.com');

      const list = await read(
        await fetch(`${server.url}/api/v1/owner/bookings?from=${dayFromToday(24)}&to=${dayFromToday(24)}`, {
          headers: admin,
        }),
      );
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(
        list.body.bookings.map((b: { status: string }) => b.status),
        ['confirmed', 'confirmed', 'confirmed', 'confirmed'],
        'time off cancels nothing',
      );
    });

    test('listed by range, sorted by start; by default from today for 92 days', async () => {
      const later = await owner(server.url, 'POST', '', { start: slotStart(40, 9), end: slotStart(41, 18) });
      const sooner = await owner(server.url, 'POST', '', { start: slotStart(35, 9), end: slotStart(35, 12) });
      const far = await owner(server.url, 'POST', '', { start: slotStart(150, 9), end: slotStart(150, 12) });
      for (const r of [later, sooner, far]) assert.equal(r.status, 201, r.text);

      const ranged = await owner(server.url, 'GET', `?from=${dayFromToday(34)}&to=${dayFromToday(41)}`);
      assert.equal(ranged.status, 200, ranged.text);
      assert.deepEqual(ranged.body, { timeOff: [sooner.body.timeOff, later.body.timeOff] });
      // Overlapping, not only starting in it: a range that begins inside the two-day one still lists it.
      const overlapping = await owner(
        server.url,
        'GET',
        `?from=${encodeURIComponent(slotStart(41, 12))}&to=${dayFromToday(45)}`,
      );
      assert.deepEqual(overlapping.body, { timeOff: [later.body.timeOff] });

      const byDefault = await owner(server.url, 'GET');
      assert.equal(byDefault.status, 200, byDefault.text);
      const ids = byDefault.body.timeOff.map((t: { id: string }) => t.id);
      assert.ok(ids.includes(sooner.body.timeOff.id) && ids.includes(later.body.timeOff.id));
      assert.ok(!ids.includes(far.body.timeOff.id), '150 days ahead is beyond the default 92');
      const starts = byDefault.body.timeOff.map((t: { start: string }) => t.start);
      assert.deepEqual(starts, [...starts].sort(), 'sorted by start');

      const bad = await owner(server.url, 'GET', '?from=next-week');
      assertError(bad, 400, 'invalid_request');
      assert.ok(bad.body.error.fields.from);
    });

    test('deleting an unknown id (or one already deleted) is 404 unknown_time_off', async () => {
      assertError(await owner(server.url, 'DELETE', '/to_nothing'), 404, 'unknown_time_off');
      assertError(await owner(server.url, 'DELETE', `/${'x'.repeat(100)}`), 404, 'unknown_time_off');
      const made = await owner(server.url, 'POST', '', { start: slotStart(50, 9), end: slotStart(50, 10) });
      assert.equal((await owner(server.url, 'DELETE', `/${made.body.timeOff.id}`)).status, 200);
      const state = await written(server.db);
      assertError(await owner(server.url, 'DELETE', `/${made.body.timeOff.id}`), 404, 'unknown_time_off');
      assert.equal(await written(server.db), state, 'a refused delete raises no calendar version');
    });

    test('bad input is 400 invalid_request naming the field, with a message a person understands, and writes nothing', async () => {
      const day = dayFromToday(60);
      const cases: [string, Record<string, unknown>, string, RegExp][] = [
        ['end before start', { start: slotStart(60, 14), end: slotStart(60, 13) }, 'end', /after the start/],
        ['end equal to start', { start: slotStart(60, 14), end: slotStart(60, 14) }, 'end', /after the start/],
        ['longer than 366 days', { start: `${day}T09:00`, end: `${addDays(day, 367)}T09:00` }, 'end', /366 days/],
        ['a malformed start', { start: 'tomorrow afternoon', end: slotStart(60, 17) }, 'start', /2026-12-14T13:00/],
        ['a day that does not exist', { start: slotStart(60, 13), end: '2027-02-30T17:00' }, 'end', /2026-12-14T13:00/],
        ['an hour that does not exist', { start: `${day}T25:00`, end: slotStart(60, 17) }, 'start', /2026-12-14T13:00/],
        ['no end', { start: slotStart(60, 13) }, 'end', /required/],
        ['a number for a start', { start: 1_700_000_000_000, end: slotStart(60, 17) }, 'start', /string/],
        [
          'a reason over 200 characters',
          { start: slotStart(60, 13), end: slotStart(60, 17), reason: 'x'.repeat(201) },
          'reason',
          /at most 200/,
        ],
        ['an unknown field', { start: slotStart(60, 13), end: slotStart(60, 17), all: true }, 'all', /Unknown/],
      ];
      const state = await written(server.db);
      for (const [what, body, field, message] of cases) {
        const refused = await owner(server.url, 'POST', '', body);
        assertError(refused, 400, 'invalid_request');
        assert.match(refused.body.error.fields?.[field] ?? '', message, `${what}: ${refused.text}`);
      }
      assert.equal(await written(server.db), state, 'nothing written, no calendar version raised');
      // 366 days exactly is allowed.
      const longest = await owner(server.url, 'POST', '', { start: `${day}T09:00`, end: `${addDays(day, 366)}T09:00` });
      assert.equal(longest.status, 201, longest.text);
      assert.equal((await owner(server.url, 'DELETE', `/${longest.body.timeOff.id}`)).status, 200);
    });

    test('only the owner: 401 without the bearer token or with a wrong one, nothing written', async () => {
      const state = await written(server.db);
      const body = { start: slotStart(70, 13), end: slotStart(70, 17) };
      for (const headers of [{}, { Authorization: 'Bearer wrong-token' }] as Record<string, string>[]) {
        assertError(await owner(server.url, 'POST', '', body, headers), 401, 'unauthorized');
        assertError(await owner(server.url, 'GET', '', undefined, headers), 401, 'unauthorized');
        assertError(await owner(server.url, 'DELETE', '/to_x', undefined, headers), 401, 'unauthorized');
      }
      assertError(await owner(server.url, 'POST', '', body, {}, '/admin/api'), 401, 'unauthorized');
      assert.equal(await written(server.db), state);
    });

    test('Idempotency-Key: a replay answers the first answer with Idempotent-Replayed and writes no second row', async () => {
      const body = { start: slotStart(72, 13), end: slotStart(72, 17), reason: 'Race day' };
      const keyed = { ...admin, 'Idempotency-Key': `off-${dialect}-1` };
      const first = await owner(server.url, 'POST', '', body, keyed);
      assert.equal(first.status, 201, first.text);
      assert.equal(first.headers.get('Idempotent-Replayed'), null);
      const state = await written(server.db);
      // The same key and body again (a retry after a lost answer), through either prefix: the first answer, no row.
      for (const prefix of ['/api/v1/owner', '/admin/api']) {
        const again = await owner(server.url, 'POST', '', body, keyed, prefix);
        assert.equal(again.status, 201, again.text);
        assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
        assert.equal(again.headers.get('Cache-Control'), 'no-store');
        assert.equal(again.text, first.text, 'the first answer, byte for byte');
      }
      assert.equal(await written(server.db), state, 'no second row, no calendar version raised');
      // The key for another time off: 422; a malformed key: 400 naming the header; both write nothing.
      const other = { start: slotStart(73, 13), end: slotStart(73, 17) };
      assertError(await owner(server.url, 'POST', '', other, keyed), 422, 'idempotency_key_reused');
      const bad = await owner(server.url, 'POST', '', other, { ...admin, 'Idempotency-Key': 'has space' });
      assertError(bad, 400, 'invalid_request');
      assert.ok(bad.body.error.fields['Idempotency-Key']);
      assert.equal(await written(server.db), state);
      // A refusal leaves the key unclaimed: fixed, the same key then makes the time off.
      const fresh = { ...admin, 'Idempotency-Key': `off-${dialect}-2` };
      const wrong = await owner(server.url, 'POST', '', { start: slotStart(74, 17), end: slotStart(74, 13) }, fresh);
      assertError(wrong, 400, 'invalid_request');
      const fixed = await owner(server.url, 'POST', '', { start: slotStart(74, 13), end: slotStart(74, 17) }, fresh);
      assert.equal(fixed.status, 201, fixed.text);
      for (const id of [first.body.timeOff.id, fixed.body.timeOff.id]) {
        assert.equal((await owner(server.url, 'DELETE', `/${id}`)).status, 200);
      }
    });
  });

  // B is another OS process (`soleus serve`), as when several server processes share one database.
  describe(`time off with two server processes on one ${dialect} database`, () => {
    let a: TestServer;
    let b: Awaited<ReturnType<typeof spawnServer>>;
    before(async () => {
      a = await startTestServer(dialect);
      b = await spawnServer(a.database.url, a.practiceFile);
    });
    after(async () => {
      await b?.stop();
      await a?.close();
    });

    test("time off made through A leaves B's availability at once; deleted through B, A offers the slots again", async () => {
      const day = dayFromToday(30);
      const from = Date.parse(slotStart(30, 13));
      const to = Date.parse(slotStart(30, 17));
      const beforeA = await availableStarts(a.url, 's30', day);
      const beforeB = await availableStarts(b.url, 's30', day);
      assert.deepEqual(beforeB, beforeA);
      assert.ok(beforeB.includes(from));

      const made = await owner(a.url, 'POST', '', { start: slotStart(30, 13), end: slotStart(30, 17) });
      assert.equal(made.status, 201, made.text);
      const expected = beforeB.filter((start) => !s30Touches(start, from, to));
      assert.deepEqual(await availableStarts(b.url, 's30', day), expected, 'B, which had the old answer cached');
      assertError(await postBooking(b.url, bookingBody('s30', slotStart(30, 14))), 409, 'slot_unavailable');
      assert.deepEqual((await owner(b.url, 'GET', `?from=${day}&to=${day}`)).body, { timeOff: [made.body.timeOff] });

      assert.equal((await owner(b.url, 'DELETE', `/${made.body.timeOff.id}`)).status, 200);
      assert.deepEqual(await availableStarts(a.url, 's30', day), beforeA);
      assert.deepEqual(await availableStarts(b.url, 's30', day), beforeB);
    });
  });
}
