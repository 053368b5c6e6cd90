import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import {
  AvailabilityQuerySchema,
  BookingIdParamSchema,
  BookingPlanRequestSchema,
  BookingRequestSchema,
  CalendarFileQuerySchema,
  isPlanBody,
  OwnerBookingsQuerySchema,
  RescheduleRequestSchema,
  type ServicesResponse,
} from '../../core/schemas/booking.js';
import { bearer, requireAdmin, secretEquals } from '../http/auth.js';
import { clientIp } from '../http/client-ip.js';
import { EncodedBody } from '../http/encoding.js';
import { check, validate } from '../http/validate.js';
import { validator } from 'hono/validator';
import type { Practice } from '../practice.js';
import { AvailabilityCache, availabilityBody } from './availability.js';
import { ownerFeed } from './calendar.js';
import type { BookingRouteContext } from './context.js';
import { ownerBookingList, ownerBookings } from './owner.js';
import {
  calendarVersion,
  ownerAdd,
  ownerAttendance,
  ownerBooking,
  ownerCancel,
  ownerMove,
  undoAction,
  type ActionOutcome,
} from './owner-actions.js';
import {
  OwnerAddRequestSchema,
  OwnerAttendanceRequestSchema,
  OwnerCancelRequestSchema,
  OwnerMoveRequestSchema,
  type OwnerPreviewResponse,
} from '../../core/schemas/owner-bookings.js';
import { afterFreed } from './waitlist.js';
import { cancelBooking, clientBooking, clientCalendarFile, postBooking, rescheduleBooking } from './service.js';

const NO_STORE = { 'Cache-Control': 'no-store' };
const DAY = 86_400_000;

/** The services answer of a practice. */
export function servicesBody(practice: Practice): ServicesResponse {
  return {
    practice: {
      name: practice.name,
      timeZone: practice.timeZone,
      ...(practice.address ? { address: practice.address } : {}),
      ...(practice.phone ? { phone: practice.phone } : {}),
      ...(practice.email ? { email: practice.email } : {}),
    },
    services: practice.services.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      durationMinutes: s.durationMinutes,
      price: s.price,
      minNoticeHours: s.minNoticeHours,
      horizonDays: s.horizonDays,
      cancellationNoticeHours: s.cancellationNoticeHours,
    })),
    racePlan: practice.racePlan,
  };
}

/**
 * `GET /api/v1/services`: what can be booked, with the practice's name and zone for the widget. `practice` answers
 * the practice now (the document can change while the server runs); the body is built once per practice object.
 */
export function servicesRoutes(practice: Practice | (() => Practice)) {
  const now = typeof practice === 'function' ? practice : () => practice;
  let built: { from: Practice; body: ServicesResponse } | undefined;
  return new Hono().get('/', (c) => {
    const from = now();
    if (built?.from !== from) built = { from, body: servicesBody(from) };
    return c.json(built.body, 200, { 'Cache-Control': 'no-cache' });
  });
}

/**
 * `GET /api/v1/availability?service=&from=&to=[&timeZone=]`: free slots as UTC instants. Sent brotli- or
 * gzip-compressed to clients that accept it (every browser does): a 62-day answer shrinks about twentyfold.
 */
export function availabilityRoutes(ctx: BookingRouteContext) {
  const cache = new AvailabilityCache<EncodedBody>();
  // A 62-day list of 15-minute slots is a few hundred kilobytes of JSON and about 8 KiB brotli-compressed; the bytes
  // (and their compressed forms, made on first demand) are what the cache keeps.
  const encode = (answer: unknown) => new EncodedBody(new TextEncoder().encode(JSON.stringify(answer)), 'fast');
  return new Hono().get('/', validate('query', AvailabilityQuerySchema), async (c) => {
    const answer = await availabilityBody(ctx.deps, c.req.valid('query'), cache, encode);
    const { body, encoding } = await answer.for(c.req.header('Accept-Encoding'));
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      ...NO_STORE,
      // Origin as well: CORS answers differ by Origin, and a header set here replaces the one set for all of /api.
      Vary: 'Origin, Accept-Encoding',
    };
    if (encoding) headers['Content-Encoding'] = encoding;
    return c.body(body, 200, headers);
  });
}

/** `POST /api/v1/bookings` and the manage routes under `/api/v1/bookings/<id>`. */
export function bookingsRoutes(ctx: BookingRouteContext) {
  const { deps } = ctx;
  const id = validate('param', BookingIdParamSchema);
  // A body with `plan` is judged as a plan, any other as one booking or a series; deferred like `validate(…, { defer })`:
  // a refused body is answered only after the attempt has been counted in the rate limit.
  const bookingBody = validator('json', async (value: unknown) => ({
    ...(await check(isPlanBody(value) ? BookingPlanRequestSchema : BookingRequestSchema, value)),
    input: value,
  }));

  return (
    new Hono()
      // `defer`: a refused body is answered only after the attempt has been counted in the rate limit.
      .post('/', bookingBody, async (c) => {
        const posted = await postBooking(deps, {
          key: c.req.header('Idempotency-Key'),
          body: c.req.valid('json'),
          bucket: `booking:${clientIp(c, ctx.trustProxy)}`,
          rateLimit: ctx.rateLimit,
        });
        if (posted.replayed) {
          return c.body(posted.body, posted.status as 201, {
            'Content-Type': 'application/json',
            'Idempotent-Replayed': 'true',
          });
        }
        // Its confirmation is already in the outbox, written in the booking's transaction (booking/mail.ts).
        const { created } = posted;
        return c.json(created.body, 201, { Location: `/api/v1/bookings/${created.records[0]!.id}` });
      })

      .get('/:id', id, async (c) =>
        c.json(await clientBooking(deps, c.req.valid('param').id, bearer(c)), 200, NO_STORE),
      )

      .get('/:id/calendar.ics', id, validate('query', CalendarFileQuerySchema), async (c) => {
        const query = c.req.valid('query');
        const token = query.token ?? bearer(c);
        const text = await clientCalendarFile(deps, c.req.valid('param').id, token, ctx.links(), query.all === '1');
        return c.body(text, 200, {
          'Content-Type': 'text/calendar; charset=utf-8',
          'Content-Disposition': 'attachment; filename="booking.ics"',
          ...NO_STORE,
        });
      })

      .post('/:id/cancel', id, async (c) => {
        const done = await cancelBooking(deps, c.req.valid('param').id, bearer(c));
        if (done.changed) await afterFreed(ctx.waitlist, done.record);
        return c.json(done.answer);
      })

      // `defer`: the id and token are checked before the body, so a stranger learns nothing about the id.
      .post('/:id/reschedule', id, validate('json', RescheduleRequestSchema, { defer: true }), async (c) => {
        const done = await rescheduleBooking(deps, c.req.valid('param').id, bearer(c), c.req.valid('json'));
        if (done.changed) {
          const { record, previousStart } = done;
          const length = record.end.getTime() - record.start.getTime();
          await afterFreed(ctx.waitlist, { start: previousStart, end: new Date(previousStart.getTime() + length) });
        }
        return c.json(done.answer);
      })
  );
}

/** How often an event stream looks at the calendar version, and sends a keep-alive comment. */
const EVENTS_CHECK_MS = 2_000;
const EVENTS_COMMENT_MS = 25_000;
/** A stream ends after this; the browser's EventSource reconnects by itself. */
const EVENTS_MAX_MS = 10 * 60_000;

/**
 * The owner's booking routes, under both owner prefixes (`/api/v1/owner/…` with the bearer token, `/admin/api/…`
 * with the console's session): the list, one booking, cancel, move, add, attendance, undo, and the calendar version
 * with its event stream. `onClosing` ends the open streams when the server starts closing.
 */
export function ownerBookingsRoutes(ctx: BookingRouteContext, onClosing?: (stop: () => void) => void) {
  const app = new Hono();
  const { deps } = ctx;
  const actions = { deps, ...(ctx.waitlist ? { waitlist: ctx.waitlist } : {}) };
  const streams = new Set<() => void>();
  onClosing?.(() => {
    for (const stop of streams) stop();
  });
  const id = validate('param', BookingIdParamSchema);
  const answer = (c: Context, outcome: ActionOutcome | OwnerPreviewResponse) => {
    if ('preview' in outcome) return c.json(outcome, 200, NO_STORE);
    return c.body(outcome.body, outcome.status, {
      'Content-Type': 'application/json',
      ...NO_STORE,
      ...(outcome.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
    });
  };
  app.use('*', requireAdmin(ctx.adminToken));
  return app
    .get('/bookings', validate('query', OwnerBookingsQuerySchema), async (c) =>
      c.json(await ownerBookingList(deps, c.req.valid('query')), 200, NO_STORE),
    )
    .post('/bookings', validate('json', OwnerAddRequestSchema), async (c) =>
      answer(c, await ownerAdd(actions, c.req.valid('json'), c.req.header('Idempotency-Key'))),
    )
    .get('/bookings/:id', id, async (c) => c.json(await ownerBooking(deps, c.req.valid('param').id), 200, NO_STORE))
    .post('/bookings/:id/cancel', id, validate('json', OwnerCancelRequestSchema), async (c) =>
      answer(
        c,
        await ownerCancel(actions, c.req.valid('param').id, c.req.valid('json'), c.req.header('Idempotency-Key')),
      ),
    )
    .post('/bookings/:id/move', id, validate('json', OwnerMoveRequestSchema), async (c) =>
      answer(
        c,
        await ownerMove(actions, c.req.valid('param').id, c.req.valid('json'), c.req.header('Idempotency-Key')),
      ),
    )
    .post('/bookings/:id/attendance', id, validate('json', OwnerAttendanceRequestSchema), async (c) =>
      c.json(await ownerAttendance(deps, c.req.valid('param').id, c.req.valid('json')), 200, NO_STORE),
    )
    .post('/actions/:id/undo', id, async (c) => c.json(await undoAction(deps, c.req.valid('param').id), 200, NO_STORE))
    .get('/calendar-version', async (c) => c.json({ version: await calendarVersion(deps.db) }, 200, NO_STORE))
    .get('/events', (c) =>
      streamSSE(c, async (stream) => {
        let stopped = false;
        let wake: (() => void) | undefined;
        const stop = () => {
          stopped = true;
          wake?.();
        };
        streams.add(stop);
        stream.onAbort(stop);
        const started = Date.now();
        let sent = -1;
        let lastComment = Date.now();
        try {
          while (!stopped && Date.now() - started < EVENTS_MAX_MS) {
            const version = await calendarVersion(deps.db);
            if (version !== sent) {
              await stream.writeSSE({ event: 'version', data: JSON.stringify({ version }) });
              sent = version;
            } else if (Date.now() - lastComment >= EVENTS_COMMENT_MS) {
              await stream.write(': keep-alive\n\n');
              lastComment = Date.now();
            }
            await new Promise<void>((resolve) => {
              wake = resolve;
              setTimeout(resolve, EVENTS_CHECK_MS).unref();
            });
          }
        } finally {
          streams.delete(stop);
        }
      }),
    );
}

/** `GET /calendar/<feedToken>.ics`: the practice's bookings from a week ago on, for the owner's calendar app. */
export function calendarFeedRoutes(ctx: BookingRouteContext) {
  return new Hono().get('/:file', async (c) => {
    const file = c.req.param('file');
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    // Compared with the configured secret only (no database): any text, even a NUL, is simply a wrong token.
    if (!ctx.feedToken || !secretEquals(token, ctx.feedToken)) return c.text('Not Found', 404);
    const now = ctx.deps.now().getTime();
    const rows = await ownerBookings(ctx.deps.db, { from: now - 7 * DAY, to: now + 800 * DAY }, 'confirmed');
    return c.body(ownerFeed(rows, { practice: ctx.deps.practice }), 200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      ...NO_STORE,
      'X-Robots-Tag': 'noindex',
    });
  });
}
