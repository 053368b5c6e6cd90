import { defineElement } from '../../core/define.js';
import { SoleusBookingCalendar } from './booking-calendar.js';

defineElement('soleus-booking-calendar', SoleusBookingCalendar);

export { SoleusBookingCalendar };

declare global {
  interface HTMLElementTagNameMap {
    'soleus-booking-calendar': SoleusBookingCalendar;
  }
}
