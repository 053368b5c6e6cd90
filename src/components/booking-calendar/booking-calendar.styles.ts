import { css } from 'lit';

/**
 * Booking calendar: steps in one column, a month table of day buttons, times as wrapped pills. `--_a` (accent)
 * comes from baseStyles; `--_s` surface, `--_b` border (3:1 against both surfaces, WCAG 1.4.11), `--_e` error,
 * `--_r` radius, `--_m` muted text. Every target is at least 2.75em (44 px at 16 px) tall, above WCAG 2.5.8's 24 px.
 */
export const styles = css`
  .root {
    --_s: var(--soleus-color-surface, light-dark(#fff, #202124));
    --_b: var(--soleus-color-border, light-dark(#6b7785, #8e959c));
    --_e: light-dark(#b42318, #ffb4a8);
    --_m: light-dark(#4b5563, #c4c9cf);
    --_r: var(--soleus-radius, .5em);
  }
  * {
    /* Host pages have sticky headers: keep focused things clear of them when scrolled into view. */
    scroll-margin-block: var(--soleus-scroll-margin, 5em);
  }
  .flow {
    display: grid;
    gap: .75em;
    align-content: start;
    /* Reserves roughly the month step's height so nothing below jumps while loading. */
    min-block-size: 26em;
  }
  h3,
  h4,
  p,
  ul,
  ol,
  dl,
  fieldset {
    margin: 0;
    padding: 0;
  }
  h3 {
    font-size: 1.25em;
    font-weight: 700;
    line-height: 1.3;
  }
  h4 {
    font-size: 1.05em;
    font-weight: 700;
  }
  [tabindex="-1"]:focus {
    outline: none;
  }
  .btn,
  .service,
  .arrow,
  td button,
  .time,
  select,
  input,
  textarea {
    min-block-size: 2.75em;
    border-radius: var(--_r);
  }
  .btn {
    padding: .5em 1.25em;
    border: 2px solid var(--_a);
    background: var(--_a);
    color: light-dark(#fff, #111);
    font-weight: 600;
    cursor: pointer;
    justify-self: start;
  }
  .btn.secondary {
    background: transparent;
    color: var(--_a);
  }
  [aria-disabled=true] {
    cursor: not-allowed;
  }
  .btn[aria-disabled=true] {
    opacity: .6;
  }
  .nav {
    display: flex;
    flex-wrap: wrap;
    gap: .75em;
  }
  .services {
    list-style: none;
    display: grid;
    gap: .75em;
  }
  .service {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: .25em 1em;
    inline-size: 100%;
    padding: .6em 1em;
    border: 1px solid var(--_b);
    background: var(--_s);
    text-align: start;
    cursor: pointer;
  }
  .services p,
  .note {
    color: var(--_m);
    font-size: .9em;
    margin-block-start: .25em;
  }
  .month {
    display: flex;
    align-items: center;
    justify-content: space-between;
  }
  .arrow {
    min-inline-size: 2.75em;
    border: 1px solid var(--_b);
    background: var(--_s);
    font-size: 1.1em;
    cursor: pointer;
  }
  .arrow[aria-disabled=true] {
    opacity: .4;
  }
  table {
    inline-size: 100%;
    border-collapse: collapse;
    table-layout: fixed;
  }
  th {
    padding-block: .25em;
    font-size: .85em;
    font-weight: 600;
    color: var(--_m);
  }
  td {
    padding: 2px;
    text-align: center;
  }
  td button {
    inline-size: 100%;
    max-inline-size: 3.25em;
    border: 1px solid transparent;
    background: none;
    color: var(--_m);
    cursor: pointer;
  }
  /* Unavailable days stay focusable but read as struck through: colour is not the only cue. */
  td button[aria-disabled=true] {
    text-decoration: line-through;
    opacity: .75;
  }
  td button[part~=available] {
    border-color: var(--_b);
    background: var(--_s);
    color: inherit;
    font-weight: 600;
  }
  td button[part~=today] {
    box-shadow: inset 0 -3px 0 var(--_m);
  }
  td button[aria-pressed=true] {
    background: var(--_a);
    border-color: var(--_a);
    color: light-dark(#fff, #111);
  }
  .times {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(6.5em, 1fr));
    gap: .5em;
  }
  .time {
    display: flex;
    align-items: center;
    gap: .5em;
    padding: .3em .75em;
    border: 1px solid var(--_b);
    background: var(--_s);
    cursor: pointer;
  }
  .time:has(:checked) {
    border-color: var(--_a);
    box-shadow: inset 0 0 0 1px var(--_a);
  }
  .time input,
  .checks input,
  .check input {
    min-block-size: 0;
    inline-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
    accent-color: var(--_a);
  }
  .time small {
    display: block;
    font-size: .8em;
    color: var(--_m);
  }
  form,
  .field {
    display: grid;
    gap: .75em;
  }
  .field {
    gap: .3em;
  }
  label,
  legend {
    font-weight: 600;
  }
  .field input,
  textarea,
  select {
    inline-size: 100%;
    padding: .4em .75em;
    border: 1px solid var(--_b);
    background: var(--_s);
  }
  fieldset {
    border: 0;
  }
  .checks {
    display: flex;
    flex-wrap: wrap;
    gap: .25em 1em;
    margin-block-start: .3em;
  }
  .checks label,
  .check {
    display: flex;
    align-items: center;
    gap: .5em;
    min-block-size: 2.75em;
    font-weight: 400;
  }
  .error {
    color: var(--_e);
    font-size: .9em;
  }
  [aria-invalid=true] {
    border-color: var(--_e);
    border-width: 2px;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: .25em 1em;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .repeat {
    display: grid;
    grid-template-columns: auto minmax(0, 16em);
    gap: .5em 1em;
    align-items: center;
  }
  .list {
    display: grid;
    gap: .75em;
    padding-inline-start: 1.25em;
  }
  .alts {
    display: grid;
    gap: .4em;
    margin-block-start: .4em;
  }
  a {
    color: var(--_a);
  }
  .cal a {
    display: inline-block;
    min-block-size: 1.5em;
    margin-inline-end: .5em;
  }
  .status:empty {
    display: none;
  }
  .status {
    font-weight: 600;
  }
  .skeleton {
    display: grid;
    gap: .75em;
  }
  .skeleton div {
    block-size: 2.75em;
    border-radius: var(--_r);
    background: light-dark(#e5e7eb, #374151);
    animation: pulse 1.5s ease-in-out infinite;
  }
  .skeleton div:first-child {
    inline-size: 40%;
  }
  .skeleton div:last-child {
    block-size: 16em;
  }
  @keyframes pulse {
    50% {
      opacity: .5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton div {
      animation: none;
    }
  }
  dialog {
    position: fixed;
    margin: 0;
    inset: auto;
    inline-size: min(26em, calc(100vw - 16px));
    max-block-size: calc(100vh - 16px);
    overflow: auto;
    padding: 1em;
    border: 1px solid var(--_b);
    border-radius: var(--_r);
    background: var(--soleus-color-surface, light-dark(#fff, #202124));
    box-shadow: 0 .5em 2em #0004;
  }
  dialog::backdrop {
    background: #0003;
  }
  .close {
    justify-self: end;
    float: inline-end;
  }
  /* Narrow screens: a full-width sheet from the bottom instead of a floating panel. */
  @media (max-width: 40em) {
    dialog {
      inset: auto 0 0 0;
      inline-size: 100%;
      max-inline-size: none;
      max-block-size: 90vh;
      border-radius: var(--_r) var(--_r) 0 0;
    }
  }
`;
