/**
 * The owner's insights, per dialect, on data made through the real routes on an injected clock: bookings per week
 * with the money at the price booked (a later price change leaves them; a no-show brings nothing), what became of each
 * week's sessions (who cancelled, late), the heat map and week boundaries across both of 2026's clock changes in
 * Europe/London (a Monday 00:30 BST session is Sunday 23:30 UTC), lead times (a series once), newsletter signups
 * against confirmations (a signup at Monday 00:30 BST counts in that Monday's week), and visitor comments per post.
 * Every figure is asserted exactly.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { offsetSpans, insightWeeks } from '../../src/server/insights.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import type { OwnerInsightsResponse } from '../../src/core/schemas/insights.js';
import { ADMIN_TOKEN, bookingBody, manage, postBooking, practiceJson, read, type Reply } from './support/booking.js';
import { dialectsUnderTest, freshDatabase, type TestDatabase } from './support/databases.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);
/** Wednesday 4 November 2026, 12:00 UTC (GMT in London). */
const NOW = at('2026-11-04T12:00:00Z');

test('offset spans: London keeps GMT until 01:00 UTC on 29 March 2026 and BST until 01:00 UTC on 25 October', () => {
  const spans = offsetSpans(at('2026-03-02T00:00:00Z'), at('2026-11-30T00:00:00Z'), 'Europe/London');
  assert.deepEqual(spans, [
    { from: at('2026-03-02T00:00:00Z'), to: at('2026-03-29T01:00:00Z'), offset: 0 },
    { from: at('2026-03-29T01:00:00Z'), to: at('2026-10-25T01:00:00Z'), offset: HOUR },
    { from: at('2026-10-25T01:00:00Z'), to: at('2026-11-30T00:00:00Z'), offset: 0 },
  ]);
  // Half-hour zones and zones without changes.
  assert.deepEqual(offsetSpans(at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z'), 'Asia/Kolkata'), [
    { from: at('2026-01-01T00:00:00Z'), to: at('2026-02-01T00:00:00Z'), offset: 5.5 * HOUR },
  ]);
  const sydney = offsetSpans(at('2026-03-01T00:00:00Z'), at('2026-05-01T00:00:00Z'), 'Australia/Sydney');
  assert.equal(sydney.length, 2);
  assert.equal(sydney[0]!.to, at('2026-04-04T16:00:00Z'), 'AEDT ends at 03:00 local on 5 April');
});

test('weeks start on Monday at local midnight: the week of the spring change is 167 hours long', () => {
  const weeks = insightWeeks(new Date(NOW), 'Europe/London', 36);
  assert.equal(weeks.length, 40);
  assert.equal(weeks[0]!.start, '2026-03-02');
  assert.equal(weeks[35]!.start, '2026-11-02');
  const spring = weeks.find((w) => w.start === '2026-03-23')!;
  assert.equal(spring.to - spring.from, 167 * HOUR);
  const autumn = weeks.find((w) => w.start === '2026-10-19')!;
  assert.equal(autumn.to - autumn.from, 169 * HOUR);
  assert.equal(weeks.find((w) => w.start === '2026-03-30')!.from, at('2026-03-29T23:00:00Z'));
});

for (const dialect of dialectsUnderTest()) {
  describe(`owner insights (${dialect})`, () => {
    let database: TestDatabase;
    let dir: string;
    let server: RunningServer;
    let clock = NOW;

    before(async () => {
      database = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'soleus-insights-'));
      const practice = practiceJson() as Record<string, unknown>;
      practice.comments = { moderation: 'none' };
      writeFileSync(join(dir, 'practice.json'), JSON.stringify(practice));
      server = await startServer({
        args: ['--host', '127.0.0.1', '--port', '0', '--db', database.url, '--config', join(dir, 'practice.json')],
        env: {
          SOLEUS_ADMIN_TOKEN: ADMIN_TOKEN,
          SOLEUS_BOOKING_RATE_LIMIT: '100000',
          SOLEUS_SUBSCRIBE_RATE_LIMIT: '100000',
          SOLEUS_COMMENT_RATE_LIMIT: '100000',
        },
        now: () => new Date(clock),
        mailWorker: { start: false },
        logError: (message, error) => console.error(`[server ${dialect}] ${message}`, error),
      });
      await seed();
    });
    after(async () => {
      await server?.close();
      await database?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const owner = async (method: string, path: string, body?: unknown): Promise<Reply> =>
      read(
        await fetch(`${server.url}/api/v1/owner${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${ADMIN_TOKEN}`,
            'Idempotency-Key': randomUUID(),
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }),
      );
    const ok = (reply: Reply, status = 200) => {
      assert.equal(reply.status, status, reply.text);
      return reply.body as Record<string, never>;
    };

    /** Books `service` at `start`, made `aheadMs` before it (the clock is set to then). */
    const book = async (
      service: 's30' | 's60',
      start: string,
      aheadMs: number,
      extra: Record<string, unknown> = {},
    ) => {
      clock = at(start) - aheadMs;
      const reply = await postBooking(server.url, bookingBody(service, start, extra));
      const body = ok(reply, 201) as unknown as { booking: { id: string }; manageToken: string };
      return { id: body.booking.id, token: body.manageToken };
    };
    const attendance = async (id: string, value: 'attended' | 'no_show') => {
      ok(await owner('POST', `/bookings/${id}/attendance`, { attendance: value }));
    };
    const formToken = async () => {
      const { token } = (await (await fetch(`${server.url}/api/v1/form-token`)).json()) as { token: string };
      clock += 5_000; // a human takes a few seconds to fill the form in
      return token;
    };
    const signup = async (email: string, when: string) => {
      clock = at(when) - 5_000;
      const t = await formToken();
      const reply = await read(
        await fetch(`${server.url}/api/v1/subscriptions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, consent: true, consentText: 'Yes, email me the newsletter.', t, hp: '' }),
        }),
      );
      assert.equal(reply.status, 202, reply.text);
    };
    const confirm = async (email: string, when: string) => {
      clock = at(when);
      const mail = await server.database.db
        .selectFrom('mail_outbox')
        .select('text')
        .where('to', '=', email)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const token = new URL(/https?:\/\/\S+\/subscribe\/confirm\?token=\S+/.exec(mail.text)![0]).searchParams.get(
        'token',
      )!;
      const reply = await fetch(`${server.url}/subscribe/confirm`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      assert.equal(reply.status, 200, await reply.text());
    };
    const comment = async (thread: string, when: string) => {
      clock = at(when) - 5_000;
      const t = await formToken();
      const reply = await read(
        await fetch(`${server.url}/api/v1/comments`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ thread, name: 'Rae Runner', body: `About tapering ${randomUUID()}`, t, hp: '' }),
        }),
      );
      assert.equal(reply.status, 201, reply.text);
      return (reply.body as { comment: { id: string } }).comment.id;
    };

    async function seed() {
      // Around the spring change (Sunday 29 March 2026, 01:00 GMT → 02:00 BST).
      const a = await book('s60', '2026-03-28T09:00:00Z', 12 * HOUR); // Sat 09:00 GMT
      const b = await book('s60', '2026-03-30T08:00:00Z', 36 * HOUR); // Mon 09:00 BST
      await book('s30', '2026-03-29T23:30:00Z', 5 * DAY); // Mon 30 March 00:30 BST
      const d = await book('s30', '2026-03-29T00:30:00Z', 10 * DAY); // Sun 00:30 GMT
      const e = await book('s60', '2026-03-29T02:00:00Z', 20 * DAY); // Sun 03:00 BST
      clock = at('2026-03-24T00:30:00Z');
      ok(await manage(server.url, d.id, d.token, 'cancel')); // by the client, five days ahead
      clock = at('2026-03-29T00:00:00Z');
      ok(await owner('POST', `/bookings/${e.id}/cancel`, { message: 'I am unwell, sorry.' })); // by the owner, 2 h ahead
      // A weekly series across the autumn change, each at 10:00 London time, booked 45 days ahead.
      const f = await book('s60', '2026-10-20T09:00:00Z', 45 * DAY, { series: { everyWeeks: 1, count: 3 } });
      // The price of s60 goes up: bookings already made keep theirs.
      clock = NOW - 2 * HOUR;
      const { practice, revision } = ok(await owner('GET', '/practice')) as unknown as {
        practice: { services: { id: string; price: { amount: number } }[] };
        revision: number;
      };
      practice.services.find((s) => s.id === 's60')!.price.amount = 2500;
      ok(await owner('PUT', '/practice', { practice, revision }));
      await book('s60', '2026-11-05T15:00:00Z', 28 * HOUR); // Thu 15:00, at the new price, not started
      await book('s30', '2026-11-16T09:00:00Z', 285.5 * HOUR); // Mon, in a week ahead

      clock = NOW;
      await attendance(a.id, 'attended');
      await attendance(b.id, 'no_show');
      const series = (await server.database.db
        .selectFrom('bookings')
        .select(['id', 'start_ms'])
        .where('series_id', 'is not', null)
        .orderBy('start_ms')
        .execute()) as { id: string }[];
      assert.equal(series.length, 3);
      assert.ok(f.id);
      await attendance(series[0]!.id, 'attended');
      await attendance(series[1]!.id, 'attended');

      await signup('june@example.com', '2026-06-14T23:30:00Z'); // Monday 15 June, 00:30 BST
      await signup('one@example.com', '2026-10-20T10:00:00Z');
      await signup('two@example.com', '2026-10-21T10:00:00Z');
      await confirm('two@example.com', '2026-10-21T11:00:00Z');
      await confirm('one@example.com', '2026-10-26T10:00:00Z');
      await signup('three@example.com', '2026-11-03T10:00:00Z');

      const taper = 'https://blog.example.com/posts/taper';
      const race = 'https://blog.example.com/posts/race-day';
      await comment(race, '2026-02-01T10:00:00Z'); // before the weeks shown
      await comment(race, '2026-10-10T10:00:00Z');
      const t1 = await comment(taper, '2026-10-11T10:00:00Z');
      const t2 = await comment(taper, '2026-10-12T10:00:00Z');
      const t3 = await comment(taper, '2026-10-13T10:00:00Z');
      clock = NOW;
      ok(await owner('POST', `/comments/${t2}/spam`));
      ok(await owner('POST', `/comments/${t3}/reject`));
      ok(await owner('POST', '/comments', { thread: taper, parentId: t1, body: 'Glad it helped!' }), 201);
    }

    const insights = async (query = '?weeks=36') => {
      clock = NOW;
      return ok(await owner('GET', `/insights${query}`)) as unknown as OwnerInsightsResponse;
    };
    const week = (body: OwnerInsightsResponse, start: string) => {
      const i = body.weeks.findIndex((w) => w.start === start);
      assert.ok(i >= 0, `week ${start} shown`);
      return i;
    };

    test('bookings per week, with the money at the price booked (no-shows bring nothing)', async () => {
      const body = await insights();
      assert.equal(body.timeZone, 'Europe/London');
      assert.equal(body.weeks.length, 40);
      assert.deepEqual(body.weeks.at(-5), { start: '2026-11-02', ahead: false });
      assert.deepEqual(body.weeks.at(-1), { start: '2026-11-30', ahead: true });
      const gbp = (amount: number) => [{ amount, currency: 'GBP' }];
      const expected = new Map([
        ['2026-03-23', { sessions: 1, money: gbp(1000) }],
        ['2026-03-30', { sessions: 2, money: gbp(1000) }],
        ['2026-10-19', { sessions: 1, money: gbp(1000) }],
        ['2026-10-26', { sessions: 1, money: gbp(1000) }],
        ['2026-11-02', { sessions: 2, money: gbp(3500) }],
        ['2026-11-16', { sessions: 1, money: gbp(1000) }],
      ]);
      body.weeks.forEach((w, i) =>
        assert.deepEqual(body.bookings[i], expected.get(w.start) ?? { sessions: 0, money: [] }, w.start),
      );
    });

    test('what became of each week: attended, no-shows, unmarked, upcoming, who cancelled and how late', async () => {
      const body = await insights();
      assert.equal(body.outcomes.length, 36);
      const none = {
        attended: 0,
        noShow: 0,
        unmarked: 0,
        upcoming: 0,
        cancelledByClient: 0,
        cancelledByOwner: 0,
        late: 0,
      };
      const expected = new Map([
        ['2026-03-23', { ...none, attended: 1, cancelledByClient: 1, cancelledByOwner: 1, late: 1 }],
        ['2026-03-30', { ...none, noShow: 1, unmarked: 1 }],
        ['2026-10-19', { ...none, attended: 1 }],
        ['2026-10-26', { ...none, attended: 1 }],
        ['2026-11-02', { ...none, unmarked: 1, upcoming: 1 }],
      ]);
      body.outcomes.forEach((o, i) =>
        assert.deepEqual(o, expected.get(body.weeks[i]!.start) ?? none, body.weeks[i]!.start),
      );
    });

    test('busiest days and hours in London wall time on both sides of each clock change', async () => {
      const body = await insights();
      assert.deepEqual(body.heat, [
        { day: 0, hour: 0, sessions: 1 }, // Mon 30 March 00:30 BST (Sunday 23:30 UTC)
        { day: 0, hour: 9, sessions: 2 }, // Mon 30 March 09:00 BST and Mon 16 November 09:00 GMT
        { day: 1, hour: 10, sessions: 3 }, // the series at 10:00, BST then GMT
        { day: 3, hour: 15, sessions: 1 },
        { day: 5, hour: 9, sessions: 1 }, // Sat 28 March 09:00 GMT
      ]);
    });

    test('lead times: each booking once (a series by its first session), cancelled ones included', async () => {
      const body = await insights();
      assert.deepEqual(body.leadTimes, [
        { bucket: 'day', bookings: 1, meanHours: 12 },
        { bucket: 'days', bookings: 2, meanHours: 32 },
        { bucket: 'week', bookings: 1, meanHours: 120 },
        { bucket: 'fortnight', bookings: 2, meanHours: 263 },
        { bucket: 'month', bookings: 1, meanHours: 480 },
        { bucket: 'later', bookings: 1, meanHours: 1080 },
      ]);
    });

    test('newsletter signups against confirmations per week, in London weeks', async () => {
      const body = await insights();
      assert.equal(body.newsletter.length, 36);
      const expected = new Map([
        ['2026-06-15', { signups: 1, confirmations: 0 }],
        ['2026-10-19', { signups: 2, confirmations: 1 }],
        ['2026-10-26', { signups: 0, confirmations: 1 }],
        ['2026-11-02', { signups: 1, confirmations: 0 }],
      ]);
      body.newsletter.forEach((n, i) =>
        assert.deepEqual(
          n,
          expected.get(body.weeks[i]!.start) ?? { signups: 0, confirmations: 0 },
          body.weeks[i]!.start,
        ),
      );
      assert.equal(week(body, '2026-06-15'), 15);
    });

    test("visitor comments per post in the weeks shown, by status (the owner's reply not counted)", async () => {
      const body = await insights();
      assert.deepEqual(body.comments, [
        { thread: 'https://blog.example.com/posts/taper', published: 1, pending: 0, spam: 1, rejected: 1, total: 3 },
        { thread: 'https://blog.example.com/posts/race-day', published: 1, pending: 0, spam: 0, rejected: 0, total: 1 },
      ]);
    });

    test('12 weeks by default; fewer weeks leave what is older out of every chart', async () => {
      const twelve = await insights('');
      assert.equal(twelve.weeks.length, 16);
      assert.equal(twelve.weeks[0]!.start, '2026-08-17');
      const four = await insights('?weeks=4');
      assert.equal(four.weeks[0]!.start, '2026-10-12');
      assert.equal(four.outcomes.length, 4);
      assert.deepEqual(four.comments, [
        { thread: 'https://blog.example.com/posts/taper', published: 0, pending: 0, spam: 1, rejected: 1, total: 2 },
      ]);
      assert.deepEqual(
        four.leadTimes.filter((l) => l.bookings > 0).map((l) => l.bucket),
        ['days', 'fortnight'],
      );
      assert.equal(
        four.bookings.reduce((n, w) => n + w.sessions, 0),
        5,
      );
      assert.deepEqual(
        four.newsletter.map((n) => n.signups),
        [0, 2, 0, 1],
      );
    });

    test('a bad range or no token: a clear answer', async () => {
      for (const weeks of ['3', '53', 'many', '']) {
        const reply = await owner('GET', `/insights?weeks=${weeks}`);
        assert.equal(reply.status, 400, reply.text);
        const error = (reply.body as { error: { code: string; fields: Record<string, string> } }).error;
        assert.equal(error.code, 'invalid_request');
        assert.equal(error.fields.weeks, 'Choose between 4 and 52 weeks');
      }
      const anonymous = await fetch(`${server.url}/api/v1/owner/insights`);
      assert.equal(anonymous.status, 401);
      await anonymous.arrayBuffer();
    });
  });
}
