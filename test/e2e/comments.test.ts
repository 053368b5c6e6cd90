// End to end: the comment box on the demo page (the BUILT dist/soleus.js served by the real server, its seeded
// "marathon-preparation" thread), keyboard only: reach the form with Tab, write, post with Ctrl+Enter, see the pending
// notice (the first comment of an address waits), the owner approves it from the moderation mail's page (a POST; the
// GET changes nothing is the server suite's), then a reply opened with Enter publishes at once, nested under its
// parent, and is edited within its window. Axe on the page in each state; screenshots at 1280 and 390 px.
// Run after `npm run build`: node --import tsx --test test/e2e/comments.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { LAPTOP, PHONE, root, screenshotDir } from '../support/devices.js';

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const ADMIN = 'e2e-comments-owner-token-0123456789abcdef';

let server: RunningServer;
let browser: Browser;
let dbDir: string;

async function owner(method: string, path: string): Promise<any> {
  const response = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(response.status, 200, `${method} ${path}`);
  return response.json();
}

async function openDemo(options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 40[04]/.test(m.text())) errors.push(m.text());
  });
  const response = await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
  assert.equal(response?.status(), 200);
  const box = page.locator('soleus-comment-box');
  await page.waitForFunction(
    () => !!document.querySelector('soleus-comment-box')?.shadowRoot?.querySelector('article'),
  );
  return { context, page, errors, box };
}

async function assertAccessible(page: Page, state: string): Promise<void> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(d: Element, o: object): Promise<AxeResults> } }).axe.run(
      document.querySelector('.comments')!,
      { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    ),
  );
  assert.deepEqual(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' >>> ')).join(', ')}`),
    [],
    `axe violations (${state})`,
  );
}

/** The focused element inside the comment box: its id, tag and text. */
const focused = (box: Locator) =>
  box.evaluate((el) => {
    const a = el.shadowRoot?.activeElement as HTMLElement | null;
    return {
      id: a?.id ?? '',
      tag: a?.tagName ?? '',
      text: a?.textContent?.trim() ?? '',
      label: a?.getAttribute('aria-label') ?? '',
    };
  });

/** Presses Tab until `test` holds for the focused element inside the box (at most `max` times). */
async function tabTo(page: Page, box: Locator, test: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 300) {
  for (let i = 0; i < max; i++) {
    if (test(await focused(box))) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached the wanted control; at ${JSON.stringify(await focused(box))}`);
}

async function shoot(target: Locator, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await target.scrollIntoViewIfNeeded();
  await target.screenshot({ path: join(screenshotDir, `${name}.png`), animations: 'disabled' });
}

before(async () => {
  assert.ok(existsSync(join(root, 'dist/soleus.js')), 'run `npm run build` before the end-to-end tests');
  dbDir = mkdtempSync(join(tmpdir(), 'soleus-e2e-comments-'));
  server = await startServer({
    args: ['--host', '127.0.0.1', '--port', '0', '--db', `sqlite:${join(dbDir, 'e2e.db')}`],
    env: { SOLEUS_ADMIN_TOKEN: ADMIN },
  });
  browser = await chromium.launch({ ...chromiumLaunchOptions });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

describe('comment box on the demo page, against the real server', () => {
  test('keyboard only: write, post, pending notice, approval, a reply that publishes at once, an edit', async () => {
    const { context, page, errors, box } = await openDemo(LAPTOP);
    try {
      const heading = box.locator('[part="heading"]');
      const seeded = Number((await heading.textContent())!.match(/\d+/)![0]);
      assert.ok(seeded >= 3, `the seeded thread shows its count (${await heading.textContent()})`);
      assert.ok((await box.locator('[part~="owner"] [part="badge"]').count()) >= 1, 'the owner reply has its badge');
      await assertAccessible(page, 'seeded thread');
      await shoot(page.locator('.comments'), 'comments-laptop-thread');

      // From the top of the page, Tab until the name field of the main form.
      await page.locator('body').press('Tab');
      await tabTo(page, box, (f) => f.id === 'mname');
      await page.keyboard.type('Sam Runner');
      await page.keyboard.press('Tab');
      assert.equal((await focused(box)).id, 'memail');
      await page.keyboard.type('sam.runner@example.com');
      await page.keyboard.press('Tab');
      assert.equal((await focused(box)).id, 'mw', 'the Write tab');
      await page.keyboard.press('Tab');
      assert.equal((await focused(box)).id, 'mb', 'the comment box');
      await page.keyboard.type('Does a **pre-event** massage help with _taper_ nerves?');
      // Preview by keyboard, then back to writing.
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(
        () =>
          document.querySelector('soleus-comment-box')!.shadowRoot!.querySelector('#mpp strong')?.textContent ===
          'pre-event',
      );
      await assertAccessible(page, 'preview');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Tab');
      assert.equal((await focused(box)).id, 'mb');
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction(
        () => document.querySelector('soleus-comment-box')!.shadowRoot!.activeElement?.id === 'notice',
        undefined,
        { timeout: 10_000 },
      );
      assert.equal(
        (await focused(box)).text,
        'Thanks — your comment will appear once Jim has approved it.',
        'the pending notice names the practitioner and has focus',
      );
      const held = box.locator('article[part~="held"]');
      assert.equal(await held.count(), 1, 'their own pending comment is shown, marked');
      assert.equal(await held.locator('strong').textContent(), 'pre-event');
      await assertAccessible(page, 'pending');
      await shoot(page.locator('.comments'), 'comments-laptop-pending');

      // The owner approves it.
      const { comments: pending } = await owner(
        'GET',
        '/api/v1/owner/comments?status=pending&thread=marathon-preparation',
      );
      const mine = pending.find((c: { author: { name: string } }) => c.author.name === 'Sam Runner');
      assert.ok(mine, 'the comment waits in the owner queue');
      await owner('POST', `/api/v1/owner/comments/${mine.id}/approve`);

      // Reloaded: it is published (no longer marked), the count went up by one.
      await page.reload({ waitUntil: 'networkidle' });
      await page.waitForFunction(
        () => !!document.querySelector('soleus-comment-box')?.shadowRoot?.querySelector('article'),
      );
      assert.equal(await box.locator(`#comment-${mine.id}`).getAttribute('part'), 'comment');
      assert.match((await heading.textContent())!, new RegExp(`^${seeded + 1} comments$`));

      // Reply to the first comment of the thread, by keyboard: Tab to its Reply button, Enter.
      await page.locator('body').press('Tab');
      await tabTo(page, box, (f) => f.tag === 'BUTTON' && f.text === 'Reply');
      const parentLabel = (await focused(box)).label;
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => document.querySelector('soleus-comment-box')!.shadowRoot!.activeElement?.id === 'rname',
      );
      await page.keyboard.type('Sam Runner');
      await page.keyboard.press('Tab');
      await page.keyboard.type('sam.runner@example.com');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal((await focused(box)).id, 'rb');
      await page.keyboard.type('Thank you, that helps.');
      await assertAccessible(page, 'reply form');
      await page.keyboard.press('Control+Enter');
      // An approved address publishes at once: focus goes to the new comment, nested under the one it answers.
      await page.waitForFunction(
        () => document.querySelector('soleus-comment-box')!.shadowRoot!.activeElement?.tagName === 'ARTICLE',
        undefined,
        { timeout: 10_000 },
      );
      const reply = await focused(box);
      assert.match(reply.label, /^Sam Runner, /);
      const nested = await box.evaluate((el, id) => {
        const a = el.shadowRoot!.getElementById(id)!;
        return a.closest('ol')!.parentElement!.closest('li')!.querySelector('article')!.getAttribute('aria-label');
      }, reply.id);
      assert.ok(parentLabel.startsWith('Reply to ') && nested!.startsWith(parentLabel.slice('Reply to '.length)));

      // Edit it within the window: Tab to Edit, Enter, replace the text, Ctrl+Enter.
      await tabTo(page, box, (f) => f.tag === 'BUTTON' && f.text === 'Edit');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => document.querySelector('soleus-comment-box')!.shadowRoot!.activeElement?.id === 'eb',
      );
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Thank you, Jim: that really helps.');
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction(
        (id) =>
          document.querySelector('soleus-comment-box')!.shadowRoot!.querySelector(`#${id} [part="body"]`)
            ?.textContent === 'Thank you, Jim: that really helps.',
        reply.id,
      );
      assert.match((await box.locator(`#${reply.id} .meta`).textContent())!, /edited/);
      await assertAccessible(page, 'edited');
      await shoot(page.locator('.comments'), 'comments-laptop-reply');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('on a 390 px phone: the thread and the form fit, accessible', async () => {
    const { context, page, errors, box } = await openDemo(PHONE);
    try {
      const width = await box.evaluate((el) => ({ box: el.getBoundingClientRect().width, scroll: el.scrollWidth }));
      assert.ok(width.scroll <= Math.ceil(width.box), `no sideways scrolling (${JSON.stringify(width)})`);
      await assertAccessible(page, 'phone');
      await shoot(page.locator('.comments'), 'comments-phone-thread');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
