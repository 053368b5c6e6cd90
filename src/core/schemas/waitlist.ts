import * as z from 'zod/mini';
import { CalendarDaySchema, TimeZoneSchema } from './booking.js';
import { CONSENT_MESSAGE, SubscriberEmailSchema } from './newsletter.js';

/**
 * The booking waitlist: "tell me if a time frees up" on a fully booked day. Shared by the server (validation) and the
 * booking calendar's waitlist form, written with zod/mini.
 */

/** `POST /api/v1/waitlist` body. */
export const WaitlistRequestSchema = z.object({
  serviceId: z.string().check(z.minLength(1, 'Choose a treatment'), z.maxLength(100, 'Choose a treatment')),
  /** The fully booked day, `YYYY-MM-DD` in `timeZone`. */
  day: CalendarDaySchema,
  /** The zone the visitor saw the day in. */
  timeZone: TimeZoneSchema,
  email: SubscriberEmailSchema,
  consent: z.literal(true, CONSENT_MESSAGE),
  consentText: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Show the consent wording the person agrees to'),
      z.maxLength(2000, 'Use a consent wording of at most 2000 characters'),
    ),
  /** The page the form was on. */
  source: z.optional(
    z
      .string()
      .check(
        z.maxLength(2000, 'Use a page address of at most 2000 characters'),
        z.url({ protocol: /^https?$/, error: 'Use the address of the page, like https://example.com/post' }),
      ),
  ),
  /** Honeypot: people never see it, so it stays empty. */
  hp: z.optional(z.string().check(z.maxLength(2000, 'Leave this field empty'))),
  /** The signed render token from `GET /api/v1/form-token`. */
  t: z.optional(z.string().check(z.maxLength(500, 'Reload the page and try again'))),
});
export type WaitlistRequest = z.infer<typeof WaitlistRequestSchema>;

/** `POST /api/v1/waitlist` answer: the same whoever is or is not already waiting (nothing to enumerate). */
export const WaitlistResponseSchema = z.object({ status: z.literal('pending') });
export type WaitlistResponse = z.infer<typeof WaitlistResponseSchema>;
