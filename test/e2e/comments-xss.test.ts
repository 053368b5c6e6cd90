// The XSS corpus (test/server/comments/fixtures/xss.txt) through the REAL server and the BUILT widget in Chromium:
// every payload is stored by the server's own routes, answered as its tree of allowed nodes, and rendered by
// <soleus-comment-box> on a page with a CSP that reports every violation. Nothing may run (no CSP report, no
// alert/confirm/prompt/print, no marker set by a payload's script), no element or attribute beyond the fixed templates
// may appear, and every text of every tree must show as text.
// Run after `npm run build`: node --import tsx --test test/e2e/comments-xss.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { CommentListResponse, CommentRoot } from '../../src/core/schemas/comments.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { root } from '../support/devices.js';
import { readXssCorpus } from '../server/comments/xss-corpus.js';

const ADMIN = 'e2e-xss-owner-token-0123456789abcdef';
const THREAD = 'xss-corpus';
const payloads = readXssCorpus();

let server: RunningServer;
let browser: Browser;
let dbDir: string;

async function api(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; json: any }> {
  const response = await fetch(server.url + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(auth ? { authorization: `Bearer ${ADMIN}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** Every text the tree holds, in order: what a reader must see. */
function leaves(node: { type: string; value?: string; children?: unknown[] }): string {
  return (node.value ?? '') + (node.children ?? []).map((k) => leaves(k as typeof node)).join(' ');
}
const squash = (s: string) => s.replace(/\s+/g, '');

before(async () => {
  assert.ok(existsSync(join(root, 'dist/soleus.js')), 'run `npm run build` before the end-to-end tests');
  dbDir = mkdtempSync(join(tmpdir(), 'soleus-e2e-xss-'));
  server = await startServer({
    args: ['--host', '127.0.0.1', '--port', '0', '--db', `sqlite:${join(dbDir, 'xss.db')}`],
    env: { SOLEUS_ADMIN_TOKEN: ADMIN },
  });
  browser = await chromium.launch({ ...chromiumLaunchOptions });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

test(`${payloads.length} XSS payloads through the real server and the built widget: nothing runs, all shows as text`, async () => {
  assert.ok(payloads.length >= 150);
  // A visitor's comment opens the thread (posted as the widget does, with an aged form token), the owner approves it,
  // and every payload is then an owner reply to it: published at once, with no rate limit in the way.
  const { json: token } = await api('GET', '/api/v1/form-token', undefined, false);
  await new Promise((r) => setTimeout(r, 3200));
  const first = await api(
    'POST',
    '/api/v1/comments',
    { thread: THREAD, name: 'Opener', body: 'The thread the payloads answer.', t: token.token },
    false,
  );
  assert.equal(first.status, 201, JSON.stringify(first.json));
  const parentId = first.json.comment.id as string;
  if (first.json.comment.status !== 'published') {
    const approved = await api('POST', `/api/v1/owner/comments/${parentId}/approve`);
    assert.equal(approved.status, 200, JSON.stringify(approved.json));
  }
  for (const body of payloads) {
    const reply = await api('POST', '/api/v1/owner/comments', { thread: THREAD, parentId, body });
    // A payload the server's cleaning leaves empty (only control characters) is refused as empty; nothing to show.
    if (reply.status === 400 && reply.json.error?.fields?.body) continue;
    assert.equal(reply.status, 201, `${JSON.stringify(body)} → ${JSON.stringify(reply.json)}`);
  }
  const stored: CommentListResponse['comments'] = [];
  for (let cursor: string | undefined, i = 0; i === 0 || cursor; i++) {
    const page = await api(
      'GET',
      `/api/v1/comments?thread=${THREAD}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    stored.push(...(page.json as CommentListResponse).comments);
    cursor = (page.json as CommentListResponse).nextCursor;
  }
  assert.ok(stored.length >= payloads.length - 5, `${stored.length} stored of ${payloads.length}`);

  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  // A page on the server's own origin, with a CSP that lets only our script run and reports anything else.
  await page.route(`${server.url}/xss-test`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: {
        'content-security-policy': "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'",
      },
      body: `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>XSS corpus</title>
        <script type="module" src="/xss-hooks.js"></script>
        <script type="module" src="/soleus.js"></script></head>
        <body><soleus-comment-box thread="${THREAD}"></soleus-comment-box></body></html>`,
    }),
  );
  await page.route(`${server.url}/xss-hooks.js`, (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `window.__ran = [];
        for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) window[name] = (...a) => window.__ran.push(name + ' ' + a.join(','));
        document.addEventListener('securitypolicyviolation', (e) => window.__ran.push('csp ' + e.violatedDirective + ' ' + e.sample), true);`,
    }),
  );
  await page.goto(`${server.url}/xss-test`, { waitUntil: 'networkidle' });
  const box = page.locator('soleus-comment-box');
  await page.waitForFunction(
    () => !!document.querySelector('soleus-comment-box')?.shadowRoot?.querySelector('article'),
  );
  // Every page of the list, by the widget's own "Show more".
  while ((await box.locator('[part="more"]').count()) > 0) {
    const before = await box.locator('article').count();
    await box.locator('[part="more"]').click();
    await page.waitForFunction(
      (n) => document.querySelector('soleus-comment-box')!.shadowRoot!.querySelectorAll('article').length > n,
      before,
    );
  }
  // Hover and focus every link (the destination tooltip), as a reader would.
  const links = box.locator('[part="body"] a');
  for (let i = 0; i < (await links.count()); i++) {
    await links.nth(i).hover();
    await links.nth(i).focus();
  }
  await page.waitForTimeout(300);

  const report = await page.evaluate(() => {
    const rootNode = document.querySelector('soleus-comment-box')!.shadowRoot!;
    const allowed = new Set([
      'DIV',
      'P',
      'LABEL',
      'SPAN',
      'SELECT',
      'OPTION',
      'OL',
      'UL',
      'LI',
      'ARTICLE',
      'HEADER',
      'A',
      'TIME',
      'BUTTON',
      'EM',
      'STRONG',
      'CODE',
      'PRE',
      'BLOCKQUOTE',
      'BR',
      'FORM',
      'INPUT',
      'TEXTAREA',
      'STYLE',
    ]);
    const strange: string[] = [];
    for (const el of rootNode.querySelectorAll('*')) {
      if (!allowed.has(el.tagName)) strange.push(`<${el.tagName}>`);
      for (const a of el.attributes)
        if (/^on/i.test(a.name) || /^(src|srcdoc|formaction|style)$/i.test(a.name))
          strange.push(`${el.tagName} ${a.name}`);
    }
    const hrefs = [...rootNode.querySelectorAll('[part="body"] a')].map((a) => a.getAttribute('href')!);
    const rels = [...rootNode.querySelectorAll('[part="body"] a')].map((a) => a.getAttribute('rel'));
    const bodies = Object.fromEntries(
      [...rootNode.querySelectorAll('article')].map((a) => [
        a.id.slice('comment-'.length),
        a.querySelector('[part="body"]')!.textContent ?? '',
      ]),
    );
    return {
      ran: (window as unknown as { __ran: string[] }).__ran,
      strange,
      hrefs,
      rels,
      bodies,
      scripts: document.scripts.length,
    };
  });
  // The instruments work: an inline script is refused and reported, a hooked alert is recorded.
  const probes = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 100));
    window.alert('probe');
    const w = window as unknown as { __ran: string[]; __inline?: number };
    return { ran: w.__ran, inline: w.__inline };
  });
  assert.equal(probes.inline, undefined);
  assert.equal(probes.ran.length, 2, JSON.stringify(probes.ran));
  assert.match(probes.ran[0]!, /^csp script-src/);
  assert.equal(probes.ran[1], 'alert probe');
  await context.close();

  assert.deepEqual(report.ran, [], 'no payload ran and no CSP violation was reported');
  assert.deepEqual(errors, []);
  assert.deepEqual(report.strange, [], 'only the fixed templates\u2019 elements and attributes');
  assert.equal(report.scripts, 2, 'the page still has only its own two scripts');
  for (const href of report.hrefs) assert.match(href, /^(https?:\/\/|mailto:)/i, href);
  assert.ok(report.rels.every((r) => r === 'ugc nofollow noopener'));
  // Every stored payload is on the page, and each shows exactly its tree's text.
  for (const c of stored) {
    assert.ok(c.id in report.bodies, `comment ${c.id} (${JSON.stringify(c.text)}) is shown`);
    assert.equal(
      squash(report.bodies[c.id]!),
      squash(leaves(c.body as CommentRoot)),
      `text of ${JSON.stringify(c.text)}`,
    );
  }
});
