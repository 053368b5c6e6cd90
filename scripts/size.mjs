#!/usr/bin/env node
// npm run size: raw / gzip / brotli bytes of the embed bundle and of each widget file against
// size-budgets.json, with peers measured in the same run. Exits 1 when a file is over budget
// or a shipped file has no budget. Builds first when dist/ is missing or older than src/.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) time = Math.max(time, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return time;
}

if (!existsSync('dist/soleus.js') || newest('src') > statSync('dist/soleus.js').mtimeMs) {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
}

const sizes = (buffer) => ({
  raw: buffer.length,
  gzip: gzipSync(buffer, { level: 9 }).length,
  brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

const budgets = JSON.parse(readFileSync('size-budgets.json', 'utf8'));
const files = [
  'dist/soleus.js',
  'dist/console.js',
  ...readdirSync('dist/widgets')
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => `dist/widgets/${f}`),
];

const peers = [
  {
    name: 'shareon 2.8.1 (JS + CSS, no framework)',
    files: ['node_modules/shareon/dist/shareon.es.js', 'node_modules/shareon/dist/shareon.min.css'],
  },
  // Comment boxes: the files a site loads from their CDNs (each bundles its framework and Markdown sanitizer).
  {
    name: '@waline/client 3.15.2 (waline.js + waline.css)',
    files: ['node_modules/@waline/client/dist/waline.js', 'node_modules/@waline/client/dist/waline.css'],
    vs: 'dist/widgets/comment-box.js',
  },
  {
    name: 'artalk 2.9.1 (Artalk.js + Artalk.css)',
    files: ['node_modules/artalk/dist/Artalk.js', 'node_modules/artalk/dist/Artalk.css'],
    vs: 'dist/widgets/comment-box.js',
  },
];

const chunkDir = 'dist/chunks';
const chunks = existsSync(chunkDir) ? readdirSync(chunkDir).filter((f) => f.endsWith('.js')) : [];
const isLanguage = (c) => /^(en-US|de|fr|es)-/.test(c);

/** Code a file may load later (the proof-of-work solver): counted in its budget. */
function onDemandCode(file) {
  const text = readFileSync(file, 'utf8');
  const names = new Set([...text.matchAll(/import\(`(?:\.\.?\/)+chunks\/([^`]+\.js)`\)/g)].map((m) => m[1]));
  return [...names].filter((name) => !isLanguage(name) && chunks.includes(name));
}

const rows = [];
let failures = 0;
for (const file of files) {
  const s = sizes(readFileSync(file));
  const later = onDemandCode(file);
  const laterBrotli = later.reduce((sum, name) => sum + sizes(readFileSync(path.join(chunkDir, name))).brotli, 0);
  const counted = s.brotli + laterBrotli;
  const budget = budgets[file];
  const ok = budget !== undefined && counted <= budget;
  if (!ok) failures++;
  rows.push({
    file,
    ...s,
    later,
    laterBrotli,
    counted,
    budget: budget ?? '(none)',
    status: budget === undefined ? 'NO BUDGET' : ok ? 'ok' : 'OVER',
  });
}

const peerRows = peers.map((peer) => {
  const buffer = Buffer.concat(peer.files.map((f) => readFileSync(f)));
  return { name: peer.name, vs: peer.vs, ...sizes(buffer) };
});

// The link card's peer: @microlink/vanilla's dist file imports React, react-dom, styled-components and
// @microlink/mql rather than including them, so it is measured both alone and bundled with what it imports (what a
// page must load to show one card), minified for production like ours.
const { build: esbuild } = await import('esbuild');
const microlinkOwn = sizes(readFileSync('node_modules/@microlink/vanilla/dist/microlink.min.mjs'));
const microlinkBundle = await esbuild({
  stdin: { contents: "import m from '@microlink/vanilla'; globalThis.microlink = m;", resolveDir: root },
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
});
const microlink = {
  name: '@microlink/vanilla 5.5.11 + what it imports',
  ...sizes(Buffer.from(microlinkBundle.outputFiles[0].contents)),
};
peerRows.push(microlink);

// The console's charts: the Insights screen's own code (its SVG charts, template, styles and words; Lit and the
// console's shared modules left out, as they are loaded anyway) against uPlot, the smallest chart library we
// considered, minified with its stylesheet, before any screen code that would feed it. docs/architecture.md
// ("Console charts") records the choice these figures made.
const insightsOwn = await esbuild({
  entryPoints: ['src/console/screens/insights.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  logLevel: 'silent',
  plugins: [
    {
      name: 'shared-outside',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) =>
          args.kind === 'entry-point' || /strings\/insights|schemas\/insights/.test(args.path)
            ? undefined
            : { path: args.path, external: true },
        );
      },
    },
  ],
});
const uplotBundle = await esbuild({
  entryPoints: ['node_modules/uplot/dist/uPlot.esm.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  logLevel: 'silent',
});
const charts = {
  ours: sizes(Buffer.from(insightsOwn.outputFiles[0].contents)),
  uplot: sizes(
    Buffer.concat([
      Buffer.from(uplotBundle.outputFiles[0].contents),
      readFileSync('node_modules/uplot/dist/uPlot.min.css'),
    ]),
  ),
};

const pad = (v, n) => String(v).padStart(n);
console.log(
  `${'file'.padEnd(34)} ${pad('raw', 8)} ${pad('gzip', 7)} ${pad('brotli', 7)} ${pad('+later', 7)} ${pad('counted', 7)} ${pad('budget', 7)}  status`,
);
for (const r of rows) {
  console.log(
    `${r.file.padEnd(34)} ${pad(r.raw, 8)} ${pad(r.gzip, 7)} ${pad(r.brotli, 7)} ${pad(r.laterBrotli, 7)} ${pad(r.counted, 7)} ${pad(r.budget, 7)}  ${r.status}`,
  );
}
console.log(
  '(brotli: the file as the page loads it; +later: code it loads only when a feature is used, counted in its budget)',
);
const languages = chunks.filter(isLanguage);
console.log(
  `\nOn-demand language files (not counted): ${languages.length} in ${chunkDir}/, largest ${Math.max(0, ...languages.map((c) => sizes(readFileSync(path.join(chunkDir, c))).brotli))} B brotli`,
);
for (const c of chunks.filter((c) => !isLanguage(c))) {
  const users = rows.filter((r) => r.later.includes(c)).map((r) => path.basename(r.file));
  console.log(
    `On-demand code (counted in ${users.join(', ') || 'no file'}): ${c} ${sizes(readFileSync(path.join(chunkDir, c))).brotli} B brotli`,
  );
}
// The embed's sixth element: soleus.js loads that widget's own file (its own budget above) only on a page that has one.
{
  const embed = readFileSync('dist/soleus.js', 'utf8');
  for (const [, name] of embed.matchAll(/`widgets\/([a-z-]+)\.js/g)) {
    const own = rows.find((r) => r.file == `dist/widgets/${name}.js`);
    console.log(
      `Loaded by soleus.js only on a page with <soleus-${name}> (not in soleus.js's count; its own file, budget above): widgets/${name}.js ${own?.counted ?? '?'} B brotli`,
    );
  }
}
console.log('\nPeers, measured now:');
for (const p of peerRows) console.log(`  ${p.name.padEnd(40)} raw ${p.raw}, gzip ${p.gzip}, brotli ${p.brotli}`);
const share = rows.find((r) => r.file === 'dist/widgets/share-buttons.js');
if (share && peerRows[0]) {
  console.log(
    `  share-buttons.js / shareon (brotli): ${(share.brotli / peerRows[0].brotli).toFixed(2)}× (Lit included in ours)`,
  );
}
const card = rows.find((r) => r.file === 'dist/widgets/link-card.js');
if (card) {
  console.log(
    `  @microlink/vanilla's own file alone: brotli ${microlinkOwn.brotli} (it needs React, react-dom, styled-components and @microlink/mql besides)`,
  );
  console.log(
    `  link-card.js / @microlink/vanilla with its imports (brotli): ${(card.counted / microlink.brotli).toFixed(2)}× (Lit included in ours; theirs also calls Microlink's API, ours this server)`,
  );
}
console.log(
  `  Console charts: the whole Insights screen (six SVG charts, its template, styles and words) ${charts.ours.brotli} B brotli vs uPlot 1.6.32 alone (JS + CSS, charts only) ${charts.uplot.brotli} B: ${(charts.ours.brotli / charts.uplot.brotli).toFixed(2)}×`,
);
for (const p of peerRows.filter((p) => p.vs)) {
  const ours = rows.find((r) => r.file === p.vs);
  if (ours) {
    console.log(
      `  ${path.basename(p.vs)} (counted, with what it loads later) / ${p.name.split(' (')[0]} (brotli): ${(ours.counted / p.brotli).toFixed(2)}× (${ours.counted} vs ${p.brotli} B)`,
    );
  }
}
// The console imports only types from core/schemas: a value import once pulled all of zod/mini into it (2,764 B).
if (readFileSync('dist/console.js', 'utf8').includes('$ZodType')) {
  console.log('\ndist/console.js contains zod: import only types from core/schemas in src/console.');
  failures++;
}
console.log(failures ? `\n${failures} file(s) over budget or without one.` : '\nAll files within budget.');
process.exit(failures ? 1 : 0);
