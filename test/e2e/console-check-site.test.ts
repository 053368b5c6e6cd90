// End to end: "Check my site" on the owner console's Embed screen, in Chromium, against the real server fetching the
// owner's page through the link-preview fetcher and its address rules. Those refuse loopback (never switched off), so
// this file runs in a network namespace of its own (test/support/netns.ts): the owner's site sits on 93.184.216.34 on
// that namespace's `lo`, the server and the browser on 127.0.0.1, and no packet can leave. Keyboard only: the snippet
// as the screen copies it is published on one page of the site and not on another; the check says which, and whether
// the site's origin is allowed. axe finds nothing in each state.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { axeClean, eachLook, signInConsole, startConsoleServer } from '../support/console.js';
import { screenshotDir } from '../support/devices.js';
import { enterNetworkNamespace, PUBLIC_ADDRESS } from '../support/netns.js';
import { writePractice } from '../server/support/booking.js';

await enterNetworkNamespace();
// A second "public" address in this namespace, for a site whose origin the server does not allow.
const OTHER_ADDRESS = '93.184.216.35';
execFileSync('ip', ['addr', 'add', `${OTHER_ADDRESS}/32`, 'dev', 'lo']);

const SITE = `http://${PUBLIC_ADDRESS}`;
const OTHER = `http://${OTHER_ADDRESS}`;
/** The owner's site: `/book` carries what `published` holds, `/about` never has a snippet. */
let published = '';
const requested: string[] = [];
const site = http.createServer((req, res) => {
  requested.push(req.url ?? '');
  if (req.url === '/gone') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<p>Not here</p>');
  const body = req.url === '/book' ? published : '<p>Jim has treated runners since 2009.</p>';
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(
      `<!doctype html><html lang="en-GB"><head><title>Jim's Sports Massage</title></head><body>${body}</body></html>`,
    );
});

/** The same pages on an origin the server does not allow. */
const other = http.createServer((req, res) => site.emit('request', req, res));

let server: RunningServer;
let browser: Browser;
let practiceDir: string;

const screen = (page: Page) => page.locator('soleus-console-embed');

/** Types `url` into "Your site" and presses Check my site, keys only; the check's sentence once it is said. */
async function check(page: Page, url: string): Promise<string> {
  await screen(page).locator('#site').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(url);
  await page.keyboard.press('Tab'); // the hint is text, so Tab lands on the button
  assert.equal(await screen(page).evaluate((el) => el.shadowRoot!.activeElement?.textContent?.trim()), 'Check my site');
  const answered = page.waitForResponse((r) => r.url().endsWith('/admin/api/check-site'));
  await page.keyboard.press('Enter');
  assert.equal((await answered).status(), 200);
  // The check's own line, under its button.
  const said = await page.waitForFunction(() => {
    const embed = document.querySelector('soleus-console')!.shadowRoot!.querySelector('soleus-console-embed')!;
    const text = embed.shadowRoot!.querySelector('#site-said')!.textContent!.trim();
    return text && text !== 'Checking…' ? text : false;
  });
  return (await said.jsonValue()) as string;
}

describe('owner console: check my site (in a network namespace)', { timeout: 300_000 }, () => {
  before(async () => {
    await new Promise<void>((resolve) => site.listen(80, PUBLIC_ADDRESS, resolve));
    await new Promise<void>((resolve) => other.listen(80, OTHER_ADDRESS, resolve));
    const practice = writePractice();
    practiceDir = practice.dir;
    server = await startConsoleServer({ config: practice.file, env: { SOLEUS_ALLOWED_ORIGINS: SITE } });
    browser = await chromium.launch(chromiumLaunchOptions);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise<void>((resolve) => site.close(() => resolve()));
    await new Promise<void>((resolve) => other.close(() => resolve()));
    if (practiceDir) rmSync(practiceDir, { recursive: true, force: true });
  });

  test('the snippet published on one page is found there, not on another; the origin is allowed', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    try {
      await signInConsole(server, context, 'practice@example.com'); // the test practice's owner
      const page = await context.newPage();
      await page.goto(`${server.url}/admin#/embed`);
      const snippet = screen(page).locator('textarea[readonly]');
      await snippet.waitFor();
      published = await snippet.inputValue();
      assert.match(published, /<soleus-booking-calendar/);

      assert.match(await check(page, `${SITE}/about`), /^No Soleus snippet on this page\./);
      await axeClean(page, 'check my site: no snippet');
      const found = await check(page, `${SITE}/book`);
      assert.equal(
        found,
        'The snippet is on this page (soleus-booking-calendar). Its address is allowed: the widget can work here.',
      );
      await axeClean(page, 'check my site: found');
      // Half a snippet: the element without its script line.
      published = '<soleus-booking-calendar></soleus-booking-calendar>';
      assert.match(await check(page, `${SITE}/book`), /no script from .+\/soleus\.js: paste the whole snippet/);
      await axeClean(page, 'check my site: half a snippet');
      assert.deepEqual(requested, ['/about', '/book', '/book'], 'the server fetched each page once per check');
      // The whole snippet on a site whose origin the server does not allow: what to add, and where.
      published = await snippet.inputValue();
      assert.match(
        await check(page, `${OTHER}/book`),
        new RegExp(
          `^The snippet is on this page \\(soleus-booking-calendar\\)\\. Add ${OTHER} to SOLEUS_ALLOWED_ORIGINS`,
        ),
      );
      // A page that is not there: said, as the site's problem.
      assert.match(await check(page, `${SITE}/gone`), /^Could not read the page: .+Check the address/);
      await axeClean(page, 'check my site: a page that is not there');
      // An empty field: said beside it, nothing sent.
      await screen(page).locator('#site').focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await screen(page).locator('#site-error', { hasText: 'Enter the address of your page' }).waitFor();
      assert.equal(await screen(page).evaluate((el) => el.shadowRoot!.activeElement?.id), 'site', 'focus on the field');
      await axeClean(page, 'check my site: an empty field');
      assert.equal(requested.length, 5, 'the empty field sent nothing');
    } finally {
      await context.close();
    }
  });

  test('screenshots of a found snippet at 360 and 1280 px, light and dark; axe on each', async () => {
    mkdirSync(screenshotDir, { recursive: true });
    await eachLook(browser, async (context, at) => {
      await signInConsole(server, context, 'practice@example.com');
      const page = await context.newPage();
      await page.goto(`${server.url}/admin#/embed`);
      const snippet = screen(page).locator('textarea[readonly]');
      await snippet.waitFor();
      published = await snippet.inputValue();
      assert.match(await check(page, `${SITE}/book`), /^The snippet is on this page/);
      await axeClean(page, `check my site: found, ${at.name}`);
      await screen(page).locator('#site-title').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir, `console-check-site-${at.name}.png`) });
    });
  });
});
