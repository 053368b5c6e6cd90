// End to end: every console screen when the server cannot answer its data, in Chromium against the real server and
// the built dist/console.js. The owner API answers 503 with the contract's error shape (the session still holds):
// each screen says so in its alert, in words, with nothing half-drawn, and axe finds nothing in that state (light
// and dark); an empty list it could not read is never said as empty ("Nothing booked"), no skeleton waits for ever.
// Where the screen offers "Try again", pressing it once the server is back shows the screen's content.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { ROUTES } from '../../src/console/app.js';
import type { RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { axeClean, signInConsole, startConsoleServer } from '../support/console.js';
import { screenshotDir } from '../support/devices.js';

const BUSY = 'The server is busy. Please try again in a moment.';

/** What a screen says of an empty list: false while the list could not be read. */
const UNKNOWN: Partial<Record<keyof typeof ROUTES, string[]>> = {
  agenda: ['Nothing booked.'],
  comments: ['No comments on any post yet.', 'No addresses yet.'],
};

let server: RunningServer;
let browser: Browser;

describe('owner console: a server that cannot answer', { timeout: 300_000 }, () => {
  before(async () => {
    server = await startConsoleServer();
    browser = await chromium.launch(chromiumLaunchOptions);
    mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const route of Object.keys(ROUTES) as (keyof typeof ROUTES)[]) {
    test(`#/${route}: the failure is said in its alert; axe finds nothing`, async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
      try {
        await signInConsole(server, context);
        const page = await context.newPage();
        let down = true;
        // Every owner API read fails but the session's (the shell stays signed in) and the event stream's.
        await page.route('**/admin/api/**', (r) => {
          const path = new URL(r.request().url()).pathname;
          if (!down || path === '/admin/api/session' || path === '/admin/api/events') return r.continue();
          return r.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'unavailable', message: BUSY } }),
          });
        });
        // The public services route some screens read as well.
        await page.route('**/api/v1/services', (r) => (down ? r.fulfill({ status: 503, body: '' }) : r.continue()));
        await page.goto(`${server.url}/admin#/${route}`);
        const screen = page.locator(ROUTES[route]);
        const alert = screen.locator('[role=alert]').filter({ hasText: /\S/ }).first();
        await alert.waitFor();
        assert.match((await alert.textContent())!.trim(), /busy|Could not load/, `${route}: said in words`);
        // Nothing it could not read is said as if it were known ("Nothing booked" would say the day is free).
        for (const words of UNKNOWN[route] ?? [])
          assert.equal(await screen.getByText(words).count(), 0, `${route} does not say "${words}"`);
        // A widget the screen previews (the embed's calendar) may say its own failure a moment after the screen's.
        await screen
          .locator('.skeleton')
          .first()
          .waitFor({ state: 'detached', timeout: 5_000 })
          .catch(() => undefined);
        assert.equal(await screen.locator('.skeleton').count(), 0, `${route}: no skeleton left loading for ever`);
        await axeClean(page, `${route} when the server cannot answer`);
        await page.screenshot({ path: join(screenshotDir, `console-${route}-360-light-error.png`), fullPage: true });
        // The screen's own "Try again" (not one inside a widget it previews), focused and pressed.
        const retry = await screen.evaluate((el) => {
          const own = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Try again');
          own?.focus();
          return !!own;
        });
        if (retry) {
          down = false;
          await page.keyboard.press('Enter');
          await alert.waitFor({ state: 'detached' });
        }
      } finally {
        await context.close();
      }
    });
  }
});
