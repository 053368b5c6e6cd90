export { SoleusNewsletterSignup } from './newsletter-signup.js';
export {
  SoleusNewsletterSubmitEvent,
  SoleusNewsletterPendingEvent,
  SoleusNewsletterErrorEvent,
  type NewsletterSubmitDetail,
  type NewsletterPendingDetail,
  type NewsletterErrorDetail,
} from './newsletter-signup.events.js';
export type { NewsletterMessages } from './messages/en-GB.js';
