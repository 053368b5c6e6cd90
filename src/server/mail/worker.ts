/**
 * The mail worker: sends what the outbox (outbox.ts) holds, when it is due, with retries and exponential backoff.
 *
 * - Leases. A worker claims a batch of due rows by setting `locked_until_ms` (PostgreSQL: `FOR UPDATE SKIP LOCKED`,
 *   so several server processes on one database take different rows; SQLite: one `BEGIN IMMEDIATE` write
 *   transaction, which another process waits for). A row is sent by whoever holds its lease; a worker that dies
 *   leaves the lease to expire, and the row is then sent by the next one.
 * - Stable Message-IDs. The id was fixed when the mail was enqueued; a re-send after a crash between the SMTP
 *   server's accept and the `sent` mark carries the same Message-ID, so it is recognisable (and most receiving
 *   systems drop it). That window is the only way a mail goes out twice.
 * - Backoff. A refusal (4xx, a connection error) waits `retryBaseMs · 2^(attempts−1)`, at most `maxDelayMs`; a
 *   permanent refusal (5xx) or `maxAttempts` failures mark the row `failed`, with its last error, and log it.
 * - Development (no SMTP_URL): rows are marked `stored`, i.e. delivered to the development outbox at /dev/outbox,
 *   which is a view of the same table. Production without SMTP_URL marks them `failed` ("not sent"), loudly.
 */
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database, Dialect } from '../db/schema.js';
import { writeTransaction } from '../db/transaction.js';
import type { MailMessage, Mailer } from './mailer.js';
import { icalEventOf } from './outbox.js';

/** Options of {@link createMailWorker}. */
export interface MailWorkerOptions {
  db: Kysely<Database>;
  dialect: Dialect;
  mailer: Mailer;
  logError: (message: string, error: unknown) => void;
  /** The clock (epoch ms); default `Date.now`. Tests inject one and call {@link MailWorker.runOnce}. */
  now?: () => number;
  /** How often the worker looks for due mail between kicks; default 5 s. Reminders are sent within this. */
  intervalMs?: number;
  /** First retry delay; doubles with each failed attempt. Default 30 s. */
  retryBaseMs?: number;
  /** Longest retry delay; default 1 hour. */
  maxDelayMs?: number;
  /** Failed attempts before a mail is given up (`failed`); default 16 (about 10 hours of trying). */
  maxAttempts?: number;
  /** How long a claim holds a row; must outlast one SMTP attempt (whose timeouts total about 2 minutes). Default 5 min. */
  leaseMs?: number;
  /** Rows claimed at once; default 20. */
  batchSize?: number;
  /** Messages in flight at once (the SMTP pool has 5 connections); default 5. */
  concurrency?: number;
  /** Who sends (`sent_by`); default `<host>:<pid>`. */
  workerId?: string;
}

/** The running worker. */
export interface MailWorker {
  /** Starts the interval timer and a first pass (mail a previous run left due). */
  start(): void;
  /** Runs a pass soon (after a request committed mail); passes never overlap. */
  kick(): void;
  /** One pass now: claims and handles due rows until none is left; resolves with how many it handled. */
  runOnce(): Promise<number>;
  /** Runs a pass and resolves when no pass is running: mail due now has been handed over (tests, shutdown). */
  idle(): Promise<void>;
  /**
   * Stops: no new claims; sends already started finish, for at most `drainMs` (default 5 s); rows claimed but not
   * yet started are released for the next worker.
   */
  stop(drainMs?: number): Promise<void>;
}

/** A claimed row. */
interface Claimed {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: string;
  ical_event: string | null;
  message_id: string | null;
  attempts: number;
}

const COLUMNS = ['id', 'to', 'subject', 'text', 'html', 'headers', 'ical_event', 'message_id', 'attempts'] as const;

/** An SMTP refusal that will not change on a retry: a 5xx reply. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

const errorText = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 500);

function headersOf(json: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      // From is the mailer's own (older development rows kept a copy in their headers).
      return Object.fromEntries(
        Object.entries(parsed)
          .filter(([k]) => k.toLowerCase() !== 'from')
          .map(([k, v]) => [k, String(v)]),
      );
    }
  } catch {
    // Sent without extra headers.
  }
  return {};
}

/** The retry delay after `attempts` failures. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const { db, dialect, mailer, logError } = options;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 5_000;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const maxDelayMs = options.maxDelayMs ?? 3_600_000;
  const maxAttempts = options.maxAttempts ?? 16;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const batchSize = options.batchSize ?? 20;
  const concurrency = options.concurrency ?? 5;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;

  let running: Promise<number> | undefined;
  let again = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  /** Claims up to `batchSize` due rows for this worker. */
  async function claim(): Promise<Claimed[]> {
    const at = now();
    if (dialect === 'postgres') {
      const result = await sql<Claimed>`
        update mail_outbox set locked_until_ms = ${at + leaseMs}
        where id in (
          select id from mail_outbox
          where status = 'pending' and not_before_ms <= ${at} and locked_until_ms <= ${at}
          order by not_before_ms, id
          limit ${batchSize}
          for update skip locked
        )
        returning ${sql.join(COLUMNS.map((c) => sql.ref(c)))}`.execute(db);
      return result.rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
    }
    // SQLite: the select and the update run in one BEGIN IMMEDIATE transaction (the shared write queue), so no other
    // writer, in this process or another, can claim the same rows in between.
    return writeTransaction(db, 'sqlite', async (trx) => {
      const due = await trx
        .selectFrom('mail_outbox')
        .select(COLUMNS)
        .where('status', '=', 'pending')
        .where('not_before_ms', '<=', at)
        .where('locked_until_ms', '<=', at)
        .orderBy('not_before_ms')
        .orderBy('id')
        .limit(batchSize)
        .execute();
      if (due.length === 0) return [];
      await trx
        .updateTable('mail_outbox')
        .set({ locked_until_ms: at + leaseMs })
        .where(
          'id',
          'in',
          due.map((r) => r.id),
        )
        .execute();
      return due.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
    });
  }

  /** Writes an outcome (small, so on SQLite it joins the shared group commit). */
  const mark = (
    id: number,
    set: Partial<{
      status: 'pending' | 'sent' | 'stored' | 'failed';
      attempts: number;
      not_before_ms: number;
      locked_until_ms: number;
      last_error: string | null;
      sent_at: string;
      sent_by: string;
    }>,
  ) => {
    const update = (trx: Kysely<Database>) =>
      trx.updateTable('mail_outbox').set(set).where('id', '=', id).where('status', '=', 'pending').execute();
    return dialect === 'sqlite' ? writeTransaction(db, 'sqlite', update) : update(db);
  };

  async function handle(row: Claimed): Promise<void> {
    if (stopping) {
      await mark(row.id, { locked_until_ms: 0 }); // not started: the next worker takes it at once
      return;
    }
    if (mailer.mode === 'outbox') {
      // Development: the row itself is the delivered mail, shown at /dev/outbox.
      await mark(row.id, {
        status: 'stored',
        locked_until_ms: 0,
        sent_at: new Date(now()).toISOString(),
        sent_by: workerId,
      });
      return;
    }
    const icalEvent = icalEventOf(row.ical_event);
    const message: MailMessage = {
      to: row.to,
      subject: row.subject,
      text: row.text,
      ...(row.html !== null ? { html: row.html } : {}),
      headers: headersOf(row.headers),
      ...(icalEvent ? { icalEvent } : {}),
      ...(row.message_id ? { messageId: row.message_id } : {}),
    };
    let failure: { text: string; permanent: boolean } | undefined;
    try {
      const result = await mailer.send(message);
      if (result.status === 'not_sent') failure = { text: result.reason, permanent: true };
    } catch (error) {
      failure = { text: errorText(error), permanent: isPermanent(error) };
    }
    if (!failure) {
      await mark(row.id, {
        status: 'sent',
        locked_until_ms: 0,
        last_error: null,
        sent_at: new Date(now()).toISOString(),
        sent_by: workerId,
      });
      return;
    }
    const attempts = row.attempts + 1;
    const givenUp = failure.permanent || attempts >= maxAttempts;
    await mark(row.id, {
      attempts,
      last_error: failure.text,
      locked_until_ms: 0,
      ...(givenUp ? { status: 'failed' } : { not_before_ms: now() + backoffMs(attempts, retryBaseMs, maxDelayMs) }),
    });
    if (givenUp && mailer.mode === 'smtp')
      logError(`Email "${row.subject}" to ${row.to} gave up after ${attempts} attempt(s):`, failure.text);
  }

  async function pass(): Promise<number> {
    let handled = 0;
    while (!stopping) {
      const rows = await claim();
      if (rows.length === 0) break;
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
          while (next < rows.length) {
            const row = rows[next++]!;
            try {
              await handle(row);
            } catch (error) {
              // The mark itself failed (database gone): the lease expires and the row is tried again later.
              logError(`Mail worker could not record email ${row.id}:`, error);
            }
          }
        }),
      );
      handled += rows.length;
      if (rows.length < batchSize) break;
    }
    return handled;
  }

  const worker: MailWorker = {
    start() {
      if (timer || stopping) return;
      timer = setInterval(() => worker.kick(), intervalMs);
      timer.unref();
      worker.kick();
    },
    kick() {
      if (stopping) return;
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        let total = 0;
        do {
          again = false;
          try {
            total += await pass();
          } catch (error) {
            if (!stopping) logError('Mail worker pass failed:', error);
          }
        } while (again && !stopping);
        return total;
      })().finally(() => {
        running = undefined;
      });
    },
    async runOnce() {
      while (running) await running.catch(() => 0);
      const job = pass();
      running = job.finally(() => {
        running = undefined;
      });
      return job;
    },
    async idle() {
      worker.kick();
      while (running) await running.catch(() => 0);
    },
    async stop(drainMs = 5_000) {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      if (!running) return;
      let bounded: NodeJS.Timeout | undefined;
      await Promise.race([
        running.catch(() => 0),
        new Promise<void>((resolve) => {
          bounded = setTimeout(resolve, drainMs);
          bounded.unref();
        }),
      ]);
      if (bounded) clearTimeout(bounded);
    },
  };
  return worker;
}
