/**
 * The practice lives in the database (issue 14, "Schedule and services"), per dialect, on a real listening server:
 * the file seeds the document (revision 1, as written); `…/practice/check` refuses a bad document with fields keyed by
 * its path and the file's messages, and lists the future confirmed bookings a new document would strand; `PUT
 * …/practice` replaces it against the revision read (a stale one is 409 `revision_conflict`, nothing written), and
 * services and availability follow at once, in this process and in another one on the same database. Bookings are
 * never cancelled by a change. `soleus import-practice` replaces the document from a file. Every day is a fixed number
 * of days ahead at a fixed London wall time (`slotStart`), never "now + N hours".
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import {
  ADMIN_TOKEN,
  assertError,
  availableStarts,
  bookingBody,
  cliCommand,
  dayFromToday,
  postBooking,
  practiceJson,
  read,
  slotStart,
  spawnServer,
  startTestServer,
  type Reply,
  type TestServer,
} from './support/booking.js';
import { dialectsUnderTest } from './support/databases.js';

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

const testDocument = () =>
  practiceJson() as {
    practitioners: { hours: Record<string, string[][]> }[];
    services: { id: string; price: { amount: number; currency: string } | null }[];
  } & Record<string, unknown>;

async function owner(
  url: string,
  method: string,
  path = '',
  body?: unknown,
  headers: Record<string, string> = admin,
  prefix = '/api/v1/owner',
): Promise<Reply> {
  return read(
    await fetch(`${url}${prefix}/practice${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    }),
  );
}

/** The stored document row and the calendar versions: what a refused write must leave as they were. */
async function written(db: Kysely<any>): Promise<string> {
  const d = await sql<{ document: string; revision: number | string }>`select document, revision
    from practice_document`.execute(db);
  const v = await sql<{ practitioner_id: string; version: number | string }>`select practitioner_id, version
    from calendar_versions order by practitioner_id`.execute(db);
  return JSON.stringify({
    documents: d.rows.map((r) => [r.document, Number(r.revision)]),
    versions: v.rows.map((r) => [r.practitioner_id, Number(r.version)]),
  });
}

async function bookingStatus(db: Kysely<any>, id: string): Promise<string> {
  const r = await sql<{ status: string }>`select status from bookings where id = ${id}`.execute(db);
  return r.rows[0]!.status;
}

/** The first day offset ≥ `from` whose London day is the weekday `weekday` (0 Sunday … 6 Saturday). */
function nextWeekday(from: number, weekday: number): number {
  for (let offset = from; ; offset++) {
    if (new Date(`${dayFromToday(offset)}T12:00:00Z`).getUTCDay() === weekday) return offset;
  }
}

async function servicePrice(url: string, id: string): Promise<unknown> {
  const reply = await read(await fetch(`${url}/api/v1/services`, { signal: AbortSignal.timeout(60_000) }));
  assert.equal(reply.status, 200, reply.text);
  return (reply.body.services as { id: string; price: unknown }[]).find((s) => s.id === id)?.price;
}

/** Runs the CLI to completion. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    for (const key of ['DATABASE_URL', 'SOLEUS_CONFIG', 'NODE_ENV']) delete env[key];
    const child = spawn(process.execPath, [...cliCommand, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

for (const dialect of dialectsUnderTest()) {
  describe(`the practice document (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.close();
    });

    test('GET answers the seeded document as written, revision 1, on both prefixes; only for the owner', async () => {
      const got = await owner(server.url, 'GET');
      assert.equal(got.status, 200, got.text);
      assert.deepEqual(got.body, { practice: practiceJson(), revision: 1 });
      assert.equal(got.headers.get('Cache-Control'), 'no-store');
      const viaConsole = await owner(server.url, 'GET', '', undefined, admin, '/admin/api');
      assert.deepEqual(viaConsole.body, got.body);
      assertError(await owner(server.url, 'GET', '', undefined, {}), 401, 'unauthorized');
      assertError(await owner(server.url, 'PUT', '', { practice: practiceJson(), revision: 1 }, {}), 401);
    });

    test('a bad document: 400 with fields keyed by the document path and the file messages, nothing written', async () => {
      const state = await written(server.db);
      const bad = testDocument();
      bad.services[0]!.price!.amount = -5;
      bad.practitioners[0]!.hours.mon = [['18:00', '09:00']];
      const checked = await owner(server.url, 'POST', '/check', { practice: bad });
      assertError(checked, 400, 'invalid_request');
      assert.match(checked.body.error.fields['services.0.price.amount'], /0/);
      assert.match(checked.body.error.fields['practitioners.0.hours.mon.0'], /End 09:00 must be after start 18:00/);
      const put = await owner(server.url, 'PUT', '', { practice: bad, revision: 1 });
      assertError(put, 400, 'invalid_request');
      assert.ok(put.body.error.fields['services.0.price.amount']);
      const noName = testDocument();
      delete noName.name;
      const missing = await owner(server.url, 'POST', '/check', { practice: noName });
      assertError(missing, 400, 'invalid_request');
      assert.ok(missing.body.error.fields.name, missing.text);
      assertError(await owner(server.url, 'POST', '/check', { practice: [] }), 400, 'invalid_request');
      assertError(await owner(server.url, 'PUT', '', { practice: practiceJson() }), 400, 'invalid_request');
      assert.equal(await written(server.db), state, 'no document written, no calendar version raised');
    });

    test('check lists the future booking of a service the document drops, and writes nothing', async () => {
      const made = await postBooking(server.url, bookingBody('s60', slotStart(21, 11)));
      assert.equal(made.status, 201, made.text);
      const state = await written(server.db);
      const dropped = testDocument();
      dropped.services = dropped.services.filter((s) => s.id !== 's60');
      const checked = await owner(server.url, 'POST', '/check', { practice: dropped });
      assert.equal(checked.status, 200, checked.text);
      assert.equal(checked.body.valid, true);
      assert.deepEqual(
        checked.body.affected.map((b: { id: string }) => b.id),
        [made.body.booking.id],
      );
      const unchanged = await owner(server.url, 'POST', '/check', { practice: practiceJson() });
      assert.deepEqual(unchanged.body, { valid: true, affected: [] });
      assert.equal(await written(server.db), state);
    });

    test('PUT changes a price: the services answer shows it at once; a stale revision is 409 and writes nothing', async () => {
      assert.deepEqual(await servicePrice(server.url, 's30'), { amount: 1000, currency: 'GBP' });
      const { revision } = (await owner(server.url, 'GET')).body as { revision: number };
      const doc = testDocument();
      doc.services[0]!.price = { amount: 4500, currency: 'GBP' };
      const put = await owner(server.url, 'PUT', '', { practice: doc, revision });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(put.body, { practice: doc, revision: revision + 1, affected: [] });
      assert.deepEqual(await servicePrice(server.url, 's30'), { amount: 4500, currency: 'GBP' });
      assert.deepEqual((await owner(server.url, 'GET')).body, { practice: doc, revision: revision + 1 });

      const state = await written(server.db);
      const stale = testDocument();
      stale.services[0]!.price = { amount: 1, currency: 'GBP' };
      assertError(await owner(server.url, 'PUT', '', { practice: stale, revision }), 409, 'revision_conflict');
      assert.equal(await written(server.db), state, 'nothing written');
      assert.deepEqual(await servicePrice(server.url, 's30'), { amount: 4500, currency: 'GBP' });
    });

    test("PUT removing Monday's hours: that Monday offers nothing at once, its booking stays confirmed and is affected", async () => {
      const monday = nextWeekday(30, 1);
      const day = dayFromToday(monday);
      const made = await postBooking(server.url, bookingBody('s30', slotStart(monday, 10)));
      assert.equal(made.status, 201, made.text);
      const before = await availableStarts(server.url, 's30', day);
      assert.ok(before.length > 0);
      assert.deepEqual(await availableStarts(server.url, 's30', day), before, 'cached');

      const { revision } = (await owner(server.url, 'GET')).body as { revision: number };
      const doc = testDocument();
      doc.practitioners[0]!.hours.mon = [];
      const checked = await owner(server.url, 'POST', '/check', { practice: doc });
      assert.ok(
        checked.body.affected.some((b: { id: string }) => b.id === made.body.booking.id),
        checked.text,
      );
      const put = await owner(server.url, 'PUT', '', { practice: doc, revision }, admin, '/admin/api');
      assert.equal(put.status, 200, put.text);
      const affected = put.body.affected as { id: string; status: string }[];
      assert.ok(
        affected.some((b) => b.id === made.body.booking.id && b.status === 'confirmed'),
        put.text,
      );
      assert.deepEqual(await availableStarts(server.url, 's30', day), [], 'the Monday is closed at once');
      assert.ok((await availableStarts(server.url, 's30', dayFromToday(monday + 1))).length > 0, 'Tuesday is open');
      assert.equal(await bookingStatus(server.db, made.body.booking.id), 'confirmed', 'never cancelled by a change');
      // A closed day has no slot grid: a post there is refused as not one of the offered times.
      const refused = await postBooking(server.url, bookingBody('s30', slotStart(monday, 14)));
      assertError(refused, 400, 'invalid_request');
      assert.match(refused.body.error.fields.start, /not one of the offered times/);

      // Opened again, the Monday offers its slots again (and the booking is no longer affected).
      const reopened = await owner(server.url, 'PUT', '', { practice: practiceJson(), revision: revision + 1 });
      assert.equal(reopened.status, 200, reopened.text);
      assert.ok(!reopened.body.affected.some((b: { id: string }) => b.id === made.body.booking.id));
      assert.ok((await availableStarts(server.url, 's30', day)).includes(Date.parse(slotStart(monday, 14))));
    });

    test('soleus import-practice replaces the document; a bad file exits 1 with one line and writes nothing', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'soleus-import-practice-'));
      try {
        const doc = testDocument();
        doc.services[1]!.price = { amount: 7700, currency: 'GBP' };
        const good = join(dir, 'good.json');
        writeFileSync(good, JSON.stringify(doc));
        const { revision } = (await owner(server.url, 'GET')).body as { revision: number };
        const done = await cli(['import-practice', good, '--db', server.database.url]);
        assert.equal(done.code, 0, done.stderr);
        assert.match(done.stdout, new RegExp(`revision ${revision + 1}`));
        assert.deepEqual((await owner(server.url, 'GET')).body, { practice: doc, revision: revision + 1 });
        assert.deepEqual(
          await servicePrice(server.url, 's60'),
          { amount: 7700, currency: 'GBP' },
          'the server follows',
        );

        const state = await written(server.db);
        const bad = testDocument();
        bad.services[0]!.price!.amount = -1;
        const badFile = join(dir, 'bad.json');
        writeFileSync(badFile, JSON.stringify(bad));
        const refused = await cli(['import-practice', badFile, '--db', server.database.url]);
        assert.equal(refused.code, 1);
        assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
        assert.match(refused.stderr, /services\.0\.price\.amount/);
        const noFile = await cli(['import-practice', join(dir, 'none.json'), '--db', server.database.url]);
        assert.equal(noFile.code, 1);
        assert.match(noFile.stderr, /no such file/);
        assert.equal(await written(server.db), state);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  // B is another OS process (`soleus serve`, its own caches and pool), as when several server processes share one
  // PostgreSQL; A runs in this process.
  describe(`the practice document with two server processes on one ${dialect} database`, () => {
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

    test('a change through A: services and availability read through B show it at once', async () => {
      const tuesday = nextWeekday(40, 2);
      const day = dayFromToday(tuesday);
      const beforeB = await availableStarts(b.url, 's30', day);
      assert.ok(beforeB.length > 0);
      assert.deepEqual(await availableStarts(b.url, 's30', day), beforeB, 'B has it cached');
      assert.deepEqual(await servicePrice(b.url, 's30'), { amount: 1000, currency: 'GBP' });
      assert.equal((await owner(b.url, 'GET')).body.revision, 1, 'B found the document A seeded');

      const doc = testDocument();
      doc.services[0]!.price = { amount: 2500, currency: 'EUR' };
      doc.practitioners[0]!.hours.tue = [['09:00', '12:00']];
      const put = await owner(a.url, 'PUT', '', { practice: doc, revision: 1 });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(await servicePrice(b.url, 's30'), { amount: 2500, currency: 'EUR' });
      const afterB = await availableStarts(b.url, 's30', day);
      assert.deepEqual(
        afterB,
        beforeB.filter(
          (start) =>
            start >= Date.parse(slotStart(tuesday, 9)) && start + 30 * 60_000 <= Date.parse(slotStart(tuesday, 12)),
        ),
      );
      assert.deepEqual(await availableStarts(a.url, 's30', day), afterB);
      // B wrote against the old revision: refused.
      assertError(await owner(b.url, 'PUT', '', { practice: practiceJson(), revision: 1 }), 409, 'revision_conflict');
      assert.deepEqual((await owner(b.url, 'GET')).body, { practice: doc, revision: 2 });
    });
  });
}
