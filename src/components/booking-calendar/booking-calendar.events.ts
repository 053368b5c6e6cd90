import { SoleusEvent } from '../../core/events.js';

/** What a `soleus-booking-service-select` event carries. */
export interface BookingServiceSelectDetail {
  /** The chosen service's id. */
  serviceId: string;
}

/** What a `soleus-booking-slot-select` event carries: the chosen time (UTC instants). */
export interface BookingSlotSelectDetail {
  serviceId: string;
  start: string;
  end: string;
}

/** What a `soleus-booking-submit` event carries: the booking about to be sent. */
export interface BookingSubmitDetail {
  serviceId: string;
  /** Every start about to be booked (one, or the sessions of a series or plan). */
  starts: string[];
  client: { name: string; email: string; phone?: string };
  /** `{ everyWeeks, count }` when a regular series is sent in one request. */
  series?: { everyWeeks: number; count: number };
}

/** What a `soleus-booking-confirmed` event carries: the booking the server made. */
export interface BookingConfirmedDetail {
  id: string;
  start: string;
  end: string;
  serviceId: string;
  /** Every session, when a series or plan was booked. */
  series?: { id: string; start: string; end: string }[];
}

/** What a `soleus-booking-error` event carries: the contract's error shape. */
export interface BookingErrorDetail {
  /** `slot_unavailable`, `outside_booking_window`, `invalid_request`, `network_error`, `timeout`… */
  code: string;
  /** What the visitor was shown. */
  message: string;
}

/** Fired when the visitor chooses a treatment. */
export class SoleusBookingServiceSelectEvent extends SoleusEvent<BookingServiceSelectDetail> {
  static readonly type = 'soleus-booking-service-select';
  constructor(detail: BookingServiceSelectDetail) {
    super('soleus-booking-service-select', detail);
  }
}

/** Fired when the visitor chooses a time. */
export class SoleusBookingSlotSelectEvent extends SoleusEvent<BookingSlotSelectDetail> {
  static readonly type = 'soleus-booking-slot-select';
  constructor(detail: BookingSlotSelectDetail) {
    super('soleus-booking-slot-select', detail);
  }
}

/** Fired when the visitor confirms, before the request. Cancelable: `preventDefault()` sends nothing. */
export class SoleusBookingSubmitEvent extends SoleusEvent<BookingSubmitDetail> {
  static readonly type = 'soleus-booking-submit';
  constructor(detail: BookingSubmitDetail) {
    super('soleus-booking-submit', detail, true);
  }
}

/** Fired when the server confirmed the booking (for a plan: every session that was booked). */
export class SoleusBookingConfirmedEvent extends SoleusEvent<BookingConfirmedDetail> {
  static readonly type = 'soleus-booking-confirmed';
  constructor(detail: BookingConfirmedDetail) {
    super('soleus-booking-confirmed', detail);
  }
}

/** Fired when loading or booking failed. */
export class SoleusBookingErrorEvent extends SoleusEvent<BookingErrorDetail> {
  static readonly type = 'soleus-booking-error';
  constructor(detail: BookingErrorDetail) {
    super('soleus-booking-error', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'soleus-booking-service-select': SoleusBookingServiceSelectEvent;
    'soleus-booking-slot-select': SoleusBookingSlotSelectEvent;
    'soleus-booking-submit': SoleusBookingSubmitEvent;
    'soleus-booking-confirmed': SoleusBookingConfirmedEvent;
    'soleus-booking-error': SoleusBookingErrorEvent;
  }
}
