import type { MiddlewareHandler } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Security headers on every response and CORS under /api, in one middleware that stays off the response objects.
 *
 * Hono's `secureHeaders` and `cors` write into `c.res.headers` around `next()`. That turns @hono/node-server's
 * lightweight response into a real WHATWG Response (a Headers object, a ReadableStream for the body) on every request,
 * which was about a third of the server's CPU on a trivial route. Here, on the Node server, the headers go straight
 * onto Node's ServerResponse with `setHeader` before the handler runs: Node merges them into `writeHead`, and a header
 * the handler sets itself (a page's own CSP, a static file's CORP) wins, the same as `secureHeaders({ overwrite: false })`.
 * Without a Node response (`app.request` in tests) the same headers are added to `c.res` after the handler.
 * One consequence: under /api a handler that sets `Vary` itself replaces the `Vary: Origin` set here, so it must name
 * Origin too (the availability route sends `Vary: Origin, Accept-Encoding`); the header test in app.test.ts compares
 * both paths.
 */
export interface BaseHeadersOptions {
  /** Headers every response carries unless the handler set its own. */
  security: Readonly<Record<string, string>>;
  /** Paths that answer CORS (a prefix match: `/api`). */
  corsPrefix: string;
  /** The origin to echo in Access-Control-Allow-Origin, or null to deny. */
  allowOrigin: (origin: string) => boolean;
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  maxAgeSeconds: number;
}

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

export function baseHeaders(options: BaseHeadersOptions): MiddlewareHandler {
  const security = Object.entries(options.security);
  const allowMethods = options.allowMethods.join(',');
  const allowHeaders = options.allowHeaders.join(',');
  const exposeHeaders = options.exposeHeaders.join(',');
  const maxAge = String(options.maxAgeSeconds);
  const prefix = options.corsPrefix;

  return async (c, next) => {
    const { incoming, outgoing } = (c.env ?? {}) as NodeBindings;
    const path = c.req.path;
    const cors = path === prefix || path.startsWith(`${prefix}/`);
    const origin = cors ? (incoming ? incoming.headers.origin : c.req.header('Origin')) : undefined;
    const allowed = origin !== undefined && origin !== '' && options.allowOrigin(origin);

    if (cors && c.req.method === 'OPTIONS') {
      // Preflight: answered here, whatever the route.
      const headers: Record<string, string> = {
        'Access-Control-Expose-Headers': exposeHeaders,
        'Access-Control-Max-Age': maxAge,
        'Access-Control-Allow-Methods': allowMethods,
        'Access-Control-Allow-Headers': allowHeaders,
        Vary: 'Origin, Access-Control-Request-Headers',
      };
      if (allowed) headers['Access-Control-Allow-Origin'] = origin;
      for (const [name, value] of security) headers[name] = value;
      return c.body(null, 204, headers);
    }

    const extra: [string, string][] = [];
    if (cors) {
      extra.push(['Vary', 'Origin']);
      if (allowed)
        extra.push(['Access-Control-Allow-Origin', origin], ['Access-Control-Expose-Headers', exposeHeaders]);
    }

    if (outgoing && !outgoing.headersSent) {
      for (const [name, value] of security) outgoing.setHeader(name, value);
      for (const [name, value] of extra) outgoing.setHeader(name, value);
      await next();
      return;
    }

    await next();
    const headers = c.res.headers;
    for (const [name, value] of security) if (!headers.has(name)) headers.set(name, value);
    for (const [name, value] of extra) {
      if (name === 'Vary') {
        const vary = headers.get('Vary');
        if (!vary || !/(^|,)\s*origin\s*(,|$)/i.test(vary)) headers.set('Vary', vary ? `${vary}, Origin` : 'Origin');
      } else if (!headers.has(name)) headers.set(name, value);
    }
  };
}

/** Turns Hono-style CSP directives into the header's text. */
export function cspText(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, values]) => [name.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`), ...values].join(' '))
    .join('; ');
}
