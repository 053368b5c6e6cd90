import { css } from 'lit';

/**
 * Shared owner console styles (phone first): a column that fits 360 px without sideways scrolling, 44 px targets,
 * light and dark through `light-dark()` like the core tokens. Screens use `.screen`, `.card`, `.list`, `.row`,
 * `.actions`, `.muted`, `.badge`. Other engineers may add rules at the end of this file.
 */
export const consoleStyles = css`
  .root {
    --_bg: light-dark(#f6f5f1, #111716);
    --_line: light-dark(#dcdfdc, #2e3a38);
    min-block-size: 100vh;
    background: var(--_bg);
  }
  h1,
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
    font-weight: 700;
  }
  strong,
  b {
    font-weight: 700;
  }
  h1 {
    font-size: 1.5em;
  }
  h2 {
    font-size: 1.15em;
  }
  p {
    margin: 0;
  }
  .screen {
    display: grid;
    gap: 1em;
    max-inline-size: 44em;
    margin: 0 auto;
    padding: 1em 1em 2em;
  }
  .card {
    display: grid;
    gap: 0.75em;
    padding: 1em;
    background: var(--_s);
    border: 1px solid var(--_line);
    border-radius: 0.75em;
    min-inline-size: 0;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
    padding: 0.75em 0;
    border-block-start: 1px solid var(--_line);
  }
  .row:first-child {
    border-block-start: 0;
  }
  .row > div {
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .muted {
    color: var(--_m);
    font-size: 0.9em;
  }
  .badge {
    display: inline-block;
    margin-inline-start: 0.5em;
    padding: 0.1em 0.5em;
    border-radius: 1em;
    background: var(--_n);
    font-size: 0.8em;
    font-weight: 600;
  }
  button {
    min-block-size: 2.75em;
  }
  .btn {
    border: 1px solid var(--_a);
    padding: 0.5em 1em;
    color: light-dark(#fff, #06201d);
  }
  .btn.secondary {
    background: transparent;
    color: var(--_a);
  }
  .btn.danger {
    background: transparent;
    border-color: var(--_e);
    color: var(--_e);
  }
  .btn:disabled {
    opacity: 0.6;
    cursor: default;
  }
  /* The shell: a top bar with the practice's name, the sections as five equal tabs that fit 360 px. */
  header.bar {
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
    background: var(--_s);
    border-block-end: 1px solid var(--_line);
  }
  .brand {
    max-inline-size: 64em;
    margin: 0 auto;
    padding: 0.6em 0.85em 0;
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  /* Twelve sections: one row that scrolls sideways on a phone (the page itself never does), the current one kept in
     view; on a laptop they all fit. */
  nav ul {
    list-style: none;
    margin: 0 auto;
    padding: 0 0.25em;
    max-inline-size: 64em;
    display: flex;
    gap: 0.25em;
    overflow-x: auto;
    overscroll-behavior-x: contain;
    scrollbar-width: thin;
  }
  nav li {
    flex: 0 0 auto;
  }
  nav a {
    display: flex;
    align-items: center;
    justify-content: center;
    min-block-size: 2.75em;
    min-inline-size: 2.75em;
    padding: 0 0.6em;
    white-space: nowrap;
    text-align: center;
    text-decoration: none;
    font-size: 0.8em;
    line-height: 1.2;
    font-weight: 600;
    color: var(--_m);
    border-block-end: 0.2em solid transparent;
  }
  nav a[aria-current='page'] {
    color: var(--_a);
    border-block-end-color: var(--_a);
  }
  #main:focus {
    outline: none;
  }
  .sign-in {
    max-inline-size: 26em;
    padding-block-start: 3em;
  }
  .card form,
  .sign-in form {
    display: grid;
    gap: 0.75em;
  }
  .sign-in .btn {
    inline-size: 100%;
  }
  .practice {
    color: var(--_m);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .or {
    display: flex;
    align-items: center;
    gap: 0.75em;
    color: var(--_m);
  }
  .or::before,
  .or::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid var(--_line);
  }
  @media (min-width: 30em) {
    nav a {
      font-size: 0.9em;
    }
  }
  @media (min-width: 48em) {
    nav a {
      font-size: 1em;
    }
  }
  /* Twelve sections fit one row on a laptop: the bar is wider than the screens' column. */
  @media (min-width: 64em) {
    nav a {
      padding: 0 0.5em;
    }
    nav ul,
    .brand {
      max-inline-size: 76em;
    }
  }
`;
