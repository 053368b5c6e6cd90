import { Hono } from 'hono';
import { ownerFeed } from '../booking/calendar.js';
import { ownerBookings } from '../booking/service.js';
import { secretEquals } from '../booking/store.js';
import type { BookingRouteContext } from './booking-context.js';

const DAY = 86_400_000;

/** `GET /calendar/<feedToken>.ics`: the practice's bookings from a week ago on, for the owner's calendar app. */
export function calendarFeedRoutes(ctx: BookingRouteContext) {
  return new Hono().get('/:file', async (c) => {
    const file = c.req.param('file');
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!ctx.feedToken || !secretEquals(token, ctx.feedToken)) return c.text('Not Found', 404);
    const now = ctx.deps.now().getTime();
    const rows = await ownerBookings(ctx.deps.db, { from: now - 7 * DAY, to: now + 800 * DAY }, 'confirmed');
    return c.body(ownerFeed(rows, { practice: ctx.deps.practice }), 200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Robots-Tag': 'noindex',
    });
  });
}
