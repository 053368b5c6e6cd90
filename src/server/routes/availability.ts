import { Hono } from 'hono';
import { AvailabilityQuerySchema } from '../../core/schemas/booking.js';
import { AvailabilityCache, availabilityJson } from '../booking/service.js';
import { validate } from '../validation.js';
import { answer, type BookingRouteContext } from './booking-context.js';

/** `GET /api/v1/availability?service=&from=&to=[&timeZone=]`: free slots as UTC instants. */
export function availabilityRoutes(ctx: BookingRouteContext) {
  const cache = new AvailabilityCache();
  return new Hono().get('/', validate('query', AvailabilityQuerySchema), (c) =>
    answer(c, async () =>
      c.body(await availabilityJson(ctx.deps, c.req.valid('query'), cache), 200, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
      }),
    ),
  );
}
