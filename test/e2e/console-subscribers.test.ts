// End to end: the owner console's Subscribers screen at /admin in Chromium, against the real server (the built
// dist/console.js). People sign up through the public API (a form token signed with the server's secret, as the
// widget's would be); their confirmations and one unsubscribe are written to the database. Keyboard only: search,
// filter by status, open a consent record (wording, page, times in the practice's zone, en-GB), download the CSV of
// what is shown and check its rows, erase one person after the confirmation that says what goes. axe finds nothing
// in each state; screenshots at 360 and 1280 px, light and dark; no sideways scrolling at 360 px.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { issueFormToken } from '../../src/server/newsletter/tokens.js';
import type { RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { axeClean, eachLook, signInConsole, startConsoleServer } from '../support/console.js';
import { screenshotDir } from '../support/devices.js';

const SECRET = 'console-subscribers-secret-0123456789abcdef0123456789';
const CONSENT = 'Yes, send me the monthly running-recovery notes. I can unsubscribe at any time.';
const PAGE = 'https://blog.example.com/posts/taper-week';

let server: RunningServer;
let browser: Browser;
let zone: string;

const PEOPLE = [
  { email: 'anna.baker@example.com', name: 'Anna Baker', list: 'newsletter', status: 'confirmed' },
  { email: 'robert.stone@example.com', name: 'Robert Stone', list: 'weekly-notes', status: 'pending' },
  { email: 'carla@example.com', name: 'Carla Díaz', list: 'newsletter', status: 'unsubscribed' },
  { email: 'dev@example.com', name: undefined, list: 'newsletter', status: 'confirmed' },
] as const;

async function signUp(email: string, name: string | undefined, list: string) {
  const res = await fetch(`${server.url}/api/v1/subscriptions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      email,
      ...(name ? { name } : {}),
      list,
      consent: true,
      consentText: CONSENT,
      source: PAGE,
      hp: '',
      t: issueFormToken(SECRET, Date.now() - 5_000),
    }),
  });
  assert.equal(res.status, 202, await res.text());
}

/** "2 Dec 2026, 09:00" in the practice's zone, computed here independently of the console. */
const when = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(iso));

const screen = (page: Page) => page.locator('soleus-console-subscribers');
const noSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

async function open(context: BrowserContext): Promise<Page> {
  await signInConsole(server, context);
  const page = await context.newPage();
  await page.goto(`${server.url}/admin#/subscribers`);
  await screen(page)
    .locator('h2', { hasText: /shown$/ })
    .waitFor();
  return page;
}

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(cell), (cell = ''));
    else if (ch === '\r' && text[i + 1] === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''), i++);
    else cell += ch;
  }
  return rows;
}

describe('owner console: subscribers', { timeout: 300_000 }, () => {
  before(async () => {
    server = await startConsoleServer({ env: { SOLEUS_SECRET: SECRET, SOLEUS_SUBSCRIBE_RATE_LIMIT: '100000' } });
    zone = ((await (await fetch(`${server.url}/api/v1/services`)).json()) as { practice: { timeZone: string } })
      .practice.timeZone;
    for (const p of PEOPLE) await signUp(p.email, p.name, p.list);
    const db = server.database.db;
    const now = new Date().toISOString();
    await db
      .updateTable('subscribers')
      .set({ status: 'confirmed', confirmed_at: now })
      .where('email', 'in', ['anna.baker@example.com', 'dev@example.com', 'carla@example.com'])
      .execute();
    await db
      .updateTable('subscribers')
      .set({ status: 'unsubscribed', unsubscribed_at: now })
      .where('email', '=', 'carla@example.com')
      .execute();
    browser = await chromium.launch(chromiumLaunchOptions);
    mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('keyboard only: search, filter, a consent record, the CSV of what is shown, erase after confirming', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 },
      locale: 'en-GB',
      acceptDownloads: true,
    });
    const page = await open(context);
    const s = screen(page);
    const emails = () => s.locator('li.card strong').allTextContents();
    assert.equal(await s.locator('li.card').count(), 4);
    await axeClean(page, 'everyone');

    // Search: type, Enter.
    await s.locator('#q').focus();
    await page.keyboard.type('STONE');
    await page.keyboard.press('Enter');
    await s.locator('h2', { hasText: '1 shown' }).waitFor();
    assert.deepEqual(await emails(), ['Robert Stone']);
    await axeClean(page, 'a search');

    // Nobody: the empty state says what matched nothing.
    await s.locator('#q').fill('');
    await s.locator('#q').focus();
    await page.keyboard.type('nobody');
    await page.keyboard.press('Enter');
    await s.getByText('Nobody matches “nobody”.').waitFor();
    await axeClean(page, 'nobody matches');
    await page.keyboard.press('Tab'); // list
    await page.keyboard.press('Tab'); // status
    await page.keyboard.press('Tab'); // Search
    await page.keyboard.press('Tab'); // Show everyone
    assert.equal(await s.evaluate((el) => el.shadowRoot!.activeElement?.textContent?.trim()), 'Show everyone');
    await page.keyboard.press('Enter');
    await s.locator('h2', { hasText: '4 shown' }).waitFor();

    // Filter: one list only, from the keyboard (ArrowDown on the focused select), then every list again.
    await page.keyboard.press('Tab'); // list
    assert.equal(await s.evaluate((el) => el.shadowRoot!.activeElement?.id), 'list');
    const list = s.locator('#list');
    for (let i = 0; i < 4 && (await list.inputValue()) !== 'weekly-notes'; i++) await page.keyboard.press('ArrowDown');
    await s.locator('h2', { hasText: '1 shown' }).waitFor();
    assert.deepEqual(await emails(), ['Robert Stone']);
    await axeClean(page, 'one list');
    for (let i = 0; i < 4 && (await list.inputValue()) !== ''; i++) await page.keyboard.press('ArrowUp');
    await s.locator('h2', { hasText: '4 shown' }).waitFor();
    // Filter: status Confirmed.
    await page.keyboard.press('Tab'); // status
    assert.equal(await s.evaluate((el) => el.shadowRoot!.activeElement?.id), 'status');
    await page.keyboard.press('ArrowDown'); // Not confirmed yet
    await page.keyboard.press('ArrowDown'); // Confirmed
    await s.locator('h2', { hasText: '2 shown' }).waitFor();
    assert.deepEqual(await emails(), ['Anna Baker', 'dev@example.com']);
    await axeClean(page, 'confirmed only');

    // A consent record: the summary, Enter.
    await s.locator('summary').first().focus();
    await page.keyboard.press('Enter');
    const record = s.locator('details[open] dl').first();
    await record.waitFor();
    const row = await server.database.db
      .selectFrom('subscribers')
      .selectAll()
      .where('email', '=', 'anna.baker@example.com')
      .executeTakeFirstOrThrow();
    const dd = await record.locator('dd').allTextContents();
    assert.deepEqual(
      dd.map((x) => x.trim()),
      [CONSENT, PAGE, when(row.created_at), when(row.confirmed_at!), '—'],
    );
    assert.match(dd[2]!, /^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/, 'en-GB, 24-hour');
    await axeClean(page, 'a consent record open');
    await page.screenshot({ path: join(screenshotDir, 'console-subscribers-360-light-consent.png'), fullPage: true });

    // The CSV of what is shown (same origin, the session cookie): the confirmed two.
    await s.locator('#csv').focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0]!.slice(0, 4), ['email', 'name', 'list', 'status']);
    assert.deepEqual(
      rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[4], r[5]]),
      [
        ['anna.baker@example.com', 'Anna Baker', 'newsletter', 'confirmed', CONSENT, PAGE],
        ['dev@example.com', '', 'newsletter', 'confirmed', CONSENT, PAGE],
      ],
    );
    assert.match(download.suggestedFilename(), /^subscribers-\d{4}-\d{2}-\d{2}\.csv$/);

    // Erase Anna: the button asks first, saying what goes; then the server's message, and the row is gone.
    await s.getByRole('button', { name: 'Erase anna.baker@example.com', exact: true }).focus();
    await page.keyboard.press('Enter');
    const ask = s.getByRole('group', { name: 'Erase anna.baker@example.com' });
    await ask.waitFor();
    const said = (await ask.textContent())!.replace(/\s+/g, ' ');
    for (const part of [
      'Erase anna.baker@example.com? This deletes, for good:',
      'their subscriptions (newsletter)',
      'the consent records that go with them',
      'emails queued to them',
      'webhook deliveries about them',
      'their places on waiting lists',
      'Links in emails already sent to them stop working.',
    ])
      assert.ok(said.includes(part), `${part} in: ${said}`);
    assert.equal(
      (
        await server.database.db
          .selectFrom('subscribers')
          .where('email', '=', 'anna.baker@example.com')
          .selectAll()
          .execute()
      ).length,
      1,
      'nothing erased before the confirmation',
    );
    await axeClean(page, 'erasure asked');
    await page.screenshot({ path: join(screenshotDir, 'console-subscribers-360-light-erase.png'), fullPage: true });
    // Keep: the panel closes, focus back on the Erase button, nothing erased; then ask again.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await s.evaluate((el) => el.shadowRoot!.activeElement?.textContent?.trim()), 'Keep');
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'detached' });
    assert.equal(
      await s.evaluate((el) => el.shadowRoot!.activeElement?.getAttribute('aria-label')),
      'Erase anna.baker@example.com',
    );
    await page.keyboard.press('Enter');
    await ask.waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await s.evaluate((el) => el.shadowRoot!.activeElement?.id), 'erase-confirm');
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: 'Erased anna.baker@example.com: 1 subscription' }).waitFor();
    assert.match((await s.locator('.notice').textContent())!, /Links in emails already sent no longer work\./);
    assert.deepEqual(await emails(), ['dev@example.com']);
    const left = await server.database.db
      .selectFrom('subscribers')
      .select('email')
      .where('email', '=', 'anna.baker@example.com')
      .execute();
    assert.deepEqual(left, []);
    await axeClean(page, 'after an erasure');
    await context.close();
  });

  test('screenshots: 360 and 1280 px, light and dark, with an empty state; axe on each, no sideways scrolling', async () => {
    await eachLook(browser, async (context, at) => {
      const page = await open(context);
      await screen(page).locator('summary').first().click();
      assert.ok(await noSideways(page), `no sideways scrolling at ${at.width} px`);
      await axeClean(page, `the list, ${at.name}`);
      await page.screenshot({ path: join(screenshotDir, `console-subscribers-${at.name}.png`), fullPage: true });
      await screen(page).locator('#q').fill('zzz');
      await screen(page).locator('#q').press('Enter');
      await screen(page).getByText('Nobody matches “zzz”.').waitFor();
      assert.ok(await noSideways(page), `no sideways scrolling at ${at.width} px (empty)`);
      await axeClean(page, `nobody matches, ${at.name}`);
      await page.screenshot({ path: join(screenshotDir, `console-subscribers-${at.name}-empty.png`) });
    });
  });
});
