/**
 * Crash safety on SQLite: the server is killed with SIGKILL in the middle of a stream of bookings and restarted on the
 * same file. Every booking that got a 201 is still there, nothing answered is lost or doubled, a retry of a request
 * that was in flight never books twice, and the file passes `PRAGMA integrity_check`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import {
  assertError,
  bookingBody,
  dayFromToday,
  getBooking,
  postBooking,
  removeDir,
  spawnServer,
  wallToInstant,
  writePractice,
  type ChildServer,
  type Reply,
} from '../support/booking.js';

const KILL_AFTER = 100;
const WORKERS = 4;
const MAX_ATTEMPTS = 400;

let database: TestDatabase | undefined;
let practice: { file: string; dir: string } | undefined;
const children: ChildServer[] = [];
after(async () => {
  for (const c of children) {
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await c.exited;
  }
  await database?.drop();
  if (practice) removeDir(practice.dir);
});

/** Distinct, non-overlapping s30 slots: every hour on the hour from 2 days ahead (held time 50 of each 60 minutes). */
function* slots(): Generator<string> {
  for (let day = 2; ; day++) {
    for (let hour = 0; hour < 24; hour++) {
      try {
        yield new Date(wallToInstant(dayFromToday(day), hour, 0)).toISOString();
      } catch {
        // a wall time skipped by daylight saving
      }
    }
  }
}

interface Sent {
  key: string;
  body: Record<string, unknown>;
  start: string;
  reply?: Reply;
  error?: unknown;
}

test('SIGKILL mid-stream on SQLite: every 201 survives the restart, in-flight retries never double-book, integrity_check ok', async (t) => {
  database = await freshDatabase('sqlite');
  practice = writePractice();
  const file = database.url.slice('sqlite:'.length);
  const first = await spawnServer(database.url, practice.file);
  children.push(first);

  const gen = slots();
  const sent: Sent[] = [];
  let successes = 0;
  let inFlight = 0;
  let killed = false;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (!killed && sent.length < MAX_ATTEMPTS) {
        const start = gen.next().value as string;
        const item: Sent = {
          key: randomUUID(),
          start,
          body: bookingBody('s30', start, { client: { name: 'Crash Test', email: 'crash@example.com' } }),
        };
        sent.push(item);
        inFlight++;
        try {
          item.reply = await postBooking(first.url, item.body, item.key);
        } catch (error) {
          item.error = error; // the connection died with the server
          continue;
        } finally {
          inFlight--;
        }
        assert.equal(item.reply.status, 201, item.reply.text);
        successes++;
        // Kill once enough bookings were answered, at a moment when other requests are on their way.
        if (successes >= KILL_AFTER && inFlight >= 2 && !killed) {
          killed = true;
          first.child.kill('SIGKILL'); // the other workers' requests are in flight right now
        }
      }
    }),
  );
  assert.ok(killed, `killed after ${KILL_AFTER} successes (sent ${sent.length})`);
  assert.equal(await first.exited, -1, 'died of the signal');

  const answered = sent.filter((s) => s.reply?.status === 201);
  const unanswered = sent.filter((s) => !s.reply);
  assert.ok(answered.length >= KILL_AFTER);
  t.diagnostic(`answered ${answered.length}, in flight at the kill ${unanswered.length}`);

  // Restart on the same file.
  const second = await spawnServer(database.url, practice.file);
  children.push(second);
  for (const s of answered) {
    const { booking, manageToken } = s.reply!.body as { booking: { id: string; start: string }; manageToken: string };
    const got = await getBooking(second.url, booking.id, manageToken);
    assert.equal(got.status, 200, `booking ${booking.id} (${s.start}) lost after the crash: ${got.text}`);
    assert.equal(got.body.booking.id, booking.id);
    assert.equal(got.body.booking.status, 'confirmed');
    assert.equal(Date.parse(got.body.booking.start), Date.parse(s.start));
  }

  // The database holds exactly the answered bookings plus possibly some that committed just before the kill.
  const reader = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const startsOf = (start: string) =>
    (
      reader.prepare(`select id from bookings where status = 'confirmed' and start_ms = ?`).all(Date.parse(start)) as {
        id: string;
      }[]
    ).map((r) => r.id);
  const total = Number((reader.prepare(`select count(*) as n from bookings`).get() as { n: number }).n);
  assert.ok(
    total >= answered.length && total <= answered.length + unanswered.length,
    `rows ${total}, answered ${answered.length}, in flight ${unanswered.length}`,
  );
  for (const s of answered) assert.deepEqual(startsOf(s.start), [s.reply!.body.booking.id]);
  t.diagnostic(`rows after restart ${total} (committed but unanswered: ${total - answered.length})`);

  // A client retrying an unanswered request with the same key: the committed booking comes back, never a second one.
  for (const s of unanswered) {
    const before = startsOf(s.start);
    const retry = await postBooking(second.url, s.body, s.key);
    if (before.length === 1) {
      assert.equal(retry.status, 201, `a committed booking must be replayed, not refused: ${retry.text}`);
      assert.equal(retry.body.booking.id, before[0]);
    } else if (retry.status !== 201) {
      assertError(retry, 409, 'request_in_progress'); // the crashed attempt's claim, until it goes stale
    }
    assert.equal(startsOf(s.start).length, retry.status === 201 || before.length === 1 ? 1 : 0);
  }
  reader.close();

  // The restarted server takes new bookings.
  const fresh = await postBooking(second.url, bookingBody('s30', gen.next().value as string));
  assert.equal(fresh.status, 201, fresh.text);

  await second.stop();
  assert.equal(await second.exited, 0, second.output().stderr);
  const check = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    assert.deepEqual(check.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    assert.deepEqual(check.pragma('foreign_key_check'), []);
  } finally {
    check.close();
  }
});
