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

/** One session of a plan: its service and start (ISO instant, or local `YYYY-MM-DDTHH:MM` in the body's zone). */
export const PlanSessionSchema = z.strictObject({
  serviceId: BookingRequestSchema.shape.serviceId,
  start: BookingRequestSchema.shape.start,
});

/**
 * `POST /api/v1/bookings` body for a plan (a race-day plan, or a series with some sessions moved): `plan.sessions`
 * instead of `serviceId`/`start`/`series`, booked all or none in one transaction, one manage token, one series id.
 */
export const BookingPlanRequestSchema = z.strictObject({
  plan: z.strictObject({
    sessions: z
      .array(PlanSessionSchema)
      .check(z.minLength(1, 'A plan has 1 to 20 sessions'), z.maxLength(20, 'A plan has 1 to 20 sessions')),
  }),
  client: BookingClientSchema,
  notes: BookingRequestSchema.shape.notes,
  answers: BookingRequestSchema.shape.answers,
  timeZone: TimeZoneSchema,
});
export type BookingPlanRequest = z.infer<typeof BookingPlanRequestSchema>;

/** Whether a `POST /api/v1/bookings` body is a plan (it has a `plan` key): the schema that judges it. */
export const isPlanBody = (body: unknown): boolean =>
  typeof body == 'object' && body !== null && !Array.isArray(body) && 'plan' in body;

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

export type RescheduleRequest = z.infer<typeof RescheduleRequestSchema>;
export type AvailabilityQuery = z.infer<typeof AvailabilityQuerySchema>;

/** The `<id>` of `/api/v1/bookings/<id>/…`. Any text: a wrong id is a 404 like a wrong token. */
export const BookingIdParamSchema = z.object({ id: z.string() });

/**
 * `GET /api/v1/bookings/<id>/calendar.ics` query: the manage token may come as `?token=` (a calendar app's link);
 * `all=1` gives every confirmed session of its series or plan, one VEVENT each.
 */
export const CalendarFileQuerySchema = z.object({ token: z.optional(z.string()), all: z.optional(z.string()) });

/** `GET /api/v1/owner/bookings` query: days in the practice zone or ISO instants (checked by the server). */
const RANGE_END = z
  .string()
  .check(z.maxLength(40, 'Enter a day like 2026-10-26 or an instant like 2026-10-26T09:00:00.000Z'));
export const OwnerBookingsQuerySchema = z.object({ from: z.optional(RANGE_END), to: z.optional(RANGE_END) });
export type OwnerBookingsQuery = z.infer<typeof OwnerBookingsQuerySchema>;

// ————— Answers —————

/** A free slot: UTC instants. */
export const SlotSchema = z.object({ start: z.string(), end: z.string() });
export type Slot = z.infer<typeof SlotSchema>;

export const PriceSchema = z.object({ amount: z.number(), currency: z.string() });
export type Price = z.infer<typeof PriceSchema>;

/** One bookable service as `GET /api/v1/services` lists it. */
export const ServiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  durationMinutes: z.number(),
  price: z.nullable(PriceSchema),
  minNoticeHours: z.number(),
  horizonDays: z.number(),
  cancellationNoticeHours: z.number(),
});
export type Service = z.infer<typeof ServiceSchema>;

/** The race-day plan's rules (the practice file's `racePlan`, each part with its service). */
export const RacePlanSchema = z.object({
  build: z.object({ serviceId: z.string(), everyWeeks: z.number(), lastDaysBefore: z.number() }),
  pre: z.object({ serviceId: z.string(), minDaysBefore: z.number(), maxDaysBefore: z.number() }),
  post: z.object({ serviceId: z.string(), minDaysAfter: z.number(), maxDaysAfter: z.number() }),
  maintenance: z.object({ serviceId: z.string(), everyMonths: z.number(), count: z.number() }),
});
export type RacePlan = z.infer<typeof RacePlanSchema>;

/** The practice as the booking widget shows it. */
export const PracticeInfoSchema = z.object({
  name: z.string(),
  timeZone: z.string(),
  address: z.optional(z.string()),
  /** How to reach the practice when a booking can no longer be changed online. */
  phone: z.optional(z.string()),
  email: z.optional(z.string()),
});
export type PracticeInfo = z.infer<typeof PracticeInfoSchema>;

/** `GET /api/v1/services` answer. */
export const ServicesResponseSchema = z.object({
  practice: PracticeInfoSchema,
  services: z.array(ServiceSchema),
  racePlan: z.optional(RacePlanSchema),
});
export type ServicesResponse = z.infer<typeof ServicesResponseSchema>;

/** `GET /api/v1/availability` answer: slots sorted by start. */
export const AvailabilityResponseSchema = z.object({
  service: z.string(),
  timeZone: z.string(),
  slots: z.array(SlotSchema),
});
export type AvailabilityResponse = z.infer<typeof AvailabilityResponseSchema>;

export const BookingStatusSchema = z.enum(['confirmed', 'cancelled']);
export type BookingStatus = z.infer<typeof BookingStatusSchema>;

/** The booking in a `POST /api/v1/bookings` answer. */
export const BookingSchema = z.object({
  id: z.string(),
  status: BookingStatusSchema,
  serviceId: z.string(),
  start: z.string(),
  end: z.string(),
  seriesId: z.optional(z.string()),
  /** Every session of a series or a plan, by start; `serviceId` differs between the sessions of a plan. */
  series: z.optional(
    z.array(z.object({ id: z.string(), serviceId: z.optional(z.string()), start: z.string(), end: z.string() })),
  ),
});
export type Booking = z.infer<typeof BookingSchema>;

/** `POST /api/v1/bookings` answer (201, and the same body when a key is replayed). */
export const BookingCreatedSchema = z.object({ booking: BookingSchema, manageToken: z.string() });
export type BookingCreated = z.infer<typeof BookingCreatedSchema>;

/** A booking as its client sees it: `GET /api/v1/bookings/<id>`, and after a cancel or a move. */
export const ManagedBookingSchema = z.object({
  id: z.string(),
  status: BookingStatusSchema,
  serviceId: z.string(),
  serviceName: z.string(),
  start: z.string(),
  end: z.string(),
  /** The client's zone (the one the booking was made in). */
  timeZone: z.string(),
  practiceTimeZone: z.string(),
  practice: z.object({
    name: z.string(),
    address: z.optional(z.string()),
    phone: z.optional(z.string()),
    email: z.optional(z.string()),
  }),
  client: z.object({ name: z.string(), email: z.string(), phone: z.optional(z.string()) }),
  notes: z.optional(z.string()),
  /** The last instant the booking may still be cancelled or moved online. */
  changeableUntil: z.string(),
  changeable: z.boolean(),
  seriesId: z.optional(z.string()),
  /** Every session of the series (GET only). */
  series: z.optional(
    z.array(
      z.object({
        id: z.string(),
        status: BookingStatusSchema,
        start: z.string(),
        end: z.string(),
        serviceId: z.optional(z.string()),
        serviceName: z.optional(z.string()),
      }),
    ),
  ),
});
export type ManagedBooking = z.infer<typeof ManagedBookingSchema>;

/** `GET /api/v1/bookings/<id>`, `POST …/cancel` and `POST …/reschedule` answer. */
export const ManagedBookingResponseSchema = z.object({ booking: ManagedBookingSchema });
export type ManagedBookingResponse = z.infer<typeof ManagedBookingResponseSchema>;

/** A booking as the owner sees it. */
export const OwnerBookingSchema = z.object({
  id: z.string(),
  status: BookingStatusSchema,
  serviceId: z.string(),
  serviceName: z.string(),
  practitionerId: z.string(),
  start: z.string(),
  end: z.string(),
  seriesId: z.nullable(z.string()),
  client: z.object({ name: z.string(), email: z.string(), phone: z.nullable(z.string()) }),
  timeZone: z.string(),
  notes: z.nullable(z.string()),
  answers: z.record(z.string(), z.string()),
  sequence: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The service's price now (the practice file's), null when it has none. */
  price: z.nullable(z.object({ amount: z.number(), currency: z.string() })),
  /** The `seriesId` when the booking is a session of a plan (race-day plan), else null. */
  planId: z.nullable(z.string()),
  attendance: z.nullable(z.enum(['attended', 'no_show'])),
  source: z.enum(['widget', 'owner']),
  cancelMessage: z.nullable(z.string()),
  /** The answers under the practice's own questions (dates written out), then any others, as the owner reads them. */
  questions: z.array(z.object({ question: z.string(), answer: z.string() })),
});
export type OwnerBooking = z.infer<typeof OwnerBookingSchema>;

/** `GET /api/v1/owner/bookings` answer. */
export const OwnerBookingsResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  bookings: z.array(OwnerBookingSchema),
});
export type OwnerBookingsResponse = z.infer<typeof OwnerBookingsResponseSchema>;
