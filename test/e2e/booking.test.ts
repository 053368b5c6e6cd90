// End to end: <soleus-booking-calendar> on the built demo page against the real server and a real SMTP server,
// driven by the keyboard (each path starts by focusing the widget's first control, then only keys): a 60-minute
// sports massage booked, seen in the owner API and in the confirmation mail; a race-day plan booked; two browsers
// racing for one slot, the loser told it was just taken. Screenshots at 390 and 1280 px in test-results/screenshots/.
// Run after `npm run build`: node --import tsx --test test/e2e/booking.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = join(root, 'test-results/screenshots');
const ADMIN = 'e2e-owner-token-booking-0123456789';
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

let server: RunningServer;
let smtp: SMTPServer;
let browser: Browser;
let dbDir: string;
const inbox: ParsedMail[] = [];

before(async () => {
  assert.ok(existsSync(join(root, 'dist/soleus.js')), 'run `npm run build` first');
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => (inbox.push(mail), callback()), callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  dbDir = mkdtempSync(join(tmpdir(), 'soleus-e2e-booking-'));
  server = await startServer({
    args: ['--host', '127.0.0.1', '--port', '0', '--db', `sqlite:${join(dbDir, 'e2e.db')}`],
    env: { SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, SOLEUS_ADMIN_TOKEN: ADMIN },
  });
  browser = await chromium.launch({ ...chromiumLaunchOptions });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

/** The demo page with the inline calendar's treatments shown; page errors collected. */
async function openDemo(options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
  const widget = page.locator('#book');
  await widget.locator('[part=service]').first().waitFor();
  return { context, page, widget, errors };
}

/** The focused element's text, looking through shadow roots. */
const focusText = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
  });

/** Presses Tab until the focused control's text matches. */
async function tabTo(page: Page, text: string | RegExp): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const t = await focusText(page);
    seen.push(t.slice(0, 40));
    if (typeof text == 'string' ? t == text : text.test(t)) return;
  }
  assert.fail(`Tab never reached ${text}; visited: ${seen.join(' | ')}`);
}

const heading = (widget: Locator) => widget.locator('#h');

async function shoot(page: Page, widget: Locator, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await widget.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** From the treatments: the 60-minute massage, the first free day, its first time, with keys only. */
async function chooseTime(page: Page, widget: Locator, shots?: string): Promise<void> {
  await widget.locator('[part=service]', { hasText: 'Sports massage (60 minutes)' }).focus();
  await page.keyboard.press('Enter');
  await heading(widget).filter({ hasText: 'Choose a day' }).waitFor();
  await tabTo(page, /times? available$/);
  await page.keyboard.press('Enter');
  await widget.locator('#th').waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  if (shots) await shoot(page, widget, `${shots}-times`);
  await tabTo(page, 'Continue');
  await page.keyboard.press('Enter');
  await heading(widget).filter({ hasText: 'Your details' }).waitFor();
}

/** Fills the details with keys and goes on to the review. */
async function details(page: Page, widget: Locator, name: string, email: string): Promise<void> {
  await page.keyboard.press('Tab');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(email);
  await tabTo(page, 'Continue');
  await page.keyboard.press('Enter');
  await heading(widget).filter({ hasText: 'Check and confirm' }).waitFor();
}

interface OwnerBooking {
  id: string;
  serviceId: string;
  start: string;
  client: { email: string };
}
async function ownerBookings(): Promise<OwnerBooking[]> {
  const r = await fetch(`${server.url}/api/v1/owner/bookings`, { headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(r.status, 200);
  return ((await r.json()) as { bookings: OwnerBooking[] }).bookings;
}

describe('booking calendar on the demo page, against the real server', () => {
  test('keyboard only: book a 60-minute sports massage, see the confirmation, find it in the owner API and the mail', async () => {
    const { context, page, widget, errors } = await openDemo(LAPTOP);
    try {
      await shoot(page, widget, 'booking-laptop-services');
      await chooseTime(page, widget, 'booking-laptop');
      await details(page, widget, 'Ann Runner', 'ann@example.com');
      await shoot(page, widget, 'booking-laptop-review');
      await tabTo(page, 'Confirm booking');
      await page.keyboard.press('Enter');
      await heading(widget).filter({ hasText: 'You are booked in' }).waitFor({ timeout: 10_000 });
      assert.equal(await focusText(page), 'You are booked in', 'focus moves to the confirmation heading');
      await shoot(page, widget, 'booking-laptop-done');
      const ics = await widget.locator('a', { hasText: '.ics' }).getAttribute('href');
      assert.match(ics ?? '', /\/api\/v1\/bookings\/[^/]+\/calendar\.ics\?token=/);
      const mine = (await ownerBookings()).filter((b) => b.client.email == 'ann@example.com');
      assert.equal(mine.length, 1, 'the owner sees exactly one booking');
      assert.equal(mine[0]!.serviceId, 'sports-massage-60');
      assert.ok(ics!.includes(mine[0]!.id));
      let mail: ParsedMail | undefined;
      for (let i = 0; i < 100 && !mail; i++) {
        await server.mail.idle();
        mail = inbox.find((m) => [m.to].flat().some((a) => a?.value.some((v) => v.address == 'ann@example.com')));
        if (!mail) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(mail, 'the confirmation reached the SMTP server');
      assert.match(mail.subject ?? '', /Sports massage \(60 minutes\)/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('phone width: the month and the times fit, screenshots', async () => {
    const { context, page, widget, errors } = await openDemo(PHONE);
    try {
      await shoot(page, widget, 'booking-phone-services');
      await chooseTime(page, widget, 'booking-phone');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('keyboard only: book a race-day plan', async () => {
    const { context, page, widget, errors } = await openDemo(LAPTOP);
    try {
      await widget.locator('button', { hasText: 'Plan around a race' }).focus();
      await page.keyboard.press('Enter');
      await heading(widget).filter({ hasText: 'Plan around your race' }).waitFor();
      // An event about five weeks out whose race week and recovery days miss the practice's Christmas closure.
      const day = (n: number) => new Date(Date.now() + n * 864e5).toISOString().slice(0, 10);
      let k = 35;
      while ([-4, -3, -2, 2, 3, 4, 5].some((d) => /-12-2[4-7]$/.test(day(k + d)))) k++;
      const event = day(k);
      // A date field takes its digits in the locale's order; fill() types the ISO value the same way a person would pick it.
      await widget.locator('#event').fill(event);
      await widget.locator('#event').focus();
      await tabTo(page, 'Suggest sessions');
      await page.keyboard.press('Enter');
      await widget.locator('.list li').first().waitFor({ timeout: 10_000 });
      await shoot(page, widget, 'booking-laptop-plan');
      await tabTo(page, 'Continue');
      await page.keyboard.press('Enter');
      await heading(widget).filter({ hasText: 'Your details' }).waitFor();
      await details(page, widget, 'Bea Runner', 'bea@example.com');
      await tabTo(page, /^Confirm \d+ bookings$/);
      const n = Number((await focusText(page)).match(/\d+/)![0]);
      await page.keyboard.press('Enter');
      await heading(widget).filter({ hasText: 'You are booked in' }).waitFor({ timeout: 20_000 });
      assert.equal(await widget.locator('[role=status]').textContent(), '', 'nothing failed');
      const mine = (await ownerBookings()).filter((b) => b.client.email == 'bea@example.com');
      assert.equal(mine.length, n, `all ${n} sessions booked`);
      for (const id of ['sports-massage-60', 'pre-event-massage', 'post-event-recovery-massage']) assert.ok(mine.some((b) => b.serviceId == id), id);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('two browsers race for one slot: the second is told it was just taken and sees fresh times', async () => {
    const a = await openDemo(LAPTOP);
    const b = await openDemo(LAPTOP);
    try {
      for (const [x, who] of [[a, 'Cat'], [b, 'Dan']] as const) {
        await chooseTime(x.page, x.widget);
        await details(x.page, x.widget, `${who} Runner`, `${who.toLowerCase()}@example.com`);
        await tabTo(x.page, 'Confirm booking');
      }
      await a.page.keyboard.press('Enter');
      await heading(a.widget).filter({ hasText: 'You are booked in' }).waitFor({ timeout: 10_000 });
      await b.page.keyboard.press('Enter');
      await b.widget.locator('[role=status]', { hasText: 'just taken' }).waitFor({ timeout: 10_000 });
      assert.match(await heading(b.widget).textContent() ?? '', /Choose a day/);
      await shoot(b.page, b.widget, 'booking-laptop-just-taken');
      assert.deepEqual([...a.errors, ...b.errors], []);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });
});
