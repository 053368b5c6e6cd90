/**
 * A booking as its client sees it (`GET /api/v1/bookings/<id>`, and the answer to cancel and reschedule), from the
 * contract's schemas: type-only, so no schema code reaches the bundle.
 */
export type { ManagedBooking, ManagedBookingResponse } from '../../../core/schemas/booking.js';
