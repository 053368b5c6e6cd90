import * as z from 'zod/mini';
import { BookingClientSchema, BookingRequestSchema, OwnerBookingSchema, TimeZoneSchema } from './booking.js';

/**
 * The owner's booking actions (the console's agenda, and scripts with the bearer token): cancel, move, add a booking
 * taken by phone, mark attendance, undo. Contract: "Owner console (issue 14)", Bookings, in docs/http-api.md. Shared by
 * the server (validation, answers) and the console (reading answers). Messages are human sentences.
 */

/** The owner's words to the client with a cancel or a move. */
const OwnerMessageSchema = z.string().check(z.trim(), z.maxLength(1000, 'Keep the message to 1,000 characters'));

/** `POST …/bookings/<id>/cancel` body. */
export const OwnerCancelRequestSchema = z.strictObject({
  message: z.optional(OwnerMessageSchema),
  /** Email the client (default true). */
  notify: z.optional(z.boolean()),
  /** Only say what the client would receive; change nothing. */
  preview: z.optional(z.boolean()),
});
export type OwnerCancelRequest = z.infer<typeof OwnerCancelRequestSchema>;

/** `POST …/bookings/<id>/move` body. */
export const OwnerMoveRequestSchema = z.strictObject({
  /** An ISO instant, or a local `YYYY-MM-DDTHH:MM` in the practice's zone. */
  start: BookingRequestSchema.shape.start,
  message: z.optional(OwnerMessageSchema),
  notify: z.optional(z.boolean()),
  /** Lift minimum notice, horizon and cancellation notice (never the overlap rule or opening hours). */
  overrideNotice: z.optional(z.boolean()),
  preview: z.optional(z.boolean()),
});
export type OwnerMoveRequest = z.infer<typeof OwnerMoveRequestSchema>;

/** The client of a booking taken by phone: a name; email and phone as the client gave them. */
export const OwnerClientSchema = z.strictObject({
  name: BookingClientSchema.shape.name,
  email: z.optional(
    z.string().check(
      z.trim(),
      z.maxLength(254, 'Use at most 254 characters'),
      z.refine((s) => s === '' || z.email().safeParse(s).success, 'Enter an email address like name@example.com'),
    ),
  ),
  phone: BookingClientSchema.shape.phone,
});

/** `POST …/bookings` body: a booking the owner takes by phone. */
export const OwnerAddRequestSchema = z.strictObject({
  serviceId: BookingRequestSchema.shape.serviceId,
  start: BookingRequestSchema.shape.start,
  client: OwnerClientSchema,
  notes: BookingRequestSchema.shape.notes,
  /** The client's zone for the times in their mail (default: the practice's). */
  timeZone: z.optional(TimeZoneSchema),
  /** Email the client the confirmation (default false; needs `client.email`). */
  sendConfirmation: z.optional(z.boolean()),
  overrideNotice: z.optional(z.boolean()),
  preview: z.optional(z.boolean()),
});
export type OwnerAddRequest = z.infer<typeof OwnerAddRequestSchema>;

/** `POST …/bookings/<id>/attendance` body. */
export const OwnerAttendanceRequestSchema = z.strictObject({
  attendance: z.nullable(z.enum(['attended', 'no_show'])),
});
export type OwnerAttendanceRequest = z.infer<typeof OwnerAttendanceRequestSchema>;

/** One email of an action, as the client would receive it. */
export const OwnerMailSchema = z.object({ to: z.string(), subject: z.string(), text: z.string() });
export type OwnerMail = z.infer<typeof OwnerMailSchema>;

/** `GET …/bookings/<id>`, attendance and undo answer. */
export const OwnerBookingResponseSchema = z.object({ booking: OwnerBookingSchema });
export type OwnerBookingResponse = z.infer<typeof OwnerBookingResponseSchema>;

/** Cancel, move and add answer: the booking now, the client's mail, and the undo handle. */
export const OwnerActionResponseSchema = z.object({
  booking: OwnerBookingSchema,
  mail: z.array(OwnerMailSchema),
  action: z.object({ id: z.string(), undoUntil: z.string() }),
});
export type OwnerActionResponse = z.infer<typeof OwnerActionResponseSchema>;

/** A `preview: true` answer: what the client would receive; nothing written. */
export const OwnerPreviewResponseSchema = z.object({ preview: z.literal(true), mail: z.array(OwnerMailSchema) });
export type OwnerPreviewResponse = z.infer<typeof OwnerPreviewResponseSchema>;

/** `GET …/calendar-version` answer (and each `version` event's data). */
export const CalendarVersionResponseSchema = z.object({ version: z.number() });
export type CalendarVersionResponse = z.infer<typeof CalendarVersionResponseSchema>;
