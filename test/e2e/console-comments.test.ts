// End to end: the owner console's Comments screen at /admin in Chromium, against the real server (the built
// dist/console.js). Visitors comment through the public API (form tokens signed with the server's secret, as the
// widget's are); under the default "first-time" moderation their first comments wait, and one with many links is
// held as spam. Keyboard only: the queue's shortcuts (j/k move, a approves, r rejects, s marks as spam, ? opens the
// help dialog), the spam tab, a reply as the practitioner (published with the owner badge), trusting an author's
// address, blocking one typed in (and a bad one refused beside the field, what was typed kept), the blocked words
// saved in the practice (a later comment with one goes to spam), closing and reopening a post (the public API says
// closed, a post is refused). Every effect is read back from the database or the public API. axe finds nothing in
// each state; screenshots at 360 and 1280 px, light and dark; no sideways scrolling at 360 px.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { issueFormToken } from '../../src/server/newsletter/tokens.js';
import type { RunningServer } from '../../src/server/server.js';
import { chromiumLaunchOptions } from '../support/chromium.mjs';
import { axeClean, eachLook, signInConsole, startConsoleServer } from '../support/console.js';
import { screenshotDir } from '../support/devices.js';

const SECRET = 'console-comments-secret-0123456789abcdef0123456789ab';
const TAPER = 'https://blog.example.com/posts/taper-week';
const FUEL = 'https://blog.example.com/posts/race-day-fuel';

let server: RunningServer;
let browser: Browser;

async function comment(thread: string, name: string, email: string | undefined, body: string) {
  const res = await fetch(`${server.url}/api/v1/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      thread,
      name,
      ...(email ? { email } : {}),
      body,
      hp: '',
      t: issueFormToken(SECRET, Date.now() - 5_000),
    }),
  });
  const json = (await res.json()) as { comment?: { id: string; status: string } };
  return { status: res.status, json };
}

const stored = async (name: string) =>
  (await server.database.db.selectFrom('comments').selectAll().where('author_name', '=', name).execute()).map(
    (r) => r.status,
  );

const screen = (page: Page) => page.locator('soleus-console-comments');
const active = (page: Page) =>
  screen(page).evaluate((el) => {
    const a = el.shadowRoot!.activeElement as HTMLElement | null;
    return a ? `${a.tagName.toLowerCase()} ${a.querySelector('h3')?.textContent?.trim() ?? a.textContent?.trim()}` : '';
  });
const noSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

async function open(context: BrowserContext): Promise<Page> {
  await signInConsole(server, context);
  const page = await context.newPage();
  await page.goto(`${server.url}/admin#/comments`);
  await screen(page)
    .locator('#queue-title', { hasText: /waiting for you/ })
    .waitFor();
  return page;
}

describe('owner console: comments', { timeout: 300_000 }, () => {
  before(async () => {
    server = await startConsoleServer({
      env: { SOLEUS_SECRET: SECRET, SOLEUS_COMMENT_RATE_LIMIT: '100000', SOLEUS_COMMENT_THREAD_RATE_LIMIT: '100000' },
    });
    // Oldest first; the queue lists the newest first.
    for (const [thread, name, email, body] of [
      [TAPER, 'Cara Lewis', 'cara@example.com', 'Do you tape calves before a marathon?'],
      [TAPER, 'Ben Ortiz', undefined, 'How many days before the race is too late for a deep massage?'],
      [FUEL, 'Ann Reader', 'ann@example.com', 'Thanks, the taper week notes helped me a lot.'],
    ] as const)
      assert.equal((await comment(thread, name, email, body)).json.comment?.status, 'pending');
    const spam = await comment(
      FUEL,
      'Dan Deals',
      'dan@example.com',
      'Cheap gels https://a.example.com https://b.example.com https://c.example.com',
    );
    assert.equal(spam.status, 201);
    assert.deepEqual(await stored('Dan Deals'), ['spam']);
    browser = await chromium.launch(chromiumLaunchOptions);
    mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('keyboard only: the queue by shortcuts, spam, a reply, addresses, blocked words, closing a post', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    const page = await open(context);
    const s = screen(page);
    const names = () => s.locator('article h3').allTextContents();
    assert.equal(
      await s
        .locator('#queue-title')
        .textContent()
        .then((x) => x!.trim()),
      '3 waiting for you',
    );
    assert.deepEqual(
      (await names()).map((n) => n.trim()),
      ['Ann Reader', 'Ben Ortiz', 'Cara Lewis'],
    );
    assert.match((await s.locator('article').first().textContent())!, /ann@example\.com · .* · \/posts\/race-day-fuel/);
    assert.ok(await noSideways(page));
    await axeClean(page, 'the queue');

    // Into the queue from the keyboard: the first Approve button, then j and k between comments.
    await s.getByRole('button', { name: 'Approve: comment by Ann Reader' }).focus();
    await page.keyboard.press('j');
    assert.equal(await active(page), 'article Ben Ortiz');
    await page.keyboard.press('j');
    assert.equal(await active(page), 'article Cara Lewis');
    await page.keyboard.press('j');
    assert.equal(await active(page), 'article Cara Lewis', 'j stops at the last');
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    assert.equal(await active(page), 'article Ann Reader');

    // ? lists the shortcuts in a modal dialog; Escape closes it and focus comes back.
    await page.keyboard.press('?');
    const help = s.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const [keys, meanings] = [await help.locator('dt').allTextContents(), await help.locator('dd').allTextContents()];
    assert.deepEqual(
      keys.map((k, n) => `${k} ${meanings[n]}`),
      ['j Next comment', 'k Previous comment', 'a Approve', 'r Reject', 's Mark as spam', '? Show this list'],
    );
    await axeClean(page, 'the help dialog');
    await page.screenshot({ path: join(screenshotDir, 'console-comments-360-light-help.png') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    assert.equal(await active(page), 'article Ann Reader');

    // a approves Ann; focus goes to the next, Ben; r rejects him; s marks Cara as spam.
    await page.keyboard.press('a');
    await s.locator('.notice', { hasText: 'Approved the comment by Ann Reader.' }).waitFor();
    assert.equal(await active(page), 'article Ben Ortiz');
    assert.deepEqual(await stored('Ann Reader'), ['published']);
    await page.keyboard.press('r');
    await s.locator('.notice', { hasText: 'Rejected the comment by Ben Ortiz.' }).waitFor();
    assert.deepEqual(await stored('Ben Ortiz'), ['rejected']);
    assert.equal(await active(page), 'article Cara Lewis');
    await page.keyboard.press('s');
    await s.locator('.notice', { hasText: 'Marked the comment by Cara Lewis as spam.' }).waitFor();
    assert.deepEqual(await stored('Cara Lewis'), ['spam']);
    await s.getByText('Nothing is waiting.', { exact: false }).waitFor();
    assert.equal(
      await s
        .locator('#queue-title')
        .textContent()
        .then((x) => x!.trim()),
      '0 waiting for you',
    );
    await axeClean(page, 'nothing waiting');

    // Spam: Dan, held for his links, and Cara. Approve Dan with the button (Enter).
    await s.getByRole('button', { name: /^Spam \(2\)$/ }).focus();
    await page.keyboard.press('Enter');
    await s.locator('#queue-title', { hasText: '2 held as spam' }).waitFor();
    const dan = s.locator('article', { hasText: 'Dan Deals' });
    assert.match((await dan.locator('h3').textContent())!, /Many links/);
    await axeClean(page, 'the spam tab');
    await dan.getByRole('button', { name: 'Approve: comment by Dan Deals' }).focus();
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: 'Approved the comment by Dan Deals.' }).waitFor();
    assert.deepEqual(await stored('Dan Deals'), ['published']);

    // Published: reply to Ann as the practitioner. An empty reply is refused beside the field first.
    // (The demo practice's own seeded comments are published too.)
    const published = s.getByRole('button', { name: /^Published \(\d+\)$/ });
    const n = Number(/\d+/.exec((await published.textContent())!)![0]);
    await published.focus();
    await page.keyboard.press('Enter');
    await s.locator('#queue-title', { hasText: `${n} published` }).waitFor();
    await s.getByRole('button', { name: 'Reply: comment by Ann Reader' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await s.evaluate((el) => el.shadowRoot!.activeElement?.id), 'reply');
    await page.keyboard.press('Tab'); // Post reply
    await page.keyboard.press('Enter');
    await s.locator('#reply-error', { hasText: 'Write your reply' }).waitFor();
    assert.equal(await s.evaluate((el) => el.shadowRoot!.activeElement?.id), 'reply');
    await axeClean(page, 'an empty reply refused');
    await page.keyboard.type('Glad it helped, Ann. Good luck on Sunday!');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: 'Your reply to Ann Reader is published.' }).waitFor();
    const pub = (await (await fetch(`${server.url}/api/v1/comments?thread=${encodeURIComponent(FUEL)}`)).json()) as {
      comments: { text: string; author: { owner: boolean }; parentId: string | null }[];
    };
    const reply = pub.comments.find((c) => c.text === 'Glad it helped, Ann. Good luck on Sunday!');
    assert.ok(reply?.author.owner, 'published with the owner badge');
    assert.ok(reply.parentId, 'under Ann’s comment');
    assert.equal(
      await s
        .locator('#queue-title')
        .textContent()
        .then((x) => x!.trim()),
      `${n + 1} published`,
    );

    // Trust Ann's address from her comment: her next comment appears at once.
    await s
      .locator('article', { hasText: 'Thanks, the taper week notes' })
      .getByRole('button', { name: 'Trust address: ann@example.com' })
      .focus();
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: 'ann@example.com is trusted now' }).waitFor();
    assert.equal(
      (await comment(TAPER, 'Ann Reader', 'ann@example.com', 'And the hill session too!')).json.comment?.status,
      'published',
    );

    // Block an address typed in: a bad one first (the message beside the field, the text kept).
    await s.locator('#email').focus();
    await page.keyboard.type('not-an-address');
    await page.keyboard.press('Tab'); // List
    await page.keyboard.press('ArrowDown'); // Blocked
    await page.keyboard.press('Tab'); // Add
    await page.keyboard.press('Enter');
    // The browser's own check stops it first; the server's message is checked by sending one it lets through.
    assert.equal(await s.locator('#email').inputValue(), 'not-an-address');
    await s.locator('#email').fill('');
    await s.locator('#email').focus();
    await page.keyboard.type('spam@bad');
    await page.keyboard.press('Enter');
    await s.locator('#email-error', { hasText: /email/i }).waitFor();
    assert.equal(await s.locator('#email').inputValue(), 'spam@bad', 'kept');
    assert.equal(await s.locator('#email').getAttribute('aria-invalid'), 'true');
    await axeClean(page, 'a refused address');
    await s.locator('#email').fill('');
    await s.locator('#email').focus();
    await page.keyboard.type('Gels@Spam.example.com');
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: 'gels@spam.example.com is blocked now' }).waitFor();
    const listed = await server.database.db.selectFrom('comment_addresses').selectAll().orderBy('email').execute();
    assert.deepEqual(
      listed.map((a) => [a.email, a.kind]),
      [
        ['ann@example.com', 'trusted'],
        ['gels@spam.example.com', 'blocked'],
      ],
    );
    await s.getByRole('button', { name: 'Remove gels@spam.example.com' }).focus();
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: 'gels@spam.example.com is no longer listed.' }).waitFor();
    assert.equal((await server.database.db.selectFrom('comment_addresses').selectAll().execute()).length, 1);

    // Blocked words, saved in the practice: a later comment with one goes to spam.
    await s.locator('#words').focus();
    await page.keyboard.type('casino\nCrypto');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: 'Blocked words saved.' }).waitFor();
    const practice = (await (
      await fetch(`${server.url}/admin/api/practice`, { headers: await sessionCookie(page, server.url) })
    ).json()) as { practice: { comments: { blockedWords: string[] } } };
    assert.deepEqual(practice.practice.comments.blockedWords, ['casino', 'Crypto']);
    assert.equal(
      (await comment(TAPER, 'Eve Quick', 'eve@example.com', 'Win big at the CASINO tonight')).json.comment?.status,
      'pending',
      'looks like any pending one to the poster',
    );
    assert.deepEqual(await stored('Eve Quick'), ['spam']);

    // Close the taper post: the public answer says closed and a post is refused; then reopen it.
    await s.getByRole('button', { name: 'Close /posts/taper-week to new comments' }).focus();
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: '/posts/taper-week takes no new comments now.' }).waitFor();
    const shut = (await (await fetch(`${server.url}/api/v1/comments?thread=${encodeURIComponent(TAPER)}`)).json()) as {
      closed?: boolean;
    };
    assert.equal(shut.closed, true);
    assert.equal((await comment(TAPER, 'Fay Late', 'fay@example.com', 'Too late?')).status, 409);
    await axeClean(page, 'a closed post');
    await page.screenshot({ path: join(screenshotDir, 'console-comments-360-light-posts.png'), fullPage: true });
    await s.getByRole('button', { name: 'Reopen /posts/taper-week to new comments' }).focus();
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: '/posts/taper-week takes comments again.' }).waitFor();
    assert.equal((await comment(TAPER, 'Fay Late', 'fay@example.com', 'Still in time?')).status, 201);

    // One post's comments: "Show comments" narrows the queue.
    await s.getByRole('button', { name: 'Show comments on /posts/race-day-fuel' }).focus();
    await page.keyboard.press('Enter');
    await s.locator('#queue-title', { hasText: 'on /posts/race-day-fuel' }).waitFor();
    // The heading changes at once; the narrowed list follows when its answer arrives.
    await s.locator('article p.muted', { hasText: '/posts/race-day-fuel' }).first().waitFor();
    await s.locator('article p.muted:not(:has-text("/posts/race-day-fuel"))').first().waitFor({ state: 'detached' });
    const metas = await s.locator('article p.muted').allTextContents();
    assert.equal(metas.length, 3, 'Ann, Dan and the reply');
    for (const m of metas) assert.match(m, /\/posts\/race-day-fuel/);
    assert.equal(await s.locator('article .badge', { hasText: 'You' }).count(), 1, 'the reply, with the owner badge');
    await axeClean(page, 'one post’s comments');
    // Each post's counts, as the database holds them.
    const rows = await server.database.db
      .selectFrom('comments')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('thread', '=', FUEL)
      .groupBy('status')
      .execute();
    const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    const fuelRow = s.locator('#posts-title + ul li', { hasText: '/posts/race-day-fuel' });
    assert.equal(
      (await fuelRow.locator('p.muted').textContent())?.trim(),
      `${count('published')} published · ${count('pending')} waiting · ${count('spam')} spam`,
    );
    // "All posts" widens the queue again.
    await s.getByRole('button', { name: 'All posts' }).focus();
    await page.keyboard.press('Enter');
    await s.locator('#queue-title:not(:has-text("on /posts/"))').waitFor();
    await context.close();
  });

  test('the buttons too: reject and spam, the Rejected tab, cancel a reply, approve a waiting comment by replying', async () => {
    await comment(TAPER, 'Rex Button', 'rex@example.com', 'Is foam rolling enough the week before?');
    await comment(TAPER, 'Sue Button', 'sue@example.com', 'Cheap watches, best prices, click now');
    await comment(TAPER, 'Tia Button', 'tia@example.com', 'How close to the race is a massage too late?');
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
    const page = await open(context);
    const s = screen(page);
    const press = async (name: string) => {
      // One button of that exact name (the queue's, a comment's).
      await s.getByRole('button', { name, exact: true }).focus();
      await page.keyboard.press('Enter');
    };
    await press('Reject: comment by Rex Button');
    await s.locator('.notice', { hasText: 'Rejected the comment by Rex Button.' }).waitFor();
    await press('Spam: comment by Sue Button');
    await s.locator('.notice', { hasText: 'Marked the comment by Sue Button as spam.' }).waitFor();
    assert.deepEqual([await stored('Rex Button'), await stored('Sue Button')], [['rejected'], ['spam']]);
    await s.getByRole('button', { name: /^Rejected \(\d+\)$/ }).focus();
    await page.keyboard.press('Enter');
    await s.locator('#queue-title', { hasText: /\d+ rejected/ }).waitFor();
    await s.locator('article h3', { hasText: 'Rex Button' }).waitFor();
    await axeClean(page, 'the rejected tab');
    // Reply to a waiting comment: opened, cancelled (focus back on Reply), then sent, which approves it too.
    await s.getByRole('button', { name: /^Waiting \(\d+\)$/ }).focus();
    await page.keyboard.press('Enter');
    await s.locator('#queue-title', { hasText: 'waiting for you' }).waitFor();
    await press('Reply: comment by Tia Button');
    assert.equal(await s.evaluate((el) => el.shadowRoot!.activeElement?.id), 'reply');
    await page.keyboard.type('Two days before is fine: keep it light.');
    await page.keyboard.press('Tab'); // Approve and post reply
    await page.keyboard.press('Tab'); // Cancel
    await page.keyboard.press('Enter');
    await s.locator('#reply').waitFor({ state: 'detached' });
    assert.equal(
      await s.evaluate((el) => el.shadowRoot!.activeElement?.getAttribute('aria-label')),
      'Reply: comment by Tia Button',
    );
    await page.keyboard.press('Enter');
    await page.keyboard.type('Two days before is fine: keep it light.');
    await page.keyboard.press('Tab');
    assert.equal(await s.evaluate((el) => el.shadowRoot!.activeElement?.textContent?.trim()), 'Approve and post reply');
    await page.keyboard.press('Enter');
    await s.locator('.notice', { hasText: 'Tia Button' }).waitFor();
    assert.deepEqual(await stored('Tia Button'), ['published']);
    const mine = await server.database.db
      .selectFrom('comments')
      .select(['status', 'author_owner'])
      .where('text', 'like', 'Two days before is fine%')
      .execute();
    assert.deepEqual(mine, [{ status: 'published', author_owner: 1 }]);
    await axeClean(page, 'a waiting comment approved by a reply');
    await context.close();
  });

  test('screenshots: 360 and 1280 px, light and dark; axe on each, no sideways scrolling', async () => {
    // Something to look at: two new comments waiting, one with a held reason.
    await comment(FUEL, 'Gina Park', 'gina@example.com', 'Is **beetroot juice** worth it on race morning?');
    await comment(FUEL, 'Hal Stone', undefined, 'Loved this. Sharing with my running club.');
    await eachLook(browser, async (context, at) => {
      const page = await open(context);
      assert.ok(await noSideways(page), `no sideways scrolling at ${at.width} px`);
      await axeClean(page, `the queue, ${at.name}`);
      await page.screenshot({ path: join(screenshotDir, `console-comments-${at.name}.png`), fullPage: true });
    });
  });
});

/** The session cookie of `page`'s context, for reading the owner API as the console does. */
async function sessionCookie(page: Page, base: string): Promise<Record<string, string>> {
  const cookies = await page.context().cookies(`${base}/admin`);
  return { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
}
