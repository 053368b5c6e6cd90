/**
 * Base of every Soleus event: bubbles out of the shadow root to the host page, with a typed `detail`.
 * Each widget declares one subclass per event and an entry in `GlobalEventHandlersEventMap`.
 */
export class SoleusEvent<Detail> extends Event {
  /** What happened, typed per event. */
  readonly detail: Detail;

  constructor(type: string, detail: Detail, cancelable = false) {
    super(type, { bubbles: true, composed: true, cancelable });
    this.detail = detail;
  }
}
