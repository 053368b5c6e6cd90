#!/usr/bin/env node
// npm run pack (after npm run build): the two publishable packages, as tarballs in dist/packages/
// (or in the folder given with --out):
// - @soleus/widgets: the browser code only (dist/npm with types, the one-file bundle, the per-widget files and their
//   chunks, custom-elements.json); no bin, dependencies only what that code imports;
// - soleus: the server and its bin (`npx soleus serve`), with the built widget files it serves, demo/ and public/;
//   dependencies only what the compiled server imports.
// Each package is staged in a folder next to its tarball, laid out like dist/ in this repository, so the paths the
// server reads (src/server/package-root.ts, static.ts) and the ones custom-elements.json names are the same in a clone
// and in the installed package. Dependencies are found by reading the import statements of the shipped files (the
// TypeScript preprocessor: static, dynamic and type imports) and take their exact versions from the root
// package.json: an import of something that is not a dependency there fails the pack.
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1] : 'dist/packages');
const rootPkg = JSON.parse(readFileSync('package.json', 'utf8'));

function fail(message) {
  console.error(`pack: ${message}`);
  process.exit(1);
}

/** Every public widget: a folder in src/components with a <name>.define.ts (as scripts/build.mjs builds them). */
function widgets() {
  return readdirSync('src/components', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`src/components/${d.name}/${d.name}.define.ts`))
    .map((d) => d.name)
    .sort();
}

/** Every file under dir (relative paths, posix separators). */
function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? walk(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

const builtins = new Set(builtinModules);
/** 'zod/mini' → 'zod', '@hono/node-server/conninfo' → '@hono/node-server', 'node:fs' and './x.js' → undefined. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtins.has(name) ? undefined : name;
}

/** The exact dependencies the staged package's .js and .d.ts files import, versions from the root package.json. */
function dependenciesOf(stage) {
  const importedBy = new Map();
  for (const file of walk(stage)) {
    if (!/\.(m?js|d\.ts)$/.test(file)) continue;
    const info = ts.preProcessFile(readFileSync(path.join(stage, file), 'utf8'), true, true);
    for (const { fileName } of [...info.importedFiles, ...info.typeReferenceDirectives]) {
      const name = packageOf(fileName);
      if (name && !importedBy.has(name)) importedBy.set(name, file);
    }
  }
  const deps = {};
  for (const [name, file] of [...importedBy].sort(([a], [b]) => a.localeCompare(b))) {
    const version = rootPkg.dependencies?.[name];
    if (!version) fail(`${file} imports "${name}", which is not in the root package.json "dependencies"`);
    deps[name] = version;
  }
  return deps;
}

function copy(from, stage, filter = () => true) {
  if (!existsSync(from)) fail(`${from} is missing: run npm run build first`);
  cpSync(from, path.join(stage, from), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || filter(src),
  });
}

function writeJson(file, value) {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** `npm pack` of a staged folder into `out`; returns the tarball's path. */
function npmPack(stage) {
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
    cwd: stage,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [{ filename, size, unpackedSize, entryCount }] = JSON.parse(output);
  const tarball = path.join(out, filename);
  const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
  console.log(`${path.relative(root, tarball)}: ${kB(size)} (unpacked ${kB(unpackedSize)}, ${entryCount} files)`);
  return tarball;
}

const template = (name) => JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8'));
const noMaps = (src) => !src.endsWith('.map');

function packWidgets() {
  const stage = path.join(out, 'widgets');
  const names = widgets();
  for (const name of names) {
    if (!existsSync(`dist/widgets/${name}.js`)) fail(`dist/widgets/${name}.js is missing: run npm run build first`);
  }
  copy('dist/npm', stage, noMaps);
  copy('dist/soleus.js', stage);
  copy('dist/widgets', stage, noMaps);
  copy('dist/chunks', stage, noMaps);
  copy('custom-elements.json', stage);
  cpSync('packages/widgets/README.md', path.join(stage, 'README.md'));

  // Types for the bundled files. Each defines its elements (so its types carry the HTMLElementTagNameMap
  // augmentation of the define modules) and a per-widget file also exports its class, as the bundle does.
  writeFileSync(
    path.join(stage, 'dist/soleus.d.ts'),
    `// Defines every Soleus element: the tag names are typed through the define modules' HTMLElementTagNameMap.\nimport './npm/define-all.js';\nexport {};\n`,
  );
  for (const name of names) {
    writeFileSync(
      path.join(stage, `dist/widgets/${name}.d.ts`),
      `// Defines <soleus-${name}> and exports its class, like the bundle it types.\nexport * from '../npm/components/${name}/${name}.define.js';\n`,
    );
  }

  const entry = (file) => ({ types: `./${file}.d.ts`, default: `./${file}.js` });
  const exports = { '.': entry('dist/npm/index') };
  for (const name of names) {
    exports[`./${name}`] = entry(`dist/npm/components/${name}/${name}`);
    exports[`./${name}/define`] = entry(`dist/npm/components/${name}/${name}.define`);
  }
  exports['./embed'] = entry('dist/npm/define-all');
  exports['./soleus.js'] = entry('dist/soleus');
  for (const name of names) exports[`./widgets/${name}.js`] = entry(`dist/widgets/${name}`);
  exports['./custom-elements.json'] = './custom-elements.json';
  exports['./package.json'] = './package.json';
  for (const [key, target] of Object.entries(exports)) {
    if (key === './package.json') continue; // written below
    for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
      if (!existsSync(path.join(stage, file))) fail(`export "${key}" points at ${file}, which is not in the package`);
    }
  }

  const { name, ...rest } = template('widgets');
  writeJson(path.join(stage, 'package.json'), {
    name,
    version: rootPkg.version,
    ...rest,
    exports,
    dependencies: dependenciesOf(stage),
  });
  return npmPack(stage);
}

function packServer() {
  const stage = path.join(out, 'server');
  copy('dist/node', stage, noMaps);
  copy('dist/soleus.js', stage);
  copy('dist/console.js', stage); // the owner console, served at /admin/console.js
  copy('dist/widgets', stage, noMaps);
  copy('dist/chunks', stage, noMaps);
  // The demo practice and page (served at / and read as the default practice) and the server's own assets.
  for (const dir of ['demo', 'public']) if (existsSync(dir)) copy(dir, stage);
  cpSync('packages/server/README.md', path.join(stage, 'README.md'));
  const { name, ...rest } = template('server');
  if (name !== 'soleus') fail('the server package must be named "soleus": src/server/package-root.ts looks for it');
  for (const bin of Object.values(rest.bin ?? {})) {
    if (!existsSync(path.join(stage, bin))) fail(`the bin ${bin} is not in the package`);
  }
  writeJson(path.join(stage, 'package.json'), {
    name,
    version: rootPkg.version,
    ...rest,
    dependencies: dependenciesOf(stage),
  });
  return npmPack(stage);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const started = Date.now();
packWidgets();
packServer();
console.log(`Packed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
