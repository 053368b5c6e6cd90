import type { Decorator } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { within } from 'storybook/test';

/** The widget `tag` in a story, once defined and rendered, with Testing Library queries bound to its shadow root. */
export async function widgetIn<E extends HTMLElement & { updateComplete: Promise<unknown> }>(
  canvasElement: HTMLElement,
  tag: string,
) {
  await customElements.whenDefined(tag);
  const el = canvasElement.querySelector(tag) as E;
  await el.updateComplete;
  const root = el.shadowRoot!;
  return { el, root, shadow: within(root as unknown as HTMLElement) };
}

/**
 * A host page with aggressive global CSS (`css`, scoped under `.hostile-page`) and `widget` inside the page's own
 * `<form>`, which counts submissions in `data-submits` instead of loading (a widget must never submit it).
 */
export const hostilePage = (css: string, widget: TemplateResult) =>
  html`<div class="hostile-page">
    <style>
      ${css}
    </style>
    <form
      action="/should-never-load"
      data-submits="0"
      @submit=${(e: Event) => {
        const form = e.currentTarget as HTMLFormElement;
        form.dataset.submits = String(Number(form.dataset.submits) + 1);
        e.preventDefault();
      }}
    >
      <p>Host page text. <button type="button">A host button</button></p>
      ${widget}
    </form>
  </div>`;

/** A decorator that puts the story in a box with `style` (a width, a page colour), optionally labelled for readers. */
export const wrap =
  (style: string, label?: string): Decorator =>
  (story) =>
    html`<div style=${style} data-label=${label ?? nothing}>${story()}</div>`;
