import { css } from 'lit';

/**
 * Share buttons: a wrapping row of rounded buttons, a tidy pop-up menu and two small inline panels.
 * Kept terse on purpose: every byte here ships inside the 10 kB widget budget.
 * `--_a` (accent) comes from baseStyles; `--_s` surface, `--_b` border, `--_e` error colour.
 */
export const styles = css`
  .root {
    --_s: var(--soleus-color-surface, light-dark(#fff, #202124));
    --_b: 1px solid var(--soleus-color-border, light-dark(#c5ced8, #5f6368));
    --_e: light-dark(#b42318, #ffb4a8);
    container-type: inline-size;
  }
  .heading,
  label {
    margin-bottom: 0.5em;
    font-weight: 600;
  }
  ul,
  li,
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin: 0;
    padding: 0;
  }
  .small {
    font-size: 0.8em;
  }
  .large {
    font-size: 1.1em;
  }
  .btn {
    display: flex;
    align-items: center;
    gap: 0.5em;
    min-block-size: 2.75em;
    min-inline-size: 2.75em;
    padding: 0 1.1em 0 0.9em;
    border: var(--_b);
    border-radius: var(--soleus-radius, 2em);
    background: var(--_s);
    text-decoration: none;
  }
  .only > li > .btn {
    justify-content: center;
    padding: 0;
  }
  .only > li > .btn > span {
    display: none;
  }
  .btn:hover {
    border-color: var(--_a);
  }
  .btn:hover svg,
  [part~='copied'] {
    color: var(--_a);
  }
  svg {
    width: 1.25em;
    height: 1.25em;
    fill: currentColor;
    fill-rule: evenodd;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .s {
    fill: none;
    stroke: currentColor;
  }
  [part='more-button'] {
    anchor-name: --m;
  }
  .menu,
  .panel {
    margin: 0.5em 0 0;
    padding: 0.4em;
    border: var(--_b);
    border-radius: 0.75em;
    background: var(--_s);
  }
  /* Below "More" whenever about four items fit there, scrolling inside (a popover's overflow is auto) when the whole
     list does not: the space below is its containing block, so 100% is that space, less the margin, padding and
     border, else it overflows by them and flips. Above it only when even that little room is missing. */
  .menu {
    inset: auto;
    position-anchor: --m;
    position-area: block-end span-inline-end;
    position-try-fallbacks: flip-block, flip-inline;
    min-height: 12em;
    max-height: calc(100% - 1.5em);
  }
  .menu ul {
    flex-direction: column;
  }
  .menu .btn {
    flex: 1;
    border: 0;
    background: 0;
  }
  .panel {
    display: grid;
    max-inline-size: 26em;
    padding: 1em;
  }
  input {
    min-block-size: 2.75em;
    padding: 0 0.75em;
    border: var(--_b);
    border-radius: 0.5em;
    background: 0;
  }
  [aria-invalid='true'] {
    border-color: var(--_e);
  }
  .error {
    color: var(--_e);
  }
  .primary {
    border-color: var(--_a);
    background: var(--_a);
    color: light-dark(#fff, #0b1f1c);
  }
  /* Narrow containers (phones): equal icon-only squares; each button keeps its aria-label. */
  @container (width < 32em) {
    .list > li > .btn {
      justify-content: center;
      padding: 0;
    }
    .list > li > .btn > span {
      display: none;
    }
  }
  /* Without anchor positioning the menu becomes a sheet along the bottom of the viewport. */
  @supports not (anchor-name: --a) {
    .menu {
      inset: auto 0 0;
      width: auto;
    }
  }
`;
