import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createApp } from '../../../src/server/app.js';
import { bumpCalendarVersion, calendarStamp, freshCalendarStamp } from '../../../src/server/booking/store.js';
import type { OpenDatabase } from '../../../src/server/db/index.js';
import { dialectsUnderTest, migratedDatabase } from '../support/databases.js';
import { demoPractice } from '../support/practice.js';
import { checked } from '../support/contract.js';

const ADMIN = 'owner-token-0123456789abcdef';
const FEED = 'feed-token-0123456789abcdef';

for (const dialect of dialectsUnderTest()) {
  describe(`booking routes (${dialect})`, () => {
    let open: OpenDatabase;
    let now = new Date('2026-06-01T07:00:00Z'); // Monday 08:00 in London (BST)
    // Mail the requests wrote to the outbox since the last clearSent() (reminders, due later, left out).
    let seen = 0;
    const sent = async () =>
      open.db
        .selectFrom('mail_outbox')
        .select(['id', 'to'])
        .where('id', '>', seen)
        .where((eb) => eb.or([eb('ref', 'is', null), eb('ref', 'not like', 'reminder:%')]))
        .execute();
    const clearSent = async () => {
      const top = await open.db
        .selectFrom('mail_outbox')
        .select(({ fn }) => fn.max('id').as('id'))
        .executeTakeFirst();
      seen = Number(top?.id ?? 0);
    };
    let app: ReturnType<typeof createApp>;

    before(async () => {
      open = await migratedDatabase(dialect);
      app = checked(
        createApp({
          config: {
            allowedOrigins: [],
            publicUrl: 'https://book.example.com',
            production: false,
            adminToken: ADMIN,
            feedToken: FEED,
            bookingRateLimit: 1000,
          },
          practice: demoPractice(),
          db: open.db,
          dialect: open.dialect,
          mailer: { mode: 'outbox', send: async () => ({ status: 'not_sent', reason: 'test' }), close() {} },
          now: () => now,
          logError: (message, error) => console.error(message, error),
        }),
      );
    });
    after(async () => {
      await open?.close();
    });
    beforeEach(async () => {
      now = new Date('2026-06-01T07:00:00Z');
      await clearSent();
      await open.db.deleteFrom('bookings').execute();
      await open.db.deleteFrom('idempotency_keys').execute();
      await bumpCalendarVersion(open.db, 'jim'); // rows deleted behind the server's back: cached availability is stale
    });

    const counts = async () => {
      const b = await sql<{ n: number }>`select count(*) as n from bookings`.execute(open.db);
      const k = await sql<{ n: number }>`select count(*) as n from idempotency_keys`.execute(open.db);
      return { bookings: Number(b.rows[0]!.n), keys: Number(k.rows[0]!.n) };
    };
    let keyCounter = 0;
    const post = (body: unknown, key: string | null = `key-${++keyCounter}`, headers: Record<string, string> = {}) =>
      app.request('/api/v1/bookings', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(key === null ? {} : { 'Idempotency-Key': key }),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const valid = (over: Record<string, unknown> = {}) => ({
      serviceId: 'sports-massage-60',
      start: '2026-06-02T08:00:00.000Z', // Tue 09:00 BST
      client: { name: 'Ann Runner', email: 'ann@example.com' },
      timeZone: 'Europe/London',
      ...over,
    });
    const json = async (res: Response) => (await res.json()) as any;

    test('services list the practice offer with prices', async () => {
      const res = await app.request('/api/v1/services');
      assert.equal(res.status, 200);
      const body = await json(res);
      assert.equal(body.services.length, 6);
      assert.deepEqual(Object.keys(body.services[0]).slice(0, 5), [
        'id',
        'name',
        'description',
        'durationMinutes',
        'price',
      ]);
      assert.deepEqual(body.services[1].price, { amount: 6000, currency: 'GBP' });
      // How to reach the practice about a booking too close to change online (an addition to the contract).
      assert.equal(body.practice.phone, '+44 20 7946 0321');
      assert.equal(body.practice.email, 'jim@example.com');
    });

    test('availability returns UTC instants: 09:00 London is 08:00Z in summer and 09:00Z in winter', async () => {
      let res = await app.request('/api/v1/availability?service=sports-massage-60&from=2026-06-02&to=2026-06-02');
      assert.equal(res.status, 200);
      let body = await json(res);
      assert.equal(body.timeZone, 'Europe/London');
      assert.equal(body.slots[0].start, '2026-06-02T08:00:00.000Z');
      assert.equal(body.slots[0].end, '2026-06-02T09:00:00.000Z');
      assert.equal(body.slots.length, 26); // 09:00–12:00 and 14:00–17:00 every 15 minutes
      now = new Date('2026-10-20T12:00:00Z');
      res = await app.request('/api/v1/availability?service=sports-massage-60&from=2026-11-03&to=2026-11-03');
      body = await json(res);
      assert.equal(body.slots[0].start, '2026-11-03T09:00:00.000Z');
    });

    test('a cached availability answer is never stale: a booking or a cancellation shows at once', async () => {
      const url = '/api/v1/availability?service=sports-massage-60&from=2026-06-03&to=2026-06-03';
      const starts = async () =>
        ((await json(await app.request(url))).slots as { start: string }[]).map((s) => s.start);
      const before = await starts();
      assert.deepEqual(await starts(), before, 'the same answer twice');
      const made = await json(await post(valid({ start: '2026-06-03T08:00:00.000Z' })));
      assert.ok(!(await starts()).includes('2026-06-03T08:00:00.000Z'), 'booked time gone at once');
      await app.request(`/api/v1/bookings/${made.booking.id}/cancel`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${made.manageToken}` },
      });
      assert.deepEqual(await starts(), before, 'free again at once');
      // Time passing: at 19:30Z on 2 June the 12-hour notice reaches 07:30Z on 3 June, so nothing changes;
      // at 20:01Z the 08:00Z slot is inside the notice and must disappear although nothing was written.
      now = new Date('2026-06-02T19:59:00Z');
      assert.ok((await starts()).includes('2026-06-03T08:00:00.000Z'));
      now = new Date('2026-06-02T20:01:00Z');
      assert.ok(!(await starts()).includes('2026-06-03T08:00:00.000Z'));
    });

    test('availability days are read in the requested zone', async () => {
      // 2 June in Los Angeles runs from 07:00Z on 2 June to 07:00Z on 3 June: all of Tuesday London's slots.
      const res = await app.request(
        '/api/v1/availability?service=sports-massage-60&from=2026-06-02&to=2026-06-02&timeZone=America/Los_Angeles',
      );
      const body = await json(res);
      assert.equal(body.slots.length, 26);
      const sorted = [...body.slots].sort((a: any, b: any) => a.start.localeCompare(b.start));
      assert.deepEqual(body.slots, sorted);
    });

    test('availability goes brotli- or gzip-compressed to clients that accept it, the same JSON underneath', async () => {
      const url = '/api/v1/availability?service=sports-massage-60&from=2026-06-02&to=2026-08-02';
      const plain = await app.request(url);
      assert.equal(plain.headers.get('content-encoding'), null);
      const text = await plain.text();
      assert.ok(JSON.parse(text).slots.length > 500);
      const cases: [string, string | null][] = [
        ['gzip, deflate, br, zstd', 'br'],
        ['gzip', 'gzip'],
        ['br;q=0, gzip;q=0.5', 'gzip'],
        ['gzip;q=0.2, br;q=0.9', 'br'],
        ['*', 'br'],
        ['*, br;q=0', 'gzip'],
        ['identity', null],
        ['gzip;q=0, br;q=0', null],
        ['deflate', null],
      ];
      for (const [accept, expected] of cases) {
        const res = await app.request(url, { headers: { 'Accept-Encoding': accept } });
        assert.equal(res.status, 200, accept);
        assert.equal(res.headers.get('content-encoding'), expected, accept);
        assert.match(res.headers.get('vary') ?? '', /Accept-Encoding/, accept);
        assert.match(res.headers.get('vary') ?? '', /Origin/, accept);
        const bytes = Buffer.from(await res.arrayBuffer());
        const decoded =
          expected === 'br' ? brotliDecompressSync(bytes) : expected === 'gzip' ? gunzipSync(bytes) : bytes;
        assert.equal(decoded.toString('utf8'), text, accept);
        if (expected)
          assert.ok(
            bytes.length * 10 < Buffer.byteLength(text),
            `${accept}: ${bytes.length} B for ${Buffer.byteLength(text)} B of JSON`,
          );
      }
    });

    test('a burst of availability requests after a calendar change computes the answer once', async () => {
      // Count the busy-time reads (the expensive part of an answer) through a plugin on the same database.
      let busyReads = 0;
      const counting = open.db.withPlugin({
        transformQuery: ({ node }) => {
          if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"bookings"')) busyReads++;
          return node;
        },
        transformResult: async ({ result }) => result,
      });
      const counted = checked(
        createApp({
          config: { allowedOrigins: [], publicUrl: undefined, production: false, bookingRateLimit: 1000 },
          practice: demoPractice(),
          db: counting,
          dialect: open.dialect,
          mailer: { mode: 'outbox', send: async () => ({ status: 'not_sent', reason: 'test' }), close() {} },
          now: () => now,
        }),
      );
      const url = '/api/v1/availability?service=sports-massage-60&from=2026-06-02&to=2026-08-02';
      const burst = async () => {
        const answers = await Promise.all(Array.from({ length: 20 }, async () => (await counted.request(url)).text()));
        assert.equal(new Set(answers).size, 1, 'every request got the same answer');
        return answers[0]!;
      };
      const first = await burst();
      assert.equal(busyReads, 1, 'twenty requests at once: one computation');
      await burst();
      assert.equal(busyReads, 1, 'unchanged calendar: served from the cache');
      await bumpCalendarVersion(open.db, 'jim');
      assert.equal(await burst(), first);
      assert.equal(busyReads, 2, 'after a change: one computation for the whole burst');
      // A refusal is answered to everyone who asked and not kept.
      const bad = await Promise.all(
        Array.from({ length: 3 }, () =>
          counted.request('/api/v1/availability?service=hot-stones&from=2026-06-02&to=2026-06-03'),
        ),
      );
      assert.deepEqual(
        bad.map((r) => r.status),
        [404, 404, 404],
      );
    });

    test('calendar version reads are shared between requests but never older than the request', async () => {
      // Every read of calendar_versions through this view waits at a gate before its rows come back.
      let reads = 0;
      const gates: (() => void)[] = [];
      const gated = open.db.withPlugin({
        transformQuery: ({ node }) => {
          if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"calendar_versions"')) reads++;
          return node;
        },
        transformResult: async ({ result }) => {
          await new Promise<void>((resolve) => gates.push(resolve));
          return result;
        },
      });
      const settle = async () => {
        for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      };
      // A read reaches its gate only after its database round trip, which on a loaded machine takes longer than any
      // fixed number of event-loop turns: wait for it (bounded), then open the gate.
      const atGate = async () => {
        for (let waited = 0; gates.length === 0 && waited < 5000; waited += 5) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        assert.ok(gates.length > 0, 'a read reached its gate within 5 s');
      };
      const openGate = async () => {
        await atGate();
        gates.shift()!();
      };
      const first = freshCalendarStamp(gated);
      await settle();
      assert.equal(reads, 1);
      // A booking commits while that read is under way (on SQLite's single connection it commits as soon as the
      // read gives the connection back, still before the next read); then three requests arrive.
      // On PostgreSQL the read has only been built when `reads` counts it: wait until its answer is back (held at its
      // gate), so the booking commits after the read ran and before it is delivered.
      if (dialect === 'postgres') await atGate();
      const bump = bumpCalendarVersion(open.db, 'jim');
      if (dialect === 'postgres') await bump;
      const later = [freshCalendarStamp(gated), freshCalendarStamp(gated), freshCalendarStamp(gated)];
      await settle();
      assert.equal(reads, 1, 'the later requests wait for the read under way to end');
      await openGate();
      const before = await first;
      await bump;
      await settle();
      assert.equal(reads, 2, 'then one read serves all three');
      await openGate();
      const after = await Promise.all(later);
      assert.deepEqual(new Set(after).size, 1);
      assert.notEqual(after[0], before, 'and it sees the booking committed before they arrived');
      assert.equal(after[0], await calendarStamp(open.db));
    });

    test('availability refuses bad days, zones, wide ranges and unknown services clearly', async () => {
      const cases: [string, number, string, string?][] = [
        ['service=sports-massage-60&from=2026-02-30&to=2026-03-01', 400, 'invalid_request', 'from'],
        ['service=sports-massage-60&from=2026-06-01&to=tomorrow', 400, 'invalid_request', 'to'],
        [
          'service=sports-massage-60&from=2026-06-01&to=2026-06-02&timeZone=Mars/Olympus',
          400,
          'invalid_request',
          'timeZone',
        ],
        ['service=sports-massage-60&from=2026-06-01&to=2026-08-03', 400, 'invalid_request', 'to'],
        ['service=sports-massage-60&from=2026-06-05&to=2026-06-01', 400, 'invalid_request', 'to'],
        ['from=2026-06-01&to=2026-06-02', 400, 'invalid_request', 'service'],
        ['service=hot-stones&from=2026-06-01&to=2026-06-02', 404, 'unknown_service'],
        // The last days a date can hold: refused, not a 500 from the day after 9999-12-31.
        ['service=sports-massage-60&from=9999-12-01&to=9999-12-31', 400, 'invalid_request', 'from'],
        ['service=sports-massage-60&from=0001-01-01&to=0001-01-02', 400, 'invalid_request', 'from'],
      ];
      for (const [query, status, code, field] of cases) {
        const res = await app.request(`/api/v1/availability?${query}`);
        assert.equal(res.status, status, query);
        const body = await json(res);
        assert.equal(body.error.code, code, query);
        assert.ok(body.error.message.length > 10);
        if (field) assert.ok(body.error.fields[field], `${query}: ${JSON.stringify(body)}`);
      }
      const ok = await app.request('/api/v1/availability?service=sports-massage-60&from=2026-06-01&to=2026-08-02');
      assert.equal(ok.status, 200, '62 days apart is allowed');
    });

    test('a booking is made, holds its time with buffers, and appears nowhere else', async () => {
      const res = await post(
        valid({
          client: { name: 'Ann Runner', email: 'ann@example.com', phone: '+44 20 7946 0000' },
          notes: 'Tight left calf',
        }),
      );
      assert.equal(res.status, 201);
      const body = await json(res);
      assert.match(body.booking.id, /^bk_[A-Za-z0-9_-]{22}$/);
      assert.equal(body.booking.status, 'confirmed');
      assert.equal(body.booking.start, '2026-06-02T08:00:00.000Z');
      assert.equal(body.booking.end, '2026-06-02T09:00:00.000Z');
      assert.ok(body.manageToken.length >= 43, 'manage token carries at least 256 bits');
      const row = await open.db.selectFrom('bookings').selectAll().executeTakeFirstOrThrow();
      assert.notEqual(row.manage_token_hash, body.manageToken, 'only a hash is stored');
      assert.equal(row.client_phone, '+44 20 7946 0000');
      // 09:00–10:00 plus 10-minute buffers holds 08:50–10:10. The next booking's own before-buffer may not overlap
      // that, so 10:15 (held from 10:05) is taken and 10:30 (held from 10:20) is the next free start.
      const slots = (
        await json(await app.request('/api/v1/availability?service=sports-massage-60&from=2026-06-02&to=2026-06-02'))
      ).slots.map((s: any) => s.start);
      assert.ok(!slots.includes('2026-06-02T08:00:00.000Z'));
      assert.ok(!slots.includes('2026-06-02T09:00:00.000Z'), '10:00 starts inside the after-buffer');
      assert.ok(!slots.includes('2026-06-02T09:15:00.000Z'));
      assert.ok(slots.includes('2026-06-02T09:30:00.000Z'));
      assert.ok(slots.includes('2026-06-02T06:30:00.000Z') === false, 'nothing before opening');
      assert.equal((await sent()).length, 2, 'a confirmation to the client and a notification to Jim');
      assert.deepEqual((await sent()).map((m) => m.to).sort(), ['ann@example.com', 'jim@example.com']);
    });

    test('a local start is read in the visitor zone; a time the clocks skip is refused', async () => {
      let res = await post(valid({ start: '2026-06-02T09:00' }));
      assert.equal(res.status, 201);
      assert.equal((await json(res)).booking.start, '2026-06-02T08:00:00.000Z');
      now = new Date('2026-03-20T12:00:00Z');
      res = await post(valid({ start: '2026-03-29T01:30' }));
      assert.equal(res.status, 400);
      assert.match((await json(res)).error.fields.start, /does not exist/);
    });

    test('bad input gets 400/404/422 with field messages and writes nothing', async () => {
      const cases: [unknown, number, string, string?][] = [
        [
          valid({ client: { name: 'x'.repeat(10_000), email: 'ann@example.com' } }),
          400,
          'invalid_request',
          'client.name',
        ],
        [valid({ client: { name: 'Ann', email: 'not-an-email' } }), 400, 'invalid_request', 'client.email'],
        [valid({ client: { name: '   ', email: 'ann@example.com' } }), 400, 'invalid_request', 'client.name'],
        [valid({ start: 42 }), 400, 'invalid_request', 'start'],
        [valid({ start: 'next tuesday' }), 400, 'invalid_request', 'start'],
        [valid({ start: '2026-06-02T08:05:00.000Z' }), 400, 'invalid_request', 'start'],
        [valid({ start: '2026-06-07T09:00:00.000Z' }), 400, 'invalid_request', 'start'], // Sunday: closed
        [valid({ timeZone: 'Europe/Atlantis' }), 400, 'invalid_request', 'timeZone'],
        [valid({ series: { everyWeeks: 9, count: 2 } }), 400, 'invalid_request', 'series.everyWeeks'],
        [valid({ series: { everyWeeks: 2, count: 13 } }), 400, 'invalid_request', 'series.count'],
        [valid({ surprise: true }), 400, 'invalid_request', 'surprise'],
        [valid({ serviceId: 'hot-stones' }), 404, 'unknown_service'],
        [valid({ start: '2026-05-01T08:00:00.000Z' }), 422, 'outside_booking_window'], // the past
        [valid({ start: '2026-06-01T13:00:00.000Z' }), 422, 'outside_booking_window'], // inside 12 h notice
        [valid({ start: '2026-10-06T08:00:00.000Z' }), 422, 'outside_booking_window'], // beyond 90 days
        [
          valid({ start: '9999-12-20T10:00:00.000Z', series: { everyWeeks: 8, count: 12 } }),
          422,
          'outside_booking_window',
        ],
        [valid({ start: '9999-12-31T10:00:00.000Z' }), 422, 'outside_booking_window'], // the last day a date can hold
        [valid({ start: '9999-12-31T23:00:00.000Z' }), 400, 'invalid_request', 'start'], // after hours that day
        [valid({ start: '9999-12-31T23:59:59Z' }), 400, 'invalid_request', 'start'], // the last second (was a 500)
        ['{"serviceId":', 400, 'invalid_json'],
      ];
      for (const [body, status, code, field] of cases) {
        const res = await post(body);
        const answer = await json(res);
        assert.equal(res.status, status, JSON.stringify(answer));
        assert.equal(answer.error.code, code, JSON.stringify(answer));
        if (field) assert.ok(answer.error.fields?.[field], `${field} in ${JSON.stringify(answer)}`);
      }
      assert.deepEqual(await counts(), { bookings: 0, keys: 0 });
      const missing = await post(valid(), null);
      assert.equal(missing.status, 400);
      assert.equal((await json(missing)).error.code, 'idempotency_key_required');
      assert.equal((await post(valid(), 'x'.repeat(256))).status, 400);
      assert.equal((await post(valid(), 'has space')).status, 400);
      assert.deepEqual(await counts(), { bookings: 0, keys: 0 });
      assert.equal((await sent()).length, 0);
    });

    test('a taken slot is 409 slot_unavailable; a series is all-or-nothing and names the clashes', async () => {
      assert.equal((await post(valid({ start: '2026-06-16T08:00:00.000Z' }))).status, 201);
      const clash = await post(valid());
      assert.equal(clash.status, 201);
      const again = await post(valid());
      assert.equal(again.status, 409);
      assert.equal((await json(again)).error.code, 'slot_unavailable');
      const series = await post(valid({ start: '2026-06-09T08:00:00.000Z', series: { everyWeeks: 1, count: 3 } }));
      assert.equal(series.status, 409);
      const body = await json(series);
      assert.equal(body.error.code, 'slot_unavailable');
      assert.deepEqual(body.error.conflicts, ['2026-06-16T08:00:00.000Z']);
      assert.deepEqual(await counts(), { bookings: 2, keys: 2 });
      // A series, too, stays within the 90-day horizon: the occurrences past it are the clashes.
      const long = await post(valid({ start: '2026-06-23T08:00:00.000Z', series: { everyWeeks: 4, count: 5 } }));
      assert.equal(long.status, 409);
      assert.deepEqual((await json(long)).error.conflicts, ['2026-09-15T08:00:00.000Z', '2026-10-13T08:00:00.000Z']);
      assert.deepEqual(await counts(), { bookings: 2, keys: 2 });
    });

    test('a series keeps the local time across the clock change and shares one manage token', async () => {
      now = new Date('2026-10-01T12:00:00Z');
      // Tuesdays at 09:00 London, every 2 weeks from 20 Oct (BST) past 25 Oct (GMT).
      const res = await post(valid({ start: '2026-10-20T08:00:00.000Z', series: { everyWeeks: 2, count: 3 } }));
      assert.equal(res.status, 201);
      const body = await json(res);
      assert.deepEqual(
        body.booking.series.map((s: any) => s.start),
        ['2026-10-20T08:00:00.000Z', '2026-11-03T09:00:00.000Z', '2026-11-17T09:00:00.000Z'],
      );
      for (const occurrence of body.booking.series) {
        const view = await app.request(`/api/v1/bookings/${occurrence.id}`, {
          headers: { Authorization: `Bearer ${body.manageToken}` },
        });
        assert.equal(view.status, 200);
      }
      const view = await json(
        await app.request(`/api/v1/bookings/${body.booking.id}`, {
          headers: { Authorization: `Bearer ${body.manageToken}` },
        }),
      );
      assert.equal(view.booking.series.length, 3);
      assert.equal(
        (await sent()).filter((m) => m.to === 'ann@example.com').length,
        1,
        'one confirmation for the whole series',
      );
    });

    test('manage: wrong or missing tokens look exactly like unknown ids; view, ics, reschedule and cancel work', async () => {
      const made = await json(await post(valid()));
      const id = made.booking.id;
      const auth = { Authorization: `Bearer ${made.manageToken}` };
      for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: made.manageToken }] as Record<
        string,
        string
      >[]) {
        const res = await app.request(`/api/v1/bookings/${id}`, { headers });
        assert.equal(res.status, 404);
        const unknown = await app.request(`/api/v1/bookings/bk_doesnotexist`, { headers });
        assert.deepEqual(await json(res), await json(unknown));
      }
      const view = await json(await app.request(`/api/v1/bookings/${id}`, { headers: auth }));
      assert.equal(view.booking.start, '2026-06-02T08:00:00.000Z');
      assert.equal(view.booking.changeable, true);
      assert.deepEqual(
        [view.booking.practice.phone, view.booking.practice.email],
        ['+44 20 7946 0321', 'jim@example.com'],
      );

      const ics = await app.request(
        `/api/v1/bookings/${id}/calendar.ics?token=${encodeURIComponent(made.manageToken)}`,
      );
      assert.equal(ics.status, 200);
      assert.match(ics.headers.get('Content-Type')!, /^text\/calendar/);
      const text = await ics.text();
      assert.match(text, /METHOD:PUBLISH/);
      assert.match(text, /DTSTART:20260602T080000Z/);
      assert.equal((await app.request(`/api/v1/bookings/${id}/calendar.ics?token=nope`)).status, 404);

      await clearSent();
      const stranger = await app.request(`/api/v1/bookings/${id}/reschedule`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ start: '2026-06-03T08:00:00.000Z' }),
      });
      assert.equal(stranger.status, 404);
      const moved = await app.request(`/api/v1/bookings/${id}/reschedule`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth },
        body: JSON.stringify({ start: '2026-06-02T08:30:00.000Z' }), // overlaps its own old time: allowed
      });
      assert.equal(moved.status, 200, JSON.stringify(await moved.clone().json()));
      assert.equal((await json(moved)).booking.start, '2026-06-02T08:30:00.000Z');
      assert.equal((await sent()).length, 2);
      const row = await open.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(Number(row.sequence), 1);

      // Another booking takes 11:00; moving onto it is refused and the first keeps its time.
      const other = await json(await post(valid({ start: '2026-06-02T10:00:00.000Z' })));
      assert.ok(other.booking);
      const refused = await app.request(`/api/v1/bookings/${id}/reschedule`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth },
        body: JSON.stringify({ start: '2026-06-02T10:00:00.000Z' }),
      });
      assert.equal(refused.status, 409);
      assert.equal((await json(refused)).error.code, 'slot_unavailable');
      const bad = await app.request(`/api/v1/bookings/${id}/reschedule`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth },
        body: JSON.stringify({ start: 7 }),
      });
      assert.equal(bad.status, 400);
      assert.equal(
        (await json(await app.request(`/api/v1/bookings/${id}`, { headers: auth }))).booking.start,
        '2026-06-02T08:30:00.000Z',
      );

      await clearSent();
      const cancelled = await app.request(`/api/v1/bookings/${id}/cancel`, { method: 'POST', headers: auth });
      assert.equal(cancelled.status, 200);
      assert.equal((await json(cancelled)).booking.status, 'cancelled');
      assert.equal((await sent()).length, 2);
      const twice = await app.request(`/api/v1/bookings/${id}/cancel`, { method: 'POST', headers: auth });
      assert.equal(twice.status, 200);
      assert.equal((await sent()).length, 2, 'cancelling again sends nothing');
      const slots = (
        await json(await app.request('/api/v1/availability?service=sports-massage-60&from=2026-06-02&to=2026-06-02'))
      ).slots.map((s: any) => s.start);
      assert.ok(slots.includes('2026-06-02T08:30:00.000Z'), 'the cancelled time is free again');
    });

    test('inside the cancellation notice, cancel and reschedule are 409 too_late', async () => {
      const made = await json(await post(valid()));
      now = new Date('2026-06-01T09:00:00Z'); // 23 hours before
      const auth = { Authorization: `Bearer ${made.manageToken}` };
      const cancel = await app.request(`/api/v1/bookings/${made.booking.id}/cancel`, { method: 'POST', headers: auth });
      assert.equal(cancel.status, 409);
      const body = await json(cancel);
      assert.equal(body.error.code, 'too_late');
      assert.match(body.error.message, /24 hours/);
      const move = await app.request(`/api/v1/bookings/${made.booking.id}/reschedule`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth },
        body: JSON.stringify({ start: '2026-06-04T08:00:00.000Z' }),
      });
      assert.equal(move.status, 409);
      assert.equal((await json(move)).error.code, 'too_late');
      assert.equal(
        (await open.db.selectFrom('bookings').select('status').executeTakeFirstOrThrow()).status,
        'confirmed',
      );
    });

    test('owner API needs the admin token; the feed needs the feed token', async () => {
      await post(valid());
      for (const headers of [{}, { Authorization: 'Bearer not-the-token-at-all' }, { Authorization: ADMIN }] as Record<
        string,
        string
      >[]) {
        const res = await app.request('/api/v1/owner/bookings', { headers });
        assert.equal(res.status, 401);
        assert.equal((await json(res)).error.code, 'unauthorized');
      }
      const res = await app.request('/api/v1/owner/bookings?from=2026-06-01&to=2026-06-30', {
        headers: { Authorization: `Bearer ${ADMIN}` },
      });
      assert.equal(res.status, 200);
      const body = await json(res);
      assert.equal(body.bookings.length, 1);
      assert.equal(body.bookings[0].client.email, 'ann@example.com');
      for (const query of [
        'from=june',
        'to=9999-12-31',
        'from=9999-12-01&to=9999-12-31',
        'from=2026-06-01T00:00:00Z&to=+275760-09-13T00:00:00Z',
      ]) {
        const bad = await app.request(`/api/v1/owner/bookings?${query}`, {
          headers: { Authorization: `Bearer ${ADMIN}` },
        });
        assert.equal(bad.status, 400, query);
        assert.equal((await json(bad)).error.code, 'invalid_request', query);
      }

      assert.equal((await app.request('/calendar/wrong-token-0123456789.ics')).status, 404);
      const feed = await app.request(`/calendar/${FEED}.ics`);
      assert.equal(feed.status, 200);
      assert.match(await feed.text(), /BEGIN:VEVENT[\s\S]*Ann Runner/);
    });
  });
}
