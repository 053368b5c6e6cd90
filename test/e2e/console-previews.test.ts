// End to end: the owner console's Link cards screen at /admin in Chromium, against the real server (the built
// dist/console.js), fetching a fixture site through the real address rules. They refuse loopback, so this file runs
// in a network namespace of its own (test/support/netns.ts): the site sits on 93.184.216.34 on that namespace's
// `lo`, the server and the browser on 127.0.0.1, and no packet can leave. Keyboard only: the empty list, preview a
// new URL (and a refused one, malformed one and an empty field: the message beside the field, what was typed kept),
// the card as visitors see it (its image from this server), refresh, remove after asking. axe finds nothing in each
// state; screenshots at 360 and 1280 px, light and dark; no sideways scrolling at 360 px.
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import type { RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { axeClean, eachLook, signInConsole, startConsoleServer } from '../support/console.js';
import { screenshotDir } from '../support/devices.js';
import { enterNetworkNamespace, PUBLIC_ADDRESS } from '../support/netns.js';
import { writePractice } from '../server/support/booking.js';

await enterNetworkNamespace();

const hits = new Map<string, number>();
const titles = new Map<string, string>();
const COLOURS: Record<string, string> = { recovery: '#0f766e', taper: '#b45309', hills: '#1d4ed8' };
const site = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  const name = path
    .split('/')
    .pop()!
    .replace(/\.jpg$/, '');
  if (path.startsWith('/photo/')) {
    void sharp({ create: { width: 1200, height: 630, channels: 3, background: COLOURS[name] ?? '#444444' } })
      .jpeg()
      .toBuffer()
      .then((bytes) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes));
    return;
  }
  if (path.startsWith('/bare/')) {
    const html = `<!doctype html><html><head><title>Just a title: ${name}</title></head><body></body></html>`;
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  }
  if (path.startsWith('/posts/')) {
    const html = `<!doctype html><html lang="en-GB"><head><title>${titles.get(name) ?? `Running: ${name}`}</title>
<meta property="og:description" content="What to do in the week of ${name}, from a sports massage therapist.">
<meta property="og:site_name" content="Runner's Notes"><meta property="og:image" content="/photo/${name}.jpg">
<meta property="og:image:alt" content="A runner on a ${name} road"></head><body></body></html>`;
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  }
  res.writeHead(404).end();
});
const pub = (name: string, kind = 'posts') => `http://${PUBLIC_ADDRESS}/${kind}/${name}`;

let server: RunningServer;
let browser: Browser;
let practiceDir: string;

const screen = (page: Page) => page.locator('soleus-console-previews');
const active = (page: Page) => screen(page).evaluate((el) => el.shadowRoot!.activeElement?.id ?? '');
const noSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

async function open(context: BrowserContext, on: RunningServer = server): Promise<Page> {
  await signInConsole(on, context, 'practice@example.com'); // the test practice's owner
  const page = await context.newPage();
  await page.goto(`${on.url}/admin#/previews`);
  await screen(page).locator('#cards-title').waitFor();
  await screen(page).locator('.skeleton').waitFor({ state: 'detached' });
  return page;
}

/** Types `url` into the field and presses Enter (keyboard only). */
async function previewUrl(page: Page, url: string) {
  await screen(page).locator('#url').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(url);
  await page.keyboard.press('Enter');
}

/** Every image on the screen has loaded (from this server). */
async function imagesLoaded(page: Page) {
  await screen(page).locator('img').first().waitFor();
  const widths = await screen(page).evaluate(async (el) => {
    const imgs = [...el.shadowRoot!.querySelectorAll('img')];
    await Promise.all(imgs.map((img) => img.decode()));
    return imgs.map((img) => img.naturalWidth);
  });
  assert.ok(
    widths.every((w) => w > 0),
    `every image loaded: ${widths.join(', ')}`,
  );
}

describe('owner console: link cards (in a network namespace)', { timeout: 300_000 }, () => {
  before(async () => {
    await new Promise<void>((resolve) => site.listen(80, PUBLIC_ADDRESS, resolve));
    const practice = writePractice(); // limits no hosts, unlike the demo practice
    practiceDir = practice.dir;
    server = await startConsoleServer({ config: practice.file });
    browser = await chromium.launch(chromiumLaunchOptions);
    mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise<void>((resolve) => site.close(() => resolve()));
    if (practiceDir) rmSync(practiceDir, { recursive: true, force: true });
  });

  test('keyboard only: empty list, preview a new URL (refusals beside the field), refresh, remove after asking', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    const page = await open(context);
    const s = screen(page);
    await s.getByText('No cards yet.').waitFor();
    await axeClean(page, 'no cards yet');
    await page.screenshot({ path: join(screenshotDir, 'console-previews-360-light-empty.png'), fullPage: true });

    // An empty field, a malformed address, one the rules refuse: each message beside the field, what was typed kept.
    await s.locator('#url').focus();
    await page.keyboard.press('Enter');
    await s.locator('#url-error', { hasText: 'Enter the address of a page' }).waitFor();
    const cases = [
      ['not a web address', /^Enter an absolute http or https address/],
      ['http://127.0.0.1/admin', /^This address cannot be previewed\. /],
      ['http://10.0.0.1/', /^This address cannot be previewed\. /],
    ] as const;
    for (const [typed, message] of cases) {
      await previewUrl(page, typed);
      await s.locator('#url-error').filter({ hasText: message }).waitFor();
      assert.equal(await s.locator('#url').inputValue(), typed, 'what was typed stays');
      assert.equal(await s.locator('#url').getAttribute('aria-invalid'), 'true');
      assert.equal(await active(page), 'url', 'focus back on the field');
      assert.match((await s.locator('.alert').textContent())!, message, 'and it is announced');
    }
    await axeClean(page, 'a refused address');
    await page.screenshot({ path: join(screenshotDir, 'console-previews-360-light-refused.png'), fullPage: true });
    assert.equal(
      (await server.database.db.selectFrom('link_previews').select('url').execute()).length,
      0,
      'nothing cached',
    );

    // A new URL: fetched now, shown as visitors see it.
    await previewUrl(page, pub('recovery'));
    await s.locator('.notice', { hasText: 'Preview ready: Running: recovery.' }).waitFor();
    assert.equal(await s.locator('#url').inputValue(), '');
    assert.equal(await s.locator('#url').getAttribute('aria-invalid'), 'false');
    const card = s.locator('li.card').first();
    assert.equal(await card.locator('h3').textContent(), 'Running: recovery');
    assert.match((await card.textContent())!, /What to do in the week of recovery/);
    assert.match((await card.textContent())!, /Runner's Notes · 93\.184\.216\.34/);
    assert.match(
      (await card.textContent())!,
      /Fetched \d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}, fetched again after /,
    );
    await imagesLoaded(page);
    const img = card.locator('img');
    assert.equal(await img.getAttribute('alt'), 'A runner on a recovery road');
    assert.match((await img.getAttribute('src'))!, /^\/api\/v1\/link-preview\/image\/[\w-]+\.[\w-]+$/);
    assert.equal(hits.get('/posts/recovery'), 1);
    await axeClean(page, 'a new card');

    // Refresh: fetched again now; the card shows the page's new title.
    titles.set('recovery', 'Recovery week, revised');
    await s.getByRole('button', { name: 'Refresh Running: recovery' }).focus();
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: 'Refreshed: Recovery week, revised.' }).waitFor();
    assert.equal(await card.locator('h3').textContent(), 'Recovery week, revised');
    assert.equal(hits.get('/posts/recovery'), 2);
    assert.equal(await active(page), 'refresh-0', 'focus stays on the refreshed card');

    // A second card, then remove it: asked first, then gone from the cache with its image.
    await previewUrl(page, pub('taper'));
    await s.locator('.notice', { hasText: 'Preview ready: Running: taper.' }).waitFor();
    assert.equal(await s.locator('li.card').count(), 2);
    await s.getByRole('button', { name: 'Remove Running: taper', exact: true }).focus();
    await page.keyboard.press('Enter');
    const ask = s.getByRole('group', { name: 'Remove Running: taper' });
    await ask.waitFor();
    assert.match((await ask.textContent())!, new RegExp(`Remove the card of ${pub('taper').replace(/\./g, '\\.')}\\?`));
    assert.equal((await server.database.db.selectFrom('link_previews').select('url').execute()).length, 2, 'not yet');
    await axeClean(page, 'removal asked');
    await page.screenshot({ path: join(screenshotDir, 'console-previews-360-light-remove.png'), fullPage: true });
    // Keep: the question closes, focus back on its Remove button; then ask again.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'detached' });
    assert.equal(
      await s.evaluate((el) => el.shadowRoot!.activeElement?.getAttribute('aria-label')),
      'Remove Running: taper',
    );
    await page.keyboard.press('Enter');
    await ask.waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await active(page), 'remove-confirm');
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: `Removed the preview of ${pub('taper')} and its image.` }).waitFor();
    assert.equal(await s.locator('li.card').count(), 1);
    const urls = (await server.database.db.selectFrom('link_previews').select('url').execute()).map((r) => r.url);
    assert.deepEqual(urls, [pub('recovery')]);
    await axeClean(page, 'after a removal');
    await context.close();
  });

  test('screenshots: 360 and 1280 px, light and dark; axe on each, no sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    const first = await open(context);
    await previewUrl(first, pub('hills'));
    await screen(first).locator('.notice', { hasText: 'Preview ready' }).waitFor();
    await context.close();
    await eachLook(browser, async (context, at) => {
      const page = await open(context);
      await imagesLoaded(page);
      assert.equal(await screen(page).locator('li.card').count(), 2);
      assert.ok(await noSideways(page), `no sideways scrolling at ${at.width} px`);
      await axeClean(page, `the cards, ${at.name}`);
      await page.screenshot({ path: join(screenshotDir, `console-previews-${at.name}.png`), fullPage: true });
    });
  });
  test('a card the site cannot give, one with only a title, and one pinned in the practice file: each says what visitors see', async () => {
    const practice = writePractice();
    const json = JSON.parse(readFileSync(practice.file, 'utf8')) as Record<string, unknown>;
    json.linkPreview = {
      pinned: [
        {
          url: 'https://www.example.org/marathon-hub',
          title: 'Marathon training hub',
          description: 'Plans, fuelling and race-day advice.',
          siteName: 'Example Marathon',
        },
      ],
    };
    writeFileSync(practice.file, JSON.stringify(json));
    const pinnedServer = await startConsoleServer({ config: practice.file });
    try {
      const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
      const page = await open(context, pinnedServer);
      const s = screen(page);
      const pinned = s.locator('li.card', { hasText: 'Marathon training hub' });
      await pinned.waitFor();
      assert.match(
        (await pinned.textContent())!,
        /From the practice file Never fetched from the site: change or remove it in the practice file, under linkPreview\.pinned\./,
      );
      assert.doesNotMatch(
        (await pinned.textContent())!,
        /[Ff]etched (again after|\d)/,
        'a pinned card is never fetched',
      );
      // Refresh would ask nothing, and a removal would send the next visitor to the site until the next start.
      assert.equal(await pinned.getByRole('button').count(), 0, 'no Refresh or Remove');
      assert.equal(await pinned.locator('img').count(), 0);

      // The site answers 404: the card is unavailable, and says visitors get the plain link.
      await previewUrl(page, pub('gone', 'nothing'));
      const gone = s.locator('li.card', { hasText: pub('gone', 'nothing') });
      await gone.waitFor();
      assert.equal(await gone.locator('h3').textContent(), pub('gone', 'nothing'));
      assert.match((await gone.textContent())!, /Nothing to show: visitors see a plain link\./);
      assert.equal(await gone.locator('img').count(), 0);

      // A page with nothing but its title: the title, no image, no description.
      await previewUrl(page, pub('shoes', 'bare'));
      await s.locator('.notice', { hasText: 'Preview ready: Just a title: shoes.' }).waitFor();
      const bare = s.locator('li.card', { hasText: 'Just a title: shoes' });
      assert.equal(await bare.locator('img').count(), 0);
      assert.equal(await bare.locator('h3').textContent(), 'Just a title: shoes');
      assert.match((await bare.textContent())!, /fetched again after/);
      assert.equal(await s.locator('li.card').count(), 3);
      await axeClean(page, 'unavailable, title only and pinned cards');
      assert.ok(await noSideways(page), 'no sideways scrolling at 360 px');
      await page.screenshot({ path: join(screenshotDir, 'console-previews-360-light-kinds.png'), fullPage: true });
      await context.close();
    } finally {
      await pinnedServer.close();
      rmSync(practice.dir, { recursive: true, force: true });
    }
  });
});
