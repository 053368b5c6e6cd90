import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { BookingRequestSchema, RescheduleRequestSchema } from '../../core/schemas/booking.js';
import { bookingCalendar } from '../booking/calendar.js';
import { cancellationEmails, confirmationEmails, rescheduleEmails } from '../booking/emails.js';
import {
  authorisedBooking,
  BookingError,
  cancelBooking,
  insertBooking,
  overlapAsConflict,
  prepareBooking,
  publicBooking,
  rescheduleBooking,
  seriesOf,
  type CreatedBooking,
  type PreparedBooking,
} from '../booking/service.js';
import { writeTransaction } from '../booking/store.js';
import {
  claimKey,
  completeKey,
  KEY_PATTERN,
  purgeKeys,
  releaseKey,
  requestHash,
  type Claim,
} from '../http/idempotency.js';
import { hitRateLimit, purgeRateLimits } from '../http/rate-limit.js';
import { fieldsFromIssues, humanIssueMessage } from '../validation.js';
import {
  answer,
  apiError,
  bearer,
  bookingErrorResponse,
  clientIp,
  type BookingRouteContext,
} from './booking-context.js';

async function readBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

async function parse<T extends z.core.$ZodType>(
  c: Context,
  schema: T,
): Promise<{ ok: true; data: z.output<T> } | { ok: false; response: Response }> {
  const raw = await readBody(c);
  if (raw === undefined)
    return { ok: false, response: apiError(c, 400, 'invalid_json', 'Send the request body as JSON.') };
  const result = await z.safeParseAsync(schema, raw, { error: humanIssueMessage });
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    response: apiError(c, 400, 'invalid_request', 'Some fields need attention.', fieldsFromIssues(result.error.issues)),
  };
}

/** `POST /api/v1/bookings` and the manage routes under `/api/v1/bookings/<id>`. */
export function bookingsRoutes(ctx: BookingRouteContext) {
  const { deps } = ctx;
  const db = deps.db;

  return new Hono()
    .post('/', async (c) => {
      const now = deps.now().getTime();
      // One in a hundred posts tidies expired rate windows and idempotency keys.
      if (Math.random() < 0.01) await Promise.all([purgeRateLimits(db, now), purgeKeys(db, now)]);
      const bucket = `booking:${clientIp(c, ctx.trustProxy)}`;

      // Checks that need no database come first; their answer is given only after the attempt has been counted.
      const key = c.req.header('Idempotency-Key')?.trim() ?? '';
      let early: Response | undefined;
      let prepared: PreparedBooking | undefined;
      if (!key) {
        early = apiError(
          c,
          400,
          'idempotency_key_required',
          'Send an Idempotency-Key header (a unique value per booking attempt) so a retry never books twice.',
        );
      } else if (!KEY_PATTERN.test(key)) {
        early = apiError(c, 400, 'invalid_request', 'The Idempotency-Key header is not valid.', {
          'Idempotency-Key': 'Use 1 to 255 visible characters, such as a UUID',
        });
      } else {
        const parsed = await parse(c, BookingRequestSchema);
        if (!parsed.ok) early = parsed.response;
        else {
          try {
            prepared = prepareBooking(deps, parsed.data);
          } catch (error) {
            if (!(error instanceof BookingError)) throw error;
            early = bookingErrorResponse(c, error);
          }
        }
      }
      const hash = prepared ? requestHash('POST /api/v1/bookings', await c.req.json()) : '';

      type Outcome =
        | { kind: 'limited'; retryAfterSeconds: number }
        | { kind: 'early' }
        | { kind: 'claim'; claim: Exclude<Claim, { kind: 'claimed' }> }
        | { kind: 'refused'; error: BookingError }
        | { kind: 'created'; created: CreatedBooking };

      let outcome: Outcome;
      if (deps.dialect === 'sqlite') {
        // SQLite has one writer at a time anyway: count, claim, book and record the key in ONE BEGIN IMMEDIATE
        // transaction, so a booking costs one disk sync. A duplicate key waiting behind it then sees the result.
        outcome = await writeTransaction(db, 'sqlite', async (trx): Promise<Outcome> => {
          const rate = await hitRateLimit(trx, bucket, ctx.rateLimit, now);
          if (!rate.allowed) return { kind: 'limited', retryAfterSeconds: rate.retryAfterSeconds };
          if (!prepared) return { kind: 'early' };
          const claim = await claimKey(trx, key, hash, now);
          if (claim.kind !== 'claimed') return { kind: 'claim', claim };
          try {
            const created = await insertBooking(trx, deps, prepared);
            await completeKey(trx, key, 201, JSON.stringify(created.body));
            return { kind: 'created', created };
          } catch (error) {
            if (!(error instanceof BookingError)) throw error;
            await releaseKey(trx, key);
            return { kind: 'refused', error };
          }
        }).catch((error: unknown) => {
          const mapped = prepared ? overlapAsConflict(error, prepared) : error;
          if (mapped instanceof BookingError) return { kind: 'refused', error: mapped } as const;
          throw mapped;
        });
      } else {
        // PostgreSQL, possibly several processes: the claim must be visible to the others while the booking is made.
        outcome = await (async (): Promise<Outcome> => {
          const rate = await hitRateLimit(db, bucket, ctx.rateLimit, now);
          if (!rate.allowed) return { kind: 'limited', retryAfterSeconds: rate.retryAfterSeconds };
          if (!prepared) return { kind: 'early' };
          const claim = await claimKey(db, key, hash, now);
          if (claim.kind !== 'claimed') return { kind: 'claim', claim };
          try {
            const created = await writeTransaction(db, deps.dialect, async (trx) => {
              const made = await insertBooking(trx, deps, prepared);
              await completeKey(trx, key, 201, JSON.stringify(made.body));
              return made;
            });
            return { kind: 'created', created };
          } catch (error) {
            await releaseKey(db, key).catch(() => {});
            const mapped = overlapAsConflict(error, prepared);
            if (mapped instanceof BookingError) return { kind: 'refused', error: mapped };
            throw mapped;
          }
        })();
      }

      switch (outcome.kind) {
        case 'limited':
          return apiError(
            c,
            429,
            'too_many_requests',
            `Too many booking attempts from your connection; please wait ${outcome.retryAfterSeconds} seconds and try again.`,
            undefined,
            { 'Retry-After': String(outcome.retryAfterSeconds) },
          );
        case 'early':
          return early!;
        case 'refused':
          return bookingErrorResponse(c, outcome.error);
        case 'claim':
          if (outcome.claim.kind === 'reused') {
            return apiError(
              c,
              422,
              'idempotency_key_reused',
              'This Idempotency-Key was already used for a different booking; use a new key for a new booking.',
            );
          }
          if (outcome.claim.kind === 'in_progress') {
            return apiError(
              c,
              409,
              'request_in_progress',
              'This booking is still being made; wait a moment and try again with the same key.',
            );
          }
          return c.body(outcome.claim.body, outcome.claim.status as 201, {
            'Content-Type': 'application/json',
            'Idempotent-Replayed': 'true',
          });
        case 'created': {
          const { created } = outcome;
          const base = ctx.links();
          ctx.mail.sendLater(() =>
            confirmationEmails(created.records, { practice: deps.practice, base, manageToken: created.manageToken }),
          );
          return c.json(created.body, 201, { Location: `/api/v1/bookings/${created.records[0]!.id}` });
        }
      }
    })

    .get('/:id', (c) =>
      answer(c, async () => {
        const record = await authorisedBooking(db, c.req.param('id'), bearer(c));
        const series = record.seriesId ? await seriesOf(db, record) : undefined;
        return c.json({ booking: publicBooking(deps, record, series) }, 200, { 'Cache-Control': 'no-store' });
      }),
    )

    .get('/:id/calendar.ics', (c) =>
      answer(c, async () => {
        const record = await authorisedBooking(db, c.req.param('id'), c.req.query('token') ?? bearer(c));
        const text = bookingCalendar([record], { practice: deps.practice, base: ctx.links(), method: 'PUBLISH' });
        return c.body(text, 200, {
          'Content-Type': 'text/calendar; charset=utf-8',
          'Content-Disposition': 'attachment; filename="booking.ics"',
          'Cache-Control': 'no-store',
        });
      }),
    )

    .post('/:id/cancel', (c) =>
      answer(c, async () => {
        const { record, changed } = await cancelBooking(deps, c.req.param('id'), bearer(c));
        if (changed) ctx.mail.send(cancellationEmails(record, { practice: deps.practice, base: ctx.links() }));
        return c.json({ booking: publicBooking(deps, record) });
      }),
    )

    .post('/:id/reschedule', async (c) => {
      // Authorise before validating the body, so a stranger learns nothing about the id.
      const auth = await answer(c, async () => {
        await authorisedBooking(db, c.req.param('id'), bearer(c));
        return c.body(null, 204);
      });
      if (auth.status !== 204) return auth;
      const parsed = await parse(c, RescheduleRequestSchema);
      if (!parsed.ok) return parsed.response;
      return answer(c, async () => {
        const { record, previousStart, changed } = await rescheduleBooking(
          deps,
          c.req.param('id'),
          bearer(c),
          parsed.data.start,
        );
        if (changed)
          ctx.mail.send(rescheduleEmails(record, previousStart, { practice: deps.practice, base: ctx.links() }));
        return c.json({ booking: publicBooking(deps, record) });
      });
    });
}
