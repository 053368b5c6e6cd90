/**
 * Two `soleus serve` processes on one database racing for the same slots: the database, not one process's memory,
 * decides. The point is PostgreSQL (several app servers on one database); SQLite (two processes on one file, WAL)
 * runs too, so the file always has tests. With CI or SOLEUS_REQUIRE_POSTGRES=1 and no PostgreSQL,
 * dialectsUnderTest() throws and the file fails.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { dialectsUnderTest, freshDatabase, type TestDatabase, type TestDialect } from '../support/databases.js';
import {
  assertError,
  bookingBody,
  slotStart,
  spawnServer,
  postBooking,
  tally,
  writePractice,
  removeDir,
  assertNoOverlap,
  PRACTITIONER_ID,
  type ChildServer,
  type HeldRow,
} from '../support/booking.js';

const ROUNDS = 10;
const POSTS = 100;

function openReader(dialect: TestDialect, url: string): Kysely<any> {
  if (dialect === 'postgres')
    return new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
  const file = url.slice('sqlite:'.length);
  const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  return new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
}

async function confirmedAt(db: Kysely<any>, ms: number): Promise<{ id: string }[]> {
  const r = await sql<{ id: string }>`select id from bookings where status = 'confirmed' and start_ms = ${ms}`.execute(
    db,
  );
  return r.rows;
}

for (const dialect of dialectsUnderTest()) {
  describe(`two server processes on one ${dialect} database`, () => {
    let database: TestDatabase;
    let practice: { file: string; dir: string };
    const servers: ChildServer[] = [];
    let reader: Kysely<any>;

    before(async () => {
      database = await freshDatabase(dialect);
      practice = writePractice();
      // The first runs the migrations; the second then starts on a migrated database.
      servers.push(await spawnServer(database.url, practice.file));
      servers.push(await spawnServer(database.url, practice.file));
      reader = openReader(dialect, database.url);
    });
    after(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await reader?.destroy();
      await database?.drop();
      if (practice) removeDir(practice.dir);
    });

    test(`${POSTS} posts for one slot split across both processes: exactly one 201 (${ROUNDS} rounds)`, async () => {
      const [a, b] = servers as [ChildServer, ChildServer];
      assert.notEqual(a.url, b.url);
      for (let round = 0; round < ROUNDS; round++) {
        const start = slotStart(20 + round);
        const replies = await Promise.all(
          Array.from({ length: POSTS }, (_, i) =>
            postBooking(
              (i % 2 === 0 ? a : b).url,
              bookingBody('s30', start, { client: { name: `P${i}`, email: `p${i}@example.com` } }),
            ),
          ),
        );
        const counts = tally(replies);
        assert.deepEqual(
          counts,
          { 201: 1, 409: POSTS - 1 },
          `round ${round}: ${JSON.stringify(counts)}; stderr: ${a.output().stderr}${b.output().stderr}`,
        );
        for (const r of replies.filter((r) => r.status === 409)) assertError(r, 409, 'slot_unavailable');
        const rows = await confirmedAt(reader, Date.parse(start));
        assert.equal(rows.length, 1, `round ${round}: one confirmed row`);
        assert.equal(rows[0]!.id, replies.find((r) => r.status === 201)!.body.booking.id);
      }
    });

    test('overlapping slots of two services sent to both processes: one wins', async () => {
      const [a, b] = servers as [ChildServer, ChildServer];
      for (let round = 0; round < 5; round++) {
        const posts = [
          ...Array.from({ length: 20 }, () => ['s30', slotStart(40 + round, 10, 0)] as const),
          ...Array.from({ length: 20 }, () => ['s60', slotStart(40 + round, 10, 15)] as const),
        ];
        const replies = await Promise.all(
          posts.map(([svc, start], i) => postBooking((i % 2 ? a : b).url, bookingBody(svc, start))),
        );
        assert.deepEqual(tally(replies), { 201: 1, 409: posts.length - 1 }, `round ${round}`);
      }
      const rows = await sql<HeldRow>`select id, service_id, series_id, start_ms, end_ms, block_start_ms, block_end_ms
        from bookings where status = 'confirmed' and practitioner_id = ${PRACTITIONER_ID}`.execute(reader);
      assertNoOverlap(rows.rows.map((r) => ({ ...r, start_ms: Number(r.start_ms) })));
    });

    test('one Idempotency-Key and body sent to both processes at once: one booking; the other reply is a replay or request_in_progress', async () => {
      const [a, b] = servers as [ChildServer, ChildServer];
      for (let round = 0; round < 10; round++) {
        const key = randomUUID();
        const start = slotStart(60 + round, 9, 0);
        const body = bookingBody('s30', start);
        const replies = await Promise.all([a, b, a, b].map((s) => postBooking(s.url, body, key)));
        const created = replies.filter((r) => r.status === 201);
        assert.ok(created.length >= 1, JSON.stringify(tally(replies)) + replies.map((r) => r.text).join('\n'));
        for (const r of replies) {
          if (r.status === 201) assert.deepEqual(r.body, created[0]!.body, 'the same booking id and token');
          else assertError(r, 409, 'request_in_progress');
        }
        const rows = await confirmedAt(reader, Date.parse(start));
        assert.deepEqual(
          rows.map((r) => r.id),
          [created[0]!.body.booking.id],
        );
        // Later, either process replays it.
        for (const s of [a, b]) {
          const again = await postBooking(s.url, body, key);
          assert.deepEqual([again.status, again.body], [201, created[0]!.body]);
        }
      }
    });
  });
}
