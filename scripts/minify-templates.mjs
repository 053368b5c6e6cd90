// A build step for Lit's tagged templates, which no JS minifier touches: css`` loses comments and
// spaces; html`` and svg`` lose the indentation between lines. Applied to our sources only.
const TEMPLATE = /\b(css|html|svg)`((?:[^`\\]|\\.)*)`/gs;

function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};:,>])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

function minifyMarkup(text) {
  // Whitespace that contains a line break is indentation: one space keeps inline spacing intact.
  return text.replace(/\s*\n\s*/g, ' ').replace(/>\s+</g, (m) => (m.includes('\n') ? '> <' : m));
}

export function minifyTemplates(code) {
  return code.replace(TEMPLATE, (whole, tag, body) => {
    // Leave templates with expressions inside CSS values alone if they would be split oddly.
    const out = tag === 'css' ? body.split(/(\$\{[^}]*\})/).map((part) => (part.startsWith('${') ? part : minifyCss(part))).join('') : minifyMarkup(body);
    return `${tag}\`${out}\``;
  });
}

/** Vite plugin form. */
export default function minifyLitTemplates() {
  return {
    name: 'soleus-minify-lit-templates',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      return { code: minifyTemplates(code), map: null };
    },
  };
}
