// End to end: the demo post's Marathon training hub card, from the real server (the demo practice pins its preview:
// this machine has no internet, and the server must never fetch it) through the BUILT dist/soleus.js in Chromium:
// the card shows the pinned title, description, site and image (a WebP from this server, encoded on first request),
// nothing leaves the server's origin, axe passes, the keyboard reaches the one link, and the open event fires.
// Run after `npm run build`: node --import tsx --test test/e2e/*.test.ts
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { LAPTOP, PHONE, root, screenshotDir } from '../support/devices.js';

const HUB = 'https://www.tcslondonmarathon.com/training';
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

let server: RunningServer;
let browser: Browser;
let dbDir: string;

before(async () => {
  dbDir = mkdtempSync(join(tmpdir(), 'soleus-e2e-card-'));
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

async function openCard(options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
  const card = page.locator('soleus-link-card');
  await card.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const img = document.querySelector('soleus-link-card')?.shadowRoot?.querySelector('img[part="image"]');
    return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
  });
  return { context, page, card, requests, errors };
}

const inCard = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('soleus-link-card')!.shadowRoot!;
    const img = root.querySelector<HTMLImageElement>('img[part="image"]')!;
    return {
      state: root.querySelector('.card')?.getAttribute('part'),
      links: root.querySelectorAll('a').length,
      title: root.querySelector('[part="title"]')?.textContent?.trim(),
      href: root.querySelector('a')?.getAttribute('href'),
      description: root.querySelector('[part="description"]')?.textContent,
      site: root.querySelector('[part="site"]')?.textContent?.replace(/\s+/g, ' ').trim(),
      image: {
        src: img.src,
        width: img.getAttribute('width'),
        height: img.getAttribute('height'),
        natural: img.naturalWidth,
        alt: img.alt,
        loading: img.loading,
      },
    };
  });

describe('the demo post’s link card (built dist/soleus.js, real server, pinned preview)', () => {
  test('shows the pinned Marathon training hub card, its image from this server; nothing foreign, no errors', async () => {
    const { context, page, requests, errors } = await openCard(LAPTOP);
    const c = await inCard(page);
    assert.equal(c.state, 'card ok');
    assert.equal(c.links, 1);
    assert.equal(c.title, 'Marathon training hub');
    assert.equal(c.href, HUB);
    assert.match(c.description ?? '', /^Training plans for every level/);
    assert.equal(c.site, 'TCS London Marathon·tcslondonmarathon.com');
    const origin = new URL(server.url).origin;
    assert.equal(new URL(c.image.src).origin, origin);
    assert.match(c.image.src, /\/api\/v1\/link-preview\/image\/[\w-]+\.[\w-]+$/);
    assert.deepEqual([c.image.width, c.image.height, c.image.natural, c.image.loading], ['800', '420', 800, 'lazy']);
    assert.equal(c.image.alt, 'A runner cresting a hill at dawn above an empty road');
    const foreign = requests.filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin);
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
    // The server never fetched it: the one row is the pinned one, no lease was ever taken.
    const rows = await server.database.db
      .selectFrom('link_previews')
      .select(['url', 'pinned', 'lease_owner'])
      .execute();
    assert.deepEqual(rows, [{ url: HUB, pinned: 1, lease_owner: null }]);
    await context.close();
  });

  for (const [name, device] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    test(`axe passes on the card and a screenshot is kept (${name})`, async () => {
      const { context, page, card } = await openCard(device);
      await page.evaluate(axeSource);
      const results = await page.evaluate(() =>
        (window as unknown as { axe: { run(c: unknown, o: object): Promise<AxeResults> } }).axe.run(
          { include: [['soleus-link-card']] },
          { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        ),
      );
      assert.deepEqual(
        results.violations.map((v) => `${v.id}: ${v.help}`),
        [],
      );
      const box = await card.boundingBox();
      assert.ok(box && box.width <= (device.viewport?.width ?? 0), 'no sideways overflow');
      mkdirSync(screenshotDir, { recursive: true });
      await card.screenshot({ path: join(screenshotDir, `link-card-${name}.png`) });
      await context.close();
    });
  }

  test('keyboard: Tab reaches the one link; Enter fires soleus-link-card-open (the page cancels it here)', async () => {
    const { context, page } = await openCard(LAPTOP);
    await page.evaluate(() => {
      const w = window as unknown as { opened: unknown[] };
      w.opened = [];
      document.addEventListener('soleus-link-card-open', (e) => {
        w.opened.push((e as CustomEvent).detail);
        e.preventDefault(); // no navigation to the outside site (this machine has no internet)
      });
    });
    // Focus the element just before the card, then Tab once.
    await page.evaluate(() => {
      const before = document.querySelector('soleus-link-card')!.previousElementSibling as HTMLElement;
      before.tabIndex = -1;
      before.focus();
    });
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const a = document.querySelector('soleus-link-card')!.shadowRoot!.activeElement;
      return a
        ? { tag: a.localName, text: a.textContent?.trim(), outline: getComputedStyle(a.closest('.card')!).outlineStyle }
        : null;
    });
    assert.deepEqual(focused, { tag: 'a', text: 'Marathon training hub', outline: 'solid' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { opened: unknown[] }).opened.length === 1);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { opened: unknown[] }).opened), [
      { href: HUB, title: 'Marathon training hub', state: 'ok' },
    ]);
    assert.equal(new URL(page.url()).origin, new URL(server.url).origin, 'still on the post');
    await context.close();
  });
});
