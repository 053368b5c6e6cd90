export { SoleusBookingCalendar } from './booking-calendar.js';
export {
  SoleusBookingServiceSelectEvent,
  SoleusBookingSlotSelectEvent,
  SoleusBookingSubmitEvent,
  SoleusBookingConfirmedEvent,
  SoleusBookingErrorEvent,
  type BookingServiceSelectDetail,
  type BookingSlotSelectDetail,
  type BookingSubmitDetail,
  type BookingConfirmedDetail,
  type BookingErrorDetail,
} from './booking-calendar.events.js';
export type { BookingMessages } from './messages/en-GB.js';
