import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** How long a finished key replays its response; after that the key may be used afresh. */
export const KEY_TTL_MS = 24 * 3_600_000;
/** A key still "running" after this long belongs to a request that died (crash, lost connection): it may be taken over. */
export const STALE_RUNNING_MS = 60_000;

/** `Idempotency-Key`: 1–255 visible ASCII characters. */
export const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type Claim =
  { kind: 'claimed' } | { kind: 'replay'; status: number; body: string } | { kind: 'reused' } | { kind: 'in_progress' };

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
  return createHash('sha256')
    .update(scope)
    .update('\n')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

/**
 * What the database holds of a key: its SHA-256, never the key itself. The stored response is encrypted with a key
 * derived from the Idempotency-Key (AES-256-GCM), because a booking's 201 carries its manage token, which is
 * otherwise stored only as a hash: someone reading the database or a backup learns neither the keys nor the tokens,
 * while the client that still holds its key gets its response replayed.
 */
export function storedKey(key: string): string {
  return createHash('sha256').update('soleus-idempotency-key\n').update(key).digest('hex');
}

function bodyKey(key: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, 'soleus-idempotency', 'response body', 32));
}

/** `v1:` + base64url(iv ‖ ciphertext ‖ tag). */
export function sealBody(key: string, body: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', bodyKey(key), iv);
  const sealed = Buffer.concat([iv, cipher.update(body, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1:${sealed.toString('base64url')}`;
}

/** The response sealed by {@link sealBody}; undefined if it was not sealed with this key (or was tampered with). */
export function openBody(key: string, stored: string): string | undefined {
  if (!stored.startsWith('v1:')) return undefined;
  const data = Buffer.from(stored.slice(3), 'base64url');
  if (data.length < 28) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', bodyKey(key), data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * Claims a key for this request, atomically across server processes (a unique primary key in the shared database).
 * Returns what to do: go on, replay the first response, refuse a reused key, or refuse while the first still runs.
 */
export async function claimKey(db: Kysely<Database>, rawKey: string, hash: string, nowMs: number): Promise<Claim> {
  const key = storedKey(rawKey);
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
    const body = openBody(rawKey, row.body ?? '');
    if (body === undefined) return { kind: 'reused' }; // cannot happen with the same key: treat as not ours
    return { kind: 'replay', status: Number(row.status), body };
  }
  return { kind: 'in_progress' };
}

/** Records the response of a claimed key; call inside the transaction that makes the request's writes. */
export async function completeKey(trx: Kysely<Database>, key: string, status: number, body: string): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ state: 'done', status, body: sealBody(key, body) })
    .where('key', '=', storedKey(key))
    .execute();
}

/** Frees a claimed key whose request wrote nothing (a 4xx or an error), so nothing is left behind. */
export async function releaseKey(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('key', '=', storedKey(key)).where('state', '=', 'running').execute();
}

/** Deletes keys past their replay window. */
export async function purgeKeys(db: Kysely<Database>, nowMs: number): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('created_ms', '<', nowMs - KEY_TTL_MS)
    .execute();
}
