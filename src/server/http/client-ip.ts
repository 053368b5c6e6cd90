import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

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
