/**
 * The owner console's sign-in and sessions (docs/http-api.md, "Owner console", "Sign-in and sessions"):
 * {@link adminRoutes} at `/admin` (the page, sign-in by email link and by passkey) and {@link adminApiRoutes} at
 * `/admin/api` behind {@link ownerAuth} (this session, the sessions list, sign-out, passkeys).
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { hitRateLimit } from '../db/rate-limit.js';
import { writeTransaction } from '../db/transaction.js';
import { clientIp } from '../http/client-ip.js';
import { apiError } from '../http/errors.js';
import { checkInboxPage, consolePage, linkExpiredPage, linkPage, signInAgainPage } from '../pages/admin.js';
import { PAGE_HEADERS } from '../pages/layout.js';
import { isOwner, normalEmail, ownOrigin, type AdminContext } from './context.js';
import { sendSignInLink, spendLink } from './links.js';
import type { OwnerIdentity } from './owner-auth.js';
import {
  addPasskey,
  authenticationOptions,
  passkeysOf,
  passkeyView,
  registrationOptions,
  relyingParty,
  removePasskey,
  verifyPasskeySignIn,
} from './passkeys.js';
import {
  clearSessionCookie,
  createSession,
  endEverySession,
  endSession,
  ownerSessions,
  sessionView,
  setSessionCookie,
  type SessionRow,
} from './sessions.js';

/** Sign-in requests per IP and per address in {@link SIGN_IN_WINDOW_MS}. */
export const SIGN_IN_LIMIT = 5;
export const SIGN_IN_WINDOW_MS = 10 * 60_000;

const NO_STORE = { 'Cache-Control': 'no-store' };
const emailSchema = z.email().max(254);
const isForm = (c: Context) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header('Content-Type') ?? '');

async function jsonObject(c: Context): Promise<Record<string, unknown>> {
  const body: unknown = await c.req.json().catch(() => undefined);
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** Starts a session for `email` and sets its cookie. */
async function signIn(ctx: AdminContext, c: Context, email: string, method: 'link' | 'passkey') {
  const { secret } = await writeTransaction(ctx.db, ctx.dialect, (trx) =>
    createSession(trx, email, method, c.req.header('User-Agent'), ctx.now().getTime()),
  );
  setSessionCookie(ctx, c, secret);
}

export function adminRoutes(ctx: AdminContext) {
  const app = new Hono();

  app.get('/', (c) =>
    c.html(consolePage({ practiceName: ctx.practice.name }), 200, { ...NO_STORE, 'Referrer-Policy': 'no-referrer' }),
  );

  app.post('/sign-in', async (c) => {
    const form = isForm(c);
    const raw = form ? (await c.req.parseBody())['email'] : (await jsonObject(c))['email'];
    const parsed = emailSchema.safeParse(typeof raw === 'string' ? raw.trim() : raw);
    if (!parsed.success) {
      const message = 'Enter your email address, like name@example.com.';
      return form
        ? c.html(
            signInAgainPage({ title: 'Sign in', message, email: typeof raw === 'string' ? raw : '', invalid: true }),
            400,
            NO_STORE,
          )
        : apiError(c, 400, 'invalid_request', 'The request is not valid.', { email: message });
    }
    const email = normalEmail(parsed.data);
    const nowMs = ctx.now().getTime();
    const ip = clientIp(c, ctx.trustProxy);
    const byIp = await hitRateLimit(ctx.db, `admin-sign-in-ip:${ip}`, SIGN_IN_LIMIT, nowMs, SIGN_IN_WINDOW_MS);
    const byEmail = await hitRateLimit(ctx.db, `admin-sign-in-email:${email}`, SIGN_IN_LIMIT, nowMs, SIGN_IN_WINDOW_MS);
    if (!byIp.allowed || !byEmail.allowed) {
      const retry = String(
        Math.max(byIp.allowed ? 0 : byIp.retryAfterSeconds, byEmail.allowed ? 0 : byEmail.retryAfterSeconds),
      );
      const message = 'Too many sign-in requests. Please wait a few minutes and try again.';
      return form
        ? c.html(signInAgainPage({ title: 'Too many requests', message }), 429, { ...NO_STORE, 'Retry-After': retry })
        : apiError(c, 429, 'too_many_requests', message, undefined, { 'Retry-After': retry });
    }
    if (isOwner(ctx, email)) await sendSignInLink(ctx, email);
    return form
      ? c.html(checkInboxPage({ practiceName: ctx.practice.name, email }), 202, NO_STORE)
      : c.json({ status: 'sent' }, 202, NO_STORE);
  });

  app.get('/link', (c) =>
    c.html(linkPage({ practiceName: ctx.practice.name, token: c.req.query('token') ?? '' }), 200, PAGE_HEADERS),
  );

  app.post('/link', async (c) => {
    const token = isForm(c) ? (await c.req.parseBody())['token'] : (await jsonObject(c))['token'];
    const nowMs = ctx.now().getTime();
    const email =
      typeof token === 'string'
        ? await writeTransaction(ctx.db, ctx.dialect, async (trx) => {
            const spent = await spendLink(trx, token, nowMs);
            if (!spent || !isOwner(ctx, spent)) return undefined;
            return spent;
          })
        : undefined;
    if (!email) return c.html(linkExpiredPage(), 400, PAGE_HEADERS);
    await signIn(ctx, c, email, 'link');
    return c.redirect('/admin', 303);
  });

  app.post('/passkey/options', async (c) => {
    const options = await authenticationOptions(ctx, relyingParty(ownOrigin(ctx, c)));
    return c.json(options, 200, NO_STORE);
  });

  app.post('/passkey/verify', async (c) => {
    const response = (await jsonObject(c))['response'] as AuthenticationResponseJSON | undefined;
    const email = response ? await verifyPasskeySignIn(ctx, relyingParty(ownOrigin(ctx, c)), response) : undefined;
    if (!email || !isOwner(ctx, email))
      return apiError(c, 400, 'passkey_failed', 'That passkey did not sign you in. Try again, or use an email link.');
    await signIn(ctx, c, email, 'passkey');
    return c.json({ ok: true }, 200, NO_STORE);
  });

  return app;
}

/** The caller's session, or a 401 for a bearer-token caller (these routes are about a signed-in browser). */
function sessionOf(c: Context): { email: string; session: SessionRow } | undefined {
  const owner: OwnerIdentity = c.get('soleusOwner');
  return owner.via === 'cookie' ? owner : undefined;
}

const needsSession = (c: Context) =>
  apiError(c, 401, 'unauthorized', 'Sign in at /admin: this route is about a signed-in browser.');

export function adminApiRoutes(ctx: AdminContext) {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/session', (c) => {
    const me = sessionOf(c);
    if (!me) return needsSession(c);
    return c.json({ owner: { email: me.email }, session: sessionView(me.session) }, 200);
  });

  app.get('/sessions', async (c) => {
    const me = sessionOf(c);
    if (!me) return needsSession(c);
    const rows = await ownerSessions(ctx, me.email);
    return c.json({
      sessions: rows.map((row) => ({
        ...sessionView(row),
        userAgent: row.user_agent,
        current: row.id === me.session.id,
      })),
    });
  });

  app.post('/sessions/:id/end', async (c) => {
    const me = sessionOf(c);
    if (!me) return needsSession(c);
    const id = c.req.param('id');
    if (!(await endSession(ctx, me.email, id)))
      return apiError(c, 404, 'unknown_session', 'There is no such session, or it has already ended.');
    if (id === me.session.id) clearSessionCookie(ctx, c);
    return c.json({ ended: true });
  });

  app.post('/sign-out', async (c) => {
    const me = sessionOf(c);
    if (!me) return needsSession(c);
    await endSession(ctx, me.email, me.session.id);
    clearSessionCookie(ctx, c);
    return c.json({ ended: true });
  });

  app.post('/sign-out-everywhere', async (c) => {
    const me = sessionOf(c);
    if (!me) return needsSession(c);
    const count = await endEverySession(ctx, me.email);
    clearSessionCookie(ctx, c);
    return c.json({ ended: true, count });
  });

  app.get('/passkeys', async (c) => {
    const me = sessionOf(c);
    if (!me) return needsSession(c);
    return c.json({ passkeys: (await passkeysOf(ctx, me.email)).map(passkeyView) });
  });

  app.post('/passkeys/options', async (c) => {
    const me = sessionOf(c);
    if (!me) return needsSession(c);
    return c.json(await registrationOptions(ctx, relyingParty(ownOrigin(ctx, c)), me.email));
  });

  app.post('/passkeys', async (c) => {
    const me = sessionOf(c);
    if (!me) return needsSession(c);
    const body = await jsonObject(c);
    const name = typeof body['name'] === 'string' && body['name'].trim() ? body['name'].trim().slice(0, 60) : 'Passkey';
    const response = body['response'] as RegistrationResponseJSON | undefined;
    const row = response ? await addPasskey(ctx, relyingParty(ownOrigin(ctx, c)), me.email, response, name) : undefined;
    if (!row) return apiError(c, 400, 'passkey_failed', 'The passkey could not be added. Please try again.');
    return c.json({ passkey: passkeyView(row) }, 201);
  });

  app.delete('/passkeys/:id', async (c) => {
    const me = sessionOf(c);
    if (!me) return needsSession(c);
    if (!(await removePasskey(ctx, me.email, c.req.param('id'))))
      return apiError(c, 404, 'unknown_passkey', 'There is no such passkey.');
    return c.json({ deleted: true });
  });

  return app;
}
