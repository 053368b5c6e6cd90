import { css } from 'lit';

/**
 * Booking manage: the facts as a definition list, notices, calendar links, and the move and cancel actions; the
 * month and times come from the booking calendar's `monthStyles`, fields and buttons from core/form-styles.
 */
export const styles = css`
  :host {
    min-width: min(100%, 280px);
  }
  .flow,
  .move,
  section {
    display: grid;
    gap: 1em;
    align-content: start;
  }
  * {
    scroll-margin-block: var(--soleus-scroll-margin, 5em);
  }
  h2,
  h3,
  h4,
  p,
  dl {
    margin: 0;
  }
  h2,
  h3,
  h4 {
    font-weight: 700;
    line-height: 1.3;
  }
  h2 {
    font-size: 1.15em;
  }
  h3,
  h4 {
    font-size: 1.05em;
  }
  .move h3 {
    margin-block-start: 0.5em;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  .btn {
    padding: 0.5em 1.25em;
    border: 2px solid var(--_a);
    color: light-dark(#fff, #111);
  }
  .btn.danger {
    border-color: var(--_e);
    background: var(--_e);
    color: light-dark(#fff, #111);
  }
  .btn.danger.secondary {
    background: transparent;
    color: var(--_e);
  }
  [aria-disabled='true'] {
    cursor: not-allowed;
  }
  .btn[aria-disabled='true'] {
    opacity: 0.6;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.4em 1em;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .note,
  .sub {
    color: var(--_m);
    font-size: 0.9em;
  }
  .state-cancelled {
    color: var(--_e);
    font-weight: 600;
  }
  .box {
    display: grid;
    gap: 1em;
    padding: 1em;
    border: 1px solid var(--_b);
    border-radius: var(--_r);
    background: var(--_s);
  }
  .ask {
    border-color: var(--_e);
    border-inline-start-width: 4px;
  }
  a {
    color: var(--_a);
  }
  .cal {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .cal span {
    flex-basis: 100%;
    font-weight: 600;
  }
  .cal a,
  a.btn {
    display: inline-flex;
    align-items: center;
    min-block-size: 2.75em;
    padding: 0 0.8em;
    border: 1px solid var(--_b);
    border-radius: var(--_r);
    font-weight: 600;
    text-decoration: none;
  }
  a.btn {
    border: 2px solid var(--_a);
    color: light-dark(#fff, #111);
    justify-self: start;
  }
  .skeleton {
    gap: 0.75em;
  }
  .skeleton div {
    block-size: 1.4em;
  }
  .skeleton div:nth-child(odd) {
    inline-size: 60%;
  }
`;
