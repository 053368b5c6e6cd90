import type * as FloatingUI from './floating.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

let floatingModule: Promise<typeof FloatingUI> | undefined;
/** Floating UI only matters once a popup opens: a separate file, fetched on demand. */
const floating = () => (floatingModule ??= import('./floating.js'));

/**
 * The popup mode's panel: a modal `<dialog>` placed under its button by Floating UI (fetched ahead a second after
 * the element connects), a sheet over the whole screen on narrow ones; the page does not scroll while it is open, and
 * focus goes back to the button on close.
 */
export class PopupController implements ReactiveController {
  #stopPositioning?: () => void;
  /** The page's own inline overflow and scrollbar-gutter while the panel holds its scroll, to put back on close. */
  #pageScroll?: [overflow: string, gutter: string];

  readonly #host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };
  readonly #enabled: () => boolean;

  constructor(
    host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment },
    enabled: () => boolean,
  ) {
    (this.#host = host).addController(this);
    this.#enabled = enabled;
  }

  hostConnected(): void {
    if (this.#enabled()) setTimeout(() => void floating().catch(() => {}), 1000);
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
  async open(opened: () => void): Promise<void> {
    const dialog = this.#dialog!;
    const button = this.#button!;
    dialog.showModal();
    this.#lockPage();
    opened();
    const { autoUpdate, computePosition, flip, offset, shift, size } = await floating();
    if (!dialog.open) return;
    this.#stopPositioning = autoUpdate(button, dialog, () => {
      // Narrow screens get the stylesheet's full-width sheet from the bottom, not a floating panel.
      if (matchMedia('(max-width: 40em)').matches) return void (dialog.style.cssText = '');
      void computePosition(button, dialog, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          offset(8),
          flip(),
          shift({ padding: 8 }),
          size({
            padding: 8,
            apply: ({ availableHeight, availableWidth }) =>
              void Object.assign(dialog.style, {
                maxHeight: `${Math.max(240, availableHeight)}px`,
                maxWidth: `${availableWidth}px`,
              }),
          }),
        ],
      }).then(({ x, y }) => Object.assign(dialog.style, { left: `${x}px`, top: `${y}px` }));
    });
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
