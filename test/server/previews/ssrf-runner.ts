/**
 * Runs INSIDE a fresh network (and mount) namespace made by ssrf.test.ts (`unshare --net --mount`). It refuses to
 * run anywhere else: it checks that `lo` is the only interface before binding or connecting to anything, so no packet
 * can leave the machine. It puts private, link-local, shared and transition-form addresses on `lo` with a canary
 * listener on each (ports 80 and 443, counting connections), a fixture "public" site on 93.184.216.34 and
 * 2606:2800:220:1::1, then runs every case through the real fetcher (defence on, resolver injected or the system
 * resolver reading a bind-mounted /etc/hosts) and prints one JSON report on stdout.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import {
  safeFetch,
  previewUserAgent,
  type Resolver,
  type SafeFetchOptions,
  type FetchResult,
} from '../../../src/server/previews/fetch.js';
import sharp from 'sharp';
import { MetadataParser } from '../../../src/server/previews/metadata.js';
import { buildPreview, type LinkPreview, type PreviewRefusal } from '../../../src/server/previews/preview.js';
import { verifyImageId, type PendingImage } from '../../../src/server/previews/images.js';

const log = (...a: unknown[]) => process.stderr.write(a.map(String).join(' ') + '\n');
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

// ---- 1. Make sure we are in an empty namespace of our own -------------------------------------------------------
const links = sh('ip', ['-o', 'link', 'show'])
  .trim()
  .split('\n')
  .map((l) => l.split(':')[1].trim());
if (links.length !== 1 || links[0] !== 'lo') {
  process.stdout.write(
    JSON.stringify({ fatal: `not in a fresh network namespace: interfaces ${links.join(', ')}` }),
    () => process.exit(3),
  );
  // Nothing below may run: wait for the write and the exit.
  await new Promise(() => undefined);
}
sh('ip', ['link', 'set', 'lo', 'up']);

export const PUBLIC_V4 = '93.184.216.34';
export const PUBLIC_V6 = '2606:2800:220:1::1';
const PUBLIC_NAT64 = '64:ff9b::5db8:d822'; // NAT64 of 93.184.216.34: allowed (embedded address public)
const PUBLIC_6TO4 = '2002:5db8:d822::1'; // 6to4 of 93.184.216.34: allowed
const BLACKHOLE_V4 = '93.184.216.35'; // a listener whose accept queue is full: SYNs are dropped → connect timeout

interface Target {
  readonly cls: string;
  /** The address as it would appear in DNS answers / URL literal. */
  readonly addr: string;
  /** Address the canary listens on (null: none possible, e.g. multicast). */
  readonly canary: string | null;
  /** Put `addr` on lo (IPv4 /32 or IPv6 /128). */
  readonly onLo?: boolean;
}

const v4 = (cls: string, addr: string, onLo = true): Target => ({ cls, addr, canary: addr, onLo });
const v6 = (cls: string, addr: string, onLo = true): Target => ({ cls, addr, canary: addr, onLo });
const TARGETS: Target[] = [
  v4('loopback', '127.0.0.1', false),
  v4('loopback', '127.1.2.3', false),
  { cls: 'unspecified', addr: '0.0.0.0', canary: null }, // connect(0.0.0.0) reaches 127.0.0.1: its canary counts
  v4('private', '10.0.0.1'),
  v4('private', '172.16.0.1'),
  v4('private', '192.168.1.1'),
  v4('carrierGradeNat', '100.64.0.1'),
  v4('linkLocal', '169.254.169.254'),
  v4('documentation', '192.0.2.1'),
  v4('documentation', '198.51.100.1'),
  v4('documentation', '203.0.113.1'),
  v4('benchmarking', '198.18.0.1'),
  v4('reserved', '192.0.0.1'),
  v4('reserved', '240.0.0.1'),
  { cls: 'broadcast', addr: '255.255.255.255', canary: null },
  { cls: 'multicast', addr: '224.0.0.1', canary: null },
  v6('loopback', '::1', false),
  { cls: 'unspecified', addr: '::', canary: null }, // connect(::) reaches ::1: its canary counts
  v6('uniqueLocal', 'fd00::1'),
  v6('uniqueLocal', 'fc00::1'),
  { cls: 'linkLocal', addr: 'fe80::1', canary: 'fe80::1%lo', onLo: true },
  v6('siteLocal', 'fec0::1'),
  v6('documentation', '2001:db8::1'),
  { cls: 'multicast', addr: 'ff02::1', canary: null },
  // IPv4-mapped: the kernel connects these to the IPv4 canaries above.
  { cls: 'ipv4Mapped', addr: '::ffff:127.0.0.1', canary: null },
  { cls: 'ipv4Mapped', addr: '::ffff:10.0.0.1', canary: null },
  { cls: 'ipv4Mapped', addr: '::ffff:169.254.169.254', canary: null },
  { cls: 'ipv4Mapped', addr: `::ffff:${PUBLIC_V4}`, canary: null }, // refused as a form even for a public address
  v6('ipv4Compatible', '::a00:1'),
  v6('ipv4Compatible', '::7f00:1'),
  v6('nat64', '64:ff9b::a00:1'),
  v6('nat64', '64:ff9b::7f00:1'),
  v6('nat64', '64:ff9b::a9fe:a9fe'),
  v6('nat64Local', '64:ff9b:1::a00:1'),
  v6('6to4', '2002:a00:1::1'),
  v6('6to4', '2002:7f00:1::1'),
  v6('6to4', '2002:a9fe:a9fe::1'),
  v6('teredo', '2001:0:4136:e378:8000:63bf:f5ff:fffe'), // client 10.0.0.1
];

// Spellings the URL parser turns into dotted form: refused whatever they name.
const SPELLINGS: Array<{ cls: string; url: string; canary: string }> = [
  { cls: 'ipv4Decimal', url: 'http://2130706433/', canary: '127.0.0.1' },
  { cls: 'ipv4Decimal', url: 'http://167772161/', canary: '10.0.0.1' },
  { cls: 'ipv4Decimal', url: 'http://1572395042/', canary: PUBLIC_V4 }, // a public address, still refused
  { cls: 'ipv4Hex', url: 'http://0x7f.1/', canary: '127.0.0.1' },
  { cls: 'ipv4Hex', url: 'http://0xa9.0xfe.0xa9.0xfe/', canary: '169.254.169.254' },
  { cls: 'ipv4Hex', url: 'http://0x7f000001/', canary: '127.0.0.1' },
  { cls: 'ipv4Octal', url: 'http://0177.0.0.1/', canary: '127.0.0.1' },
  { cls: 'ipv4Octal', url: 'http://012.0.0.1/', canary: '10.0.0.1' },
  { cls: 'ipv4Short', url: 'http://127.1/', canary: '127.0.0.1' },
  { cls: 'ipv4Short', url: 'http://10.1/', canary: '10.0.0.1' },
];

// ---- 2. Addresses on lo ------------------------------------------------------------------------------------------
const onLo = new Set<string>();
for (const t of TARGETS) if (t.onLo) onLo.add(t.addr);
for (const a of [PUBLIC_V4, BLACKHOLE_V4, '10.0.0.2']) onLo.add(a);
for (const a of [PUBLIC_V6, PUBLIC_NAT64, PUBLIC_6TO4]) onLo.add(a);
for (const a of onLo) {
  if (a.includes(':')) sh('ip', ['-6', 'addr', 'add', `${a}/128`, 'dev', 'lo', 'nodad']);
  else sh('ip', ['addr', 'add', `${a}/32`, 'dev', 'lo']);
}

// ---- 3. /etc/hosts for the system resolver (this mount namespace only) -------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'soleus-ssrf-'));
const hostsFile = join(dir, 'hosts');
const hostLines = ['127.0.0.1 localhost', `${PUBLIC_V4} public.test`, `${PUBLIC_V6} public6.test`];
TARGETS.forEach((t, i) => hostLines.push(`${t.addr} hosts-${i}.test`));
writeFileSync(hostsFile, hostLines.join('\n') + '\n');
sh('mount', ['--bind', hostsFile, '/etc/hosts']);
if (!readFileSync('/etc/hosts', 'utf8').includes('hosts-0.test')) throw new Error('bind mount of /etc/hosts failed');

// ---- 4. A certificate for the public fixture ---------------------------------------------------------------------
sh('openssl', [
  'req',
  '-x509',
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:prime256v1',
  '-nodes',
  '-days',
  '2',
  '-subj',
  '/CN=public.test',
  '-addext',
  `subjectAltName=DNS:public.test,IP:${PUBLIC_V4}`,
  '-keyout',
  join(dir, 'key.pem'),
  '-out',
  join(dir, 'cert.pem'),
]);
const key = readFileSync(join(dir, 'key.pem'));
const cert = readFileSync(join(dir, 'cert.pem'));

// ---- 5. Canaries and the public fixture --------------------------------------------------------------------------
const canaryHits = new Map<string, number>();
const servers: net.Server[] = [];
function listen(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, ipv6Only: host.includes(':') }, () => resolve());
    servers.push(server);
  });
}
async function canary(host: string): Promise<void> {
  for (const port of [80, 443, 8080]) {
    const s = http.createServer((_req, res) => res.end('<title>CANARY</title>'));
    s.on('connection', () => canaryHits.set(host, (canaryHits.get(host) ?? 0) + 1));
    await listen(s, host, port);
  }
}
const totalCanary = () => [...canaryHits.values()].reduce((a, b) => a + b, 0);

let publicHits = 0;
let publicPort8080Hits = 0;
const seenRequests: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Marathon training hub</title>
<meta property="og:title" content="Marathon training hub"><meta property="og:image" content="/hub.png"></head>
<body><p>hello</p></body></html>`;
const CARD = `<!doctype html><html lang="en"><head><title>Marathon training hub</title>
<meta property="og:description" content="Sixteen weeks of plans.">
<meta property="og:site_name" content="Kinetic Physio">
<meta property="og:image" content="/hub.png"><meta property="og:image:alt" content="A runner at dawn">
<link rel="icon" href="/favicon.png" sizes="128x128"></head><body></body></html>`;
let hubPng = Buffer.alloc(0);
// 64 MB of one repeated tag inside an unclosed head, gzipped to a few hundred kB.
const gzipBomb = gzipSync(
  Buffer.concat([
    Buffer.from('<html><head><title>Bomb</title>'),
    Buffer.alloc(64 * 1024 * 1024, '<meta name="a" content="b">'),
  ]),
  { level: 9 },
);
let faviconPng = Buffer.alloc(0);
function publicApp(req: http.IncomingMessage, res: http.ServerResponse): void {
  seenRequests.push({ url: req.url ?? '', headers: req.headers });
  const u = new URL(req.url ?? '/', 'http://x');
  const to = u.searchParams.get('to');
  switch (u.pathname) {
    case '/ok':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    case '/redirect':
      res.writeHead(Number(u.searchParams.get('status') ?? 302), { location: to ?? '/ok' }).end();
      return;
    case '/chain': {
      const n = Number(u.searchParams.get('n') ?? 0);
      res.writeHead(302, { location: n > 0 ? `/chain?n=${n - 1}` : '/ok' }).end();
      return;
    }
    case '/setcookie':
      res.writeHead(302, { location: '/echo', 'set-cookie': 'sid=secret; Path=/' }).end();
      return;
    case '/echo':
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<title>${JSON.stringify(req.headers).replace(/</g, '')}</title>`);
      return;
    case '/noindex':
      res.writeHead(200, { 'content-type': 'text/html', 'x-robots-tag': 'noindex' }).end(PAGE);
      return;
    case '/huge': {
      // The head ends in the first kilobyte; then 5 MB of body the parser must not wait for.
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write(PAGE.replace('<body>', `<body>${'<p>filler</p>'.repeat(10)}`));
      const block = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 5 * 1024 * 1024) {
          sent += block.length;
          if (!res.write(block)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      res.on('close', () => undefined);
      return;
    }
    case '/huge-head': {
      // No </head> ever: the fetch must stop at 1 MB.
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><head><title>Endless head</title>');
      const block = Buffer.from('<meta name="x" content="y">'.repeat(2000));
      let sent = 0;
      const pump = () => {
        while (sent < 6 * 1024 * 1024) {
          sent += block.length;
          if (!res.write(block)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    case '/big-image':
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.alloc(6 * 1024 * 1024));
      return;
    case '/big-image-chunked': {
      res.writeHead(200, { 'content-type': 'image/png' }); // no Content-Length: the cap must stop it mid-stream
      const block = Buffer.alloc(256 * 1024);
      let n = 0;
      const pump = () => {
        while (n++ < 40) if (!res.write(block)) return void res.once('drain', pump);
        res.end();
      };
      pump();
      return;
    }
    case '/slow':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><head>'); // and never more
      return;
    case '/ok-gzip':
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE));
      return;
    case '/ok-br':
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(brotliCompressSync(PAGE));
      return;
    case '/gzip-bomb':
      res
        .writeHead(200, { 'content-type': u.searchParams.get('type') ?? 'text/html', 'content-encoding': 'gzip' })
        .end(gzipBomb);
      return;
    case '/card':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(CARD);
      return;
    case '/card-private-images':
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          CARD.replace('/hub.png', 'http://169.254.169.254/latest/meta-data/x.png').replace(
            '/favicon.png',
            'http://[::1]/icon.png',
          ),
        );
      return;
    case '/card-svg-image':
      res.writeHead(200, { 'content-type': 'text/html' }).end(CARD.replace('/hub.png', '/evil.svg'));
      return;
    case '/evil.svg':
      res
        .writeHead(200, { 'content-type': 'image/png' })
        .end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><image href="http://10.0.0.1/"/></svg>');
      return;
    case '/card-notype':
      res.writeHead(200, {}).end(CARD);
      return;
    case '/card-noindex':
      res.writeHead(200, { 'content-type': 'text/html', 'x-robots-tag': 'noindex' }).end(CARD);
      return;
    case '/hub.png':
      res.writeHead(200, { 'content-type': 'image/png' }).end(hubPng);
      return;
    case '/favicon.png':
      res.writeHead(200, { 'content-type': 'image/png' }).end(faviconPng);
      return;
    case '/plain':
      res.writeHead(200, { 'content-type': 'text/plain' }).end(PAGE);
      return;
    default:
      res.writeHead(404).end();
  }
}

async function startFixtures(): Promise<void> {
  hubPng = await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#0f766e' } })
    .png()
    .toBuffer();
  faviconPng = await sharp({ create: { width: 128, height: 128, channels: 4, background: '#ffffff' } })
    .png()
    .toBuffer();
  const h = http.createServer(publicApp);
  h.on('connection', () => publicHits++);
  await listen(h, PUBLIC_V4, 80);
  const s = https.createServer({ key, cert }, publicApp);
  s.on('connection', () => publicHits++);
  await listen(s, PUBLIC_V4, 443);
  for (const a of [PUBLIC_V6, PUBLIC_NAT64, PUBLIC_6TO4]) {
    const h6 = http.createServer(publicApp);
    h6.on('connection', () => publicHits++);
    await listen(h6, a, 80);
  }
  const p8080 = http.createServer(publicApp);
  p8080.on('connection', () => publicPort8080Hits++);
  await listen(p8080, PUBLIC_V4, 8080);
  for (const t of TARGETS)
    if (t.canary && !canaryHits.has(t.canary)) {
      canaryHits.set(t.canary, 0);
      await canary(t.canary);
    }
  canaryHits.set('10.0.0.2', 0);
  await canary('10.0.0.2');
}

// A listener that never accepts (backlog 0, queue pre-filled): further SYNs are dropped, so connecting hangs.
async function startBlackhole(): Promise<() => void> {
  const py = spawn(
    'python3',
    [
      '-c',
      `import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('${BLACKHOLE_V4}',80)); s.listen(0)
print('ready', flush=True); time.sleep(120)`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => py.stdout.once('data', () => resolve()));
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 3; i++) {
    const c = net.connect({ host: BLACKHOLE_V4, port: 80 });
    c.on('error', () => undefined);
    fillers.push(c);
    await new Promise((r) => setTimeout(r, 100));
  }
  return () => {
    fillers.forEach((f) => f.destroy());
    py.kill();
  };
}

// ---- 6. Cases ----------------------------------------------------------------------------------------------------
/** One case's outcome, as the runner prints it and ssrf.test.ts reads it (the test imports this type only). */
export interface CaseReport {
  name: string;
  cls: string;
  via: string;
  target: string;
  expect: 'refused' | 'fetched' | 'unavailable';
  ok: boolean;
  code?: string;
  reason?: string;
  canaryHits: number;
  publicHits: number;
  resolverCalls?: number;
  ms: number;
  detail?: Record<string, unknown>;
}
const reports: CaseReport[] = [];
const UA = previewUserAgent('0.1.0', 'https://soleus.example/');
const base: SafeFetchOptions = { kind: 'html', userAgent: UA, ca: cert };

const literalHost = (addr: string) => (addr.includes(':') ? `[${addr}]` : addr);
const mapResolver =
  (map: Record<string, string[]>, calls: { n: number }): Resolver =>
  async (host) => {
    calls.n++;
    const a = map[host];
    if (!a) throw new Error(`ENOTFOUND ${host}`);
    return a.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function run(
  name: string,
  cls: string,
  via: string,
  target: string,
  expect: CaseReport['expect'],
  url: string,
  opts: Partial<SafeFetchOptions> = {},
  calls?: { n: number },
  detail?: (r: FetchResult) => Record<string, unknown>,
): Promise<FetchResult> {
  const c0 = totalCanary();
  const p0 = publicHits;
  const t0 = Date.now();
  const r = await safeFetch(url, { ...base, ...opts });
  // Give any stray connection a moment to be counted.
  await new Promise((res) => setTimeout(res, 5));
  reports.push({
    name,
    cls,
    via,
    target,
    expect,
    ok: r.ok,
    code: r.ok ? undefined : r.error.code,
    reason: r.ok ? undefined : r.error.reason,
    canaryHits: totalCanary() - c0,
    publicHits: publicHits - p0,
    resolverCalls: calls?.n,
    ms: Date.now() - t0,
    detail: detail?.(r),
  });
  return r;
}

async function main(): Promise<void> {
  await startFixtures();
  const stopBlackhole = await startBlackhole();
  const pub = `http://${PUBLIC_V4}`;

  // Every refused address, four (five) ways.
  for (const [i, t] of TARGETS.entries()) {
    const lit = literalHost(t.addr);
    await run(`${t.cls} ${t.addr} direct`, t.cls, 'direct', t.addr, 'refused', `http://${lit}/`);
    await run(`${t.cls} ${t.addr} direct https`, t.cls, 'direct-https', t.addr, 'refused', `https://${lit}/`);
    await run(
      `${t.cls} ${t.addr} by redirect`,
      t.cls,
      'redirect',
      t.addr,
      'refused',
      `${pub}/redirect?to=${encodeURIComponent(`http://${lit}/ok`)}`,
    );
    const c1 = { n: 0 };
    await run(
      `${t.cls} ${t.addr} by hostname (injected resolver)`,
      t.cls,
      'hostname',
      t.addr,
      'refused',
      `http://target-${i}.test/ok`,
      { resolver: mapResolver({ [`target-${i}.test`]: [t.addr] }, c1) },
      c1,
    );
    await run(
      `${t.cls} ${t.addr} by hostname (system resolver, /etc/hosts)`,
      t.cls,
      'hostname-system',
      t.addr,
      'refused',
      `http://hosts-${i}.test/ok`,
    );
    const c2 = { n: 0 };
    await run(
      `${t.cls} ${t.addr} among public answers`,
      t.cls,
      'mixed-answers',
      t.addr,
      'refused',
      `http://mixed-${i}.test/ok`,
      { resolver: mapResolver({ [`mixed-${i}.test`]: [PUBLIC_V4, t.addr] }, c2) },
      c2,
    );
    // DNS rebinding: public on the first lookup, the target on every later one.
    const c3 = { n: 0 };
    const rebinding: Resolver = async (host) => {
      c3.n++;
      const a = c3.n === 1 ? PUBLIC_V4 : t.addr;
      if (host !== `rebind-${i}.test`) throw new Error('ENOTFOUND');
      return [{ address: a, family: a.includes(':') ? 6 : 4 }];
    };
    await run(
      `${t.cls} ${t.addr} by DNS rebinding (pinned connection)`,
      t.cls,
      'rebinding-pinned',
      t.addr,
      'fetched',
      `http://rebind-${i}.test/ok`,
      { resolver: rebinding },
      c3,
    );
    c3.n = 0;
    await run(
      `${t.cls} ${t.addr} by DNS rebinding (redirect to itself)`,
      t.cls,
      'rebinding-redirect',
      t.addr,
      'refused',
      `http://rebind-${i}.test/redirect?to=${encodeURIComponent(`http://rebind-${i}.test/ok`)}`,
      { resolver: rebinding },
      c3,
    );
  }
  for (const s of SPELLINGS) {
    await run(`${s.cls} ${s.url} direct`, s.cls, 'direct', s.url, 'refused', s.url);
    // A redirect Location is checked as written, so the spelling is refused there too.
    await run(
      `${s.cls} ${s.url} by redirect`,
      s.cls,
      'redirect',
      s.url,
      'refused',
      `${pub}/redirect?to=${encodeURIComponent(s.url)}`,
    );
  }
  // IPv6 zone ids cannot be written in a URL at all.
  await run(
    'linkLocal [fe80::1%25lo] with zone id',
    'linkLocal',
    'direct',
    'fe80::1%lo',
    'refused',
    'http://[fe80::1%25lo]/',
  );

  // URL rules, first URL and redirect alike.
  await run('port 8080 direct', 'port', 'direct', '8080', 'refused', `${pub}:8080/ok`);
  await run(
    'port 8080 by redirect',
    'port',
    'redirect',
    '8080',
    'refused',
    `${pub}/redirect?to=${encodeURIComponent(`${pub}:8080/ok`)}`,
  );
  await run('port 22 direct', 'port', 'direct', '22', 'refused', `http://public.test:22/`);
  await run('credentials', 'credentials', 'direct', 'user:pass', 'refused', `http://user:pass@${PUBLIC_V4}/ok`);
  await run(
    'credentials by redirect',
    'credentials',
    'redirect',
    'user:pass',
    'refused',
    `${pub}/redirect?to=${encodeURIComponent(`http://u:p@${PUBLIC_V4}/ok`)}`,
  );
  await run('scheme ftp', 'scheme', 'direct', 'ftp', 'refused', `ftp://${PUBLIC_V4}/`);
  await run(
    'scheme file by redirect',
    'scheme',
    'redirect',
    'file',
    'refused',
    `${pub}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`,
  );
  await run(
    'scheme gopher by redirect',
    'scheme',
    'redirect',
    'gopher',
    'refused',
    `${pub}/redirect?to=${encodeURIComponent('gopher://10.0.0.1:80/')}`,
  );
  await run('localhost by name', 'local_name', 'direct', 'localhost', 'refused', 'http://localhost/');
  await run('allowedHosts refuses another host', 'allowedHosts', 'direct', PUBLIC_V4, 'refused', `${pub}/ok`, {
    allowedHosts: ['public.test'],
  });
  const c4 = { n: 0 };
  await run(
    'allowedHosts refuses a redirect to another host',
    'allowedHosts',
    'redirect',
    'other.test',
    'refused',
    `http://public.test/redirect?to=${encodeURIComponent('http://other.test/ok')}`,
    {
      allowedHosts: ['public.test'],
      resolver: mapResolver({ 'public.test': [PUBLIC_V4], 'other.test': [PUBLIC_V4] }, c4),
    },
    c4,
  );
  await run('six redirects are one too many', 'redirects', 'redirect', 'chain 6', 'unavailable', `${pub}/chain?n=5`);

  // The public fixture IS fetched (so the suite can fail).
  const title = (r: FetchResult) => ({
    title: r.ok ? /<title>([^<]*)/.exec(r.body.toString())?.[1] : undefined,
    address: r.ok ? r.address : undefined,
  });
  await run('public IPv4 literal', 'public', 'direct', PUBLIC_V4, 'fetched', `${pub}/ok`, {}, undefined, title);
  await run(
    'public IPv4 literal https',
    'public',
    'direct-https',
    PUBLIC_V4,
    'fetched',
    `https://${PUBLIC_V4}/ok`,
    {},
    undefined,
    title,
  );
  await run(
    'public IPv6 literal',
    'public',
    'direct',
    PUBLIC_V6,
    'fetched',
    `http://[${PUBLIC_V6}]/ok`,
    {},
    undefined,
    title,
  );
  await run(
    'public NAT64 form',
    'public',
    'direct',
    PUBLIC_NAT64,
    'fetched',
    `http://[${PUBLIC_NAT64}]/ok`,
    {},
    undefined,
    title,
  );
  await run(
    'public 6to4 form',
    'public',
    'direct',
    PUBLIC_6TO4,
    'fetched',
    `http://[${PUBLIC_6TO4}]/ok`,
    {},
    undefined,
    title,
  );
  await run(
    'public by system resolver',
    'public',
    'hostname-system',
    'public.test',
    'fetched',
    'http://public.test/ok',
    {},
    undefined,
    title,
  );
  await run(
    'public IPv6 by system resolver',
    'public',
    'hostname-system',
    'public6.test',
    'fetched',
    'http://public6.test/ok',
    {},
    undefined,
    title,
  );
  const c5 = { n: 0 };
  await run(
    'public https by name (SNI and certificate name)',
    'public',
    'hostname',
    'public.test',
    'fetched',
    'https://public.test/ok',
    { resolver: mapResolver({ 'public.test': [PUBLIC_V4] }, c5) },
    c5,
    title,
  );
  // The certificate names public.test and 93.184.216.34: the same address under another name must fail, so the
  // name (not the pinned address) is what TLS verifies.
  await run(
    'https verifies the hostname, not the pinned address',
    'public',
    'tls',
    'other.test',
    'unavailable',
    'https://other.test/ok',
    { resolver: mapResolver({ 'other.test': [PUBLIC_V4] }, { n: 0 }) },
  );
  await run(
    'public https without the fixture CA fails closed',
    'public',
    'tls',
    'public.test',
    'unavailable',
    'https://public.test/ok',
    { ca: undefined, resolver: mapResolver({ 'public.test': [PUBLIC_V4] }, { n: 0 }) },
  );
  await run(
    'five redirects are followed',
    'redirects',
    'redirect',
    'chain 5',
    'fetched',
    `${pub}/chain?n=4`,
    {},
    undefined,
    title,
  );
  await run(
    'relative redirect',
    'redirects',
    'redirect',
    '/ok',
    'fetched',
    `${pub}/redirect?to=%2Fok`,
    {},
    undefined,
    title,
  );
  await run(
    'redirect to public.test by name',
    'redirects',
    'redirect',
    'public.test',
    'fetched',
    `${pub}/redirect?to=${encodeURIComponent('http://public.test/ok')}`,
    {},
    undefined,
    title,
  );

  // Requests: honest UA, Host is the name, no cookies sent back after Set-Cookie.
  const c6 = { n: 0 };
  seenRequests.length = 0;
  await run(
    'headers: UA, Host, no cookie',
    'requests',
    'hostname',
    'public.test',
    'fetched',
    'http://public.test/setcookie',
    { resolver: mapResolver({ 'public.test': [PUBLIC_V4] }, c6) },
    c6,
    () => ({ requests: seenRequests.map((s) => s.headers) }),
  );
  await run(
    'X-Robots-Tag noindex reported',
    'robots',
    'direct',
    PUBLIC_V4,
    'fetched',
    `${pub}/noindex`,
    {},
    undefined,
    (r) => ({ robotsNoindex: r.ok && r.robotsNoindex }),
  );

  // Size caps and early stop.
  const parser = new MetadataParser({ url: `${pub}/huge`, contentType: 'text/html' });
  await run(
    'huge page: stops after </head>',
    'size',
    'direct',
    '/huge',
    'fetched',
    `${pub}/huge`,
    { onChunk: (c) => parser.write(c) },
    undefined,
    (r) => ({
      bytesRead: r.ok ? r.bytesRead : -1,
      stoppedEarly: r.ok && r.stoppedEarly,
      parserBytes: parser.bytesRead,
      title: parser.end().title,
    }),
  );
  await run(
    'endless head: stops at 1 MB',
    'size',
    'direct',
    '/huge-head',
    'fetched',
    `${pub}/huge-head`,
    {},
    undefined,
    (r) => ({ bytes: r.ok ? r.body.length : -1, bytesRead: r.ok ? r.bytesRead : -1, truncated: r.ok && r.truncated }),
  );
  await run('image over 5 MB (Content-Length)', 'size', 'direct', '/big-image', 'unavailable', `${pub}/big-image`, {
    kind: 'image',
  });
  await run(
    'image over 5 MB (streamed)',
    'size',
    'direct',
    '/big-image-chunked',
    'unavailable',
    `${pub}/big-image-chunked`,
    { kind: 'image' },
  );
  await run('text/plain refused by onResponse', 'contentType', 'direct', '/plain', 'unavailable', `${pub}/plain`, {
    onResponse: (i) => (i.contentType ?? '').startsWith('text/html'),
  });

  // Compressed bodies: decoded, and the caps count decoded bytes (a gzip bomb stops at the cap).
  await run('gzip page', 'encoding', 'direct', '/ok-gzip', 'fetched', `${pub}/ok-gzip`, {}, undefined, title);
  await run('brotli page', 'encoding', 'direct', '/ok-br', 'fetched', `${pub}/ok-br`, {}, undefined, title);
  await run(
    'gzip bomb as HTML: cut at 1 MB decoded',
    'encoding',
    'direct',
    '/gzip-bomb',
    'fetched',
    `${pub}/gzip-bomb`,
    {},
    undefined,
    (r) => ({
      bytes: r.ok ? r.body.length : -1,
      bytesRead: r.ok ? r.bytesRead : -1,
      truncated: r.ok && r.truncated,
      compressed: gzipBomb.length,
    }),
  );
  await run(
    'gzip bomb as an image: refused beyond 5 MB decoded',
    'encoding',
    'direct',
    '/gzip-bomb',
    'unavailable',
    `${pub}/gzip-bomb?type=image/png`,
    { kind: 'image' },
  );

  // Dual stack: an unreachable first address (IPv6, no route here) falls back to the checked IPv4 one.
  const c7 = { n: 0 };
  await run(
    'dual stack: unreachable IPv6 first, then IPv4',
    'public',
    'hostname',
    'dual.test',
    'fetched',
    'http://dual.test/ok',
    { resolver: mapResolver({ 'dual.test': ['2606:4700::6810:84e5', PUBLIC_V4] }, c7) },
    c7,
    title,
  );
  const c8 = { n: 0 };
  await run(
    'dual stack: a private second address still refuses the name',
    'private',
    'mixed-answers',
    '10.0.0.1',
    'refused',
    'http://dual2.test/ok',
    { resolver: mapResolver({ 'dual2.test': ['2606:4700::6810:84e5', '10.0.0.1'] }, c8) },
    c8,
  );

  // End to end: page → metadata → images re-encoded and signed.
  const stored = new Map<string, PendingImage>();
  const secret = 'runner-secret';
  const deps = {
    userAgent: UA,
    imageSecret: secret,
    ca: cert,
    storeImage: async (t: PendingImage) => void stored.set(t.key, t),
    now: () => new Date('2026-12-02T00:00:00Z'),
  };
  const previewCase = async (name: string, url: string, expect: CaseReport['expect']) => {
    const c0 = totalCanary();
    const p0 = publicHits;
    const t0 = Date.now();
    const r: LinkPreview | PreviewRefusal = await buildPreview(url, deps);
    const refused = 'refused' in r;
    const imageId = !refused && r.image ? (r.image.url.split('/').pop() ?? '') : '';
    const iconId = !refused && r.icon ? (r.icon.url.split('/').pop() ?? '') : '';
    reports.push({
      name,
      cls: 'preview',
      via: 'preview',
      target: url,
      expect,
      ok: !refused && r.status === 'ok',
      code: refused ? r.code : r.status === 'ok' ? undefined : 'unavailable',
      reason: refused ? r.reason : undefined,
      canaryHits: totalCanary() - c0,
      publicHits: publicHits - p0,
      ms: Date.now() - t0,
      detail: {
        preview: r,
        imageStored: imageId ? stored.has(verifyImageId(imageId, secret) ?? '') : null,
        iconStored: iconId ? stored.has(verifyImageId(iconId, secret) ?? '') : null,
      },
    });
  };
  await previewCase('preview: the public card', `${pub}/card`, 'fetched');
  await previewCase(
    'preview: image and icon on private addresses are left out',
    `${pub}/card-private-images`,
    'fetched',
  );
  await previewCase('preview: an SVG image (sent as image/png) is left out', `${pub}/card-svg-image`, 'fetched');
  await previewCase('preview: no Content-Type, sniffed as HTML', `${pub}/card-notype`, 'fetched');
  await previewCase('preview: X-Robots-Tag noindex shows the title only', `${pub}/card-noindex`, 'fetched');
  await previewCase('preview: HTML served as text/plain is unavailable', `${pub}/plain`, 'unavailable');
  await previewCase('preview: 404 is unavailable', `${pub}/missing`, 'unavailable');
  await previewCase(
    'preview: redirect to the metadata address is url_not_allowed',
    `${pub}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/')}`,
    'refused',
  );
  await previewCase('preview: decimal spelling is url_not_allowed', 'http://2130706433/', 'refused');

  // Time limits: the defaults (3 s connect, 8 s total), measured.
  await run('connect timeout (3 s default)', 'time', 'direct', BLACKHOLE_V4, 'unavailable', `http://${BLACKHOLE_V4}/`);
  await run('total timeout (8 s default)', 'time', 'direct', '/slow', 'unavailable', `${pub}/slow`);

  stopBlackhole();

  const canariesAfterCases = Object.fromEntries(canaryHits);
  // Control: the canaries are reachable by a plain connection (no defence), so "0 hits" above means something.
  const controls: Array<{ target: string; reachable: boolean }> = [];
  for (const t of TARGETS) {
    const before = totalCanary();
    const host = t.addr === 'fe80::1' ? 'fe80::1%lo' : t.addr;
    await new Promise<void>((resolve) => {
      const c = net.connect({ host, port: 80 });
      const end = () => {
        c.destroy();
        resolve();
      };
      c.once('connect', end);
      c.once('error', end);
      setTimeout(end, 500);
    });
    await new Promise((r) => setTimeout(r, 20));
    controls.push({ target: t.addr, reachable: totalCanary() > before });
  }
  // Exit only once the report is flushed: a pipe reader may be slower than process.exit.
  for (const srv of servers) srv.close();
  process.stdout.write(JSON.stringify({ reports, controls, canaries: canariesAfterCases, publicPort8080Hits }), () =>
    process.exit(0),
  );
}

main().catch((e: unknown) => {
  log('runner failed', e instanceof Error ? e.stack : String(e));
  process.stdout.write(JSON.stringify({ fatal: String(e) }), () => process.exit(2));
});
