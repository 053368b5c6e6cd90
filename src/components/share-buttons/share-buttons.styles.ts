import { css } from 'lit';

/**
 * Share buttons: a wrapping row of rounded buttons, a tidy pop-up menu and two small inline panels.
 * Kept terse on purpose: every byte here ships inside the 10 kB widget budget.
 */
export const styles = css`
  .root {
    --_a: var(--soleus-color-accent, light-dark(#0f766e, #5eead4));
    --_s: var(--soleus-color-surface, light-dark(#fff, #1e242c));
    --_b: var(--soleus-color-border, light-dark(#c5ced8, #46505c));
    --_h: 2.75em;
  }
  .heading {
    margin: 0 0 0.5em;
    font-weight: 600;
  }
  ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: flex;
  }
  :host([size='small']) ul {
    font-size: 0.875em;
    --_h: 2.25em;
  }
  :host([size='large']) ul {
    font-size: 1.125em;
    --_h: 3em;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    min-block-size: var(--_h);
    min-inline-size: var(--_h);
    margin: 0;
    padding: 0 1.1em 0 0.9em;
    border: 1px solid var(--_b);
    border-radius: var(--soleus-radius, 2em);
    background: var(--_s);
    font-weight: 500;
    text-decoration: none;
    cursor: pointer;
    transition: 0.15s;
  }
  .only {
    justify-content: center;
    padding: 0;
  }
  .menu .btn {
    flex: 1;
    border-color: transparent;
    border-radius: 0.5em;
    background: none;
  }
  .btn:hover {
    border-color: var(--_a);
    background: color-mix(in srgb, var(--_a) 12%, var(--_s));
  }
  .btn:hover svg,
  [part~='copied'] {
    color: var(--_a);
  }
  svg {
    flex: none;
    inline-size: 1.25em;
    block-size: 1.25em;
    fill: currentColor;
    fill-rule: evenodd;
  }
  .s {
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  [part='more-button'] {
    anchor-name: --m;
  }
  .menu {
    inset: auto;
    margin: 0.375em 0;
    padding: 0.375em;
    border: 1px solid var(--_b);
    border-radius: 0.75em;
    background: var(--_s);
    color: inherit;
    box-shadow: 0 0.5em 1.5em #0003;
    position-anchor: --m;
    position-area: block-end span-inline-end;
    position-try-fallbacks: flip-block, flip-inline;
  }
  .menu ul {
    flex-direction: column;
    gap: 0.125em;
  }
  .panel {
    display: grid;
    gap: 0.375em;
    max-inline-size: 26em;
    margin: 0.75em 0 0;
    padding: 0.75em 1em;
    border: 1px solid var(--_b);
    border-radius: 0.75em;
    background: var(--_s);
  }
  p {
    margin: 0;
  }
  label {
    font-weight: 600;
  }
  .hint {
    font-size: 0.875em;
  }
  input {
    min-block-size: 2.75em;
    padding: 0 0.75em;
    border: 1px solid var(--_b);
    border-radius: 0.5em;
    background: none;
  }
  .error,
  [aria-invalid='true'] {
    border-color: currentColor;
    color: light-dark(#b42318, #ffb4a8);
    font-weight: 600;
  }
  .actions {
    display: flex;
    gap: 0.5em;
  }
  .primary {
    border-color: var(--_a);
    background: var(--_a);
    color: light-dark(#fff, #0b1f1c);
  }
`;
