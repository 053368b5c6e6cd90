/**
 * The owner API's door for both prefixes (`/api/v1/owner/…` and `/admin/api/…`): the bearer token (scripts) or a live
 * session cookie (the console). A cookie-borne write must come from the server's own origin: else 403 `cross_site`
 * before any handler runs.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bearer, requireAdmin, secretEquals } from '../http/auth.js';
import { apiError } from '../http/errors.js';
import { ownOrigin, type AdminContext } from './context.js';
import { liveSession, sessionCookie, type SessionRow } from './sessions.js';

/** Who is calling the owner API. */
export type OwnerIdentity = { via: 'bearer' } | { via: 'cookie'; email: string; session: SessionRow };

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by {@link ownerAuth} once the caller is known to be the owner. */
    soleusOwner: OwnerIdentity;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `Origin` is the server's own, or absent with `Sec-Fetch-Site: same-origin`. */
export function sameOrigin(ctx: AdminContext, c: Context): boolean {
  const origin = c.req.header('Origin');
  if (origin !== undefined) return origin === ownOrigin(ctx, c);
  return c.req.header('Sec-Fetch-Site') === 'same-origin';
}

const hasBearer = (ctx: AdminContext, c: Context) => !!ctx.adminToken && secretEquals(bearer(c), ctx.adminToken);

/**
 * Refuses (403 `cross_site`) a POST, PUT, PATCH or DELETE that carries the session cookie and no valid bearer token
 * unless it comes from the server's own origin. Mounted before every route under `/admin` and the owner API.
 */
export function crossSiteGuard(ctx: AdminContext): MiddlewareHandler {
  return async (c, next) => {
    if (UNSAFE.has(c.req.method) && sessionCookie(c) !== undefined && !hasBearer(ctx, c) && !sameOrigin(ctx, c)) {
      return apiError(
        c,
        403,
        'cross_site',
        'This request came from another site, so nothing was done. Open the console at /admin and try again.',
      );
    }
    await next();
  };
}

/** Lets the owner through (bearer token or live session cookie) or answers requireAdmin's 401. */
export function ownerAuth(ctx: AdminContext): MiddlewareHandler {
  const refuse = requireAdmin(ctx.adminToken);
  return async (c, next) => {
    if (hasBearer(ctx, c)) {
      c.set('soleusOwner', { via: 'bearer' });
      return next();
    }
    const session = await liveSession(ctx, sessionCookie(c));
    if (session) {
      c.set('soleusOwner', { via: 'cookie', email: session.email, session });
      return next();
    }
    return refuse(c, next);
  };
}
