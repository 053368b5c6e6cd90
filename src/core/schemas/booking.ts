import * as z from 'zod/mini';

/**
 * Booking request schemas shared by the server (validation) and the booking widget (client-side checks), written with
 * zod/mini so the browser bundle stays small. Messages are human sentences: they go straight into `fields`.
 */

/** `YYYY-MM-DD`. */
export const CalendarDaySchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a day like 2026-10-26'));

const visible = (max: number, required: string) =>
  z.string().check(
    z.trim(),
    z.minLength(1, required),
    z.maxLength(max, `Use at most ${max} characters`),
    // No control characters: names and phones end up in email headers and calendar files.
    z.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Remove line breaks and control characters'),
  );

/** An IANA zone name such as `Europe/London`; the server also checks that the zone exists. */
export const TimeZoneSchema = z
  .string()
  .check(
    z.minLength(1, 'Choose a time zone'),
    z.maxLength(64, 'Use an IANA time zone like Europe/London'),
    z.regex(/^[A-Za-z][A-Za-z0-9_+\-/]*$/, 'Use an IANA time zone like Europe/London'),
  );

export const BookingClientSchema = z.strictObject({
  name: visible(120, 'Enter your name'),
  email: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Enter your email address'),
      z.maxLength(254, 'Use at most 254 characters'),
      z.email('Enter an email address like name@example.com'),
    ),
  phone: z.optional(
    z
      .string()
      .check(
        z.trim(),
        z.maxLength(32, 'Use at most 32 characters'),
        z.regex(/^$|^\+?[0-9 ()./-]{5,31}$/, 'Enter a phone number like +44 20 7946 0000'),
      ),
  ),
});

export const BookingSeriesSchema = z.strictObject({
  everyWeeks: z.int().check(z.gte(1, 'Repeat every 1 to 8 weeks'), z.lte(8, 'Repeat every 1 to 8 weeks')),
  count: z.int().check(z.gte(2, 'A series has 2 to 12 sessions'), z.lte(12, 'A series has 2 to 12 sessions')),
});

/** `POST /api/v1/bookings` body. */
export const BookingRequestSchema = z.strictObject({
  serviceId: z.string().check(z.minLength(1, 'Choose a service'), z.maxLength(64, 'Choose a service from the list')),
  start: z
    .string()
    .check(z.minLength(1, 'Choose a time'), z.maxLength(40, 'Enter a time like 2026-10-26T09:00:00.000Z')),
  client: BookingClientSchema,
  notes: z.optional(z.string().check(z.maxLength(2000, 'Use at most 2000 characters'))),
  answers: z.optional(
    z
      .record(
        z.string().check(z.maxLength(64, 'Use shorter question ids')),
        z.string().check(z.maxLength(1000, 'Use at most 1000 characters')),
      )
      .check(z.refine((r) => Object.keys(r).length <= 20, 'Send at most 20 answers')),
  ),
  timeZone: TimeZoneSchema,
  series: z.optional(BookingSeriesSchema),
});
export type BookingRequest = z.infer<typeof BookingRequestSchema>;

/** `POST /api/v1/bookings/<id>/reschedule` body. */
export const RescheduleRequestSchema = z.strictObject({
  start: z
    .string()
    .check(z.minLength(1, 'Choose a time'), z.maxLength(40, 'Enter a time like 2026-10-26T09:00:00.000Z')),
});

/** `GET /api/v1/availability` query. */
export const AvailabilityQuerySchema = z.object({
  service: z.string().check(z.minLength(1, 'Choose a service'), z.maxLength(64, 'Choose a service from the list')),
  from: CalendarDaySchema,
  to: CalendarDaySchema,
  timeZone: z.optional(TimeZoneSchema),
});

export const SlotSchema = z.object({ start: z.string(), end: z.string() });

export const ServiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  durationMinutes: z.number(),
  price: z.nullable(z.object({ amount: z.number(), currency: z.string() })),
});

export const ServicesResponseSchema = z.object({ services: z.array(ServiceSchema) });
export const AvailabilityResponseSchema = z.object({
  service: z.string(),
  timeZone: z.string(),
  slots: z.array(SlotSchema),
});

export const BookingSchema = z.object({
  id: z.string(),
  status: z.enum(['confirmed', 'cancelled']),
  serviceId: z.string(),
  start: z.string(),
  end: z.string(),
  series: z.optional(z.array(z.object({ id: z.string(), start: z.string(), end: z.string() }))),
});
export const BookingCreatedSchema = z.object({ booking: BookingSchema, manageToken: z.string() });
