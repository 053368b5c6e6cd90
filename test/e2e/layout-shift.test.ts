// End to end, on a phone (390 × 844) and a laptop (1280 × 800): the real server, the BUILT dist/soleus.js and the
// demo page. The page must not jump when the widgets load (layout shift 0, read with a buffered 'layout-shift'
// PerformanceObserver, the script held back until the fallback content has painted, as on a slow phone network);
// the header's popup covers the phone's screen with one scroll and locks the page's; the share "More" menu opens
// below its button. Screenshots at both widths go to test-results/screenshots/ (phone-*.png, laptop-*.png).
// Run after `npm run build`: node --import tsx --test test/e2e/*.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { LAPTOP, PHONE, root, screenshotDir } from '../support/devices.js';

let server: RunningServer;
let browser: Browser;
let dbDir: string;

interface Shift {
  value: number;
  sources: string[];
}

before(async () => {
  assert.ok(existsSync(join(root, 'dist/soleus.js')), 'dist/soleus.js is missing: run `npm run build` first');
  mkdirSync(screenshotDir, { recursive: true });
  dbDir = mkdtempSync(join(tmpdir(), 'soleus-cls-'));
  server = await startServer({
    args: ['--host', '127.0.0.1', '--port', '0', '--db', `sqlite:${join(dbDir, 'e2e.db')}`],
    env: {},
  });
  browser = await chromium.launch({ ...chromiumLaunchOptions });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

/** Opens the demo with soleus.js held back until `release()`; every layout shift is recorded from the start. */
async function openHeld(options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/soleus.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __shifts: Shift[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources?: { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
      })[]) {
        if (entry.hadRecentInput) continue;
        w.__shifts.push({
          value: entry.value,
          sources: (entry.sources ?? []).map(
            (s) =>
              `${s.node?.nodeName ?? '?'}${s.node instanceof Element && s.node.className ? `.${String(s.node.className)}` : ''}: ` +
              `y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)}, h ${Math.round(s.previousRect.height)}→${Math.round(s.currentRect.height)}`,
          ),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(`${server.url}/`, { waitUntil: 'commit' });
  return { context, page, release };
}

async function widgetsReady(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    ['soleus-booking-calendar', 'soleus-share-buttons', 'soleus-newsletter-signup'].every((t) => customElements.get(t)),
  );
  await page.evaluate(async () => {
    const all = [
      ...document.querySelectorAll('soleus-booking-calendar, soleus-share-buttons, soleus-newsletter-signup'),
    ];
    await Promise.all(all.map((el) => (el as Element & { updateComplete?: Promise<unknown> }).updateComplete));
  });
  await page.waitForLoadState('networkidle');
  // Late renders (the calendar's first step, the share bar's wrapped row) and two frames to report them.
  await page.waitForTimeout(1000);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

for (const [name, options] of [
  ['phone', PHONE],
  ['laptop', LAPTOP],
] as const) {
  describe(`the demo page on a ${name}`, () => {
    test('does not jump when the widgets load: layout shift 0', async () => {
      const { context, page, release } = await openHeld(options);
      try {
        // The fallback content has painted, with no widget defined yet.
        await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        assert.equal(await page.evaluate(() => !!customElements.get('soleus-booking-calendar')), false);
        await page.screenshot({ path: join(screenshotDir, `${name}-before-widgets.png`) });
        release();
        await widgetsReady(page);
        const shifts = await page.evaluate(() => (window as unknown as { __shifts: Shift[] }).__shifts);
        const cls = shifts.reduce((sum, s) => sum + s.value, 0);
        console.log(`# ${name}: layout shift ${cls.toFixed(4)} (${shifts.length} shift(s))`);
        assert.equal(cls, 0, `layout shifts on a ${name}:\n${JSON.stringify(shifts, null, 2)}`);
        await page.screenshot({ path: join(screenshotDir, `${name}-after-widgets.png`) });
      } finally {
        await context.close();
      }
    });

    test('the share "More" menu opens below its button', async () => {
      const { context, page, release } = await openHeld(options);
      try {
        release();
        await widgetsReady(page);
        const host = page.locator('soleus-share-buttons[layout=compact]');
        await host.locator('[part=more-button]').click();
        await host.locator('[part=menu]:popover-open').waitFor();
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
        const { menu, button } = await host.evaluate((el) => ({
          menu: JSON.parse(
            JSON.stringify(el.shadowRoot!.querySelector('[part=menu]')!.getBoundingClientRect()),
          ) as DOMRect,
          button: JSON.parse(
            JSON.stringify(el.shadowRoot!.querySelector('[part=more-button]')!.getBoundingClientRect()),
          ) as DOMRect,
        }));
        assert.ok(
          menu.top >= button.bottom,
          `below the button: menu ${menu.top}–${menu.bottom}, button ${button.top}–${button.bottom}`,
        );
        assert.ok(menu.bottom <= options.viewport!.height + 0.5, 'inside the viewport');
        await page.screenshot({ path: join(screenshotDir, `${name}-share-menu.png`) });
      } finally {
        await context.close();
      }
    });
  });
}

/**
 * The dialog loses `open` at once, but its `close` event (which unlocks the page and focuses the button) comes a task
 * later: wait for that focus, the handler's last step, before reading the page's styles.
 */
async function closedAndFocusBack(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const host = document.querySelector('.header-book');
    return (
      !host?.shadowRoot?.querySelector('dialog[open]') &&
      host?.shadowRoot?.activeElement?.getAttribute('part') === 'open-button'
    );
  });
}

describe('the header popup on a phone (390 px)', () => {
  test('covers the screen, is the one thing that scrolls, locks the page and gives it back', async () => {
    const { context, page, release } = await openHeld(PHONE);
    try {
      release();
      await widgetsReady(page);
      await page.evaluate(() => scrollTo(0, 300));
      const host = page.locator('.header-book');
      // Pressed from script: a pointer click would first scroll the page back up to the button.
      await host.evaluate((el) => el.shadowRoot!.querySelector<HTMLElement>('[part=open-button]')!.click());
      await host.locator('dialog #h').waitFor();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const state = await host.evaluate((el) => {
        const dialog = el.shadowRoot!.querySelector('dialog')!;
        const r = dialog.getBoundingClientRect();
        // Everything on the page that could scroll now: the root and any element with a scrollable overflow.
        const scrollers = [...document.querySelectorAll('*'), dialog].filter((node) => {
          const style = getComputedStyle(node);
          return /(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight + 1;
        }).length;
        return {
          box: [r.left, r.top, r.width, r.height],
          viewport: [innerWidth, innerHeight],
          dialogScrolls: dialog.scrollHeight > dialog.clientHeight,
          rootOverflow: getComputedStyle(document.documentElement).overflowY,
          scrollers,
        };
      });
      assert.deepEqual(state.box.map(Math.round), [0, 0, ...state.viewport], 'the sheet covers the whole viewport');
      assert.equal(state.dialogScrolls, true, 'the list of treatments scrolls inside the sheet');
      assert.equal(state.rootOverflow, 'hidden', 'the page does not scroll while the sheet is open');
      assert.equal(state.scrollers, 1, 'one scrolling box: the sheet');
      // A swipe (wheel) on the sheet scrolls the sheet, not the page under it.
      await page.mouse.move(195, 500);
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(300);
      const after = await host.evaluate((el) => ({
        sheet: el.shadowRoot!.querySelector('dialog')!.scrollTop,
        page: scrollY,
      }));
      assert.ok(after.sheet > 0, 'the sheet scrolled');
      assert.equal(Math.round(after.page), 300, 'the page stayed where it was');
      await page.screenshot({ path: join(screenshotDir, 'phone-popup-sheet.png') });
      await page.keyboard.press('Escape');
      await closedAndFocusBack(page);
      const restored = await page.evaluate(() => ({
        overflow: document.documentElement.style.overflow,
        gutter: document.documentElement.style.scrollbarGutter,
      }));
      assert.deepEqual(restored, { overflow: '', gutter: '' }, "the page's own styles are back");
      // Focus went back to "Book a session" (scrolled into view); a swipe scrolls the page again.
      const y = await page.evaluate(() => scrollY);
      await page.mouse.wheel(0, 400);
      await page.waitForFunction((from) => scrollY > from, y);
    } finally {
      await context.close();
    }
  });

  test('on a laptop the floating panel locks the page too, without moving it sideways', async () => {
    const { context, page, release } = await openHeld(LAPTOP);
    try {
      release();
      await widgetsReady(page);
      const before = await page.evaluate(() => document.querySelector('.brand')!.getBoundingClientRect().left);
      const host = page.locator('.header-book');
      await host.locator('[part=open-button]').click();
      await host.locator('dialog #h').waitFor();
      const during = await page.evaluate(() => ({
        left: document.querySelector('.brand')!.getBoundingClientRect().left,
        overflow: getComputedStyle(document.documentElement).overflowY,
      }));
      assert.equal(during.overflow, 'hidden');
      assert.equal(during.left, before, 'the page did not move sideways when its scrollbar went');
      await page.screenshot({ path: join(screenshotDir, 'laptop-popup-panel.png') });
      await page.keyboard.press('Escape');
      await closedAndFocusBack(page);
      assert.equal(await page.evaluate(() => document.documentElement.style.overflow), '');
    } finally {
      await context.close();
    }
  });
});
