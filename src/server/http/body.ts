import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiError } from './errors.js';

/** Largest JSON body accepted under /api. */
export const MAX_JSON_BYTES = 64 * 1024;

/**
 * After a body that is too large the connection closes (its unread rest cannot be skipped safely), so the 413 says
 * `Connection: close` rather than promising a keep-alive that Node then breaks: a client knows to open a new socket.
 */
export const CLOSE_CONNECTION = { Connection: 'close' } as const;

const isJsonType = (type: string | undefined) =>
  !!type && /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(type.trim());

/** `application/x-www-form-urlencoded`: a plain HTML form post, answered with a page instead of JSON. */
export const isFormPost = (type: string | undefined): boolean =>
  !!type && /^application\/x-www-form-urlencoded\s*(;|$)/i.test(type.trim());

const limit = bodyLimit({
  maxSize: MAX_JSON_BYTES,
  onError: (c) =>
    apiError(
      c,
      413,
      'payload_too_large',
      `The request body is larger than ${MAX_JSON_BYTES} bytes.`,
      undefined,
      CLOSE_CONNECTION,
    ),
});

/**
 * The JSON conventions for every write under /api: 413 too large, 415 not JSON, 400 malformed JSON. The body is read
 * and parsed here, once; Hono keeps the parsed value, and the validators (http/validate.ts) receive that same value.
 * `formPaths` may also take a plain HTML form post (the newsletter signup without JavaScript).
 */
export function jsonBodies(formPaths: readonly string[]): MiddlewareHandler {
  return async (c: Context, next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(c.req.method)) return next();
    const type = c.req.header('Content-Type');
    if (isJsonType(type)) {
      return limit(c, async () => {
        try {
          await c.req.json();
        } catch {
          c.res = apiError(c, 400, 'invalid_json', 'The request body is not valid JSON.');
          return;
        }
        await next();
      });
    }
    if (formPaths.includes(c.req.path) && isFormPost(type)) return limit(c, next);
    const length = c.req.header('Content-Length');
    const hasBody =
      type !== undefined || (length !== undefined && length !== '0') || c.req.header('Transfer-Encoding') !== undefined;
    if (hasBody) return apiError(c, 415, 'unsupported_media_type', 'Send the request body as application/json.');
    return next();
  };
}
