/**
 * Hand-written checks the widgets' forms share, the same rules as the shared zod/mini schemas (src/core/schemas/;
 * tests run both over the same inputs): importing the schemas would add about 6 kB brotli to each widget.
 */

/** zod 4's `z.email()` pattern (zod/v4/core/regexes.js `email`). */
export const EMAIL =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** Control characters (line breaks included): they would end up in email headers and greetings. */
export const CONTROL = /[\u0000-\u001f\u007f]/;

/** `nameHasLink` of the shared schema: a scheme, `www.`, `://`, a domain with a path, or a bare spam-TLD domain. */
export const nameHasLink = (name: string): boolean =>
  /https?|www\.|:\/\/|[a-z0-9-]\.[a-z]{2,}\//i.test(name) ||
  /[a-z0-9-]\.(com|net|org|info|biz|io|co|ru|cn|xyz|top|click|link|ly|me|site|online|shop|app)\b/i.test(name);
