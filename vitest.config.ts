import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './test/support/chromium.mjs';

const configDir = fileURLToPath(new URL('./.storybook', import.meta.url));

/** Every story is a test in Debian's Chromium (no browser download): play functions + axe. */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        plugins: [storybookTest({ configDir })],
        optimizeDeps: { include: ['lit', 'lit/decorators.js', 'lit/directive-helpers.js'] },
        test: {
          name: 'storybook',
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                ...chromiumLaunchOptions,
              },
              // Lets the Copy link story take the real path (navigator.clipboard.writeText) instead of the fallback.
              contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
            }),
            instances: [{ browser: 'chromium' }],
          },
          setupFiles: ['.storybook/vitest.setup.ts'],
        },
      },
    ],
  },
});
