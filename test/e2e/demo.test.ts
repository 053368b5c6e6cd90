// End to end: the real server, the BUILT dist/soleus.js and the demo page (demo/index.html) in Chromium,
// checked as a visitor and as the site owner would: widgets render, nothing errors, nothing leaves the
// server's origin, no cookies, no axe violations, keyboard access, strict CSP, and screenshots to look at.
// Run after `npm run build`: node --import tsx --test test/e2e/*.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { AxeResults, Result as AxeResult } from 'axe-core';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { LAPTOP, PHONE, root, screenshotDir, SMALL_PHONE } from '../support/devices.js';

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** Every public widget, found as scripts/build.mjs finds them: a folder in src/components with a <name>.define.ts. */
const shippedTags = readdirSync(join(root, 'src/components'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'src/components', d.name, `${d.name}.define.ts`)))
  .map((d) => `soleus-${d.name}`)
  .sort();
/**
 * The widgets a site owner pastes into a page: all but <soleus-booking-manage>, which needs a booking's link and
 * lives on the server's own /manage page (test/e2e/manage.test.ts). soleus.js defines it only once one is on the
 * page, by loading /widgets/booking-manage.js (tested below).
 */
const pageTags = shippedTags.filter((tag) => tag != 'soleus-booking-manage');

/** What one page did while the test looked at it. */
interface PageLog {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  requests: string[];
}

interface CspViolation {
  directive: string;
  blocked: string;
  source: string;
}

interface AxeWindow {
  axe: { run(context: Document, options: object): Promise<AxeResults> };
  __cspViolations: CspViolation[];
}

let server: RunningServer;
let browser: Browser;
let dbDir: string;
let pageUrl: string;

function formatViolations(violations: AxeResult[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map(
        (n) => `    - ${n.target.join(' >>> ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`,
      );
      return `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/** Opens the demo page in a fresh context, recording console errors, page errors, failed requests, every request and CSP violations. */
async function openDemo(
  options: BrowserContextOptions = LAPTOP,
): Promise<{ context: BrowserContext; page: Page; log: PageLog }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const log: PageLog = { consoleErrors: [], pageErrors: [], failedRequests: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') log.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => log.pageErrors.push(String(error.stack ?? error)));
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('requestfailed', (request) =>
    log.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) log.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  });
  // Init scripts are injected by the browser, not the page, so the strict CSP does not block this listener.
  await page.addInitScript(() => {
    const w = window as unknown as AxeWindow;
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}`,
      });
    });
  });
  const response = await page.goto(pageUrl, { waitUntil: 'networkidle' });
  assert.equal(response?.status(), 200, 'the demo page answers 200');
  await waitForWidgets(page);
  return { context, page, log };
}

/** Waits until every shipped widget on the page is defined and has finished its first render. */
async function waitForWidgets(page: Page): Promise<void> {
  await page.waitForFunction((tags) => tags.every((tag) => customElements.get(tag)), pageTags, { timeout: 10_000 });
  await page.evaluate(async (tags) => {
    const elements = tags.flatMap((tag) => [...document.querySelectorAll(tag)]);
    await Promise.all(elements.map((el) => (el as Element & { updateComplete?: Promise<unknown> }).updateComplete));
  }, pageTags);
}

/** Asserts the page stayed clean: no errors, no failed or foreign requests, no cookies, no CSP violations. */
async function assertClean(context: BrowserContext, page: Page, log: PageLog): Promise<void> {
  const origin = new URL(server.url).origin;
  assert.deepEqual(log.pageErrors, [], `page errors:\n${log.pageErrors.join('\n')}`);
  assert.deepEqual(log.consoleErrors, [], `console errors:\n${log.consoleErrors.join('\n')}`);
  assert.deepEqual(log.failedRequests, [], `failed requests:\n${log.failedRequests.join('\n')}`);
  const foreign = log.requests.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== origin);
  assert.deepEqual(foreign, [], `requests to hosts other than ${origin}:\n${foreign.join('\n')}`);
  assert.deepEqual(await context.cookies(), [], 'no cookies set');
  assert.equal(await page.evaluate(() => document.cookie), '', 'document.cookie is empty');
  const violations = await page.evaluate(() => (window as unknown as AxeWindow).__cspViolations);
  assert.deepEqual(violations, [], `CSP violations:\n${JSON.stringify(violations, null, 2)}`);
}

/** Runs axe on the page (injected through the DevTools protocol, which the page's CSP does not govern). */
async function runAxe(page: Page): Promise<AxeResult[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as AxeWindow).axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
    }),
  );
  return results.violations;
}

/** The focused element, looking through shadow roots. */
async function deepFocus(page: Page) {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    const hosts: string[] = [];
    while (el?.shadowRoot?.activeElement) {
      hosts.push(el.localName);
      el = el.shadowRoot.activeElement;
    }
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== 'none' && style.boxShadow !== '';
    return {
      tag: el.localName,
      hosts,
      name: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '',
      href: el.getAttribute('href'),
      visibleFocus: outline || ring,
      focusStyle: `outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; box-shadow: ${style.boxShadow}`,
      inViewport: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight,
    };
  });
}

before(async () => {
  assert.ok(
    existsSync(join(root, 'dist/soleus.js')),
    'dist/soleus.js is missing: run `npm run build` before the end-to-end tests',
  );
  assert.ok(shippedTags.length > 0, 'at least one widget is shipped');
  dbDir = mkdtempSync(join(tmpdir(), 'soleus-e2e-'));
  server = await startServer({
    args: ['--host', '127.0.0.1', '--port', '0', '--db', `sqlite:${join(dbDir, 'e2e.db')}`],
    env: {},
  });
  pageUrl = `${server.url}/`;
  browser = await chromium.launch({
    ...chromiumLaunchOptions,
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

describe('the demo page, served by the real server with the built dist/soleus.js', () => {
  test('serves / with a strict Content-Security-Policy (no unsafe-inline scripts)', async () => {
    const response = await fetch(pageUrl);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy');
    assert.ok(csp, 'the page carries a Content-Security-Policy header');
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name!.toLowerCase(), values]),
    );
    const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
    assert.ok(scriptSrc, `script-src or default-src is set: ${csp}`);
    assert.ok(!scriptSrc.includes("'unsafe-inline'"), `script-src has no 'unsafe-inline': ${csp}`);
    assert.ok(!scriptSrc.includes("'unsafe-eval'"), `script-src has no 'unsafe-eval': ${csp}`);
    await response.text();
  });

  test('the page itself has no inline scripts, inline handlers or inline styles', () => {
    const html = readFileSync(join(root, 'demo/index.html'), 'utf8');
    assert.equal((html.match(/<script\b/g) ?? []).length, 1, 'exactly one script tag, as a site owner pastes it');
    assert.match(html, /<script type="module" src="\/soleus\.js"><\/script>/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handler');
    assert.doesNotMatch(html, /\sstyle\s*=|<style\b/i, 'no inline style');
    for (const tag of pageTags) assert.ok(html.includes(`<${tag}`), `the demo shows <${tag}>`);
  });

  test('loads cleanly on a laptop: widgets defined and rendered, no errors, nothing foreign, no cookies, no CSP violations', async () => {
    const { context, page, log } = await openDemo(LAPTOP);
    try {
      const rendered = await page.evaluate((tags) => {
        return tags.map((tag) => {
          const elements = [...document.querySelectorAll(tag)];
          return {
            tag,
            defined: !!customElements.get(tag),
            count: elements.length,
            withShadow: elements.filter((el) => el.shadowRoot && el.shadowRoot.childElementCount > 0).length,
            visible: elements.filter((el) => el.getBoundingClientRect().height > 0).length,
          };
        });
      }, shippedTags);
      for (const r of rendered.filter((x) => pageTags.includes(x.tag))) assert.ok(r.defined, `<${r.tag}> is defined`);
      for (const r of rendered.filter((x) => pageTags.includes(x.tag))) {
        assert.ok(r.count > 0, `<${r.tag}> is on the page`);
        assert.equal(r.withShadow, r.count, `every <${r.tag}> rendered into its shadow root`);
        assert.equal(r.visible, r.count, `every <${r.tag}> has a height`);
      }
      const origin = new URL(server.url).origin;
      assert.ok(log.requests.includes(`${origin}/soleus.js`), 'the page loaded /soleus.js');
      await assertClean(context, page, log);
    } finally {
      await context.close();
    }
  });

  test('soleus.js loads <soleus-booking-manage> only once one is on the page, from /widgets/booking-manage.js, a tag suffix kept', async () => {
    const { context, page, log } = await openDemo(LAPTOP);
    try {
      const origin = new URL(server.url).origin;
      const manageFile = `${origin}/widgets/booking-manage.js`;
      assert.equal(await page.evaluate(() => !!customElements.get('soleus-booking-manage')), false);
      assert.ok(!log.requests.some((url) => url.startsWith(manageFile)), 'not fetched by a page without one');
      await page.evaluate(() => document.body.append(document.createElement('soleus-booking-manage')));
      await page.waitForFunction(() => !!customElements.get('soleus-booking-manage'), null, { timeout: 10_000 });
      assert.ok(log.requests.includes(manageFile), 'fetched once one was added');
      const rendered = await page.evaluate(async () => {
        const el = document.querySelector('soleus-booking-manage') as HTMLElement & {
          updateComplete: Promise<unknown>;
        };
        await el.updateComplete;
        return el.shadowRoot?.textContent?.trim() ?? '';
      });
      assert.ok(rendered.length > 0, 'the added element rendered');
      // A second copy of the embed under a tag suffix loads the element's file under the same suffix.
      await page.evaluate(async (url) => {
        await import(url);
        document.body.append(document.createElement('soleus-booking-manage-acme'));
      }, `${origin}/soleus.js?suffix=acme`);
      await page.waitForFunction(() => !!customElements.get('soleus-booking-manage-acme'), null, { timeout: 10_000 });
      assert.ok(log.requests.includes(`${manageFile}?suffix=acme`), 'the suffixed file was fetched');
      await assertClean(context, page, log);
    } finally {
      await context.close();
    }
  });

  test('the share buttons link to the page being read', async () => {
    const { context, page, log } = await openDemo(LAPTOP);
    try {
      const bars = await page.evaluate(() =>
        [...document.querySelectorAll('soleus-share-buttons')].map((el) =>
          [...(el.shadowRoot?.querySelectorAll('a[href]') ?? [])].map((a) => ({
            href: a.getAttribute('href') ?? '',
            name: (a.getAttribute('aria-label') ?? a.textContent ?? '').trim(),
          })),
        ),
      );
      assert.ok(bars.length >= 1, 'at least one share bar');
      for (const [i, links] of bars.entries()) {
        assert.ok(links.length >= 3, `share bar ${i + 1} has share links (found ${links.length})`);
        for (const link of links) {
          assert.ok(link.name.length > 0, `share link ${link.href} has an accessible name`);
          const carriesUrl = link.href.includes(encodeURIComponent(pageUrl)) || link.href.includes(pageUrl);
          assert.ok(carriesUrl, `${link.name}: ${link.href} contains the page URL ${pageUrl}`);
        }
      }
      await assertClean(context, page, log);
    } finally {
      await context.close();
    }
  });

  for (const [name, options] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
    ['laptop, dark mode', { ...LAPTOP, colorScheme: 'dark' }],
  ] as const) {
    test(`axe finds no WCAG 2.2 AA or best-practice violations (${name})`, async () => {
      const { context, page, log } = await openDemo(options);
      try {
        await assertClean(context, page, log);
        const violations = await runAxe(page);
        assert.equal(violations.length, 0, `axe violations (${name}):\n${formatViolations(violations)}`);
      } finally {
        await context.close();
      }
    });
  }

  test('keyboard: Tab from the top reaches the share links, with a visible focus', async () => {
    const { context, page, log } = await openDemo(LAPTOP);
    try {
      await page.keyboard.press('Tab');
      const first = await deepFocus(page);
      assert.equal(first?.href, '#main', `the first Tab stop is the skip link (got ${JSON.stringify(first)})`);
      assert.ok(first?.inViewport && first.visibleFocus, 'the skip link shows when focused');

      const visited: string[] = [];
      let reached: Awaited<ReturnType<typeof deepFocus>> = null;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press('Tab');
        const focus = await deepFocus(page);
        if (!focus) continue;
        visited.push(`${[...focus.hosts, focus.tag].join(' > ')} "${focus.name.slice(0, 40)}"`);
        assert.ok(focus.visibleFocus, `focus is visible on ${visited.at(-1)} (${focus.focusStyle})`);
        assert.ok(focus.inViewport, `the focused ${visited.at(-1)} is scrolled into view`);
        if (focus.hosts.includes('soleus-share-buttons') && focus.tag === 'a') reached = focus;
      }
      assert.ok(reached, `Tab reached a share link; visited:\n${visited.join('\n')}`);
      assert.ok(reached.href?.includes(encodeURIComponent(pageUrl)) || reached.href?.includes(pageUrl));
      await assertClean(context, page, log);
    } finally {
      await context.close();
    }
  });

  test('the copy button copies the page URL and announces "Link copied"', async () => {
    const { context, page, log } = await openDemo(LAPTOP);
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
      const bar = page.locator('soleus-share-buttons:not([layout="compact"])').first();
      const copy = bar.getByRole('button', { name: /copy/i });
      assert.equal(await copy.count(), 1, 'the share bar has one copy button');
      await copy.focus();
      await page.keyboard.press('Enter');
      const status = bar.locator('[role="status"], [aria-live]');
      await status
        .filter({ hasText: /Link copied/i })
        .first()
        .waitFor({ timeout: 5_000 });
      const clipboard = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(clipboard, pageUrl, 'the clipboard holds the page URL');
      await assertClean(context, page, log);
    } finally {
      await context.close();
    }
  });

  for (const [name, options] of [
    ['small phone', SMALL_PHONE],
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const) {
    test(`full-page screenshot on a ${name}, without sideways scrolling`, async () => {
      const { context, page, log } = await openDemo(options);
      try {
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `the page does not scroll sideways (${overflow}px too wide)`);
        mkdirSync(screenshotDir, { recursive: true });
        await page.screenshot({ path: join(screenshotDir, `demo-${name.replace(/ /g, '-')}.png`), fullPage: true });
        await assertClean(context, page, log);
      } finally {
        await context.close();
      }
    });
  }
});
