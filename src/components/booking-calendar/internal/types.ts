import type { Booking, PracticeInfo, ServicesResponse } from '../../../core/schemas/booking.js';

/**
 * The booking calendar's view of the HTTP contract: the answers' types come from src/core/schemas (type-only imports,
 * so no schema code reaches the bundle); what is the widget's own (an order, a failure) is declared here.
 */

/** A service as `GET /api/v1/services` lists it. */
export type Service = ServicesResponse['services'][number];

/** The practice as `GET /api/v1/services` describes it. */
export type Practice = PracticeInfo;

export type { ServicesResponse };

/** A booking the server made (`BookingSchema`), with its manage token. */
export type Booked = Booking & { token: string };

/** One POST /api/v1/bookings to make: the parts of the body that differ between the requests of one attempt. */
export interface Order {
  serviceId: string;
  start: string;
  series?: { everyWeeks: number; count: number };
}
