import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the current window ends (≥ 1). */
  retryAfterSeconds: number;
}

/**
 * Counts one request in `bucket`'s current one-minute window, in the database so that every server process shares
 * the count, and says whether it is within `limit`. Fixed windows: simple, one upsert, bounded rows.
 */
export async function hitRateLimit(
  db: Kysely<Database>,
  bucket: string,
  limit: number,
  nowMs: number,
): Promise<RateDecision> {
  const window = Math.floor(nowMs / WINDOW_MS) * WINDOW_MS;
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_ms: window, count: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_ms']).doUpdateSet({ count: sql`rate_limits.count + 1` }))
    .returning('count')
    .executeTakeFirstOrThrow();
  const retryAfterSeconds = Math.max(1, Math.ceil((window + WINDOW_MS - nowMs) / 1000));
  return { allowed: Number(row.count) <= limit, retryAfterSeconds };
}

/** Deletes windows that have ended. */
export async function purgeRateLimits(db: Kysely<Database>, nowMs: number): Promise<void> {
  await db
    .deleteFrom('rate_limits')
    .where('window_ms', '<', nowMs - 2 * WINDOW_MS)
    .execute();
}
