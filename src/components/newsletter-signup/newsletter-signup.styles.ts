import { css } from 'lit';

/**
 * Newsletter signup: heading, pitch, fields that sit side by side when there is room, a consent line, a button
 * that fills a narrow column. Kept terse: every byte ships inside the 13 kB widget budget. Fields, buttons and the
 * tokens (`--_s`, `--_b`, `--_e`, `--_r`) come from core/form-styles.
 */
export const styles = css`
  /* In a host page's flex row it would shrink to its longest word: it keeps a readable width, never wider than the row. */
  :host {
    min-width: min(100%, 260px);
  }
  .root {
    container-type: inline-size;
  }
  ::slotted(*) {
    margin: 0;
  }
  .heading {
    margin-bottom: 0.25em;
    font-size: 1.25em;
    font-weight: 700;
    line-height: 1.3;
  }
  .pitch {
    margin-bottom: 1em;
  }
  form,
  .fields,
  .field {
    display: grid;
    gap: 1em;
  }
  .fields {
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 13em), 1fr));
  }
  .field {
    align-content: start;
    gap: 0.3em;
  }
  .field input {
    padding: 0 0.75em;
  }
  .consent {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.3em 0.65em;
    align-items: start;
  }
  .consent input {
    inline-size: 1.5em;
    block-size: 1.5em;
    margin: 0;
    accent-color: var(--_a);
  }
  .consent label {
    font-size: 0.9em;
  }
  .consent .error {
    grid-column: 2;
  }
  a,
  .link {
    color: var(--_a);
    text-decoration: underline;
  }
  .error {
    font-weight: 400;
  }
  .field [aria-invalid='true'] {
    box-shadow: inset 0 0 0 1px var(--_e);
  }
  .consent [aria-invalid='true']:not(:focus-visible) {
    outline: 2px solid var(--_e);
  }
  .btn {
    padding: 0 1.5em;
    border: 0;
    color: light-dark(#fff, #0b1f1c);
  }
  .btn:hover {
    background: color-mix(in srgb, var(--_a) 82%, #000);
  }
  [part~='busy'] {
    cursor: progress;
  }
  [part~='busy']::after {
    content: '';
    display: inline-block;
    inline-size: 0.8em;
    block-size: 0.8em;
    margin-inline-start: 0.6em;
    border: 0.15em solid;
    border-inline-end-color: transparent;
    border-radius: 50%;
    vertical-align: -0.05em;
    animation: r 0.8s linear infinite;
  }
  .btn.link {
    min-block-size: 1.5em;
    padding: 0;
    background: none;
    color: var(--_a);
    font-weight: 400;
  }
  .status {
    margin: 0;
  }
  /* Empty but kept in the tree, so it stays a live region; out of the flow, so no gap is left for it. */
  .status:empty {
    position: absolute;
  }
  .done {
    display: flex;
    align-items: center;
    gap: 0.5em;
    margin: 0;
    font-size: 1.15em;
    font-weight: 700;
    /* Focused by script so reading starts here; not a control, so no ring. */
    outline: none;
    animation: f 0.3s ease-out;
  }
  svg {
    flex: none;
    inline-size: 1.4em;
    block-size: 1.4em;
    fill: none;
    stroke: var(--_a);
    stroke-width: 3;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  @keyframes r {
    to {
      rotate: 1turn;
    }
  }
  @keyframes f {
    from {
      translate: 0 0.5em;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .done,
    [part~='busy']::after {
      animation: none;
    }
  }
  /* A narrow column (a blog sidebar, a phone): the button fills the width. */
  @container (width < 24em) {
    .btn {
      justify-self: stretch;
    }
  }
`;
