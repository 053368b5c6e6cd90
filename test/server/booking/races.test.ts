/**
 * Races on a real listening server, per dialect: many parallel posts for one slot, overlapping slots of different
 * services, buffers, and all-or-nothing series. The database must refuse every double booking, never a 5xx.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { dialectsUnderTest } from '../support/databases.js';
import {
  assertError,
  availableStarts,
  blockOf,
  bookingBody,
  confirmedRows,
  countConfirmed,
  countRows,
  dayFromToday,
  manage,
  MINUTE_MS,
  sameOffset,
  mentionsInstant,
  overlaps,
  postBooking,
  PRACTITIONER_ID,
  read,
  slotStart,
  startTestServer,
  tally,
  wallToInstant,
  weeklyRunWithoutDst,
  assertNoOverlap,
  type Reply,
  type ServiceId,
  type TestServer,
} from '../support/booking.js';

const ROUNDS = 10;

function assertCreated(reply: Reply, service: ServiceId, startMs: number): void {
  assert.equal(reply.status, 201, reply.text);
  const { booking, manageToken } = reply.body;
  assert.equal(typeof booking.id, 'string');
  assert.equal(booking.status, 'confirmed');
  assert.equal(booking.serviceId, service);
  assert.equal(Date.parse(booking.start), startMs, `start ${booking.start}`);
  const minutes = service === 's30' ? 30 : 60;
  assert.equal(Date.parse(booking.end), startMs + minutes * MINUTE_MS, `end ${booking.end} (buffers are not shown)`);
  assert.equal(typeof manageToken, 'string');
  assert.ok(manageToken.length >= 22, 'manage token carries at least 128 bits');
}

const client = (i: number) => ({ name: `Racer ${i}`, email: `racer${i}@example.com` });

for (const dialect of dialectsUnderTest()) {
  describe(`booking races on a real server (${dialect})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => {
      await t?.close();
    });

    test(`200 parallel posts for one slot: one 201, 199 × 409 slot_unavailable, one row (${ROUNDS} rounds)`, async (ctx) => {
      for (let round = 0; round < ROUNDS; round++) {
        const start = slotStart(10 + round);
        const ms = Date.parse(start);
        const replies = await Promise.all(
          Array.from({ length: 200 }, (_, i) => postBooking(t.url, bookingBody('s30', start, { client: client(i) }))),
        );
        const counts = tally(replies);
        assert.deepEqual(counts, { 201: 1, 409: 199 }, `round ${round}: ${JSON.stringify(counts)}`);
        assertCreated(
          replies.find((r) => r.status === 201)!,
          's30',
          ms,
        );
        for (const r of replies.filter((r) => r.status === 409)) {
          assertError(r, 409, 'slot_unavailable');
          assert.ok(mentionsInstant(r.body, ms), `the 409 names the conflicting start ${start}: ${r.text}`);
        }
        assert.equal(await countConfirmed(t.db, ms), 1, `round ${round}: one confirmed row`);
        const all = await sql<{ n: number }>`select count(*) as n from bookings where start_ms = ${ms}`.execute(t.db);
        assert.equal(Number(all.rows[0]!.n), 1, `round ${round}: nothing else written for the slot`);
      }
      if (dialect === 'postgres') {
        // Deadlocks between concurrent inserts are retried by the server; each costs PostgreSQL's deadlock_timeout.
        const stats = await sql<{
          deadlocks: number;
        }>`select deadlocks from pg_stat_database where datname = current_database()`.execute(t.db);
        ctx.diagnostic(`PostgreSQL deadlocks so far in this database: ${Number(stats.rows[0]?.deadlocks ?? 0)}`);
      }
      assertNoOverlap(await confirmedRows(t.db));
    });

    if (dialect === 'postgres') {
      test('a writer that holds an overlapping uncommitted row and then rolls back does not jam the server (3 rounds)', async () => {
        // Any transaction that aborts after inserting (a series refused on a later occurrence, a deadlock victim)
        // leaves the inserts that waited on its row to wake together; they must not deadlock each other into 5xx.
        // Its own server: a jammed one must not spill into the other tests.
        const own = await startTestServer(dialect);
        const outside = new pg.Client({ connectionString: own.database.url });
        await outside.connect();
        try {
          for (let round = 0; round < 3; round++) {
            const ms = wallToInstant(dayFromToday(90 + round), 10, 0);
            const [blockStart, blockEnd] = blockOf('s30', ms);
            await outside.query('begin');
            await outside.query(
              `insert into bookings (id, practitioner_id, service_id, status, start_ms, end_ms, block_start_ms, block_end_ms,
                 client_name, client_email, client_time_zone, manage_token_hash, created_at, updated_at)
               values ($1, $2, 's30', 'confirmed', $3, $4, $5, $6, 'Outside', 'outside@example.com', 'Europe/London', 'x', 'now', 'now')`,
              [`outside_${round}`, PRACTITIONER_ID, ms, ms + 30 * MINUTE_MS, blockStart, blockEnd],
            );
            const started = Date.now();
            const pending = Promise.all(
              Array.from({ length: 200 }, async () => {
                try {
                  const res = await fetch(`${own.url}/api/v1/bookings`, {
                    method: 'POST',
                    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
                    body: JSON.stringify(bookingBody('s30', new Date(ms).toISOString())),
                    signal: AbortSignal.timeout(30_000),
                  });
                  return await read(res);
                } catch (error) {
                  return { status: 0, headers: new Headers(), body: undefined, text: String(error) } satisfies Reply;
                }
              }),
            );
            await sleep(300);
            await outside.query('rollback');
            const replies = await pending;
            const counts = tally(replies);
            assert.deepEqual(
              counts,
              { 201: 1, 409: 199 },
              `round ${round} after ${Date.now() - started} ms: ${JSON.stringify(counts)} ${replies.find((r) => r.status !== 201 && r.status !== 409)?.text ?? ''}`,
            );
            assert.equal(await countConfirmed(own.db, ms), 1);
          }
        } finally {
          await outside.query('rollback').catch(() => {});
          await outside.end();
          await own.close();
        }
      });
    }

    test(`overlapping slots of different services: exactly one wins (${ROUNDS} rounds)`, async () => {
      // Every candidate's held time [start − 10 min, end + 10 min) contains 10:20 London, so any two overlap.
      const candidates: [ServiceId, number, number][] = [
        ['s30', 9, 45],
        ['s30', 10, 0],
        ['s30', 10, 15],
        ['s60', 9, 30],
        ['s60', 10, 0],
        ['s60', 10, 15],
      ];
      for (let round = 0; round < ROUNDS; round++) {
        const day = dayFromToday(30 + round);
        const marker = wallToInstant(day, 10, 20);
        const posts = candidates.flatMap(([service, h, m], c) => {
          const startMs = wallToInstant(day, h, m);
          assert.ok(overlaps(blockOf(service, startMs), [marker, marker + 1]));
          return Array.from({ length: 10 }, (_, i) => ({ service, startMs, i: c * 10 + i }));
        });
        const replies = await Promise.all(
          posts.map((p) =>
            postBooking(t.url, bookingBody(p.service, new Date(p.startMs).toISOString(), { client: client(p.i) })),
          ),
        );
        const counts = tally(replies);
        assert.deepEqual(counts, { 201: 1, 409: posts.length - 1 }, `round ${round}: ${JSON.stringify(counts)}`);
        const winner = replies.findIndex((r) => r.status === 201);
        assertCreated(replies[winner]!, posts[winner]!.service, posts[winner]!.startMs);
        for (const r of replies.filter((r) => r.status === 409)) assertError(r, 409, 'slot_unavailable');
        const rows = (await confirmedRows(t.db)).filter(
          (r) => r.start_ms >= wallToInstant(day, 0, 0) && r.start_ms < wallToInstant(day, 23, 0),
        );
        assert.equal(rows.length, 1, `round ${round}: one confirmed row on ${day}`);
        assert.equal(rows[0]!.id, replies[winner]!.body.booking.id);
      }
      assertNoOverlap(await confirmedRows(t.db));
    });

    test('buffers hold time: the slots around a booking disappear from availability and are refused', async () => {
      const day = dayFromToday(60);
      const at = (h: number, m: number) => wallToInstant(day, h, m);
      const iso = (ms: number) => new Date(ms).toISOString();
      const before30 = new Set(await availableStarts(t.url, 's30', day));
      for (const [h, m] of [
        [9, 0],
        [9, 15],
        [10, 0],
        [10, 45],
        [11, 0],
      ] as const)
        assert.ok(before30.has(at(h, m)), `${h}:${m} offered first`);

      const first = await postBooking(t.url, bookingBody('s30', iso(at(10, 0))));
      assertCreated(first, 's30', at(10, 0));

      // It holds [09:50, 10:40). An s30 at T holds [T − 10, T + 40): blocked for 09:10 < T < 10:50.
      const s30 = new Set(await availableStarts(t.url, 's30', day));
      for (const [h, m] of [
        [9, 15],
        [9, 30],
        [9, 45],
        [10, 0],
        [10, 15],
        [10, 30],
        [10, 45],
      ] as const) {
        assert.ok(!s30.has(at(h, m)), `s30 ${h}:${String(m).padStart(2, '0')} must be gone (buffers overlap)`);
      }
      for (const [h, m] of [
        [9, 0],
        [11, 0],
      ] as const)
        assert.ok(s30.has(at(h, m)), `s30 ${h}:${String(m).padStart(2, '0')} still offered`);
      // An s60 at T holds [T − 10, T + 70): blocked for 08:40 < T < 10:50.
      const s60 = new Set(await availableStarts(t.url, 's60', day));
      for (const [h, m] of [
        [8, 45],
        [9, 0],
        [9, 45],
        [10, 45],
      ] as const) {
        assert.ok(!s60.has(at(h, m)), `s60 ${h}:${String(m).padStart(2, '0')} must be gone (buffers overlap)`);
      }
      for (const [h, m] of [
        [8, 30],
        [11, 0],
      ] as const)
        assert.ok(s60.has(at(h, m)), `s60 ${h}:${String(m).padStart(2, '0')} still offered`);

      // 10:45 ends at 11:15, but its 10-minute buffer before (10:35) overlaps the first booking's buffer after (10:40).
      const late = await postBooking(t.url, bookingBody('s30', iso(at(10, 45))));
      assertError(late, 409, 'slot_unavailable');
      const early = await postBooking(t.url, bookingBody('s60', iso(at(8, 45))));
      assertError(early, 409, 'slot_unavailable');
      const rowsBefore = await countRows(t.db);
      assertCreated(await postBooking(t.url, bookingBody('s30', iso(at(11, 0)))), 's30', at(11, 0));
      assertCreated(await postBooking(t.url, bookingBody('s60', iso(at(8, 30)))), 's60', at(8, 30));
      assert.equal(await countRows(t.db), rowsBefore + 2);
      assertNoOverlap(await confirmedRows(t.db));
    });

    test('a series with taken occurrences is refused whole, naming the conflicting starts; a free one is booked whole', async () => {
      const base = weeklyRunWithoutDst(70, 4);
      const days = [0, 7, 14, 21].map((k) => dayFromToday(base + k));
      const at = (i: number, h: number) => wallToInstant(days[i]!, h, 0);

      // The 3rd occurrence is taken.
      assertCreated(await postBooking(t.url, bookingBody('s30', new Date(at(2, 10)).toISOString())), 's30', at(2, 10));
      const rows = await countRows(t.db);
      const refused = await postBooking(
        t.url,
        bookingBody('s30', new Date(at(0, 10)).toISOString(), { series: { everyWeeks: 1, count: 4 } }),
      );
      assertError(refused, 409, 'slot_unavailable');
      assert.ok(
        mentionsInstant(refused.body, at(2, 10)),
        `409 names ${new Date(at(2, 10)).toISOString()}: ${refused.text}`,
      );
      for (const i of [0, 1, 3])
        assert.ok(!mentionsInstant(refused.body, at(i, 10)), `409 names only conflicting starts: ${refused.text}`);
      assert.equal(await countRows(t.db), rows, 'nothing written');
      assert.ok(
        (await availableStarts(t.url, 's30', days[0]!)).includes(at(0, 10)),
        'the first occurrence is still free',
      );

      // The 2nd and 4th are taken: both named.
      assertCreated(await postBooking(t.url, bookingBody('s60', new Date(at(1, 14)).toISOString())), 's60', at(1, 14));
      assertCreated(await postBooking(t.url, bookingBody('s30', new Date(at(3, 14)).toISOString())), 's30', at(3, 14));
      const rows2 = await countRows(t.db);
      const refused2 = await postBooking(
        t.url,
        bookingBody('s30', new Date(at(0, 14)).toISOString(), { series: { everyWeeks: 1, count: 4 } }),
      );
      assertError(refused2, 409, 'slot_unavailable');
      for (const i of [1, 3])
        assert.ok(
          mentionsInstant(refused2.body, at(i, 14)),
          `409 names ${new Date(at(i, 14)).toISOString()}: ${refused2.text}`,
        );
      assert.equal(await countRows(t.db), rows2, 'nothing written');

      // A free series: every occurrence booked, sharing one series id.
      const made = await postBooking(
        t.url,
        bookingBody('s30', new Date(at(0, 12)).toISOString(), { series: { everyWeeks: 1, count: 4 } }),
      );
      assertCreated(made, 's30', at(0, 12));
      const series = made.body.booking.series as { id: string; start: string; end: string }[];
      assert.ok(Array.isArray(series), made.text);
      assert.deepEqual(
        series.map((s) => Date.parse(s.start)),
        [0, 1, 2, 3].map((i) => at(i, 12)),
      );
      assert.deepEqual(
        series.map((s) => Date.parse(s.end)),
        [0, 1, 2, 3].map((i) => at(i, 12) + 30 * MINUTE_MS),
      );
      const stored = await sql<{ series_id: string | null; start_ms: number }>`select series_id, start_ms from bookings
        where status = 'confirmed' and start_ms in (${sql.join([0, 1, 2, 3].map((i) => at(i, 12)))})`.execute(t.db);
      assert.equal(stored.rows.length, 4);
      assert.ok(stored.rows[0]!.series_id, 'series id stored');
      assert.ok(stored.rows.every((r) => r.series_id === stored.rows[0]!.series_id));
      assertNoOverlap(await confirmedRows(t.db));
    });

    test('a weekly series across a daylight-saving change keeps its London wall time', async () => {
      // The first day from 11 days ahead whose UTC offset differs from the day before's.
      let change = 11;
      while (sameOffset([dayFromToday(change - 1), dayFromToday(change)]) && change < 230) change++;
      const days = [-10, -3, 4, 11].map((k) => dayFromToday(change + k));
      const expected = days.map((d) => wallToInstant(d, 11, 0));
      assert.ok(!sameOffset(days), `the run ${days.join(', ')} crosses a change`);
      const made = await postBooking(
        t.url,
        bookingBody('s30', new Date(expected[0]!).toISOString(), { series: { everyWeeks: 1, count: 4 } }),
      );
      assert.equal(made.status, 201, made.text);
      const series = made.body.booking.series as { start: string; end: string }[];
      assert.deepEqual(
        series.map((o) => o.start),
        expected.map((ms) => new Date(ms).toISOString()),
        `every occurrence at 11:00 ${days.join(', ')} London`,
      );
      assert.deepEqual(
        series.map((o) => Date.parse(o.end) - Date.parse(o.start)),
        [1, 2, 3, 4].map(() => 30 * MINUTE_MS),
      );
    });

    test('parallel reschedules of different bookings into one slot: exactly one moves (5 rounds)', async () => {
      for (let round = 0; round < 5; round++) {
        const day = dayFromToday(150 + 2 * round);
        const made: Reply[] = [];
        for (let i = 0; i < 16; i++) {
          // 04:00 … 19:00, clear of any daylight-saving change
          const reply = await postBooking(
            t.url,
            bookingBody('s30', new Date(wallToInstant(day, 4 + i, 0)).toISOString()),
          );
          assert.equal(reply.status, 201, reply.text);
          made.push(reply);
        }
        const target = wallToInstant(dayFromToday(151 + 2 * round), 10, 0);
        const replies = await Promise.all(
          made.map((m) =>
            manage(t.url, m.body.booking.id, m.body.manageToken, 'reschedule', {
              start: new Date(target).toISOString(),
            }),
          ),
        );
        assert.deepEqual(tally(replies), { 200: 1, 409: 15 }, `round ${round}`);
        for (const r of replies.filter((r) => r.status === 409)) assertError(r, 409, 'slot_unavailable');
        const moved = replies.find((r) => r.status === 200)!;
        assert.equal(Date.parse(moved.body.booking.start), target);
        assert.equal(await countConfirmed(t.db, target), 1);
        const left = (await confirmedRows(t.db)).filter(
          (r) => r.start_ms >= wallToInstant(day, 0, 0) && r.start_ms <= wallToInstant(day, 23, 0),
        );
        assert.equal(left.length, 15, 'the moved booking left its old time; the others kept theirs');
      }
      assertNoOverlap(await confirmedRows(t.db));
    });

    test(`a series racing single posts on its occurrences: all of the series or none of it (${ROUNDS} rounds)`, async (ctx) => {
      const base = weeklyRunWithoutDst(110, 4);
      const days = [0, 7, 14, 21].map((k) => dayFromToday(base + k));
      let seriesWon = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const hour = 7 + round;
        const starts = days.map((d) => wallToInstant(d, hour, 0));
        const series = () =>
          postBooking(
            t.url,
            bookingBody('s30', new Date(starts[0]!).toISOString(), { series: { everyWeeks: 1, count: 4 } }),
          );
        const singles = [1, 2, 3].flatMap((occ) =>
          Array.from(
            { length: 8 },
            (_, i) => () =>
              postBooking(
                t.url,
                bookingBody('s30', new Date(starts[occ]!).toISOString(), { client: client(occ * 10 + i) }),
              ),
          ),
        );
        // The series post goes out first, in the middle or last among the singles, so both outcomes happen.
        const at = [0, 12, 24][round % 3]!;
        const tasks = [...singles.slice(0, at), series, ...singles.slice(at)];
        const replies = await Promise.all(tasks.map((f) => f()));
        const seriesReply = replies[at]!;
        const singleReplies = [...replies.slice(0, at), ...replies.slice(at + 1)];
        assert.ok([201, 409].includes(seriesReply.status), seriesReply.text);
        for (const r of singleReplies) assert.ok([201, 409].includes(r.status), r.text);
        const rows = await sql<{ start_ms: number; series_id: string | null }>`select start_ms, series_id from bookings
          where status = 'confirmed' and start_ms in (${sql.join(starts)})`.execute(t.db);
        if (seriesReply.status === 201) {
          seriesWon++;
          assert.equal(
            singleReplies.filter((r) => r.status === 201).length,
            0,
            `round ${round}: no single beside a won series`,
          );
          assert.equal(rows.rows.length, 4);
          assert.ok(rows.rows.every((r) => r.series_id && r.series_id === rows.rows[0]!.series_id));
        } else {
          assertError(seriesReply, 409, 'slot_unavailable');
          assert.ok(
            starts.slice(1).some((s) => mentionsInstant(seriesReply.body, s)),
            seriesReply.text,
          );
          assert.equal(
            singleReplies.filter((r) => r.status === 201).length,
            3,
            `round ${round}: one single per free occurrence`,
          );
          assert.equal(rows.rows.length, 3, `round ${round}: no row of the refused series`);
          assert.ok(rows.rows.every((r) => r.series_id === null));
          assert.ok(!rows.rows.some((r) => Number(r.start_ms) === starts[0]), 'first occurrence left free');
        }
      }
      ctx.diagnostic(`the series won ${seriesWon} of ${ROUNDS} rounds`);
      assertNoOverlap(await confirmedRows(t.db));
    });
  });
}
