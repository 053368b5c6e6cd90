#!/usr/bin/env node
// node scripts/bench-calendar.mjs [--quick] [--loads=N] [--no-profile]   (also the second half of `npm run bench`)
//
// A benchmark page pair in headless Chromium, not a test: our <soleus-booking-calendar> month (the BUILT
// dist/widgets/booking-calendar.js) against cally's <calendar-date><calendar-month> (node_modules/cally, its own
// single-file ESM bundle, served as a site would get it from a CDN). It prints figures and compares them with the
// target of the booking issue (§8: our script CPU until first render at most half of cally's). Exit code 0 even
// when the target is missed; 1 only when the benchmark itself broke.
//
// Fairness: both pages come from the same tiny static server (node:http on 127.0.0.1, port 0) out of one temp
// folder; each page is the same HTML shell with one inline probe script and ONE module script; our widget's API
// calls (GET /api/v1/services, GET /api/v1/availability) are answered by the same server with fixture JSON (the
// component tests' services; free slots at 09, 10 and 11 UTC every day after today except Sundays), so its first
// render is the month grid. Every load is cold: a new browser context (no HTTP cache, no code cache; Chromium gives
// each context its own renderer process), locale en-GB, zone Europe/London. One warm-up pair is discarded, then the
// loads are interleaved ours, cally, ours, cally, …
//
// Definitions (all from a Chromium trace of each load, on the page's renderer main thread):
//   navigation start  the trace's navigationStart of the page's navigation (performance.timeOrigin);
//   grid in the DOM   the probe wraps attachShadow and watches the widget's shadow root (ours: the
//                     soleus-booking-calendar host; cally: the calendar-month host) with a MutationObserver; the first
//                     time it holds a table whose tbody has ≥ 28 day buttons (button[part~=day]) it calls
//                     performance.mark('bench:grid'), a trace event;
//   first render      the end of the frame commit ('Commit') that follows the first 'Paint' after that mark, i.e. the
//                     first frame that contains the month grid;
//   script CPU        thread CPU time (tdur, not wall time: the machine may be busy) of the trace's script events
//                     (EvaluateScript, v8.compile*, v8.evaluateModule, RunMicrotasks, FunctionCall, TimerFire,
//                     FireAnimationFrame, EventDispatch, v8.callFunction, …) between navigation start and first
//                     render, self time only (layout and style work nested inside script is not counted, as in
//                     DevTools), minus the probe's own script and callbacks;
//   JS heap           CDP Runtime.getHeapUsage usedSize when the render is reached (and after a forced GC);
//   requests          the page's ResourceSendRequest trace events until first render; in all = what the static
//                     server answered for the load, counted once the page had been quiet for 500 ms.
// Then (unless --no-profile), for the diagnosis and not counted: three loads of a page that only makes the first
// Intl.DateTimeFormat (its CPU cost on this machine), three loads of ours on a page whose probe has already made one
// (what ours would cost without paying for it), and one more load of each with V8's sampling profiler in the trace:
// the functions and source files where script CPU goes until first render. For ours the profile load uses a build of
// the same source with a source map (made with vite in the temp folder) so that minified positions map to files,
// provided that build is identical to dist/widgets/booking-calendar.js (else the profile shows minified names).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const noProfile = argv.includes('--no-profile');
const loadsArg = argv.find((a) => a.startsWith('--loads='));
const unknown = argv.filter((a) => !['--quick', '--no-profile'].includes(a) && !a.startsWith('--loads='));
const LOADS = loadsArg ? Number(loadsArg.slice('--loads='.length)) : quick ? 3 : 10;
if (unknown.length || !Number.isInteger(LOADS) || LOADS < 1 || LOADS > 100) {
  console.error(
    `bench-calendar: unknown option ${unknown.join(' ') || loadsArg}; use --quick, --loads=N (1–100), --no-profile`,
  );
  process.exit(2);
}

const LOAD_TIMEOUT_MS = 30_000; // one page load, from navigation to the frame after the grid
const QUIET_MS = 500; // a load's requests are counted once none has started for this long…
const QUIET_LIMIT_MS = 5_000; // …or after this long
const RUN_LIMIT_S = 120 + (LOADS + 2) * 2 * 45; // everything, build and profile loads included
const SERVICE_ID = 'sports-massage-60';
const PAGE_ZONE = 'Europe/London';
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'blink.user_timing',
  'loading',
];
const PROFILE_CATEGORIES = [...CATEGORIES, 'disabled-by-default-v8.cpu_profiler'];

/** The two pages: the module each loads and the host element whose shadow root gets the month grid. */
const KINDS = {
  ours: {
    label: 'ours',
    script: '/widgets/booking-calendar.js',
    host: 'soleus-booking-calendar',
    markup: `<soleus-booking-calendar service="${SERVICE_ID}"></soleus-booking-calendar>`,
  },
  cally: {
    label: 'cally',
    script: '/cally/cally.js',
    host: 'calendar-month',
    markup: '<calendar-date><calendar-month></calendar-month></calendar-date>',
  },
};

// ─────────────────────────────────────────────────────────────────────────────────────────── cleanup and the watchdog

const cleanups = [];
let cleaning;
const cleanup = () =>
  (cleaning ??= (async () => {
    while (cleanups.length) {
      const [what, fn] = cleanups.pop();
      try {
        await withTimeout(Promise.resolve().then(fn), 15_000, what);
      } catch (error) {
        console.error(`bench-calendar: cleanup (${what}) failed: ${error?.message ?? error}`);
      }
    }
  })());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\nbench-calendar: ${signal}, cleaning up…`);
    cleanup().finally(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  console.error(`\nbench-calendar: still running after ${RUN_LIMIT_S} s: giving up.`);
  cleanup().finally(() => process.exit(1));
}, RUN_LIMIT_S * 1000);

// ─────────────────────────────────────────────────────────────────────────────────────────── main

async function main() {
  // ── the built widget and cally
  const widgetJs = join(root, 'dist/widgets/booking-calendar.js');
  if (!existsSync(widgetJs)) {
    console.log('bench-calendar: dist/widgets/booking-calendar.js is missing; running `npm run build` first…');
    const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', timeout: 300_000 });
    if (built.status !== 0 || !existsSync(widgetJs))
      throw new Error('`npm run build` failed; fix the build, then run the benchmark again');
  }
  const newerSource =
    Math.max(newestFile(join(root, 'src/components')), newestFile(join(root, 'src/core'))) > statSync(widgetJs).mtimeMs;
  const callyDir = join(root, 'node_modules/cally');
  const callyPkg = JSON.parse(readFileSync(join(callyDir, 'package.json'), 'utf8'));
  const callyJs = join(callyDir, callyPkg.exports?.['.']?.import ?? callyPkg.module);
  const callySource = readFileSync(callyJs, 'utf8');
  // cally 0.9.2 ships one self-contained ES module (atomico inside). Should a later version import a bare
  // specifier, this is where it would have to be bundled (vite's build API) instead of served as is.
  const bare =
    callySource.match(/^\s*(?:import|export)\b[^;'"]*from\s*['"]([^'"./][^'"]*)['"]/m) ??
    callySource.match(/^\s*import\s*['"]([^'"./][^'"]*)['"]/m);
  if (bare)
    throw new Error(
      `${relative(root, callyJs)} imports the bare specifier "${bare[1]}": bundle it before serving (not implemented for this version)`,
    );

  // ── the temp folder the static server serves
  const tmp = mkdtempSync(join(tmpdir(), 'soleus-bench-calendar-'));
  cleanups.push(['temp dir', () => rmSync(tmp, { recursive: true, force: true })]);
  const site = join(tmp, 'site');
  mkdirSync(join(site, 'widgets'), { recursive: true });
  mkdirSync(join(site, 'cally'), { recursive: true });
  copyFileSync(widgetJs, join(site, 'widgets/booking-calendar.js'));
  if (existsSync(join(root, 'dist/chunks'))) {
    mkdirSync(join(site, 'chunks'));
    for (const f of readdirSync(join(root, 'dist/chunks')))
      copyFileSync(join(root, 'dist/chunks', f), join(site, 'chunks', f));
  }
  writeFileSync(join(site, 'cally/cally.js'), callySource);
  for (const kind of Object.values(KINDS)) writeFileSync(join(site, `${kind.label}.html`), page(kind));
  writeFileSync(join(site, 'intl.html'), INTL_PAGE);
  writeFileSync(join(site, 'ours-intl-warm.html'), page(KINDS.ours, { warmIntl: true }));

  // ── machine
  const cpu = cpus();
  const { chromium } = await import('playwright-core');
  const { chromiumLaunchOptions } = await import(pathToFileURL(join(root, 'test/support/chromium.mjs')).href);
  console.log(
    `\nSoleus calendar benchmark${quick ? ' (--quick)' : ''}: our <soleus-booking-calendar> month vs cally ${callyPkg.version} <calendar-month>`,
  );
  console.log(
    `machine: ${cpu.length} CPU(s) (${cpu[0]?.model?.trim() ?? 'unknown'}), ${process.platform} ${release()}, node ${process.version}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `scripts: ours ${relative(root, widgetJs)} (${kb(statSync(widgetJs).size)}, minified)` +
      `; cally ${relative(root, callyJs)} (${kb(callySource.length)}, as published: one ES module, not minified)`,
  );

  // ── the source-mapped build for the profile pass (before any browser work, so it never competes with a load)
  let mapped;
  if (!noProfile) {
    try {
      const built = await buildMapped(join(tmp, 'mapped'));
      // Only a build identical to the measured file may stand in for it (it then only adds the source map).
      if (stripMapComment(readFileSync(built.js, 'utf8')) === stripMapComment(readFileSync(widgetJs, 'utf8')))
        mapped = built;
      else {
        console.log(
          '   note: dist/widgets/booking-calendar.js differs from a fresh build of src/: the figures are of dist (`npm run build` to measure the ' +
            'current source), and the profile below shows minified names',
        );
      }
    } catch (error) {
      console.log(
        `   note: could not make a source-mapped build for the profile (${String(error?.message ?? error).split('\n')[0]}); it will show minified names`,
      );
    }
  } else if (newerSource)
    console.log(
      '   note: files under src/components or src/core are newer than dist/widgets/booking-calendar.js: `npm run build` to measure the current source',
    );

  // ── the static server
  const server = await startServer(site, mapped);
  cleanups.push(['static server', () => server.close()]);

  // ── the browser
  const browser = await withTimeout(
    chromium.launch({ ...chromiumLaunchOptions, timeout: 60_000 }),
    70_000,
    'launching Chromium',
  );
  cleanups.push(['browser', () => browser.close()]);
  console.log(`browser: ${chromiumLaunchOptions.executablePath} ${browser.version()}; pages on ${server.url}`);
  console.log(
    `loads: 1 warm-up pair (discarded), then ${LOADS} cold loads of each, interleaved ours, cally, ours, …; a new browser context per load\n`,
  );

  const results = { ours: [], cally: [] };
  const order = [['ours', 'cally'], ...Array.from({ length: LOADS }, () => ['ours', 'cally'])];
  for (let round = 0; round < order.length; round++) {
    for (const name of order[round]) {
      const r = await coldLoad(browser, server, KINDS[name], { categories: CATEGORIES });
      const tag = round === 0 ? 'warm-up' : `load ${String(round).padStart(2)}`;
      console.log(
        `${tag} ${name.padEnd(5)}  script CPU ${fmt(r.scriptCpu).padStart(6)} ms  first render ${fmt(r.render).padStart(6)} ms  ` +
          `heap ${mib(r.heap)}  requests ${r.requestsToRender} by render, ${r.requestsAll} in all` +
          `  (compile ${fmt(r.phases.compile)}, module evaluation ${fmt(r.phases.evaluate)}, promise jobs ${fmt(r.phases.microtasks)}, callbacks ${fmt(r.phases.callbacks)}, GC ${fmt(r.phases.gc)} ms)`,
      );
      if (round > 0) results[name].push(r);
    }
  }

  // ── where the script CPU goes: one profiled load of each, not counted; and what the first Intl.DateTimeFormat costs
  let profiles;
  if (!noProfile) {
    profiles = { intl: [] };
    profiles.warm = [];
    for (let i = 0; i < 3; i++) {
      profiles.intl.push(await intlLoad(browser, server));
      profiles.warm.push(
        await coldLoad(browser, server, { ...KINDS.ours, label: 'ours-intl-warm' }, { categories: CATEGORIES }),
      );
    }
    for (const name of ['ours', 'cally']) {
      const r = await coldLoad(browser, server, KINDS[name], {
        categories: PROFILE_CATEGORIES,
        profile: true,
        mapped: name === 'ours' ? mapped : undefined,
      });
      profiles[name] = r;
    }
  }

  await browser.close();
  printSummary(results, profiles);
}

// ─────────────────────────────────────────────────────────────────────────────────────────── the pages

function page(kind, { warmIntl = false } = {}) {
  // The probe: ~20 lines, the same on both pages; its own callbacks are taken out of the script CPU figure.
  // warmIntl (diagnosis only): the probe makes the page's first Intl.DateTimeFormat, so the widget's is no longer first.
  const probe = `${warmIntl ? 'window.benchZone = Intl.DateTimeFormat().resolvedOptions().timeZone;\n' : ''}(() => {
  const host = ${JSON.stringify(kind.host)};
  let seen = false;
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    if (!seen && this.localName === host) {
      const observer = new MutationObserver(() => {
        if (seen || root.querySelectorAll('table tbody button[part~="day"]').length < 28) return;
        seen = true;
        observer.disconnect();
        performance.mark('bench:grid');
        console.debug('bench:grid');
        requestAnimationFrame(() => requestAnimationFrame(() => console.debug('bench:done')));
      });
      observer.observe(root, { childList: true, subtree: true });
    }
    return root;
  };
})();`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Calendar benchmark: ${kind.label}</title>
<link rel="icon" href="data:,">
<script>${probe}</script>
<script type="module" src="${kind.script}"></script>
</head>
<body>
<main>
${kind.markup}
</main>
</body>
</html>
`;
}

/** The component tests' services (test/components/booking-calendar/helpers.ts). */
const SERVICES = {
  practice: {
    name: "Jim's Sports Massage",
    timeZone: 'Europe/London',
    address: 'Studio 4, 27 Tanner Yard, London SE1 3LD',
  },
  services: [
    {
      id: 'sports-massage-60',
      name: 'Sports massage (60 minutes)',
      description: 'A full session.',
      durationMinutes: 60,
      price: { amount: 6000, currency: 'GBP' },
      horizonDays: 90,
    },
    {
      id: 'pre-event-massage',
      name: 'Pre-event massage',
      description: 'Before a race.',
      durationMinutes: 45,
      price: { amount: 4500, currency: 'GBP' },
      horizonDays: 90,
    },
    {
      id: 'post-event-recovery-massage',
      name: 'Post-event recovery massage',
      description: 'After a race.',
      durationMinutes: 60,
      price: { amount: 5500, currency: 'GBP' },
      horizonDays: 90,
    },
    {
      id: 'monthly-maintenance-massage',
      name: 'Monthly maintenance massage',
      description: 'Every month.',
      durationMinutes: 60,
      price: { amount: 5000, currency: 'GBP' },
      horizonDays: 90,
    },
  ],
};

/** Free slots as the server sends them: 09:00, 10:00 and 11:00 UTC on every day after today except Sundays, within 90 days. */
function availability(service, from, to) {
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  const today = day(Date.now());
  const last = day(Date.now() + 90 * 864e5);
  const slots = [];
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = start, n = 0; t <= end && n < 400; t += 864e5, n++) {
    const d = day(t);
    if (d <= today || d > last || new Date(t).getUTCDay() === 0) continue;
    for (const h of ['09', '10', '11']) slots.push({ start: `${d}T${h}:00:00.000Z`, end: `${d}T${h}:59:00.000Z` });
  }
  return { service, timeZone: 'Europe/London', slots };
}

// ─────────────────────────────────────────────────────────────────────────────────────────── the static server

async function startServer(site, mapped) {
  const types = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.map': 'application/json',
  };
  const stats = { requests: 0, bytes: 0, last: 0, paths: [] };
  const json = (res, status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-cache',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
    return Buffer.byteLength(text);
  };
  const server = createServer((req, res) => {
    stats.requests++;
    stats.last = performance.now();
    let bytes = 0;
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      stats.paths.push(url.pathname);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        bytes = json(res, 405, { error: { code: 'method_not_allowed', message: 'GET only' } });
      else if (url.pathname === '/api/v1/services') bytes = json(res, 200, SERVICES);
      else if (url.pathname === '/api/v1/availability') {
        const q = url.searchParams;
        const ok = /^\d{4}-\d\d-\d\d$/.test(q.get('from') ?? '') && /^\d{4}-\d\d-\d\d$/.test(q.get('to') ?? '');
        bytes = ok
          ? json(res, 200, availability(q.get('service'), q.get('from'), q.get('to')))
          : json(res, 400, { error: { code: 'validation_error', message: 'from and to are required' } });
      } else {
        // Files: the profile pass asks for /mapped/… (the source-mapped build); everything else is the site.
        const base = url.pathname.startsWith('/mapped/') && mapped ? mapped.dir : site;
        const rel = url.pathname.startsWith('/mapped/') ? url.pathname.slice('/mapped'.length) : url.pathname;
        const file = resolve(base, '.' + decodeURIComponent(rel));
        if (!file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile())
          bytes = json(res, 404, { error: { code: 'not_found', message: 'Not found' } });
        else {
          const body = readFileSync(file);
          res.writeHead(200, {
            'content-type': types[extname(file)] ?? 'application/octet-stream',
            'cache-control': 'no-cache',
            'content-length': body.length,
          });
          res.end(req.method === 'HEAD' ? undefined : body);
          bytes = body.length;
        }
      }
    } catch (error) {
      if (!res.headersSent)
        bytes = json(res, 500, { error: { code: 'internal', message: String(error?.message ?? error) } });
      else res.destroy();
    }
    stats.bytes += bytes;
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    reset() {
      Object.assign(stats, { requests: 0, bytes: 0, last: performance.now(), paths: [] });
    },
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections?.();
      }),
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────── one cold load

async function coldLoad(browser, server, kind, { categories, profile = false, mapped }) {
  server.reset();
  let url = `${server.url}/${kind.label}.html`;
  if (mapped) {
    // The profile load of ours: the same page, with the source-mapped build of the widget.
    writeFileSync(
      join(mapped.dir, 'ours.html'),
      page({ ...kind, script: `/mapped/${relative(mapped.dir, mapped.js).split(sep).join('/')}` }),
    );
    url = `${server.url}/mapped/ours.html`;
  }
  const context = await withTimeout(
    browser.newContext({ locale: 'en-GB', timezoneId: PAGE_ZONE }),
    30_000,
    'a new browser context',
  );
  let tracing = false;
  try {
    const page = await withTimeout(context.newPage(), 30_000, 'a new page');
    const cdp = await context.newCDPSession(page);
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error?.message ?? error)));
    const failed = new Promise((_, fail) =>
      page.on('pageerror', (error) => fail(new Error(`${kind.label}: page error: ${error?.message ?? error}`))),
    );
    failed.catch(() => {});
    const done = page.waitForEvent('console', {
      predicate: (m) => m.text() === 'bench:done',
      timeout: LOAD_TIMEOUT_MS,
    });
    done.catch(() => {});

    await browser.startTracing(page, { categories, screenshots: false });
    tracing = true;
    await page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
    try {
      await Promise.race([done, failed]);
    } catch (error) {
      throw new Error(
        `${kind.label}: the month grid did not render within ${LOAD_TIMEOUT_MS / 1000} s (${error?.message?.split('\n')[0]}); ` +
          `requests: ${server.stats.paths.join(', ') || 'none'}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}`,
      );
    }
    const heap = await cdp.send('Runtime.getHeapUsage');
    const trace = await withTimeout(browser.stopTracing(), 60_000, 'stopping the trace');
    tracing = false;

    // Requests in all: wait until the page has started none for QUIET_MS (bounded).
    const t0 = performance.now();
    while (performance.now() - t0 < QUIET_LIMIT_MS && performance.now() - server.stats.last < QUIET_MS) await sleep(50);
    const requestsAll = server.stats.requests;
    const bytesAll = server.stats.bytes;
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfterGc = await cdp.send('Runtime.getHeapUsage');

    const events = JSON.parse(trace.toString('utf8')).traceEvents;
    const a = analyse(events, url);
    const result = {
      ...a,
      heap: heap.usedSize,
      heapAfterGc: heapAfterGc.usedSize,
      requestsAll,
      bytesAll,
      paths: [...server.stats.paths],
    };
    if (profile) result.profile = profileOf(events, a, mapped);
    return result;
  } finally {
    if (tracing) await withTimeout(browser.stopTracing(), 60_000, 'stopping the trace').catch(() => {});
    await withTimeout(context.close(), 30_000, 'closing the context').catch(() => {});
  }
}

/**
 * The reference for the issue's hint: a page whose two inline scripts make the page's first Intl.DateTimeFormat (the
 * visitor's zone, as a widget asks for it) and then a second one (a zone and 24-hour parts, then formatToParts).
 */
const INTL_PAGE = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Calendar benchmark: the first Intl.DateTimeFormat</title>
<link rel="icon" href="data:,">
<script>window.zone = Intl.DateTimeFormat().resolvedOptions().timeZone;</script>
<script>window.parts = new Intl.DateTimeFormat('en-US', { timeZone: window.zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(Date.now()).length;</script>
</head>
<body><p>Intl</p></body>
</html>
`;

/** CPU (ms) of the Intl page's two inline scripts in a cold context: [first DateTimeFormat, second]. */
async function intlLoad(browser, server) {
  const url = `${server.url}/intl.html`;
  const context = await withTimeout(
    browser.newContext({ locale: 'en-GB', timezoneId: PAGE_ZONE }),
    30_000,
    'a new browser context',
  );
  let tracing = false;
  try {
    const page = await withTimeout(context.newPage(), 30_000, 'a new page');
    await browser.startTracing(page, { categories: CATEGORIES, screenshots: false });
    tracing = true;
    await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    const trace = await withTimeout(browser.stopTracing(), 60_000, 'stopping the trace');
    tracing = false;
    const scripts = JSON.parse(trace.toString('utf8'))
      .traceEvents.filter((e) => e.ph === 'X' && e.name === 'EvaluateScript' && e.args?.data?.url === url)
      .sort((a, b) => a.ts - b.ts);
    if (scripts.length !== 2) return [NaN, NaN];
    return scripts.map((e) => (e.tdur ?? e.dur) / 1000);
  } finally {
    if (tracing) await withTimeout(browser.stopTracing(), 60_000, 'stopping the trace').catch(() => {});
    await withTimeout(context.close(), 30_000, 'closing the context').catch(() => {});
  }
}

// ─────────────────────────────────────────────────────────────────────────────────────────── the trace

const SCRIPT = new Set([
  'EvaluateScript',
  'v8.run',
  'v8.compile',
  'v8.compileModule',
  'v8.evaluateModule',
  'v8.produceCache',
  'v8.produceModuleCache',
  'v8.deserializeModuleCache',
  'v8.callFunction',
  'v8.callAsConstructor',
  'v8.newInstance',
  'FunctionCall',
  'RunMicrotasks',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'EventDispatch',
  'XHRReadyStateChange',
  'XHRLoad',
  'MinorGC',
  'MajorGC',
  'V8.Execute',
]);
const NOT_SCRIPT = new Set([
  'Layout',
  'UpdateLayoutTree',
  'RecalculateStyles',
  'ParseHTML',
  'ParseAuthorStyleSheet',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'UpdateLayer',
  'HitTest',
  'ComputeIntersections',
  'IntersectionObserverController::computeIntersections',
]);

/** Script CPU, first render, requests from one load's trace. */
function analyse(events, pageUrl) {
  const mark = events.find((e) => e.name === 'bench:grid' && String(e.cat).includes('blink.user_timing'));
  if (!mark) throw new Error(`no bench:grid mark in the trace of ${pageUrl}`);
  const { pid, tid } = mark;
  const navigationId = mark.args?.data?.navigationId;
  const nav = events.find(
    (e) => e.name === 'navigationStart' && e.pid === pid && navigationId && e.args?.data?.navigationId === navigationId,
  );
  const navStart = nav ? nav.ts : mark.ts - (mark.args?.data?.startTime ?? NaN) * 1000;
  if (!Number.isFinite(navStart)) throw new Error('no navigationStart for the page in the trace');

  const main = events
    .filter((e) => e.ph === 'X' && e.pid === pid && e.tid === tid && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const paint = main.find((e) => e.name === 'Paint' && e.ts >= mark.ts);
  if (!paint) throw new Error('no Paint after the grid appeared (the trace ended too early)');
  const commit = main.find((e) => e.name === 'Commit' && e.ts >= paint.ts);
  const renderTs = commit ? commit.ts + commit.dur : paint.ts + paint.dur;

  // Nesting on the main thread: each event's class is its own (SCRIPT / NOT_SCRIPT) or its parent's; self time = its
  // CPU time minus its children's. The probe's callbacks (the inline script of the page) are a class of their own.
  const phases = { compile: 0, evaluate: 0, microtasks: 0, callbacks: 0, gc: 0 };
  let scriptCpu = 0;
  let probeCpu = 0;
  const stack = [];
  const nodes = [];
  for (const e of main) {
    const end = e.ts + e.dur;
    while (stack.length && !(e.ts >= stack.at(-1).ts && end <= stack.at(-1).end)) stack.pop();
    const parent = stack.at(-1);
    const cpu = typeof e.tdur === 'number' ? e.tdur : e.dur;
    const probe = (e.name === 'FunctionCall' || e.name === 'EvaluateScript') && e.args?.data?.url === pageUrl;
    const cls =
      probe || parent?.cls === 'probe'
        ? 'probe'
        : SCRIPT.has(e.name)
          ? 'script'
          : NOT_SCRIPT.has(e.name)
            ? 'other'
            : (parent?.cls ?? 'none');
    const top = cls === 'script' && parent?.cls !== 'script' ? e.name : parent?.top;
    const node = { ts: e.ts, end, cls, self: cpu, name: e.name, top };
    if (parent) parent.self -= cpu;
    stack.push(node);
    nodes.push(node);
  }
  for (const n of nodes) {
    if (n.ts < navStart || n.ts >= renderTs) continue;
    const self = Math.max(0, n.self) / 1000;
    if (n.cls === 'probe') probeCpu += self;
    if (n.cls !== 'script') continue;
    scriptCpu += self;
    if (/compile|Cache/i.test(n.name)) phases.compile += self;
    else if (/GC/.test(n.name)) phases.gc += self;
    else if (n.top === 'EvaluateScript' || n.top === 'v8.evaluateModule' || n.top === 'v8.run') phases.evaluate += self;
    else if (n.top === 'RunMicrotasks') phases.microtasks += self;
    else phases.callbacks += self;
  }

  const frame = nav?.args?.frame;
  const sent = events.filter(
    (e) =>
      e.name === 'ResourceSendRequest' &&
      e.ts >= navStart &&
      e.ts < renderTs &&
      (!frame || e.args?.data?.frame === frame),
  );
  return {
    scriptCpu,
    probeCpu,
    phases,
    render: (renderTs - navStart) / 1000,
    grid: (mark.ts - navStart) / 1000,
    requestsToRender: sent.length,
    requestUrls: sent.map((e) => e.args?.data?.url),
    window: { pid, tid, navStart, renderTs },
  };
}

/** Self time per function and per source file between navigation start and first render, from the trace's V8 samples. */
function profileOf(events, { window: w }, mapped) {
  const chunks = events.filter((e) => (e.name === 'Profile' || e.name === 'ProfileChunk') && e.pid === w.pid);
  const profiles = new Map();
  for (const e of chunks) {
    const p = profiles.get(e.id) ?? { tid: e.tid, start: undefined, nodes: new Map(), samples: [], deltas: [] };
    profiles.set(e.id, p);
    const data = e.args?.data ?? {};
    if (e.name === 'Profile') p.start = data.startTime;
    for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    p.samples.push(...(data.cpuProfile?.samples ?? []));
    p.deltas.push(...(data.timeDeltas ?? []));
  }
  // The main thread's profile: the one with most samples inside the window.
  let best;
  for (const p of profiles.values()) {
    if (p.start === undefined) continue;
    let t = p.start;
    const times = p.deltas.map((d) => (t += d));
    const inside = times.filter((x) => x >= w.navStart && x < w.renderTs).length;
    if (!best || inside > best.inside) best = { ...p, times, inside };
  }
  if (!best || !best.inside) return { error: 'no V8 samples in the window' };
  const map = mapped ? loadSourceMap(mapped.js) : undefined;
  const fns = new Map();
  const files = new Map();
  let total = 0;
  let program = 0;
  for (let i = 0; i < best.samples.length; i++) {
    const t = best.times[i];
    if (t < w.navStart || t >= w.renderTs) continue;
    const next = best.times[i + 1] ?? t;
    const ms = Math.max(0, Math.min(next, w.renderTs) - t) / 1000;
    const node = best.nodes.get(best.samples[i]);
    const f = node?.callFrame ?? { functionName: '?' };
    if (f.functionName === '(idle)') continue;
    if (f.functionName === '(program)') {
      program += ms;
      continue;
    }
    let file = f.url
      ? f.url.replace(/^https?:\/\/127\.0\.0\.1:\d+\//, '')
      : '(native: V8 builtins, Blink, the renderer)';
    if (file.endsWith('.html')) file += ' (the inline probe)';
    let where = f.url ? `${file}:${f.lineNumber + 1}:${f.columnNumber + 1}` : '';
    // A frame's position is where its function starts: 1:1 is the module's own top-level code.
    const topLevel = f.url && f.lineNumber === 0 && f.columnNumber === 0;
    let name = topLevel ? '(module top-level code)' : f.functionName || '(anonymous)';
    if (map && f.url && f.url.endsWith(mapped.url) && !topLevel) {
      const o = map(f.lineNumber, f.columnNumber);
      if (o) {
        file = o.source;
        where = `${o.source}:${o.line + 1}`;
        if (o.name && (!f.functionName || f.functionName.length <= 2)) name = o.name;
      }
    }
    total += ms;
    const key = `${name}  ${where}`;
    fns.set(key, (fns.get(key) ?? 0) + ms);
    files.set(file, (files.get(file) ?? 0) + ms);
  }
  const top = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { total, program, functions: top(fns, 15), files: top(files, 10) };
}

// ─────────────────────────────────────────────────────────────────────────────────────────── the source-mapped build

async function buildMapped(dir) {
  const { build } = await import('vite');
  const saved = { entry: process.env.SOLEUS_ENTRY, out: process.env.SOLEUS_OUT };
  process.env.SOLEUS_ENTRY = 'src/components/booking-calendar/booking-calendar.define.ts';
  process.env.SOLEUS_OUT = 'widgets/booking-calendar.js';
  try {
    await withTimeout(
      build({
        configFile: join(root, 'vite.config.ts'),
        logLevel: 'error',
        build: { outDir: dir, emptyOutDir: false, sourcemap: true },
      }),
      120_000,
      'the source-mapped build',
    );
  } finally {
    if (saved.entry === undefined) delete process.env.SOLEUS_ENTRY;
    else process.env.SOLEUS_ENTRY = saved.entry;
    if (saved.out === undefined) delete process.env.SOLEUS_OUT;
    else process.env.SOLEUS_OUT = saved.out;
  }
  const js = join(dir, 'widgets/booking-calendar.js');
  if (!existsSync(js) || !existsSync(js + '.map'))
    throw new Error('the build wrote no widgets/booking-calendar.js(.map)');
  return { dir, js, url: 'mapped/widgets/booking-calendar.js' };
}

const stripMapComment = (text) => text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '');

/** A lookup (generated line, column; 0-based) → original { source, line, name } from a v3 source map. */
function loadSourceMap(jsFile) {
  const map = JSON.parse(readFileSync(jsFile + '.map', 'utf8'));
  const sources = map.sources.map((s) => {
    const abs = resolve(dirname(jsFile), map.sourceRoot ?? '', s);
    const rel = relative(root, abs);
    const i = abs.lastIndexOf(`${sep}node_modules${sep}`);
    return i >= 0 ? abs.slice(i + 1) : rel.startsWith('..') ? s : rel;
  });
  const digits = new Int8Array(128).fill(-1);
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach(
    (c, i) => (digits[c.charCodeAt(0)] = i),
  );
  const lines = [];
  let src = 0;
  let srcLine = 0;
  let nameIdx = 0;
  for (const line of map.mappings.split(';')) {
    let col = 0;
    const segs = [];
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const f = [];
      let value = 0;
      let shift = 0;
      for (let i = 0; i < seg.length; i++) {
        const d = digits[seg.charCodeAt(i)];
        value += (d & 31) * 2 ** shift;
        if (d & 32) shift += 5;
        else {
          f.push(value % 2 ? -Math.floor(value / 2) : value / 2);
          value = 0;
          shift = 0;
        }
      }
      col += f[0];
      if (f.length >= 4) {
        src += f[1];
        srcLine += f[2];
        // f[3], the source column, is relative too but not needed: only the line is mapped.
        if (f.length >= 5) nameIdx += f[4];
        segs.push([col, src, srcLine, f.length >= 5 ? nameIdx : -1]);
      }
    }
    lines.push(segs);
  }
  return (line, column) => {
    const segs = lines[line];
    if (!segs?.length) return undefined;
    let lo = 0;
    let hi = segs.length - 1;
    let hit = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid][0] <= column) {
        hit = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (hit < 0) return undefined;
    const [, s, l, n] = segs[hit];
    return { source: sources[s] ?? '?', line: l, name: n >= 0 ? map.names[n] : '' };
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────── the summary

function printSummary(results, profiles) {
  const ours = results.ours;
  const cally = results.cally;
  const rows = [
    ['script CPU until first render (ms)', (r) => r.scriptCpu, fmt],
    ['time to first render (ms)', (r) => r.render, fmt],
    ['  of which until the grid is in the DOM (ms)', (r) => r.grid, fmt],
    ['JS heap used at first render (MiB)', (r) => r.heap, (v) => (v / 2 ** 20).toFixed(2)],
    ['JS heap after a forced GC (MiB)', (r) => r.heapAfterGc, (v) => (v / 2 ** 20).toFixed(2)],
    ['requests until first render', (r) => r.requestsToRender, (v) => String(v)],
    ['requests in all', (r) => r.requestsAll, (v) => String(v)],
    ['bytes transferred in all (kB, uncompressed)', (r) => r.bytesAll, (v) => (v / 1000).toFixed(1)],
  ];
  console.log(`\n${'═'.repeat(100)}`);
  console.log(
    `Calendar month, cold loads in headless Chromium: median (min–max) of ${LOADS} loads each${quick ? ' (--quick)' : ''}`,
  );
  console.log(
    `machine: ${cpus().length} CPU(s); load average now ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work on the machine stretches wall times; script CPU is thread time)`,
  );
  const header = ['', 'ours', 'cally', 'ours/cally'];
  const body = rows.map(([label, pick, f]) => {
    const a = ours.map(pick);
    const b = cally.map(pick);
    const ma = median(a);
    const mb = median(b);
    const cell = (m, list) =>
      `${f(m)} (${f(Math.min(...list.filter(Number.isFinite)))}–${f(Math.max(...list.filter(Number.isFinite)))})`;
    return [label, cell(ma, a), cell(mb, b), mb ? `${(ma / mb).toFixed(2)}` : '—'];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) =>
    '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
  console.log(line(header));
  console.log('  ' + widths.map((w) => '─'.repeat(w)).join('   '));
  for (const row of body) console.log(line(row));
  const phase = (list, k) => fmt(median(list.map((r) => r.phases[k])));
  for (const [name, list] of [
    ['ours', ours],
    ['cally', cally],
  ]) {
    console.log(
      `  ${name.padEnd(5)} script CPU by phase (medians): compile ${phase(list, 'compile')}, module evaluation ${phase(list, 'evaluate')}, ` +
        `promise jobs ${phase(list, 'microtasks')}, other callbacks ${phase(list, 'callbacks')}, GC ${phase(list, 'gc')} ms` +
        `; requests until first render: ${list[0].requestUrls.map((u) => new URL(u).pathname).join(', ')}`,
    );
  }
  console.log(
    `  (the probe's own script and callbacks, ${fmt(median([...ours, ...cally].map((r) => r.probeCpu)))} ms median, are not counted)`,
  );

  const cpuOurs = median(ours.map((r) => r.scriptCpu));
  const cpuCally = median(cally.map((r) => r.scriptCpu));
  const ratio = cpuOurs / cpuCally;
  console.log('  target:');
  console.log(
    `    ${ratio <= 0.5 ? 'PASS' : 'MISS'}  our script CPU until first render at most half of cally's: ` +
      `ours/cally = ${ratio.toFixed(2)} (ours ${fmt(cpuOurs)} ms, cally ${fmt(cpuCally)} ms, so at most ${fmt(cpuCally / 2)} ms)`,
  );

  if (!profiles) return;
  console.log(
    `\nWhere the script CPU goes until first render: V8's sampling profiler in one more (uncounted) cold load of each.\n` +
      `Samples are wall-clock intervals, so on a busy machine they run longer than the CPU figures above: read the shares\n` +
      `(of the samples in JavaScript; "(program)", the renderer's own work and waiting outside JavaScript, is left out).`,
  );
  const intl = profiles.intl;
  console.log(
    `  reference: on a fresh page here, the first Intl.DateTimeFormat (the visitor's zone) costs ${fmt(median(intl.map((x) => x[0])))} ms of CPU, ` +
      `a second one (a zone, formatToParts) ${fmt(median(intl.map((x) => x[1])))} ms (medians of ${intl.length} cold loads)`,
  );
  const warm = median(profiles.warm.map((r) => r.scriptCpu));
  console.log(
    `  what-if: ours on a page that had already made an Intl.DateTimeFormat (in the uncounted probe): script CPU ${fmt(warm)} ms ` +
      `(median of ${profiles.warm.length}), ${fmt(median(results.ours.map((r) => r.scriptCpu)) - warm)} ms less; ` +
      `ours/cally would be ${(warm / median(results.cally.map((r) => r.scriptCpu))).toFixed(2)}`,
  );
  for (const name of ['ours', 'cally']) {
    const p = profiles[name].profile;
    if (!p || p.error) {
      console.log(`  ${name}: ${p?.error ?? 'no profile'}`);
      continue;
    }
    const share = (ms) => `${fmt(ms).padStart(6)} ms ${((100 * ms) / p.total).toFixed(0).padStart(3)} %`;
    console.log(
      `  ${name}: ${fmt(p.total)} ms of samples in JavaScript until first render (+ ${fmt(p.program)} ms "(program)"; this load's script CPU: ${fmt(profiles[name].scriptCpu)} ms)`,
    );
    console.log('    self time by source file:');
    for (const [file, ms] of p.files) console.log(`      ${share(ms)}  ${file}`);
    console.log('    self time by function:');
    for (const [fn, ms] of p.functions) console.log(`      ${share(ms)}  ${fn}`);
  }
}

// ─────────────────────────────────────────────────────────────────────────────────────────── helpers

function median(list) {
  const s = list.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(ms) {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise(
      (_, fail) => (timer = setTimeout(() => fail(new Error(`${what} took longer than ${ms / 1000} s`)), ms)),
    ),
  ]).finally(() => clearTimeout(timer));
}

/** The newest modification time of any file under a folder (bounded walk). */
function newestFile(dir) {
  let newest = 0;
  const queue = [dir];
  for (let seen = 0; queue.length && seen < 5000; seen++) {
    const d = queue.pop();
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) queue.push(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

// ─────────────────────────────────────────────────────────────────────────────────────────── run (last: every const above is initialised)

try {
  await main();
} catch (error) {
  console.error(`\nbench-calendar: the benchmark broke: ${error?.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
