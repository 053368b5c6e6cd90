/** Reading and driving a widget through its shadow root, for the component tests of every widget. */

/** The widget's shadow root. */
export const shadow = (el: Element): ShadowRoot => el.shadowRoot!;

/** One element inside the widget, failing loudly when missing. */
export function $<E extends HTMLElement = HTMLElement>(el: Element, selector: string): E {
  const found = shadow(el).querySelector<E>(selector);
  if (!found) throw new Error(`no ${selector} in the widget`);
  return found;
}

/** Every element inside the widget that matches. */
export const $$ = <E extends HTMLElement = HTMLElement>(el: Element, selector: string): E[] => [
  ...shadow(el).querySelectorAll<E>(selector),
];

/** The focused element inside the widget (or inside its popup panel). */
export const focused = (el: Element) => shadow(el).activeElement as HTMLElement | null;

/** Lets pending promises and renders run. */
export const settle = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Waits until `test` holds (up to `ms`, default 2 s). */
export async function until(test: () => boolean, what: string, ms = 2000): Promise<void> {
  for (let i = 0; i < ms / 10; i++) {
    if (test()) return;
    await settle(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Types into a field as a visitor would (an input event per change). */
export function type(el: Element, selector: string, value: string): void {
  const input = $<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}
