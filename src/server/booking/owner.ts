import type { Kysely } from 'kysely';
import type { OwnerBooking, OwnerBookingsQuery, OwnerBookingsResponse } from '../../core/schemas/booking.js';
import type { Database } from '../db/schema.js';
import type { Practice } from '../practice.js';
import { BookingError } from './errors.js';
import type { BookingRecord } from './records.js';
import { DAY, iso, type BookingDeps } from './service.js';
import { parseRequestedStart } from './slots.js';
import { intakeAnswers } from './calendar.js';
import { toRecord } from './store.js';
import { addDays, dayInZone, isValidDay, wallBoundaryToInstant } from './time.js';

/** Reads `from`/`to` of the owner API: a day in the practice zone or an ISO instant. */
export function ownerRange(
  practice: Practice,
  from: string | undefined,
  to: string | undefined,
  now: Date,
): { from: number; to: number } {
  const fields: Record<string, string> = {};
  const read = (value: string, field: 'from' | 'to'): number | undefined => {
    if (isValidDay(value))
      return wallBoundaryToInstant(field === 'to' ? addDays(value, 1) : value, 0, practice.timeZone);
    const parsed = parseRequestedStart(value, practice.timeZone);
    if (parsed.ok && /[zZ]|[+-]\d\d:\d\d$/.test(value)) return parsed.instant.getTime();
    fields[field] = 'Enter a day like 2026-10-26 or an instant like 2026-10-26T09:00:00.000Z';
    return undefined;
  };
  const today = dayInZone(now, practice.timeZone);
  const f = from ? read(from, 'from') : wallBoundaryToInstant(today, 0, practice.timeZone);
  const t = to ? read(to, 'to') : f !== undefined ? f + 92 * DAY : undefined;
  if (f !== undefined && t !== undefined) {
    if (t < f) fields.to = 'The end must not be before the start';
    else if (t - f > 400 * DAY) fields.to = 'Ask for at most 400 days at a time';
  }
  if (Object.keys(fields).length > 0 || f === undefined || t === undefined) {
    throw new BookingError(400, 'invalid_request', 'Some fields need attention.', fields);
  }
  return { from: f, to: t };
}

/** Bookings (confirmed and cancelled) starting in [from, to), for the owner. */
export async function ownerBookings(
  db: Kysely<Database>,
  range: { from: number; to: number },
  status?: 'confirmed',
): Promise<BookingRecord[]> {
  let query = db
    .selectFrom('bookings')
    .selectAll()
    .where('start_ms', '>=', range.from)
    .where('start_ms', '<', range.to);
  if (status) query = query.where('status', '=', status);
  const rows = await query.orderBy('start_ms').orderBy('id').limit(10_000).execute();
  return rows.map(toRecord);
}

export function ownerView(practice: Practice, r: BookingRecord): OwnerBooking {
  return {
    id: r.id,
    status: r.status,
    serviceId: r.serviceId,
    serviceName: practice.services.find((s) => s.id === r.serviceId)?.name ?? r.serviceId,
    practitionerId: r.practitionerId,
    start: iso(r.start),
    end: iso(r.end),
    seriesId: r.seriesId,
    client: { name: r.client.name, email: r.client.email, phone: r.client.phone },
    timeZone: r.clientTimeZone,
    notes: r.notes,
    answers: r.answers,
    sequence: r.sequence,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    price: practice.services.find((s) => s.id === r.serviceId)?.price ?? null,
    planId: r.seriesKind === 'plan' ? r.seriesId : null,
    attendance: r.attendance,
    source: r.source,
    cancelMessage: r.cancelMessage,
    questions: intakeAnswers(practice, r.answers).map(([question, answer]) => ({ question, answer })),
  };
}

/** `GET /api/v1/owner/bookings`: the owner's bookings in a range (default: today and the next 92 days). */
export async function ownerBookingList(deps: BookingDeps, query: OwnerBookingsQuery): Promise<OwnerBookingsResponse> {
  const range = ownerRange(deps.practice, query.from, query.to, deps.now());
  const rows = await ownerBookings(deps.db, range);
  return { from: iso(range.from), to: iso(range.to), bookings: rows.map((r) => ownerView(deps.practice, r)) };
}
