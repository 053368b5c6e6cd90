/**
 * Idempotency-Key rules of POST /api/v1/bookings and the per-IP booking rate limit, per dialect, on a real server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { dialectsUnderTest } from '../support/databases.js';
import {
  assertError,
  bookingBody,
  countConfirmed,
  countRows,
  dayFromToday,
  manage,
  postBooking,
  read,
  slotStart,
  startTestServer,
  tally,
  wallToInstant,
  type TestServer,
} from '../support/booking.js';
import { freshRateWindow } from '../support/rate-window.js';

for (const dialect of dialectsUnderTest()) {
  describe(`Idempotency-Key (${dialect})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => {
      await t?.close();
    });

    test('a replay with the same key and body gets the first response again and writes nothing', async () => {
      const key = randomUUID();
      const body = bookingBody('s30', slotStart(3, 9, 0), { notes: 'first visit' });
      const first = await postBooking(t.url, body, key);
      assert.equal(first.status, 201, first.text);
      const rows = await countRows(t.db);
      // Same body with keys in another order and other whitespace: still the same request.
      const reordered = {
        timeZone: body.timeZone,
        notes: 'first visit',
        client: body.client,
        start: body.start,
        serviceId: body.serviceId,
      };
      for (const replayBody of [body, reordered]) {
        const again = await postBooking(t.url, replayBody, key);
        assert.equal(again.status, 201, again.text);
        assert.deepEqual(again.body, first.body, 'same body: same booking id and manage token');
      }
      assert.equal(await countRows(t.db), rows, 'nothing new written');
      assert.equal(await countConfirmed(t.db, Date.parse(body.start as string)), 1);
    });

    test('the database holds neither the key nor the manage token, and the replay still returns the token', async () => {
      const key = `key-${randomUUID()}`;
      const first = await postBooking(t.url, bookingBody('s30', slotStart(3, 13, 0)), key);
      assert.equal(first.status, 201, first.text);
      const token = (first.body as { manageToken: string }).manageToken;
      assert.ok(token && token.length >= 22);
      // Every row of every table, as text: no trace of the token or the key.
      const tables = (await t.db.introspection.getTables()).map((table) => table.name);
      assert.ok(tables.includes('idempotency_keys') && tables.includes('bookings'));
      for (const table of tables) {
        // The development outbox (no SMTP_URL, never in production) is the sent mail itself, manage link included.
        if (table === 'mail_outbox') continue;
        const rows = await t.db
          .selectFrom(table as 'bookings')
          .selectAll()
          .execute();
        const text = JSON.stringify(rows);
        assert.ok(!text.includes(token), `${table} holds the manage token`);
        assert.ok(!text.includes(key), `${table} holds the raw Idempotency-Key`);
      }
      const again = await postBooking(t.url, bookingBody('s30', slotStart(3, 13, 0)), key);
      assert.equal(again.status, 201);
      assert.equal((again.body as { manageToken: string }).manageToken, token);
      // The stored response opens only with its own key.
      const { openBody, sealBody } = await import('../../../src/server/db/idempotency.js');
      const sealed = sealBody(key, '{"manageToken":"x"}');
      assert.equal(openBody(key, sealed), '{"manageToken":"x"}');
      assert.equal(openBody(`${key}!`, sealed), undefined);
      assert.equal(
        openBody(key, sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA')),
        undefined,
        'tampering is detected',
      );
    });

    test('the same key with a different body → 422 idempotency_key_reused, nothing written', async () => {
      const key = randomUUID();
      const first = await postBooking(t.url, bookingBody('s30', slotStart(3, 11, 0)), key);
      assert.equal(first.status, 201, first.text);
      const rows = await countRows(t.db);
      for (const other of [
        bookingBody('s30', slotStart(3, 12, 0)),
        bookingBody('s60', slotStart(3, 11, 0)),
        bookingBody('s30', slotStart(3, 11, 0), { client: { name: 'Someone Else', email: 'else@example.com' } }),
      ]) {
        assertError(await postBooking(t.url, other, key), 422, 'idempotency_key_reused');
      }
      assert.equal(await countRows(t.db), rows);
      // The original request is still replayed.
      const again = await postBooking(t.url, bookingBody('s30', slotStart(3, 11, 0)), key);
      assert.deepEqual([again.status, again.body], [201, first.body]);
    });

    test('a missing key → 400 idempotency_key_required; empty, 256-character and non-visible keys → 400; nothing written', async () => {
      const start = slotStart(3, 14, 0);
      const rows = await countRows(t.db);
      assertError(await postBooking(t.url, bookingBody('s30', start), null), 400, 'idempotency_key_required');
      for (const key of ['', '   ', 'k'.repeat(256), 'with space', 'tab\there', 'caf\u00e9']) {
        const reply = await postBooking(t.url, bookingBody('s30', start), key);
        assertError(reply, 400);
        assert.notEqual(reply.body.error.code, 'slot_unavailable');
      }
      assert.equal(await countRows(t.db), rows, 'nothing written');
      // 255 visible characters is the longest key allowed.
      const longest = await postBooking(t.url, bookingBody('s30', start), '~'.repeat(200) + 'A'.repeat(55));
      assert.equal(longest.status, 201, longest.text);
    });

    test('20 concurrent duplicates of one key: one row; every reply is that 201 or 409 request_in_progress', async () => {
      for (let round = 0; round < 5; round++) {
        const key = randomUUID();
        const start = slotStart(4, 8 + round, 0);
        const body = bookingBody('s30', start);
        const replies = await Promise.all(Array.from({ length: 20 }, () => postBooking(t.url, body, key)));
        const created = replies.filter((r) => r.status === 201);
        assert.ok(created.length >= 1, `round ${round}: ${JSON.stringify(tally(replies))}`);
        const id = created[0]!.body.booking.id;
        for (const r of replies) {
          if (r.status === 201) assert.deepEqual(r.body, created[0]!.body, 'every 201 is the same booking and token');
          else assertError(r, 409, 'request_in_progress');
        }
        assert.equal(await countConfirmed(t.db, Date.parse(start)), 1, `round ${round}: one row`);
        // After the dust settles a replay gives the booking.
        const later = await postBooking(t.url, body, key);
        assert.equal(later.status, 201);
        assert.equal(later.body.booking.id, id);
      }
    });

    test('a key whose request was refused (409) keeps nothing: a retry is judged afresh, and books once the time is free', async () => {
      // Nothing is written on a 4xx, the key's record included; so a retry with the same key is a new attempt, not a
      // replay of the refusal. While the time is taken it is refused again; once freed, the same attempt books.
      const start = slotStart(5, 10, 0);
      const blocker = await postBooking(t.url, bookingBody('s30', start));
      assert.equal(blocker.status, 201);
      const key = randomUUID();
      const body = bookingBody('s30', start, { client: { name: 'Late Comer', email: 'late@example.com' } });
      assertError(await postBooking(t.url, body, key), 409, 'slot_unavailable');
      assertError(await postBooking(t.url, body, key), 409, 'slot_unavailable');
      assert.equal(await countConfirmed(t.db, Date.parse(start)), 1);
      const made = blocker.body as { booking: { id: string }; manageToken: string };
      assert.equal((await manage(t.url, made.booking.id, made.manageToken, 'cancel')).status, 200);
      const booked = await postBooking(t.url, body, key);
      assert.equal(booked.status, 201, booked.text);
      const replay = await postBooking(t.url, body, key);
      assert.equal(replay.status, 201);
      assert.deepEqual(replay.body, booked.body, 'from now on the key replays its 201');
      assert.equal(await countConfirmed(t.db, Date.parse(start)), 1);
    });
  });

  describe(`booking rate limit (${dialect})`, () => {
    test('default: the 11th booking post in a minute from one address → 429 with Retry-After', async () => {
      const t = await startTestServer(dialect, { rateLimit: null });
      try {
        await freshRateWindow();
        const day = dayFromToday(6);
        const replies = [];
        for (let i = 0; i < 11; i++) {
          replies.push(
            await postBooking(t.url, bookingBody('s30', new Date(wallToInstant(day, 8 + i, 0)).toISOString())),
          );
        }
        assert.deepEqual(
          replies.slice(0, 10).map((r) => r.status),
          Array(10).fill(201),
          replies.map((r) => r.text).join('\n'),
        );
        const limited = replies[10]!;
        assertError(limited, 429);
        assert.match(limited.body.error.code, /^[a-z]+(_[a-z]+)*$/);
        const retry = limited.headers.get('Retry-After');
        assert.match(String(retry), /^\d+$/, `Retry-After: ${retry}`);
        assert.ok(Number(retry) >= 1 && Number(retry) <= 60, `Retry-After: ${retry}`);
        assert.equal(await countConfirmed(t.db), 10, 'the refused post wrote nothing');
        // A forged X-Forwarded-For does not buy a fresh allowance (no proxy is trusted by default).
        const spoofed = await read(
          await fetch(`${t.url}/api/v1/bookings`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'Idempotency-Key': randomUUID(),
              'X-Forwarded-For': '203.0.113.9',
            },
            body: JSON.stringify(bookingBody('s30', new Date(wallToInstant(day, 20, 0)).toISOString())),
          }),
        );
        assertError(spoofed, 429);
        // Reads are not limited.
        const health = await fetch(`${t.url}/api/v1/availability?service=s30&from=${day}&to=${day}`);
        assert.equal(health.status, 200);
        await read(health);
      } finally {
        await t.close();
      }
    });

    test('--booking-rate-limit 3: the 4th post → 429', async () => {
      const t = await startTestServer(dialect, { rateLimit: null, args: ['--booking-rate-limit', '3'] });
      try {
        await freshRateWindow();
        const day = dayFromToday(7);
        const statuses = [];
        for (let i = 0; i < 4; i++) {
          const reply = await postBooking(
            t.url,
            bookingBody('s30', new Date(wallToInstant(day, 8 + i, 0)).toISOString()),
          );
          statuses.push(reply.status);
          if (i === 3) {
            assertError(reply, 429);
            assert.match(String(reply.headers.get('Retry-After')), /^[1-9]\d*$/);
          }
        }
        assert.deepEqual(statuses, [201, 201, 201, 429]);
      } finally {
        await t.close();
      }
    });
  });
}
