const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => escapeMap[ch]!);
}

/** Where the pages' stylesheet is served (same origin: the server's CSP allows styles from 'self' only). */
export const PAGE_CSS_PATH = '/subscribe/newsletter.css';

/** The pages' styles: small, readable, light and dark. */
export const PAGE_CSS = `
:root { color-scheme: light dark; }
body { font: 1.0625em/1.5 system-ui, sans-serif; margin: 0; padding: 1.5em 1em; color: #1f2937; background: #f9fafb; }
main { max-width: 34em; margin: 0 auto; background: #fff; border: 1px solid #d1d5db; border-radius: .5em; padding: 1.25em 1.5em; }
h1 { font-size: 1.4em; margin: 0 0 .5em; line-height: 1.25; }
p { margin: .5em 0; }
a { color: #0f766e; }
form { margin: 1em 0 .5em; }
label { display: block; font-weight: 600; margin: .75em 0 .25em; }
label.consent { display: flex; gap: .5em; align-items: flex-start; font-weight: 400; }
input[type=email], input[type=text] { font: inherit; width: 100%; box-sizing: border-box; padding: .5em; border: 1px solid #6b7280; border-radius: .25em; }
input[type=checkbox] { width: 1.25em; height: 1.25em; margin: .15em 0 0; flex: none; }
[aria-invalid=true] { border-color: #b91c1c; }
.error { color: #b91c1c; margin: .25em 0 0; }
button { font: inherit; font-weight: 600; margin-top: 1em; padding: .6em 1.2em; min-height: 2.75em; border: 0; border-radius: .375em; color: #fff; background: #0f766e; cursor: pointer; }
button:focus-visible, a:focus-visible, input:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.muted { color: #4b5563; font-size: .9em; }
@media (prefers-color-scheme: dark) {
  body { background: #111827; color: #e5e7eb; }
  main { background: #1f2937; border-color: #374151; }
  a { color: #5eead4; }
  .muted { color: #9ca3af; }
  .error { color: #fca5a5; }
  input[type=email], input[type=text] { background: #111827; color: inherit; }
}
`;

/** A complete, self-contained page: no scripts, styles from the same origin only, everything interpolated is escaped by the caller. */
export function pageHtml(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${PAGE_CSS_PATH}">
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${bodyHtml}
</main>
</body>
</html>`;
}

/** Headers of every newsletter page: never cached, never indexed, never leaking its token-bearing URL onwards. */
export const PAGE_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
};
