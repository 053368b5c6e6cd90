/**
 * `soleus migrate-to`: a SQLite database seeded through the real server is copied by the CLI (a child process) into a
 * fresh PostgreSQL database; every row of every table is compared, and a server on the copy reads and books.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { startServer } from '../../src/server/server.js';
import '../../src/server/db/index.js'; // the int8 type parser, as the server reads PostgreSQL
import {
  ADMIN_TOKEN,
  bookingBody,
  cliCommand,
  manage,
  postBooking,
  practiceJson,
  read,
  slotStart,
  startTestServer,
  type TestServer,
} from './support/booking.js';
import { dialectsUnderTest, freshDatabase, type TestDatabase } from './support/databases.js';
import { formToken, SECRET, signupBody, subscribe } from './newsletter/support.js';
import './support/contract.js'; // every answer is checked against the contract's schemas

const BOOKKEEPING = new Set(['soleus_migrations', 'kysely_migration_lock']);
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key === 'DATABASE_URL' || key.startsWith('SOLEUS_')) delete env[key];
  const child = spawn(process.execPath, [...cliCommand, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** A value as both dialects agree to show it: numbers as decimal text, bytes as hex. */
function normal(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Buffer.isBuffer(value)) return `hex:${value.toString('hex')}`;
  return value;
}

function normalRows(rows: Record<string, unknown>[], columns: string[]): string[] {
  return rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, normal(row[c])])))).sort();
}

/** Every table (bar the migration bookkeeping) of the SQLite file, each as its columns and normalised rows. */
function sqliteTables(file: string): Map<string, { columns: string[]; rows: string[] }> {
  const raw = new BetterSqlite3(file, { readonly: true });
  try {
    const names = (
      raw.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`).all() as {
        name: string;
      }[]
    )
      .map((r) => r.name)
      .filter((n) => !BOOKKEEPING.has(n));
    const out = new Map<string, { columns: string[]; rows: string[] }>();
    for (const name of names) {
      const columns = (raw.prepare(`select name from pragma_table_info(?)`).all(name) as { name: string }[])
        .map((c) => c.name)
        .sort();
      out.set(name, { columns, rows: normalRows(raw.prepare(`select * from "${name}"`).all() as any[], columns) });
    }
    return out;
  } finally {
    raw.close();
  }
}

/** The same of the PostgreSQL database, without generated columns (PostgreSQL computes them). */
async function postgresTables(url: string): Promise<Map<string, { columns: string[]; rows: string[] }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const cols = await client.query<{ table_name: string; column_name: string }>(
      `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.is_generated <> 'ALWAYS'`,
    );
    const byTable = new Map<string, string[]>();
    for (const r of cols.rows) {
      if (BOOKKEEPING.has(r.table_name)) continue;
      byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), r.column_name]);
    }
    const out = new Map<string, { columns: string[]; rows: string[] }>();
    for (const [name, list] of byTable) {
      const columns = list.sort();
      const rows = await client.query(`select * from "${name}"`);
      out.set(name, { columns, rows: normalRows(rows.rows, columns) });
    }
    return out;
  } finally {
    await client.end();
  }
}

async function countRows(url: string): Promise<number> {
  const tables = await postgresTables(url);
  return [...tables.values()].reduce((n, t) => n + t.rows.length, 0);
}

describe('soleus migrate-to', () => {
  let seeded: TestServer;
  let dir: string;
  let sqliteFile: string;
  let practiceFile: string;
  const made: { id: string; start: string }[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'soleus-migrate-'));
    // The test practice with comments open, and the newsletter's secret so its form tokens verify.
    practiceFile = join(dir, 'practice.json');
    writeFileSync(practiceFile, JSON.stringify({ ...practiceJson(), comments: { moderation: 'none' } }));
    seeded = await startTestServer('sqlite', { env: { SOLEUS_SECRET: SECRET }, args: ['--config', practiceFile] });
    sqliteFile = seeded.database.url.slice('sqlite:'.length);
    const url = seeded.url;

    const one = await postBooking(
      url,
      bookingBody('s60', slotStart(3, 10), {
        notes: 'Left knee',
        client: { name: 'Ann Example', email: 'ann@example.com', phone: '+44 20 7946 0000' },
      }),
    );
    assert.equal(one.status, 201, one.text);
    made.push(one.body.booking);
    const series = await postBooking(url, bookingBody('s30', slotStart(4, 9), { series: { everyWeeks: 1, count: 3 } }));
    assert.equal(series.status, 201, series.text);
    const cancelled = await postBooking(url, bookingBody('s30', slotStart(5, 15)));
    assert.equal(cancelled.status, 201, cancelled.text);
    assert.equal((await manage(url, cancelled.body.booking.id, cancelled.body.manageToken, 'cancel')).status, 200);

    const signup = await subscribe(url, signupBody('reader@example.com', { name: 'Rea Der' }));
    assert.equal(signup.status, 202, signup.text);

    const comment = await read(
      await fetch(`${url}/api/v1/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          thread: 'https://blog.example.com/posts/knees/',
          name: 'Ann Reader',
          body: 'Hello **knees** — “quotes” and ünïcode',
          t: formToken(),
          hp: '',
        }),
      }),
    );
    assert.equal(comment.status, 201, comment.text);

    const off = await read(
      await fetch(`${url}/api/v1/owner/time-off`, {
        method: 'POST',
        headers: { ...admin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ start: slotStart(8, 13), end: slotStart(8, 17), reason: 'Dentist' }),
      }),
    );
    assert.equal(off.status, 201, off.text);
    await seeded.server.mail.idle();
    await seeded.server.close();

    // Bytes no text encoding holds, as a link preview image keeps them (bytea on PostgreSQL).
    const raw = new BetterSqlite3(sqliteFile);
    raw
      .prepare(
        `insert into link_preview_images (key, kind, source, webp, width, height, created_ms) values (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run('img-1', 'pinned', Buffer.from([0, 255, 128, 10, 13]), null, 800, 420, Date.now());
    raw.close();
  });

  after(async () => {
    await seeded?.database.drop().catch(() => {});
    if (seeded) rmSync(dirname(seeded.practiceFile), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  for (const dialect of dialectsUnderTest().filter((d) => d === 'postgres')) {
    describe(`into ${dialect}`, () => {
      let target: TestDatabase;
      before(async () => {
        target = await freshDatabase(dialect);
      });
      after(async () => target?.drop());

      test('copies every row of every table, and a server on the copy reads and books', async () => {
        const before = sqliteTables(sqliteFile);
        const copy = await run(['migrate-to', target.url, '--db', `sqlite:${sqliteFile}`]);
        assert.equal(copy.code, 0, copy.stderr);
        assert.equal(copy.stderr, '');
        console.log(copy.stdout.trimEnd());

        const source = sqliteTables(sqliteFile);
        assert.deepEqual(source, before, 'the source is unchanged');
        const copied = await postgresTables(target.url);
        assert.deepEqual([...copied.keys()].sort(), [...source.keys()].sort(), 'the same tables');
        const lines = copy.stdout.trimEnd().split('\n');
        assert.equal(lines.length, source.size + 1);
        for (const [name, table] of source) {
          assert.deepEqual(copied.get(name)!.columns, table.columns, `${name}: columns`);
          assert.deepEqual(copied.get(name)!.rows, table.rows, `${name}: rows`);
          assert.ok(lines.includes(`${name}: ${table.rows.length} row${table.rows.length === 1 ? '' : 's'}`), name);
        }
        const total = [...source.values()].reduce((n, t) => n + t.rows.length, 0);
        assert.match(
          lines.at(-1)!,
          new RegExp(`^Copied ${total} rows in ${source.size} tables from .* in \\d+\\.\\d\\d s\\.$`),
        );
        // Most tables hold something: the seed reached them.
        for (const name of ['bookings', 'calendar_versions', 'comments', 'comment_threads', 'idempotency_keys']) {
          assert.ok(source.get(name)!.rows.length > 0, `${name} seeded`);
        }
        for (const name of ['mail_outbox', 'practice_document', 'subscribers', 'time_off']) {
          assert.ok(source.get(name)!.rows.length > 0, `${name} seeded`);
        }
        assert.equal(source.get('bookings')!.rows.length, 5);

        const server = await startServer({
          args: ['--host', '127.0.0.1', '--port', '0', '--db', target.url, '--config', practiceFile],
          env: { SOLEUS_ADMIN_TOKEN: ADMIN_TOKEN },
          logError: (message, error) => console.error(`[server postgres] ${message}`, error),
        });
        try {
          const listed = await read(await fetch(`${server.url}/api/v1/owner/bookings`, { headers: admin }));
          assert.equal(listed.status, 200, listed.text);
          const found = (listed.body.bookings as { id: string; start: string; notes?: string }[]).find(
            (b) => b.id === made[0]!.id,
          );
          assert.ok(found, listed.text);
          assert.equal(found.start, made[0]!.start);
          // The overlap constraint holds on the copied rows, and the outbox sequence follows the copied ids.
          const clash = await postBooking(server.url, bookingBody('s60', slotStart(3, 10)));
          assert.equal(clash.status, 409, clash.text);
          const fresh = await postBooking(server.url, bookingBody('s60', slotStart(6, 11)));
          assert.equal(fresh.status, 201, fresh.text);
          await server.mail.idle();
        } finally {
          await server.close();
        }
      });

      test('a target that already holds rows is refused with one line, nothing written', async () => {
        const rowsBefore = await countRows(target.url);
        assert.ok(rowsBefore > 0);
        const again = await run(['migrate-to', target.url, '--db', `sqlite:${sqliteFile}`]);
        assert.equal(again.code, 1);
        assert.equal(again.stdout, '');
        assert.match(
          again.stderr,
          /^soleus: Not copied: .* already holds rows \(in [a-z_, ]+\); copy into an empty database\.\n$/,
        );
        assert.equal(await countRows(target.url), rowsBefore);
      });
    });
  }

  for (const dialect of dialectsUnderTest().filter((d) => d === 'postgres')) {
    test(`a source behind or ahead of this Soleus, or with a table the target lacks, is refused (${dialect})`, async () => {
      const empty = await freshDatabase(dialect);
      try {
        const cases: [string, (raw: BetterSqlite3.Database) => void, RegExp][] = [
          [
            'behind',
            (raw) => raw.prepare(`delete from soleus_migrations where name = '0014_practice_store'`).run(),
            /is behind this version of Soleus \(missing 0014_practice_store\)/,
          ],
          [
            'ahead',
            (raw) => raw.prepare(`insert into soleus_migrations (name, timestamp) values ('9999_future', 'now')`).run(),
            /has migrations this version of Soleus does not know \(9999_future\)/,
          ],
          [
            'table',
            (raw) => raw.exec(`create table notes_from_the_future (id text primary key)`),
            /has no table notes_from_the_future \(found in /,
          ],
        ];
        for (const [name, change, pattern] of cases) {
          const file = join(dir, `${name}.db`);
          const raw = new BetterSqlite3(sqliteFile, { readonly: true });
          await raw.backup(file);
          raw.close();
          const copy = new BetterSqlite3(file);
          change(copy);
          copy.close();
          const refused = await run(['migrate-to', empty.url, '--db', `sqlite:${file}`]);
          assert.equal(refused.code, 1, name);
          assert.equal(refused.stdout, '', name);
          assert.equal(refused.stderr.split('\n').filter(Boolean).length, 1, refused.stderr);
          assert.match(refused.stderr, pattern, name);
        }
        assert.equal(await countRows(empty.url), 0, 'nothing copied');
      } finally {
        await empty.drop();
      }
    });
  }

  test('a bad URL is refused with one line', async () => {
    for (const url of ['mysql://me@db/x', 'postgres://']) {
      const bad = await run(['migrate-to', url, '--db', `sqlite:${sqliteFile}`]);
      assert.equal(bad.code, 1);
      assert.equal(bad.stdout, '');
      assert.equal(bad.stderr.split('\n').filter(Boolean).length, 1, bad.stderr);
      assert.match(bad.stderr, /^soleus: Database URL ".*" is not (supported|a valid postgres:\/\/ URL)/);
    }
    const none = await run(['migrate-to']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^soleus: Name the PostgreSQL database/);
  });
});
