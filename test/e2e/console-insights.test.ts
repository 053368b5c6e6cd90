// End to end: the owner console's Insights screen at /admin in Chromium, against the real server (the built
// dist/console.js) on an injected clock. Weeks of history are made through the real routes with the clock set back:
// bookings made at known lead times, marked attended or no-show, cancelled by the client and (late) by the owner, one
// booked ahead; newsletter signups confirmed by their emailed links; visitor comments. The screen's figures are then
// checked against what was seeded, worked out here: the tiles, every chart's accessible summary and its table of
// numbers, for 12 weeks and, chosen from the keyboard, 4. axe finds nothing with every table open or closed, nor in
// the empty state; screenshots at 360 and 1280 px, light and dark; no sideways scrolling.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server/server.js';
import {
  ADMIN_TOKEN,
  bookingBody,
  manage,
  postBooking,
  practiceJson,
  wallToInstant,
} from '../server/support/booking.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { axeClean, eachLook, noSideways, signInConsole } from '../support/console.js';
import { screenshotDir } from '../support/devices.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OWNER = 'practice@example.com';

let browser: Browser;
let dir: string;
/** The server's clock: set back while history is made, else the real time. */
let clock: number | undefined;

async function serve(name: string): Promise<RunningServer> {
  const practice = practiceJson() as Record<string, unknown>;
  practice.comments = { moderation: 'none' };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(practice));
  return startServer({
    args: ['--host', '127.0.0.1', '--port', '0', '--db', 'sqlite::memory:', '--config', file],
    env: {
      SOLEUS_ADMIN_TOKEN: ADMIN_TOKEN,
      SOLEUS_BOOKING_RATE_LIMIT: '100000',
      SOLEUS_SUBSCRIBE_RATE_LIMIT: '100000',
      SOLEUS_COMMENT_RATE_LIMIT: '100000',
    },
    now: () => new Date(clock ?? Date.now()),
    mailWorker: { start: false },
    logError: (message, error) => console.error(message, error),
  });
}

/** The London calendar day `n` days from today, and the Monday of this week. */
const londonDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(ms));
const plusDays = (day: string, n: number) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const thisMonday = () => {
  const today = londonDay(Date.now());
  return plusDays(today, -((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7));
};

describe('owner console: insights', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let empty: RunningServer;

  const owner = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1/owner${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${ADMIN_TOKEN}`,
        'Idempotency-Key': randomUUID(),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  /** Books at wall time `hh:mm` London on the day `dayOffset` days from this Monday, made `leadMs` before. */
  const book = async (dayOffset: number, hh: number, mm: number, service: 's30' | 's60', leadMs: number) => {
    const start = wallToInstant(plusDays(thisMonday(), dayOffset), hh, mm);
    clock = start - leadMs;
    const reply = await postBooking(server.url, bookingBody(service, new Date(start).toISOString()));
    assert.equal(reply.status, 201, reply.text);
    const body = reply.body as { booking: { id: string }; manageToken: string };
    return { id: body.booking.id, token: body.manageToken, start };
  };
  const formToken = async () => {
    const { token } = (await (await fetch(`${server.url}/api/v1/form-token`)).json()) as { token: string };
    clock! += 5_000;
    return token;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'soleus-insights-e2e-'));
    server = await serve('practice');
    empty = await serve('empty');
    // Six weeks ago, Friday 16:00: attended (outside the 4-week range).
    const w6 = await book(-38, 16, 0, 's60', DAY);
    // Three weeks ago: Monday 09:00 attended, Wednesday 18:00 a no-show.
    const w3mon = await book(-21, 9, 0, 's60', 2 * DAY);
    const w3wed = await book(-19, 18, 0, 's60', 10 * DAY);
    // Two weeks ago: Monday 09:00 attended; Saturday 10:00 cancelled by the client three days ahead.
    const w2mon = await book(-14, 9, 0, 's60', 12 * HOUR);
    const w2sat = await book(-9, 10, 0, 's30', 5 * DAY);
    clock = w2sat.start - 3 * DAY;
    assert.equal((await manage(server.url, w2sat.id, w2sat.token, 'cancel')).status, 200);
    // Last week: Monday 09:00 booked 40 days ahead, not marked; Thursday 07:30 cancelled by the owner an hour before.
    await book(-7, 9, 0, 's60', 40 * DAY);
    const w1thu = await book(-4, 7, 30, 's30', 3 * DAY);
    clock = w1thu.start - HOUR;
    await owner('POST', `/bookings/${w1thu.id}/cancel`, { message: 'Sorry, I am unwell.' });
    // Monday after next, 12:00, booked 15 days ahead (so a few days ago, whatever today is).
    await book(14, 12, 0, 's60', 15 * DAY);

    // Newsletter, two weeks ago: three signups on Tuesday, two confirmed by their links on Wednesday.
    for (const email of ['nl.ann@example.com', 'nl.bo@example.com', 'nl.cy@example.com']) {
      clock = wallToInstant(plusDays(thisMonday(), -13), 10, 0);
      const t = await formToken();
      const res = await fetch(`${server.url}/api/v1/subscriptions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, consent: true, consentText: 'Yes, email me the newsletter.', t, hp: '' }),
      });
      assert.equal(res.status, 202, await res.text());
    }
    for (const email of ['nl.ann@example.com', 'nl.bo@example.com']) {
      clock = wallToInstant(plusDays(thisMonday(), -12), 10, 0);
      const mail = await server.database.db
        .selectFrom('mail_outbox')
        .select('text')
        .where('to', '=', email)
        .executeTakeFirstOrThrow();
      const link = /https?:\/\/\S+\/subscribe\/confirm\?token=\S+/.exec(mail.text);
      assert.ok(link, mail.text);
      const token = new URL(link[0]).searchParams.get('token')!;
      const res = await fetch(`${server.url}/subscribe/confirm`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    // Comments, last week: two on the taper post, one on race day.
    for (const thread of ['taper', 'taper', 'race-day']) {
      clock = wallToInstant(plusDays(thisMonday(), -6), 20, 0);
      const t = await formToken();
      const res = await fetch(`${server.url}/api/v1/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          thread: `https://blog.example.com/posts/${thread}`,
          name: 'Rae Runner',
          body: `Useful, thanks ${randomUUID()}`,
          t,
          hp: '',
        }),
      });
      assert.equal(res.status, 201, await res.text());
    }
    clock = undefined;
    for (const [b, value] of [
      [w6, 'attended'],
      [w3mon, 'attended'],
      [w3wed, 'no_show'],
      [w2mon, 'attended'],
    ] as const) {
      await owner('POST', `/bookings/${b.id}/attendance`, { attendance: value });
    }
    browser = await chromium.launch(chromiumLaunchOptions);
    mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await empty?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const screen = (page: Page) => page.locator('soleus-console-insights');
  async function open(context: BrowserContext, on = server): Promise<Page> {
    await signInConsole(on, context, OWNER);
    const page = await context.newPage();
    await page.goto(`${on.url}/admin#/insights`);
    await screen(page)
      .locator('#bookings-title')
      .or(screen(page).getByText('Nothing in these weeks yet.').first())
      .first()
      .waitFor();
    return page;
  }
  const tiles = async (s: Locator) =>
    Object.fromEntries(
      await s
        .locator('.tiles > div')
        .evaluateAll((els) =>
          els.map((el) => [el.querySelector('dt')!.textContent!.trim(), el.querySelector('dd')!.textContent!.trim()]),
        ),
    ) as Record<string, string>;
  const table = (s: Locator, id: string) =>
    s
      .locator(`figure[aria-labelledby="${id}-title"] table tbody tr`)
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent!.trim())));
  const summaryOf = (s: Locator, id: string) =>
    s.locator(`figure[aria-labelledby="${id}-title"] [role="img"]`).getAttribute('aria-label');

  test('keyboard only: the figures match what was seeded, for 12 weeks and then 4; every table; axe in each state', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    const page = await open(context);
    const s = screen(page);
    await axeClean(page, '12 weeks, tables closed');
    assert.deepEqual(await tiles(s), {
      Sessions: '5',
      Takings: '£40.00',
      'No-shows': '20%1 of 5 sessions',
      Cancelled: '29%2 of 7 sessions',
      'Newsletter confirmations': '22 of 3 signups',
    });
    assert.equal(
      await summaryOf(s, 'bookings'),
      `Bookings per week: 5 sessions in the last 12 weeks, £40.00. Busiest week: ${new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'short',
        timeZone: 'UTC',
      }).format(new Date(`${plusDays(thisMonday(), -21)}T12:00:00Z`))}, 2 sessions.`,
    );
    assert.equal(
      await summaryOf(s, 'outcomes'),
      'Attendance and cancellations: 3 attended, 1 no-shows, 2 cancelled (1 late).',
    );
    assert.equal(await summaryOf(s, 'heat'), 'Busiest days and hours: Monday at 09:00 leads, with 3 sessions.');
    assert.equal(await summaryOf(s, 'newsletter'), 'Newsletter: 3 signups and 2 confirmations in 12 weeks.');
    assert.equal(await summaryOf(s, 'comments'), 'Comments per post: 3 comments on 2 posts; most on /posts/taper.');

    // Open every "Show the numbers" from the keyboard: Tab to each summary, Enter.
    const summaries = s.locator('summary');
    assert.equal(await summaries.count(), 6);
    for (let i = 0; i < 6; i++) {
      await summaries.nth(i).focus();
      await page.keyboard.press('Enter');
    }
    assert.equal(await s.locator('details[open]').count(), 6);
    const bookings = await table(s, 'bookings');
    assert.equal(bookings.length, 16, '12 weeks and 4 ahead');
    assert.deepEqual(
      bookings.map((r) => r[1]),
      ['0', '0', '0', '0', '0', '1', '0', '0', '2', '1', '1', '0', '0', '1', '0', '0'],
    );
    assert.deepEqual(bookings[8]!.slice(2), ['£10.00'], 'the no-show brings nothing');
    assert.match(bookings[13]![0]!, /\(booked ahead\)$/);
    assert.doesNotMatch(bookings[11]![0]!, /ahead/);
    assert.deepEqual(await table(s, 'heat'), [
      ['Monday', '09:00', '3'],
      ['Monday', '12:00', '1'],
      ['Wednesday', '18:00', '1'],
      ['Friday', '16:00', '1'],
    ]);
    assert.deepEqual(await table(s, 'lead'), [
      ['Within a day', '1', '12 h'],
      ['1–2 days ahead', '1', '24 h'],
      ['2–7 days ahead', '3', '3 days'],
      ['1–2 weeks ahead', '1', '10 days'],
      ['2–4 weeks ahead', '1', '15 days'],
      ['Over 4 weeks ahead', '1', '40 days'],
    ]);
    assert.deepEqual(await table(s, 'comments'), [
      ['/posts/taper', '2', '0', '0', '0'],
      ['/posts/race-day', '1', '0', '0', '0'],
    ]);
    const outcomes = await table(s, 'outcomes');
    assert.deepEqual(outcomes[8]!.slice(1), ['1', '1', '0', '0', '0', '0', '0']);
    assert.deepEqual(outcomes[9]!.slice(1), ['1', '0', '0', '0', '1', '0', '0']);
    assert.deepEqual(outcomes[10]!.slice(1), ['0', '0', '1', '0', '0', '1', '1']);
    assert.ok(await noSideways(page), 'no sideways scrolling at 360 px with every table open');
    await axeClean(page, '12 weeks, every table open');

    // 4 weeks, chosen from the keyboard: the week six weeks ago leaves every figure.
    await s.locator('#range').focus();
    await page.keyboard.press('ArrowUp');
    await s.locator('.tiles dd', { hasText: '£30.00' }).waitFor();
    assert.equal((await tiles(s)).Sessions, '4');
    assert.equal((await table(s, 'bookings')).length, 8);
    assert.deepEqual(
      (await table(s, 'heat')).map((r) => r[0]),
      ['Monday', 'Monday', 'Wednesday'],
    );
    await axeClean(page, '4 weeks');
    await page.screenshot({ path: join(screenshotDir, 'console-insights-360-light-4-weeks.png'), fullPage: true });
    await context.close();
  });

  test('nothing yet: every chart says so; screenshots at 360 and 1280 px, light and dark; axe on each', async () => {
    await eachLook(browser, async (context, at) => {
      const page = await open(context);
      assert.ok(await noSideways(page), `no sideways scrolling at ${at.width} px`);
      await axeClean(page, `insights, ${at.name}`);
      await page.screenshot({ path: join(screenshotDir, `console-insights-${at.name}.png`), fullPage: true });
      // Every "Show the numbers" open: the tables scroll inside themselves, never the page.
      for (const summary of await screen(page).locator('summary').all()) await summary.click();
      assert.equal(await screen(page).locator('details[open]').count(), 6);
      assert.ok(await noSideways(page), `no sideways scrolling at ${at.width} px with every table open`);
      await page.screenshot({ path: join(screenshotDir, `console-insights-${at.name}-tables.png`), fullPage: true });
      await page.close();
      // The same screen on a server with nothing in it yet.
      const none = await open(context, empty);
      assert.equal(await screen(none).getByText('Nothing in these weeks yet.').count(), 6);
      assert.ok(await noSideways(none));
      await axeClean(none, `insights with nothing yet, ${at.name}`);
      if (at.width === 360)
        await none.screenshot({ path: join(screenshotDir, `console-insights-${at.name}-empty.png`) });
    });
  });
});
