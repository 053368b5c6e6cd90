import { svg, type SVGTemplateResult } from 'lit';

/**
 * Hand-simplified 24×24 single-path icons: brand silhouettes are filled (even-odd), the generic
 * ones (share, link, check, mail) are 2-unit strokes, marked by a leading `~`.
 */
const PATHS: Record<string, string> = {
  native: '~M4 12v7a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-7m-4-6l-4-4l-4 4m4-4v13',
  copy: '~M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.5 1.5m2 6a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.5-1.5',
  check: '~M20 6l-11 11l-5-5',
  email: '~M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-16a2 2 0 0 1-2-2v-12a2 2 0 0 1 2-2zm18 2l-10 7l-10-7',
  more: 'M5 10a2 2 0 1 0 0 4a2 2 0 0 0 0-4zm7 0a2 2 0 1 0 0 4a2 2 0 0 0 0-4zm7 0a2 2 0 1 0 0 4a2 2 0 0 0 0-4z',
  whatsapp: 'M12 2a10 10 0 0 0-8.6 15L2 22l5-1.4A10 10 0 1 0 12 2zm0 2a8 8 0 1 1-4.2 14.8L5 19.6l.8-2.8A8 8 0 0 1 12 4zM9 7.2c-1 0-2 .8-2 2.3 0 3 4.4 7.5 7.5 7.5 1.4 0 2.5-.8 2.5-1.8l-2.4-1.4-1.1 1c-1.5-.5-3-2-3.6-3.5l1-1.1-1.3-2.5z',
  facebook: 'M14 22v-8h2l1-3h-4v-2c0-1 1-2 2-2h2v-3a22 22 0 0 0-3 0c-2 0-4 2-4 5v2h-2v3h2v8z',
  x: 'M18 2h3l-7 8l8 11h-6l-5-7l-6 7h-3l8-9l-8-10h6l5 6zm-1 17h1l-11-15h-1z',
  linkedin: 'M20 2h-16a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-16a2 2 0 0 0-2-2zm-12 17h-3v-9h3zm-2-10a2 2 0 1 1 0-4a2 2 0 0 1 0 4zm13 10h-3v-5c0-1 0-2-2-2s-1 1-1 2v5h-3v-9h2v1a3 3 0 0 1 3-1c3 0 4 2 4 4z',
  bluesky: 'M6 4c2 1 5 5 6 7c1-2 4-6 6-7c2-2 5-3 5 1c0 0 0 5-1 6c0 3-3 3-6 3c5 0 6 3 4 5c-5 5-7-1-8-2l0-2l0 2c-1 1-3 7-8 2c-2-2-1-5 4-5c-3 0-6 0-6-3c-1-1-1-6-1-6c0-4 3-3 5-1z',
  mastodon: 'M21.5 8C21.5 3.5 18 2 12 2S2.5 3.5 2.5 8v4.5c0 5.5 3 8.5 8.5 8.5 2 0 4-.5 5-1v-2c-3 .7-8 .9-8.5-2 6.5 1 13.3-.5 13.7-4 .3-1.5.3-2.7.3-4zM17 13h-2.2V8.8c0-1.9-2.8-1.9-2.8.2V11h0V9c0-2.1-2.8-2.1-2.8-.2V13H7V8.5c0-3.5 4-3.5 5-1.5 1-2 5-2 5 1.5z',
  threads: '~M18 8c-1-4-3-5-6-5c-5 0-8 3-8 9s3 9 8 9c4 0 6-2 6-5c0-5-7-5-8-2c0 2 5 3 6 0c0-2 0-4 0-6',
  reddit: 'M12 1a11 11 0 1 0 0 22 11 11 0 0 0 0-22zm0 8.5c-4 0-6.5 2-6.5 4.5s2.5 4 6.5 4 6.5-1.5 6.5-4-2.5-4.5-6.5-4.5zM9.5 12a1.2 1.2 0 1 0 0 2.4 1.2 1.2 0 0 0 0-2.4zm5 0a1.2 1.2 0 1 0 0 2.4 1.2 1.2 0 0 0 0-2.4zm2-7.5a1.4 1.4 0 1 0 0 2.8 1.4 1.4 0 0 0 0-2.8zM5.6 9a1.4 1.4 0 1 0 0 2.8 1.4 1.4 0 0 0 0-2.8zm12.8 0a1.4 1.4 0 1 0 0 2.8 1.4 1.4 0 0 0 0-2.8z',
};

/** The icon for a network (or `check`, `more`): decorative, drawn in `currentColor`. */
export function icon(name: string): SVGTemplateResult {
  const d = PATHS[name] ?? '';
  const stroke = d.startsWith('~');
  return svg`<svg part="icon" class=${stroke ? 'icon s' : 'icon'} viewBox="0 0 24 24" aria-hidden="true"><path d=${stroke ? d.slice(1) : d}></path></svg>`;
}
