import { defineElement } from '../../core/define.js';
import { SoleusNewsletterSignup } from './newsletter-signup.js';

defineElement('soleus-newsletter-signup', SoleusNewsletterSignup);

export { SoleusNewsletterSignup };

declare global {
  interface HTMLElementTagNameMap {
    'soleus-newsletter-signup': SoleusNewsletterSignup;
  }
}
