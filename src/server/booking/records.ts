/** A booking as the server works with it (one row; a series is several rows sharing `seriesId`). */
export interface BookingRecord {
  /** Public id, e.g. `bk_3f9c…` (random, URL-safe). */
  id: string;
  /** Shared by every occurrence of a series; null for a single booking. */
  seriesId: string | null;
  practitionerId: string;
  serviceId: string;
  status: 'confirmed' | 'cancelled';
  /** The appointment as the client sees it (buffers excluded). */
  start: Date;
  end: Date;
  /** iCalendar SEQUENCE: 0 when made, +1 on every reschedule or cancellation. */
  sequence: number;
  client: { name: string; email: string; phone: string | null };
  /** The client's IANA zone, for showing times in emails. */
  clientTimeZone: string;
  notes: string | null;
  answers: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
  /** Who made it: the visitor in the widget, or the owner (taken by phone). */
  source: 'widget' | 'owner';
  /** Whether the client came, once the owner has said (null until then). */
  attendance: 'attended' | 'no_show' | null;
  /** The owner's message to the client with a cancellation. */
  cancelMessage: string | null;
  /** What `seriesId` groups: a weekly series or a plan (null without a series id). */
  seriesKind: 'series' | 'plan' | null;
}

/** Where links in emails and calendar files point. */
export interface LinkBase {
  /** Public base URL of the server without a trailing slash, e.g. `https://book.example.com`. */
  publicUrl: string;
}

/** The page where a client views, cancels or reschedules: the token travels in the fragment, never in server logs. */
export function manageUrl(base: LinkBase, bookingId: string, token: string): string {
  return `${base.publicUrl}/manage#booking=${encodeURIComponent(bookingId)}&token=${encodeURIComponent(token)}`;
}

/** Stable iCalendar UID of a booking: the same across reschedules and cancellation so calendars update in place. */
export function bookingUid(booking: Pick<BookingRecord, 'id'>): string {
  return `${booking.id}@soleus`;
}
