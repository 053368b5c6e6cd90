import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** How long a finished key replays its response; after that the key may be used afresh. */
export const KEY_TTL_MS = 24 * 3_600_000;
/** A key still "running" after this long belongs to a request that died (crash, lost connection): it may be taken over. */
export const STALE_RUNNING_MS = 60_000;

/** `Idempotency-Key`: 1–255 visible ASCII characters. */
export const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'reused' }
  | { kind: 'in_progress' };

/** SHA-256 of the JSON body with object keys sorted, so whitespace and key order do not make a "different" body. */
export function requestHash(scope: string, body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value as object)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256').update(scope).update('\n').update(JSON.stringify(canonical(body))).digest('hex');
}

/**
 * Claims a key for this request, atomically across server processes (a unique primary key in the shared database).
 * Returns what to do: go on, replay the first response, refuse a reused key, or refuse while the first still runs.
 */
export async function claimKey(db: Kysely<Database>, key: string, hash: string, nowMs: number): Promise<Claim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ key, request_hash: hash, state: 'running', status: null, body: null, created_ms: nowMs })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { kind: 'claimed' };

    const row = await db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row) continue; // released between our insert and select: try again
    const created = Number(row.created_ms);
    const expired = row.state === 'done' && created < nowMs - KEY_TTL_MS;
    const stale = row.state === 'running' && created < nowMs - STALE_RUNNING_MS;
    if (expired || stale) {
      const taken = await db
        .updateTable('idempotency_keys')
        .set({ request_hash: hash, state: 'running', status: null, body: null, created_ms: nowMs })
        .where('key', '=', key)
        .where('created_ms', '=', created)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) return { kind: 'claimed' };
      continue;
    }
    if (row.request_hash !== hash) return { kind: 'reused' };
    if (row.state === 'running') return { kind: 'in_progress' };
    return { kind: 'replay', status: Number(row.status), body: row.body ?? '' };
  }
  return { kind: 'in_progress' };
}

/** Records the response of a claimed key; call inside the transaction that makes the request's writes. */
export async function completeKey(trx: Kysely<Database>, key: string, status: number, body: string): Promise<void> {
  await trx.updateTable('idempotency_keys').set({ state: 'done', status, body }).where('key', '=', key).execute();
}

/** Frees a claimed key whose request wrote nothing (a 4xx or an error), so nothing is left behind. */
export async function releaseKey(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('key', '=', key).where('state', '=', 'running').execute();
}

/** Deletes keys past their replay window. */
export async function purgeKeys(db: Kysely<Database>, nowMs: number): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('created_ms', '<', nowMs - KEY_TTL_MS).execute();
}
