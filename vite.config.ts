import { defineConfig } from 'vite';
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

export default defineConfig({
  logLevel: 'warn',
  publicDir: false,
  plugins: [minifyLitTemplates()],
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
