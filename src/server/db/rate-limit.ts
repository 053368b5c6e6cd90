import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the current window ends (≥ 1). */
  retryAfterSeconds: number;
}

/** The longest window a caller may ask for (the owner sign-in's 10 minutes); purging keeps windows this recent. */
const LONGEST_WINDOW_MS = 10 * 60_000;

/**
 * Counts one request in `bucket`'s current window (one minute unless `windowMs`, at most 10 minutes), in the
 * database so that every server process shares the count, and says whether it is within `limit`. Fixed windows:
 * simple, one upsert, bounded rows.
 */
export async function hitRateLimit(
  db: Kysely<Database>,
  bucket: string,
  limit: number,
  nowMs: number,
  windowMs: number = WINDOW_MS,
): Promise<RateDecision> {
  const size = Math.min(windowMs, LONGEST_WINDOW_MS);
  const window = Math.floor(nowMs / size) * size;
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_ms: window, count: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_ms']).doUpdateSet({ count: sql`rate_limits.count + 1` }))
    .returning('count')
    .executeTakeFirstOrThrow();
  const retryAfterSeconds = Math.max(1, Math.ceil((window + size - nowMs) / 1000));
  return { allowed: Number(row.count) <= limit, retryAfterSeconds };
}

/** Deletes windows that have ended. */
export async function purgeRateLimits(db: Kysely<Database>, nowMs: number): Promise<void> {
  await db
    .deleteFrom('rate_limits')
    .where('window_ms', '<', nowMs - 2 * LONGEST_WINDOW_MS)
    .execute();
}
