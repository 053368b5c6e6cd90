import { fixture, html } from '@open-wc/testing';
import '../../../src/components/share-buttons/share-buttons.define.js';
import type { SoleusShareButtons } from '../../../src/components/share-buttons/share-buttons.js';

export type { SoleusShareButtons };

/** The widget's shadow root. */
export const shadow = (el: Element): ShadowRoot => el.shadowRoot!;

/** One element inside the widget, failing loudly when missing. */
export function $(el: Element, selector: string): HTMLElement {
  const found = shadow(el).querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector} in the widget`);
  return found;
}

/** Every network link or button in the main row (not the menu), as network ids. */
export const rowIds = (el: Element): string[] =>
  [...shadow(el).querySelectorAll('.list > li > [part~="button"]')].map((b) => b.getAttribute('part')!.split(' ')[1]!);

/** Renders the widget with fixed url/title unless the template says otherwise. */
export const widget = (
  template = html`<soleus-share-buttons url="https://example.com/post" title="Hello world"></soleus-share-buttons>`,
) => fixture<SoleusShareButtons>(template);

/** Stops link navigation (only links: buttons and forms keep working) (new tabs to third parties) after the widget has seen the click. */
export function blockNavigation(): () => void {
  const stop = (e: Event) => {
    if (e.composedPath().some((n) => n instanceof HTMLAnchorElement)) e.preventDefault();
  };
  window.addEventListener('click', stop);
  return () => window.removeEventListener('click', stop);
}

/**
 * Waits for the widget to render a non-default catalogue (fetched from the test server, so up to 10 s on a busy
 * machine: one second was not always enough while other suites ran).
 */
export async function untilText(el: Element, selector: string, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (shadow(el).querySelector(selector)?.textContent?.includes(text)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`"${text}" never appeared in ${selector}`);
}
