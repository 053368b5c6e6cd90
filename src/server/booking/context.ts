import type { LinkBase } from './records.js';
import type { BookingDeps } from './service.js';

/** What the booking routes share. */
export interface BookingRouteContext {
  deps: BookingDeps;
  /** Booking posts per minute per client IP. */
  rateLimit: number;
  trustProxy: boolean;
  adminToken: string | undefined;
  feedToken: string | undefined;
  /** Base of links in emails and calendar files. */
  links: () => LinkBase;
}
