/**
 * Pages and mail escape by default: hostile names, notes and form fields come back only as text.
 *
 * 1. Every page function and both mail families, called with hostile strings, give HTML where the strings appear only
 *    as entities (and the text parts keep them verbatim).
 * 2. A real server: a booking and a newsletter signup whose fields carry script, and a stored mail whose HTML part
 *    carries script; then real Chromium loads each page the server answers (the correction form, the "press once more"
 *    page, the confirm and unsubscribe pages, the dev outbox with its sandboxed mail frames, a mail's HTML on its own)
 *    and checks that no script ran, that the hostile strings are visible as text, and that links are clickable.
 *    With SOLEUS_PAGE_SCREENSHOTS=1 each page is also saved as a screenshot at 390 and 1280 px in
 *    test-results/screenshots/pages/ (about 3 s a shot on two cores, so not on every run).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../../support/chromium.mjs';
import { LAPTOP, PHONE, screenshotDir } from '../../support/devices.js';
import { cancellationEmails, confirmationEmails } from '../../../src/server/booking/emails.js';
import type { BookingRecord, LinkBase } from '../../../src/server/booking/records.js';
import { createMailer } from '../../../src/server/mail/mailer.js';
import { confirmationMail, welcomeMail } from '../../../src/server/newsletter/emails.js';
import { fallbackHomePage } from '../../../src/server/pages/home.js';
import {
  badLinkPage,
  checkInboxPage,
  confirmedPage,
  confirmPage,
  correctFormPage,
  needsJavaScriptPage,
  pressOnceMorePage,
  tooManyPage,
  unsubscribedPage,
  unsubscribePage,
  type SubmittedForm,
} from '../../../src/server/pages/newsletter.js';
import { outboxPage } from '../../../src/server/pages/outbox.js';
import { bookingBody, postBooking, slotStart, startTestServer, type TestServer } from '../support/booking.js';
import { demoPractice } from '../support/practice.js';
import { CONSENT, decode, formToken, hiddenInputs, SECRET, SOURCE } from '../newsletter/support.js';

/** Strings that would run script if any page or mail put them into HTML unescaped. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea></title><script>alert(1)</script>',
];
const NAME = `Ann ${HOSTILE[0]} ${HOSTILE[1]}`;
const NOTES = `${HOSTILE[2]}\n${HOSTILE[3]} & more`;

/** The HTML-escaped form hono/html writes. */
const escaped = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Every tag name in an HTML text: the hostile strings must add none. */
const tagsIn = (html: string) => new Set([...html.matchAll(/<([a-z][a-z0-9-]*)/gi)].map((m) => m[1]!.toLowerCase()));

/**
 * The attribute names of every start tag. Values are double-quoted with `"` escaped, so a value ends at the next `"`;
 * a tag this pattern cannot read (a stray quote, a broken attribute) fails the check instead of passing it.
 */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  const tagCount = [...html.matchAll(/<[a-z]/gi)].length;
  const tags = [...html.matchAll(/<[a-z][a-z0-9-]*((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>/gi)];
  assert.equal(tags.length, tagCount, 'every start tag reads as name="value" pairs');
  for (const tag of tags)
    for (const m of tag[1]!.matchAll(/\s([a-z-]+)(?:="[^"]*")?/gi)) names.push(m[1]!.toLowerCase());
  return names;
}

function assertInert(value: string, label: string): void {
  const html = String(value);
  const tags = tagsIn(html);
  for (const tag of ['script', 'img', 'svg', 'iframe', 'textarea']) assert.ok(!tags.has(tag), `${label}: a <${tag}>`);
  const handlers = attributeNames(html).filter((name) => name.startsWith('on'));
  assert.deepEqual(handlers, [], `${label}: an event handler attribute`);
}

describe('pages and mail escape what people typed', () => {
  const form: SubmittedForm = {
    email: `x${HOSTILE[1]}@example.com`,
    name: NAME,
    list: 'monthly-notes',
    consent: true,
    consentText: NOTES,
    source: `https://blog.example.com/?q=${HOSTILE[1]}`,
  };

  test('every newsletter page renders hostile values as entities only', () => {
    const pages = {
      confirm: confirmPage({ token: HOSTILE[1]!, email: NAME, list: 'monthly-notes', senderName: NOTES }),
      confirmed: confirmedPage({
        email: NAME,
        list: 'monthly-notes',
        senderName: NOTES,
        unsubscribeUrl: `https://x.example/?t=${HOSTILE[1]}`,
        already: false,
      }),
      unsubscribe: unsubscribePage({ token: HOSTILE[0]!, email: NAME, list: 'monthly-notes', senderName: NOTES }),
      unsubscribed: unsubscribedPage({ email: NAME, list: 'monthly-notes', senderName: NOTES, already: true }),
      pressOnceMore: pressOnceMorePage(form, HOSTILE[2]!, form.source),
      correct: correctFormPage(
        form,
        { email: HOSTILE[0]!, name: HOSTILE[1]!, [HOSTILE[2]!]: HOSTILE[3]! },
        't',
        form.source,
      ),
      checkInbox: checkInboxPage(form.source),
      needsJs: needsJavaScriptPage(form.source),
      tooMany: tooManyPage(3, form.source),
      badLink: badLinkPage('forged', 'confirm'),
    };
    // layout() returns hono/html's output: a String object marked as escaped.
    const html = Object.fromEntries(Object.entries(pages).map(([label, page]) => [label, String(page.html)]));
    for (const [label, page] of Object.entries(html)) {
      assertInert(page, label);
      assert.ok(page.startsWith('<!doctype html>'), label);
      assert.match(page, /<link rel="stylesheet" href="\/assets\/pages\.css">/, label);
    }
    assert.ok(html.confirm!.includes(escaped(NAME)));
    assert.ok(html.confirm!.includes(`value="${escaped(HOSTILE[1]!)}"`), 'attribute values escaped');
    assert.ok(html.correct!.includes(escaped(HOSTILE[3]!)), 'an error text for an unknown field');
    // What was typed rides along unchanged in the hidden fields, once decoded.
    const hidden = hiddenInputs(html.pressOnceMore!);
    assert.equal(hidden.name, NAME);
    assert.equal(hidden.consentText, NOTES);
    assert.equal(hidden.email, form.email);
    assert.equal(decode(escaped(NAME)), NAME);
  });

  test('booking and newsletter mail: HTML escaped, text verbatim, both from the same document', () => {
    const practice = demoPractice();
    const service = practice.services[0]!;
    const booking: BookingRecord = {
      id: 'bk_escape',
      serviceId: service.id,
      seriesId: null,
      practitionerId: practice.practitioners[0]!.id,
      start: new Date('2026-12-01T09:00:00Z'),
      end: new Date('2026-12-01T10:00:00Z'),
      status: 'confirmed',
      sequence: 0,
      client: { name: NAME, email: 'ann@example.com', phone: HOSTILE[2]! },
      clientTimeZone: 'America/New_York',
      notes: NOTES,
      answers: { [HOSTILE[0]!]: HOSTILE[1]! },
      createdAt: new Date('2026-11-01T09:00:00Z'),
      updatedAt: new Date('2026-11-01T09:00:00Z'),
      source: 'widget',
      attendance: null,
      cancelMessage: NOTES,
      seriesKind: null,
    };
    const base: LinkBase = { publicUrl: 'https://book.example.com' };
    const mails = [
      ...confirmationEmails([booking], { practice, base, manageToken: 'tok', now: new Date('2026-11-01T09:00:00Z') }),
      ...cancellationEmails({ ...booking, status: 'cancelled', sequence: 1 }, { practice, base }),
      confirmationMail({
        to: 'ann@example.com',
        name: NAME,
        senderName: NOTES,
        list: 'monthly-notes',
        unsubscribeUrl: 'https://book.example.com/unsubscribe?token=u',
        confirmUrl: 'https://book.example.com/subscribe/confirm?token=c',
      }),
      welcomeMail({
        to: 'ann@example.com',
        name: NAME,
        senderName: NOTES,
        list: 'monthly-notes',
        unsubscribeUrl: 'https://book.example.com/unsubscribe?token=u',
        welcome: `${HOSTILE[0]}\n\n${HOSTILE[1]}`,
      }),
    ];
    for (const mail of mails) {
      assertInert(mail.html!, mail.subject);
      assert.ok(mail.html!.startsWith('<!DOCTYPE html>'), mail.subject);
      assert.match(mail.html!, /<div role="article" aria-roledescription="email"/, 'the one renderer');
    }
    const owner = mails[1]!;
    assert.ok(owner.html!.includes(escaped(NAME)));
    assert.ok(owner.html!.includes(`${escaped(HOSTILE[2]!)}<br>${escaped(HOSTILE[3]!)} &amp; more`));
    assert.ok(
      owner.text.includes(NAME) && NOTES.split('\n').every((line) => owner.text.includes(line)),
      'the text part keeps what was typed',
    );
    const welcome = mails.at(-1)!;
    assert.ok(welcome.html!.includes(escaped(HOSTILE[0]!)) && welcome.text.includes(HOSTILE[1]!));
    assert.equal(welcome.headers?.['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
  });

  test('the outbox page escapes every field of a stored mail and never inlines its HTML part', () => {
    const page = String(
      outboxPage([
        {
          id: 7,
          createdAt: '2026-12-01T09:00:00.000Z',
          to: NAME,
          subject: NOTES,
          text: `${HOSTILE[0]} see https://book.example.com/manage?x=1&y=2.`,
          html: `<p>${HOSTILE[0]}</p>`,
          headers: { [HOSTILE[1]!]: HOSTILE[2]! },
          icalEvent: HOSTILE[3]!,
          // The delivery fields hold text from SMTP servers (an error reply) and the machine: escaped too.
          status: 'pending',
          messageId: `<${HOSTILE[2]!}@example.com>`,
          attempts: 2,
          lastError: HOSTILE[1]!,
          notBefore: '2026-12-01T10:00:00.000Z',
          sentAt: null,
          sentBy: HOSTILE[3]!,
        },
      ]),
    );
    assertInert(page.replace(/<iframe\s[^>]*><\/iframe>/, ''), 'outbox');
    assert.match(
      page,
      /<iframe\s+src="\/dev\/outbox\/7\/html"\s[^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"/,
    );
    assert.doesNotMatch(page, /srcdoc/);
    assert.ok(page.includes('<a href="https://book.example.com/manage?x=1&amp;y=2">'), 'links in the text are anchors');
    assert.ok(page.includes(escaped(`<p>${HOSTILE[0]}</p>`)), 'the HTML source shown as text');
  });
});

describe('in real Chromium, no script from a booking, a signup or a stored mail runs', () => {
  let s: TestServer;
  let browser: Browser;
  const contexts = new Map<BrowserContextOptions, BrowserContext>();
  const dir = join(screenshotDir, 'pages');
  const screenshots = process.env.SOLEUS_PAGE_SCREENSHOTS === '1';
  const save = async (page: Page, name: string) => {
    if (screenshots) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  };
  /** Dialogs and page errors seen on any page of any context (alert() opens a dialog). */
  const incidents: string[] = [];

  before(async () => {
    mkdirSync(dir, { recursive: true });
    s = await startTestServer('sqlite', { env: { SOLEUS_SECRET: SECRET, SOLEUS_SUBSCRIBE_RATE_LIMIT: '100000' } });
    browser = await chromium.launch(chromiumLaunchOptions);
    // One context per width for the whole suite: a context costs 2–4 s here, a page a fraction of that.
    for (const device of [PHONE, LAPTOP]) contexts.set(device, await contextFor(device));
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  async function contextFor(device: BrowserContextOptions): Promise<BrowserContext> {
    const context = await browser.newContext({ ...device, colorScheme: 'light' });
    context.on('page', (p) => watch(p));
    // Nothing leaves the machine: any request not to the loopback test server fails at once.
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
    return context;
  }
  function watch(page: Page): void {
    page.on('dialog', (d) => {
      incidents.push(`dialog on ${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => incidents.push(`error on ${page.url()}: ${e.message}`));
  }

  /** Opens `url` (or shows `html` at the server's origin) at both widths, saving a screenshot of each. */
  async function shoot(name: string, show: (page: Page) => Promise<void>): Promise<Page[]> {
    const pages: Page[] = [];
    for (const [suffix, device] of [
      ['390', PHONE],
      ['1280', LAPTOP],
    ] as const) {
      const page = await contexts.get(device)!.newPage();
      watch(page);
      await show(page);
      await page.waitForLoadState('load');
      await save(page, `${name}-${suffix}`);
      pages.push(page);
    }
    return pages;
  }

  /** A plain form post from a page of the server's own origin, as a browser without JavaScript on our side sends it. */
  const postForm = (action: string, fields: Record<string, string>) => async (page: Page) => {
    await page.goto(`${s.url}/assets/pages.css`);
    await page.evaluate(
      ({ action, fields }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { action: `${s.url}${action}`, fields },
    );
    await page.waitForURL(`${s.url}${action}`);
  };

  test('the newsletter pages show hostile form fields as text', async () => {
    const typo = { email: 'not-an-email', name: NAME, consentText: NOTES, source: SOURCE, hp: '' };
    for (const page of await shoot('newsletter-correct-form', postForm('/api/v1/subscriptions', typo))) {
      assert.equal(await page.locator('#name').inputValue(), NAME, 'typed value kept, as text');
      assert.match((await page.locator('label.consent').textContent()) ?? '', /<svg onload=alert\(1\)>/);
      assert.equal(await page.locator('[aria-invalid="true"]').count(), 2);
      assert.equal(await page.locator('script, img, svg').count(), 0);
    }
    const noJs = {
      email: 'nojs@example.com',
      name: NAME,
      list: 'monthly-notes',
      consent: 'on',
      consentText: CONSENT,
      source: SOURCE,
      hp: '',
    };
    for (const page of await shoot('newsletter-press-once-more', postForm('/api/v1/subscriptions', noJs))) {
      assert.match((await page.locator('main').textContent()) ?? '', /press the button once more/);
      assert.equal(await page.locator('a[href^="https://blog.example.com"]').count(), 1, 'the back link');
      assert.equal(await page.locator('script, img, svg').count(), 0);
    }
    const signup = { ...noJs, email: 'signup@example.com', t: formToken() };
    await shoot('newsletter-check-inbox', postForm('/api/v1/subscriptions', signup));

    // The confirmation mail went to the outbox: its link opens the confirm page; its button confirms.
    const mail = await s.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to', '=', 'signup@example.com')
      .executeTakeFirstOrThrow();
    const confirmUrl = /https?:\/\/\S+\/subscribe\/confirm\?token=[^\s<>"]+/.exec(mail.text)![0];
    const confirm = await shoot('newsletter-confirm', async (page) => void (await page.goto(confirmUrl)));
    assert.match((await confirm[0]!.locator('main').textContent()) ?? '', /signup@example\.com/);
    await confirm[0]!.getByRole('button', { name: 'Confirm my subscription' }).click();
    await confirm[0]!.waitForURL(`${s.url}/subscribe/confirm`);
    assert.match((await confirm[0]!.locator('h1').textContent()) ?? '', /You are subscribed/);
    await save(confirm[0]!, 'newsletter-confirmed-390');
    const unsubscribeHref = await confirm[0]!.getByRole('link', { name: 'Unsubscribe' }).getAttribute('href');
    const unsubscribe = await shoot('newsletter-unsubscribe', async (page) => void (await page.goto(unsubscribeHref!)));
    await unsubscribe[1]!.getByRole('button', { name: 'Unsubscribe' }).click();
    await unsubscribe[1]!.waitForLoadState('load');
    assert.match((await unsubscribe[1]!.locator('h1').textContent()) ?? '', /You are unsubscribed/);
    await save(unsubscribe[1]!, 'newsletter-unsubscribed-1280');
    await shoot('newsletter-bad-link', async (page) => void (await page.goto(`${s.url}/subscribe/confirm?token=x`)));
    await shoot('fallback-home', async (page) => {
      await page.goto(`${s.url}/assets/pages.css`);
      await page.setContent(fallbackHomePage());
    });
    assert.deepEqual(incidents, []);
  });

  test('the dev outbox shows a hostile booking and a scripted mail without running either; links work', async () => {
    const reply = await postBooking(
      s.url,
      bookingBody('s60', slotStart(3), { client: { name: NAME, email: 'ann@example.com' }, notes: NOTES }),
    );
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    await s.server.mail.idle();
    const mailer = createMailer({
      smtpUrl: undefined,
      db: s.server.database.db,
      production: false,
      from: 'x@example.com',
    });
    await mailer.send({
      to: 'frame@example.com',
      subject: 'A mail whose HTML carries script',
      text: `See ${s.url}/assets/pages.css.`,
      html:
        '<!doctype html><html><head><title>x</title></head><body><script>alert("frame")</script>' +
        `<img src=x onerror=alert("img")><a id="out" href="${s.url}/assets/pages.css">A link out</a></body></html>`,
    });

    const [phone, laptop] = await shoot('dev-outbox', async (page) => void (await page.goto(`${s.url}/dev/outbox`)));
    for (const page of [phone!, laptop!]) {
      const main = (await page.locator('main').textContent()) ?? '';
      assert.ok(main.includes(NAME), 'the hostile name shows as text');
      assert.ok(main.includes(HOSTILE[3]!), 'the hostile notes show as text');
      assert.equal(await page.locator('main script, main img, main svg').count(), 0);
      assert.ok((await page.locator('pre a[href^="http"]').count()) > 0, 'links in the text part are anchors');
      assert.equal(await page.locator('iframe[srcdoc]').count(), 0);
    }
    // Every frame loaded its mail; the scripted one ran nothing, and its link opens in a tab of its own.
    const frames = laptop!.locator('iframe');
    const count = await frames.count();
    assert.ok(count >= 3, `a frame per HTML mail (${count})`);
    for (let i = 0; i < count; i++) await frames.nth(i).scrollIntoViewIfNeeded();
    const scripted = laptop!.frameLocator('iframe[title="HTML version of A mail whose HTML carries script"]');
    await scripted.locator('#out').waitFor();
    const popup = laptop!.context().waitForEvent('page');
    await scripted.locator('#out').click();
    const opened = await popup;
    await opened.waitForLoadState('load');
    assert.equal(opened.url(), `${s.url}/assets/pages.css`, 'the link opened outside the frame');
    await opened.close();
    const bookingFrame = laptop!.frameLocator('iframe[title^="HTML version of Booked:"]');
    assert.ok(((await bookingFrame.locator('body').textContent()) ?? '').includes(NAME));
    assert.equal(await bookingFrame.locator('script, img, svg').count(), 0);
    if (screenshots) {
      // Chromium paints an opaque-origin frame only once it is in view, so a full-page shot leaves the frames blank.
      const preview = laptop!.locator('.preview:has(iframe[title^="HTML version of Booked:"])');
      await preview.scrollIntoViewIfNeeded();
      await preview.screenshot({ path: join(dir, 'dev-outbox-booking-frame-1280.png') });
      await phone!.screenshot({ path: join(dir, 'dev-outbox-top-390.png') });
    }

    // The mail's HTML opened on its own: the CSP sandbox still runs nothing.
    const id = await s.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('to', '=', 'frame@example.com')
      .executeTakeFirstOrThrow();
    const alone = await shoot('dev-outbox-mail-html', async (page) => {
      const res = await page.goto(`${s.url}/dev/outbox/${id.id}/html`);
      assert.match(res!.headers()['content-security-policy'] ?? '', /^sandbox /);
    });
    assert.equal(await alone[0]!.locator('script').count(), 1, 'the script is there, and did not run');
    const bookingMail = await s.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('subject', 'like', 'Booked:%')
      .executeTakeFirstOrThrow();
    await shoot(
      'booking-confirmation-mail',
      async (page) => void (await page.goto(`${s.url}/dev/outbox/${bookingMail.id}/html`)),
    );
    await laptop!.waitForTimeout(200); // a late onerror would still be caught
    assert.deepEqual(incidents, [], 'no dialog and no page error anywhere');
  });
});
