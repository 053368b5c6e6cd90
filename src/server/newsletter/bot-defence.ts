import { createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Bot defence without third parties: throwaway-mail domains (a maintained list from npm), keyed hashes for rate-limit
 * buckets, and the optional ALTCHA proof of work (self-hosted challenges, single use).
 */

let disposable: Set<string> | undefined;

/**
 * True when the address is at a throwaway-mail provider, or a subdomain of one (`x.mailinator.com`).
 * The list (disposable-email-domains-js) is loaded once, on first use.
 */
export function isDisposableAddress(email: string): boolean {
  disposable ??= disposableEmailBlocklistSet();
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const labels = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    if (disposable.has(labels.slice(i).join('.'))) return true;
  }
  return false;
}

// Shared with the booking waitlist, so they live in http/tokens.ts.
export { keyedHash, normaliseEmail } from '../http/tokens.js';

// ---------------------------------------------------------------------------------------------------------------
// ALTCHA (https://altcha.org): proof of work the browser solves; nothing leaves the owner's server.

/** Challenges expire after this. */
const ALTCHA_TTL_MS = 10 * 60_000;
const ALTCHA_ALGORITHM = 'PBKDF2/SHA-256';
const ALTCHA_COST = 5_000;

/** The HMAC secrets of ALTCHA challenges, derived from the server secret (never the secret itself). */
export function altchaSecrets(secret: string): { signature: string; keySignature: string } {
  const derive = (label: string) => createHmac('sha256', secret).update(`soleus/altcha/${label}`).digest('hex');
  return { signature: derive('challenge'), keySignature: derive('key') };
}

/** A new signed challenge for the `altcha` widget (deterministic mode: verifying costs one HMAC, not the work). */
export async function createAltchaChallenge(secret: string, nowMs: number): Promise<Challenge> {
  const secrets = altchaSecrets(secret);
  return createChallenge({
    algorithm: ALTCHA_ALGORITHM,
    cost: ALTCHA_COST,
    counter: randomInt(10_000, 5_000),
    deriveKey,
    expiresAt: new Date(nowMs + ALTCHA_TTL_MS),
    hmacSignatureSecret: secrets.signature,
    hmacKeySignatureSecret: secrets.keySignature,
  });
}

/** What became of an ALTCHA payload. */
export type AltchaVerdict = 'ok' | 'missing' | 'invalid' | 'replayed';

/**
 * Verifies the widget's `altcha` field (base64 JSON `{ challenge, solution }`) and spends the challenge: a payload
 * replayed, even from another server process, is refused.
 */
export async function verifyAltcha(
  db: Kysely<Database>,
  secret: string,
  field: string | undefined,
  nowMs: number,
): Promise<AltchaVerdict> {
  if (!field) return 'missing';
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(field, 'base64').toString('utf8')) as Payload;
  } catch {
    return 'invalid';
  }
  if (!payload || typeof payload !== 'object' || !payload.challenge?.parameters || !payload.solution) return 'invalid';
  const secrets = altchaSecrets(secret);
  let verified = false;
  try {
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: secrets.signature,
      hmacKeySignatureSecret: secrets.keySignature,
    });
    verified = result.verified;
  } catch {
    return 'invalid';
  }
  if (!verified) return 'invalid';
  const id = String(payload.challenge.parameters.nonce).slice(0, 200);
  const expiresMs = (payload.challenge.parameters.expiresAt ?? 0) * 1000 || nowMs + ALTCHA_TTL_MS;
  await db.deleteFrom('used_challenges').where('expires_ms', '<', nowMs).execute();
  const spent = await db
    .insertInto('used_challenges')
    .values({ id, expires_ms: expiresMs })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return spent ? 'ok' : 'replayed';
}
