import { Hono } from 'hono';
import { LinkPreviewQuerySchema, type LinkPreviewResponse } from '../../core/schemas/previews.js';
import { clientIp } from '../http/client-ip.js';
import { ContractError, invalidRequest } from '../http/errors.js';
import { validateQueryOnce } from '../http/validate.js';
import type { PreviewService } from './cache.js';

/** What the link-preview routes need from app.ts. */
export interface PreviewRouteContext {
  readonly service: PreviewService;
  readonly trustProxy: boolean;
}

/** Signed IDs are `<base64url key>.<base64url mac>`: anything else is not looked up at all. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}\.[A-Za-z0-9_-]{1,128}$/;

/**
 * `GET /api/v1/link-preview?url=` ("Link previews" in docs/http-api.md): the card's data, from the cache or fetched
 * now under the SSRF rules; 400 for a malformed address, 422 `url_not_allowed` for one the server will not fetch,
 * 429 with `Retry-After` beyond the per-IP limit for previews not yet cached.
 */
export function linkPreviewRoutes(ctx: PreviewRouteContext) {
  return new Hono()
    .get('/', validateQueryOnce(LinkPreviewQuerySchema), async (c) => {
      const { url } = c.req.valid('query');
      const answer = await ctx.service.get(url, { ip: () => clientIp(c, ctx.trustProxy) });
      switch (answer.kind) {
        case 'refused':
          if (answer.code === 'malformed')
            throw invalidRequest({ url: `Enter an absolute http or https address. ${answer.message}` });
          throw new ContractError(422, 'url_not_allowed', `This address cannot be previewed. ${answer.message}`);
        case 'limited':
          throw new ContractError(
            429,
            'too_many_requests',
            `Too many new link previews from your connection; please wait ${answer.retryAfterSeconds} seconds and try again.`,
            undefined,
            undefined,
            { 'Retry-After': String(answer.retryAfterSeconds) },
          );
        case 'preview': {
          const body: LinkPreviewResponse = answer.body;
          // Browsers may keep an answer a while; the server's cache decides freshness for everyone else.
          const maxAge = body.status === 'ok' ? 3600 : 300;
          const headers = { 'Cache-Control': `public, max-age=${maxAge}` };
          // A cached preview is sent as the JSON text stored: not parsed and written again for every card shown.
          if (answer.json !== undefined)
            return c.body(answer.json, 200, { ...headers, 'Content-Type': 'application/json' });
          return c.json(body, 200, headers);
        }
      }
    })
    .get('/image/:id', async (c) => {
      const id = c.req.param('id');
      const webp = ID_PATTERN.test(id) ? await ctx.service.image(id) : null;
      if (!webp) throw new ContractError(404, 'not_found', 'There is no such preview image.');
      // The key is the content: the answer never changes. Any page may show it (the card lives on host pages).
      return c.body(new Uint8Array(webp), 200, {
        'Content-Type': 'image/webp',
        'Content-Length': String(webp.length),
        'Cache-Control': 'public, max-age=31536000, immutable',
        'Content-Security-Policy': "default-src 'none'",
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'X-Content-Type-Options': 'nosniff',
      });
    });
}
