// End to end: the owner console's Services and Schedule screens at /admin in Chromium, against the real server (the
// demo practice seeded into the database, the built dist/console.js and dist/soleus.js). Change a price (the booking
// widget on the demo page shows it); a price that is not one is refused beside its field and what was typed stays;
// close Saturdays while a Saturday booking exists: it is listed, kept on "Save anyway", and Saturday's times leave
// the booking calendar. The race plan's rules and the words over the form's answers: a rule the server refuses is
// said beside its field, as typed; once saved, the services route plans with it and the agenda titles answers with
// them. axe finds nothing in each state; screenshots at 360 and 1280 px, light and dark.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { axeClean, eachLook, noSideways, signInConsole, startConsoleServer } from '../support/console.js';
import { screenshotDir } from '../support/devices.js';

const ZONE = 'Europe/London';

let server: RunningServer;
let browser: Browser;

const day = (offset: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(Date.now() + offset * 86_400_000));

async function slots(service: string, from: string, to: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/v1/availability?service=${service}&from=${from}&to=${to}`);
  return ((await res.json()) as { slots: { start: string }[] }).slots.map((s) => s.start);
}

const weekday = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short' }).format(new Date(iso));

describe('owner console: services and schedule', { timeout: 300_000 }, () => {
  before(async () => {
    server = await startConsoleServer();
    browser = await chromium.launch(chromiumLaunchOptions);
    mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('change a price: refused when it is not one (kept as typed), then saved, and the booking widget shows it', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    await signInConsole(server, context);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin#/services`);
    const screen = page.locator('soleus-console-services');
    await screen.getByRole('button', { name: 'Edit Sports massage (60 minutes)' }).waitFor();
    await axeClean(page, 'the services list');
    await page.screenshot({ path: join(screenshotDir, 'console-services-phone.png'), fullPage: true });
    await screen.getByRole('button', { name: 'Edit Sports massage (60 minutes)' }).focus();
    await page.keyboard.press('Enter');
    const price = screen.locator('#s-price');
    assert.equal(await price.inputValue(), '60.00');
    await price.fill('sixty');
    await screen.locator('#save').focus();
    await page.keyboard.press('Enter');
    await screen.locator('#s-price-error', { hasText: 'Enter a price like 60.00' }).waitFor();
    assert.equal(await price.inputValue(), 'sixty', 'what was typed stays');
    assert.equal(await price.getAttribute('aria-invalid'), 'true');
    await axeClean(page, 'a refused price');
    await price.fill('65.00');
    await screen.locator('#save').focus();
    await page.keyboard.press('Enter');
    await screen.locator('.notice', { hasText: 'Saved: Sports massage (60 minutes)' }).waitFor();
    const services = (await (await fetch(`${server.url}/api/v1/services`)).json()) as {
      services: { id: string; price: { amount: number } | null }[];
    };
    assert.equal(services.services.find((s) => s.id === 'sports-massage-60')!.price!.amount, 6500);
    // The demo page's booking widget, loaded afresh, offers the new price.
    const visitor = await browser.newPage();
    await visitor.goto(`${server.url}/`);
    await visitor.waitForFunction(
      () =>
        /Sports massage \(60 minutes\)[\s\S]*£65\.00/.test(
          document.querySelector('#book')?.shadowRoot?.textContent ?? '',
        ),
      undefined,
      { timeout: 15_000 },
    );
    await visitor.close();
    await context.close();
  });

  test('race plan and answer words: a rule the practice file refuses is said beside its field (as typed), then saved; the services route the booking widget plans with, and the owner’s booking view, follow', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    await signInConsole(server, context);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin#/plan`);
    const screen = page.locator('soleus-console-plan');
    const min = screen.getByLabel('At least (days before)');
    const max = screen.getByLabel('At most (days before)');
    await min.waitFor();
    // The demo file's rules, each part with its treatment.
    assert.equal(await screen.getByLabel('Every (weeks)').inputValue(), '2');
    assert.equal(await min.inputValue(), '2');
    assert.equal(await max.inputValue(), '4');
    assert.equal(await screen.locator('#racePlan-pre-serviceId').inputValue(), 'pre-event-massage');
    assert.ok(await noSideways(page), 'the plan fits 360 px');
    await axeClean(page, 'the race plan');
    // Keyboard only: 5 days at least but 4 at most is the server's refusal (the practice file's own rule).
    await min.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('5');
    await screen.locator('#save-plan').focus();
    await page.keyboard.press('Enter');
    const said = screen.locator('#racePlan-pre-minDaysBefore-error');
    await said.filter({ hasText: 'Must not be more than the most days before the race' }).waitFor();
    assert.equal(await min.getAttribute('aria-invalid'), 'true');
    assert.equal(await min.inputValue(), '5', 'what was typed stays');
    assert.equal(
      await screen.evaluate((el) => el.shadowRoot?.activeElement?.id),
      'racePlan-pre-minDaysBefore',
      'focus moves to the refused field',
    );
    await axeClean(page, 'a refused race plan rule');
    await page.screenshot({ path: join(screenshotDir, 'console-plan-refused-phone.png'), fullPage: true });
    const services = async () =>
      (await (await fetch(`${server.url}/api/v1/services`)).json()) as {
        racePlan: Record<string, Record<string, unknown>>;
      };
    assert.equal((await services()).racePlan.pre!.minDaysBefore, 2, 'nothing was written');
    await max.fill('6');
    await min.fill('3');
    await screen.getByLabel('Sessions', { exact: true }).fill('2');
    await screen.locator('#save-plan').focus();
    await page.keyboard.press('Enter');
    await screen.locator('.notice', { hasText: 'Race plan saved' }).waitFor();
    const plan = (await services()).racePlan;
    assert.deepEqual(plan.pre, { serviceId: 'pre-event-massage', minDaysBefore: 3, maxDaysBefore: 6 });
    assert.equal(plan.maintenance!.count, 2);
    // The words over an answer: the owner's view of a booking made with one shows them.
    const words = screen.getByLabel('Where it feels tight (the areas ticked)');
    assert.equal(await words.inputValue(), 'Where do you feel tight?');
    await words.fill('');
    await screen.locator('#save-answers').click();
    await screen.locator('#intake-0-label-error', { hasText: 'Fill this in.' }).waitFor();
    await words.fill('Tight spots');
    await screen.locator('#save-answers').click();
    await screen.locator('.notice', { hasText: 'New emails and the agenda use these words' }).waitFor();
    const start = (await slots('sports-massage-60', day(2), day(14)))[0]!;
    const made = await fetch(`${server.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({
        serviceId: 'sports-massage-60',
        start,
        timeZone: ZONE,
        client: { name: 'Cal Ves', email: 'cal@example.com' },
        answers: { tight: 'calves' },
      }),
    });
    assert.equal(made.status, 201);
    const owner = (await page.evaluate(async () => (await fetch('/admin/api/bookings')).json())) as {
      bookings: { client: { name: string }; questions: { question: string; answer: string }[] }[];
    };
    assert.deepEqual(owner.bookings.find((b) => b.client.name === 'Cal Ves')!.questions, [
      { question: 'Tight spots', answer: 'calves' },
    ]);
    await context.close();
  });

  test('remove a treatment: asked first; one the race plan needs is refused with the reason; another goes', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    await signInConsole(server, context);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin#/services`);
    const screen = page.locator('soleus-console-services');
    const remove = (name: string) => screen.getByRole('button', { name: `Remove ${name}`, exact: true });
    await remove('Monthly maintenance massage').click();
    await screen.getByText('Remove Monthly maintenance massage? Visitors can no longer book it').waitFor();
    await axeClean(page, 'removing a treatment, asked');
    // Keep it: the question closes and focus is back on its Remove button; then ask again.
    await screen.getByRole('button', { name: 'Keep it' }).focus();
    await page.keyboard.press('Enter');
    await screen.getByText('Remove Monthly maintenance massage?').waitFor({ state: 'detached' });
    assert.equal(
      await screen.evaluate((el) => el.shadowRoot!.activeElement?.getAttribute('aria-label')),
      'Remove Monthly maintenance massage',
    );
    await page.keyboard.press('Enter');
    await screen.getByText('Remove Monthly maintenance massage? Visitors can no longer book it').waitFor();
    await screen.getByRole('button', { name: 'Yes, remove it' }).click();
    const alert = screen.locator('.alert');
    await alert.filter({ hasText: /\S/ }).waitFor();
    assert.match(
      (await alert.textContent()) ?? '',
      /Some fields need attention\. .+/,
      'the rule that refused it is said',
    );
    const ids = async () =>
      ((await (await fetch(`${server.url}/api/v1/services`)).json()) as { services: { id: string }[] }).services.map(
        (x) => x.id,
      );
    assert.ok((await ids()).includes('monthly-maintenance-massage'), 'nothing was removed');
    await page.reload();
    await remove('Sports massage (90 minutes)').click();
    await screen.getByRole('button', { name: 'Yes, remove it' }).click();
    await screen.locator('.notice', { hasText: 'Removed: Sports massage (90 minutes)' }).waitFor();
    assert.ok(!(await ids()).includes('sports-massage-90'), 'visitors can no longer book it');
    await context.close();
  });

  test('close Saturdays with a Saturday booking: it is listed and kept, and Saturday leaves the booking calendar', async () => {
    const from = day(1);
    const to = day(14);
    const saturday = (await slots('sports-massage-60', from, to)).find((s) => weekday(s) === 'Sat');
    assert.ok(saturday, 'the demo practice opens on Saturdays');
    const made = await fetch(`${server.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({
        serviceId: 'sports-massage-60',
        start: saturday,
        timeZone: ZONE,
        client: { name: 'Sat Urday', email: 'sat@example.com' },
      }),
    });
    assert.equal(made.status, 201);
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    await signInConsole(server, context);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin#/schedule`);
    const screen = page.locator('soleus-console-schedule');
    const sat = screen.locator('#h-0-sat');
    await sat.waitFor();
    assert.equal(await sat.inputValue(), '09:00–13:00');
    await axeClean(page, 'the schedule');
    await page.screenshot({ path: join(screenshotDir, 'console-schedule-phone.png'), fullPage: true });
    await screen.locator('#h-0-mon').fill('9 to 13, banana');
    await screen.locator('#save').click();
    await screen.locator('#h-0-mon-error', { hasText: 'Write times like' }).waitFor();
    assert.equal(await screen.locator('#h-0-mon').inputValue(), '9 to 13, banana');
    await screen.locator('#h-0-mon').fill('09:00–13:00, 14:00–18:00');
    await sat.fill('');
    await screen.locator('#save').focus();
    await page.keyboard.press('Enter');
    await screen.locator('#affected-title').waitFor();
    assert.match((await screen.locator('#affected-title').locator('..').textContent()) ?? '', /Sat Urday/);
    await axeClean(page, 'bookings left outside the new hours');
    await page.screenshot({ path: join(screenshotDir, 'console-schedule-affected-phone.png'), fullPage: true });
    await screen.locator('#save-anyway').focus();
    await page.keyboard.press('Enter');
    await screen.locator('.notice', { hasText: 'Hours saved' }).waitFor();
    const left = await slots('sports-massage-60', from, to);
    assert.ok(left.length > 0);
    assert.ok(!left.some((s) => weekday(s) === 'Sat'), 'no Saturday time is offered');
    const owner = await page.evaluate(async () => (await fetch('/admin/api/bookings')).json());
    assert.ok(
      (owner as { bookings: { client: { name: string }; status: string }[] }).bookings.some(
        (b) => b.client.name === 'Sat Urday' && b.status === 'confirmed',
      ),
      'the Saturday booking is kept',
    );
    await context.close();
  });

  test('screenshots of services, schedule, race plan and time off: 360 and 1280 px, light and dark; axe on each', async () => {
    await eachLook(browser, async (context, at) => {
      await signInConsole(server, context);
      const page = await context.newPage();
      for (const name of ['services', 'schedule', 'plan', 'time-off'] as const) {
        await page.goto(`${server.url}/admin#/${name}`);
        await page.locator(`soleus-console-${name} h1`).waitFor();
        await page.locator(`soleus-console-${name} input, soleus-console-${name} [id^=edit-]`).first().waitFor();
        assert.ok(await noSideways(page), `${name} fits ${at.width} px`);
        await axeClean(page, `${name}, ${at.name}`);
        await page.screenshot({ path: join(screenshotDir, `console-${name}-${at.name}.png`), fullPage: true });
      }
      if (at.width === 1280) {
        // On a laptop all twelve sections fit one row: none hides off to the side.
        const nav = page.locator('soleus-console nav ul');
        assert.ok(await nav.evaluate((ul) => ul.scrollWidth <= ul.clientWidth), 'the sections fit 1280 px');
      }
    });
  });
});
