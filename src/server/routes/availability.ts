import { Hono } from 'hono';
import { AvailabilityQuerySchema } from '../../core/schemas/booking.js';
import { availability } from '../booking/service.js';
import { validate } from '../validation.js';
import { answer, type BookingRouteContext } from './booking-context.js';

/** `GET /api/v1/availability?service=&from=&to=[&timeZone=]`: free slots as UTC instants. */
export function availabilityRoutes(ctx: BookingRouteContext) {
  return new Hono().get('/', validate('query', AvailabilityQuerySchema), (c) =>
    answer(c, async () => c.json(await availability(ctx.deps, c.req.valid('query')), 200, { 'Cache-Control': 'no-store' })),
  );
}
