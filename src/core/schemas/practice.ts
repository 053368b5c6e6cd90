import * as z from 'zod/mini';
import { OwnerBookingSchema } from './booking.js';

/**
 * The practice document in the database (issue 14, "Schedule and services"): `GET/PUT /api/v1/owner/practice` and
 * `POST …/practice/check` (also under `/admin/api`). The document itself has the practice file's JSON shape; the
 * server checks it with the practice file's own schema (server/practice.ts), so here it is any JSON object.
 */

/** The practice document: the practice file's JSON (checked by the server, not here). */
export const PracticeDocumentSchema = z.record(z.string(), z.unknown());
export type PracticeDocument = z.infer<typeof PracticeDocumentSchema>;

/** A document revision: 1 when the file seeded it, one more with every change. */
const RevisionSchema = z.int().check(z.gte(1, 'Send the revision you read'));

/** `POST …/practice/check` body. */
export const PracticeCheckRequestSchema = z.strictObject({ practice: PracticeDocumentSchema });
export type PracticeCheckRequest = z.infer<typeof PracticeCheckRequestSchema>;

/** `PUT …/practice` body: the new document and the revision it was written against. */
export const PracticeUpdateRequestSchema = z.strictObject({
  practice: PracticeDocumentSchema,
  revision: RevisionSchema,
});
export type PracticeUpdateRequest = z.infer<typeof PracticeUpdateRequestSchema>;

// ————— Answers —————

/** `GET …/practice` answer: the document as written, and its revision. */
export const PracticeResponseSchema = z.object({ practice: PracticeDocumentSchema, revision: z.number() });
export type PracticeResponse = z.infer<typeof PracticeResponseSchema>;

/**
 * `POST …/practice/check` answer for a valid document. `affected`: the future confirmed bookings it would leave
 * outside opening hours or without their service or practitioner (a change never cancels them).
 */
export const PracticeCheckResponseSchema = z.object({ valid: z.literal(true), affected: z.array(OwnerBookingSchema) });
export type PracticeCheckResponse = z.infer<typeof PracticeCheckResponseSchema>;

/** `PUT …/practice` answer: the stored document, its new revision, and the bookings it leaves to deal with. */
export const PracticeUpdatedSchema = z.object({
  practice: PracticeDocumentSchema,
  revision: z.number(),
  affected: z.array(OwnerBookingSchema),
});
export type PracticeUpdated = z.infer<typeof PracticeUpdatedSchema>;
