/**
 * For end-to-end tests of the owner console: a signed-in browser context (a one-time link issued on the server side
 * and spent as the link page's button would, so no mail and no rate limit), and axe on the page with the console's
 * WCAG 2.2 AA and best-practice rules (evaluated by the driver, so the page's strict CSP stays as it is).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueLink } from '../../src/server/admin/links.js';
import { writeTransaction } from '../../src/server/db/transaction.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { root } from './devices.js';

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * The server a console e2e test drives: the real one on 127.0.0.1 with a port of its own and an in-memory database,
 * the demo practice unless `config` names another practice file, `env` its settings.
 */
export function startConsoleServer(options: { config?: string; env?: Record<string, string> } = {}) {
  return startServer({
    args: [
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--db',
      'sqlite::memory:',
      ...(options.config ? ['--config', options.config] : []),
    ],
    env: options.env ?? {},
    logError: (message, error) => console.error(message, error),
  });
}

/** Adds the owner's session cookie for `server` to `context`. */
export async function signInConsole(server: RunningServer, context: BrowserContext, email = 'jim@example.com') {
  const token = await writeTransaction(server.database.db, server.database.dialect, (trx) =>
    issueLink(trx, email, Date.now()),
  );
  const spent = await fetch(`${server.url}/admin/link`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
  assert.equal(spent.status, 303);
  const value = spent.headers.getSetCookie()[0]!.split(';')[0]!.split('=')[1]!;
  await context.addCookies([
    { name: 'soleus_session', value, url: `${server.url}/admin`, httpOnly: true, sameSite: 'Strict' },
  ]);
}

/**
 * Fails with each violation (rule, element, why) when axe finds any on `page`, in the colour scheme the page is in
 * and then in the other one (every state of every screen is checked light and dark), the page's own scheme restored.
 * `bothSchemes: false` for a page of one scheme only (a host page that is always light).
 */
export async function axeClean(page: Page, state: string, bothSchemes = true): Promise<void> {
  await page.evaluate(axeSource);
  const run = async (scheme: string) => {
    const results = (await page.evaluate(() =>
      (window as unknown as { axe: { run(d: Document, o: object): Promise<unknown> } }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      }),
    )) as AxeResults;
    assert.deepEqual(
      results.violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary ?? ''})`).join(', ')}`,
      ),
      [],
      `axe on ${state} (${scheme})`,
    );
  };
  const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
  await run(dark ? 'dark' : 'light');
  if (!bothSchemes) return;
  await page.emulateMedia({ colorScheme: dark ? 'light' : 'dark' });
  try {
    await page.evaluate(() => new Promise(requestAnimationFrame));
    await run(dark ? 'light' : 'dark');
  } finally {
    await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  }
}

/** Whether the page fits its viewport's width (no sideways scrolling). */
export const noSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/** One look of a screen: its width and colour scheme, as the screenshots' names say them (`360-dark`). */
export interface Look {
  width: 360 | 1280;
  scheme: 'light' | 'dark';
  name: `${360 | 1280}-${'light' | 'dark'}`;
}

/**
 * Runs `look` at 360 and 1280 px, light and dark, each in a fresh en-GB context it closes after, and fails when the
 * context logged a console error (a CSP refusal shows there) or a page error.
 */
export async function eachLook(
  browser: Browser,
  look: (context: BrowserContext, at: Look) => Promise<void>,
): Promise<void> {
  for (const width of [360, 1280] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        viewport: { width, height: width === 360 ? 780 : 800 },
        colorScheme: scheme,
        locale: 'en-GB',
      });
      const errors: string[] = [];
      context.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      context.on('weberror', (e) => errors.push(String(e.error())));
      try {
        await look(context, { width, scheme, name: `${width}-${scheme}` });
      } finally {
        await context.close();
      }
      assert.deepEqual(errors, [], `console errors at ${width} px, ${scheme}`);
    }
  }
}
