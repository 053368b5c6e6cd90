import type * as z from 'zod/mini';
import type { BookingSchema } from '../../../core/schemas/booking.js';

/**
 * A booking as its client sees it: `GET /api/v1/bookings/<id>`, and the answer to cancel and reschedule.
 * TODO(contract): the base fields come from BookingSchema; the rest (serviceName, zones, practice, changeable…) is
 * what the server sends today and is not yet in src/core/schemas: swap for the manage response schema's type.
 */
export type ManagedBooking = Omit<z.infer<typeof BookingSchema>, 'series'> & {
  serviceName: string;
  /** The zone the client booked in. */
  timeZone?: string;
  practiceTimeZone: string;
  practice: { name: string; address?: string };
  changeableUntil: string;
  changeable: boolean;
  seriesId?: string;
  series?: { id: string; status: 'confirmed' | 'cancelled'; start: string; end: string }[];
};

/** TODO(contract): `{ booking }`, as GET, cancel and reschedule answer. */
export interface ManagedBookingResponse {
  booking: ManagedBooking;
}
