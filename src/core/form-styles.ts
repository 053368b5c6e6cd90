import { css } from 'lit';

/**
 * Form and button styles every widget with a form shares (booking, newsletter, booking manage; comments and the
 * console next): the surface, border, error, muted and radius tokens, a field (label, input, error text beside it),
 * and the primary and secondary buttons. Widgets add their own rules after these.
 *
 * Tokens: `--_s` field surface, `--_b` field border (3:1 against both surfaces, WCAG 1.4.11), `--_e` error colour,
 * `--_m` muted text, `--_r` radius; `--_a` (accent) comes from baseStyles. Targets are at least 2.75em (44 px at
 * 16 px) tall, above WCAG 2.5.8's 24 px.
 */
export const formStyles = css`
  .root {
    --_s: var(--soleus-color-surface, light-dark(#fff, #202124));
    --_b: var(--soleus-color-border, light-dark(#6b7785, #8e959c));
    --_e: light-dark(#b42318, #ffb4a8);
    --_m: light-dark(#4b5563, #c4c9cf);
    --_r: var(--soleus-radius, 0.5em);
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
`;
