// End to end: the owner console's Embed screen at /admin in Chromium, against the real server (the built
// dist/console.js and dist/soleus.js). Keyboard only: open #/embed from the navigation, choose the booking calendar, a
// treatment and a theme; the live preview renders the real widget at phone and laptop width; copy the snippet (read
// back from the clipboard). Then the snippet is pasted into a plain page on a second loopback origin that sends a
// strict CSP made of exactly the lines the screen's instructions give (default-src 'none' besides), the server allowing
// that origin: the widget renders there with no CSP violation and a visitor books a time (201). The same for every
// other widget's snippet: a signup (202), a comment with its proof of work solved (taken, held), share links, and the
// link card with its image. "Check my site" with
// a loopback address is refused beside the field. axe finds nothing in each state; screenshots at 360 and 1280 px,
// light and dark; no sideways scrolling at 360 px.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { axeClean, signInConsole } from '../support/console.js';
import { screenshotDir } from '../support/devices.js';

let server: RunningServer;
let browser: Browser;
let dbDir: string;
/** The owner's site: a plain page on another loopback origin, with the pasted snippet and the CSP it was given. */
const hostPage = { html: '', csp: '' };
const host = http.createServer((req, res) => {
  if (req.url !== '/') return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': hostPage.csp });
  res.end(hostPage.html);
});
let hostOrigin = '';

const ACCENT = '#9a3412';
/** The demo practice's pinned preview: served from the database, never fetched. */
const MARATHON_HUB = 'https://www.tcslondonmarathon.com/training';

const screen = (page: Page) => page.locator('soleus-console-embed');
const noSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/** The focused element (through shadow roots): its id, and its accessible words. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { id: el?.id ?? '', text: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim() };
  });

/** Presses Tab until the focused element has this id or these words. */
async function tabTo(page: Page, target: string | RegExp): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    seen.push(f.id || f.text.slice(0, 30));
    if (typeof target === 'string' ? f.id === target || f.text === target : target.test(f.text)) return;
  }
  assert.fail(`Tab never reached ${target}; visited: ${seen.join(' | ')}`);
}

before(async () => {
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  dbDir = mkdtempSync(join(tmpdir(), 'soleus-e2e-embed-'));
  server = await startServer({
    args: ['--host', '127.0.0.1', '--port', '0', '--db', `sqlite:${join(dbDir, 'e2e.db')}`],
    env: { SOLEUS_ALLOWED_ORIGINS: hostOrigin, SOLEUS_ADMIN_TOKEN: 'e2e-owner-token-embed-0123456789' },
  });
  browser = await chromium.launch(chromiumLaunchOptions);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => host.close(() => resolve()));
  rmSync(dbDir, { recursive: true, force: true });
});

async function open(options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await signInConsole(server, context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { context, page, errors };
}

/**
 * The owner's site as a visitor opens it: a fresh context that records CSP violations (`window.violations`) and
 * console or page errors (`siteErrors`).
 */
async function visitSite() {
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await visitor.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const site = await visitor.newPage();
  const siteErrors: string[] = [];
  site.on('console', (m) => m.type() === 'error' && siteErrors.push(m.text()));
  site.on('pageerror', (e) => siteErrors.push(e.message));
  await site.goto(`${hostOrigin}/`);
  return { visitor, site, siteErrors };
}

/** The preview's widget, rendered: the booking calendar's heading in its shadow root. */
const previewed = (page: Page): Locator => screen(page).locator('.frame soleus-booking-calendar');

describe('owner console: embed', () => {
  test('keyboard only: choose the calendar and its options, preview at both widths, copy; the pasted snippet works on another origin under a strict CSP', async () => {
    const { context, page, errors } = await open({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${server.url}/admin`);
      await page.locator('soleus-console nav').waitFor();
      await tabTo(page, 'Embed');
      await page.keyboard.press('Enter');
      await page.waitForURL(/#\/embed$/);
      await screen(page).locator('#widget').waitFor();
      // The treatments come from the practice: wait for them before choosing one.
      await screen(page).locator('#service option[value="sports-massage-60"]').waitFor({ state: 'attached' });
      await previewed(page).locator('#h').waitFor();

      await tabTo(page, 'widget');
      assert.equal(await screen(page).locator('#widget').inputValue(), 'booking-calendar');
      await tabTo(page, 'service');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await screen(page).locator('#service').inputValue(), 'sports-massage-60');
      await tabTo(page, 'theme');
      await page.keyboard.press('ArrowDown'); // Light
      assert.equal(await screen(page).locator('#theme').inputValue(), 'light');
      // The colour picker's own dialog is the browser's; its value is set as the picker would set it.
      await screen(page).locator('#accent').fill(ACCENT);

      // The live preview: the real widget with the chosen attributes, straight at "Choose a day" for that treatment.
      const widget = previewed(page);
      await widget.locator('#h', { hasText: 'Choose a day' }).waitFor();
      assert.equal(await widget.getAttribute('service'), 'sports-massage-60');
      assert.equal(await widget.getAttribute('theme'), 'light');
      const accent = await widget.evaluate((el) => getComputedStyle(el).getPropertyValue('--soleus-color-accent'));
      assert.equal(accent.trim(), ACCENT, 'the preview wears the chosen accent');
      const width = () =>
        screen(page)
          .locator('.frame')
          .evaluate((el) => el.getBoundingClientRect().width);
      assert.ok((await width()) <= 361, `phone width: ${await width()}`);
      await axeClean(page, 'embed, filled, phone preview');
      await tabTo(page, 'Laptop');
      await page.keyboard.press('Enter');
      assert.equal(await screen(page).getByRole('button', { name: 'Laptop' }).getAttribute('aria-pressed'), 'true');
      assert.ok((await width()) >= 1000, `laptop width: ${await width()}`);
      await widget.locator('#h', { hasText: 'Choose a day' }).waitFor();
      await axeClean(page, 'embed, laptop preview');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      assert.ok((await width()) <= 361, 'back to phone width');

      // Copy: announced, and the clipboard holds the snippet as shown.
      await tabTo(page, 'Copy snippet');
      await page.keyboard.press('Enter');
      await screen(page).locator('[role=status]', { hasText: 'Copied.' }).waitFor();
      const snippet = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(snippet, await screen(page).locator('textarea').inputValue());
      assert.match(snippet, new RegExp(`^<script type="module" src="${server.url}/soleus.js"></script>\\n`));
      assert.match(snippet, new RegExp(`<style>soleus-booking-calendar\\{--soleus-color-accent:${ACCENT}\\}</style>`));
      assert.match(snippet, /<soleus-booking-calendar service="sports-massage-60" theme="light">/);
      assert.match(snippet, /<p>To book, email <a href="mailto:jim@example\.com">jim@example\.com<\/a>\.<\/p>/);

      // Your site: its origin in the instructions; "Check my site" refuses a loopback address beside the field.
      await tabTo(page, 'site');
      await page.keyboard.type(`${hostOrigin}/`);
      await tabTo(page, 'Check my site');
      await page.keyboard.press('Enter');
      const fieldError = screen(page).locator('#site-error');
      await fieldError.filter({ hasText: /^This address cannot be checked\./ }).waitFor();
      assert.equal(await screen(page).locator('#site').inputValue(), `${hostOrigin}/`, 'what was typed stays');
      assert.equal((await focused(page)).id, 'site', 'focus back on the field');
      await tabTo(page, 'Plain HTML');
      await page.keyboard.press('Enter');
      const steps = screen(page).locator('details[open]');
      assert.match(await steps.innerText(), new RegExp(`add ${hostOrigin} to SOLEUS_ALLOWED_ORIGINS`));
      await axeClean(page, 'embed, check refused, plain HTML steps open');
      const cspLines = (await steps.locator('pre code').innerText()).trim();
      assert.match(
        cspLines,
        /^script-src http:\/\/127\.0\.0\.1:\d+;\nconnect-src .+;\nimg-src .+;\nstyle-src 'sha256-/,
      );
      // Every host's steps, opened with the keyboard, name the same origin to allow and the same CSP lines.
      for (const host of ['WordPress', 'Squarespace', 'Wix']) {
        await screen(page).locator('summary', { hasText: host }).focus();
        await page.keyboard.press('Enter');
        const hostSteps = screen(page).locator(`details:has(> summary:text-is("${host}"))`);
        assert.equal(await hostSteps.getAttribute('open'), '', `${host}'s steps are open`);
        assert.match(await hostSteps.innerText(), new RegExp(`add ${hostOrigin} to SOLEUS_ALLOWED_ORIGINS`));
        assert.equal((await hostSteps.locator('pre code').innerText()).trim(), cspLines, `${host}: the CSP lines`);
      }
      await axeClean(page, 'embed, every host’s steps open');
      // The one error logged is the refused check's 422, which the screen shows beside the field.
      assert.deepEqual(errors, [
        'Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
      ]);

      // The owner's site: the snippet pasted into a plain page on another origin with exactly those CSP lines.
      hostPage.csp = `default-src 'none'; ${cspLines.replace(/\n/g, ' ')}`;
      hostPage.html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Jim's site</title></head>
<body><h1>Book a sports massage</h1>
${snippet}
</body></html>`;
      const { visitor, site, siteErrors } = await visitSite();
      try {
        const booking = site.locator('soleus-booking-calendar');
        await booking.locator('#h', { hasText: 'Choose a day' }).waitFor();
        const siteAccent = await booking.evaluate((el) =>
          getComputedStyle(el).getPropertyValue('--soleus-color-accent'),
        );
        assert.equal(siteAccent.trim(), ACCENT, 'the <style> line is allowed by its hash');
        // A visitor books, keys only.
        await tabTo(site, /times? available$/);
        await site.keyboard.press('Enter');
        await booking.locator('#th').waitFor();
        await site.keyboard.press('Tab');
        await site.keyboard.press('Space');
        await tabTo(site, 'Continue');
        await site.keyboard.press('Enter');
        await booking.locator('#h', { hasText: 'Your details' }).waitFor();
        await site.keyboard.press('Tab');
        await site.keyboard.type('Vera Visitor');
        await site.keyboard.press('Tab');
        await site.keyboard.type('vera@example.com');
        await tabTo(site, 'Continue');
        await site.keyboard.press('Enter');
        await booking.locator('#h', { hasText: 'Check and confirm' }).waitFor();
        await tabTo(site, 'Confirm booking');
        const made = site.waitForResponse(
          (r) => r.url() === `${server.url}/api/v1/bookings` && r.request().method() === 'POST',
        );
        await site.keyboard.press('Enter');
        assert.equal((await made).status(), 201);
        await booking.locator('#h', { hasText: 'You are booked in' }).waitFor({ timeout: 10_000 });
        mkdirSync(screenshotDir, { recursive: true });
        await site.screenshot({ path: join(screenshotDir, 'console-embed-host-page-1280-light.png') });
        assert.deepEqual(await site.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
        assert.deepEqual(siteErrors, []);
      } finally {
        await visitor.close();
      }
    } finally {
      await context.close();
    }
  });

  test('when the browser refuses the clipboard, Copy selects the whole snippet, says to press Ctrl+C, and Ctrl+C copies it', async () => {
    const { context, page, errors } = await open({ viewport: { width: 360, height: 800 } });
    // A browser that refuses scripted writes (no permission, an embedded browser, a policy): reading stays allowed,
    // so the test can see what the owner's own Ctrl+C put there.
    await context.addInitScript(() => {
      const real = navigator.clipboard.writeText.bind(navigator.clipboard);
      (window as unknown as { clearClipboard: () => Promise<void> }).clearClipboard = () => real('');
      navigator.clipboard.writeText = () =>
        Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    try {
      await page.goto(`${server.url}/admin#/embed`);
      await previewed(page).locator('#h').waitFor();
      // Empty, so that what is there at the end can only come from the Ctrl+C.
      await page.evaluate(() => (window as unknown as { clearClipboard: () => Promise<void> }).clearClipboard());
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '');
      await tabTo(page, 'Copy snippet');
      await page.keyboard.press('Enter');
      await screen(page)
        .locator('[role=status]', { hasText: 'Selected: press Ctrl+C (⌘C on a Mac) to copy.' })
        .waitFor();
      const shown = await screen(page).locator('textarea').inputValue();
      const selection = await screen(page)
        .locator('textarea')
        .evaluate((ta: HTMLTextAreaElement) => ({
          focused: ta.getRootNode() instanceof ShadowRoot && (ta.getRootNode() as ShadowRoot).activeElement === ta,
          from: ta.selectionStart,
          to: ta.selectionEnd,
        }));
      assert.deepEqual(selection, { focused: true, from: 0, to: shown.length }, 'the whole snippet is selected');
      await axeClean(page, 'embed, copy refused, snippet selected');
      await page.keyboard.press('Control+C');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);
      assert.match(shown, new RegExp(`^<script type="module" src="${server.url}/soleus.js"></script>\\n`));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  // Every other widget's snippet (and the calendar as a popup), chosen with the keyboard with some options, as
  // copied, on the owner's site under the CSP lines the steps give for it.
  interface Other {
    widget: string;
    /** Options chosen by select id → value, and the attributes they put on the element. */
    options: [id: string, value: string][];
    attrs: RegExp;
    works: (site: Page, el: Locator) => Promise<void>;
  }
  const others: Other[] = [
    {
      widget: 'newsletter-signup',
      options: [['theme', 'dark']],
      attrs: /<soleus-newsletter-signup list="news" theme="dark">/,
      works: async (site, el) => {
        // Roles find the rendered form only (the element's no-JavaScript fallback inside it is not shown).
        await el.getByRole('textbox', { name: 'Email address' }).fill('nell.news@example.com');
        await el.getByRole('checkbox').check();
        const sent = site.waitForResponse((r) => r.url() === `${server.url}/api/v1/subscriptions`);
        await el.getByRole('button', { name: 'Subscribe' }).click();
        assert.equal((await sent).status(), 202);
      },
    },
    {
      widget: 'comment-box',
      options: [],
      attrs: /<soleus-comment-box thread="my-post">/,
      works: async (site, el) => {
        await el.getByRole('textbox', { name: 'Name', exact: true }).fill('Cora Commenter');
        await el
          .getByRole('textbox', { name: 'Comment', exact: true })
          .fill('Does a pre-event massage help with taper nerves?');
        const sent = site.waitForResponse(
          (r) => r.url().startsWith(`${server.url}/api/v1/comments`) && r.request().method() === 'POST',
        );
        await el.getByRole('button', { name: 'Post comment' }).click();
        assert.ok([201, 202].includes((await sent).status()), 'the comment is taken (its proof of work solved there)');
        await el.locator('article[part~="held"], article[part~="comment"]').first().waitFor();
      },
    },
    {
      widget: 'share-buttons',
      options: [
        ['layout', 'compact'],
        ['lang', 'de'],
      ],
      attrs: /<soleus-share-buttons layout="compact" lang="de">/,
      works: async (_site, el) => {
        await el.locator('a, button').first().waitFor();
        assert.ok((await el.locator('a[href^="https://"]').count()) >= 3, 'share links for the page');
      },
    },
    {
      widget: 'link-card',
      options: [['layout', 'vertical']],
      attrs: /<soleus-link-card href="https:\/\/www\.tcslondonmarathon\.com\/training" layout="vertical">/,
      works: async (_site, el) => {
        await el.getByText('Marathon training hub').waitFor();
        const image = el.locator('img');
        await image.waitFor();
        assert.ok(await image.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), 'its image shows');
      },
    },
    {
      widget: 'booking-calendar',
      options: [['mode', 'popup']],
      attrs: /<soleus-booking-calendar mode="popup">/,
      works: async (_site, el) => {
        await el.getByRole('button', { name: 'Book a session' }).click();
        await el.locator('#h', { hasText: 'Choose a treatment' }).waitFor();
      },
    },
  ];
  for (const { widget, options, attrs, works } of others) {
    test(`the ${widget} snippet${options.length ? ` (${options.map((o) => o.join(' ')).join(', ')})` : ''}, chosen with the keyboard and pasted on another origin under its strict CSP lines, works there`, async () => {
      const { context, page } = await open({ viewport: { width: 1280, height: 900 } });
      try {
        await page.goto(`${server.url}/admin#/embed`);
        await screen(page).locator('#service option[value="sports-massage-60"]').waitFor({ state: 'attached' });
        // A select changes with the arrow keys; each press is one option on.
        const choose = async (id: string, value: string) => {
          const select = screen(page).locator(`#${id}`);
          await select.focus();
          for (let i = 0; i < 12 && (await select.inputValue()) !== value; i++) await page.keyboard.press('ArrowDown');
          assert.equal(await select.inputValue(), value, `${id} reached ${value} with the arrow keys`);
        };
        await choose('widget', widget);
        if (widget === 'link-card') {
          await screen(page).locator('#href').focus();
          await page.keyboard.press('Control+A'); // the practice's own address is filled in
          await page.keyboard.type(MARATHON_HUB);
        }
        for (const [id, value] of options) await choose(id, value);
        await screen(page).locator(`.frame soleus-${widget}`).waitFor();
        await axeClean(page, `embed, ${widget}`);
        const snippet = await screen(page).locator('textarea[readonly]').inputValue();
        assert.match(snippet, attrs);
        await screen(page).locator('#site').focus();
        await page.keyboard.type(`${hostOrigin}/`);
        await tabTo(page, 'Plain HTML');
        await page.keyboard.press('Enter');
        const cspLines = (await screen(page).locator('details[open] pre code').innerText()).trim();
        hostPage.csp = `default-src 'none'; ${cspLines.replace(/\n/g, ' ')}`;
        hostPage.html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Jim's blog</title></head>
<body${options.some(([k, v]) => k === 'theme' && v === 'dark') ? ' bgcolor="#121416" text="#e8eaed"' : ''}><main><h1>Before race day</h1>
<h2>From the practice</h2>
${snippet}
</main></body></html>`;
      } finally {
        await context.close();
      }
      const { visitor, site, siteErrors } = await visitSite();
      try {
        const el = site.locator(`soleus-${widget}`);
        await site.waitForFunction((tag) => !!document.querySelector(tag)?.shadowRoot, `soleus-${widget}`);
        await works(site, el);
        // The owner's page declares no colour scheme (light, or dark colours for a dark theme): a visitor on a dark
        // device must still get a readable widget, so axe runs in both.
        await axeClean(site, `the ${widget} on the owner's site`);
        await site.screenshot({
          path: join(
            screenshotDir,
            `console-embed-host-${widget}${options.length ? '-' + options.map((o) => o[1]).join('-') : ''}-1280-light.png`,
          ),
        });
        assert.deepEqual(await site.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
        assert.deepEqual(siteErrors, []);
      } finally {
        await visitor.close();
      }
    });
  }

  for (const [width, height] of [
    [360, 780],
    [1280, 900],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`screenshots at ${width} px, ${colorScheme}; no sideways scrolling`, async () => {
        const { context, page, errors } = await open({ viewport: { width, height }, colorScheme });
        try {
          await page.goto(`${server.url}/admin#/embed`);
          await previewed(page).locator('#h').waitFor();
          await page.locator('soleus-console').evaluate(() => document.fonts.ready);
          assert.ok(await noSideways(page), `no sideways scroll at ${width}`);
          await axeClean(page, `embed at ${width}, ${colorScheme}`);
          mkdirSync(screenshotDir, { recursive: true });
          await page.screenshot({
            path: join(screenshotDir, `console-embed-filled-${width}-${colorScheme}.png`),
            fullPage: true,
          });
          await screen(page).getByRole('button', { name: 'Laptop' }).click();
          assert.ok(await noSideways(page), `no sideways scroll at ${width} with the laptop preview`);
          await screen(page).locator('summary', { hasText: 'WordPress' }).click();
          await axeClean(page, `embed with the laptop preview and WordPress steps, ${width} ${colorScheme}`);
          await page.evaluate(() => window.scrollTo(0, 0)); // else the sticky bar shows mid-page in a full-page shot
          await page.screenshot({
            path: join(screenshotDir, `console-embed-laptop-${width}-${colorScheme}.png`),
            fullPage: true,
          });
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
