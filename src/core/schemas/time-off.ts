import * as z from 'zod/mini';
import { OwnerBookingSchema } from './booking.js';

/**
 * The owner's time off ("take an afternoon off"): `POST/GET /api/v1/owner/time-off`, `DELETE …/time-off/<id>` (also
 * under `/admin/api`). Written with zod/mini like the booking schemas, so the owner console can share them.
 */

const TIME_HINT = 'Enter a time like 2026-12-14T13:00';

/** A start or end: an ISO instant with `Z` or an offset, or a local `YYYY-MM-DDTHH:MM` (checked by the server). */
const TimeOffInstantSchema = z.string().check(z.minLength(1, TIME_HINT), z.maxLength(40, TIME_HINT));

/** `POST …/time-off` body: the server reads the times and checks that the end is after the start (≤ 366 days). */
export const TimeOffRequestSchema = z.strictObject({
  start: TimeOffInstantSchema,
  end: TimeOffInstantSchema,
  reason: z.optional(
    z.nullable(
      z.string().check(
        z.trim(),
        z.maxLength(200, 'Use at most 200 characters'),
        z.refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s), 'Remove control characters'),
      ),
    ),
  ),
});
export type TimeOffRequest = z.infer<typeof TimeOffRequestSchema>;

/** `GET …/time-off` query: days in the practice zone or ISO instants, read like the owner's bookings list. */
export const TimeOffListQuerySchema = z.object({
  from: z.optional(
    z.string().check(z.maxLength(40, 'Enter a day like 2026-10-26 or an instant like 2026-10-26T09:00:00.000Z')),
  ),
  to: z.optional(
    z.string().check(z.maxLength(40, 'Enter a day like 2026-10-26 or an instant like 2026-10-26T09:00:00.000Z')),
  ),
});
export type TimeOffListQuery = z.infer<typeof TimeOffListQuerySchema>;

/** The `<id>` of `…/time-off/<id>`: any text (an unknown one is 404 `unknown_time_off`). */
export const TimeOffIdParamSchema = z.object({ id: z.string() });

// ————— Answers —————

/** One stretch of time off: UTC instants, half-open [start, end). */
export const TimeOffSchema = z.object({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  reason: z.nullable(z.string()),
});
export type TimeOff = z.infer<typeof TimeOffSchema>;

/**
 * `POST …/time-off` answer (201). `affected`: the future confirmed bookings the time off overlaps, which stay booked
 * (time off never cancels anything): the owner decides what to do with each.
 */
export const TimeOffCreatedSchema = z.object({ timeOff: TimeOffSchema, affected: z.array(OwnerBookingSchema) });
export type TimeOffCreated = z.infer<typeof TimeOffCreatedSchema>;

/** `GET …/time-off` answer: the time off overlapping the range, by start. */
export const TimeOffListResponseSchema = z.object({ timeOff: z.array(TimeOffSchema) });
export type TimeOffListResponse = z.infer<typeof TimeOffListResponseSchema>;

/** `DELETE …/time-off/<id>` answer. */
export const TimeOffDeletedSchema = z.object({ deleted: z.literal(true), id: z.string() });
export type TimeOffDeleted = z.infer<typeof TimeOffDeletedSchema>;
