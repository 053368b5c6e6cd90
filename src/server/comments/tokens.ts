import { createHash, randomBytes } from 'node:crypto';
import { signToken, verifyToken } from '../http/signed-tokens.js';

/**
 * The comments' secrets: the edit token (random, only its SHA-256 stored) and the signed links of their emails
 * (moderation, reply-notification confirmation and unsubscribe), each signed for its own purpose.
 */

/** A new comment or subscription id: 16 url-safe characters. */
export const newId = (): string => randomBytes(12).toString('base64url');

/** A new edit token for a comment's author. */
export const newEditToken = (): string => randomBytes(24).toString('base64url');

/** What the database keeps of an edit token. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Moderation links stay usable this long. */
export const MODERATION_TTL_MS = 30 * 24 * 3_600_000;
/** Reply-notification confirmation links expire after 7 days. */
export const CONFIRM_TTL_MS = 7 * 24 * 3_600_000;

/** The three things a moderation link can do. */
export type ModerationAction = 'approve' | 'reject' | 'spam';
const ACTIONS: readonly ModerationAction[] = ['approve', 'reject', 'spam'];

export function moderationToken(secret: string, commentId: string, action: ModerationAction, nowMs: number): string {
  return signToken(secret, 'comment-moderate', { iat: nowMs, sub: `${action}:${commentId}` });
}

/** The comment and action a moderation token names, or why it cannot be used. */
export function checkModerationToken(
  secret: string,
  token: string | undefined,
  nowMs: number,
): { ok: true; commentId: string; action: ModerationAction } | { ok: false; reason: 'missing' | 'forged' | 'expired' } {
  const result = verifyToken(secret, 'comment-moderate', token);
  if (!result.ok) return result;
  const [action, commentId] = (result.claims.sub ?? '').split(':', 2) as [ModerationAction, string | undefined];
  if (!commentId || !ACTIONS.includes(action)) return { ok: false, reason: 'forged' };
  if (nowMs - result.claims.iat > MODERATION_TTL_MS) return { ok: false, reason: 'expired' };
  return { ok: true, commentId, action };
}

export function confirmRepliesToken(secret: string, subscriptionId: string, nowMs: number): string {
  return signToken(secret, 'comment-confirm', { iat: nowMs, sub: subscriptionId });
}

export function unsubscribeRepliesToken(secret: string, subscriptionId: string, nowMs: number): string {
  return signToken(secret, 'comment-unsubscribe', { iat: nowMs, sub: subscriptionId });
}

/** The subscription a confirm (7 days) or unsubscribe (no expiry: old mails must keep working) token names. */
export function checkSubscriptionToken(
  secret: string,
  purpose: 'comment-confirm' | 'comment-unsubscribe',
  token: string | undefined,
  nowMs: number,
): { ok: true; subscriptionId: string } | { ok: false; reason: 'missing' | 'forged' | 'expired' } {
  const result = verifyToken(secret, purpose, token);
  if (!result.ok) return result;
  if (!result.claims.sub) return { ok: false, reason: 'forged' };
  if (purpose === 'comment-confirm' && nowMs - result.claims.iat > CONFIRM_TTL_MS)
    return { ok: false, reason: 'expired' };
  return { ok: true, subscriptionId: result.claims.sub };
}
