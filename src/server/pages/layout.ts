/**
 * The one layout of the server's own HTML pages (newsletter confirmations, form answers, the dev outbox, the
 * fallback home page, and the booking's manage page later).
 *
 * Every page is built with `hono/html`'s html`` tag, which escapes every interpolated string: a page can only put
 * markup in by nesting another html`` fragment, and `raw()` is the one visible exception (none is needed today).
 *
 * The tag is imported as `markup` in every page and mail module. Under its own name Prettier would format the
 * templates as HTML documents: it rewrites `<input>` as `<input />` and reflows text, changing the bytes the pages send
 * (and that the tests read). Same function, another name.
 * No scripts and no inline styles: the server's CSP allows scripts and styles from 'self' only, so the pages share
 * `public/pages.css`, served at {@link PAGES_CSS_PATH}.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { html as markup } from 'hono/html';
import { packageInfo } from '../package-root.js';

/** A piece of HTML built with hono's html`` (`markup`): already escaped, safe to nest inside another. */
export type Fragment = ReturnType<typeof markup>;

/** A finished page: HTML text (a string marked escaped by hono). */
export type Html = Awaited<Fragment>;

/** Where the shared page stylesheet is served (the static `/assets/*` route, from `public/`). */
export const PAGES_CSS_PATH = '/assets/pages.css';

/** The newsletter pages' stylesheet path before they shared {@link PAGES_CSS_PATH}; still serves the same file. */
export const OLD_NEWSLETTER_CSS_PATH = '/subscribe/newsletter.css';

let css: string | undefined;

/** The text of `public/pages.css`, for the older stylesheet paths that serve the same file. */
export function pagesCss(): string {
  css ??= readFileSync(join(packageInfo().root, 'public', 'pages.css'), 'utf8');
  return css;
}

/** Headers of every page with a token-bearing URL: never cached, never indexed, never leaking the URL onwards. */
export const PAGE_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
};

/** What {@link layout} needs. */
export interface LayoutOptions {
  /** The document title, and the page's `<h1>` unless `heading` is false. */
  title: string;
  /** The page's language; default `en`. */
  lang?: string;
  /** The content after the heading. */
  body: Fragment;
  /** `false` when the body brings its own `<h1>`. */
  heading?: boolean;
  /** A wider column (the dev outbox); default a reading column. */
  wide?: boolean;
  /** Extra elements for `<head>` (a module script of our own, for the manage page). */
  head?: Fragment;
  /** A header above the page's column (the manage page names the practice there). */
  header?: Fragment;
  /** A footer below it (the manage page's way back to the practice's site). */
  footer?: Fragment;
  /** A class on `<body>` (the owner console's full-width app page). */
  bodyClass?: string;
}

/**
 * Turns a fragment into the finished string. Our templates interpolate strings, numbers and other fragments only,
 * so hono's html`` never returns a promise here; if a promise slipped in, this fails loudly rather than sending
 * `[object Promise]`.
 */
export function rendered(fragment: Fragment): Html {
  if (fragment instanceof Promise) throw new TypeError('A page template received a promise');
  return fragment;
}

/** A complete page in the shared layout. */
export function layout(options: LayoutOptions): Html {
  const { title, lang = 'en', body, heading = true, wide = false, head, header, footer, bodyClass } = options;
  return rendered(markup`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${PAGES_CSS_PATH}">
${head ?? ''}
</head>
<body${bodyClass ? markup` class="${bodyClass}"` : ''}>
${header ?? ''}
<main id="main"${wide ? markup` class="wide"` : ''}>
${heading ? markup`<h1>${title}</h1>` : ''}
${body}
</main>
${footer ?? ''}
</body>
</html>
`);
}
