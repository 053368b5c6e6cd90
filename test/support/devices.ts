/** Where end-to-end tests run and what they save: the repository root, the screenshot folder and the devices. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContextOptions } from 'playwright-core';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = join(root, 'test-results/screenshots');

export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
/** The narrowest phone still in use (iPhone SE 1st generation, small Androids). */
export const SMALL_PHONE: BrowserContextOptions = {
  viewport: { width: 320, height: 640 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
export const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
