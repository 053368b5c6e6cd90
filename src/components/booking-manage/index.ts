export { SoleusBookingManage } from './booking-manage.js';
export {
  SoleusBookingManageMovedEvent,
  SoleusBookingManageCancelledEvent,
  SoleusBookingManageErrorEvent,
  type BookingManageMovedDetail,
  type BookingManageCancelledDetail,
  type BookingManageErrorDetail,
} from './booking-manage.events.js';
export type { ManageMessages } from './messages/en-GB.js';
