import { createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';

/**
 * Bot defence without third parties, shared by the newsletter and comments: throwaway-mail domains (a maintained list from npm), keyed hashes for rate-limit
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

/** Trimmed and lowercased: one person, one row, whatever case they type. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A keyed, truncated hash: lets rate-limit buckets and abuse records name an address or IP without storing it. */
export function keyedHash(secret: string, kind: string, value: string): string {
  return createHmac('sha256', secret).update(`soleus/${kind}/${value}`).digest('base64url').slice(0, 22);
}

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

/** Records a challenge as spent; false when it already was (a replay). The database does it: see db/used-challenges.ts. */
export type SpendChallenge = (id: string, expiresMs: number) => Promise<boolean>;

/**
 * Verifies the widget's `altcha` field (base64 JSON `{ challenge, solution }`) and spends the challenge through
 * `spend`: a payload replayed, even from another server process, is refused.
 */
export async function verifyAltchaPayload(
  secret: string,
  field: string | undefined,
  nowMs: number,
  spend: SpendChallenge,
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
  return (await spend(id, expiresMs)) ? 'ok' : 'replayed';
}
