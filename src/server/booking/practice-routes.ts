import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { OwnerBooking } from '../../core/schemas/booking.js';
import {
  PracticeCheckRequestSchema,
  PracticeUpdateRequestSchema,
  type PracticeCheckResponse,
  type PracticeDocument,
  type PracticeResponse,
  type PracticeUpdated,
} from '../../core/schemas/practice.js';
import type { Database } from '../db/schema.js';
import { requireAdmin } from '../http/auth.js';
import { invalidRequest } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { parsePractice, practiceFields, type Practice } from '../practice.js';
import type { BookingRouteContext } from './context.js';
import { ownerView } from './owner.js';
import type { BookingRecord } from './records.js';
import { windowsForDay } from './slots.js';
import { toRecord } from './store.js';
import { dayInZone, wallBoundaryToInstant } from './time.js';

/**
 * The owner's practice document (issue 14, "Schedule and services"): read it, check a new one (which bookings it
 * would leave stranded), and replace it against the revision read. The storage (one row, its revision, the calendar
 * versions raised with each change, every process re-reading a newer revision) is the composition's practice store;
 * these routes see it through {@link PracticeDocuments}.
 */

/** Where the practice document is kept (server/practice-store.ts). */
export interface PracticeDocuments {
  /** The stored document as written, and its revision. */
  read(): Promise<{ document: PracticeDocument; revision: number }>;
  /**
   * Replaces the document if the stored revision is still `revision` (else 409 `revision_conflict`, nothing written),
   * raising every calendar version; `inside` runs in the same transaction with the new practice.
   */
  replace<T>(
    document: PracticeDocument,
    revision: number,
    inside: (trx: Kysely<Database>, practice: Practice) => Promise<T>,
  ): Promise<{ document: PracticeDocument; revision: number; result: T }>;
}

/** A document read into a practice, or 400 `invalid_request` with its problems keyed by their path in it. */
export function readDocument(document: PracticeDocument): Practice {
  const fields = practiceFields(document);
  if (fields) throw invalidRequest(fields);
  return parsePractice(document, 'practice');
}

/** Whether `practice` still offers `record`: its practitioner and service exist and its session is in opening hours. */
export function stillOpen(practice: Practice, record: BookingRecord): boolean {
  const practitioner = practice.practitioners.find((p) => p.id === record.practitionerId);
  if (!practitioner || !practice.services.some((s) => s.id === record.serviceId)) return false;
  const zone = practitioner.timeZone;
  const day = dayInZone(record.start, zone);
  const start = record.start.getTime();
  const end = record.end.getTime();
  return windowsForDay(practitioner, day).some(([from, to]) => {
    const open = wallBoundaryToInstant(day, from, zone);
    const close = wallBoundaryToInstant(day, to, zone); // 1440: the next midnight, as slots.ts reads it
    return open <= start && end <= close;
  });
}

/**
 * Future confirmed bookings (starting at or after `now`) that `practice` leaves outside opening hours or without their
 * service or practitioner, by start: whether or not they already were (the owner sees every one to deal with).
 */
export async function affectedBookings(db: Kysely<Database>, practice: Practice, now: number): Promise<OwnerBooking[]> {
  const rows = await db
    .selectFrom('bookings')
    .selectAll()
    .where('status', '=', 'confirmed')
    .where('start_ms', '>=', now)
    .orderBy('start_ms')
    .orderBy('id')
    .execute();
  return rows
    .map(toRecord)
    .filter((r) => !stillOpen(practice, r))
    .map((r) => ownerView(practice, r));
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** `GET …/practice`, `POST …/practice/check` and `PUT …/practice` for the owner (mounted at both owner prefixes). */
export function practiceRoutes(ctx: BookingRouteContext, documents: PracticeDocuments) {
  const app = new Hono();
  app.use('*', requireAdmin(ctx.adminToken));
  const now = () => ctx.deps.now().getTime();
  return app
    .get('/practice', async (c) => {
      const { document, revision } = await documents.read();
      const body: PracticeResponse = { practice: document, revision };
      return c.json(body, 200, NO_STORE);
    })
    .post('/practice/check', validate('json', PracticeCheckRequestSchema), async (c) => {
      const practice = readDocument(c.req.valid('json').practice);
      const body: PracticeCheckResponse = {
        valid: true,
        affected: await affectedBookings(ctx.deps.db, practice, now()),
      };
      return c.json(body, 200, NO_STORE);
    })
    .put('/practice', validate('json', PracticeUpdateRequestSchema), async (c) => {
      const { practice: document, revision } = c.req.valid('json');
      readDocument(document); // 400 before any transaction
      // Bookings are never cancelled by a change: those it strands are answered for the owner to deal with.
      const done = await documents.replace(document, revision, (trx, practice) =>
        affectedBookings(trx, practice, now()),
      );
      const body: PracticeUpdated = { practice: done.document, revision: done.revision, affected: done.result };
      return c.json(body, 200, NO_STORE);
    });
}
