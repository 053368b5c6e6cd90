import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { keepPlaced } from './place.js';

/**
 * The popup mode's panel: a modal `<dialog>` placed under its button (./place.ts), a sheet over the whole screen on narrow ones; the page does not scroll while it is open, and
 * focus goes back to the button on close.
 */
export class PopupController implements ReactiveController {
  #stopPositioning?: () => void;
  /** The page's own inline overflow and scrollbar-gutter while the panel holds its scroll, to put back on close. */
  #pageScroll?: [overflow: string, gutter: string];

  readonly #host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

  constructor(host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment }) {
    (this.#host = host).addController(this);
  }

  hostDisconnected(): void {
    this.#stopPositioning?.();
    this.#unlockPage();
  }

  /**
   * While the panel is open only it scrolls: the page under it would otherwise scroll too (a second scrollbar, and
   * on a phone the page moving under the sheet). The gutter is kept where the page had a scrollbar, so nothing moves.
   */
  #lockPage(): void {
    if (this.#pageScroll) return;
    const root = document.documentElement;
    const hadScrollbar = innerWidth > root.clientWidth;
    this.#pageScroll = [root.style.overflow, root.style.scrollbarGutter];
    if (hadScrollbar) root.style.scrollbarGutter = 'stable';
    root.style.overflow = 'hidden';
  }

  #unlockPage(): void {
    if (!this.#pageScroll) return;
    const root = document.documentElement;
    [root.style.overflow, root.style.scrollbarGutter] = this.#pageScroll;
    this.#pageScroll = undefined;
  }

  get #dialog(): HTMLDialogElement | null {
    return this.#host.renderRoot.querySelector('dialog');
  }

  get #button(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('[part=open-button]');
  }

  /** Opens the panel, runs `opened` (which moves focus in), then keeps it placed under its button. */
  open(opened: () => void): void {
    const dialog = this.#dialog!;
    const button = this.#button!;
    dialog.showModal();
    this.#lockPage();
    opened();
    // Narrow screens get the stylesheet's full-width sheet from the bottom, not a floating panel.
    this.#stopPositioning?.();
    this.#stopPositioning = keepPlaced(button, dialog, () => matchMedia('(max-width: 40em)').matches);
  }

  /** Closes the panel (its `close` event then runs `closed`). */
  close(): void {
    this.#dialog?.close();
  }

  /** After the dialog closed: stops placing it and gives focus back to its button. */
  closed(): void {
    this.#unlockPage();
    this.#stopPositioning?.();
    this.#stopPositioning = undefined;
    this.#button?.focus();
  }
}
