// End to end: the page a confirmation email links to (/manage#booking=…&token=…), in Chromium against a real server:
// <soleus-booking-manage> shows the booking, moves it (the booking calendar's month and times) and cancels it with the
// keyboard only, axe finds nothing, the strict CSP holds. Playwright's CSS locators reach into the open shadow root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { root, screenshotDir } from '../support/devices.js';

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

let server: RunningServer;
let browser: Browser;
let dir: string;

/** A practice open every day, so the test never depends on today's date or weekday. */
function writePractice(file: string) {
  const day = [['00:00', '24:00']];
  writeFileSync(
    file,
    JSON.stringify({
      name: 'Test Practice',
      timeZone: 'Europe/London',
      email: 'owner@example.com',
      practitioners: [
        { id: 'sam', name: 'Sam', hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } },
      ],
      services: [
        {
          id: 'massage-60',
          name: 'Sports massage (60 minutes)',
          durationMinutes: 60,
          price: { amount: 6000, currency: 'GBP' },
          slotIntervalMinutes: 60,
          minNoticeHours: 0,
          horizonDays: 60,
          cancellationNoticeHours: 24,
        },
      ],
    }),
  );
}

/** 10:00 London time `days` days from now, as a UTC instant on the hourly grid. */
function slotInDays(days: number): { iso: string; day: string } {
  const day = new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
  // 10:00 London is 09:00Z in summer and 10:00Z in winter: find the instant whose London wall time is 10:00.
  for (const hour of [9, 10]) {
    const candidate = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
    const wall = candidate.toLocaleTimeString('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
    });
    if (wall === '10:00') return { iso: candidate.toISOString(), day };
  }
  throw new Error('no 10:00 London instant found');
}

async function book(start: string): Promise<{ id: string; token: string }> {
  const response = await fetch(`${server.url}/api/v1/bookings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `manage-${start}-${Math.random()}` },
    body: JSON.stringify({
      serviceId: 'massage-60',
      start,
      client: { name: 'Ann Runner', email: 'ann@example.com' },
      timeZone: 'Europe/London',
    }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const body = (await response.json()) as { booking: { id: string }; manageToken: string };
  return { id: body.booking.id, token: body.manageToken };
}

async function axe(page: Page): Promise<void> {
  // Evaluated by the test driver, not as a page script, so the page's strict CSP stays untouched.
  await page.evaluate(axeSource);
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run(d: Document, o: object): Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  )) as AxeResults;
  assert.deepEqual(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
  );
}

async function pressTab(page: Page, until: (page: Page) => Promise<boolean>, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await until(page)) return;
  }
  throw new Error('focus never reached the expected element');
}

/** The focused element's id, inside the element's shadow root. */
const focusedId = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.id ?? '';
  });

/** What the deepest focused element is: its tag, type, id, data-day and its label's text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement as HTMLElement | null;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement as HTMLElement;
    const input = a as HTMLInputElement | null;
    return { type: input?.type ?? '', day: a?.dataset?.day ?? '', label: a?.parentElement?.textContent ?? '' };
  });

describe('manage page', () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'soleus-manage-'));
    writePractice(join(dir, 'practice.json'));
    server = await startServer({
      args: [
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--db',
        `sqlite:${join(dir, 'db.sqlite')}`,
        '--config',
        join(dir, 'practice.json'),
      ],
      env: {},
    });
    browser = await chromium.launch(chromiumLaunchOptions);
    mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('shows the booking, moves it and cancels it from the keyboard; axe finds nothing', async () => {
    const first = slotInDays(5);
    const made = await book(first.iso);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      timezoneId: 'Europe/London',
      locale: 'en-GB',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/manage#booking=${made.id}&token=${made.token}`);
    await page.locator('#details').waitFor();
    // The page names the practice and links back to its site (the server's own page when the practice gives none).
    assert.equal(await page.locator('h1').textContent(), 'Your booking with Test Practice');
    assert.equal(await page.locator('header a').textContent(), 'Test Practice');
    assert.equal(await page.locator('#what').textContent(), 'Sports massage (60 minutes)');
    assert.match((await page.locator('#when').textContent()) ?? '', /10:00/);
    assert.equal(await page.locator('#state').textContent(), 'Confirmed');
    await axe(page);
    await page.screenshot({ path: join(screenshotDir, 'manage-phone.png'), fullPage: true });

    // Add to calendar while it stands; no "Book again".
    assert.equal(await page.locator('.cal a').count(), 3);
    assert.equal(await page.locator('[part~=book-again]').count(), 0);

    // Move it to 12:00 the day after, keyboard only: the month of free days opens on the booking's own day.
    const target = slotInDays(6);
    await pressTab(page, async (p) => (await focusedId(p)) === 'move-open');
    await page.keyboard.press('Enter');
    await page.locator('td button[part~=available]').first().waitFor();
    await pressTab(page, async (p) => (await focused(p)).day !== '');
    assert.equal((await focused(page)).day, first.day);
    for (let i = 0; i < 40 && (await focused(page)).day !== target.day; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.locator('.times input').first().waitFor();
    await axe(page);
    await page.screenshot({ path: join(screenshotDir, 'manage-moving-phone.png'), fullPage: true });
    // Into the day's times, a radio group.
    await pressTab(page, async (p) => (await focused(p)).type === 'radio');
    for (let i = 0; i < 30; i++) {
      if ((await focused(page)).label.includes('12:00')) break;
      await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('Space');
    await pressTab(page, async (p) => (await focusedId(p)) === 'move');
    await page.keyboard.press('Enter');
    await page.getByText(/^Moved\./).waitFor();
    assert.match((await page.locator('#when').textContent()) ?? '', /12:00/);

    const view = await fetch(`${server.url}/api/v1/bookings/${made.id}`, {
      headers: { Authorization: `Bearer ${made.token}` },
    });
    const moved = ((await view.json()) as { booking: { start: string } }).booking.start;
    assert.equal(
      new Date(moved).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }),
      '12:00',
    );

    // Cancel, with a confirmation step.
    await pressTab(page, async (p) => (await focusedId(p)) === 'cancel');
    await page.keyboard.press('Enter');
    assert.equal(await focusedId(page), 'cancel-yes');
    await page.keyboard.press('Enter');
    await page.getByText('Your booking is cancelled.').waitFor();
    assert.equal(await page.locator('#state').textContent(), 'Cancelled');
    // Once cancelled: no "Add to calendar", a "Book again" link to the practice's site.
    assert.equal(await page.locator('.cal a').count(), 0);
    assert.equal(await page.locator('[part~=book-again]').getAttribute('href'), `${server.url}/`);
    await axe(page);
    await page.screenshot({ path: join(screenshotDir, 'manage-cancelled-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a wrong or incomplete link says so instead of showing anything', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/manage#booking=bk_nothing&token=nope`);
    await page.getByText(/No booking matches this link/).waitFor();
    assert.equal(await page.locator('#details').isHidden(), true);
    await page.goto(`${server.url}/manage`);
    await page.reload();
    await page.getByText(/This link is incomplete/).waitFor();
    await axe(page);
    await context.close();
  });
});
