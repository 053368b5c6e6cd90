import { SoleusEvent } from '../../core/events.js';

/** What a `soleus-booking-manage-moved` event carries: the booking at its new time (UTC instants). */
export interface BookingManageMovedDetail {
  id: string;
  start: string;
  end: string;
  /** Where it was before. */
  previousStart: string;
}

/** What a `soleus-booking-manage-cancelled` event carries. */
export interface BookingManageCancelledDetail {
  id: string;
}

/** What a `soleus-booking-manage-error` event carries: the contract's error shape. */
export interface BookingManageErrorDetail {
  /** `not_found`, `too_late`, `slot_unavailable`, `booking_cancelled`, `network_error`, `incomplete_link`… */
  code: string;
  /** What the visitor was shown. */
  message: string;
}

/** Fired when the server moved the booking. */
export class SoleusBookingManageMovedEvent extends SoleusEvent<BookingManageMovedDetail> {
  static readonly type = 'soleus-booking-manage-moved';
  constructor(detail: BookingManageMovedDetail) {
    super('soleus-booking-manage-moved', detail);
  }
}

/** Fired when the server cancelled the booking. */
export class SoleusBookingManageCancelledEvent extends SoleusEvent<BookingManageCancelledDetail> {
  static readonly type = 'soleus-booking-manage-cancelled';
  constructor(detail: BookingManageCancelledDetail) {
    super('soleus-booking-manage-cancelled', detail);
  }
}

/** Fired when loading, moving or cancelling failed. */
export class SoleusBookingManageErrorEvent extends SoleusEvent<BookingManageErrorDetail> {
  static readonly type = 'soleus-booking-manage-error';
  constructor(detail: BookingManageErrorDetail) {
    super('soleus-booking-manage-error', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'soleus-booking-manage-moved': SoleusBookingManageMovedEvent;
    'soleus-booking-manage-cancelled': SoleusBookingManageCancelledEvent;
    'soleus-booking-manage-error': SoleusBookingManageErrorEvent;
  }
}
