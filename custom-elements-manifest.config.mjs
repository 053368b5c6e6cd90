import path from 'node:path';

/**
 * Our tags are registered through the guarded `defineElement('soleus-x', SoleusX)` (src/core/define.ts),
 * not `customElements.define`, so the analyzer cannot see the tag on its own. This plugin reads those
 * calls in `*.define.ts` and adds the `custom-element-definition` export the analyzer links to the class.
 */
function guardedDefinePlugin() {
  return {
    name: 'soleus-guarded-define',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node)) return;
      if (!ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tagArg, classArg] = node.arguments;
      if (!tagArg || !classArg || !ts.isStringLiteralLike(tagArg) || !ts.isIdentifier(classArg)) return;
      const className = classArg.text;

      // Where the class comes from: an import in this file, else this module.
      let modulePath = moduleDoc.path;
      for (const statement of node.getSourceFile().statements) {
        if (!ts.isImportDeclaration(statement)) continue;
        const bindings = statement.importClause?.namedBindings;
        if (!bindings || !ts.isNamedImports(bindings)) continue;
        if (!bindings.elements.some((e) => e.name.text === className)) continue;
        const specifier = statement.moduleSpecifier.text;
        if (specifier.startsWith('.')) {
          modulePath = path.posix.join(path.posix.dirname(moduleDoc.path), specifier).replace(/\.js$/, '.ts');
        }
      }

      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        {
          kind: 'custom-element-definition',
          name: tagArg.text,
          declaration: { name: className, module: modulePath },
        },
      ];
    },
  };
}

/**
 * Keeps the manifest to the public API, which is what Storybook turns into controls and docs:
 * - Lit `state: true` properties are private fields, not attributes (the analyzer lists them anyway);
 * - private and protected members are dropped;
 * - a `dispatchEvent(new SoleusXEvent(…))` call yields a nameless event: its type is moved onto the
 *   named `@fires` entry and the nameless one removed.
 */
function publicApiPlugin() {
  /** `type ShareLayout = 'row' | 'compact'` and the like, so docs and controls show the allowed values. */
  const unions = new Map();
  return {
    name: 'soleus-public-api',
    analyzePhase({ ts, node }) {
      if (!ts.isTypeAliasDeclaration(node) || !ts.isUnionTypeNode(node.type)) return;
      if (node.type.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) {
        unions.set(node.name.text, node.type.getText());
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          const hidden = new Set(
            (decl.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name),
          );
          if (decl.members)
            decl.members = decl.members.filter((m) => !hidden.has(m.name) && !(m.static && m.name === 'version'));
          if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !hidden.has(a.fieldName ?? a.name));
          for (const item of [...(decl.members ?? []), ...(decl.attributes ?? [])]) {
            if (item.type && unions.has(item.type.text)) item.type = { text: unions.get(item.type.text) };
          }
          if (decl.events) {
            const typed = decl.events.filter((e) => !e.name && e.type);
            decl.events = decl.events.filter((e) => e.name);
            if (typed.length === 1 && decl.events.length === 1 && !decl.events[0].type)
              decl.events[0].type = typed[0].type;
          }
        }
      }
    },
  };
}

/**
 * The manifest ships in the widgets package, which holds the compiled dist/npm/**, not src/**: every module
 * `path` and every `module` reference (`src/x.ts`, `/src/x.js`, or `./x.js` relative to the module that names it)
 * becomes the shipped `dist/npm/x.js`, and each module gets the `typeDefinitionPath` of its `.d.ts` (a field of the
 * schema's later versions that editors read; schema 1.0.0 tools ignore it). References to other packages
 * (`package: 'lit'`) stay as they are. test/pack checks that every path it names is a file in the package.
 */
function shippedPathsPlugin() {
  const shipped = (file) => {
    const clean = file.replace(/^\/+/, '');
    if (!clean.startsWith('src/')) return clean;
    return 'dist/npm/' + clean.slice('src/'.length).replace(/\.ts$/, '.js');
  };
  const rewrite = (value, modulePath) => {
    if (Array.isArray(value)) return value.forEach((item) => rewrite(item, modulePath));
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'module' && typeof child === 'string' && !('package' in value)) {
        const resolved = child.startsWith('.') ? path.posix.join(path.posix.dirname(modulePath), child) : child;
        value.module = shipped(resolved);
      } else rewrite(child, modulePath);
    }
  };
  return {
    name: 'soleus-shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        const source = mod.path;
        rewrite(mod.declarations, source);
        rewrite(mod.exports, source);
        mod.path = shipped(source);
        mod.typeDefinitionPath = mod.path.replace(/\.js$/, '.d.ts');
      }
    },
  };
}

/**
 * custom-elements.json for Storybook (controls, autodocs) and editors.
 * Run: `npx cem analyze` (reads this file; writes ./custom-elements.json).
 *
 * src/core/base.ts is analysed too so the inherited `theme` and `lang` attributes of SoleusElement
 * appear on every widget; internal logic and message catalogues stay out.
 */
export default {
  globs: ['src/components/**/*.ts', 'src/core/base.ts'],
  exclude: ['src/components/**/internal/**', 'src/components/**/messages/**', 'src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  packagejson: true,
  plugins: [guardedDefinePlugin(), publicApiPlugin(), shippedPathsPlugin()],
};
