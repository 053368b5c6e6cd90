/**
 * Shared helpers for the booking tests that talk to a real listening server: a practice open around the clock,
 * servers started in-process or as CLI child processes, booking posts, grid slot instants and row counts.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { startServer, type RunningServer, type StartOptions } from '../../../src/server/server.js';
import { freshDatabase, type TestDatabase, type TestDialect } from './databases.js';
import './contract.js'; // every answer these helpers' servers give is checked against the contract's schemas

/** The practice's (and practitioner's) zone. */
export const ZONE = 'Europe/London';
export const PRACTITIONER_ID = 'pat';
export const PRACTITIONER_EMAIL = 'pat@example.com';
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const MINUTE_MS = 60_000;

/** The two services of the test practice: duration and buffers in minutes. */
export const SERVICES = {
  s30: { durationMinutes: 30, bufferBeforeMinutes: 10, bufferAfterMinutes: 10 },
  s60: { durationMinutes: 60, bufferBeforeMinutes: 10, bufferAfterMinutes: 10 },
} as const;
export type ServiceId = keyof typeof SERVICES;

/** The time a booking of `service` starting at `startMs` holds: [start − before, end + after). */
export function blockOf(service: ServiceId, startMs: number): [number, number] {
  const s = SERVICES[service];
  return [
    startMs - s.bufferBeforeMinutes * MINUTE_MS,
    startMs + (s.durationMinutes + s.bufferAfterMinutes) * MINUTE_MS,
  ];
}

/** Half-open intervals overlap. */
export const overlaps = (a: readonly [number, number], b: readonly [number, number]): boolean =>
  a[0] < b[1] && b[0] < a[1];

/** The practice JSON: one practitioner open every day 00:00–24:00, services s30 and s60 on a 15-minute grid. */
export function practiceJson(): object {
  const allDay = [['00:00', '24:00']];
  const service = (id: ServiceId, name: string) => ({
    id,
    name,
    description: `${name} (test)`,
    durationMinutes: SERVICES[id].durationMinutes,
    price: { amount: 1000, currency: 'GBP' },
    bufferBeforeMinutes: SERVICES[id].bufferBeforeMinutes,
    bufferAfterMinutes: SERVICES[id].bufferAfterMinutes,
    slotIntervalMinutes: 15,
    minNoticeHours: 0,
    horizonDays: 400,
    cancellationNoticeHours: 24,
  });
  return {
    name: 'Test Practice',
    timeZone: ZONE,
    email: 'practice@example.com',
    feedToken: 'test-feed-token-0123456789abcdef',
    practitioners: [
      {
        id: PRACTITIONER_ID,
        name: 'Pat',
        email: PRACTITIONER_EMAIL,
        hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
        exceptions: [],
      },
    ],
    services: [service('s30', 'Thirty minutes'), service('s60', 'Sixty minutes')],
  };
}

/** Writes the practice JSON into a new temp dir; returns the file and the dir (remove it when done). */
export function writePractice(): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'soleus-booking-'));
  const file = join(dir, 'practice.json');
  writeFileSync(file, JSON.stringify(practiceJson(), null, 2));
  return { file, dir };
}

// ---------------------------------------------------------------------------------------------------------------
// Days and instants (computed here with Intl, independently of the server's own time code)

const partsFormatter = new Map<string, Intl.DateTimeFormat>();
function wallParts(ms: number, zone: string): { y: number; m: number; d: number; h: number; min: number } {
  let f = partsFormatter.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    partsFormatter.set(zone, f);
  }
  const get = (type: string) => Number(f.formatToParts(new Date(ms)).find((p) => p.type === type)!.value);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), min: get('minute') };
}

/** `YYYY-MM-DD` of today in `zone`, plus `offset` days. */
export function dayFromToday(offset: number, zone = ZONE): string {
  const { y, m, d } = wallParts(Date.now(), zone);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

/** `day` plus `n` calendar days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * The instant (epoch ms) of wall time `hour:minute` on `day` in `zone`. Throws for a wall time that does not exist
 * (a spring-forward gap); a repeated one (fall-back) gives its first occurrence.
 */
export function wallToInstant(day: string, hourOfDay: number, minuteOfHour: number, zone = ZONE): number {
  const hour = hourOfDay + Math.floor(minuteOfHour / 60);
  const minute = minuteOfHour % 60;
  assert.ok(hour >= 0 && hour < 24 && minute >= 0, `wall time ${hourOfDay}:${minuteOfHour} within one day`);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, hour, minute);
  const candidates = new Set<number>();
  // Every offset the zone might have around that day, from −14 h to +14 h in 15-minute steps, checked exactly.
  for (const probe of [naive - 86_400_000, naive, naive + 86_400_000]) {
    const p = wallParts(probe, zone);
    const offset = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min) - Math.floor(probe / MINUTE_MS) * MINUTE_MS;
    const instant = naive - offset;
    const q = wallParts(instant, zone);
    if (q.y === y && q.m === m && q.d === d && q.h === hour && q.min === minute) candidates.add(instant);
  }
  const sorted = [...candidates].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error(`${day} ${hour}:${minute} does not exist in ${zone}`);
  return sorted[0]!;
}

/** A grid slot start `daysAhead` days from today at `hour:minute` London time, as an ISO instant in UTC. */
export function slotStart(daysAhead: number, hour = 10, minute = 0): string {
  return new Date(wallToInstant(dayFromToday(daysAhead), hour, minute)).toISOString();
}

/** Whether the UTC offset of `zone` is the same on all these days (so a weekly series stays on its UTC time). */
export function sameOffset(days: readonly string[], zone = ZONE): boolean {
  const offsets = days.map((day) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return wallToInstant(day, 12, 0, zone) - Date.UTC(y, m - 1, d, 12, 0);
  });
  return offsets.every((o) => o === offsets[0]);
}

/** The first day offset ≥ `from` from which `weeks` weekly occurrences share one UTC offset (no DST change between). */
export function weeklyRunWithoutDst(from: number, weeks: number): number {
  for (let offset = from; offset < from + 200; offset++) {
    const days = Array.from({ length: weeks }, (_, k) => dayFromToday(offset + 7 * k));
    if (sameOffset(days)) return offset;
  }
  throw new Error('no DST-free run found');
}

// ---------------------------------------------------------------------------------------------------------------
// Servers

/** A server listening on 127.0.0.1 on a fresh database, with the test practice. */
export interface TestServer {
  url: string;
  dialect: TestDialect;
  server: RunningServer;
  db: Kysely<any>;
  database: TestDatabase;
  practiceFile: string;
  /** Closes the server, drops the database and removes the practice file. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** SOLEUS_BOOKING_RATE_LIMIT; default 100000. `null` leaves it unset (the server default). */
  rateLimit?: number | null;
  /** SMTP_URL. */
  smtpUrl?: string;
  /** More CLI arguments after the defaults. */
  args?: string[];
  /** More environment variables. */
  env?: Record<string, string>;
  /** Shorter socket time limits than the server's defaults. */
  timeouts?: StartOptions['timeouts'];
  /** Link previews and "check my site": a resolver (no DNS in a test). */
  previews?: StartOptions['previews'];
}

/** Starts an in-process server on a fresh database of `dialect`. */
export async function startTestServer(dialect: TestDialect, options: TestServerOptions = {}): Promise<TestServer> {
  const database = await freshDatabase(dialect);
  const practice = writePractice();
  const env: Record<string, string> = { SOLEUS_ADMIN_TOKEN: ADMIN_TOKEN, ...options.env };
  const rate = options.rateLimit === undefined ? 100_000 : options.rateLimit;
  if (rate !== null) env.SOLEUS_BOOKING_RATE_LIMIT = String(rate);
  if (options.smtpUrl) env.SMTP_URL = options.smtpUrl;
  let server: RunningServer;
  try {
    server = await startServer({
      args: [
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--db',
        database.url,
        '--config',
        practice.file,
        ...(options.args ?? []),
      ],
      env,
      logError: (message, error) => console.error(`[server ${dialect}] ${message}`, error),
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      ...(options.previews ? { previews: options.previews } : {}),
    });
  } catch (error) {
    await database.drop().catch(() => {});
    rmSync(practice.dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    dialect,
    server,
    db: server.database.db as Kysely<any>,
    database,
    practiceFile: practice.file,
    async close() {
      try {
        await server.close();
      } finally {
        await database.drop().catch((e) => console.error('drop failed', e));
        rmSync(practice.dir, { recursive: true, force: true });
      }
    },
  };
}

const root = join(import.meta.dirname, '..', '..', '..');
/** SOLEUS_TEST_CLI=dist runs the compiled bin (as `npm test` does); otherwise the sources through tsx. */
export const cliCommand: string[] =
  process.env.SOLEUS_TEST_CLI === 'dist'
    ? [join(root, 'dist', 'node', 'server', 'cli.js')]
    : ['--import', import.meta.resolve('tsx'), join(root, 'src', 'server', 'cli.ts')];

/** A `soleus serve` child process. */
export interface ChildServer {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

/** Spawns `soleus serve --host 127.0.0.1 --port 0 --db <url> --config <file>` and waits for its listening line. */
export async function spawnServer(
  dbUrl: string,
  practiceFile: string,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  if (process.env.SOLEUS_TEST_CLI === 'dist') assert.ok(existsSync(cliCommand[0]!), 'build first: npm run build');
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(childEnv)) {
    if (/^(HOST|PORT|DATABASE_URL|SMTP_URL|NODE_ENV)$/.test(key) || key.startsWith('SOLEUS_')) delete childEnv[key];
  }
  Object.assign(childEnv, { SOLEUS_BOOKING_RATE_LIMIT: '100000', SOLEUS_ADMIN_TOKEN: ADMIN_TOKEN }, env);
  const child = spawn(
    process.execPath,
    [...cliCommand, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', dbUrl, '--config', practiceFile],
    { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in 30 s; stderr: ${stderr}`)), 30_000);
    const check = () => {
      const match = /Soleus listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening; stderr: ${stderr}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    child,
    url,
    exited,
    output: () => ({ stdout, stderr }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** A response read once: status, headers and the parsed JSON body (or the text when it is not JSON). */
export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** No single request may hang a test: every helper request gives up after this long. */
export const REQUEST_TIMEOUT_MS = 60_000;
const deadline = () => AbortSignal.timeout(REQUEST_TIMEOUT_MS);

export async function read(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** A valid booking body. */
export function bookingBody(
  serviceId: ServiceId | string,
  start: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    serviceId,
    start,
    client: { name: 'Ann Example', email: 'ann@example.com' },
    timeZone: ZONE,
    ...extra,
  };
}

/**
 * POST /api/v1/bookings with a random Idempotency-Key (or `key`; `null` sends none).
 */
export async function postBooking(url: string, body: unknown, key: string | null = randomUUID()): Promise<Reply> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key !== null) headers['Idempotency-Key'] = key;
  const res = await fetch(`${url}/api/v1/bookings`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: deadline(),
  });
  return read(res);
}

/** POST /api/v1/bookings/<id>/<action> with the manage token. */
export async function manage(
  url: string,
  id: string,
  token: string,
  action: 'cancel' | 'reschedule',
  body?: unknown,
): Promise<Reply> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  const init: RequestInit = { method: 'POST', headers, signal: deadline() };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return read(await fetch(`${url}/api/v1/bookings/${encodeURIComponent(id)}/${action}`, init));
}

/** GET /api/v1/bookings/<id> with the manage token. */
export async function getBooking(url: string, id: string, token: string): Promise<Reply> {
  return read(
    await fetch(`${url}/api/v1/bookings/${encodeURIComponent(id)}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: deadline(),
    }),
  );
}

/** Starts of the offered slots of `service` on `day` (London), as epoch ms. */
export async function availableStarts(url: string, service: ServiceId, day: string): Promise<number[]> {
  const reply = await read(
    await fetch(`${url}/api/v1/availability?service=${service}&from=${day}&to=${day}`, { signal: deadline() }),
  );
  assert.equal(reply.status, 200, reply.text);
  return (reply.body.slots as { start: string }[]).map((s) => Date.parse(s.start));
}

/** Asserts the contract's error shape and code. */
export function assertError(reply: Reply, status: number, code?: string): void {
  assert.equal(reply.status, status, `expected ${status}${code ? ` ${code}` : ''}, got ${reply.status}: ${reply.text}`);
  assert.equal(typeof reply.body?.error?.code, 'string', `error shape: ${reply.text}`);
  assert.equal(typeof reply.body.error.message, 'string', `error shape: ${reply.text}`);
  assert.ok(reply.body.error.message.length > 0, `error message: ${reply.text}`);
  if (code) assert.equal(reply.body.error.code, code, reply.text);
}

/** Every string anywhere in a JSON value. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** Whether the body names the instant `ms` (any ISO form that parses to it). */
export function mentionsInstant(body: unknown, ms: number): boolean {
  return stringsIn(body).some((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && Date.parse(s) === ms);
}

/** Runs `tasks` with at most `limit` in flight; results in order. */
export async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

/** Counts of statuses, e.g. `{ 201: 1, 409: 199 }`. */
export function tally(replies: readonly Reply[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const r of replies) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

/** Confirmed bookings, optionally only those starting at `startMs`. */
export async function countConfirmed(db: Kysely<any>, startMs?: number): Promise<number> {
  const row =
    startMs === undefined
      ? await sql<{ n: number | string }>`select count(*) as n from bookings where status = 'confirmed'`.execute(db)
      : await sql<{
          n: number | string;
        }>`select count(*) as n from bookings where status = 'confirmed' and start_ms = ${startMs}`.execute(db);
  return Number(row.rows[0]!.n);
}

/** Every booking row, any status. */
export async function countRows(db: Kysely<any>): Promise<number> {
  const row = await sql<{ n: number | string }>`select count(*) as n from bookings`.execute(db);
  return Number(row.rows[0]!.n);
}

export interface HeldRow {
  id: string;
  service_id: string;
  series_id: string | null;
  start_ms: number;
  end_ms: number;
  block_start_ms: number;
  block_end_ms: number;
}

/** Confirmed bookings of the practitioner, sorted by held start. */
export async function confirmedRows(db: Kysely<any>): Promise<HeldRow[]> {
  const result = await sql<HeldRow>`select id, service_id, series_id, start_ms, end_ms, block_start_ms, block_end_ms
    from bookings where status = 'confirmed' and practitioner_id = ${PRACTITIONER_ID} order by block_start_ms`.execute(
    db,
  );
  return result.rows.map((r) => ({
    ...r,
    start_ms: Number(r.start_ms),
    end_ms: Number(r.end_ms),
    block_start_ms: Number(r.block_start_ms),
    block_end_ms: Number(r.block_end_ms),
  }));
}

/** Asserts that no two confirmed bookings hold overlapping time (buffers included, recomputed from the service). */
export function assertNoOverlap(rows: readonly HeldRow[]): void {
  const blocks = rows
    .map((r) => ({ id: r.id, block: blockOf(r.service_id as ServiceId, r.start_ms) }))
    .sort((a, b) => a.block[0] - b.block[0]);
  for (let i = 1; i < blocks.length; i++) {
    const a = blocks[i - 1]!;
    const b = blocks[i]!;
    assert.ok(
      a.block[1] <= b.block[0],
      `confirmed bookings overlap: ${a.id} [${new Date(a.block[0]).toISOString()}, ${new Date(a.block[1]).toISOString()}) and ${b.id} [${new Date(b.block[0]).toISOString()}, ${new Date(b.block[1]).toISOString()})`,
    );
  }
}

/** Removes every test temp dir created with `mkdtemp` by this module's callers. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
