import type { MiddlewareHandler } from 'hono';
import { secretEquals } from '../booking/store.js';
import { apiError } from '../errors.js';
import { bearer } from '../routes/booking-context.js';

/**
 * The owner APIs' door: `Authorization: Bearer <SOLEUS_ADMIN_TOKEN>`, compared in constant time. Without a token
 * configured the owner API is off; either way a refusal is 401 with `WWW-Authenticate: Bearer`.
 */
export function requireAdmin(adminToken: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!adminToken) {
      return apiError(
        c,
        401,
        'unauthorized',
        'The owner API is switched off: set SOLEUS_ADMIN_TOKEN on the server to use it.',
        undefined,
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    if (!secretEquals(bearer(c), adminToken)) {
      return apiError(c, 401, 'unauthorized', 'Send the admin token as Authorization: Bearer <token>.', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    await next();
  };
}
