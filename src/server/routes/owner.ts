import { Hono } from 'hono';
import { ownerBookings, ownerRange, ownerView } from '../booking/service.js';
import { requireAdmin } from '../http/admin.js';
import { answer, type BookingRouteContext } from './booking-context.js';

/** `GET /api/v1/owner/bookings?from=&to=` for the practice owner, with the admin bearer token. */
export function ownerRoutes(ctx: BookingRouteContext) {
  const app = new Hono();
  app.use('*', requireAdmin(ctx.adminToken));
  return app.get('/bookings', (c) =>
    answer(c, async () => {
      const { practice } = ctx.deps;
      const range = ownerRange(practice, c.req.query('from'), c.req.query('to'), ctx.deps.now());
      const rows = await ownerBookings(ctx.deps.db, range);
      return c.json(
        {
          from: new Date(range.from).toISOString(),
          to: new Date(range.to).toISOString(),
          bookings: rows.map((r) => ownerView(practice, r)),
        },
        200,
        { 'Cache-Control': 'no-store' },
      );
    }),
  );
}
