// End to end: signing in to the owner console at /admin in Chromium against a real server and a real SMTP inbox. Ask
// for a link (keyboard only), open it from the received mail, press the button, land signed in; add a passkey with
// Chromium's virtual authenticator (CDP WebAuthn domain), sign out, sign in with the passkey; an ended session shows
// the sign-in screen again. axe finds nothing on the sign-in, check-inbox, link and account screens. Screenshots of
// the sign-in and account screens at 360 and 1280 px, light and dark.
//
// WebAuthn refuses IP addresses as relying parties, so the browser opens the server as http://localhost:<port>
// (mapped to 127.0.0.1, where the server listens) and SOLEUS_PUBLIC_URL says so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { issueLink } from '../../src/server/admin/links.js';
import { writeTransaction } from '../../src/server/db/transaction.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { root, screenshotDir } from '../support/devices.js';
import { startInbox, type Inbox } from '../support/smtp.js';

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const OWNER = 'jim@example.com'; // the demo practice's email: its owner

let server: RunningServer;
let inbox: Inbox;
let browser: Browser;
let base: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
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

/** The deepest focused element's id. */
const focusedId = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.id ?? '';
  });

async function tabTo(page: Page, id: string, max = 20): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedId(page)) === id) return;
  }
  throw new Error(`focus never reached #${id}`);
}

/** A session made on the server side (no rate limit), as a cookie for `context`. */
async function signedInContext(context: BrowserContext): Promise<void> {
  const token = await writeTransaction(server.database.db, server.database.dialect, (trx) =>
    issueLink(trx, OWNER, Date.now()),
  );
  const spent = await fetch(`${base}/admin/link`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      // As the owner's phone would say (the sessions list names the device from it).
      'User-Agent':
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
    },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
  assert.equal(spent.status, 303);
  const value = spent.headers.getSetCookie()[0]!.split(';')[0]!.split('=')[1]!;
  await context.addCookies([
    { name: 'soleus_session', value, domain: 'localhost', path: '/admin', httpOnly: true, sameSite: 'Strict' },
  ]);
}

describe('owner console sign-in', { timeout: 240_000 }, () => {
  before(async () => {
    inbox = await startInbox();
    const port = await freePort();
    base = `http://localhost:${port}`;
    server = await startServer({
      args: ['--host', '127.0.0.1', '--port', String(port), '--db', 'sqlite::memory:'],
      env: { SMTP_URL: inbox.url, SOLEUS_PUBLIC_URL: base },
      logError: (message, error) => console.error(message, error),
    });
    browser = await chromium.launch({
      ...chromiumLaunchOptions,
      args: [...chromiumLaunchOptions.args, '--host-resolver-rules=MAP localhost 127.0.0.1'],
    });
    mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await inbox?.close();
  });

  test('link by email, keyboard only; then a passkey; an ended session shows the sign-in screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      // The 401 of the first session check is expected while signed out.
      if (m.type() === 'error' && !/401/.test(m.text())) errors.push(m.text());
    });

    await page.goto(`${base}/admin`);
    await page.locator('soleus-console-sign-in #email').waitFor();
    await axe(page);

    // Keyboard only: to the field, type, Enter.
    await tabTo(page, 'email');
    await page.keyboard.type(OWNER);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await axe(page);

    const [mail] = await inbox.waitFor(OWNER, 1);
    const link = /(http:\/\/localhost:\d+\/admin\/link\?token=\S+)/.exec(mail!.mail.text ?? '')?.[1];
    assert.ok(link, mail!.mail.text);
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await axe(page);
    for (let i = 0; i < 5 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Sign in'; i++)
      await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Sign in');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin`);
    await page.locator('soleus-console nav').waitFor();

    // Account: this session listed; add a passkey with the virtual authenticator.
    await page.goto(`${base}/admin#/account`);
    await page.locator('soleus-console-account .list .row').first().waitFor();
    await page.getByText('This device').waitFor();
    await axe(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.locator('soleus-console-account #passkey-name').fill('Test phone');
    await page.locator('soleus-console-account #add-passkey').click();
    await page.getByText('Passkey "Test phone" added.').waitFor();
    await page.getByText('Not used yet').waitFor();
    await axe(page);

    // Sign out, then back in with the passkey.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.locator('soleus-console-sign-in #passkey').waitFor();
    assert.equal((await fetch(`${base}/admin/api/session`)).status, 401);
    await page.locator('soleus-console-sign-in #passkey').click();
    await page.locator('soleus-console nav').waitFor();
    const me = await page.evaluate(async () => (await fetch('/admin/api/session')).json());
    assert.equal((me as { session: { method: string } }).session.method, 'passkey');

    // The session ends on the server (12 h idle): the next screen that asks shows the sign-in screen.
    await server.database.db
      .updateTable('admin_sessions')
      .set({ last_seen_ms: Date.now() - 13 * 3_600_000 })
      .execute();
    // The open console finds out at its next request and says so.
    await page.evaluate(() => (location.hash = '#/agenda'));
    await page.evaluate(() => (location.hash = '#/account'));
    await page.getByText('You were signed out. Please sign in again.').waitFor();
    await page.locator('soleus-console-sign-in #email').waitFor();
    await axe(page);
    // And a fresh load starts at the sign-in screen.
    await page.reload();
    await page.locator('soleus-console-sign-in #email').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('screenshots: sign-in and account, 360 and 1280 px, light and dark', async () => {
    for (const width of [360, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme, locale: 'en-GB' });
        const page = await context.newPage();
        await page.goto(`${base}/admin`);
        await page.locator('soleus-console-sign-in #email').waitFor();
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scroll <= width, `no sideways scrolling at ${width} px (${scroll})`);
        await page.screenshot({
          path: join(screenshotDir, `console-sign-in-${width}-${colorScheme}.png`),
          fullPage: true,
        });
        await signedInContext(context);
        await page.goto(`${base}/admin#/account`);
        await page.reload(); // the same document otherwise: the shell would not ask for the session again
        await page.locator('soleus-console-account .list .row').first().waitFor();
        assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width);
        await page.screenshot({
          path: join(screenshotDir, `console-account-${width}-${colorScheme}.png`),
          fullPage: true,
        });
        await context.close();
      }
    }
  });
});
