import { defineConfig } from 'vite';

/**
 * Storybook's own Vite config: the root vite.config.ts is a library build (build.lib, one entry)
 * that Storybook must not inherit. main.ts points the builder here.
 */
export default defineConfig({
  logLevel: 'warn',
  // Storybook's own preview chunks (docs, addons) are large by nature; this is not the widget bundle.
  build: { chunkSizeWarningLimit: 2000 },
  optimizeDeps: { include: ['lit', 'lit/decorators.js', 'lit/directive-helpers.js'] },
});
