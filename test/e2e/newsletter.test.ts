// End to end: the newsletter signup on the demo page (the BUILT dist/soleus.js served by the real server), with the
// confirmation mail read from a real SMTP server on loopback. With JavaScript: the widget, its states on the real
// server, axe in each, screenshots. Without JavaScript: the owner's plain form posts to the server, which answers
// with pages. Both confirm through the mailed link and the page's POST button.
// Run after `npm run build`: node --import tsx --test test/e2e/newsletter.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import type { AxeResults, Result as AxeResult } from 'axe-core';
import { SMTPServer } from 'smtp-server';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { LAPTOP, PHONE, root, screenshotDir } from '../support/devices.js';

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const ADMIN = 'e2e-owner-token-0123456789abcdef';
/** The consent wording on the demo page (label and hidden field of the plain form, and so the widget's). */
const WORDING = "Yes, email me Jim's monthly running tips. I can unsubscribe at any time.";

let server: RunningServer;
let smtp: SMTPServer;
let browser: Browser;
let dbDir: string;
let pageUrl: string;
const inbox: ParsedMail[] = [];

/** Waits for the first mail to `to` (matching `subject`), as it arrived at the SMTP server. */
async function mailTo(to: string, subject: RegExp, from: RunningServer = server): Promise<ParsedMail> {
  for (let i = 0; i < 200; i++) {
    await from.mail.idle();
    const found = inbox.find(
      (m) => m.to && [m.to].flat().some((a) => a.value.some((v) => v.address === to)) && subject.test(m.subject ?? ''),
    );
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`no mail to ${to} matching ${subject}; got: ${inbox.map((m) => `${m.subject}`).join(', ')}`);
}

/** The confirmation link in a mail's text part. */
function confirmLink(mail: ParsedMail): string {
  const link = mail.text?.match(/https?:\/\/\S+\/subscribe\/confirm\?token=[^\s<>"]+/)?.[0];
  assert.ok(link, `a confirmation link in:\n${mail.text}`);
  return link;
}

interface OwnerSubscriber {
  email: string;
  name: string | null;
  list: string;
  status: string;
  consent: { text: string; source: string | null; signedUpAt: string; confirmedAt: string | null };
}

/** The owner's view of one subscriber (the admin API), or undefined. */
async function ownerView(email: string): Promise<OwnerSubscriber | undefined> {
  const response = await fetch(`${server.url}/api/v1/owner/subscribers`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { subscribers: OwnerSubscriber[] };
  return body.subscribers.find((s) => s.email === email);
}

/** A page with the browser's errors recorded. */
async function open(
  options: BrowserContextOptions,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    // A 400 answer the widget shows as a field error is logged by Chromium as a failed resource: that one is expected.
    if (m.type() === 'error' && !/status of 400/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

/** Opens the demo page and waits until the signup widgets have rendered and asked for their tokens. */
async function openDemo(options: BrowserContextOptions, url = pageUrl) {
  const opened = await open(options);
  const tokens = opened.page.waitForResponse((r) => r.url().endsWith('/api/v1/form-token'));
  const response = await opened.page.goto(url, { waitUntil: 'networkidle' });
  assert.equal(response?.status(), 200);
  await opened.page.waitForFunction(() => !!customElements.get('soleus-newsletter-signup'));
  await opened.page.evaluate(() =>
    Promise.all(
      [...document.querySelectorAll('soleus-newsletter-signup')].map(
        (el) => (el as unknown as { updateComplete: Promise<unknown> }).updateComplete,
      ),
    ),
  );
  assert.equal((await tokens).status(), 200, 'the form token request succeeds');
  return opened;
}

async function axe(page: Page): Promise<AxeResult[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(d: Document, o: object): Promise<AxeResults> } }).axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
    }),
  );
  return results.violations;
}

async function assertAccessible(page: Page, state: string): Promise<void> {
  const violations = await axe(page);
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' >>> ')).join(', ')}`),
    [],
    `axe violations (${state})`,
  );
}

/** The focused element's id inside a widget's shadow root. */
const focusedId = (widget: Locator) => widget.evaluate((el) => el.shadowRoot?.activeElement?.id ?? null);

async function shoot(page: Page, target: Locator | null, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  if (target) {
    await target.scrollIntoViewIfNeeded();
    await target.screenshot({ path: join(screenshotDir, `${name}.png`), animations: 'disabled' });
  } else {
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true, animations: 'disabled' });
  }
}

before(async () => {
  assert.ok(
    existsSync(join(root, 'dist/soleus.js')),
    'dist/soleus.js is missing: run `npm run build` before the end-to-end tests',
  );
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  dbDir = mkdtempSync(join(tmpdir(), 'soleus-e2e-newsletter-'));
  server = await startServer({
    args: ['--host', '127.0.0.1', '--port', '0', '--db', `sqlite:${join(dbDir, 'e2e.db')}`],
    env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SOLEUS_ADMIN_TOKEN: ADMIN },
  });
  pageUrl = `${server.url}/`;
  browser = await chromium.launch({ ...chromiumLaunchOptions });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

describe('newsletter signup on the demo page, against the real server and a real SMTP server', () => {
  test('with JavaScript: subscribe after the post, see "check your inbox", read the mail, open the link, press confirm', async () => {
    const { context, page, errors } = await openDemo(LAPTOP);
    try {
      const widget = page.locator('.newsletter--end soleus-newsletter-signup');
      // The widget's own form, in its shadow root (the owner's plain form is still in the light DOM, not rendered).
      const ui = widget.locator('[part="form"]');
      await shoot(page, widget, 'newsletter-laptop-idle');
      // The owner's heading and pitch are slotted in; the plain form is replaced by the widget's own.
      assert.equal(await widget.getByRole('heading', { name: 'Running tips in your inbox' }).count(), 1);
      assert.equal(await widget.locator('form.signup').isVisible(), false, 'the no-JavaScript form is not shown');
      await page.evaluate(() => {
        const w = window as unknown as { seen: string[] };
        w.seen = [];
        for (const type of ['soleus-newsletter-submit', 'soleus-newsletter-pending', 'soleus-newsletter-error']) {
          document.addEventListener(type, (e) => w.seen.push(`${type} ${JSON.stringify((e as CustomEvent).detail)}`));
        }
      });

      // Keyboard only, as a visitor without a mouse would.
      await ui.getByLabel('Email address').focus();
      await page.keyboard.type('Ann.Runner@Example.com');
      await page.keyboard.press('Tab');
      assert.equal(await focusedId(widget), 'name');
      await page.keyboard.type('Ann');
      await page.keyboard.press('Tab');
      assert.equal(await focusedId(widget), 'consent');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');

      const status = widget.locator('[role="status"]');
      await status.filter({ hasText: 'Ann.Runner@Example.com' }).waitFor({ timeout: 10_000 });
      assert.match(await status.innerText(), /We have sent a link to Ann\.Runner@Example\.com\. Open it to confirm/);
      assert.equal(await focusedId(widget), 'done', 'focus moves to "Check your inbox"');
      assert.deepEqual(await page.evaluate(() => (window as unknown as { seen: string[] }).seen), [
        'soleus-newsletter-submit {"email":"Ann.Runner@Example.com","name":"Ann","list":"running-tips"}',
        'soleus-newsletter-pending {"email":"Ann.Runner@Example.com","list":"running-tips"}',
      ]);
      await shoot(page, widget, 'newsletter-laptop-pending');
      await assertAccessible(page, 'pending');

      // The consent record: the exact wording shown, the page, the list, the name; pending until confirmed.
      const email = 'ann.runner@example.com';
      const pending = await ownerView(email);
      assert.ok(pending, 'the owner sees the signup');
      assert.equal(pending.status, 'pending');
      assert.equal(pending.list, 'running-tips');
      assert.equal(pending.name, 'Ann');
      assert.equal(pending.consent.text, WORDING);
      assert.equal(pending.consent.source, pageUrl);

      const mail = await mailTo(email, /^Confirm your subscription/);
      const listUnsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
      assert.match(listUnsubscribe, /<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=[^>]+>/);
      const link = confirmLink(mail);
      assert.ok(link.startsWith(server.url), `the link points at this server: ${link}`);

      // Opening the link (what a mail scanner does too) changes nothing; the button on the page confirms.
      const confirmPage = await context.newPage();
      assert.equal((await confirmPage.goto(link))?.status(), 200);
      assert.equal((await ownerView(email))?.status, 'pending', 'GET on the link does not confirm');
      await confirmPage.getByRole('button', { name: 'Confirm my subscription' }).click();
      await confirmPage.getByRole('heading', { name: 'You are subscribed' }).waitFor();
      const confirmed = await ownerView(email);
      assert.equal(confirmed?.status, 'confirmed');
      assert.ok(confirmed?.consent.confirmedAt, 'the confirmation time is recorded');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('with JavaScript: a throwaway address and a missing tick are refused beside the fields, nothing typed is lost', async () => {
    const { context, page, errors } = await openDemo(PHONE);
    try {
      const widget = page.locator('.newsletter--end soleus-newsletter-signup');
      const ui = widget.locator('[part="form"]');
      await ui.getByLabel('Email address').fill('someone@mailinator.com');
      // Without the tick the browser refuses before sending anything.
      await ui.getByRole('button', { name: 'Subscribe' }).click();
      assert.equal(await focusedId(widget), 'consent');
      assert.equal(await widget.locator('#consent-e').innerText(), 'Tick the box to agree to receive the newsletter.');
      await shoot(page, widget, 'newsletter-phone-invalid');
      await assertAccessible(page, 'consent missing');
      // With the tick, the server refuses the throwaway domain; the widget says so in its own words.
      await ui.getByRole('checkbox').check();
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/subscriptions'));
      await ui.getByRole('button', { name: 'Subscribe' }).click();
      assert.equal((await answer).status(), 400);
      await widget.locator('#email-e').waitFor();
      assert.equal(
        await widget.locator('#email-e').innerText(),
        'Use a permanent email address, not a disposable one.',
      );
      assert.equal(await focusedId(widget), 'email');
      assert.equal(await ui.getByLabel('Email address').inputValue(), 'someone@mailinator.com');
      assert.equal(await ui.getByRole('checkbox').isChecked(), true);
      assert.equal(await widget.locator('[role="status"]').innerText(), 'Please correct the marked fields.');
      await shoot(page, widget, 'newsletter-phone-error');
      await assertAccessible(page, 'server field error');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px)`);
      await shoot(page, null, 'newsletter-demo-phone');
      assert.equal(await ownerView('someone@mailinator.com'), undefined, 'nothing stored');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the sidebar signup fits a 300 px column on a laptop', async () => {
    const { context, page, errors } = await openDemo(LAPTOP);
    try {
      const widget = page.locator('.newsletter--sidebar soleus-newsletter-signup');
      assert.ok(await widget.isVisible());
      const box = (await widget.boundingBox())!;
      assert.ok(box.width < 300, `the sidebar is narrow (${box.width}px)`);
      await shoot(page, widget, 'newsletter-laptop-sidebar');
      await shoot(page, null, 'newsletter-demo-laptop');
      const button = (await widget.locator('[part~="button"]').boundingBox())!;
      assert.ok(
        Math.abs(button.width - box.width) < 1,
        `the button fills the narrow column (${button.width} of ${box.width}px)`,
      );
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("without JavaScript: the owner's plain form posts to the server, one more press, then the mail and confirmation", async () => {
    const { context, page, errors } = await open({ ...LAPTOP, javaScriptEnabled: false });
    try {
      assert.equal((await page.goto(pageUrl))?.status(), 200);
      const form = page.locator('.newsletter--end form.signup');
      assert.ok(await form.isVisible(), 'the plain form shows while the element is not defined');
      await shoot(page, page.locator('.newsletter--end'), 'newsletter-laptop-no-js');
      await form.getByLabel('Email address').fill('bo.plain@example.com');
      await form.getByLabel('First name (optional)').fill('Bo');
      await form.getByLabel(WORDING).check();
      await form.getByRole('button', { name: 'Subscribe' }).click();
      // No token without JavaScript: the server asks for one more press, carrying a fresh one.
      await page.getByRole('heading', { name: 'One more step' }).waitFor();
      assert.match(await page.locator('main, body').first().innerText(), /bo\.plain@example\.com/);
      // The fresh token is dated 2 s back; a person reads the page for more than the remaining second.
      await page.waitForTimeout(1500);
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
      // Collected, not thrown at once, so the mail and confirmation below are still checked.
      const problems: string[] = [];
      const back = page.getByRole('link', { name: /back/i });
      const backHref = (await back.count()) ? await back.getAttribute('href') : null;
      if (backHref !== pageUrl)
        problems.push(`the "check your inbox" page links back to ${pageUrl} (found ${backHref})`);

      const email = 'bo.plain@example.com';
      const record = await ownerView(email);
      assert.equal(record?.status, 'pending');
      assert.equal(record?.name, 'Bo');
      assert.equal(record?.list, 'running-tips');
      assert.equal(record?.consent.text, WORDING);
      if (record?.consent.source !== pageUrl)
        problems.push(`the consent record names the page ${pageUrl} (found ${record?.consent.source})`);

      const link = confirmLink(await mailTo(email, /^Confirm your subscription/));
      await page.goto(link);
      assert.equal((await ownerView(email))?.status, 'pending');
      await page.getByRole('button', { name: 'Confirm my subscription' }).click();
      await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
      assert.equal((await ownerView(email))?.status, 'confirmed');
      assert.deepEqual(errors, []);
      assert.deepEqual(problems, [], 'the page the form was on survives the "press once more" step');
    } finally {
      await context.close();
    }
  });
});

describe('newsletter signup with proof of work (SOLEUS_ALTCHA=1), against the real server and a real SMTP server', () => {
  let pow: RunningServer;
  let powDir: string;
  before(async () => {
    powDir = mkdtempSync(join(tmpdir(), 'soleus-e2e-newsletter-altcha-'));
    pow = await startServer({
      args: ['--host', '127.0.0.1', '--port', '0', '--db', `sqlite:${join(powDir, 'e2e.db')}`],
      env: {
        SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
        SOLEUS_ADMIN_TOKEN: ADMIN,
        SOLEUS_ALTCHA: '1',
      },
    });
  });
  after(async () => {
    await pow?.close();
    if (powDir) rmSync(powDir, { recursive: true, force: true });
  });

  test('the widget solves the ALTCHA challenge itself: 202, "check your inbox", the confirmation mail', async (t) => {
    const { context, page, errors } = await openDemo(LAPTOP, `${pow.url}/`);
    try {
      const widget = page.locator('.newsletter--end soleus-newsletter-signup');
      const ui = widget.locator('[part="form"]');
      await ui.getByLabel('Email address').fill('cy.pow@example.com');
      await ui.getByRole('checkbox').check();
      // Pressed at once, most likely before the challenge is solved: the button waits in its submitting state.
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/subscriptions'), { timeout: 60_000 });
      await ui.getByRole('button', { name: 'Subscribe' }).click();
      const response = await answer;
      assert.equal(response.status(), 202);
      const sent = response.request().postDataJSON() as { altcha?: string; t?: string };
      assert.ok(sent.t, 'the form token is sent');
      const payload = JSON.parse(Buffer.from(sent.altcha ?? '', 'base64').toString('utf8')) as {
        challenge?: { parameters?: { algorithm?: string } };
        solution?: { counter?: number; derivedKey?: string; time?: number };
      };
      t.diagnostic(`solved at counter ${payload.solution?.counter} in ${payload.solution?.time} ms`);
      assert.equal(payload.challenge?.parameters?.algorithm, 'PBKDF2/SHA-256');
      assert.equal(typeof payload.solution?.counter, 'number');
      assert.match(payload.solution?.derivedKey ?? '', /^[0-9a-f]{64}$/);
      const status = widget.locator('[role="status"]');
      await status.filter({ hasText: 'cy.pow@example.com' }).waitFor({ timeout: 10_000 });
      // The server answers 202 to a bad proof of work too, silently: only the mail shows it was accepted.
      const mail = await mailTo('cy.pow@example.com', /^Confirm your subscription/, pow);
      assert.ok(confirmLink(mail).startsWith(pow.url));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
