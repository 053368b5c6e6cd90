import { Hono } from 'hono';
import * as z from 'zod';
import {
  DEFAULT_LIST,
  DISPOSABLE_EMAIL_MESSAGE,
  SubscriptionRequestSchema,
  type SubscriptionRequest,
  type SubscriptionResponse,
} from '../../core/schemas/newsletter.js';
import { apiError } from '../errors.js';
import { hitRateLimit, purgeRateLimits } from '../http/rate-limit.js';
import { isDisposableAddress, keyedHash, normaliseEmail, verifyAltcha } from '../newsletter/bot-defence.js';
import type { NewsletterContext } from '../newsletter/context.js';
import { PAGE_HEADERS } from '../pages/layout.js';
import {
  checkInboxPage,
  correctFormPage,
  needsJavaScriptPage,
  pressOnceMorePage,
  safeBackUrl,
  tooManyPage,
  type Page,
  type SubmittedForm,
} from '../pages/newsletter.js';
import { purgeStalePending, signUp } from '../newsletter/subscribers.js';
import { checkFormToken, FORM_TOKEN_MIN_AGE_MS, issueFormToken } from '../newsletter/tokens.js';
import { fieldsFromIssues, humanIssueMessage } from '../validation.js';
import { clientIp } from './booking-context.js';

/** `application/x-www-form-urlencoded`: a plain HTML form post, answered with a page instead of JSON. */
export const isFormPost = (type: string | undefined): boolean =>
  !!type && /^application\/x-www-form-urlencoded\s*(;|$)/i.test(type.trim());

const FORM_FIELDS = ['email', 'name', 'list', 'consent', 'consentText', 'source', 'hp', 't', 'altcha'] as const;

/** A form post's fields as the JSON shape: empty optional fields dropped, a ticked box (`on`) as `true`. */
function fromForm(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FORM_FIELDS) {
    let value = body[key];
    if (Array.isArray(value)) value = value[value.length - 1];
    if (typeof value !== 'string') continue;
    if (key === 'consent') {
      if (/^(on|true|1|yes)$/i.test(value.trim())) out.consent = true;
      continue;
    }
    if (value === '' && key !== 'email' && key !== 'consentText') continue;
    out[key] = value;
  }
  return out;
}

/** What the person typed, for re-rendering the form without losing anything. */
function submitted(raw: Record<string, unknown>): SubmittedForm {
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 2000) : '');
  return {
    email: text(raw.email).trim(),
    name: text(raw.name).trim(),
    list: text(raw.list),
    consent: raw.consent === true,
    consentText: text(raw.consentText),
    source: text(raw.source),
  };
}

const ACCEPTED: SubscriptionResponse = { status: 'pending' };

/**
 * `POST /api/v1/subscriptions`: JSON from the widget, or a plain form post (no JavaScript) answered with HTML.
 * The answer is the same 202 for a new, a pending and a confirmed address and for a bot signal: nothing tells a
 * caller who is subscribed or which check caught it. Nothing is written before every 4xx check has passed.
 */
export function subscriptionsRoutes(ctx: NewsletterContext) {
  return new Hono().post('/', async (c) => {
    const form = isFormPost(c.req.header('Content-Type'));
    const nowMs = ctx.now().getTime();
    // JSON was parsed (and checked) by app.ts's middleware; Hono caches it.
    const raw: unknown = form ? fromForm(await c.req.parseBody()) : await c.req.json();
    const typed = submitted(
      raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {},
    );
    const backUrl = form ? safeBackUrl(typed.source, c.req.header('Referer')) : undefined;
    // A plain form may have no `source` field: the page it came from (Referer) is carried from here on, into the
    // hidden fields of any page we answer with, because our own pages send no Referer on the next post.
    if (form && backUrl && !typed.source && raw && typeof raw === 'object' && !Array.isArray(raw)) {
      typed.source = backUrl;
      (raw as Record<string, unknown>).source = backUrl;
    }
    const page = (p: Page, headers: Record<string, string> = {}) =>
      c.html(p.html, p.status, { ...PAGE_HEADERS, ...headers });
    const accepted = () =>
      form ? page(checkInboxPage(backUrl)) : c.json(ACCEPTED, 202, { 'Cache-Control': 'no-store' });

    // 1. Validation: 400 with fields (a form post gets the form back, with what was typed and a fresh token).
    const parsed = await z.safeParseAsync(SubscriptionRequestSchema, raw, { error: humanIssueMessage });
    const fields = parsed.success ? {} : fieldsFromIssues(parsed.error.issues);
    // Every mistake at once: a throwaway address is named even when another field is wrong too.
    if (!fields.email && isDisposableAddress(typed.email)) fields.email = DISPOSABLE_EMAIL_MESSAGE;
    if (!parsed.success || Object.keys(fields).length > 0) {
      if (form) return page(correctFormPage(typed, fields, issueFormToken(ctx.secret, nowMs), backUrl));
      return apiError(c, 400, 'invalid_request', 'Some fields need attention.', fields);
    }
    const body: SubscriptionRequest = parsed.data;

    // 2. The form token must be there: JSON callers get 400; a browser without JavaScript gets a page with a button
    //    to press once more, carrying a fresh token. That token is dated as if issued FORM_TOKEN_MIN_AGE_MS - 1 s
    //    earlier: the person already spent that long on the first form, and a fast but real click must not be lost.
    if (!body.t) {
      if (form) {
        const token = issueFormToken(ctx.secret, nowMs - (FORM_TOKEN_MIN_AGE_MS - 1_000));
        return page(pressOnceMorePage(typed, token, backUrl));
      }
      return apiError(
        c,
        400,
        'form_token_required',
        'Fetch a token from GET /api/v1/form-token when the form renders and send it as "t".',
      );
    }
    if (ctx.altcha && !body.altcha) {
      if (form) return page(needsJavaScriptPage(backUrl));
      return apiError(
        c,
        400,
        'proof_of_work_required',
        'Solve the proof-of-work challenge from GET /api/v1/form-token/altcha and send it as "altcha".',
      );
    }

    // 3. Silent bot signals: the normal answer, nothing stored, no mail.
    if (body.hp !== undefined && body.hp.trim() !== '') return accepted();
    if (checkFormToken(ctx.secret, body.t, nowMs) !== 'ok') return accepted();
    if (ctx.altcha && (await verifyAltcha(ctx.db, ctx.secret, body.altcha, nowMs)) !== 'ok') return accepted();

    // 4. Limits per client IP and per address, kept in the database (shared by every server process).
    const email = normaliseEmail(body.email);
    const ipHash = keyedHash(ctx.secret, 'ip', clientIp(c, ctx.trustProxy));
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
    if (!byAddress.allowed) {
      const retry = { 'Retry-After': String(byAddress.retryAfterSeconds) };
      if (form) return page(tooManyPage(byAddress.retryAfterSeconds, backUrl), retry);
      return apiError(
        c,
        429,
        'too_many_requests',
        `Too many signup attempts; please wait ${byAddress.retryAfterSeconds} seconds and try again.`,
        undefined,
        retry,
      );
    }

    // 5. The signup itself; mail goes out after the response.
    await signUp(ctx, {
      email,
      name: body.name ? body.name : null,
      list: body.list ?? DEFAULT_LIST,
      consentText: body.consentText,
      consentSource: body.source ?? safeBackUrl(c.req.header('Referer')) ?? null,
      ipHash,
    });
    return accepted();
  });
}

/** For app.ts: the one API route that also takes a plain HTML form post. */
export const SUBSCRIPTIONS_PATH = '/api/v1/subscriptions';
