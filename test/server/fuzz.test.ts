/**
 * Hostile input on every route, on SQLite and PostgreSQL: NUL bytes, lone surrogates, huge strings, odd JSON, odd
 * path segments and headers. Whatever comes in, the answer is never a 5xx, every API 4xx has the contract's error
 * shape (checked by support/contract.ts, which sees every answer), and a 4xx leaves every table as it was (the one
 * documented exception: a booking post counts in the per-address rate limit before it is judged).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import './support/contract.js';
import {
  ADMIN_TOKEN,
  bookingBody,
  postBooking,
  slotStart,
  startTestServer,
  type TestServer,
} from './support/booking.js';
import { dialectsUnderTest } from './support/databases.js';
import { formToken, SECRET, signupBody } from './newsletter/support.js';

/** Tables a refused request may still write, and why. */
const MAY_CHANGE_ON_4XX = new Set([
  'rate_limits', // a booking post is counted before it is judged, so a flood of invalid posts is limited too
]);

async function tableNames(db: Kysely<unknown>, dialect: string): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(db);
  return rows.rows.map((r) => r.name).filter((name) => !name.startsWith('kysely_'));
}

/** Every table's rows, as text, so a change of any value shows (not only a change of count). */
async function snapshot(db: Kysely<unknown>, tables: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const table of tables) {
    if (MAY_CHANGE_ON_4XX.has(table)) continue;
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out.set(table, JSON.stringify(rows.rows.map((r) => JSON.stringify(r)).sort()));
  }
  return out;
}

/** Percent-encodes any text; an unpaired surrogate (which has no UTF-8) becomes the bytes of one, invalid UTF-8. */
const enc = (text: string): string => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text
      .split('')
      .map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch)))
      .join('');
  }
};

const odd = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    'ann\u0000@example.com',
    '\ud800',
    'x\udc00y',
    '',
    ' ',
    '../../etc/passwd',
    '%00',
    '%',
    'null',
    '2026-02-30',
    '9999-12-31T23:59:59Z',
    'Europe/Nowhere',
    '<script>alert(1)</script>',
    "'; drop table bookings; --",
    'x'.repeat(3000),
    'y'.repeat(70_000),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const anyJson = fc.oneof(odd, fc.jsonValue({ maxDepth: 3 }), fc.constant(null), fc.integer(), fc.boolean());

interface Probe {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One arbitrary request to one of the routes, given a real booking and its token. */
function probes(booking: { id: string; token: string }): fc.Arbitrary<Probe> {
  const json = (value: unknown) => JSON.stringify(value);
  const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  const jsonHeaders = { 'Content-Type': 'application/json' };
  const mutate = (base: Record<string, unknown>, keys: readonly string[]) =>
    fc.tuple(fc.constantFrom(...keys), anyJson).map(([key, value]) => {
      const copy = structuredClone(base) as Record<string, unknown>;
      const path = key.split('.');
      let at = copy as Record<string, unknown>;
      for (const part of path.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
      at[path[path.length - 1]!] = value;
      return copy;
    });
  const idOrOdd = fc.oneof(fc.constant(booking.id), odd);
  const tokenOrOdd = fc.oneof(fc.constant(booking.token), fc.constant('wrong-token'));
  return fc.oneof(
    fc.constantFrom<Probe>(
      { method: 'GET', path: '/api/v1/health' },
      { method: 'GET', path: '/api/v1/services' },
      { method: 'GET', path: '/api/v1/form-token' },
      { method: 'GET', path: '/api/v1/form-token/altcha' },
      { method: 'POST', path: '/api/v1/bookings', headers: jsonHeaders, body: '{"serviceId":' },
      { method: 'POST', path: '/api/v1/bookings', headers: { 'Content-Type': 'text/plain' }, body: 'hello' },
      { method: 'POST', path: '/api/v1/bookings', headers: jsonHeaders, body: json({ notes: 'z'.repeat(70_000) }) },
      { method: 'POST', path: '/api/v1/subscriptions', headers: jsonHeaders, body: '[1,2' },
    ),
    fc.record({ service: odd, from: odd, to: odd, timeZone: odd }).map(({ service, from, to, timeZone }) => ({
      method: 'GET',
      path: `/api/v1/availability?service=${enc(service)}&from=${enc(from)}&to=${enc(to)}&timeZone=${enc(timeZone)}`,
    })),
    fc
      .tuple(
        mutate(bookingBody('s30', slotStart(20, 9)), [
          'serviceId',
          'start',
          'client.name',
          'client.email',
          'client.phone',
          'notes',
          'answers',
          'answers.q1',
          'timeZone',
          'series',
          'series.count',
          'extra',
        ]),
        fc.oneof(fc.constant(randomUUID()), fc.constant(''), fc.string({ maxLength: 300 })),
      )
      .map(([body, key]) => ({
        method: 'POST',
        path: '/api/v1/bookings',
        headers: { ...jsonHeaders, 'Idempotency-Key': key },
        body: json(body),
      })),
    fc.tuple(idOrOdd, tokenOrOdd).map(([id, token]) => ({
      method: 'GET',
      path: `/api/v1/bookings/${enc(id)}`,
      headers: { Authorization: `Bearer ${token}` },
    })),
    fc.tuple(idOrOdd, odd).map(([id, token]) => ({
      method: 'GET',
      path: `/api/v1/bookings/${enc(id)}/calendar.ics?token=${enc(token)}`,
    })),
    fc.tuple(idOrOdd, anyJson).map(([id, start]) => ({
      method: 'POST',
      path: `/api/v1/bookings/${enc(id)}/reschedule`,
      headers: { ...jsonHeaders, Authorization: `Bearer ${booking.token}` },
      body: json({ start }),
    })),
    odd.map((id) => ({
      method: 'POST',
      path: `/api/v1/bookings/${enc(id)}/cancel`,
      headers: { Authorization: `Bearer ${booking.token}` },
    })),
    fc.tuple(odd, odd).map(([from, to]) => ({
      method: 'GET',
      path: `/api/v1/owner/bookings?from=${enc(from)}&to=${enc(to)}`,
      headers: admin,
    })),
    fc.tuple(odd, odd, fc.constantFrom('subscribers', 'subscribers.csv')).map(([list, status, what]) => ({
      method: 'GET',
      path: `/api/v1/owner/${what}?list=${enc(list)}&status=${enc(status)}`,
      headers: admin,
    })),
    odd.map((email) => ({
      method: 'DELETE',
      path: `/api/v1/owner/subscribers/${enc(email)}`,
      headers: admin,
    })),
    mutate(signupBody('fuzz@example.com', { t: formToken() }), [
      'email',
      'name',
      'list',
      'consent',
      'consentText',
      'source',
      'hp',
      't',
      'altcha',
    ]).map((body) => ({
      method: 'POST',
      path: '/api/v1/subscriptions',
      headers: jsonHeaders,
      body: json(body),
    })),
    fc.record({ email: odd, consentText: odd, source: odd, name: odd }).map((fields) => ({
      method: 'POST',
      path: '/api/v1/subscriptions',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Object.entries({ ...fields, consent: 'on', t: formToken() })
        .map(([k, v]) => `${k}=${enc(v)}`)
        .join('&'),
    })),
    fc
      .tuple(odd, fc.constantFrom('/subscribe/confirm', '/unsubscribe'), fc.constantFrom('GET', 'POST'))
      .map(([token, path, method]) => ({ method, path: `${path}?token=${enc(token)}` })),
    odd.map((token) => ({ method: 'GET', path: `/calendar/${enc(token)}.ics` })),
  );
}

for (const dialect of dialectsUnderTest()) {
  describe(`fuzz every route (${dialect})`, () => {
    let server: TestServer;
    let tables: string[];
    let booking: { id: string; token: string };
    before(async () => {
      server = await startTestServer(dialect, {
        env: { SOLEUS_SECRET: SECRET, SOLEUS_SUBSCRIBE_RATE_LIMIT: '100000' },
      });
      tables = await tableNames(server.db, dialect);
      const made = await postBooking(server.url, bookingBody('s30', slotStart(10, 9)));
      assert.equal(made.status, 201, made.text);
      booking = { id: made.body.booking.id, token: made.body.manageToken };
      await server.server.mail.idle(); // its confirmation is in the outbox before the first snapshot
    });
    after(async () => server?.close());

    test('a NUL on each input that reaches the database is a 400 naming the field', async () => {
      const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
      const send = async (probe: Probe) => {
        const res = await fetch(server.url + probe.path, probe);
        return {
          status: res.status,
          body: (await res.json()) as { error: { code: string; fields?: Record<string, string> } },
        };
      };
      const cases: [Probe, string][] = [
        [
          { method: 'GET', path: '/api/v1/bookings/a%00b', headers: { Authorization: `Bearer ${booking.token}` } },
          'id',
        ],
        [{ method: 'POST', path: '/api/v1/bookings/a%00b/cancel', headers: { Authorization: 'Bearer x' } }, 'id'],
        [{ method: 'GET', path: '/api/v1/bookings/a%00b/calendar.ics?token=x' }, 'id'],
        [{ method: 'GET', path: `/api/v1/bookings/${booking.id}/calendar.ics?token=a%00b` }, 'token'],
        [{ method: 'GET', path: '/api/v1/owner/subscribers?list=a%00b', headers: admin }, 'list'],
        [{ method: 'GET', path: '/api/v1/owner/subscribers.csv?list=a%00b', headers: admin }, 'list'],
        [{ method: 'DELETE', path: '/api/v1/owner/subscribers/ann%00@example.com', headers: admin }, 'email'],
        [{ method: 'GET', path: '/api/v1/owner/bookings?from=2026-01-01%00', headers: admin }, 'from'],
        [{ method: 'GET', path: '/api/v1/availability?service=s30%00&from=2026-01-01&to=2026-01-02' }, 'service'],
        ...(['notes', 'client.name', 'answers.q1', 'serviceId'] as const).map((field): [Probe, string] => {
          const body = bookingBody('s30', slotStart(21, 9), { answers: { q1: 'fine' } }) as Record<string, unknown> & {
            client: { name: string };
            answers: Record<string, string>;
          };
          if (field === 'client.name') body.client.name = 'A\u0000n';
          else if (field === 'answers.q1') body.answers.q1 = 'x\u0000';
          else body[field] = 'a\u0000b';
          return [
            {
              method: 'POST',
              path: '/api/v1/bookings',
              headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
              body: JSON.stringify(body),
            },
            field,
          ];
        }),
        ...(['consentText', 'source', 'name', 'email'] as const).map((field): [Probe, string] => [
          {
            method: 'POST',
            path: '/api/v1/subscriptions',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(signupBody('eve@example.com', { [field]: 'https://x.example/a\u0000b' })),
          },
          field,
        ]),
        [
          {
            method: 'POST',
            path: `/api/v1/bookings/${booking.id}/reschedule`,
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${booking.token}` },
            body: JSON.stringify({ start: '2026-01-01T09:00\u0000' }),
          },
          'start',
        ],
        [
          {
            method: 'POST',
            path: '/api/v1/bookings',
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
            body: JSON.stringify(bookingBody('s30', slotStart(22, 9), { notes: 'lone \ud800 surrogate' })),
          },
          'notes',
        ],
      ];
      const before = await snapshot(server.db, tables);
      for (const [probe, field] of cases) {
        const { status, body } = await send(probe);
        assert.equal(status, 400, `${probe.method} ${probe.path}: ${JSON.stringify(body)}`);
        assert.equal(body.error.code, 'invalid_request', probe.path);
        assert.ok(body.error.fields?.[field], `${probe.method} ${probe.path} names ${field}: ${JSON.stringify(body)}`);
      }
      assert.deepEqual(await snapshot(server.db, tables), before, 'nothing written');
    });

    test('no 5xx, the error shape on every 4xx, and nothing written on a 4xx', async () => {
      let state = await snapshot(server.db, tables);
      await fc.assert(
        fc.asyncProperty(probes(booking), async (probe) => {
          let res: Response;
          try {
            res = await fetch(server.url + probe.path, {
              method: probe.method,
              headers: probe.headers,
              body: probe.body,
            });
          } catch (error) {
            // fetch itself refuses some header values (a NUL, a non-Latin-1 character): nothing was sent.
            if (error instanceof TypeError && /header|ByteString/i.test(String(error.message) + String(error.cause)))
              return;
            throw error;
          }
          const text = await res.text();
          await server.server.mail.idle(); // mail a success queued lands before the next snapshot
          assert.ok(
            res.status < 500,
            `${probe.method} ${probe.path.slice(0, 200)} → ${res.status}: ${text.slice(0, 300)}`,
          );
          const now = await snapshot(server.db, tables);
          if (res.status >= 400) {
            for (const [table, rows] of state) {
              assert.equal(
                now.get(table),
                rows,
                `${probe.method} ${probe.path.slice(0, 200)} → ${res.status} wrote to ${table}`,
              );
            }
          }
          state = now;
        }),
        {
          numRuns: 150,
          includeErrorInReport: true,
          seed: Number(process.env.SOLEUS_FUZZ_SEED ?? Date.now() % 2 ** 31),
        },
      );
    });
  });
}
