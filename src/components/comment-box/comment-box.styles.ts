import { css } from 'lit';

/**
 * Comment box: a count heading with the sort beside it, comments as quiet cards with an initial avatar, replies
 * indented behind a thin rule, and the form under them. Fields, buttons and the tokens (`--_s` surface, `--_b`
 * border, `--_e` error, `--_m` muted, `--_r` radius) come from core/form-styles; `--_a` (accent) from baseStyles.
 */
export const styles = css`
  :host {
    min-width: min(100%, 260px);
  }
  .root {
    container-type: inline-size;
    --_l: color-mix(in srgb, currentColor 14%, transparent);
  }
  [hidden] {
    display: none !important;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
    margin-bottom: 1em;
  }
  .count {
    font-size: 1.3em;
    font-weight: 700;
    line-height: 1.3;
    outline: none;
  }
  .ft {
    font-size: 1.1em;
    font-weight: 700;
  }
  select {
    min-block-size: 2.75em;
    padding: 0 0.6em;
    border: 1px solid var(--_b);
    border-radius: var(--_r);
    background: var(--_s);
  }
  ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .thread {
    display: grid;
    gap: 1em;
  }
  .thread .thread {
    margin: 1em 0 0 1.15em;
    padding-inline-start: 1em;
    border-inline-start: 2px solid var(--_l);
  }
  article {
    padding: 0.9em 1em;
    border: 1px solid var(--_l);
    border-radius: var(--_r);
    background: color-mix(in srgb, var(--_s) 60%, transparent);
    outline-offset: 0.2em;
    scroll-margin: 2em;
  }
  [part~='owner'] {
    border-color: color-mix(in srgb, var(--_a) 45%, transparent);
    background: color-mix(in srgb, var(--_a) 6%, var(--_s));
  }
  [part~='held'] {
    border-style: dashed;
  }
  .hl {
    box-shadow: 0 0 0 0.2em var(--_a);
  }
  header {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: 0.7em;
    align-items: center;
  }
  .avatar {
    grid-row: span 2;
    display: grid;
    place-items: center;
    inline-size: 2.4em;
    block-size: 2.4em;
    border-radius: 50%;
    background: hsl(var(--_h) 45% 42%);
    color: #fff;
    font-weight: 700;
  }
  .c0 {
    --_h: 174;
  }
  .c1 {
    --_h: 220;
  }
  .c2 {
    --_h: 280;
  }
  .c3 {
    --_h: 340;
  }
  .c4 {
    --_h: 25;
  }
  .c5 {
    --_h: 130;
  }
  .who {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.5em;
    min-width: 0;
  }
  .author {
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .badge {
    padding: 0.05em 0.55em;
    border-radius: 1em;
    background: var(--_a);
    color: light-dark(#fff, #0b1f1c);
    font-size: 0.75em;
    font-weight: 700;
    letter-spacing: 0.02em;
  }
  .badge.held {
    background: transparent;
    color: var(--_m);
    box-shadow: inset 0 0 0 1px var(--_b);
  }
  .meta,
  .hint,
  .window,
  .counter {
    color: var(--_m);
    font-size: 0.875em;
  }
  .time {
    color: inherit;
    text-decoration: none;
  }
  .time:hover {
    text-decoration: underline;
  }
  .body {
    margin-top: 0.6em;
    overflow-wrap: anywhere;
  }
  .body > :first-child {
    margin-top: 0;
  }
  .body > :last-child {
    margin-bottom: 0;
  }
  /* The base reset gives every element the root's font: emphasis and strong need theirs back. */
  .body strong {
    font-weight: 700;
  }
  .body em {
    font-style: italic;
  }
  .body p {
    margin: 0.6em 0;
    white-space: pre-line;
  }
  .body ul,
  .body ol {
    margin: 0.6em 0;
    padding-inline-start: 1.5em;
    list-style: revert;
  }
  blockquote {
    margin: 0.6em 0;
    padding-inline-start: 0.9em;
    border-inline-start: 3px solid var(--_l);
    color: var(--_m);
  }
  code {
    padding: 0.1em 0.3em;
    border-radius: 0.3em;
    background: var(--_l);
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  pre {
    overflow-x: auto;
    padding: 0.7em 0.9em;
    border-radius: var(--_r);
    background: var(--_l);
  }
  pre code {
    padding: 0;
    background: none;
  }
  .body a {
    position: relative;
    color: var(--_a);
  }
  /* The destination, shown on hover and on keyboard focus (never only a title tooltip, which focus cannot open). */
  .body a:hover::after,
  .body a:focus-visible::after {
    content: attr(data-href);
    position: absolute;
    inset-block-start: calc(100% + 0.35em);
    inset-inline-start: 0;
    z-index: 1;
    max-inline-size: min(28em, 80vw);
    overflow: hidden;
    padding: 0.25em 0.5em;
    border-radius: 0.35em;
    background: light-dark(#1f2933, #e8eaed);
    color: light-dark(#fff, #1f2933);
    font-size: 0.8em;
    font-style: normal;
    font-weight: 400;
    white-space: nowrap;
    text-overflow: ellipsis;
    pointer-events: none;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 1em;
    margin-top: 0.5em;
  }
  .act {
    min-block-size: 1.75em;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_a);
    font-size: 0.9em;
    font-weight: 600;
    cursor: pointer;
  }
  .act:hover {
    text-decoration: underline;
  }
  .danger {
    color: var(--_e);
  }
  /* Two classes: the shared form styles' '.skeleton div' (one pulsing bar) must not reach these cards. */
  .skeleton .ghost {
    background: none;
    animation: none;
    display: grid;
    grid-template-columns: 2.4em 1fr;
    gap: 0.5em 0.7em;
    padding: 0.9em 1em;
    border: 1px solid var(--_l);
    border-radius: var(--_r);
    block-size: 7.5em;
  }
  .ghost i,
  .ghost b {
    border-radius: 0.3em;
    background: var(--_l);
    animation: p 1.4s ease-in-out infinite alternate;
  }
  .ghost i {
    grid-row: span 2;
    block-size: 2.4em;
    border-radius: 50%;
  }
  .ghost b {
    block-size: 0.9em;
    inline-size: 40%;
  }
  .ghost b + b {
    inline-size: 85%;
  }
  .empty,
  .failed {
    margin: 0 0 1em;
    padding: 1.2em;
    border: 1px dashed var(--_b);
    border-radius: var(--_r);
    text-align: center;
  }
  .empty {
    color: var(--_m);
    font-size: 1.05em;
  }
  .more {
    margin-top: 1em;
  }
  .form {
    display: grid;
    gap: 1em;
    margin-top: 1.5em;
  }
  .thread .form {
    margin-top: 1em;
    padding-top: 1em;
    border-top: 1px solid var(--_l);
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14em), 1fr));
    gap: 1em;
  }
  .field {
    align-content: start;
  }
  .field input,
  textarea {
    padding: 0.5em 0.75em;
  }
  /* Width, border, corners and surface: formStyles' '.field textarea'. */
  textarea {
    display: block;
    min-block-size: 8em;
    resize: vertical;
  }
  .field [aria-invalid='true'] {
    box-shadow: inset 0 0 0 1px var(--_e);
  }
  .tabrow {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: 0.5em;
  }
  [role='tablist'] {
    display: flex;
  }
  [role='tab'] {
    min-block-size: 2.25em;
    padding: 0 0.9em;
    border: 0;
    border-block-end: 2px solid transparent;
    background: none;
    color: var(--_m);
    font-size: 0.9em;
    font-weight: 600;
    cursor: pointer;
  }
  [role='tab'][aria-selected='true'] {
    border-color: var(--_a);
    color: inherit;
  }
  .preview {
    min-block-size: 8em;
    margin: 0;
    padding: 0.5em 0.75em;
    border: 1px dashed var(--_b);
    border-radius: var(--_r);
  }
  .under {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.25em 1em;
  }
  [part~='over'] {
    color: var(--_e);
    font-weight: 700;
  }
  .check {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.1em 0.65em;
    align-items: center;
  }
  .check input {
    inline-size: 1.4em;
    block-size: 1.4em;
    margin: 0;
    accent-color: var(--_a);
  }
  .check .hint {
    grid-column: 2;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
  }
  .btn {
    padding: 0 1.4em;
    border: 0;
    color: light-dark(#fff, #0b1f1c);
  }
  .btn:hover {
    background: color-mix(in srgb, var(--_a) 82%, #000);
  }
  .btn.secondary {
    box-shadow: inset 0 0 0 1px var(--_a);
  }
  .btn.secondary:hover {
    background: color-mix(in srgb, var(--_a) 10%, transparent);
  }
  .failure {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
    margin: 0;
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
  .notice {
    display: flex;
    align-items: center;
    gap: 0.6em;
    margin: 1.5em 0 0;
    padding: 0.9em 1em;
    border-radius: var(--_r);
    background: color-mix(in srgb, var(--_a) 12%, transparent);
    font-weight: 600;
    outline: none;
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
  @keyframes p {
    to {
      opacity: 0.45;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
    }
  }
  /* A phone or a sidebar: replies indent less, buttons fill the width. */
  @container (width < 30em) {
    .thread .thread {
      margin-inline-start: 0.4em;
      padding-inline-start: 0.7em;
    }
    article {
      padding: 0.75em;
    }
    .row .btn {
      flex: 1;
    }
  }
`;
