import { SoleusEvent } from '../../core/events.js';

/** What a `soleus-newsletter-submit` event carries: the signup about to be sent. */
export interface NewsletterSubmitDetail {
  /** The address typed, trimmed. */
  email: string;
  /** The first name, when asked for and given. */
  name?: string;
  /** The list signed up to, when set. */
  list?: string;
}

/** What a `soleus-newsletter-pending` event carries. */
export interface NewsletterPendingDetail {
  /** The address a confirmation link was sent to. */
  email: string;
  /** The list, when set. */
  list?: string;
}

/** What a `soleus-newsletter-error` event carries: the contract's error shape. */
export interface NewsletterErrorDetail {
  /** `invalid_request` (checked in the browser or by the server), `too_many_requests`, `network_error`, `timeout`… */
  code: string;
  /** What the visitor was shown. */
  message: string;
  /** Field → message, for invalid fields. */
  fields: Record<string, string>;
}

/**
 * Fired when a visitor sends a valid signup, before the request. Cancelable: call `preventDefault()`
 * to send it your own way; the widget then sends nothing and stays as it is.
 */
export class SoleusNewsletterSubmitEvent extends SoleusEvent<NewsletterSubmitDetail> {
  static readonly type = 'soleus-newsletter-submit';

  constructor(detail: NewsletterSubmitDetail) {
    super('soleus-newsletter-submit', detail, true);
  }
}

/** Fired when the server accepted the signup and the widget says "check your inbox". */
export class SoleusNewsletterPendingEvent extends SoleusEvent<NewsletterPendingDetail> {
  static readonly type = 'soleus-newsletter-pending';

  constructor(detail: NewsletterPendingDetail) {
    super('soleus-newsletter-pending', detail);
  }
}

/** Fired when a signup was refused: invalid fields, too many attempts, or no connection. */
export class SoleusNewsletterErrorEvent extends SoleusEvent<NewsletterErrorDetail> {
  static readonly type = 'soleus-newsletter-error';

  constructor(detail: NewsletterErrorDetail) {
    super('soleus-newsletter-error', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'soleus-newsletter-submit': SoleusNewsletterSubmitEvent;
    'soleus-newsletter-pending': SoleusNewsletterPendingEvent;
    'soleus-newsletter-error': SoleusNewsletterErrorEvent;
  }
}
