import { css } from 'lit';

/**
 * Host reset and theme tokens shared by every widget.
 *
 * Page rules beat `:host` rules, so typography is set on the inner `.root` element, which page
 * styles cannot reach; the host only gets `display`. Sizes are in `em` from `--soleus-font-size`,
 * whose fallback `medium` follows the visitor's browser setting, not the page's `html` font size.
 * Colours use `light-dark()` driven by `color-scheme`, which the `theme` attribute pins. `auto` sets none: the host
 * inherits the page's own (`color-scheme` in CSS or `<meta name="color-scheme">`), so a page that declares
 * `light dark` gets a widget that follows the visitor's device, and a page that declares nothing (it renders light
 * whatever the device) keeps a light widget; following the device there gave light text on a white page.
 * Includes the `.sr-only` (visually hidden) class. `--_a` is the accent (`--soleus-color-accent`) for widget styles to reuse.
 * Nothing moves, so no prefers-reduced-motion rules are needed.
 * (No text-size-adjust: `all: initial` already resets it to `auto`, which is what we want.)
 */
export const baseStyles = css`
  /* Not on [hidden]: a :host display would beat the browser's [hidden] rule. */
  :host(:not([hidden])) {
    display: block;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  .root {
    all: initial;
    /* all: initial resets color-scheme to normal, which would pin light-dark() to light. */
    color-scheme: inherit;
    display: block;
    font: var(--soleus-font-size, medium) / 1.5 var(--soleus-font-family, system-ui, sans-serif);
    color: var(--soleus-color-text, light-dark(#1f2933, #e8eaed));
    --_a: var(--soleus-color-accent, light-dark(#0f766e, #5eead4));
  }
  /* Everything inside inherits the root's font and colour (buttons, links and fields included). */
  * {
    box-sizing: border-box;
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 0.15em solid var(--_a);
    outline-offset: 0.15em;
  }
  /* The visually hidden pattern for live regions and extra accessible text. */
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
