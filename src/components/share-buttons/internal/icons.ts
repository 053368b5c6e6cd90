import { html, type TemplateResult } from 'lit';

/**
 * Hand-simplified 24×24 single-path icons: brand silhouettes are filled (even-odd), the generic
 * ones (share, link, check, mail) are 2-unit strokes, marked by a leading `~`.
 */
const PATHS: Record<string, string> = {
  native: '~M4 13v8h16v-8M8 7l4-4l4 4m-4-4v12',
  copy: '~M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.5 1.5m2 6a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.5-1.5',
  check: '~M20 6l-11 11l-5-5',
  email: '~M3 5h18v14h-18zl9 7l9-7',
  more: '~M4.5 12h1m6 0h1m6 0h1',
  whatsapp:
    '~M3 21l1.5-5a9 9 0 1 1 3.5 3.5zm6-13c-1 0-1 1-1 2c0 3 3 6 6 6c1 0 2-1 2-1.5l-2-1.5l-1 1c-1-.5-2.5-2-3-3l1-1z',
  facebook: 'M13 22v-8h3l1-4h-4v-2c0-1 1-2 2-2h2v-4h-3c-3 0-5 2-5 6v2h-3v4h3v8z',
  x: 'M17 3h3l-6 7l8 11h-6l-4-6l-6 6h-3l7-8l-7-10h6l4 6zm-1 16h2l-11-14h-2z',
  linkedin: 'M2 2h20v20h-20zm3 8v9h3v-9zm0-4v3h3v-3zm5 4v9h3v-5c0-2 3-2 3 0v5h3v-5c0-5-6-5-6-3v-1z',
  bluesky:
    'M12 11c-2-4-6-8-9-8c-2 0-1 6 0 7c1 1 3 2 5 2c-3 1-4 4-1 6c3 2 4-1 5-4c1 3 2 6 5 4c3-2 2-5-1-6c2 0 4-1 5-2c1-1 2-7 0-7c-3 0-7 4-9 8z',
  mastodon: '~M20 13v-5c0-4-4-5-8-5s-8 1-8 5v5c0 6 5 8 11 6m5-6c0 2-4 3-8 3m-4-3v-5c0-2 4-2 4 0c0-2 4-2 4 0v5m-4-5v3',
  threads: '~M19 8c-1-3-3-5-7-5c-5 0-8 3-8 9s3 9 8 9c4 0 7-2 7-5c0-5-8-5-8-2c0 2 6 3 6-1v-6',
  reddit: '~M12 9c-5 0-8 2-8 5s3 5 8 5s8-2 8-5s-3-5-8-5zm0 0l1-5l4 1m0 0h0m-8 8v1m6-1v1',
};

/** The icon for a network (or `check`, `more`): decorative, drawn in `currentColor`. */
export function icon(name: string): TemplateResult {
  const d = PATHS[name] ?? '';
  // html``, not svg``: the <svg> element is in the template, so the parser already builds SVG nodes.
  return html`<svg part="icon" class=${d[0] == '~' ? 's' : ''} viewBox="0 0 24 24" aria-hidden="true">
    <path d=${d.replace('~', '')}></path>
  </svg>`;
}
