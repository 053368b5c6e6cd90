/**
 * The link-preview cache under concurrent askers, across two processes on one database (SQLite, and PostgreSQL when
 * the suite has one), freshness, stale-while-revalidate, unavailable for 1 h, the per-IP limit for previews not yet
 * cached and the routes' 429. The body runs in a network namespace of its own (cache-runner.ts), because the fixture
 * site must sit on a public address for the real address rules to let the fetch through; PostgreSQL is reached over
 * its Unix socket, which a network namespace does not cut off. If the namespace cannot be made, this suite FAILS.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { dialectsUnderTest, freshDatabase, type TestDatabase } from '../support/databases.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Summary {
  kind: string;
  from?: string;
  status?: string;
  title?: string;
  fetchedAt?: string;
  code?: string;
  retryAfterSeconds?: number;
}
type Dialect = Record<string, Record<string, unknown>>;

let pgDatabase: TestDatabase | undefined;
let report: Record<string, Dialect> = {};

/** A postgres:// URL that goes through the server's Unix socket (reachable from inside the namespace). */
async function socketUrl(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const dirs = (await client.query<{ d: string }>("select current_setting('unix_socket_directories') as d")).rows[0]!
      .d;
    const port = (await client.query<{ p: string }>("select current_setting('port') as p")).rows[0]!.p;
    const u = new URL(url);
    return `postgres://${u.username}@localhost:${port}${u.pathname}?host=${encodeURIComponent(dirs.split(',')[0]!.trim())}`;
  } finally {
    await client.end();
  }
}

before(async () => {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    assert.fail('The cache suite must run as root: it makes its own network namespace with `unshare --net`.');
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (dialectsUnderTest().includes('postgres')) {
    pgDatabase = await freshDatabase('postgres');
    env.CACHE_RUNNER_PG_URL = await socketUrl(pgDatabase.url);
  }
  const run = spawnSync(
    'unshare',
    ['--net', '--mount', process.execPath, '--import', 'tsx', join(here, 'cache-runner.ts')],
    { encoding: 'utf8', timeout: 180_000, maxBuffer: 16 * 1024 * 1024, env },
  );
  let parsed: { fatal?: string; report?: Record<string, Dialect> } | undefined;
  try {
    parsed = JSON.parse(run.stdout) as typeof parsed;
  } catch {
    // reported below
  }
  if (run.status !== 0 || !parsed?.report) {
    assert.fail(`cache runner failed (status ${run.status}): ${parsed?.fatal ?? ''}\n${run.stderr.slice(-4000)}`);
  }
  report = parsed.report;
});

after(async () => {
  await pgDatabase?.drop();
});

for (const dialect of dialectsUnderTest()) {
  describe(`link-preview cache (${dialect}, in a network namespace)`, () => {
    const single = () => report[dialect]!.single as Record<string, Record<string, unknown>>;

    test('20 concurrent askers in one process: one fetch of the page and of its image, one answer for all', () => {
      const c = single().concurrent as { hits: number; photoHits: number; answers: Summary[] };
      assert.equal(c.hits, 1);
      assert.equal(c.photoHits, 1);
      assert.equal(c.answers.length, 20);
      for (const a of c.answers) {
        assert.equal(a.kind, 'preview');
        assert.equal(a.from, 'fetched');
        assert.equal(a.title, `Page ${dialect}-a`);
        assert.equal(a.fetchedAt, c.answers[0]!.fetchedAt);
      }
    });

    test('then served from the cache (also with a #fragment), no new fetch', () => {
      const again = single().again as { answer: Summary; hits: number };
      assert.equal(again.answer.from, 'fresh');
      assert.equal(again.hits, 1);
      assert.equal((single().fragment as unknown as Summary).from, 'fresh');
    });

    test('the image: WebP at the declared size, encoded on its first request; forged IDs get nothing', () => {
      const i = single().image as Record<string, unknown>;
      assert.deepEqual(
        [i.format, i.width, i.height, i.exif],
        ['webp', (i.declared as { width: number }).width, (i.declared as { height: number }).height, false],
      );
      assert.deepEqual(
        [(i.declared as { width: number }).width, (i.declared as { alt: string }).alt],
        [800, 'A photo'],
      );
      assert.equal(i.same, true, 'the second request serves the stored WebP');
      assert.equal(i.photoHits, 1, 'the third party is never asked again');
      assert.equal(i.tampered, true);
      assert.equal(i.otherSecret, true);
      assert.equal(i.unknownKey, true);
    });

    test('after 24 h: the stale answer at once, one background refresh, then the fresh one', () => {
      const s = single().stale as { answer: Summary; again: Summary; hitsAfterRefresh: number; afterRefresh: Summary };
      const first = (single().concurrent as { answers: Summary[] }).answers[0]!;
      assert.equal(s.answer.from, 'stale');
      assert.equal(s.answer.fetchedAt, first.fetchedAt);
      assert.equal(s.again.from, 'stale');
      assert.equal(s.hitsAfterRefresh, 2, 'two stale askers, one refresh');
      assert.equal(s.afterRefresh.from, 'fresh');
      assert.notEqual(s.afterRefresh.fetchedAt, first.fetchedAt);
    });

    test('past the 7 days of stale: fetched again before answering', () => {
      const e = single().expired as { answer: Summary; hits: number };
      assert.equal(e.answer.from, 'fetched');
      assert.equal(e.hits, 3);
    });

    test('unavailable is cached for 1 h, then fetched again', () => {
      const u = single().unavailable as { answers: Summary[]; hitsWithinHour: number; hitsAfter: number };
      assert.deepEqual(
        u.answers.map((a) => [a.status, a.from]),
        [
          ['unavailable', 'fetched'],
          ['unavailable', 'fresh'],
          ['unavailable', 'fresh'],
          ['unavailable', 'fetched'],
        ],
      );
      assert.equal(u.hitsWithinHour, 1);
      assert.equal(u.hitsAfter, 2);
    });

    test('the per-IP limit counts previews not yet cached only', () => {
      const l = single().limit as { answers: Summary[]; l3Hits: number };
      assert.deepEqual(
        l.answers.map((a) => a.kind),
        ['preview', 'preview', 'limited', 'preview', 'preview'],
      );
      assert.ok((l.answers[2]!.retryAfterSeconds ?? 0) >= 1);
      assert.equal(l.answers[3]!.from, 'fresh', 'a cached preview is served to a limited address');
      assert.equal(l.l3Hits, 1, 'the limited ask fetched nothing; the other address fetched once');
    });

    test('a refusal after a redirect is url_not_allowed, and not cached', () => {
      const r = single().refusedAfterRedirect as {
        answers: Summary[];
        rows: Array<{ body: unknown; lease_owner: unknown }>;
      };
      assert.deepEqual(
        r.answers.map((a) => [a.kind, a.code]),
        [
          ['refused', 'url_not_allowed'],
          ['refused', 'url_not_allowed'],
        ],
      );
      assert.deepEqual(r.rows, [{ body: null, lease_owner: null }]);
    });

    test('force (warming) fetches even when the cache is fresh', () => {
      const f = single().force as { answer: Summary; hits: number };
      assert.equal(f.answer.from, 'fetched');
      assert.equal(f.hits, 1);
    });

    test('two processes on one database, 10 askers each: one fetch, the same answer everywhere', () => {
      const t = report[dialect]!.twoProcesses as {
        hits: number;
        workers: Array<{ status: number; stderr: string; answers: Summary[] }>;
      };
      for (const w of t.workers) assert.equal(w.status, 0, w.stderr);
      assert.equal(t.hits, 1);
      const all = t.workers.flatMap((w) => w.answers);
      assert.equal(all.length, 20);
      for (const a of all) {
        assert.equal(a.title, `Page ${dialect}-multi`);
        assert.equal(a.fetchedAt, all[0]!.fetchedAt);
      }
    });

    test('the routes: 200, then 429 with Retry-After for a second uncached preview, cached still 200; image headers', () => {
      const r = report[dialect]!.routes as Record<
        string,
        { status: number; retryAfter: string | null; body: Record<string, unknown> } & Record<string, unknown>
      >;
      assert.equal(r.first!.status, 200);
      assert.equal(r.first!.body.title, `Page ${dialect}-route1`);
      assert.equal(r.second!.status, 429);
      assert.ok(Number(r.second!.retryAfter) >= 1);
      assert.equal((r.second!.body.error as { code: string }).code, 'too_many_requests');
      assert.equal(r.cached!.status, 200);
      assert.equal(r.notAllowed!.status, 422);
      assert.equal((r.notAllowed!.body.error as { code: string }).code, 'url_not_allowed');
      assert.deepEqual(r.image, {
        status: 200,
        type: 'image/webp',
        cache: 'public, max-age=31536000, immutable',
        corp: 'cross-origin',
      });
    });
  });
}
