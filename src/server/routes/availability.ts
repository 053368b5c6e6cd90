import { Hono } from 'hono';
import { AvailabilityQuerySchema } from '../../core/schemas/booking.js';
import { AvailabilityCache, availabilityBody } from '../booking/service.js';
import { preferredEncoding } from '../http/encoding.js';
import { validate } from '../validation.js';
import { answer, type BookingRouteContext } from './booking-context.js';

/**
 * `GET /api/v1/availability?service=&from=&to=[&timeZone=]`: free slots as UTC instants. Sent brotli- or
 * gzip-compressed to clients that accept it (every browser does): a 62-day answer shrinks about twentyfold.
 */
export function availabilityRoutes(ctx: BookingRouteContext) {
  const cache = new AvailabilityCache();
  return new Hono().get('/', validate('query', AvailabilityQuerySchema), (c) =>
    answer(c, async () => {
      const body = await availabilityBody(ctx.deps, c.req.valid('query'), cache);
      const encoding = preferredEncoding(c.req.header('Accept-Encoding'));
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        // Origin as well: CORS answers differ by Origin, and a header set here replaces the one set for all of /api.
        Vary: 'Origin, Accept-Encoding',
      };
      if (encoding === 'identity') return c.body(body.json, 200, headers);
      headers['Content-Encoding'] = encoding;
      return c.body(await body.encoded(encoding), 200, headers);
    }),
  );
}
