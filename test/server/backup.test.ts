import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { migrateToLatest, openDatabase } from '../../src/server/db/index.js';
import { bookingBody, cliCommand, postBooking, slotStart, spawnServer, writePractice } from './support/booking.js';

const dir = mkdtempSync(join(tmpdir(), 'soleus-backup-'));
const practice = writePractice();
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(practice.dir, { recursive: true, force: true });
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `soleus <args>` in the temp dir with a clean environment; gives up after 60 s. */
function soleus(args: string[]): Promise<Ran> {
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if (/^(DATABASE_URL|NODE_ENV)$/.test(key) || key.startsWith('SOLEUS_')) delete env[key];
  const child = spawn(process.execPath, [...cliCommand, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** Exit 1 with exactly one line on stderr matching `pattern`. */
function assertRefused(ran: Ran, pattern: RegExp): void {
  assert.equal(ran.code, 1, `expected exit 1: ${ran.stdout}${ran.stderr}`);
  assert.equal(ran.stdout, '');
  assert.match(ran.stderr, /^soleus: [^\n]+\n$/);
  assert.match(ran.stderr, pattern);
}

/** A migrated Soleus SQLite database at a new path. */
async function soleusDatabase(name: string): Promise<string> {
  const file = join(dir, name);
  const database = await openDatabase(`sqlite:${file}`);
  try {
    await migrateToLatest(database.db, database.dialect, { where: database.where });
  } finally {
    await database.close();
  }
  return file;
}

/**
 * The stream: at least 60 posts, and on until the backup has finished, at most 400. Grid slots an hour apart (no two
 * blocks overlap), 03:00–22:00 (no DST gap among them), 20 a day.
 */
const STREAM_MIN = 60;
const STREAM_MAX = 400;
const slot = (i: number) => slotStart(2 + Math.floor(i / 20), 3 + (i % 20), 0);

describe('soleus backup / restore (SQLite)', () => {
  test('back up during a booking stream, restore: every booking that got a 201 before the backup started is there', async () => {
    const live = join(dir, 'live.db');
    const server = await spawnServer(`sqlite:${live}`, practice.file);
    let restoredServer: Awaited<ReturnType<typeof spawnServer>> | undefined;
    try {
      const created: { id: string; at: number }[] = [];
      let next = 0;
      let backupStartedAt = Infinity;
      let backup: Promise<Ran> | undefined;
      let backupDone = false;
      let backupStarted!: () => void;
      const started = new Promise<void>((resolve) => (backupStarted = resolve));
      const worker = async () => {
        while (next < STREAM_MAX && !(backupDone && next >= STREAM_MIN)) {
          const i = next++;
          const reply = await postBooking(server.url, bookingBody('s30', slot(i)));
          assert.equal(reply.status, 201, reply.text);
          created.push({ id: reply.body.booking.id as string, at: performance.now() });
          if (created.length === 20 && !backup) {
            backupStartedAt = performance.now();
            backup = soleus(['backup', 'snapshot.db', '--db', `sqlite:${live}`]);
            void backup.then(() => (backupDone = true));
            backupStarted();
          }
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      await started;
      const ran = await backup!;
      assert.ok(backupDone, `the stream of ${STREAM_MAX} posts ended before the backup did`);
      assert.equal(ran.code, 0, ran.stderr);
      const line = /^Backed up (.+) to (.+): ([\d.]+ [kM]?B), (\d+) bookings?, ([\d.]+) s\.\n$/.exec(ran.stdout);
      assert.ok(line, ran.stdout);
      assert.equal(line[1], live);
      assert.equal(line[2], join(dir, 'snapshot.db'));
      const before = created.filter((c) => c.at < backupStartedAt);
      assert.ok(Number(line[4]) >= before.length, `${line[4]} bookings in the backup, ${before.length} before it`);
      assert.ok(Number(line[4]) <= created.length);
      console.log(
        `stream ${created.length} bookings (201), ${before.length} before the backup started; backup: ${line[3]}, ${line[4]} bookings, ${line[5]} s`,
      );
      assert.deepEqual(
        readdirNames().filter((n) => n.includes('.tmp-')),
        [],
        'no temp file left',
      );

      await server.stop();
      const restored = join(dir, 'fresh', 'restored.db');
      const back = await soleus(['restore', 'snapshot.db', '--db', `sqlite:${restored}`]);
      assert.equal(back.code, 0, back.stderr);
      assert.match(
        back.stdout,
        new RegExp(`^Restored .+snapshot\\.db to .+restored\\.db: .+, ${line[4]} bookings?, .+ s\\.\\n$`),
      );

      const db = new BetterSqlite3(restored, { readonly: true });
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        const status = db.prepare('select status from bookings where id = ?');
        for (const c of before) {
          const row = status.get(c.id) as { status: string } | undefined;
          assert.equal(row?.status, 'confirmed', `booking ${c.id} made before the backup`);
        }
      } finally {
        db.close();
      }
      // And the server starts on it.
      restoredServer = await spawnServer(`sqlite:${restored}`, practice.file);
      const health = await fetch(`${restoredServer.url}/api/v1/health`);
      assert.equal(health.status, 200);
    } finally {
      await server.stop();
      await restoredServer?.stop();
    }
  });

  test('restore refuses while a server runs on the target, and leaves the file unchanged', async () => {
    const target = await soleusDatabase('busy.db');
    const snapshot = join(dir, 'busy-snapshot.db');
    assert.equal((await soleus(['backup', snapshot, '--db', `sqlite:${target}`])).code, 0);
    const server = await spawnServer(`sqlite:${target}`, practice.file);
    try {
      const bytes = readFileSync(target);
      assertRefused(await soleus(['restore', snapshot, '--db', `sqlite:${target}`, '--force']), /in use/);
      assert.ok(readFileSync(target).equals(bytes), 'database file unchanged');
      assert.ok(existsSync(`${target}-wal`), "the server's WAL is still there");
      const health = await fetch(`${server.url}/api/v1/health`);
      assert.equal(health.status, 200);
    } finally {
      await server.stop();
    }
    // Once it has stopped: refused without --force, done with it.
    assertRefused(await soleus(['restore', snapshot, '--db', `sqlite:${target}`]), /exists; add --force/);
    const done = await soleus(['restore', snapshot, '--db', `sqlite:${target}`, '--force']);
    assert.equal(done.code, 0, done.stderr);
    assert.ok(!existsSync(`${target}-wal`) && !existsSync(`${target}-shm`), 'stale -wal / -shm removed');
  });

  test('backup refuses a PostgreSQL URL (naming pg_dump, no password), an in-memory and a missing database', async () => {
    const pg = await soleus(['backup', 'pg.dump', '--db', 'postgres://soleus:s3cret@127.0.0.1:5432/soleus']);
    assertRefused(pg, /use pg_dump for PostgreSQL: pg_dump .*pg\.dump/);
    assert.doesNotMatch(pg.stderr, /s3cret/);
    assertRefused(await soleus(['backup', 'mem.db', '--db', 'sqlite::memory:']), /in-memory/);
    assertRefused(await soleus(['backup', 'missing.db', '--db', 'sqlite:./nothing-here.db']), /No database at/);
    assertRefused(
      await soleus(['restore', 'pg.dump', '--db', 'postgres://soleus@127.0.0.1:5432/soleus']),
      /use pg_restore/,
    );
    assert.ok(!existsSync(join(dir, 'pg.dump')) && !existsSync(join(dir, 'nothing-here.db')));
  });

  test('restore refuses a file that is not SQLite, and a SQLite file without our migrations', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'not a database, just some text that is longer than a header');
    assertRefused(
      await soleus(['restore', 'notes.txt', '--db', 'sqlite:./target-a.db']),
      /notes\.txt is not a SQLite database/,
    );
    const other = new BetterSqlite3(join(dir, 'other.db'));
    other.exec('create table t (x)');
    other.close();
    assertRefused(await soleus(['restore', 'other.db', '--db', 'sqlite:./target-a.db']), /no soleus_migrations table/);
    assertRefused(await soleus(['restore', 'absent.db', '--db', 'sqlite:./target-a.db']), /No backup file/);
    assert.ok(!existsSync(join(dir, 'target-a.db')), 'no database created');
    assert.deepEqual(
      readdirNames().filter((n) => n.includes('.tmp-')),
      [],
    );
  });

  test('backup refuses an existing target without --force, replaces it with --force', async () => {
    const source = await soleusDatabase('source.db');
    writeFileSync(join(dir, 'taken.db'), 'keep me');
    assertRefused(await soleus(['backup', 'taken.db', '--db', `sqlite:${source}`]), /taken\.db exists; add --force/);
    assert.equal(readFileSync(join(dir, 'taken.db'), 'utf8'), 'keep me');
    const forced = await soleus(['backup', 'taken.db', '--db', `sqlite:${source}`, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /, 0 bookings, /);
    const copy = new BetterSqlite3(join(dir, 'taken.db'), { readonly: true });
    try {
      assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal(copy.pragma('journal_mode', { simple: true }), 'delete', 'a single self-contained file');
    } finally {
      copy.close();
    }
  });
});

function readdirNames(): string[] {
  return readdirSync(dir, { recursive: true }) as string[];
}
