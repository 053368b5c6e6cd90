// A build step for Lit's tagged templates, which no JS minifier touches. minify-literals parses each html``, svg``
// and css`` literal (parse-literals finds them, nested ones included, from the real JavaScript syntax) and minifies
// the markup with html-minifier-terser and the styles with clean-css. The regex minifier it replaces stopped at the
// first backtick of a nested template, which is why templates had been squeezed onto single lines.
import { minifyHTMLLiterals } from 'minify-literals';

/** Vite plugin form: our own sources only, after TypeScript has been stripped by Vite. */
export default function minifyLitTemplates() {
  return {
    name: 'soleus-minify-lit-templates',
    async transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      const result = await minifyHTMLLiterals(code, { fileName: id });
      return result ? { code: result.code, map: result.map } : null;
    },
  };
}
