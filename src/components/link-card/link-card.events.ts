import { SoleusEvent } from '../../core/events.js';

/** What a `soleus-link-card-open` event carries. */
export interface LinkCardOpenDetail {
  /** The address the card links to. */
  href: string;
  /** The title shown, or the fallback link's text when the preview is unavailable. */
  title: string;
  /** `ok` for a full card, `unavailable` for the plain link, `loading` before the preview arrived. */
  state: 'loading' | 'ok' | 'unavailable';
}

/**
 * Fired when a visitor opens the card's link, before the browser follows it (for host analytics). Cancelable: call
 * `preventDefault()` and the link is not followed.
 */
export class SoleusLinkCardOpenEvent extends SoleusEvent<LinkCardOpenDetail> {
  static readonly type = 'soleus-link-card-open';

  constructor(detail: LinkCardOpenDetail) {
    super('soleus-link-card-open', detail, true);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'soleus-link-card-open': SoleusLinkCardOpenEvent;
  }
}
