#!/usr/bin/env node
// Where a bundle's brotli bytes are: builds one entry with source maps into a temporary directory, then, for each
// source module, the brotli cost it adds (brotli of the whole file minus brotli of the file without that module's
// bytes: what removing it would save, since brotli shares repeats across modules) and its minified size; the files
// it loads later (not the language files) are listed with their own brotli size.
//   node scripts/size-breakdown.mjs                    the embed (dist/soleus.js)
//   node scripts/size-breakdown.mjs comment-box        one widget (dist/widgets/comment-box.js)
import { build } from 'vite';
import { decode } from '@jridgewell/sourcemap-codec';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const widget = process.argv[2];
const [entry, out] = widget
  ? [`src/components/${widget}/${widget}.define.ts`, `widgets/${widget}.js`]
  : ['src/embed.ts', 'soleus.js'];
const outDir = mkdtempSync(path.join(tmpdir(), 'soleus-size-'));
process.env.SOLEUS_ENTRY = entry;
process.env.SOLEUS_OUT = out;
await build({
  configFile: path.join(root, 'vite.config.ts'),
  build: { outDir, sourcemap: true, emptyOutDir: false },
});

const br = (text) => brotliCompressSync(Buffer.from(text), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const file = path.join(outDir, out);
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
const name = (i) =>
  i === undefined
    ? '(no source)'
    : path.relative(root, path.resolve(path.dirname(file), map.sources[i])).replace(/^.*node_modules\//, '');

// Each run of minified text, with the module it came from.
const pieces = [];
const lines = code.split('\n');
const mappings = decode(map.mappings);
for (let l = 0; l < lines.length; l++) {
  let from = 0;
  let source;
  for (const segment of mappings[l] ?? []) {
    if (segment[0] > from) pieces.push([name(source), lines[l].slice(from, segment[0])]);
    from = segment[0];
    source = segment.length > 1 ? segment[1] : undefined;
  }
  pieces.push([name(source), lines[l].slice(from) + '\n']);
}

const total = br(code);
const rows = [...new Set(pieces.map(([s]) => s))]
  .map((s) => ({
    s,
    raw: pieces.reduce((n, [m, t]) => n + (m == s ? t.length : 0), 0),
    cost: total - br(pieces.map(([m, t]) => (m == s ? '' : t)).join('')),
  }))
  .sort((a, b) => b.cost - a.cost);

console.log(`${out}: ${code.length} B minified, ${total} B brotli\n`);
console.log(`${'brotli'.padStart(7)} ${'minified'.padStart(9)}  module`);
for (const r of rows) console.log(`${String(r.cost).padStart(7)} ${String(r.raw).padStart(9)}  ${r.s}`);
const later = [...new Set([...code.matchAll(/import\(`(?:\.\.?\/)+chunks\/([^`]+\.js)`\)/g)].map((m) => m[1]))].filter(
  (c) => !/^(en-US|de|fr|es)-/.test(c),
);
for (const c of later)
  console.log(`\nLoaded later: chunks/${c} ${br(readFileSync(path.join(outDir, 'chunks', c)))} B brotli`);
rmSync(outDir, { recursive: true, force: true });
