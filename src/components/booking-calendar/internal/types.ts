import type * as z from 'zod/mini';
import type { BookingSchema, ServiceSchema } from '../../../core/schemas/booking.js';
import type { PlanItem } from './plan.js';
import type { Slot } from './zone.js';

/**
 * The booking calendar's view of the HTTP contract. What exists in src/core/schemas is taken from there; the rest is
 * declared here once.
 */

/**
 * A service as `GET /api/v1/services` lists it.
 * TODO(contract): `horizonDays` is sent by the server but not yet in ServiceSchema; take the whole type from the
 * services response schema once it has it.
 */
export type Service = z.infer<typeof ServiceSchema> & { horizonDays?: number };

/**
 * The practice as `GET /api/v1/services` describes it.
 * TODO(contract): not in src/core/schemas yet (the services response schema lacks `practice`).
 */
export interface Practice {
  name: string;
  timeZone: string;
  address?: string;
  website?: string;
}

/** TODO(contract): `GET /api/v1/services` with `practice`; swap for the services response schema's type. */
export interface ServicesResponse {
  services: Service[];
  practice?: Practice;
}

/** A booking the server made (`BookingSchema`), with its manage token. */
export type Booked = z.infer<typeof BookingSchema> & { token: string };

/** One POST /api/v1/bookings to make: the parts of the body that differ between the requests of one attempt. */
export interface Order {
  serviceId: string;
  start: string;
  series?: { everyWeeks: number; count: number };
}

/** A session that could not be booked, as the confirmation lists it. */
export interface Failure {
  order: Order;
  /** The plan part it was, if any. */
  item?: PlanItem;
  code: string;
  /** Why, in words for the visitor. */
  reason: string;
  /** Free times to book instead (after the time was taken). */
  options: Slot[];
  /** The one of `options` to book. */
  pick?: Slot;
  /** Whether "Try the others again" sends it. */
  retry: boolean;
}
