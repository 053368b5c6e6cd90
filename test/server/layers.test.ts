/**
 * The server's shape, checked from its import lines: no import circles (type-only imports count too), and each layer
 * imports only the layers below it (docs/architecture.md draws them). A small parser of `import … from` and
 * `export … from` lines is enough: the code base has no dynamic or require() imports between its own files.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file names in an `import … from '…'`, `import '…'` or `export … from '…'` statement. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  const pattern = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gms;
  for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

const rel = (path: string) => relative(src, path).split('\\').join('/');

/** The import graph of src/: file → the src files it imports (relative specifiers, `.js` → `.ts`). */
function graph(): Map<string, { local: string[]; packages: string[] }> {
  const edges = new Map<string, { local: string[]; packages: string[] }>();
  for (const file of files(src)) {
    const local: string[] = [];
    const packages: string[] = [];
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) local.push(rel(resolve(dirname(file), spec.replace(/\.js$/, '.ts'))));
      else packages.push(spec);
    }
    edges.set(rel(file), { local, packages });
  }
  return edges;
}

/** Which layer a file belongs to. */
function layerOf(file: string): string {
  if (file.startsWith('core/')) return 'core';
  if (file.startsWith('components/') || !file.startsWith('server/')) return 'browser';
  const rest = file.slice('server/'.length);
  const folder = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : '';
  if (folder === '') {
    return ['config.ts', 'practice.ts', 'package-root.ts', 'format.ts'].includes(rest) ? 'base' : 'composition';
  }
  return folder; // db, http, mail, pages, booking, newsletter, comments, previews, console, admin
}

const FEATURES = ['booking', 'newsletter', 'comments', 'previews', 'console', 'admin'];
const INFRASTRUCTURE = ['core', 'base', 'db', 'http', 'mail', 'pages'];

/** What each layer may import, besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  browser: ['core'],
  base: ['core'],
  db: ['core', 'base'],
  http: ['core', 'base'],
  pages: ['core', 'base', 'http'],
  mail: ['core', 'base', 'db', 'http', 'pages'],
  composition: [...INFRASTRUCTURE, ...FEATURES],
  ...Object.fromEntries(FEATURES.map((f) => [f, INFRASTRUCTURE])),
};

test('the import parser reads single-line, multi-line, type-only and re-export statements', () => {
  const text = [
    "import { a } from './a.js';",
    'import {',
    '  b,',
    '  type C,',
    "} from '../b.js';",
    "import type { D } from './d.js';",
    "export { e } from './e.js';",
    "export type { F } from './f.js';",
    "import './side-effect.js';",
    'const s = \'import x from "./not-a-statement.js"\';',
  ].join('\n');
  assert.deepEqual(importsOf(text), ['./a.js', '../b.js', './d.js', './e.js', './f.js', './side-effect.js']);
});

test('src/ has no import circles', () => {
  const edges = graph();
  const state = new Map<string, 'open' | 'done'>();
  const circles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of edges.get(file)?.local ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of edges.keys()) visit(file, []);
  assert.ok(edges.size > 50, `found only ${edges.size} files under src/`);
  assert.deepEqual(circles, []);
});

test('every server layer imports only the layers below it', () => {
  const violations: string[] = [];
  for (const [file, { local }] of graph()) {
    const from = layerOf(file);
    const allowed = ALLOWED[from];
    assert.ok(allowed, `${file} is in an unknown layer "${from}": add it to the layer test and docs/architecture.md`);
    for (const target of local) {
      const to = layerOf(target);
      if (to !== from && !allowed.includes(to)) violations.push(`${file} (${from}) imports ${target} (${to})`);
    }
  }
  assert.deepEqual(violations, []);
});

test('browser code imports zod/mini only, never classic zod or server code', () => {
  const violations: string[] = [];
  for (const [file, { local, packages }] of graph()) {
    const layer = layerOf(file);
    if (layer !== 'core' && layer !== 'browser') continue;
    for (const name of packages)
      if (name === 'zod' || name.startsWith('zod/v')) violations.push(`${file} imports ${name}`);
    for (const target of local) if (target.startsWith('server/')) violations.push(`${file} imports ${target}`);
  }
  assert.deepEqual(violations, []);
});

test('the layer rules catch a violation and a circle', () => {
  // The checks above must be able to fail: a feature import from http/ is a violation…
  assert.ok(!ALLOWED.http!.includes(layerOf('server/booking/store.ts')));
  assert.ok(!ALLOWED.db!.includes(layerOf('server/http/idempotency.ts')));
  // …and a booking module importing the newsletter is one too.
  assert.ok(!ALLOWED.booking!.includes(layerOf('server/newsletter/subscribers.ts')));
});
