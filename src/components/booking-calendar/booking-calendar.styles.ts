import { css } from 'lit';

/**
 * Booking calendar: steps in one column, a month table of day buttons, times as wrapped pills. `--_a` (accent)
 * comes from baseStyles; `--_s`, `--_b`, `--_e`, `--_m`, `--_r`, fields and buttons from core/form-styles;
 * `--_t` (the accent tint behind a chosen time) and the month and times from `monthStyles`; `--_l` a decorative
 * divider. Every target is at least 2.75em (44 px at 16 px) tall, above WCAG 2.5.8's 24 px.
 */
export const styles = css`
  /* In a host page's flex row it would shrink to its longest word: it keeps a readable width, never wider than the row. */
  :host {
    min-width: min(100%, 280px);
  }
  .root {
    --_l: color-mix(in srgb, currentColor 15%, transparent);
  }
  * {
    /* Host pages have sticky headers: keep focused things clear of them when scrolled into view. */
    scroll-margin-block: var(--soleus-scroll-margin, 5em);
  }
  .flow {
    display: grid;
    gap: 1em;
    align-content: start;
  }
  h3,
  h4,
  p,
  ul,
  ol,
  dl,
  fieldset,
  legend {
    margin: 0;
    padding: 0;
  }
  h3 {
    font-size: 1.25em;
    font-weight: 700;
    line-height: 1.3;
  }
  h4,
  b {
    font-weight: 700;
  }
  /* The confirmation's heading: a tick in a circle, decorative (empty alternative text). */
  .ok::before {
    content: '✓';
    content: '✓' / '';
    display: inline-grid;
    place-items: center;
    inline-size: 1.4em;
    block-size: 1.4em;
    margin-inline-end: 0.4em;
    border-radius: 50%;
    background: var(--_a);
    color: light-dark(#fff, #111);
    font-size: 0.9em;
    vertical-align: 0.1em;
  }
  h4 {
    font-size: 1.05em;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  .btn,
  .service,
  .link,
  select,
  input,
  textarea {
    min-block-size: 2.75em;
    border-radius: var(--_r);
  }
  .btn {
    padding: 0.5em 1.25em;
    border: 2px solid var(--_a);
    color: light-dark(#fff, #111);
  }
  .link {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_a);
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 0.2em;
    cursor: pointer;
  }
  .alt {
    padding-block-start: 0.5em;
    border-block-start: 1px solid var(--_l);
  }
  [aria-disabled='true'] {
    cursor: not-allowed;
  }
  .btn[aria-disabled='true'] {
    opacity: 0.6;
  }
  .nav {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
  }
  .services,
  .booked {
    list-style: none;
    display: grid;
    gap: 1em;
  }
  .service {
    display: grid;
    justify-items: start;
    gap: 0.1em;
    inline-size: 100%;
    padding: 0.6em 1em;
    border: 1px solid var(--_b);
    background: var(--_s);
    text-align: start;
    cursor: pointer;
  }
  @media (hover: hover) {
    .service:hover {
      border-color: var(--_a);
    }
  }
  .services p,
  .note,
  .sub {
    color: var(--_m);
    font-size: 0.9em;
  }
  .services p {
    margin-block-start: 0.3em;
  }
  .sub {
    margin-block-start: -0.6em;
  }
  .checks input,
  .check input {
    flex: none;
    min-block-size: 0;
    inline-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
    accent-color: var(--_a);
  }
  form {
    display: grid;
    gap: 1em;
  }
  label,
  legend {
    font-weight: 600;
  }
  .field input,
  textarea,
  select {
    inline-size: 100%;
    padding: 0.4em 0.75em;
    border: 1px solid var(--_b);
    background: var(--_s);
  }
  fieldset {
    border: 0;
    min-inline-size: 0;
  }
  .checks {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9em, 1fr));
    gap: 0 1em;
    margin-block-start: 0.3em;
  }
  .checks label,
  .check {
    display: flex;
    align-items: center;
    gap: 0.5em;
    min-block-size: 2.75em;
    font-weight: 400;
  }
  .field [aria-invalid='true'] {
    border-width: 2px;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.25em 1em;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .repeat {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em 1em;
  }
  .repeat .field {
    flex: 1 1 12em;
  }
  .list {
    display: grid;
    gap: 0.75em;
    padding-inline-start: 1.5em;
  }
  /* Review: a plan's session is its name, its time, its price; the total under the list; the details typed. */
  .sessions li {
    display: grid;
  }
  .price,
  .total dd {
    font-variant-numeric: tabular-nums;
  }
  .total {
    padding-block-start: 0.5em;
    border-block-start: 1px solid var(--_l);
    font-weight: 700;
  }
  .who {
    display: grid;
    gap: 0.5em;
    padding: 0.75em 1em;
    border: 1px solid var(--_b);
    border-radius: var(--_r);
  }
  .who {
    container-type: inline-size;
  }
  .who dd {
    overflow-wrap: anywhere;
  }
  /* A phone's column: each label above its value, so an email address keeps its line. */
  @container (width < 26em) {
    .who dl {
      grid-template-columns: 1fr;
      gap: 0;
    }
    .who dd + dt {
      margin-block-start: 0.4em;
    }
  }
  .late p + p {
    margin-block-start: 0.3em;
    font-weight: 400;
  }
  .late a {
    color: inherit;
  }
  .tag {
    padding: 0 0.5em;
    border: 1px solid var(--_e);
    border-radius: 1em;
    color: var(--_e);
    font-size: 0.85em;
    font-weight: 600;
    white-space: nowrap;
  }
  .alts {
    display: grid;
    gap: 0.4em;
    margin-block-start: 0.5em;
  }
  .alts legend {
    margin-block-end: 0.2em;
    font-size: 0.9em;
  }
  .alts .time {
    font-weight: 400;
  }
  a {
    color: var(--_a);
  }
  .booked > li {
    display: grid;
    gap: 0.25em;
    padding: 0.75em 1em;
    border: 1px solid var(--_b);
    border-radius: var(--_r);
    background: var(--_s);
  }
  /* A series or a plan on the confirmation: one line per session, one download for all. */
  .sessions {
    display: grid;
    gap: 0.2em;
    margin-block: 0.25em;
    padding-inline-start: 1.5em;
  }
  .one summary {
    cursor: pointer;
    min-block-size: 1.5em;
  }
  .one ul {
    list-style: none;
  }
  .one .cal {
    margin-block: 0.25em;
  }
  .cal {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin-block: 0.5em;
  }
  .cal span {
    flex-basis: 100%;
  }
  .cal a {
    display: inline-flex;
    align-items: center;
    min-block-size: 2.75em;
    padding: 0 0.6em;
    border: 1px solid var(--_b);
    border-radius: var(--_r);
    font-weight: 600;
    text-decoration: none;
  }
  /* Loading: the first step's shape and height, so nothing jumps. With a service fixed, the month (heading, treatment, month bar, six weeks). */
  .skeleton div:first-child {
    inline-size: 40%;
  }
  .skeleton div:nth-child(2) {
    inline-size: 60%;
    block-size: 1.1em;
  }
  .skeleton div:nth-child(3) {
    block-size: 2.75em;
  }
  .skeleton div:last-child {
    block-size: 24.75em;
  }
  /* No service fixed: the list of treatments (heading, six treatments, the plan link). A treatment's description
     wraps to two lines below about 30em and three below about 18.5em (the demo's); the skeleton is its own container,
     so the widget's own width is never contained. */
  .s {
    container: s / inline-size;
  }
  .s div:nth-child(n + 2) {
    inline-size: auto;
    block-size: var(--h, 6.05em);
  }
  @container s (width < 30em) {
    div {
      --h: 7.4em;
    }
  }
  @container s (width < 18.5em) {
    div {
      --h: 8.9em;
    }
  }
  .s div:last-child {
    inline-size: 40%;
    block-size: 3.3em;
  }
  dialog {
    position: fixed;
    margin: 0;
    inset: auto;
    inline-size: min(28em, calc(100vw - 16px));
    max-block-size: calc(100vh - 16px);
    overflow: auto;
    overscroll-behavior: contain;
    padding: 0 1.25em 1.25em;
    border: 1px solid var(--_b);
    border-radius: var(--_r);
    background: var(--_s);
    color: inherit;
    box-shadow: 0 0.5em 2em #0004;
  }
  dialog::backdrop {
    background: #0004;
  }
  dialog > .root {
    display: grid;
  }
  /* Stays in the corner while the panel scrolls; the heading leaves it room. */
  .close {
    position: sticky;
    z-index: 1;
    justify-self: end;
    min-inline-size: 1.85em;
    min-block-size: 1.85em;
    /* Beside the heading, taking no room of its own; clear of the panel's edge, so its focus ring shows. */
    inset-block-start: 0.35em;
    margin-block: 0.35em -2.2em;
    border: 0;
    border-radius: var(--_r);
    background: var(--_s);
    color: var(--_m);
    font-size: 1.5em;
    line-height: 1;
    cursor: pointer;
  }
  dialog .flow {
    padding-block-start: 1em;
  }
  dialog h3 {
    padding-inline-end: 2.5em;
  }
  /* Narrow screens: a sheet covering the whole screen instead of a floating panel: nothing of the page peeks above
     it, and it is the one thing that scrolls (the controller locks the page's scroll while it is open). */
  @media (max-width: 40em) {
    dialog {
      inset: 0;
      inline-size: 100%;
      block-size: 100%;
      max-inline-size: none;
      max-block-size: none;
      padding-inline: 1em;
      border: 0;
      border-radius: 0;
      box-shadow: none;
    }
  }
`;

/** The month of day buttons and a day's times (steps/month.ts, steps/times.ts), shared with the manage element. */
export const monthStyles = css`
  .root {
    --_t: color-mix(in srgb, var(--_a) 14%, var(--_s));
  }
  .arrow,
  td button,
  .time {
    min-block-size: 2.75em;
    border-radius: var(--_r);
  }
  @media (hover: hover) {
    .time:hover,
    td button[part~='available']:hover {
      border-color: var(--_a);
    }
  }
  .month {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }
  .arrow {
    /* 2.2em of its 1.25em glyph size: 44 px, leaving a 320 px phone room for "November 2026". */
    min-inline-size: 2.2em;
    min-block-size: 2.2em;
    border: 1px solid var(--_b);
    background: var(--_s);
    font-size: 1.25em;
    line-height: 1;
    cursor: pointer;
  }
  .arrow[aria-disabled='true'] {
    opacity: 0.4;
  }
  table {
    inline-size: 100%;
    border-collapse: collapse;
    table-layout: fixed;
  }
  th {
    padding-block: 0.25em;
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_m);
  }
  td {
    padding: 2px;
    text-align: center;
  }
  /* Always six weeks tall (short months get empty rows), so paging through months never moves what is below. */
  tbody tr {
    block-size: calc(2.75em + 4px);
  }
  /* Days that cannot be booked are plain muted numbers; bookable ones are bordered, bold tiles (shape, not only colour). */
  td button {
    inline-size: 100%;
    max-inline-size: 3.25em;
    border: 1px solid transparent;
    background: none;
    color: var(--_m);
    font-variant-numeric: tabular-nums;
    cursor: pointer;
  }
  td button[part~='available'] {
    border-color: var(--_b);
    background: var(--_s);
    color: inherit;
    font-weight: 700;
  }
  td button[part~='today'] {
    text-decoration: underline 2px;
    text-underline-offset: 0.3em;
  }
  td button[aria-pressed='true'] {
    background: var(--_a);
    border-color: var(--_a);
    color: light-dark(#fff, #111);
  }
  .times {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(6.5em, 1fr));
    gap: 0.5em;
  }
  .time {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.3em 0.75em;
    border: 1px solid var(--_b);
    background: var(--_s);
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    cursor: pointer;
  }
  .time:has(:checked) {
    border-color: var(--_a);
    box-shadow: inset 0 0 0 1px var(--_a);
    background: var(--_t);
  }
  .time input {
    flex: none;
    min-block-size: 0;
    inline-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
    accent-color: var(--_a);
  }
  .time small {
    display: block;
    font-size: 0.8em;
    font-weight: 400;
    color: var(--_m);
  }
  /* The waitlist under a fully booked day; its honeypot is off-screen (people never see it, bots fill it). */
  .waitlist {
    margin-top: 1em;
  }
  .waitlist h4 {
    margin: 0 0 0.25em;
  }
  .hp {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
`;
