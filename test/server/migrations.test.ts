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
        // Up to 0005 only: later migrations (0010_comments…) are not what this test is about.
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
