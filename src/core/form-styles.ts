import { css } from 'lit';

/**
 * Form and button styles every widget with a form shares (booking, newsletter, booking manage; comments and the
 * console next): the surface, border, error, muted and radius tokens, a field (label, input, error text beside it),
 * and the primary and secondary buttons. Widgets add their own rules after these.
 *
 * Tokens: `--_s` field surface, `--_b` field border (3:1 against both surfaces, WCAG 1.4.11), `--_e` error colour,
 * `--_m` muted text, `--_r` radius; `--_a` (accent) comes from baseStyles. Targets are at least 2.75em (44 px at
 * 16 px) tall, above WCAG 2.5.8's 24 px.
 *
 * Messages: `.notice` (progress, prompts, facts to know: a `role="status"` region or a plain paragraph) and `.alert`
 * (a problem: a `role="alert"` region) differ by more than colour, each with its own icon, tint and border, text at
 * least 7:1 on its tint in light and dark. Empty ones stay in the tree (a live region must exist before it speaks) but
 * take no space. `.skeleton` is the loading shape (rows that pulse, still under prefers-reduced-motion).
 */
export const formStyles = css`
  .root {
    --_s: var(--soleus-color-surface, light-dark(#fff, #202124));
    --_b: var(--soleus-color-border, light-dark(#6b7785, #8e959c));
    --_e: light-dark(#b42318, #ffb4a8);
    --_m: light-dark(#4b5563, #c4c9cf);
    --_r: var(--soleus-radius, 0.5em);
    --_n: light-dark(#eef2f6, #252b33);
    --_nb: light-dark(#5b6776, #9aa4b1);
    --_eb: light-dark(#fdecea, #3d1714);
  }
  .field {
    display: grid;
    gap: 0.3em;
  }
  .field label {
    font-weight: 600;
  }
  /* A percentage width drops the input's intrinsic ~20-character minimum, which would overflow a narrow column. */
  .field input,
  .field textarea,
  .field select {
    inline-size: 100%;
    min-block-size: 2.75em;
    border: 1px solid var(--_b);
    border-radius: var(--_r);
    background: var(--_s);
  }
  .error {
    color: var(--_e);
    font-size: 0.9em;
  }
  .field [aria-invalid='true'] {
    border-color: var(--_e);
  }
  .btn {
    justify-self: start;
    min-block-size: 2.75em;
    border-radius: var(--_r);
    background: var(--_a);
    font-weight: 600;
    cursor: pointer;
  }
  .btn.secondary {
    background: transparent;
    color: var(--_a);
  }
  .notice,
  .alert {
    display: flex;
    gap: 0.6em;
    margin: 0;
    padding: 0.6em 0.75em;
    border: 1px solid var(--_nb);
    border-inline-start-width: 4px;
    border-radius: var(--_r);
    background: var(--_n);
    font-weight: 600;
  }
  .notice:empty,
  .alert:empty {
    display: none;
  }
  /* The icon is decorative (empty alternative text): the role and the words carry the meaning. */
  .notice::before,
  .alert::before {
    content: 'i' / '';
    flex: none;
    display: grid;
    place-items: center;
    inline-size: 1.3em;
    block-size: 1.3em;
    border-radius: 50%;
    background: var(--_nb);
    color: light-dark(#fff, #111);
    font: italic 700 0.85em/1 serif;
  }
  .alert {
    border-color: var(--_e);
    background: var(--_eb);
    color: light-dark(#7a1f14, #ffdad4);
  }
  .alert::before {
    content: '!' / '';
    border-radius: 0.2em;
    background: var(--_e);
    font-style: normal;
    font-family: inherit;
  }
  .skeleton {
    display: grid;
    gap: 1em;
  }
  .skeleton div {
    block-size: 1.6em;
    border-radius: var(--_r);
    background: light-dark(#e5e7eb, #374151);
    animation: pulse 1.5s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton div {
      animation: none;
    }
  }
`;
