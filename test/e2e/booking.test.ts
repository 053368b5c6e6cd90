// End to end: <soleus-booking-calendar> on the built demo page against the real server and a real SMTP server,
// driven by the keyboard (each path starts by focusing the widget's first control, then only keys): a 60-minute
// sports massage booked, seen in the owner API, in the owner console's agenda and in the confirmation mail; a race-day plan booked; two browsers
// racing for one slot, the loser told it was just taken; the header's popup placed by the button on a laptop and as a
// full-width sheet on a phone, Escape returning focus. Screenshots of every step at 390 and 1280 px, light and dark,
// in test-results/screenshots/booking-*.png.
// Run after `npm run build`: node --import tsx --test test/e2e/booking.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { signInConsole } from '../support/console.js';
import { LAPTOP, PHONE, root, screenshotDir } from '../support/devices.js';

const ADMIN = 'e2e-owner-token-booking-0123456789';

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
    // The screenshots book a dozen sessions a minute from one address, above the default limit of 10.
    args: [
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--db',
      `sqlite:${join(dbDir, 'e2e.db')}`,
      '--booking-rate-limit',
      '1000',
    ],
    env: { SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, SOLEUS_ADMIN_TOKEN: ADMIN },
  });
  // en-GB, so a date field's segments are day/month/year where the browser ships that UI language (Debian's Chromium
  // ships only en-US, so the plan's event date is chosen to read the same either way).
  browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, '--lang=en-GB'] });
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

/** The element focused, looking through shadow roots. */
const deepFocus = (page: Page) =>
  page.evaluateHandle(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el;
  });

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

/** A screenshot of the viewport with `target`'s top 16 px below the viewport's (as far as the page scrolls). */
async function shoot(page: Page, target: Locator, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await target.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 16));
  await page.evaluate(() => new Promise(requestAnimationFrame));
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** From the treatments: the 60-minute massage, the first free day, its first time, with keys only. */
async function chooseTime(page: Page, widget: Locator, atTimes?: () => Promise<void>): Promise<void> {
  await widget.locator('[part=service]', { hasText: 'Sports massage (60 minutes)' }).focus();
  await page.keyboard.press('Enter');
  await heading(widget).filter({ hasText: 'Choose a day' }).waitFor();
  await tabTo(page, /times? available$/);
  await page.keyboard.press('Enter');
  await widget.locator('#th').waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await atTimes?.();
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
  seriesId: string | null;
  start: string;
  client: { email: string };
}
async function ownerBookings(): Promise<OwnerBooking[]> {
  const r = await fetch(`${server.url}/api/v1/owner/bookings`, { headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(r.status, 200);
  return ((await r.json()) as { bookings: OwnerBooking[] }).bookings;
}

/** A day `n` days from today (UTC), `YYYY-MM-DD`. */
const day = (n: number) => new Date(Date.now() + n * 864e5).toISOString().slice(0, 10);

/**
 * An event five to nine weeks out for a race-day plan: its race week and recovery days miss the practice's
 * Christmas closure, and its day and month are the same number (1 January, 2 February…), so typing the digits
 * DDMMYYYY fills a date field right whether the browser's UI orders it day/month or month/day.
 */
function raceDay(): string {
  for (let k = 35; k < 70; k++) {
    const d = day(k);
    if (d.slice(5, 7) == d.slice(8) && ![-4, -3, -2, 2, 3, 4, 5].some((x) => /-12-2[4-7]$/.test(day(k + x)))) return d;
  }
  throw new Error('no race day found');
}

/** Books a session straight through the API (another visitor), so the series preview meets a taken time. */
async function bookDirect(serviceId: string, start: string, email: string): Promise<void> {
  const r = await fetch(`${server.url}/api/v1/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ serviceId, start, client: { name: 'Another Runner', email }, timeZone: 'UTC' }),
  });
  assert.equal(r.status, 201, await r.text());
}

/** The first free slot of a service as the widget will offer it (UTC, the browser's zone here). */
async function firstSlot(serviceId: string): Promise<string> {
  const r = await fetch(
    `${server.url}/api/v1/availability?service=${serviceId}&from=${day(0)}&to=${day(40)}&timeZone=UTC`,
  );
  return ((await r.json()) as { slots: { start: string }[] }).slots[0]!.start;
}

/** The open popup panel's box, its button's, and the viewport's. */
const popupBoxes = (page: Page) =>
  page.locator('.header-book').evaluate((el) => {
    // No helper function in here: the test's transpiler would wrap it in a __name() the page does not have.
    const [panel, button] = ['dialog[open]', '[part=open-button]'].map(
      (s) => JSON.parse(JSON.stringify(el.shadowRoot!.querySelector(s)!.getBoundingClientRect())) as DOMRect,
    );
    return { panel: panel!, button: button!, viewport: { width: innerWidth, height: innerHeight } };
  });

describe('booking calendar on the demo page, against the real server', () => {
  test('keyboard only: book a 60-minute sports massage, see the confirmation, find it in the owner API and the mail', async () => {
    const { context, page, widget, errors } = await openDemo(LAPTOP);
    try {
      await chooseTime(page, widget);
      await details(page, widget, 'Ann Runner', 'ann@example.com');
      // Nothing hidden before confirming (issue 11): start–end, price, policy, the practice's place and the details typed.
      const review = (await widget.locator('.flow').innerText()).replace(/\s+/g, ' ');
      assert.match(review, /When [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d–\d\d:\d\d/, review);
      assert.match(review, /Price £60\.00/);
      assert.match(review, /Free to change or cancel until [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}, \d\d:\d\d\./);
      assert.match(review, /Name Ann Runner Email address ann@example\.com/);
      assert.match(review, /Times shown in (UTC|[A-Z][a-z ]+ time)/, 'the zone named once');
      assert.equal(await widget.getByRole('button', { name: 'Change details' }).count(), 1);
      await tabTo(page, 'Confirm booking');
      await page.keyboard.press('Enter');
      await heading(widget).filter({ hasText: 'You are booked in' }).waitFor({ timeout: 10_000 });
      assert.equal(await focusText(page), 'You are booked in', 'focus moves to the confirmation heading');
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
      // The owner's console shows the booking the widget made: the week's list, or that day in the month.
      await signInConsole(server, context);
      const owner = await context.newPage();
      await owner.goto(`${server.url}/admin#/agenda`);
      const agenda = owner.locator('soleus-console-agenda');
      await agenda.locator('.tabs').waitFor();
      const entry = agenda.locator(`[data-booking="${mine[0]!.id}"]`);
      await agenda.locator('.day, .skeleton').first().waitFor();
      if ((await entry.count()) === 0) {
        await agenda.getByRole('button', { name: 'Month' }).click();
        const day = new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/London',
          weekday: 'long',
          day: 'numeric',
          month: 'long',
        }).format(new Date(mine[0]!.start));
        for (
          let i = 0;
          i < 3 && (await agenda.getByRole('button', { name: new RegExp(`^${day}:`) }).count()) === 0;
          i++
        )
          await agenda.getByRole('button', { name: 'Next month' }).click();
        await agenda.getByRole('button', { name: new RegExp(`^${day}:`) }).click();
      }
      await entry.waitFor();
      assert.match((await entry.textContent()) ?? '', /Ann Runner[\s\S]*Sports massage \(60 minutes\)/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('phone width: the month and the times fit, times in the en-GB clock', async () => {
    const { context, page, widget, errors } = await openDemo(PHONE);
    try {
      await chooseTime(page, widget, async () => {
        assert.match(
          (await widget.locator('.time span').first().textContent()) ?? '',
          /^\d{2}:\d{2}/,
          'en-GB shows 09:00, not 9:00',
        );
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
        const table = await widget.locator('table').boundingBox();
        const host = await widget.boundingBox();
        assert.ok(table && host && table.x + table.width <= host.x + host.width, 'the month fits the card');
        for (const b of await widget.locator('td button').all()) {
          const box = (await b.boundingBox())!;
          assert.ok(
            box.width >= 24 && box.height >= 44,
            `day targets at least 24 × 44 px (${box.width} × ${box.height})`,
          );
        }
      });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('keyboard only: book a race-day plan, typing the event date', async () => {
    const { context, page, widget, errors } = await openDemo(LAPTOP);
    try {
      await widget.locator('button', { hasText: 'Plan around a race' }).focus();
      await page.keyboard.press('Enter');
      await heading(widget).filter({ hasText: 'Plan around your race' }).waitFor();
      assert.equal(await focusText(page), 'Plan around your race', 'focus on the step heading');
      const event = raceDay();
      await page.keyboard.press('Tab');
      assert.equal(
        await (await deepFocus(page)).evaluate((el) => (el as Element | null)?.id),
        'event',
        'Tab reaches the date field',
      );
      await page.keyboard.type(`${event.slice(8)}${event.slice(5, 7)}${event.slice(0, 4)}`);
      assert.equal(await widget.locator('#event').inputValue(), event, 'the typed digits make the event date');
      await tabTo(page, 'Suggest sessions');
      await page.keyboard.press('Enter');
      await widget.locator('.list li').first().waitFor({ timeout: 10_000 });
      await tabTo(page, 'Continue');
      await page.keyboard.press('Enter');
      await heading(widget).filter({ hasText: 'Your details' }).waitFor();
      await details(page, widget, 'Bea Runner', 'bea@example.com');
      await tabTo(page, /^Confirm \d+ bookings$/);
      const n = Number((await focusText(page)).match(/\d+/)![0]);
      await page.keyboard.press('Enter');
      await heading(widget).filter({ hasText: 'You are booked in' }).waitFor({ timeout: 20_000 });
      assert.equal(await widget.locator('[role=status]').textContent(), '', 'nothing failed');
      assert.equal(await widget.locator('[role=alert]').textContent(), '', 'nothing failed');
      assert.equal(await widget.locator('.failed').count(), 0);
      const mine = (await ownerBookings()).filter((b) => b.client.email == 'bea@example.com');
      assert.equal(mine.length, n, `all ${n} sessions booked`);
      for (const id of ['sports-massage-60', 'pre-event-massage', 'post-event-recovery-massage'])
        assert.ok(
          mine.some((b) => b.serviceId == id),
          id,
        );
      // One decision: one series id over every session; the demo's racePlan keeps deep tissue out of race week.
      assert.equal(new Set(mine.map((b) => b.seriesId)).size, 1, 'one series id');
      assert.ok(mine[0]!.seriesId);
      const raceWeek = new Date(`${event}T00:00:00Z`).getTime() - 7 * 864e5;
      for (const b of mine.filter((x) => x.serviceId == 'sports-massage-60'))
        assert.ok(Date.parse(b.start) < raceWeek + 864e5, `build-up ${b.start} a week or more before ${event}`);
      // The confirmation: the sessions as one list, one "Add all to calendar".
      assert.equal(await widget.locator('.sessions li').count(), n);
      assert.equal(await widget.locator('a', { hasText: 'Add all to calendar' }).count(), 1);
      // ONE email to the client listing every session with one invite of n VEVENTs, and ONE to the practitioner.
      const deadline = Date.now() + 10_000;
      const to = (address: string) => inbox.filter((m) => JSON.stringify(m.to ?? '').includes(address));
      while (to('bea@example.com').length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 700));
      const client = to('bea@example.com');
      assert.equal(client.length, 1, 'one confirmation for the plan');
      const ics = client[0]!.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      const alt = (
        client[0] as unknown as { alternatives?: { contentType: string; content: Buffer }[] }
      ).alternatives?.find((a) => a.contentType.startsWith('text/calendar'));
      const text = (ics ?? alt)?.content.toString('utf8') ?? '';
      assert.equal(text.match(/^BEGIN:VEVENT/gm)?.length, n, `${n} VEVENTs in one invite`);
      const owner = inbox.filter((m) => (m.subject ?? '').startsWith('New booking: Bea Runner'));
      assert.equal(owner.length, 1, 'one notice to the practitioner');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('two browsers race for one slot: the second is told it was just taken and sees fresh times', async () => {
    const a = await openDemo(LAPTOP);
    const b = await openDemo(LAPTOP);
    try {
      for (const [x, who] of [
        [a, 'Cat'],
        [b, 'Dan'],
      ] as const) {
        await chooseTime(x.page, x.widget);
        await details(x.page, x.widget, `${who} Runner`, `${who.toLowerCase()}@example.com`);
        await tabTo(x.page, 'Confirm booking');
      }
      await a.page.keyboard.press('Enter');
      await heading(a.widget).filter({ hasText: 'You are booked in' }).waitFor({ timeout: 10_000 });
      await b.page.keyboard.press('Enter');
      await b.widget.locator('[role=alert]', { hasText: 'just taken' }).waitFor({ timeout: 10_000 });
      assert.match((await heading(b.widget).textContent()) ?? '', /Choose a day/);
      await shoot(b.page, heading(b.widget), 'booking-laptop-light-just-taken');
      assert.deepEqual([...a.errors, ...b.errors], []);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  for (const [width, options] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    test(`${width}: the header's popup opens ${width == 'laptop' ? 'by its button, on screen' : 'as a full-width sheet'}, keeps focus inside, and Escape returns focus to the button`, async () => {
      const { context, page, errors } = await openDemo(options);
      try {
        const host = page.locator('.header-book');
        const button = host.locator('[part=open-button]');
        await button.focus();
        await page.keyboard.press('Enter');
        await host.locator('dialog #h').waitFor();
        await page.evaluate(() => new Promise(requestAnimationFrame));
        const { panel, button: b, viewport } = await popupBoxes(page);
        const at = (n: number) => Math.round(n);
        assert.ok(
          panel.left >= 0 && panel.top >= 0 && panel.right <= viewport.width && panel.bottom <= viewport.height,
          `the panel is on screen: ${JSON.stringify(panel)}`,
        );
        if (width == 'laptop') {
          assert.ok(
            Math.abs(panel.top - (b.bottom + 8)) <= 1,
            `the panel opens 8 px below its button (${at(panel.top)} vs ${at(b.bottom)})`,
          );
          assert.ok(
            Math.abs(panel.left - b.left) <= 1 || Math.abs(panel.right - b.right) <= 1,
            `the panel is aligned with its button (${at(panel.left)}–${at(panel.right)} vs ${at(b.left)}–${at(b.right)})`,
          );
          assert.ok(panel.width < viewport.width / 2, 'a floating panel, not a sheet');
        } else {
          assert.equal(at(panel.left), 0, 'a sheet from the left edge');
          assert.equal(at(panel.width), viewport.width, 'full width');
          assert.equal(at(panel.bottom), viewport.height, 'down to the bottom');
        }
        for (let i = 0; i < 4; i++) {
          await page.keyboard.press('Tab');
          const inside = await (await deepFocus(page)).evaluate((el) => !!(el as Element | null)?.closest('dialog'));
          assert.ok(inside, 'Tab stays inside the open panel');
        }
        await page.keyboard.press('Escape');
        await host.locator('dialog[open]').waitFor({ state: 'detached' });
        const part = await (await deepFocus(page)).evaluate((el) => (el as Element | null)?.getAttribute('part'));
        assert.equal(part, 'open-button', 'focus is back on "Book a session"');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  for (const [width, options] of [
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      test(`screenshots, ${width} ${scheme}: month, times, details with errors, review, series with a conflict, confirmation, race-day plan, popup`, async () => {
        const { context, page, widget, errors } = await openDemo({ ...options, colorScheme: scheme });
        const name = (state: string) => `booking-${width}-${scheme}-${state}`;
        try {
          // Someone else holds the first free time two weeks on, so "every 2 weeks" meets a conflict.
          const first = await firstSlot('sports-massage-60');
          await bookDirect(
            'sports-massage-60',
            new Date(Date.parse(first) + 14 * 864e5).toISOString(),
            `other-${width}-${scheme}@example.com`,
          );
          await widget.locator('[part=service]', { hasText: 'Sports massage (60 minutes)' }).focus();
          await page.keyboard.press('Enter');
          await heading(widget).filter({ hasText: 'Choose a day' }).waitFor();
          await shoot(page, widget, name('month'));
          await chooseTimeHere();
          async function chooseTimeHere() {
            await tabTo(page, /times? available$/);
            await page.keyboard.press('Enter');
            await widget.locator('#th').waitFor();
            await page.keyboard.press('Tab');
            await page.keyboard.press('Space');
            assert.equal(await widget.locator('.time:has(:checked)').count(), 1);
            await shoot(page, widget.locator(width == 'phone' ? '#th' : 'table'), name('times'));
          }
          await tabTo(page, 'Continue');
          await page.keyboard.press('Enter');
          await heading(widget).filter({ hasText: 'Your details' }).waitFor();
          await page.keyboard.press('Tab');
          await page.keyboard.press('Tab');
          await page.keyboard.type('not-an-email');
          await tabTo(page, 'Continue');
          await page.keyboard.press('Enter');
          await widget.locator('#name-e').waitFor();
          await shoot(page, widget, name('details-error'));
          await page.keyboard.type('Ann Runner');
          await widget.locator('#email').fill(`ann-${width}-${scheme}@example.com`);
          await widget.locator('#email').focus();
          await tabTo(page, 'Continue');
          await page.keyboard.press('Enter');
          await heading(widget).filter({ hasText: 'Check and confirm' }).waitFor();
          await shoot(page, widget, name('review'));
          await widget.locator('#every').selectOption('2');
          await widget.locator('.list .tag').first().waitFor(); // earlier runs' bookings may clash too
          await widget.locator('#every').focus();
          await shoot(page, widget, name('series-conflict'));
          await widget.locator('#every').selectOption('0');
          await tabTo(page, 'Confirm booking');
          await page.keyboard.press('Enter');
          await heading(widget).filter({ hasText: 'You are booked in' }).waitFor({ timeout: 10_000 });
          await shoot(page, widget, name('done'));
          await tabTo(page, 'Book another');
          await page.keyboard.press('Enter');
          await heading(widget).filter({ hasText: 'Choose a treatment' }).waitFor();
          await widget.locator('button', { hasText: 'Plan around a race' }).click();
          await heading(widget).filter({ hasText: 'Plan around your race' }).waitFor();
          await widget.locator('#event').fill(raceDay());
          await widget.locator('button', { hasText: 'Suggest sessions' }).click();
          await widget.locator('.list select').first().waitFor({ timeout: 10_000 });
          await shoot(page, widget, name('plan'));
          // The plan's review: each session with its price, the total, the parts left for later set apart.
          await tabTo(page, 'Continue');
          await page.keyboard.press('Enter');
          await heading(widget).filter({ hasText: 'Your details' }).waitFor();
          await tabTo(page, 'Continue');
          await page.keyboard.press('Enter');
          await heading(widget).filter({ hasText: 'Check and confirm' }).waitFor();
          const sessions = await widget.locator('.sessions li').count();
          assert.equal(await widget.locator('.nav .btn:not(.secondary)').textContent(), `Confirm ${sessions} bookings`);
          assert.match((await widget.locator('.total').textContent()) ?? '', new RegExp(`for ${sessions} sessions`));
          await shoot(page, widget, name('plan-review'));
          await page.evaluate(() => window.scrollTo(0, 0));
          const host = page.locator('.header-book');
          await host.locator('[part=open-button]').focus();
          await page.keyboard.press('Enter');
          await host.locator('dialog #h').waitFor();
          await page.evaluate(() => new Promise(requestAnimationFrame));
          await page.screenshot({ path: join(screenshotDir, `${name('popup')}.png`) });
          await page.keyboard.press('Escape');
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
