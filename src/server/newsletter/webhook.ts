import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SubscriberRow } from './records.js';

/**
 * Optional webhook: each confirmed subscriber is POSTed as JSON to the owner's URL (so they can forward it to the
 * mailing tool they already use), signed with HMAC-SHA256, and retried with exponential backoff. The queue lives in
 * the database: a restart or another process picks up what is due.
 *
 * Headers: `X-Soleus-Timestamp: <unix seconds>`, `X-Soleus-Signature: sha256=<hex HMAC of "<timestamp>.<body>">`,
 * `X-Soleus-Delivery: <id>`. Verify the signature with SOLEUS_NEWSLETTER_WEBHOOK_SECRET and reject old timestamps.
 */
export interface WebhookWorker {
  /**
   * Queues the subscriber and starts a delivery; given `trx` (the confirmation's transaction) it writes there and
   * the caller kicks after the commit.
   */
  enqueue(row: SubscriberRow, trx?: Kysely<Database>): Promise<void>;
  /** Delivers what is due now (also run on a timer while retries wait). */
  kick(): void;
  /** Resolves when no delivery is running (tests). */
  idle(): Promise<void>;
  /** Stops the retry timer. */
  stop(): void;
}

export interface WebhookOptions {
  db: Kysely<Database>;
  url: string;
  secret: string;
  logError: (message: string, error: unknown) => void;
  /** First retry delay; doubles each attempt up to 6 hours. Default 30 s. */
  baseDelayMs?: number;
  /** Attempts before giving up (the row stays, with its last error). Default 12. */
  maxAttempts?: number;
  /** One attempt's timeout. Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const MAX_DELAY_MS = 6 * 3_600_000;
const LOCK_MS = 60_000;

/** The signature header value for `body` sent at `timestamp` (unix seconds). */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The JSON body posted for a confirmed subscriber. */
export function webhookPayload(row: SubscriberRow): string {
  return JSON.stringify({
    event: 'subscriber.confirmed',
    subscriber: {
      email: row.email,
      name: row.name,
      list: row.list,
      status: row.status,
      consentText: row.consent_text,
      consentSource: row.consent_source,
      signedUpAt: row.created_at,
      confirmedAt: row.confirmed_at,
    },
  });
}

export function createWebhookWorker(options: WebhookOptions): WebhookWorker {
  const { db, url, secret, logError } = options;
  const baseDelay = options.baseDelayMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 12;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function deliver(row: { id: number; payload: string; attempts: number }): Promise<void> {
    const nowMs = Date.now();
    const claimed = await db
      .updateTable('webhook_deliveries')
      .set({ locked_until_ms: nowMs + LOCK_MS })
      .where('id', '=', row.id)
      .where('locked_until_ms', '<=', nowMs)
      .where('delivered_ms', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return; // another process has it
    const timestamp = Math.floor(nowMs / 1000);
    let error: string | undefined;
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Soleus-Webhook/1',
          'X-Soleus-Delivery': String(row.id),
          'X-Soleus-Timestamp': String(timestamp),
          'X-Soleus-Signature': webhookSignature(secret, timestamp, row.payload),
        },
        body: row.payload,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => {});
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (error === undefined) {
      await db.deleteFrom('webhook_deliveries').where('id', '=', row.id).execute();
      return;
    }
    const attempts = row.attempts + 1;
    const delay = Math.min(MAX_DELAY_MS, baseDelay * 2 ** (attempts - 1));
    await db
      .updateTable('webhook_deliveries')
      .set({ attempts, next_attempt_ms: Date.now() + delay, locked_until_ms: 0, last_error: error.slice(0, 500) })
      .where('id', '=', row.id)
      .execute();
    if (attempts >= maxAttempts)
      logError(`Webhook delivery ${row.id} to ${url} gave up after ${attempts} attempts:`, error);
  }

  async function runOnce(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      const nowMs = Date.now();
      const due = await db
        .selectFrom('webhook_deliveries')
        .select(['id', 'payload', 'attempts'])
        .where('delivered_ms', 'is', null)
        .where('next_attempt_ms', '<=', nowMs)
        .where('locked_until_ms', '<=', nowMs)
        .where('attempts', '<', maxAttempts)
        .orderBy('next_attempt_ms')
        .limit(10)
        .execute();
      if (due.length === 0) break;
      for (const row of due)
        await deliver({ id: Number(row.id), payload: row.payload, attempts: Number(row.attempts) });
    }
    const next = await db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.min('next_attempt_ms').as('next'))
      .where('delivered_ms', 'is', null)
      .where('attempts', '<', maxAttempts)
      .executeTakeFirst();
    schedule(next?.next == null ? undefined : Number(next.next));
  }

  function schedule(atMs: number | undefined): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (atMs === undefined || stopped) return;
    timer = setTimeout(() => worker.kick(), Math.max(50, Math.min(atMs - Date.now(), 2 ** 31 - 1)));
    timer.unref();
  }

  const worker: WebhookWorker = {
    async enqueue(row, trx) {
      const nowMs = Date.now();
      await (trx ?? db)
        .insertInto('webhook_deliveries')
        .values({
          subscriber_id: row.id,
          email: row.email,
          payload: webhookPayload(row),
          next_attempt_ms: nowMs,
          last_error: null,
          delivered_ms: null,
          created_ms: nowMs,
        })
        .execute();
      if (!trx) worker.kick();
    },
    kick() {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          try {
            await runOnce();
          } catch (error) {
            if (!stopped) logError('Webhook delivery failed:', error);
          }
        } while (again && !stopped);
      })().finally(() => {
        running = undefined;
      });
    },
    async idle() {
      while (running) await running;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
  return worker;
}
