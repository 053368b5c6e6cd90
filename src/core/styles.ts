import { css } from 'lit';

/**
 * Host reset and theme tokens shared by every widget.
 *
 * Page rules beat `:host` rules, so typography is set on the inner `.root` element, which page
 * styles cannot reach; the host only gets `display`. Sizes are in `em` from `--soleus-font-size`,
 * whose fallback `medium` follows the visitor's browser setting, not the page's `html` font size.
 * Colours use `light-dark()` driven by `color-scheme`, which the `theme` attribute pins.
 */
export const baseStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  .root {
    all: initial;
    /* all: initial resets color-scheme to normal, which would pin light-dark() to light. */
    color-scheme: inherit;
    display: block;
    box-sizing: border-box;
    font-family: var(--soleus-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    font-size: var(--soleus-font-size, medium);
    line-height: 1.5;
    color: var(--soleus-color-text, light-dark(#1f2933, #e8eaed));
    text-align: start;
    -webkit-text-size-adjust: 100%;
    text-size-adjust: 100%;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  a,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
  }
  :focus-visible {
    outline: 0.15em solid var(--soleus-color-focus, var(--soleus-color-accent, light-dark(#0f766e, #5eead4)));
    outline-offset: 0.15em;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition-duration: 0s !important;
      animation-duration: 0s !important;
    }
  }
`;

/** The visually hidden pattern for live regions and extra accessible text. */
export const srOnly = css`
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
