import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { BookingDeps } from '../booking/service.js';
import { BookingError } from '../booking/service.js';
import type { LinkBase } from '../booking/records.js';
import { apiError } from '../errors.js';
import type { MailDispatcher } from '../mail/dispatch.js';

/** What the booking routes share. */
export interface BookingRouteContext {
  deps: BookingDeps;
  /** Booking posts per minute per client IP. */
  rateLimit: number;
  trustProxy: boolean;
  adminToken: string | undefined;
  feedToken: string | undefined;
  /** Base of links in emails and calendar files. */
  links: () => LinkBase;
  mail: MailDispatcher;
}

/** The client's IP: the socket's peer, or behind a trusted proxy the last X-Forwarded-For hop. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = c.req
      .header('X-Forwarded-For')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (hops && hops.length > 0) return hops[hops.length - 1]!;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

/** `Authorization: Bearer <token>` → token. */
export function bearer(c: Context): string | undefined {
  const header = c.req.header('Authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** Turns a BookingError into the contract's error response. */
export function bookingErrorResponse(c: Context, error: BookingError): Response {
  return c.json(
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.fields ? { fields: error.fields } : {}),
        ...error.extra,
      },
    },
    error.status,
  );
}

/** Runs a handler, answering BookingErrors in the contract's shape. */
export async function answer(c: Context, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BookingError) return bookingErrorResponse(c, error);
    throw error;
  }
}

export { apiError };
