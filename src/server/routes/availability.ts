import { Hono } from 'hono';
import { AvailabilityQuerySchema } from '../../core/schemas/booking.js';
import { AvailabilityCache, availabilityBody } from '../booking/service.js';
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
      const answer = await availabilityBody(ctx.deps, c.req.valid('query'), cache);
      const { body, encoding } = await answer.for(c.req.header('Accept-Encoding'));
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        // Origin as well: CORS answers differ by Origin, and a header set here replaces the one set for all of /api.
        Vary: 'Origin, Accept-Encoding',
      };
      if (encoding) headers['Content-Encoding'] = encoding;
      return c.body(body, 200, headers);
    }),
  );
}
