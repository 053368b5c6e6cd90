import type { LinkBase } from './records.js';
import type { BookingDeps } from './service.js';
import type { WaitlistContext } from './waitlist.js';

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
  /** The waitlist told when a cancel or a move frees a time (none: nobody is told). */
  waitlist?: WaitlistContext;
}
