#!/usr/bin/env node
// npm run bench [-- --quick] [-- --only=health,availability,posts,preview] [-- --no-postgres]
//
// A benchmark of the BUILT booking server (dist/node), not a test: it prints figures and compares them with the
// targets of the booking issue. Exit code 0 even when a target is missed; non-zero only when the benchmark itself
// broke (the server did not start, a seed booking was refused, a load run crashed).
//
// For each database (SQLite in a temp file; PostgreSQL from SOLEUS_BENCH_POSTGRES_URL / SOLEUS_TEST_POSTGRES_URL,
// or a throwaway cluster started with scripts/pg.mjs) it starts the server on 127.0.0.1 with a bench practice,
// seeds 2,000 bookings through POST /api/v1/bookings, then runs autocannon (50 connections) against
//   1. GET  /api/v1/health                                   (the trivial route: the yardstick)
//   2. GET  /api/v1/availability?service=s15&from=…&to=…     (62 days with the 2,000 bookings in them)
//   3. POST /api/v1/bookings                                 (every request a distinct free slot 100–400 days ahead)
//   4. GET  /api/v1/comments?thread=bench-thread            (a 500-comment thread: 100 comments with 4 replies each)
//   5. POST /api/v1/comments                                 (SQLite only: every post a distinct text)
//   6. GET  /api/v1/link-preview?url=<pinned card URL>       (the CACHED preview: a card pinned in the bench practice,
//                                                             with the demo's image; issue 13: p99 under 10 ms)
// The load generator runs in a worker thread so that it does not share the server's event loop. The read routes run
// in 3 interleaved rounds (1 with --quick), each shown by its round with the median p99, every round printed: a
// burst of other work on a shared 2-core machine then lands on one round of every route, not on one route's figure.
// Then, as its second half, it runs scripts/bench-calendar.mjs (with --quick when given): the calendar page pair in
// headless Chromium, our month vs cally's. With `preview` among the routes, a third half runs scripts/bench-previews.mjs:
// the UNCACHED preview of a fixture page, in a network namespace of its own (root; "skipped: …" otherwise).
// Each half keeps its own exit code rule; the run fails if any broke.
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';

const WARMUP_READS_PER_CONNECTION = 40;
const WARMUP_POSTS_PER_CONNECTION = 4;

if (isMainThread) await main();
else await loadWorker();

// ─────────────────────────────────────────────────────────────────────────────────────────── load generator (worker)

async function loadWorker() {
  const { default: autocannon } = await import('autocannon');
  const job = workerData;
  const latencies = [];
  const statusCounts = {};
  const samples = {}; // status → up to 3 response bodies
  let cursor = 0;
  let exhausted = false;
  const starts = job.fresh?.starts;

  let commentCount = 0;
  function nextComment(req) {
    const i = commentCount++;
    return {
      ...req,
      headers: { ...req.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        thread: job.comment.thread,
        name: `Bench Reader ${i}`,
        body: `Bench comment ${job.comment.runId} number ${i}: the long run felt easier after the massage.`,
        t: job.comment.token,
      }),
    };
  }

  function nextPost(req) {
    const i = cursor++;
    const start = starts[Math.min(i, starts.length - 1)];
    if (i >= starts.length) exhausted = true; // cannot happen with `amount` bounded below; reported if it does
    return {
      ...req,
      headers: {
        ...req.headers,
        'Content-Type': 'application/json',
        'Idempotency-Key': `bench-${job.fresh.runId}-${i}`,
      },
      body: JSON.stringify({
        serviceId: job.fresh.serviceId,
        start: new Date(start).toISOString(),
        client: { name: `Bench Client ${i}`, email: `client${i}@bench.example.com` },
        timeZone: job.fresh.zone,
      }),
    };
  }

  // Warm-up: a fixed number of requests, every one answered before the measured run starts, so the measured run never
  // inherits a backlog: 40 per connection for reads, 4 for posts (each takes a fresh slot). Without it the first
  // second of a run measures V8 compiling the route and autocannon itself: every response slower than 20 ms in a
  // 4-second availability run fell in its first second. Measured run: `seconds` long.
  async function phase(seconds, record) {
    const request = {
      method: job.method,
      path: job.path,
      ...(job.headers ? { headers: job.headers } : {}),
      onResponse(status, body) {
        if (!record || (status >= 200 && status < 300)) return;
        const list = (samples[status] ??= []);
        if (list.length < 3) list.push(String(body).slice(0, 400));
      },
    };
    if (starts) request.setupRequest = nextPost;
    if (job.comment) request.setupRequest = nextComment;
    const options = {
      url: job.url,
      connections: job.connections,
      pipelining: 1,
      timeout: 10,
      requests: [request],
    };
    // Fresh posts: `amount` keeps every request on its own slot (each client builds at most one request past its
    // share); the timer below ends the run after `seconds` as usual.
    const timed = record;
    if (!timed)
      options.amount =
        job.connections * (starts || job.comment ? WARMUP_POSTS_PER_CONNECTION : WARMUP_READS_PER_CONNECTION);
    else if (starts) options.amount = Math.max(job.connections, starts.length - cursor - 4 * job.connections);
    else options.duration = seconds;
    const instance = autocannon(options);
    const timer = timed && options.amount ? setTimeout(() => instance.stop(), seconds * 1000) : undefined;
    if (record) {
      instance.on('response', (_client, status, _bytes, ms) => {
        latencies.push(ms);
        statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      });
    } else {
      instance.on('response', (_client, status) => {
        if (status >= 200 && status < 300) warmup2xx++;
      });
    }
    const result = await instance;
    clearTimeout(timer);
    return result;
  }

  let warmup2xx = 0;
  try {
    await phase(0, false);
    const result = await phase(job.duration, true);
    const lat = Float64Array.from(latencies);
    parentPort.postMessage(
      {
        ok: true,
        completed: latencies.length,
        durationS: result.duration,
        statusCounts,
        samples,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        warmup2xx,
        slotsUsed: cursor,
        exhausted,
        latencies: lat,
      },
      [lat.buffer],
    );
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error?.stack ?? error) });
  }
}

// ─────────────────────────────────────────────────────────────────────────────────────────── orchestration (main)

async function main() {
  const { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { spawnSync } = await import('node:child_process');
  const { tmpdir, cpus, totalmem, loadavg, release } = await import('node:os');
  const { join, resolve, dirname } = await import('node:path');
  const { fileURLToPath, pathToFileURL } = await import('node:url');
  const { randomBytes } = await import('node:crypto');
  const practiceFixture = await import('./bench-practice.mjs');
  const { benchPractice, gridStarts, dayIn, addDays, ZONE, SEED_SERVICE, FRESH_SERVICE } = practiceFixture;

  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  process.chdir(root);

  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const noPostgres = argv.includes('--no-postgres');
  const onlyArg = argv.find((a) => a.startsWith('--only='));
  const ALL_ROUTES = ['health', 'availability', 'posts', 'comments', 'comment-posts', 'preview'];
  const BROWSER_HEADERS = { 'Accept-Encoding': 'gzip, deflate, br, zstd' };
  const only = onlyArg ? onlyArg.slice('--only='.length).split(',').filter(Boolean) : ALL_ROUTES;
  const unknown = argv.filter((a) => !['--quick', '--no-postgres'].includes(a) && !a.startsWith('--only='));
  if (unknown.length || only.some((r) => !ALL_ROUTES.includes(r))) {
    console.error(
      `bench: unknown option ${unknown.join(' ') || onlyArg}; use --quick, --no-postgres, --only=${ALL_ROUTES.join(',')}`,
    );
    process.exit(2);
  }

  const CONNECTIONS = 50;
  const DURATION = quick ? 2 : 8;
  /** Rounds of each read route (interleaved; the round with the median p99 is the route's figure). */
  const ROUNDS = quick ? 1 : 3;
  const DRAIN_LIMIT_S = 120;
  const RUN_LIMIT_S = DURATION + 180; // a load run (warm-up included) that takes longer than this is broken
  const SEEDS = 2000;
  const SEED_CONCURRENCY = 20;
  const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

  // ── the built server
  const serverJs = join(root, 'dist/node/server/server.js');
  if (!existsSync(serverJs)) {
    console.log(
      'bench: dist/node/server/server.js is missing, so the server is not built; running `npm run build` first…',
    );
    const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (built.status !== 0 || !existsSync(serverJs)) {
      console.error('bench: `npm run build` failed; fix the build, then run `npm run bench` again.');
      process.exit(1);
    }
  }
  const { startServer } = await import(pathToFileURL(serverJs).href);

  // ── cleanup, also on error and Ctrl-C
  const cleanups = [];
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      while (cleanups.length) {
        const [what, fn] = cleanups.pop();
        try {
          await fn();
        } catch (error) {
          console.error(`bench: cleanup (${what}) failed: ${error?.message ?? error}`);
        }
      }
    })());
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`\nbench: ${signal}, cleaning up…`);
      cleanup().finally(() => process.exit(130));
    });
  }

  const tmp = mkdtempSync(join(tmpdir(), 'soleus-bench-'));
  cleanups.push(['temp dir', () => rmSync(tmp, { recursive: true, force: true })]);
  const practiceFile = join(tmp, 'practice.json');
  // Comments publish at once in the bench practice, so the seeded thread is listed and posts are published too.
  // One pinned link preview (the cached-preview run): the demo's card image, copied next to the practice file because
  // the practice names it relative to itself.
  copyFileSync(join(root, 'demo/marathon-hub.webp'), join(tmp, 'pinned.webp'));
  const PINNED_URL = 'https://www.bench.example.com/training';
  const PINNED_TITLE = 'Bench pinned card';
  writeFileSync(
    practiceFile,
    JSON.stringify(
      {
        ...benchPractice(),
        comments: { moderation: 'none', blockedWords: [] },
        linkPreview: {
          pinned: [
            {
              url: PINNED_URL,
              title: PINNED_TITLE,
              description: 'A card pinned in the bench practice: served from the cache, never fetched.',
              siteName: 'Bench',
              lang: 'en-GB',
              image: { file: 'pinned.webp', alt: 'A runner cresting a hill at dawn' },
            },
          ],
        },
      },
      null,
      2,
    ),
  );

  // ── machine
  const cpu = cpus();
  console.log('Soleus benchmark' + (quick ? ' (--quick)' : ''));
  console.log(
    `machine: ${cpu.length} CPU(s) (${cpu[0]?.model?.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `${process.platform} ${release()}, node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `load: autocannon in a worker thread, ${CONNECTIONS} connections; per route a warm-up of ${WARMUP_READS_PER_CONNECTION * CONNECTIONS} reads or ${WARMUP_POSTS_PER_CONNECTION * CONNECTIONS} posts (all answered), then ${DURATION} s measured${ROUNDS > 1 ? `; the read routes in ${ROUNDS} interleaved rounds` : ''}; ` +
      `the server drains (idle event loop, no more writes) before the next route; ` +
      `server in this process (${serverJs.replace(root + '/', '')})`,
  );

  // ── databases
  const targets = [{ dialect: 'sqlite', label: 'SQLite', url: `sqlite:${join(tmp, 'bench.db')}` }];
  let pgAdminUrl = process.env.SOLEUS_BENCH_POSTGRES_URL || process.env.SOLEUS_TEST_POSTGRES_URL || '';
  let pgNote = '';
  if (noPostgres) pgNote = 'PostgreSQL: skipped (--no-postgres)';
  else if (pgAdminUrl)
    pgNote = `PostgreSQL: ${redact(pgAdminUrl)} (from ${process.env.SOLEUS_BENCH_POSTGRES_URL ? 'SOLEUS_BENCH_POSTGRES_URL' : 'SOLEUS_TEST_POSTGRES_URL'})`;
  else {
    // Our own state file, so that we never reuse (or stop) a cluster somebody else started.
    const pgEnv = { ...process.env, PG_STATE_FILE: join(tmp, 'pg-state.json') };
    const started = spawnSync(process.execPath, ['scripts/pg.mjs', 'start'], {
      env: pgEnv,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const url = (started.stdout || '').trim().split('\n').pop() ?? '';
    if (started.status === 0 && /^postgres:\/\//.test(url)) {
      pgAdminUrl = url;
      pgNote = `PostgreSQL: throwaway cluster ${url} (scripts/pg.mjs)`;
      // Registered before the temp dir is removed (cleanups run last-in first-out).
      cleanups.push([
        'stop PostgreSQL',
        () => {
          const stopped = spawnSync(process.execPath, ['scripts/pg.mjs', 'stop'], {
            env: pgEnv,
            encoding: 'utf8',
            timeout: 60_000,
          });
          if (stopped.status !== 0)
            throw new Error(`node scripts/pg.mjs stop failed: ${(stopped.stderr || stopped.stdout).trim()}`);
        },
      ]);
    } else {
      const why = started.error
        ? started.error.message
        : `exit ${started.status}${started.signal ? ` (${started.signal})` : ''}: ${(started.stderr || started.stdout || '').trim() || 'no output'}`;
      pgNote = `PostgreSQL: SKIPPED, \`node scripts/pg.mjs start\` failed (${why}); set SOLEUS_BENCH_POSTGRES_URL to use a running server. Continuing with SQLite only.`;
    }
  }
  if (pgAdminUrl && !noPostgres) targets.push({ dialect: 'postgres', label: 'PostgreSQL', adminUrl: pgAdminUrl });
  console.log(pgNote);

  const reports = [];
  let broken = false;
  try {
    for (const target of targets) {
      console.log(`\n── ${target.label} ${'─'.repeat(60)}`);
      try {
        reports.push(await benchDialect(target));
      } catch (error) {
        broken = true;
        console.error(`\n!! ${target.label}: the benchmark broke: ${error?.message ?? error}`);
        if (error?.detail) console.error(error.detail);
        reports.push({ target, failed: String(error?.message ?? error) });
      }
    }
  } finally {
    await cleanup();
  }

  printSummary(reports);
  if (broken) {
    console.error('\nbench: the benchmark itself broke (see the !! lines above); exit code 1.');
    process.exitCode = 1;
  }

  // ── the second half: the calendar page pair in headless Chromium (its own process, which cleans up after itself)
  const { spawn } = await import('node:child_process');
  const calendarCode = await new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'scripts/bench-calendar.mjs'), ...(quick ? ['--quick'] : [])], {
      stdio: 'inherit',
    });
    child.once('error', (error) => {
      console.error(`bench: could not start scripts/bench-calendar.mjs: ${error?.message ?? error}`);
      done(1);
    });
    child.once('exit', (code) => done(code ?? 1));
  });
  if (calendarCode !== 0) {
    console.error(`\nbench: the calendar benchmark broke (exit code ${calendarCode}); exit code 1.`);
    process.exitCode = 1;
  }

  // ── the third half: the uncached link preview, in a network namespace of its own (its own process)
  if (only.includes('preview')) {
    const previewsCode = await new Promise((done) => {
      const child = spawn(process.execPath, [join(root, 'scripts/bench-previews.mjs'), ...(quick ? ['--quick'] : [])], {
        stdio: 'inherit',
      });
      child.once('error', (error) => {
        console.error(`bench: could not start scripts/bench-previews.mjs: ${error?.message ?? error}`);
        done(1);
      });
      child.once('exit', (code) => done(code ?? 1));
    });
    if (previewsCode !== 0) {
      console.error(`\nbench: the uncached-preview benchmark broke (exit code ${previewsCode}); exit code 1.`);
      process.exitCode = 1;
    }
  }

  // ─────────────────────────────────────────────────── one database

  async function benchDialect(target) {
    let dbUrl = target.url;
    if (target.dialect === 'postgres') dbUrl = await createPgDatabase(target.adminUrl);

    const serverErrors = [];
    let serverErrorCount = 0;
    const server = await startServer({
      args: ['--host', '127.0.0.1', '--port', '0', '--db', dbUrl, '--config', practiceFile],
      env: {
        SOLEUS_BOOKING_RATE_LIMIT: '1000000',
        SOLEUS_COMMENT_RATE_LIMIT: '1000000',
        SOLEUS_COMMENT_THREAD_RATE_LIMIT: '1000000',
        SOLEUS_ADMIN_TOKEN: ADMIN_TOKEN,
      },
      logError: (message, error) => {
        serverErrorCount++;
        if (serverErrors.length < 3)
          serverErrors.push(
            `${message} ${String(error?.stack ?? error)
              .split('\n')
              .slice(0, 4)
              .join(' | ')}`,
          );
      },
    });
    const closeServer = () => server.close();
    cleanups.push([`${target.label} server`, closeServer]);
    try {
      const base = server.url;
      if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base))
        throw new Error(`the server listens on ${base}, expected 127.0.0.1`);
      console.log(`server ${base}, database ${server.database.where}`);

      const health = await fetchJson(`${base}/api/v1/health`);
      if (health.status !== 200 || health.json?.db !== target.dialect) {
        throw new Error(`GET /api/v1/health answered ${health.status} ${health.text.slice(0, 200)}`);
      }

      const today = dayIn(Date.now(), ZONE);
      const tomorrow = addDays(today, 1);
      const lastDay = addDays(tomorrow, 61); // 62 days inclusive
      const needBookings = only.includes('availability') || only.includes('posts');
      const result = { target, rows: [], notes: [], problems: [] };

      // ── seed 2,000 bookings inside the availability window
      let grid = [];
      let seeded = 0;
      if (needBookings) {
        grid = gridStarts(tomorrow, lastDay, SEED_SERVICE.minutes, ZONE);
        if (grid.length < SEEDS * 2)
          throw new Error(`only ${grid.length} grid slots between ${tomorrow} and ${lastDay}`);
        const seeds = Array.from({ length: SEEDS }, (_, i) => grid[Math.floor((i * grid.length) / SEEDS)]);
        const runId = randomBytes(4).toString('hex');
        const t0 = performance.now();
        const failures = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: SEED_CONCURRENCY }, async () => {
            while (next < seeds.length && failures.length === 0) {
              const i = next++;
              const start = new Date(seeds[i]).toISOString();
              const res = await fetchJson(`${base}/api/v1/bookings`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `seed-${runId}-${i}` },
                body: JSON.stringify({
                  serviceId: SEED_SERVICE.id,
                  start,
                  client: { name: `Seed Client ${i}`, email: `seed${i}@bench.example.com` },
                  timeZone: ZONE,
                }),
              });
              const booking = res.json?.booking;
              if (res.status !== 201 || booking?.status !== 'confirmed' || Date.parse(booking?.start) !== seeds[i]) {
                failures.push(`seed #${i} (start ${start}) → ${res.status} ${res.text.slice(0, 300)}`);
              } else seeded++;
            }
          }),
        );
        const seconds = (performance.now() - t0) / 1000;
        if (failures.length) {
          const hint =
            failures[0].includes('→ 404') && failures[0].includes('not_found')
              ? '\n   (404 not_found: the booking routes are not in dist/node; run `npm run build`)'
              : '';
          throw Object.assign(
            new Error(`seeding aborted: a seed booking was not created (${seeded} of ${SEEDS} were)`),
            {
              detail: `   ${failures[0]}${hint}`,
            },
          );
        }
        const line = `seeded ${seeded} bookings (${SEED_SERVICE.id}, ${tomorrow} … ${lastDay}, every ~${(grid.length / SEEDS).toFixed(1)}th slot) in ${seconds.toFixed(1)} s: ${(seeded / seconds).toFixed(0)} posts/s with ${SEED_CONCURRENCY} in flight`;
        console.log(line);
        result.notes.push(line);
      }

      // ── availability: one checked request before the load
      const availabilityPath = `/api/v1/availability?service=${SEED_SERVICE.id}&from=${tomorrow}&to=${lastDay}`;
      if (only.includes('availability')) {
        const t0 = performance.now();
        const res = await fetchJson(base + availabilityPath);
        const ms = performance.now() - t0;
        if (res.status !== 200)
          throw new Error(`GET ${availabilityPath} answered ${res.status} ${res.text.slice(0, 300)}`);
        const slots = res.json?.slots ?? [];
        const expected = grid.length - seeded;
        const sorted = slots.every((s, i) => i === 0 || Date.parse(s.start) > Date.parse(slots[i - 1].start));
        const sent = await encodedSize(base + availabilityPath, BROWSER_HEADERS);
        const line =
          `availability ${tomorrow} … ${lastDay}: ${slots.length} slots, ${(res.bytes / 1024).toFixed(0)} KiB of JSON ` +
          `(${(sent.bytes / 1024).toFixed(1)} KiB sent as ${sent.encoding} to a browser), first request ${ms.toFixed(1)} ms`;
        console.log(line);
        result.notes.push(line);
        if (
          slots.length !== expected ||
          !sorted ||
          res.json?.timeZone !== ZONE ||
          res.json?.service !== SEED_SERVICE.id
        ) {
          const problem = `availability answer looks wrong: ${slots.length} slots (expected ${expected} = ${grid.length} grid slots − ${seeded} booked), sorted: ${sorted}, service ${res.json?.service}, timeZone ${res.json?.timeZone}`;
          console.log(`!! ${problem}`);
          result.problems.push(problem);
        }
      }

      // ── load runs
      const runs = [];
      if (only.includes('health'))
        runs.push({ route: 'GET /api/v1/health', key: 'health', method: 'GET', path: '/api/v1/health' });
      if (only.includes('availability')) {
        // As a browser asks (Chromium's Accept-Encoding): the answer comes brotli-compressed. The second run asks for
        // it uncompressed, as curl or a server-side client might; it is printed for comparison, not held to a target.
        runs.push({
          route: 'GET /api/v1/availability (62 days)',
          key: 'availability',
          method: 'GET',
          path: availabilityPath,
          headers: BROWSER_HEADERS,
        });
        runs.push({
          route: '  same, uncompressed (no Accept-Encoding)',
          key: 'availability-identity',
          method: 'GET',
          path: availabilityPath,
        });
      }
      let fresh;
      if (only.includes('posts')) {
        const from = addDays(today, 100);
        const to = addDays(today, 399);
        const starts = gridStarts(from, to, FRESH_SERVICE.minutes, ZONE);
        shuffle(starts, 0x5eed);
        fresh = { starts, serviceId: FRESH_SERVICE.id, zone: ZONE, runId: randomBytes(4).toString('hex'), from, to };
        runs.push({
          route: 'POST /api/v1/bookings (fresh slots)',
          key: 'posts',
          method: 'POST',
          path: '/api/v1/bookings',
          fresh,
        });
      }

      // ── comments: a 500-comment thread seeded through POST /api/v1/comments, then read; then posts (SQLite)
      const COMMENT_THREAD = 'bench-thread';
      const commentsPath = `/api/v1/comments?thread=${COMMENT_THREAD}`;
      let commentToken;
      if (only.includes('comments') || only.includes('comment-posts')) {
        // One form token, 3 s old by the time it is used (the minimum age), for every seed and bench post.
        commentToken = (await fetchJson(`${base}/api/v1/form-token`)).json?.token;
        if (!commentToken) throw new Error('GET /api/v1/form-token gave no token');
        await new Promise((r) => setTimeout(r, 3_100));
      }
      if (only.includes('comments')) {
        const t0 = performance.now();
        const post = async (body) => {
          const res = await fetchJson(`${base}/api/v1/comments`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ thread: COMMENT_THREAD, t: commentToken, ...body }),
          });
          if (res.status !== 201 || res.json?.comment?.status !== 'published')
            throw new Error(`a seed comment was refused: ${res.status} ${res.text.slice(0, 300)}`);
          return res.json.comment.id;
        };
        let nextRoot = 0;
        await Promise.all(
          Array.from({ length: 10 }, async () => {
            while (nextRoot < 100) {
              const i = nextRoot++;
              const id = await post({
                name: `Runner ${i}`,
                body: `Comment ${i}: I tried the **foam rolling** routine before my long run and it helped. See https://example.com/runs/${i}`,
              });
              for (let r = 0; r < 4; r++)
                await post({
                  parentId: id,
                  name: `Replier ${i}.${r}`,
                  body: `Reply ${r} to comment ${i}: *same here*, thanks.`,
                });
            }
          }),
        );
        const seconds = (performance.now() - t0) / 1000;
        const first = await fetchJson(base + commentsPath);
        if (first.status !== 200 || first.json?.count !== 500)
          throw new Error(`GET ${commentsPath} answered ${first.status}, count ${first.json?.count} (expected 500)`);
        const sent = await encodedSize(base + commentsPath, BROWSER_HEADERS);
        const line =
          `seeded a 500-comment thread (100 comments × 4 replies) in ${seconds.toFixed(1)} s; its first page holds ` +
          `${first.json.comments.length} comments, ${(first.bytes / 1024).toFixed(0)} KiB of JSON (${(sent.bytes / 1024).toFixed(1)} KiB as ${sent.encoding})`;
        console.log(line);
        result.notes.push(line);
        runs.push({
          route: 'GET /api/v1/comments (500-comment thread)',
          key: 'comments',
          method: 'GET',
          path: commentsPath,
          headers: BROWSER_HEADERS,
        });
      }
      if (only.includes('comment-posts') && target.dialect === 'sqlite') {
        runs.push({
          route: 'POST /api/v1/comments',
          key: 'comment-posts',
          method: 'POST',
          path: '/api/v1/comments',
          comment: { thread: 'bench-posts', token: commentToken, runId: randomBytes(4).toString('hex') },
        });
      }

      // ── the cached link preview: the pinned card, checked once before the load
      if (only.includes('preview')) {
        const previewPath = `/api/v1/link-preview?url=${encodeURIComponent(PINNED_URL)}`;
        const res = await fetchJson(base + previewPath);
        if (res.status !== 200 || res.json?.title !== PINNED_TITLE || !res.json?.image)
          throw new Error(`GET ${previewPath} answered ${res.status} ${res.text.slice(0, 300)}`);
        const line = `link preview of the pinned ${PINNED_URL}: ${res.bytes} bytes of JSON, image ${res.json.image.width}×${res.json.image.height}`;
        console.log(line);
        result.notes.push(line);
        runs.push({ route: 'GET /api/v1/link-preview (cached)', key: 'preview', method: 'GET', path: previewPath });
      }

      let posted2xx = 0;
      // Round 1 runs every route in order; later rounds run the read routes again, interleaved, so that a burst of
      // other work on the machine lands on one round of each route rather than on one route alone. Each read
      // route is then shown by its round with the median p99 (every round's figures are printed too).
      const schedule = [...runs];
      for (let round = 2; round <= ROUNDS; round++)
        for (const run of runs) if (run.method === 'GET') schedule.push({ ...run, round });
      const trials = new Map();
      for (const run of schedule) {
        process.stdout.write(`running ${run.route}${run.round ? ` (round ${run.round})` : ''} … `);
        const out = await loadRun({
          url: base,
          method: run.method,
          path: run.path,
          fresh: run.fresh,
          comment: run.comment,
          headers: run.headers,
        });
        const lat = out.latencies.sort();
        const rps = out.completed / out.durationS;
        const row = {
          key: run.key,
          route: run.route,
          rps,
          p50: percentile(lat, 0.5),
          p99: percentile(lat, 0.99),
          non2xx: out.non2xx,
          errors: out.errors,
          timeouts: out.timeouts,
          completed: out.completed,
          statusCounts: out.statusCounts,
          samples: out.samples,
        };
        trials.set(run.key, [...(trials.get(run.key) ?? []), row]);
        console.log(
          `${out.completed} responses in ${out.durationS} s: ${rps.toFixed(0)} req/s, p50 ${fmtMs(row.p50)} ms, p99 ${fmtMs(row.p99)} ms, ` +
            `status ${
              Object.entries(out.statusCounts)
                .map(([s, n]) => `${s}×${n}`)
                .join(' ') || 'none'
            }` +
            (out.errors ? `, ${out.errors} socket errors (${out.timeouts} timeouts)` : ''),
        );
        if (run.fresh) {
          posted2xx += (out.statusCounts[201] ?? 0) + (out.statusCounts[200] ?? 0) + out.warmup2xx;
          console.log(
            `   ${out.slotsUsed} distinct fresh ${FRESH_SERVICE.id} slots used (warm-up included) out of ${run.fresh.starts.length} between ${run.fresh.from} and ${run.fresh.to}`,
          );
          if (out.exhausted) result.problems.push('the fresh-slot list ran dry: some posts reused a slot');
          run.slotsUsed = out.slotsUsed;
        }
        // The client hangs up at the end of the run; the server still works through what it had accepted.
        const drained = await drain(server.database);
        row.drainS = drained;
        if (drained === null)
          result.problems.push(`after ${run.route} the server was still busy ${DRAIN_LIMIT_S} s after the run ended`);
        else if (drained > 1)
          console.log(
            `   the server needed ${drained.toFixed(1)} s after the run to finish the requests it had accepted`,
          );
        if (out.non2xx || out.errors) {
          const problem =
            `${run.route}: ${out.non2xx} NON-2XX RESPONSES` +
            (out.errors ? ` and ${out.errors} socket errors` : '') +
            ` out of ${out.completed}` +
            (run.fresh ? ' — every one of these posts was for a distinct FREE slot, so each is a server fault' : '');
          console.log(`\n!!!!!!!! ${problem}`);
          for (const [status, bodies] of Object.entries(out.samples))
            for (const body of bodies) console.log(`!!   ${status}: ${body}`);
          console.log('');
          result.problems.push(problem);
        }
      }

      for (const run of runs) {
        const rounds = trials.get(run.key);
        const median = [...rounds].sort((a, b) => a.p99 - b.p99)[Math.floor((rounds.length - 1) / 2)];
        result.rows.push({ ...median, rounds });
      }

      // ── what is in the database now
      const counts = await countBookings(server.database);
      result.bookings = counts;
      const postRun = runs.find((r) => r.fresh);
      const line = counts.error
        ? `bookings in the database: could not count (${counts.error})`
        : `bookings in the database: ${counts.total} (${counts.confirmed} confirmed; ${counts.byService[SEED_SERVICE.id] ?? 0} ${SEED_SERVICE.id} seeds, ` +
          `${counts.byService[FRESH_SERVICE.id] ?? 0} ${FRESH_SERVICE.id} fresh-slot posts); overlapping confirmed pairs: ${counts.overlaps}`;
      console.log(line);
      if (!counts.error && needBookings) {
        if ((counts.byService[SEED_SERVICE.id] ?? 0) !== seeded)
          result.problems.push(
            `the database holds ${counts.byService[SEED_SERVICE.id] ?? 0} ${SEED_SERVICE.id} bookings, expected the ${seeded} seeds`,
          );
        const made = counts.byService[FRESH_SERVICE.id] ?? 0;
        const used = postRun?.slotsUsed ?? 0;
        // Posts answered 2xx must all be there; a few more may exist (accepted, then answered after the client hung up).
        if (made < posted2xx)
          result.problems.push(
            `only ${made} fresh-slot bookings in the database but ${posted2xx} posts were answered 2xx (lost writes)`,
          );
        if (made > used)
          result.problems.push(
            `${made} fresh-slot bookings in the database but only ${used} distinct slots were posted`,
          );
        if (made > posted2xx)
          console.log(
            `   (${made - posted2xx} of them were made by posts answered after the load generator had stopped listening)`,
          );
      }
      if (counts.overlaps) result.problems.push(`${counts.overlaps} overlapping confirmed bookings (double booking)`);
      if (serverErrorCount) {
        const problem = `the server logged ${serverErrorCount} unhandled error(s); first: ${serverErrors[0]}`;
        console.log(`!! ${problem}`);
        result.problems.push(problem);
      }
      return result;
    } finally {
      await closeServer();
      const i = cleanups.findIndex(([, fn]) => fn === closeServer);
      if (i >= 0) cleanups.splice(i, 1);
      if (target.dialect === 'postgres') await dropPgDatabase(target.adminUrl, dbUrl);
    }
  }

  async function countBookings(database) {
    const { sql } = await import('kysely');
    const db = database.db;
    try {
      const total = await sql`select count(*) as n from bookings`.execute(db);
      const confirmed = await sql`select count(*) as n from bookings where status = 'confirmed'`.execute(db);
      // A confirmed booking whose held time starts before an earlier one's ends (same practitioner).
      const byService = Object.fromEntries(
        (await sql`select service_id, count(*) as n from bookings group by service_id`.execute(db)).rows.map((r) => [
          r.service_id,
          Number(r.n),
        ]),
      );
      const overlaps = await sql`select count(*) as n from (
          select block_start_ms, max(block_end_ms) over (partition by practitioner_id order by block_start_ms, id
            rows between unbounded preceding and 1 preceding) as prev_end
          from bookings where status = 'confirmed') t
        where prev_end > block_start_ms`.execute(db);
      return {
        total: Number(total.rows[0].n),
        confirmed: Number(confirmed.rows[0].n),
        byService,
        overlaps: Number(overlaps.rows[0].n),
      };
    } catch (error) {
      return { total: NaN, confirmed: NaN, overlaps: NaN, error: String(error?.message ?? error) };
    }
  }

  /**
   * Waits until the server (in this process) has finished the requests left over from a load run: the event loop
   * mostly idle and the number of bookings unchanged, twice in a row. Seconds taken, or null after DRAIN_LIMIT_S.
   */
  async function drain(database) {
    const t0 = performance.now();
    let quiet = 0;
    let last = -1;
    while (performance.now() - t0 < DRAIN_LIMIT_S * 1000) {
      const before = performance.eventLoopUtilization();
      await new Promise((r) => setTimeout(r, 250));
      const busy = performance.eventLoopUtilization(before).utilization;
      const { total } = await countBookings(database);
      quiet = busy < 0.05 && Object.is(total, last) ? quiet + 1 : 0;
      last = total;
      if (quiet >= 2) return (performance.now() - t0) / 1000;
    }
    return null;
  }

  // ─────────────────────────────────────────────────── PostgreSQL database per run

  async function createPgDatabase(adminUrl) {
    const { default: pg } = await import('pg');
    const name = `soleus_bench_${randomBytes(5).toString('hex')}`;
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query(`create database ${name}`);
    } catch (error) {
      throw new Error(`cannot create database ${name} on ${redact(adminUrl)}: ${error?.message ?? error}`);
    } finally {
      await client.end().catch(() => {});
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const dbUrl = url.toString();
    cleanups.push([`drop ${name}`, () => dropPgDatabase(adminUrl, dbUrl)]);
    console.log(`created database ${name}`);
    return dbUrl;
  }

  async function dropPgDatabase(adminUrl, dbUrl) {
    const name = new URL(dbUrl).pathname.slice(1);
    const i = cleanups.findIndex(([what]) => what === `drop ${name}`);
    if (i < 0) return; // already dropped
    cleanups.splice(i, 1);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      // The server's pool may still be saying goodbye: give its backends a moment before forcing them out.
      for (let attempt = 0; ; attempt++) {
        try {
          await client.query(`drop database if exists ${name}${attempt >= 10 ? ' with (force)' : ''}`);
          break;
        } catch (error) {
          if (error?.code !== '55006' || attempt >= 10) throw error; // 55006: database in use
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      console.log(`dropped database ${name}`);
    } finally {
      await client.end().catch(() => {});
    }
  }

  // ─────────────────────────────────────────────────── helpers

  function loadRun({ url, method, path, fresh, comment, headers }) {
    return new Promise((resolvePromise, reject) => {
      const worker = new Worker(fileURLToPath(import.meta.url), {
        workerData: {
          url,
          method,
          path,
          headers,
          connections: CONNECTIONS,
          duration: DURATION,
          comment,
          fresh: fresh
            ? { starts: fresh.starts, serviceId: fresh.serviceId, zone: fresh.zone, runId: fresh.runId }
            : undefined,
        },
      });
      let settled = false;
      const limit = setTimeout(() => {
        if (settled) return;
        settled = true;
        worker.terminate();
        reject(new Error(`the load run of ${method} ${path} did not finish within ${RUN_LIMIT_S} s`));
      }, RUN_LIMIT_S * 1000);
      worker.once('message', (message) => {
        if (settled) return;
        settled = true;
        clearTimeout(limit);
        worker.terminate();
        if (message.ok) resolvePromise(message);
        else reject(new Error(`the load run of ${method} ${path} crashed: ${message.error}`));
      });
      worker.once('error', (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(limit);
        reject(new Error(`the load worker for ${method} ${path} failed: ${error?.stack ?? error}`));
      });
      worker.once('exit', (code) => {
        if (settled) return;
        settled = true;
        clearTimeout(limit);
        reject(new Error(`the load worker for ${method} ${path} exited with code ${code} before reporting`));
      });
    });
  }

  /** Bytes on the wire for a GET with `headers` (fetch would decompress and hide them). */
  async function encodedSize(url, headers) {
    const { request } = await import('node:http');
    return new Promise((resolvePromise, reject) => {
      const req = request(url, { headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () => resolvePromise({ bytes, encoding: res.headers['content-encoding'] ?? 'identity' }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  async function fetchJson(url, init) {
    const res = await fetch(url, init);
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, bytes: Buffer.byteLength(text) };
  }

  function printSummary(list) {
    console.log(
      `\n${'═'.repeat(100)}\nResults (${quick ? '--quick, ' : ''}${CONNECTIONS} connections, ${DURATION} s per route${ROUNDS > 1 ? `, each read route in ${ROUNDS} interleaved rounds shown by its median-p99 round` : ''}; req/s = responses ÷ run time; latencies over every response)`,
    );
    console.log(
      `machine: ${cpus().length} CPU(s), node ${process.version}; load average now ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (other work on the machine skews every figure)`,
    );
    for (const report of list) {
      console.log(`\n${report.target.label}`);
      if (report.failed) {
        console.log(`  BENCHMARK BROKE: ${report.failed}`);
        continue;
      }
      const trivial = report.rows.find((r) => r.key === 'health');
      const header = ['route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'vs trivial'];
      const body = report.rows.map((r) => [
        r.route,
        r.rps.toFixed(0),
        fmtMs(r.p50),
        fmtMs(r.p99),
        String(r.non2xx + (r.errors ? ` +${r.errors} err` : '')),
        trivial ? `${((r.rps / trivial.rps) * 100).toFixed(0)} %` : 'n/a',
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
      const line = (cells) =>
        '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
      console.log(line(header));
      console.log('  ' + widths.map((w) => '─'.repeat(w)).join('  '));
      for (const row of body) console.log(line(row));
      const repeated = report.rows.filter((r) => r.rounds?.length > 1);
      if (repeated.length) {
        console.log(`  every round (p99 ms at req/s; the median p99's round is the row above):`);
        for (const r of repeated)
          console.log(
            `    ${r.route.padEnd(widths[0])}  ${r.rounds.map((t) => `${fmtMs(t.p99)} at ${t.rps.toFixed(0)}`).join(' · ')}`,
          );
      }

      console.log('  targets:');
      const availability = report.rows.find((r) => r.key === 'availability');
      if (availability && trivial) {
        const ratio = availability.rps / trivial.rps;
        const pass = ratio >= 0.4 && availability.p99 < 20 && availability.non2xx === 0 && availability.errors === 0;
        console.log(
          `    ${pass ? 'PASS' : 'MISS'}  availability ≥ 40 % of trivial throughput with p99 < 20 ms: ` +
            `${(ratio * 100).toFixed(0)} %, p99 ${fmtMs(availability.p99)} ms` +
            (availability.non2xx || availability.errors ? `, ${availability.non2xx} non-2xx` : ''),
        );
      } else console.log('    n/a   availability target (needs the health and availability runs)');
      const comments = report.rows.find((r) => r.key === 'comments');
      if (comments && trivial) {
        const ratio = comments.rps / trivial.rps;
        const pass = ratio >= 0.4 && comments.p99 < 20 && comments.non2xx === 0 && comments.errors === 0;
        console.log(
          `    ${pass ? 'PASS' : 'MISS'}  GET of a 500-comment thread ≥ 40 % of trivial throughput with p99 < 20 ms: ` +
            `${(ratio * 100).toFixed(0)} %, p99 ${fmtMs(comments.p99)} ms` +
            (comments.non2xx || comments.errors ? `, ${comments.non2xx} non-2xx` : ''),
        );
      }
      const commentPosts = report.rows.find((r) => r.key === 'comment-posts');
      if (commentPosts) {
        const pass = commentPosts.rps >= 300 && commentPosts.non2xx === 0 && commentPosts.errors === 0;
        console.log(
          `    ${pass ? 'PASS' : 'MISS'}  ≥ 300 comment posts/s on SQLite: ${commentPosts.rps.toFixed(0)} posts/s` +
            (commentPosts.non2xx || commentPosts.errors ? `, WITH ${commentPosts.non2xx} NON-2XX` : ', all 2xx'),
        );
      }
      const preview = report.rows.find((r) => r.key === 'preview');
      if (preview) {
        const pass = preview.p99 < 10 && preview.non2xx === 0 && preview.errors === 0;
        console.log(
          `    ${pass ? 'PASS' : 'MISS'}  cached link preview p99 under 10 ms: p99 ${fmtMs(preview.p99)} ms, ` +
            `${preview.rps.toFixed(0)} req/s` +
            (preview.non2xx || preview.errors ? `, WITH ${preview.non2xx} NON-2XX` : ''),
        );
      }
      const posts = report.rows.find((r) => r.key === 'posts');
      if (posts && report.target.dialect === 'sqlite') {
        const pass = posts.rps >= 500 && posts.non2xx === 0 && posts.errors === 0;
        console.log(
          `    ${pass ? 'PASS' : 'MISS'}  ≥ 500 booking posts/s on SQLite: ${posts.rps.toFixed(0)} posts/s` +
            (posts.non2xx || posts.errors ? `, WITH ${posts.non2xx} NON-2XX` : ', all 2xx'),
        );
      } else if (posts) {
        console.log(
          `    info  booking posts on ${report.target.label}: ${posts.rps.toFixed(0)} posts/s (the 500/s target is for SQLite)` +
            (posts.non2xx ? `, WITH ${posts.non2xx} NON-2XX` : ', all 2xx'),
        );
      } else if (report.target.dialect === 'sqlite')
        console.log('    n/a   booking posts target (needs the posts run)');
      const b = report.bookings;
      if (b)
        console.log(
          `  bookings in the database at the end: ${b.error ? `could not count (${b.error})` : `${b.total} (${b.confirmed} confirmed, ${b.overlaps} overlapping)`}`,
        );
      for (const note of report.notes) console.log(`  ${note}`);
      if (report.problems.length) {
        console.log('  PROBLEMS:');
        for (const p of report.problems) console.log(`    !! ${p}`);
      }
    }
  }
}

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function fmtMs(ms) {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

/** In-place Fisher–Yates with a small seeded generator (mulberry32), so runs are comparable. */
function shuffle(list, seed) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

function redact(url) {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}
