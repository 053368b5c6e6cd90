import { SoleusEvent } from '../../core/events.js';

/** What a `soleus-share` event carries. */
export interface ShareDetail {
  /** The network clicked: `copy`, `email`, `linkedin`, `mastodon`… */
  network: string;
  /** The address being shared. */
  url: string;
}

/**
 * Fired when a visitor clicks a network, before anything happens. Cancelable: call
 * `preventDefault()` to take over (e.g. your own analytics-free share flow) and the widget does nothing.
 */
export class SoleusShareEvent extends SoleusEvent<ShareDetail> {
  static readonly type = 'soleus-share';

  constructor(detail: ShareDetail) {
    super('soleus-share', detail, true);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'soleus-share': SoleusShareEvent;
  }
}
