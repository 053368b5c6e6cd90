// End to end: the page a confirmation email links to (/manage#booking=…&token=…), in Chromium against a real server:
// it shows the booking, moves it and cancels it with the keyboard only, axe finds nothing, the strict CSP holds.
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

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

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
    await page.locator('#details:not([hidden])').waitFor();
    assert.equal(await page.locator('#what').textContent(), 'Sports massage (60 minutes)');
    assert.match((await page.locator('#when').textContent()) ?? '', /10:00/);
    assert.equal(await page.locator('#state').textContent(), 'Confirmed');
    await axe(page);
    await page.screenshot({ path: join(screenshotDir, 'manage-phone.png'), fullPage: true });

    // Move it to 12:00 the day after, keyboard only.
    const target = slotInDays(6);
    await pressTab(page, async (p) => (await focusedId(p)) === 'move-day');
    // The native date field's segment order follows the browser's UI language, so set the value as a date picker would.
    await page.locator('#move-day').fill(target.day);
    await page.locator('#times input').first().waitFor();
    await axe(page);
    // Tab past the date field's own segments into the radio group.
    await pressTab(page, (p) =>
      p.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'radio'),
    );
    for (let i = 0; i < 20; i++) {
      const label = await page.evaluate(
        () => (document.activeElement as HTMLInputElement | null)?.parentElement?.textContent ?? '',
      );
      if (label.includes('12:00')) break;
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
