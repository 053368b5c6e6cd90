import type { ReactiveElement } from 'lit';

/**
 * Closes a confirmation with `close` and puts focus back on the button that opened it (the one with
 * `aria-expanded="true"`), so a keyboard user who keeps the thing is not left on the page's body.
 */
export function keep(host: ReactiveElement, close: () => void): void {
  const opener = host.renderRoot.querySelector<HTMLElement>('[aria-expanded="true"]');
  close();
  void host.updateComplete.then(() => opener?.focus());
}
