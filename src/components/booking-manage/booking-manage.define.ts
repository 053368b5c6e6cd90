import { defineElement } from '../../core/define.js';
import { SoleusBookingManage } from './booking-manage.js';

defineElement('soleus-booking-manage', SoleusBookingManage);

export { SoleusBookingManage };

declare global {
  interface HTMLElementTagNameMap {
    'soleus-booking-manage': SoleusBookingManage;
  }
}
