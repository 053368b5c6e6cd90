// @web/test-runner: component tests (and the lead's packaging tests) in Debian's Chromium.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter } from '@web/test-runner';
import { chromiumLaunchOptions } from './test/support/chromium.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Writes `{ passed, failed }` to $WTR_SUMMARY_FILE so CI can print one summary line. */
function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const file = process.env.WTR_SUMMARY_FILE;
      if (!file) return;
      let passed = 0;
      let failed = 0;
      const count = (suite) => {
        for (const test of suite?.tests ?? []) {
          if (test.skipped) continue;
          if (test.passed) passed++;
          else failed++;
        }
        for (const child of suite?.suites ?? []) count(child);
      };
      for (const session of sessions) {
        count(session.testResults);
        // A session that crashed or failed to load counts as a failure even with no test results.
        if (!session.passed && (session.errors?.length ?? 0) > 0) failed++;
      }
      writeFileSync(file, JSON.stringify({ passed, failed }) + '\n');
    },
  };
}

export default {
  rootDir: root,
  files: ['test/components/**/*.test.ts', 'test/packaging/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  // A bound, not a speed target: keyboard tests make several browser round trips (sendKeys), and on a loaded 2-core CI
  // machine 5 s was too little for some (timeouts in share-buttons and booking-manage while other work ran).
  testFramework: { config: { timeout: 20000 } },
  plugins: [esbuildPlugin({ ts: true, tsconfig: path.join(root, 'tsconfig.json') })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        ...chromiumLaunchOptions,
      },
      createBrowserContext: ({ browser }) => browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] }),
    }),
  ],
  reporters: [defaultReporter(), summaryReporter()],
};
