import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, MigrationError, type OpenDatabase } from '../../src/server/db/index.js';
import { MIGRATION_TABLE, appliedMigrations, migrations } from '../../src/server/db/migrations.js';
import { ensureSecret } from '../../src/server/db/secret.js';
import { openBody, storedKey } from '../../src/server/db/idempotency.js';
import { startServer } from '../../src/server/server.js';
import { dialectsUnderTest, freshDatabase, type TestDatabase } from './support/databases.js';
import { demoPracticePath } from './support/practice.js';

for (const dialect of dialectsUnderTest()) {
  describe(`migrations (${dialect})`, () => {
    let target: TestDatabase;
    let open: OpenDatabase;
    before(async () => {
      target = await freshDatabase(dialect);
      open = await openDatabase(target.url);
    });
    after(async () => {
      await open?.close();
      await target?.drop();
    });

    test('opens the right dialect', () => {
      assert.equal(open.dialect, dialect);
    });

    test('apply every migration once and record it', async () => {
      const first = await migrateToLatest(open.db, open.dialect, { where: open.where });
      assert.deepEqual(first, Object.keys(migrations(dialect)));
      assert.ok(first.includes('0001_foundation'));
      const second = await migrateToLatest(open.db, open.dialect, { where: open.where });
      assert.deepEqual(second, []);
      const recorded = await appliedMigrations(open.db);
      assert.deepEqual(recorded, Object.keys(migrations(dialect)));
      const rows = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(MIGRATION_TABLE)}`.execute(
        open.db,
      );
      assert.equal(Number(rows.rows[0]!.n), recorded.length);
    });

    test('0005 rewrites idempotency keys written before it: key hashed, response sealed, still replayable', async () => {
      const older = await freshDatabase(dialect);
      const db = await openDatabase(older.url);
      try {
        const all = migrations(dialect);
        const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0005'));
        await migrateToLatest(db.db, db.dialect, { where: db.where, list: before });
        const body = '{"booking":{"id":"bk_1"},"manageToken":"secret-token-123"}';
        await db.db
          .insertInto('idempotency_keys')
          .values([
            { key: 'old-key-1', request_hash: 'h1', state: 'done', status: 201, body, created_ms: Date.now() },
            {
              key: 'old-key-2',
              request_hash: 'h2',
              state: 'running',
              status: null,
              body: null,
              created_ms: Date.now(),
            },
          ])
          .execute();
        // Up to 0005 only: later migrations (0006…) are not this test's subject.
        const through0005 = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0006'));
        assert.deepEqual(await migrateToLatest(db.db, db.dialect, { where: db.where, list: through0005 }), [
          '0005_idempotency_keys_protected',
        ]);
        const rows = await db.db.selectFrom('idempotency_keys').selectAll().orderBy('request_hash').execute();
        assert.deepEqual(
          rows.map((r) => r.key),
          [storedKey('old-key-1'), storedKey('old-key-2')],
        );
        assert.ok(!JSON.stringify(rows).includes('secret-token-123'));
        assert.equal(openBody('old-key-1', rows[0]!.body!), body);
        assert.equal(rows[1]!.body, null);
      } finally {
        await db.close();
        await older.drop();
      }
    });

    test('0006 turns the development outbox into the delivery outbox: rows kept before it count as delivered there', async () => {
      const older = await freshDatabase(dialect);
      const db = await openDatabase(older.url);
      try {
        const all = migrations(dialect);
        const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0006'));
        await migrateToLatest(db.db, db.dialect, { where: db.where, list: before });
        await db.db
          .insertInto('mail_outbox')
          .values({
            created_at: '2026-01-02T03:04:05.000Z',
            to: 'old@example.com',
            subject: 'Kept before 0006',
            text: 't',
            html: null,
            headers: '{}',
            ical_event: null,
          } as never)
          .execute();
        const through0006 = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0007'));
        assert.deepEqual(await migrateToLatest(db.db, db.dialect, { where: db.where, list: through0006 }), [
          '0006_mail_delivery',
        ]);
        const row = await db.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
        assert.equal(row.status, 'stored', 'never re-sent by the worker');
        assert.equal(row.sent_at, '2026-01-02T03:04:05.000Z');
        assert.match(String(row.message_id), /^<outbox-\d+@localhost>$/);
        assert.equal(Number(row.attempts), 0);
        assert.equal(Number(row.not_before_ms), 0);
      } finally {
        await db.close();
        await older.drop();
      }
    });

    test('0016 gives bookings made before it their made time, cancel time and the price the practice gives now', async () => {
      const older = await freshDatabase(dialect);
      const db = await openDatabase(older.url);
      try {
        const all = migrations(dialect);
        const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0016'));
        await migrateToLatest(db.db, db.dialect, { where: db.where, list: before });
        const services = [
          { id: 'sports', price: { amount: 6500, currency: 'GBP' } },
          { id: 'free-chat', price: null },
        ];
        await db.db
          .insertInto('practice_document')
          .values({
            id: 1,
            document: JSON.stringify({ services }),
            revision: 1,
            updated_at: '2026-01-01T00:00:00.000Z',
          })
          .execute();
        const row = (id: string, service: string, status: string, created: string, updated: string) => ({
          id,
          practitioner_id: 'jim',
          service_id: service,
          status,
          start_ms: Date.parse('2026-02-01T10:00:00Z'),
          end_ms: Date.parse('2026-02-01T11:00:00Z'),
          block_start_ms: Date.parse('2026-02-01T10:00:00Z'),
          block_end_ms: Date.parse('2026-02-01T11:00:00Z'),
          client_name: 'Old Client',
          client_email: 'old@example.com',
          client_time_zone: 'Europe/London',
          manage_token_hash: id,
          created_at: created,
          updated_at: updated,
        });
        await db.db
          .insertInto('bookings')
          .values([
            row('bk_kept', 'sports', 'confirmed', '2026-01-10T09:30:15.250Z', '2026-01-10T09:30:15.250Z'),
            row('bk_gone', 'free-chat', 'cancelled', '2026-01-11T08:00:00.000Z', '2026-01-20T17:45:00.000Z'),
          ] as never)
          .execute();
        const through = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0017'));
        assert.deepEqual(await migrateToLatest(db.db, db.dialect, { where: db.where, list: through }), [
          '0016_booking_insights',
        ]);
        const rows = await db.db.selectFrom('bookings').selectAll().orderBy('id').execute();
        const view = rows.map((r) => ({
          id: r.id,
          created: Number(r.created_ms),
          cancelled: r.cancelled_ms === null ? null : Number(r.cancelled_ms),
          by: r.cancelled_by,
          price: r.price_amount === null ? null : Number(r.price_amount),
          currency: r.price_currency,
        }));
        assert.deepEqual(view, [
          {
            id: 'bk_gone',
            created: Date.parse('2026-01-11T08:00:00Z'),
            cancelled: Date.parse('2026-01-20T17:45:00Z'),
            by: null,
            price: null,
            currency: null,
          },
          {
            id: 'bk_kept',
            created: Date.parse('2026-01-10T09:30:15.250Z'),
            cancelled: null,
            by: null,
            price: 6500,
            currency: 'GBP',
          },
        ]);
      } finally {
        await db.close();
        await older.drop();
      }
    });

    test('creates settings and mail_outbox with working columns', async () => {
      await open.db.insertInto('settings').values({ key: 'k', value: 'v' }).execute();
      const setting = await open.db.selectFrom('settings').selectAll().where('key', '=', 'k').executeTakeFirstOrThrow();
      assert.equal(setting.value, 'v');
      const a = await open.db
        .insertInto('mail_outbox')
        .values({
          created_at: new Date().toISOString(),
          to: 'a@example.com',
          subject: 's',
          text: 't',
          html: null,
          headers: '{}',
          ical_event: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const b = await open.db
        .insertInto('mail_outbox')
        .values({
          created_at: new Date().toISOString(),
          to: 'b@example.com',
          subject: 's',
          text: 't',
          html: '<p>x</p>',
          headers: '{}',
          ical_event: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal(typeof a.id, 'number');
      assert.ok(b.id > a.id);
    });

    test('the server secret is generated once and kept', async () => {
      const first = await ensureSecret(open.db);
      assert.match(first, /^[0-9a-f]{64}$/);
      assert.equal(await ensureSecret(open.db), first);
      assert.equal(await ensureSecret(open.db, 'x'.repeat(40)), 'x'.repeat(40));
      const [again, twice] = await Promise.all([ensureSecret(open.db), ensureSecret(open.db)]);
      assert.equal(again, first);
      assert.equal(twice, first);
    });

    test('a database with an unknown newer migration is refused', async () => {
      await open.db
        .insertInto(MIGRATION_TABLE as never)
        .values({ name: '0009_x', timestamp: new Date().toISOString() } as never)
        .execute();
      await assert.rejects(
        () => migrateToLatest(open.db, open.dialect, { where: open.where }),
        (error: Error) => {
          assert.ok(error instanceof MigrationError);
          assert.equal(
            error.message,
            `Database at ${open.where} has migrations this version of Soleus does not know (0009_x); upgrade Soleus or use another database.`,
          );
          return true;
        },
      );
      // And the server refuses to start on it.
      await assert.rejects(
        () => startServer({ args: ['--port', '0', '--db', target.url, '--config', demoPracticePath], env: {} }),
        /has migrations this version of Soleus does not know \(0009_x\)/,
      );
    });
  });
}

describe('openDatabase errors', () => {
  test('an unreachable PostgreSQL is one clear line without the password', async () => {
    await assert.rejects(
      () => openDatabase('postgres://someone:hunter2@127.0.0.1:1/nowhere'),
      (error: Error) => {
        assert.match(
          error.message,
          /^Cannot connect to database postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: /,
        );
        assert.doesNotMatch(error.message, /hunter2|\n/);
        return true;
      },
    );
  });

  test('SQLite creates the parent folder and uses WAL, synchronous=FULL and foreign keys', async () => {
    const target = await freshDatabase('sqlite');
    const open = await openDatabase(target.url.replace(/test\.db$/, 'nested/deeper/test.db'));
    try {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(open.db);
      assert.equal(mode.rows[0]!.journal_mode, 'wal');
      const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(open.db);
      assert.equal(sync.rows[0]!.synchronous, 2);
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(open.db);
      assert.equal(fk.rows[0]!.foreign_keys, 1);
      const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(open.db);
      assert.ok(busy.rows[0]!.timeout >= 1000);
    } finally {
      await open.close();
      await target.drop();
    }
  });
});
