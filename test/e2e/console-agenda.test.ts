// End to end: the owner console's agenda at /admin in Chromium, against the real server (the demo practice, the
// built dist/console.js) and a real SMTP inbox. A booking made through the booking API (as the widget makes it)
// shows in today-and-the-week at 360 px with no sideways scrolling; a second one made while the agenda is open
// appears without a reload (the event stream; with the stream cut, by reading the version every 15 s, and series
// and plan sessions carry their badges). Keyboard only: open it, move it after reading the email the client
// will receive (the client's mail then has the new invite: same UID, SEQUENCE:1), cancel it with a message (the
// time is free again in the booking widget itself), add a booking taken by phone and undo it. A booking made in
// the widget shows in the agenda; an afternoon blocked leaves the widget's times. axe finds nothing in any of those
// states; screenshots at 360 and 1280 px, light and dark, go to test-results/screenshots/console-agenda-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { axeClean, eachLook, signInConsole, startConsoleServer } from '../support/console.js';
import { screenshotDir } from '../support/devices.js';
import { startInbox, type Inbox } from '../support/smtp.js';

const SERVICE = 'sports-massage-60';
const ZONE = 'Europe/London';

let server: RunningServer;
let inbox: Inbox;
let browser: Browser;

/** Free starts of the 60-minute massage in the next week, from the public availability route. */
async function freeStarts(): Promise<string[]> {
  const day = (offset: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(Date.now() + offset * 86_400_000));
  const res = await fetch(`${server.url}/api/v1/availability?service=${SERVICE}&from=${day(1)}&to=${day(6)}`);
  const body = (await res.json()) as { slots: { start: string }[] };
  return body.slots.map((s) => s.start);
}

async function book(start: string, name: string, email: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/bookings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({
      serviceId: SERVICE,
      start,
      timeZone: ZONE,
      client: { name, email },
      notes: 'Tight left calf after the long run',
      answers: { tight: 'Left calf' },
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { booking: { id: string } }).booking.id;
}

const wall = (iso: string) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
};

/**
 * The times the booking widget on the demo page offers for the 60-minute massage on `day`, as a visitor in the
 * practice's zone sees them ("14:00"); none when the day is not open.
 */
async function widgetTimes(day: string): Promise<string[]> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: ZONE,
  });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const widget = page.locator('#book');
    await widget.locator('[part=service]', { hasText: 'Sports massage (60 minutes)' }).click();
    const cell = widget.locator(`[data-day="${day}"]`);
    await widget.locator('table[aria-busy=false] [data-day]').first().waitFor();
    if (!(await cell.count())) {
      await widget.getByRole('button', { name: 'Next month' }).click();
      await widget.locator('table[aria-busy=false] [data-day]').first().waitFor();
    }
    if ((await cell.getAttribute('aria-disabled')) === 'true') return [];
    await cell.click();
    await widget.locator('#th').waitFor();
    return (await widget.locator('[part=time]').allTextContents()).map((x) => x.trim());
  } finally {
    await context.close();
  }
}

/** Books the first free time of the 60-minute massage through the booking widget on the demo page, as a visitor. */
async function bookInWidget(name: string, email: string): Promise<void> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: ZONE,
  });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const widget = page.locator('#book');
    await widget.locator('[part=service]', { hasText: 'Sports massage (60 minutes)' }).click();
    await widget.locator('table[aria-busy=false] [part~=available]').first().click();
    await widget.locator('[part=time]').first().click();
    await widget.getByRole('button', { name: 'Continue' }).click();
    await widget.getByLabel('Name', { exact: true }).fill(name);
    await widget.getByLabel('Email address', { exact: true }).fill(email);
    await widget.getByRole('button', { name: 'Continue' }).click();
    await widget.getByRole('button', { name: 'Confirm booking' }).click();
    await widget.locator('#h', { hasText: 'You are booked in' }).waitFor({ timeout: 10_000 });
  } finally {
    await context.close();
  }
}

const agenda = (page: Page) => page.locator('soleus-console-agenda');
const noSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('owner console agenda', { timeout: 300_000 }, () => {
  before(async () => {
    inbox = await startInbox();
    server = await startConsoleServer({ env: { SMTP_URL: inbox.url } });
    browser = await chromium.launch(chromiumLaunchOptions);
    mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await inbox?.close();
  });

  test('see, move, cancel and add bookings from a phone, keyboard only, with the email shown first and undo', async () => {
    const starts = await freeStarts();
    assert.ok(starts.length > 10, 'the demo practice has free times this week');
    // Starts at least three hours apart, so no two of them overlap.
    const apart = starts.filter((s, i, all) => i === 0 || Date.parse(s) - Date.parse(all[0]!) >= 0);
    const picked: string[] = [];
    for (const s of apart)
      if (!picked.length || Date.parse(s) - Date.parse(picked.at(-1)!) >= 3 * 3_600_000) picked.push(s);
    const [first, second, moveTo, phoneAt] = picked as [string, string, string, string];
    assert.ok(picked.length >= 5);
    const client = 'rae.runner@example.com';
    const id = await book(first, 'Rae Runner', client);

    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    await signInConsole(server, context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}/admin#/agenda`);
    const entry = agenda(page).locator(`[data-booking="${id}"]`);
    await entry.waitFor();
    assert.match((await entry.textContent()) ?? '', /Rae Runner[\s\S]*60/);
    assert.ok(await noSideways(page), 'the week fits 360 px');
    await axeClean(page, 'the week');
    await page.screenshot({ path: join(screenshotDir, 'console-agenda-phone-week.png'), fullPage: true });

    // A booking made while the agenda is open appears by itself.
    const other = await book(second, 'Sam Sprinter', 'sam@example.com');
    await agenda(page).locator(`[data-booking="${other}"]`).waitFor({ timeout: 10_000 });

    // Keyboard: focus the booking, Enter opens it.
    await entry.focus();
    await page.keyboard.press('Enter');
    await agenda(page).locator('#detail-title').waitFor();
    const details = (await agenda(page).locator('.card').first().textContent()) ?? '';
    assert.match(details, /Tight left calf after the long run/);
    assert.match(details, /Where do you feel tight\?\s*Left calf/, "the answer under the practice's own question");
    assert.match(details, /£/);
    await axeClean(page, 'a booking');
    await page.screenshot({ path: join(screenshotDir, 'console-agenda-phone-booking.png'), fullPage: true });

    // Move: day and time, a message, Review shows the client's email, then Move booking.
    await agenda(page).locator('#move').focus();
    await page.keyboard.press('Enter');
    const target = wall(moveTo);
    await agenda(page).locator('#move-day').fill(target.day);
    await agenda(page).locator('#move-time').fill(target.time);
    await axeClean(page, 'the move form');
    await agenda(page).locator('#move-message').fill('See you a little later that week.');
    await agenda(page).locator('#move-message').press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Review
    await agenda(page).locator('#review-title').waitFor();
    const review = (await agenda(page).locator('.review').textContent()) ?? '';
    assert.match(review, /Moved: /);
    assert.match(review, /See you a little later that week\./);
    await axeClean(page, 'the review of a move');
    await page.screenshot({ path: join(screenshotDir, 'console-agenda-phone-review.png'), fullPage: true });
    await agenda(page).locator('#confirm').focus();
    await page.keyboard.press('Enter');
    await agenda(page).locator('#undo').waitFor();
    assert.match((await agenda(page).locator('.notice').textContent()) ?? '', /Booking moved/);
    const [moved] = await inbox.waitFor(client, 1, (m) => /^Moved:/.test(m.mail.subject ?? ''), 25_000);
    const invite = moved!.mail.attachments.find((a) => /calendar/.test(a.contentType))?.content.toString() ?? '';
    assert.match(invite, new RegExp(`UID:${id}@soleus`));
    assert.match(invite, /SEQUENCE:1/);

    // Cancel with a message: the time is free again for the widget.
    await agenda(page).locator('#cancel').focus();
    await page.keyboard.press('Enter');
    await agenda(page).locator('#cancel-message').fill('I am away that day, sorry. Please book again.');
    await axeClean(page, 'the cancel form');
    await agenda(page).locator('#cancel-form button[type=submit]').focus();
    await page.keyboard.press('Enter');
    await agenda(page).locator('#review-title').waitFor();
    assert.match((await agenda(page).locator('.review').textContent()) ?? '', /Cancelled: /);
    // The first Cancel reaches the server but its answer is lost: pressing it again sends the same Idempotency-Key,
    // so the server replays that cancel rather than refusing a second one.
    const keys: string[] = [];
    await page.route('**/admin/api/bookings/*/cancel', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      return route.abort('internetdisconnected');
    });
    await agenda(page).locator('#confirm').focus();
    await page.keyboard.press('Enter');
    await agenda(page).locator('.alert', { hasText: 'Could not reach the server' }).waitFor();
    assert.deepEqual(errors.splice(0), ['Failed to load resource: net::ERR_INTERNET_DISCONNECTED'], 'the lost answer');
    const replayed = page.waitForResponse((r) => /\/cancel$/.test(r.url()));
    await agenda(page).locator('#confirm').focus();
    await page.keyboard.press('Enter');
    assert.equal((await replayed).headers()['idempotent-replayed'], 'true', 'the first cancel, replayed');
    await agenda(page).locator('#undo').waitFor();
    assert.equal(keys.length, 2);
    assert.ok(keys[0] && keys[0] === keys[1], `one key for one intent: ${keys.join(' ')}`);
    await page.unroute('**/admin/api/bookings/*/cancel');
    assert.ok((await freeStarts()).includes(moveTo), 'the cancelled time is offered again');
    assert.ok((await widgetTimes(target.day)).includes(target.time), 'the booking widget offers it again');
    await axeClean(page, 'a cancelled booking with undo');

    // A booking taken by phone, then undone: gone from the agenda and the time free again.
    await agenda(page).locator('#back').focus();
    await page.keyboard.press('Enter');
    await agenda(page).locator('#add').focus();
    await page.keyboard.press('Enter');
    const at = wall(phoneAt);
    await agenda(page).locator('#add-service').selectOption(SERVICE);
    await agenda(page).locator('#add-day').fill(at.day);
    await agenda(page).locator('#add-time').fill(at.time);
    await agenda(page).locator('#add-name').fill('Mo on the phone');
    await agenda(page).locator('#add-phone').fill('+44 7700 900123');
    await axeClean(page, 'the add form');
    await page.screenshot({ path: join(screenshotDir, 'console-agenda-phone-add.png'), fullPage: true });
    await agenda(page).locator('#add-form button[type=submit]').focus();
    await page.keyboard.press('Enter');
    await agenda(page).locator('#review-title').waitFor();
    assert.match((await agenda(page).locator('.review').textContent()) ?? '', /will not be emailed/);
    await agenda(page).locator('#confirm').focus();
    await page.keyboard.press('Enter');
    await agenda(page).locator('.notice', { hasText: 'Booking added' }).waitFor();
    await agenda(page).locator('#undo').waitFor();
    assert.ok(!(await freeStarts()).includes(phoneAt), 'the phone booking holds its time');
    assert.match((await agenda(page).locator('.screen').textContent()) ?? '', /Mo on the phone/);
    await agenda(page).locator('#undo').focus();
    await page.keyboard.press('Enter');
    await agenda(page).locator('.notice', { hasText: 'Undone' }).waitFor();
    assert.ok((await freeStarts()).includes(phoneAt), 'undo freed the time');
    assert.doesNotMatch((await agenda(page).locator('.screen').textContent()) ?? '', /Mo on the phone/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a booking made in the booking widget shows in the agenda, with its price', async () => {
    await bookInWidget('Wendy Widget', 'wendy@example.com');
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    await signInConsole(server, context);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin#/agenda`);
    const entry = agenda(page).locator('[data-booking]', { hasText: 'Wendy Widget' });
    await entry.waitFor();
    await entry.focus();
    await page.keyboard.press('Enter');
    await agenda(page).locator('#detail-title').waitFor();
    const details = (await agenda(page).locator('.card').first().textContent()) ?? '';
    assert.match(details, /wendy@example\.com/);
    assert.match(details, /Sports massage \(60 minutes\)[\s\S]*£/);
    await context.close();
  });

  test('without the event stream (a proxy that cuts it): the agenda follows by reading the version; series and plan sessions carry their badges', async () => {
    const picked: string[] = [];
    for (const s of await freeStarts())
      if (!picked.length || Date.parse(s) - Date.parse(picked.at(-1)!) >= 3 * 3_600_000) picked.push(s);
    const [seriesAt, planAt] = picked.slice(-2) as [string, string];
    assert.ok(planAt, 'two free times this week');
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    await signInConsole(server, context);
    const page = await context.newPage();
    let cut = 0;
    await page.route('**/admin/api/events', (route) => (cut++, route.abort()));
    await page.goto(`${server.url}/admin#/agenda`);
    await agenda(page).locator('h2').first().waitFor();
    await agenda(page).locator('[data-booking], .empty').first().waitFor();
    const post = async (body: object) => {
      const res = await fetch(`${server.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ ...body, timeZone: ZONE, client: { name: 'Pat Pacer', email: 'pat@example.com' } }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      return ((await res.json()) as { booking: { id: string } }).booking.id;
    };
    const series = await post({ serviceId: SERVICE, start: seriesAt, series: { everyWeeks: 1, count: 2 } });
    const plan = await post({ plan: { sessions: [{ serviceId: SERVICE, start: planAt }] } });
    // The poll reads the version every 15 s while the stream is down.
    const seriesEntry = agenda(page).locator(`[data-booking="${series}"]`);
    await seriesEntry.waitFor({ timeout: 25_000 });
    assert.ok(cut > 0, 'the stream was tried and cut');
    assert.match((await seriesEntry.textContent()) ?? '', /Pat Pacer[\s\S]*Series/);
    assert.match((await agenda(page).locator(`[data-booking="${plan}"]`).textContent()) ?? '', /Race plan/);
    await agenda(page).locator('.notice', { hasText: /\S/ }).waitFor();
    await axeClean(page, 'series and plan sessions in the week');
    await context.close();
  });

  test('block an afternoon: its times leave the booking calendar at once, a booking in it is listed and kept, and it shows in the agenda', async () => {
    const starts = await freeStarts();
    const afternoon = starts.find(
      (s) => wall(s).time === '14:00' && starts.includes(new Date(Date.parse(s) + 2 * 3_600_000).toISOString()),
    );
    assert.ok(afternoon, 'a free afternoon this week');
    const { day } = wall(afternoon);
    const kept = new Date(Date.parse(afternoon) + 2 * 3_600_000).toISOString(); // 16:00 that day
    const keptId = await book(kept, 'Kit Keeper', 'kit@example.com');
    assert.ok((await widgetTimes(day)).includes('14:00'), 'the booking widget offers the afternoon');
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    await signInConsole(server, context);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin#/time-off`);
    const screen = page.locator('soleus-console-time-off');
    await screen.locator('#from-day').waitFor();
    await axeClean(page, 'the time off screen');
    await screen.locator('#from-day').fill(day);
    await screen.locator('#from-time').fill('13:00');
    await screen.locator('#until-day').fill(day);
    await screen.locator('#until-time').fill('18:00');
    await screen.locator('#reason').fill('Physio course');
    // The first Block reaches the server but its answer is lost: Block again replays it under the same key.
    const keys: string[] = [];
    await page.route('**/admin/api/time-off', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      return route.abort('internetdisconnected');
    });
    await screen.locator('#block').focus();
    await page.keyboard.press('Enter');
    await screen.locator('.alert', { hasText: 'Could not reach the server' }).waitFor();
    const replayed = page.waitForResponse((r) => /\/time-off$/.test(r.url()) && r.request().method() === 'POST');
    await screen.locator('#block').focus();
    await page.keyboard.press('Enter');
    assert.equal((await replayed).headers()['idempotent-replayed'], 'true', 'the first time off, replayed');
    await screen.locator('.notice', { hasText: 'Time off saved' }).waitFor();
    assert.ok(keys.length === 2 && keys[0] && keys[0] === keys[1], `one key for one intent: ${keys.join(' ')}`);
    await page.unroute('**/admin/api/time-off');
    const saved = await server.database.db.selectFrom('time_off').select('id').where('reason', '=', 'Physio course');
    assert.equal((await saved.execute()).length, 1, 'one time off, not two');
    assert.match((await screen.locator('#affected-title').locator('..').textContent()) ?? '', /Kit Keeper/);
    const left = (await freeStarts()).filter((s) => wall(s).day === day);
    assert.ok(left.length > 0, 'the morning is still offered');
    assert.ok(
      left.every((s) => wall(s).time < '13:00'),
      `no time from 13:00 is offered: ${left.map((s) => wall(s).time).join(' ')}`,
    );
    const shown = await widgetTimes(day);
    assert.ok(
      shown.length > 0 && shown.every((x) => x < '13:00'),
      `the booking widget offers the morning only: ${shown}`,
    );
    await axeClean(page, 'time off saved, with a booking in it');
    await page.screenshot({ path: join(screenshotDir, 'console-time-off-phone.png'), fullPage: true });
    // Kept, and the agenda shows the afternoon off beside it.
    await page.goto(`${server.url}/admin#/agenda`);
    await agenda(page).locator(`[data-booking="${keptId}"]`).waitFor();
    assert.match(
      (await agenda(page).locator('.entry.off').first().textContent()) ?? '',
      /13:00–18:00[\s\S]*Physio course/,
    );
    await page.screenshot({ path: join(screenshotDir, 'console-agenda-phone-time-off.png'), fullPage: true });
    // Removing it gives the afternoon back.
    await page.goto(`${server.url}/admin#/time-off`);
    await screen.getByRole('button', { name: /^Remove time off/ }).click();
    await screen.locator('.notice', { hasText: 'Time off removed' }).waitFor();
    assert.ok((await freeStarts()).includes(afternoon), 'the afternoon is offered again');
    await context.close();
  });

  test('screenshots: the week, the month, a booking, the email of a cancel and the phone booking form, 360 and 1280 px, light and dark; axe on each', async () => {
    const starts = await freeStarts();
    await book(starts.at(-1)!, 'Ade Athlete', 'ade@example.com');
    await eachLook(browser, async (context, at) => {
      await signInConsole(server, context);
      const page = await context.newPage();
      await page.goto(`${server.url}/admin#/agenda`);
      await agenda(page).locator('[data-booking]').first().waitFor();
      assert.ok(await noSideways(page), `no sideways scrolling at ${at.width} px`);
      await axeClean(page, `the week, ${at.name}`);
      await page.screenshot({
        path: join(screenshotDir, `console-agenda-${at.name}-week.png`),
        fullPage: true,
      });
      await agenda(page).getByRole('button', { name: 'Month' }).click();
      await agenda(page).locator('.month').waitFor();
      // The month's first day sits under its weekday (1 December 2026 is a Tuesday, say).
      const column = await agenda(page).evaluate((el) => {
        const root = el.shadowRoot!;
        const first = root.querySelector<HTMLElement>('.md')!;
        const label = first.querySelector('.sr-only')!.textContent!;
        const headers = [...root.querySelectorAll<HTMLElement>('.wd')];
        const under = headers.findIndex((h) => Math.abs(h.offsetLeft - first.offsetLeft) < 2);
        return { weekday: label.split(' ')[0], under: headers[under]?.textContent };
      });
      assert.equal(column.under, column.weekday!.slice(0, 3), JSON.stringify(column));
      await axeClean(page, `the month, ${at.name}`);
      await page.screenshot({
        path: join(screenshotDir, `console-agenda-${at.name}-month.png`),
        fullPage: true,
      });
      await agenda(page).getByRole('button', { name: 'Today and the week' }).click();
      await agenda(page).locator('[data-booking]').first().click();
      await agenda(page).locator('#detail-title').waitFor();
      await axeClean(page, `a booking, ${at.name}`);
      await page.screenshot({
        path: join(screenshotDir, `console-agenda-${at.name}-booking.png`),
        fullPage: true,
      });
      // The email the client would get, read before anything is sent; then back without sending.
      await agenda(page).locator('#cancel').click();
      await agenda(page).locator('#cancel-message').fill('Sorry, I have to close that afternoon.');
      await agenda(page).locator('#cancel-form button[type=submit]').click();
      await agenda(page).locator('#review-title').waitFor();
      assert.ok(await noSideways(page), `the email fits ${at.width} px`);
      await axeClean(page, `the review of a cancel, ${at.name}`);
      await page.screenshot({
        path: join(screenshotDir, `console-agenda-${at.name}-review.png`),
        fullPage: true,
      });
      await agenda(page).locator('.review button.secondary').click();
      await agenda(page).locator('#back').click();
      await agenda(page).locator('#add').click();
      await agenda(page).locator('#add-form').waitFor();
      await axeClean(page, `the phone booking form, ${at.name}`);
      await page.screenshot({
        path: join(screenshotDir, `console-agenda-${at.name}-add.png`),
        fullPage: true,
      });
    });
  });
});
