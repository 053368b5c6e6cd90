/**
 * The link-preview cache, run INSIDE a network namespace of its own (`unshare --net --mount`, made by cache.test.ts),
 * for the same reason as the SSRF suite: the cache fetches through the real fetcher with every address rule on, so
 * its fixture site must be a "public" address (93.184.216.34 on this namespace's `lo`), and nothing may leave the
 * machine. Outside a fresh namespace it refuses to start. It counts the fixture's hits per path and prints one JSON
 * report on stdout.
 *
 * `--worker <database url> <preview url> <askers> <start at ms>`: one of the "other processes" of the
 * two-processes-on-one-database case (started by the main run, in the same namespace).
 */
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createApp } from '../../../src/server/app.js';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../../src/server/db/index.js';
import { createMailer } from '../../../src/server/mail/mailer.js';
import { parsePractice } from '../../../src/server/practice.js';
import { createPreviewService, type PreviewAnswer } from '../../../src/server/previews/cache.js';
import { signImageId } from '../../../src/server/previews/images.js';
import { practiceJson } from '../support/booking.js';

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const out = (value: unknown) =>
  new Promise<void>((resolve) => process.stdout.write(JSON.stringify(value), () => resolve()));

const links = sh('ip', ['-o', 'link', 'show'])
  .trim()
  .split('\n')
  .map((l) => l.split(':')[1]!.trim());
if (links.length !== 1 || links[0] !== 'lo') {
  await out({ fatal: `not in a fresh network namespace: interfaces ${links.join(', ')}` });
  process.exit(3);
}

const PUBLIC = '93.184.216.34';
const SECRET = 'cache-runner-secret-0123456789abcdef';
const UA = 'Soleus-LinkPreview/test (+https://soleus.example/)';

async function worker(dbUrl: string, url: string, askers: number, startAt: number): Promise<void> {
  const open = await openDatabase(dbUrl);
  const service = createPreviewService({ db: open.db, secret: SECRET, userAgent: UA, rateLimit: 1000, pollMs: 25 });
  await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
  const answers = await Promise.all(Array.from({ length: askers }, () => service.get(url)));
  await open.close();
  await out(answers);
}

if (process.argv[2] === '--worker') {
  const [dbUrl, url, askers, startAt] = process.argv.slice(3);
  await worker(dbUrl!, url!, Number(askers), Number(startAt));
  process.exit(0);
}

sh('ip', ['link', 'set', 'lo', 'up']);
sh('ip', ['addr', 'add', `${PUBLIC}/32`, 'dev', 'lo']);

// ---- The fixture site --------------------------------------------------------------------------------------------
const hits = new Map<string, number>();
const hit = (path: string) => hits.get(path) ?? 0;
const photo = await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#0f766e' } })
  .jpeg()
  .toBuffer();
const page = (name: string) => `<!doctype html><html lang="en"><head><title>Page ${name}</title>
<meta property="og:description" content="About ${name}."><meta property="og:image" content="/photo/${name}.jpg">
<meta property="og:image:alt" content="A photo"></head><body></body></html>`;
const site = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  hits.set(path, hit(path) + 1);
  if (path.startsWith('/photo/')) return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
  if (path.startsWith('/slow/')) {
    // Slow enough that every asker arrives while the one fetch is under way.
    return void setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(page(path.slice(6))), 400);
  }
  if (path.startsWith('/page/'))
    return void res.writeHead(200, { 'content-type': 'text/html' }).end(page(path.slice(6)));
  if (path === '/to-private') return void res.writeHead(302, { location: 'http://10.0.0.1/' }).end();
  res.writeHead(404).end();
});
await new Promise<void>((resolve) => site.listen(80, PUBLIC, resolve));
const pub = (path: string) => `http://${PUBLIC}${path}`;

// ---- Cases -------------------------------------------------------------------------------------------------------
const report: Record<string, unknown> = {};
const summary = (a: PreviewAnswer) =>
  a.kind === 'preview'
    ? { kind: a.kind, from: a.from, status: a.body.status, title: a.body.title, fetchedAt: a.body.fetchedAt }
    : a;

async function singleProcess(db: OpenDatabase): Promise<Record<string, unknown>> {
  const r: Record<string, unknown> = {};
  let nowMs = Date.parse('2026-12-02T08:00:00Z');
  const service = createPreviewService({
    db: db.db,
    secret: SECRET,
    userAgent: UA,
    rateLimit: 2,
    now: () => new Date(nowMs),
    pollMs: 25,
  });
  const tag = db.dialect;

  // Concurrent askers in one process: one fetch.
  const url = pub(`/slow/${tag}-a`);
  const answers = await Promise.all(Array.from({ length: 20 }, () => service.get(url)));
  r.concurrent = { hits: hit(`/slow/${tag}-a`), photoHits: hit(`/photo/${tag}-a.jpg`), answers: answers.map(summary) };
  const first = answers[0]!;
  r.again = { answer: summary(await service.get(url)), hits: hit(`/slow/${tag}-a`) };
  r.fragment = summary(await service.get(`${url}#section`));

  // The image: encoded on its first request, from the bytes fetched with the page.
  if (first.kind === 'preview' && first.body.image) {
    const id = first.body.image.url.split('/').pop()!;
    const t0 = Date.now();
    const webp = await service.image(id);
    const firstMs = Date.now() - t0;
    const again = await service.image(id);
    const meta = webp ? await sharp(webp).metadata() : undefined;
    const [key] = id.split('.');
    r.image = {
      declared: first.body.image,
      format: meta?.format,
      width: meta?.width,
      height: meta?.height,
      exif: !!meta?.exif,
      same: !!webp && !!again && webp.equals(again),
      firstMs,
      photoHits: hit(`/photo/${tag}-a.jpg`),
      tampered: (await service.image(`${key}.${'A'.repeat(43)}`)) === null,
      otherSecret: (await service.image(signImageId(key!, 'another-secret-0123456789abcdef'))) === null,
      unknownKey: (await service.image(signImageId('B'.repeat(43), SECRET))) === null,
    };
  }

  // Stale after 24 h: answered at once from the cache, refreshed once in the background.
  nowMs += 25 * 3_600_000;
  const stale = await service.get(url);
  const staleAgain = await service.get(url);
  await service.idle();
  r.stale = {
    answer: summary(stale),
    again: summary(staleAgain),
    hitsAfterRefresh: hit(`/slow/${tag}-a`),
    afterRefresh: summary(await service.get(url)),
  };

  // Past the 7 days of stale: fetched again before answering.
  nowMs += 9 * 24 * 3_600_000;
  r.expired = { answer: summary(await service.get(url)), hits: hit(`/slow/${tag}-a`) };

  // unavailable is kept for 1 h, then fetched again.
  const missing = pub(`/missing-${tag}`);
  const u1 = await service.get(missing);
  const u2 = await service.get(missing);
  nowMs += 59 * 60_000;
  const u3 = await service.get(missing);
  const hitsWithinHour = hit(`/missing-${tag}`);
  nowMs += 2 * 60_000;
  const u4 = await service.get(missing);
  r.unavailable = { answers: [u1, u2, u3, u4].map(summary), hitsWithinHour, hitsAfter: hit(`/missing-${tag}`) };

  // The per-IP limit counts only previews not yet cached.
  nowMs += 60_000 - (nowMs % 60_000); // a fresh one-minute window
  const ip = `198.51.100.${tag === 'sqlite' ? 1 : 2}`;
  const l1 = await service.get(pub(`/page/${tag}-l1`), { ip });
  const l2 = await service.get(pub(`/page/${tag}-l2`), { ip });
  const l3 = await service.get(pub(`/page/${tag}-l3`), { ip });
  const cachedForLimited = await service.get(pub(`/page/${tag}-l1`), { ip });
  const otherIp = await service.get(pub(`/page/${tag}-l3`), { ip: `${ip}0` });
  r.limit = {
    answers: [l1, l2, l3, cachedForLimited, otherIp].map(summary),
    l3Hits: hit(`/page/${tag}-l3`),
  };

  // A refusal after a redirect is not cached, and nothing connects to the private address (no listener exists
  // in this namespace for 10.0.0.1 at all: a connection attempt would fail as unavailable, not url_not_allowed).
  const refused = await service.get(pub('/to-private'));
  const refusedAgain = await service.get(pub('/to-private'));
  const rows = await db.db
    .selectFrom('link_previews')
    .select(['body', 'lease_owner'])
    .where('url', '=', pub('/to-private'))
    .execute();
  r.refusedAfterRedirect = { answers: [refused, refusedAgain].map(summary), rows };

  // force (warming): fetches even when fresh.
  const forcedBefore = hit(`/page/${tag}-l1`);
  const forced = await service.get(pub(`/page/${tag}-l1`), { force: true });
  r.force = { answer: summary(forced), hits: hit(`/page/${tag}-l1`) - forcedBefore };
  return r;
}

async function twoProcesses(dbUrl: string, tag: string): Promise<Record<string, unknown>> {
  const url = pub(`/slow/${tag}-multi`);
  const startAt = Date.now() + 2500; // both workers loaded and connected by then
  const run = () =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', process.argv[1]!, '--worker', dbUrl, url, '10', String(startAt)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const results = await Promise.all([run(), run()]);
  return {
    hits: hit(`/slow/${tag}-multi`),
    workers: results.map((w) => ({
      status: w.status,
      stderr: w.stderr.slice(-2000),
      answers: w.status === 0 ? (JSON.parse(w.stdout) as PreviewAnswer[]).map(summary) : [],
    })),
  };
}

async function routes(db: OpenDatabase): Promise<Record<string, unknown>> {
  const practice = parsePractice(
    { ...practiceJson(), linkPreview: { rateLimit: 1, allowedHosts: [PUBLIC] } },
    'runner practice',
  );
  const app = createApp({
    config: { allowedOrigins: [], publicUrl: undefined, production: false, trustProxy: true },
    practice,
    db: db.db,
    dialect: db.dialect,
    mailer: createMailer({ smtpUrl: undefined, db: db.db, production: false, from: 'x@example.com' }),
    secret: SECRET,
  });
  const ask = async (url: string, ip: string) => {
    const res = await app.request(`/api/v1/link-preview?url=${encodeURIComponent(url)}`, {
      headers: { 'X-Forwarded-For': ip },
    });
    return { status: res.status, retryAfter: res.headers.get('Retry-After'), body: (await res.json()) as unknown };
  };
  const ip = '203.0.113.9';
  const first = await ask(pub(`/page/${db.dialect}-route1`), ip);
  const second = await ask(pub(`/page/${db.dialect}-route2`), ip);
  const cached = await ask(pub(`/page/${db.dialect}-route1`), ip);
  const notAllowed = await ask('http://public.example/', ip);
  const imageUrl = (first.body as { image?: { url: string } }).image?.url;
  const image = imageUrl ? await app.request(imageUrl) : undefined;
  return {
    first,
    second,
    cached,
    notAllowed,
    image: image && {
      status: image.status,
      type: image.headers.get('Content-Type'),
      cache: image.headers.get('Cache-Control'),
      corp: image.headers.get('Cross-Origin-Resource-Policy'),
    },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'soleus-cache-'));
  const targets: Array<{ dialect: string; url: string }> = [{ dialect: 'sqlite', url: `sqlite:${join(dir, 'c.db')}` }];
  if (process.env.CACHE_RUNNER_PG_URL) targets.push({ dialect: 'postgres', url: process.env.CACHE_RUNNER_PG_URL });
  for (const t of targets) {
    const db = await openDatabase(t.url);
    await migrateToLatest(db.db, db.dialect, { where: db.where });
    report[t.dialect] = {
      single: await singleProcess(db),
      twoProcesses: await twoProcesses(t.url, t.dialect),
      routes: await routes(db),
    };
    await db.close();
  }
  site.close();
  await out({ report });
}

main().then(
  () => process.exit(0),
  async (e: unknown) => {
    await out({ fatal: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exit(2);
  },
);
