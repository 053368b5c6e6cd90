import { css } from 'lit';

/** The agenda's own styles on top of the console's: day lists of tappable entries, the month grid, the review. */
export const agendaStyles = css`
  .head,
  .month-bar,
  .notice-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }
  .notice-row:has(.notice:empty):not(:has(#undo)) {
    display: none;
  }
  .tabs {
    display: grid;
    grid-template-columns: 1fr 1fr;
    border: 1px solid var(--_line);
    border-radius: 0.6em;
    overflow: hidden;
  }
  .tabs button {
    border: 0;
    border-radius: 0;
    background: var(--_s);
    color: inherit;
    font-weight: 600;
  }
  .tabs button[aria-pressed='true'] {
    background: var(--_a);
    color: light-dark(#fff, #06201d);
  }
  .day {
    display: grid;
    gap: 0.5em;
  }
  .entry {
    display: grid;
    grid-template-columns: 6.5em minmax(0, 1fr);
    gap: 0.75em;
    align-items: start;
    inline-size: 100%;
    min-block-size: 2.75em;
    padding: 0.75em;
    text-align: start;
    font: inherit;
    color: inherit;
    background: var(--_s);
    border: 1px solid var(--_line);
    border-radius: 0.6em;
  }
  button.entry:hover {
    border-color: var(--_a);
  }
  .entry .time {
    font-variant-numeric: tabular-nums;
    font-weight: 700;
  }
  .entry .who {
    display: grid;
    gap: 0.15em;
    overflow-wrap: anywhere;
  }
  .entry .badge {
    margin-inline: 0 0.35em;
  }
  .entry.cancelled .who strong {
    text-decoration: line-through;
  }
  .entry.off {
    background: repeating-linear-gradient(135deg, transparent 0 0.5em, var(--_n) 0.5em 1em);
  }
  .month {
    display: grid;
    grid-template-columns: repeat(7, minmax(0, 1fr));
    gap: 0.25em;
  }
  .wd {
    text-align: center;
    font-size: 0.8em;
    color: var(--_m);
  }
  .md {
    display: grid;
    justify-items: center;
    align-content: center;
    min-block-size: 2.75em;
    padding: 0.2em 0;
    font: inherit;
    color: inherit;
    background: var(--_s);
    border: 1px solid var(--_line);
    border-radius: 0.5em;
  }
  /* The month's first day under its weekday (a class: the console's CSP allows no inline styles). */
  .from-2 {
    grid-column-start: 2;
  }
  .from-3 {
    grid-column-start: 3;
  }
  .from-4 {
    grid-column-start: 4;
  }
  .from-5 {
    grid-column-start: 5;
  }
  .from-6 {
    grid-column-start: 6;
  }
  .from-7 {
    grid-column-start: 7;
  }
  .md.sel {
    border: 2px solid var(--_a);
  }
  .md.offday {
    background: repeating-linear-gradient(135deg, transparent 0 0.4em, var(--_n) 0.4em 0.8em);
  }
  .md .n {
    font-size: 0.75em;
    font-weight: 700;
    color: var(--_a);
  }
  .facts {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 0.4em 1em;
    margin: 0;
  }
  .facts dt {
    color: var(--_m);
  }
  .facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .facts a {
    display: inline-block;
    min-block-size: 1.5rem;
    padding-block: 0.125em;
  }
  .pre,
  .mail pre {
    white-space: pre-wrap;
  }
  .mail {
    display: grid;
    gap: 0.25em;
    padding: 0.75em;
    border: 1px solid var(--_line);
    border-radius: 0.5em;
    overflow-wrap: anywhere;
  }
  .mail pre {
    margin: 0;
    font: inherit;
    font-size: 0.9em;
  }
  .two {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 0.75em;
    /* A message under one field leaves its neighbour's input its own height. */
    align-items: start;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  legend {
    font-weight: 700;
    padding: 0;
    margin-block-end: 0.5em;
  }
  [aria-pressed='true'].btn.secondary {
    background: var(--_a);
    color: light-dark(#fff, #06201d);
  }
  .check {
    display: flex;
    gap: 0.5em;
    align-items: center;
    min-block-size: 2.75em;
  }
  .check input {
    inline-size: 1.25em;
    block-size: 1.25em;
  }
  .link {
    justify-self: start;
    min-block-size: 2.75em;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_a);
    font: inherit;
    font-weight: 600;
    text-decoration: underline;
  }
  .field-error {
    color: var(--_e);
    font-size: 0.9em;
  }
  .field-error:empty {
    display: none;
  }
  .stack {
    display: grid;
    gap: 0.75em;
  }
  @media (min-width: 40em) {
    .stack {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
  }
  .screen-form {
    display: grid;
    gap: 1em;
  }
  [hidden] {
    display: none !important;
  }
  h2[tabindex='-1']:focus,
  h1[tabindex='-1']:focus {
    outline: none;
  }
`;
