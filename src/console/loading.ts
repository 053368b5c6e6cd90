import { html, nothing } from 'lit';

/**
 * What a list or form shows until its data comes: `rows` pulsing bars (`.skeleton` in core/form-styles.ts), or nothing once the
 * read failed, because the screen's alert then says so and offers Try again.
 */
export function loading(failed: unknown, rows = 2) {
  return failed
    ? nothing
    : html`<div class="skeleton" aria-hidden="true">${Array.from({ length: rows }, () => html`<div></div>`)}</div>`;
}
