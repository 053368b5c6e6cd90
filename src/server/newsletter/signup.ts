import {
  DEFAULT_LIST,
  DISPOSABLE_EMAIL_MESSAGE,
  SubscriptionRequestSchema,
  type SubscriptionRequest,
} from '../../core/schemas/newsletter.js';
import { hitRateLimit, purgeRateLimits } from '../db/rate-limit.js';
import { check } from '../http/validate.js';
import { isDisposableAddress, keyedHash, normaliseEmail, verifyAltcha } from './bot-defence.js';
import type { NewsletterContext } from './context.js';
import { purgeStalePending, signUp } from './subscribers.js';
import { checkFormToken } from './tokens.js';

/** What a signup post comes to; the route answers it as JSON or, for a plain form post, as a page. */
export type SignupAnswer =
  | { kind: 'accepted' }
  | { kind: 'invalid'; fields: Record<string, string> }
  | { kind: 'token_required' }
  | { kind: 'proof_of_work_required' }
  | { kind: 'limited'; retryAfterSeconds: number };

/**
 * `POST /api/v1/subscriptions`: validation, the form token, the bot signals, the limits, then the signup. The answer
 * is the same `accepted` for a new, a pending and a confirmed address and for a bot signal: nothing tells a caller
 * who is subscribed or which check caught it. Nothing is written before every refusal has been ruled out.
 */
export async function subscribe(
  ctx: NewsletterContext,
  raw: unknown,
  sender: { ip: string; source: string | null },
): Promise<SignupAnswer> {
  const nowMs = ctx.now().getTime();

  // 1. Validation, every mistake at once: a throwaway address is named even when another field is wrong too.
  const checked = await check(SubscriptionRequestSchema, raw);
  const fields = checked.ok ? {} : { ...checked.error.fields };
  const typedEmail = raw && typeof raw === 'object' ? (raw as { email?: unknown }).email : undefined;
  if (!fields.email && typeof typedEmail === 'string' && isDisposableAddress(typedEmail.trim()))
    fields.email = DISPOSABLE_EMAIL_MESSAGE;
  if (!checked.ok || Object.keys(fields).length > 0) return { kind: 'invalid', fields };
  const body: SubscriptionRequest = checked.data;

  // 2. The form token (and, when switched on, the proof of work) must be there.
  if (!body.t) return { kind: 'token_required' };
  if (ctx.altcha && !body.altcha) return { kind: 'proof_of_work_required' };

  // 3. Silent bot signals: the normal answer, nothing stored, no mail.
  if (body.hp !== undefined && body.hp.trim() !== '') return { kind: 'accepted' };
  if (checkFormToken(ctx.secret, body.t, nowMs) !== 'ok') return { kind: 'accepted' };
  if (ctx.altcha && (await verifyAltcha(ctx.db, ctx.secret, body.altcha, nowMs)) !== 'ok') return { kind: 'accepted' };

  // 4. Limits per client IP and per address, kept in the database (shared by every server process).
  const email = normaliseEmail(body.email);
  const ipHash = keyedHash(ctx.secret, 'ip', sender.ip);
  // One in a hundred signups tidies ended rate windows and signups left unconfirmed for 30 days.
  if (Math.random() < 0.01) await Promise.all([purgeRateLimits(ctx.db, nowMs), purgeStalePending(ctx, nowMs)]);
  const byIp = await hitRateLimit(ctx.db, `subscribe:${ipHash}`, ctx.rateLimit, nowMs);
  const byAddress = byIp.allowed
    ? await hitRateLimit(
        ctx.db,
        `subscribe-address:${keyedHash(ctx.secret, 'email', email)}`,
        ctx.addressRateLimit,
        nowMs,
      )
    : byIp;
  if (!byAddress.allowed) return { kind: 'limited', retryAfterSeconds: byAddress.retryAfterSeconds };

  // 5. The signup itself; mail goes out after the response.
  await signUp(ctx, {
    email,
    name: body.name ? body.name : null,
    list: body.list ?? DEFAULT_LIST,
    consentText: body.consentText,
    consentSource: body.source ?? sender.source,
    ipHash,
  });
  return { kind: 'accepted' };
}
