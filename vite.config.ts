import { defineConfig, type Plugin } from 'vite';
// @ts-expect-error: a plain .mjs build helper without types
import minifyLitTemplates from './scripts/minify-templates.mjs';

/**
 * Library build of ONE self-contained ES module: Lit and every dependency inside, minified.
 * scripts/build.mjs runs it once per entry (a single-file output takes one entry per build):
 * `SOLEUS_ENTRY` is the source, `SOLEUS_OUT` the file under dist/. Only the non-default
 * language catalogues become separate files (dist/chunks/), loaded on demand.
 */
const entry = process.env.SOLEUS_ENTRY ?? 'src/embed.ts';
const out = process.env.SOLEUS_OUT ?? 'soleus.js';

/**
 * Output files that open with V8's explicit compile hint (https://v8.dev/blog/explicit-compile-hints, Chrome 136+;
 * other engines see a comment): every function is compiled eagerly, on the thread that streams the script in, instead
 * of lazily on the host page's main thread the first time it is called. Worth it where nearly all of a file runs
 * before the widget's first render: the booking calendar's month runs all of Lit and most of its own code, and
 * compiling that lazily cost about 4 ms of main thread per cold load (scripts/bench-calendar.mjs); the eager compile
 * costs about 4 ms more on the streaming thread and some 60 KB of heap. Not the embed, which holds every widget while
 * a page shows one or two of them.
 */
const EAGER = ['widgets/booking-calendar.js'];

/** Puts the compile hint on the entry file's first line, after minification (which drops comments), map included. */
function compileHint(): Plugin {
  return {
    name: 'soleus-compile-hint',
    generateBundle(_, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type != 'chunk' || !file.isEntry) continue;
        file.code = `//# allFunctionsCalledOnLoad\n${file.code}`;
        // One line more on top: the source map's mappings start with one more (empty) line.
        const map = bundle[`${file.fileName}.map`];
        if (map?.type == 'asset') {
          const json = JSON.parse(String(map.source)) as { mappings: string };
          json.mappings = `;${json.mappings}`;
          map.source = JSON.stringify(json);
        }
        if (file.map) file.map.mappings = `;${file.map.mappings}`;
      }
    },
  };
}

export default defineConfig({
  logLevel: 'warn',
  publicDir: false,
  plugins: [minifyLitTemplates(), ...(EAGER.includes(out) ? [compileHint()] : [])],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    reportCompressedSize: false,
    lib: { entry, formats: ['es'], fileName: () => out },
    rolldownOptions: {
      output: {
        minify: true,
        comments: false,
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
