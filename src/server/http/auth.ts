import type { Context, MiddlewareHandler } from 'hono';
import { createHash, timingSafeEqual } from 'node:crypto';
import { apiError } from './errors.js';

/** `Authorization: Bearer <token>` → token. */
export function bearer(c: Context): string | undefined {
  const header = c.req.header('Authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** Constant-time equality of two secrets of any length (hashes first, so lengths do not leak). */
export function secretEquals(presented: string | undefined, expected: string | undefined): boolean {
  if (!presented || !expected) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The owner APIs' door (behind admin/owner-auth.ts, which also takes the console's session cookie): `Authorization: Bearer <SOLEUS_ADMIN_TOKEN>`, compared in constant time. Without a token
 * configured the owner API is off; either way a refusal is 401 with `WWW-Authenticate: Bearer`.
 */
export function requireAdmin(adminToken: string | undefined): MiddlewareHandler {
  const challenge = { 'WWW-Authenticate': 'Bearer' };
  return async (c, next) => {
    // Already let through by the owner door (admin/owner-auth.ts: the bearer token or the console's session).
    if (c.get('soleusOwner')) return next();
    if (!adminToken) {
      return apiError(
        c,
        401,
        'unauthorized',
        'The owner API is switched off: set SOLEUS_ADMIN_TOKEN on the server to use it.',
        undefined,
        challenge,
      );
    }
    if (!secretEquals(bearer(c), adminToken)) {
      return apiError(
        c,
        401,
        'unauthorized',
        'Send the admin token as Authorization: Bearer <token>.',
        undefined,
        challenge,
      );
    }
    await next();
  };
}
