/**
 * A practice change committed by another process while a booking write is on its way, per dialect, two servers on
 * one database: B serves a request (so it holds revision r), A then commits a practice that closes Monday
 * afternoons, and B's booking writers are called with B's deps WITHOUT B's per-request refresh in between, so the
 * request reaches its write transaction judged with the old copy. Once the calendar is locked the writer reads the
 * stored revision, follows the newer document and judges again: the afternoon is refused (400 `invalid_request` on
 * `start`, "not one of the offered times": closed hours are off the slot grid), a service the change removed is 404 `unknown_service`, and nothing is written.
 * The controls: with no change in between, the same calls book and move. Days are fixed Mondays ahead at London wall
 * times (`slotStart`), never "now + N hours".
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { BookingRequest } from '../../../src/core/schemas/booking.js';
import { ownerMove } from '../../../src/server/booking/owner-actions.js';
import {
  postBooking as postBookingWith,
  rescheduleBooking,
  type BookingDeps,
} from '../../../src/server/booking/service.js';
import { ContractError } from '../../../src/server/http/errors.js';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import {
  ADMIN_TOKEN,
  availableStarts,
  bookingBody,
  dayFromToday,
  postBooking,
  practiceJson,
  read,
  slotStart,
  startTestServer,
  type TestServer,
} from '../support/booking.js';
import { dialectsUnderTest } from '../support/databases.js';

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };

/** The first day offset ≥ `from` whose London day is a Monday. */
function nextMonday(from: number): number {
  for (let offset = from; ; offset++) {
    if (new Date(`${dayFromToday(offset)}T12:00:00Z`).getUTCDay() === 1) return offset;
  }
}

/** The test practice with Monday open only `mon` (all day when absent), and only the services `services`. */
function documentWith(mon?: string[][], services?: string[]): Record<string, unknown> {
  const doc = practiceJson() as {
    practitioners: { hours: Record<string, string[][]> }[];
    services: { id: string }[];
  } & Record<string, unknown>;
  if (mon) doc.practitioners[0]!.hours.mon = mon;
  if (services) doc.services = doc.services.filter((s) => services.includes(s.id));
  return doc;
}

const MORNINGS = [['00:00', '12:00']];

/** Replaces the practice through server `url` (read, then PUT against the revision read). */
async function putPractice(url: string, document: Record<string, unknown>): Promise<number> {
  const got = await read(await fetch(`${url}/api/v1/owner/practice`, { headers: admin }));
  assert.equal(got.status, 200, got.text);
  const put = await read(
    await fetch(`${url}/api/v1/owner/practice`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ practice: document, revision: got.body.revision }),
    }),
  );
  assert.equal(put.status, 200, put.text);
  return put.body.revision as number;
}

/** What a refused write must leave as it was: bookings, calendar versions, idempotency keys. */
async function written(db: Kysely<any>): Promise<string> {
  const b = await sql`select id, status, start_ms, sequence from bookings order by id`.execute(db);
  const v = await sql`select practitioner_id, version from calendar_versions order by practitioner_id`.execute(db);
  const k = await sql`select count(*) as n from idempotency_keys`.execute(db);
  return JSON.stringify([b.rows, v.rows, k.rows], (_, value: unknown) =>
    typeof value === 'bigint' ? Number(value) : value,
  );
}

/** The refusal `promise` ends in, as `status code`. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ContractError) return `${error.status} ${error.code}${error.fields?.start ? ' start' : ''}`;
    throw error;
  }
  assert.fail('expected a refusal');
}

for (const dialect of dialectsUnderTest()) {
  describe(`a practice change committed by another process, judged in the booking write (${dialect})`, () => {
    let a: TestServer;
    let b: RunningServer;
    /** B's booking deps as app.ts builds them: the practice is B's held copy, its revision B's store's. */
    let deps: BookingDeps;

    before(async () => {
      a = await startTestServer(dialect);
      b = await startServer({
        args: ['--host', '127.0.0.1', '--port', '0', '--db', a.database.url, '--config', a.practiceFile],
        env: { SOLEUS_ADMIN_TOKEN: ADMIN_TOKEN, SOLEUS_BOOKING_RATE_LIMIT: '100000' },
        logError: (message, error) => console.error(`[server B ${dialect}] ${message}`, error),
      });
      const store = b.practiceStore;
      deps = {
        db: b.database.db,
        dialect: b.database.dialect,
        get practice() {
          return store.current();
        },
        practiceRevision: store.bookingRevision(),
        now: () => new Date(),
      };
    });
    after(async () => {
      await b?.close();
      await a?.close();
    });

    /** B serves a request (its per-request refresh runs): it then holds the stored revision. */
    async function bServes(day: string): Promise<number> {
      await availableStarts(b.url, 's30', day);
      return b.practiceStore.revision;
    }

    /** B's booking post, called with B's deps (no per-request refresh first). */
    const postThroughB = (body: Record<string, unknown>) =>
      postBookingWith(deps, {
        key: randomUUID(),
        body: { ok: true, data: body as unknown as BookingRequest, input: body },
        bucket: 'booking:test',
        rateLimit: 100_000,
      });

    test('control: with no change in between, B books a Monday afternoon', async () => {
      const monday = nextMonday(21);
      await putPractice(a.url, documentWith());
      await bServes(dayFromToday(monday));
      const made = await postThroughB(bookingBody('s30', slotStart(monday, 15)));
      assert.equal(made.replayed, false);
      assert.equal(made.replayed ? '' : made.created.body.booking.start, slotStart(monday, 15));
    });

    test('a booking post judged with the old hours is judged again with the new ones: refused, nothing written', async () => {
      const monday = nextMonday(28);
      await putPractice(a.url, documentWith());
      const held = await bServes(dayFromToday(monday));
      const revision = await putPractice(a.url, documentWith(MORNINGS));
      assert.equal(b.practiceStore.revision, held, 'B has not followed the change yet');
      assert.ok(b.practiceStore.current().practitioners[0]!.hours.mon, 'B still holds the old Monday');
      const state = await written(a.db);
      assert.equal(await refusal(postThroughB(bookingBody('s30', slotStart(monday, 15)))), '400 invalid_request start');
      assert.equal(await written(a.db), state, 'no booking, no calendar version, the key released');
      assert.equal(b.practiceStore.revision, revision, 'B holds the new practice since its write transaction');
      // The morning, still open, books through the same path.
      const morning = await postThroughB(bookingBody('s30', slotStart(monday, 10)));
      assert.equal(morning.replayed, false);
    });

    test('a service the change removed: 404 unknown_service, nothing written', async () => {
      const monday = nextMonday(35);
      await putPractice(a.url, documentWith());
      await bServes(dayFromToday(monday));
      await putPractice(a.url, documentWith(undefined, ['s30']));
      assert.ok(
        b.practiceStore.current().services.some((s) => s.id === 's60'),
        'B still offers s60',
      );
      const state = await written(a.db);
      assert.equal(await refusal(postThroughB(bookingBody('s60', slotStart(monday, 10)))), '404 unknown_service');
      assert.equal(await written(a.db), state);
    });

    test("an owner's move and a client's reschedule into the hours just closed: refused, the booking stays", async () => {
      const monday = nextMonday(42);
      await putPractice(a.url, documentWith());
      const made = await postBooking(b.url, bookingBody('s30', slotStart(monday, 9)));
      assert.equal(made.status, 201, made.text);
      const id = made.body.booking.id as string;
      const token = made.body.manageToken as string;

      // Controls: no change in between, both move.
      await bServes(dayFromToday(monday));
      const moved = await ownerMove({ deps }, id, { start: slotStart(monday, 9, 30) }, undefined);
      assert.ok(!('preview' in moved) && moved.status === 200);
      const rescheduled = await rescheduleBooking(deps, id, token, {
        ok: true,
        data: { start: slotStart(monday, 10) },
        input: {},
      });
      assert.equal(rescheduled.record.start.toISOString(), slotStart(monday, 10));

      await bServes(dayFromToday(monday));
      await putPractice(a.url, documentWith(MORNINGS));
      const state = await written(a.db);
      assert.equal(
        await refusal(ownerMove({ deps }, id, { start: slotStart(monday, 15) }, undefined)),
        '400 invalid_request start',
      );
      assert.equal(await written(a.db), state, 'the owner move wrote nothing');

      await putPractice(a.url, documentWith());
      await bServes(dayFromToday(monday));
      await putPractice(a.url, documentWith(MORNINGS));
      const again = await written(a.db);
      assert.equal(
        await refusal(
          rescheduleBooking(deps, id, token, { ok: true, data: { start: slotStart(monday, 15) }, input: {} }),
        ),
        '400 invalid_request start',
      );
      assert.equal(await written(a.db), again, 'the reschedule wrote nothing');
    });
  });
}
