#!/usr/bin/env node
// node scripts/bench-previews.mjs [--quick]   (also run by `npm run bench` as its third half)
//
// Issue 13's UNCACHED link preview: how long one preview of a page not yet in the cache takes, fetched and parsed
// through the real preview service of the BUILT server (dist/node/server/previews/cache.js: createPreviewService,
// every address rule on). Target: median under 100 ms. A benchmark, not a test: exit code 0 when the target is
// missed, and 0 with "skipped: …" when it cannot run here (not root, no `unshare`); non-zero only when it broke.
//
// The server refuses loopback and private addresses by design (the SSRF rules, never switched off here), so the
// fixture site must sit on a "public" address. Like test/server/previews/ssrf.test.ts and cache.test.ts, this
// script re-executes itself in a network namespace of its own (`unshare --net --mount`, root needed): inside, `lo`
// is brought up and 93.184.216.34/32 is added to it, a fixture page (og tags) and a small PNG are served on
// 93.184.216.34:80, and the injected resolver maps the fixture host name to that address. Nothing leaves the
// machine: the namespace has no other interface. Then N = 50 sequential previews of distinct URLs (`?n=i`, so each
// misses the cache) on SQLite in a temp file, after 3 warm-up previews (also distinct) that are not counted.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PUBLIC = '93.184.216.34';
const HOST = 'bench-site.test';
const N = 50;
const WARMUP = 3;
const TARGET_MS = 100;
const INNER = '--in-namespace';

const argv = process.argv.slice(2);
const unknown = argv.filter((a) => a !== '--quick' && a !== INNER);
if (unknown.length) {
  console.error(`bench-previews: unknown option ${unknown.join(' ')}; use --quick`);
  process.exit(2);
}

if (argv.includes(INNER)) await inside();
else outside();

/** Outside: check that a namespace can be made, then run this file again inside one. */
function outside() {
  console.log(`\n── uncached link preview (issue 13) ${'─'.repeat(60)}`);
  const skip = (why) => {
    console.log(`skipped: ${why}`);
    process.exit(0);
  };
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    skip('not root; the fixture site needs a network namespace of its own (`unshare --net --mount`)');
  const serverCache = join(root, 'dist/node/server/previews/cache.js');
  if (!existsSync(serverCache)) {
    console.error('bench-previews: dist/node is missing; run `node scripts/build.mjs` (or `npm run build`) first.');
    process.exit(1);
  }
  const probe = spawnSync('unshare', ['--net', '--mount', 'true'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0)
    skip(`\`unshare --net --mount\` does not work here (${probe.error?.message ?? probe.stderr.trim()})`);
  const run = spawnSync('unshare', ['--net', '--mount', process.execPath, fileURLToPath(import.meta.url), INNER], {
    stdio: 'inherit',
    timeout: 180_000,
  });
  if (run.error || run.status !== 0) {
    console.error(`bench-previews: the run in the namespace broke (${run.error?.message ?? `exit ${run.status}`})`);
    process.exit(1);
  }
}

/** Inside the namespace: the fixture site, then N uncached previews one after another. */
async function inside() {
  const sh = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8' });
  const links = sh('ip', ['-o', 'link', 'show'])
    .trim()
    .split('\n')
    .map((l) => l.split(':')[1].trim());
  if (links.length !== 1 || links[0] !== 'lo') {
    console.error(`bench-previews: not in a fresh network namespace (interfaces ${links.join(', ')}); refusing`);
    process.exit(3);
  }
  sh('ip', ['link', 'set', 'lo', 'up']);
  sh('ip', ['addr', 'add', `${PUBLIC}/32`, 'dev', 'lo']);

  const dist = (p) => import(pathToFileURL(join(root, 'dist/node/server', p)).href);
  const { createPreviewService } = await dist('previews/cache.js');
  const { openDatabase, migrateToLatest } = await dist('db/index.js');
  const { default: sharp } = await import('sharp');

  // ── the fixture site: a page with og tags and a small PNG
  const png = await sharp({ create: { width: 600, height: 315, channels: 3, background: '#0f766e' } })
    .png()
    .toBuffer();
  const page = (n) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench page ${n}</title>
<meta property="og:title" content="Bench page ${n}"><meta property="og:description" content="A fixture page for the preview benchmark.">
<meta property="og:site_name" content="Bench Site"><meta property="og:image" content="/image.png?n=${n}">
<meta property="og:image:alt" content="A teal rectangle"></head><body><p>Bench page ${n}.</p></body></html>`;
  let pageHits = 0;
  let imageHits = 0;
  const site = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/page') {
      pageHits++;
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(page(url.searchParams.get('n')));
    }
    if (url.pathname === '/image.png') {
      imageHits++;
      return void res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    }
    res.writeHead(404).end();
  });
  await new Promise((done) => site.listen(80, PUBLIC, done));

  const tmp = mkdtempSync(join(tmpdir(), 'soleus-bench-previews-'));
  const open = await openDatabase(`sqlite:${join(tmp, 'previews.db')}`);
  try {
    await migrateToLatest(open.db, open.dialect, { where: open.where });
    let resolverCalls = 0;
    const service = createPreviewService({
      db: open.db,
      secret: 'bench-previews-secret-0123456789abcdef',
      userAgent: 'Soleus-LinkPreview/bench (+https://soleus.example/)',
      rateLimit: 100_000,
      resolver: async (hostname) => {
        resolverCalls++;
        return hostname === HOST ? [{ address: PUBLIC, family: 4 }] : [];
      },
      logError: (message, error) => console.error(`bench-previews: ${message} ${error?.stack ?? error}`),
    });

    const times = [];
    const wrong = [];
    for (let i = 0; i < WARMUP + N; i++) {
      const n = i < WARMUP ? `warm-${i}` : String(i - WARMUP);
      const t0 = performance.now();
      const answer = await service.get(`http://${HOST}/page?n=${n}`);
      const ms = performance.now() - t0;
      const ok =
        answer.kind === 'preview' &&
        answer.from === 'fetched' &&
        answer.body.status === 'ok' &&
        answer.body.title === `Bench page ${n}` &&
        !!answer.body.image;
      if (!ok && wrong.length < 3) wrong.push(`?n=${n}: ${JSON.stringify(answer).slice(0, 300)}`);
      if (i >= WARMUP) times.push(ms);
    }
    await service.idle?.();

    const sorted = [...times].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    const median = (sorted[(N - 1) >> 1] + sorted[N >> 1]) / 2;
    console.log(
      `fixture http://${HOST}/page?n=… on ${PUBLIC}:80 in a network namespace (resolver injected), SQLite cache in a temp file; ` +
        `${WARMUP} warm-up previews, then ${N} sequential uncached previews (page + ${(png.length / 1024).toFixed(1)} KiB PNG each)`,
    );
    console.log(
      `uncached preview: median ${median.toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${sorted[N - 1].toFixed(1)} ms, ` +
        `min ${sorted[0].toFixed(1)} ms (fixture hits: ${pageHits} pages, ${imageHits} images; ${resolverCalls} resolutions)`,
    );
    if (wrong.length) {
      console.log(`!! ${wrong.length === 3 ? '3 or more' : wrong.length} previews were not a fresh fetch of the page:`);
      for (const w of wrong) console.log(`!!   ${w}`);
    }
    const pass = median < TARGET_MS && wrong.length === 0;
    console.log(
      `  ${pass ? 'PASS' : 'MISS'}  uncached preview of a fixture page on loopback, median < ${TARGET_MS} ms: ${median.toFixed(1)} ms`,
    );
    if (pageHits !== WARMUP + N) {
      console.error(`bench-previews: the fixture page was fetched ${pageHits} times, expected ${WARMUP + N}`);
      process.exitCode = 1;
    }
  } finally {
    await open.close();
    await new Promise((done) => site.close(done));
    rmSync(tmp, { recursive: true, force: true });
  }
}
