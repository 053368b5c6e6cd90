import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed, single-purpose tokens (the newsletter's, the comments' and the form token both share): `<payload>.<mac>`, both base64url, where the payload is a small JSON object
 * and the MAC is HMAC-SHA256 under a key derived from the server secret *for that purpose*, so a token made for one
 * purpose (say `form`) never verifies as another (`confirm`). Verification is constant-time.
 */
export type TokenPurpose =
  | 'confirm'
  | 'unsubscribe'
  | 'form'
  /** Comments: confirming reply notifications, unsubscribing from them, and the moderation links. */
  | 'comment-confirm'
  | 'comment-unsubscribe'
  | 'comment-moderate';

/** What a token carries. */
export interface TokenClaims {
  /** Purpose (also bound by the key). */
  p: TokenPurpose;
  /** Issued at, epoch milliseconds. */
  iat: number;
  /** Subscriber id (confirm and unsubscribe tokens). */
  sub?: string;
  /** Random nonce (form tokens), so two tokens issued in one millisecond differ. */
  n?: string;
}

/** Longest token accepted; anything longer is not ours. */
export const MAX_TOKEN_LENGTH = 500;
/** Confirmation links expire after 7 days. */
export const CONFIRM_TOKEN_TTL_MS = 7 * 24 * 3_600_000;
/** A form submitted sooner than this after the form-token was issued is a bot signal. */
export const FORM_TOKEN_MIN_AGE_MS = 3_000;
/** A form token older than this is a bot signal. */
export const FORM_TOKEN_MAX_AGE_MS = 24 * 3_600_000;
/** Clocks of several server processes may differ a little: a token "from the future" within this is accepted. */
const CLOCK_SKEW_MS = 60_000;

// The key label keeps its first name (`newsletter-token`): form tokens and links already sent must still verify.
function keyFor(secret: string, purpose: TokenPurpose): Buffer {
  return createHmac('sha256', secret).update(`soleus/newsletter-token/v1/${purpose}`).digest();
}

function mac(secret: string, purpose: TokenPurpose, payload: string): Buffer {
  return createHmac('sha256', keyFor(secret, purpose)).update(payload).digest();
}

/** Signs `claims` for `purpose`. */
export function signToken(
  secret: string,
  purpose: TokenPurpose,
  claims: { iat: number; sub?: string; n?: string },
): string {
  const body: TokenClaims = { p: purpose, iat: Math.floor(claims.iat) };
  if (claims.sub !== undefined) body.sub = claims.sub;
  if (claims.n !== undefined) body.n = claims.n;
  const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  return `${payload}.${mac(secret, purpose, payload).toString('base64url')}`;
}

/** Why a token did not verify. */
export type TokenFailure = 'missing' | 'forged' | 'expired';

/** The result of {@link verifyToken}. */
export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure };

/**
 * Checks a token's signature and purpose (constant-time MAC comparison). Does not judge its age: see
 * {@link checkConfirmToken} and {@link checkFormToken}.
 */
export function verifyToken(secret: string, purpose: TokenPurpose, token: string | undefined | null): TokenCheck {
  if (token === undefined || token === null || token === '') return { ok: false, reason: 'missing' };
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'forged' };
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: 'forged' };
  const [, payload, signature] = match as unknown as [string, string, string];
  // Compare the text, not decoded bytes: the 43rd base64url character carries two unused bits, and a token whose
  // last character was changed only there would decode to the same bytes. One canonical spelling is accepted.
  const expected = Buffer.from(mac(secret, purpose, payload).toString('base64url'), 'ascii');
  const given = Buffer.from(signature, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, reason: 'forged' };
  }
  if (
    !claims ||
    typeof claims !== 'object' ||
    claims.p !== purpose ||
    typeof claims.iat !== 'number' ||
    !Number.isFinite(claims.iat)
  ) {
    return { ok: false, reason: 'forged' };
  }
  if (claims.sub !== undefined && typeof claims.sub !== 'string') return { ok: false, reason: 'forged' };
  return { ok: true, claims };
}

/** A subscriber-bound token (confirm or unsubscribe) that verified. */
export type SubscriberTokenCheck =
  { ok: true; subscriberId: string; issuedAt: number } | { ok: false; reason: TokenFailure };

/** Verifies a confirmation token: signed for `confirm`, names a subscriber, at most 7 days old. */
export function checkConfirmToken(
  secret: string,
  token: string | undefined | null,
  nowMs: number,
): SubscriberTokenCheck {
  const result = verifyToken(secret, 'confirm', token);
  if (!result.ok) return result;
  const { claims } = result;
  if (!claims.sub) return { ok: false, reason: 'forged' };
  if (claims.iat > nowMs + CLOCK_SKEW_MS) return { ok: false, reason: 'forged' };
  if (nowMs - claims.iat > CONFIRM_TOKEN_TTL_MS) return { ok: false, reason: 'expired' };
  return { ok: true, subscriberId: claims.sub, issuedAt: claims.iat };
}

/**
 * Verifies an unsubscribe token: signed for `unsubscribe` and names a subscriber. It never expires: an unsubscribe link
 * in a months-old email must still work.
 */
export function checkUnsubscribeToken(secret: string, token: string | undefined | null): SubscriberTokenCheck {
  const result = verifyToken(secret, 'unsubscribe', token);
  if (!result.ok) return result;
  if (!result.claims.sub) return { ok: false, reason: 'forged' };
  return { ok: true, subscriberId: result.claims.sub, issuedAt: result.claims.iat };
}

/** A fresh form token: the signed render time. */
export function issueFormToken(secret: string, nowMs: number): string {
  return signToken(secret, 'form', { iat: nowMs, n: randomBytes(6).toString('base64url') });
}

/** How a form token judged: fine, or which bot signal it is. */
export type FormTokenVerdict = 'ok' | 'missing' | 'forged' | 'too_young' | 'too_old';

/** A form token is fine when genuine and issued 3 seconds to 24 hours ago. */
export function checkFormToken(secret: string, token: string | undefined | null, nowMs: number): FormTokenVerdict {
  const result = verifyToken(secret, 'form', token);
  if (!result.ok) return result.reason === 'missing' ? 'missing' : 'forged';
  const age = nowMs - result.claims.iat;
  if (age < FORM_TOKEN_MIN_AGE_MS) return 'too_young';
  if (age > FORM_TOKEN_MAX_AGE_MS) return 'too_old';
  return 'ok';
}

/** Tokens for a subscriber's links. */
export function confirmToken(secret: string, subscriberId: string, nowMs: number): string {
  return signToken(secret, 'confirm', { iat: nowMs, sub: subscriberId });
}

export function unsubscribeToken(secret: string, subscriberId: string, nowMs: number): string {
  return signToken(secret, 'unsubscribe', { iat: nowMs, sub: subscriberId });
}
