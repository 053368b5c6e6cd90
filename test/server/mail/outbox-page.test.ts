/**
 * The development outbox (`/dev/outbox`) is a view of the outbox table itself: a booking's confirmation and notice
 * appear as delivered to it, its reminder as scheduled (then withdrawn when cancelled), a refused mail as waiting for
 * its retry with the SMTP server's reply escaped; links in the text are anchors and the HTML part is only ever shown
 * in a sandboxed frame served with a CSP sandbox. Checked over HTTP, then in real Chromium with axe at 390 and 1280 px.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser } from 'playwright-core';
import { writeTransaction } from '../../../src/server/db/transaction.js';
import { enqueueMail } from '../../../src/server/mail/outbox.js';
import { chromiumLaunchOptions } from '../../support/chromium.mjs';
import { bookingBody, manage, postBooking, slotStart, startTestServer, type TestServer } from '../support/booking.js';

const shots = join(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots', 'mail');

describe('the dev outbox is a view of the outbox table', () => {
  let s: TestServer;
  let browser: Browser;
  let booking: { id: string; token: string };

  before(async () => {
    s = await startTestServer('sqlite');
    const made = await postBooking(
      s.url,
      bookingBody('s30', slotStart(4, 10), { client: { name: 'Olive Outbox', email: 'olive@example.com' } }),
    );
    assert.equal(made.status, 201, made.text);
    booking = { id: made.body.booking.id, token: made.body.manageToken };
    await s.server.mail.idle();
    // A mail an SMTP server refused once, waiting for its retry, whose reply holds markup.
    const [id] = await writeTransaction(s.server.database.db, 'sqlite', (trx) =>
      enqueueMail(trx, [{ to: 'refused@example.com', subject: 'Refused once', text: 'x' }]),
    );
    await s.server.database.db
      .updateTable('mail_outbox')
      .set({
        attempts: 1,
        last_error: '451 <b>try later</b>',
        not_before_ms: Date.now() + 86_400_000,
      })
      .where('id', '=', id!)
      .execute();
    browser = await chromium.launch(chromiumLaunchOptions);
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  const page = async () => {
    const res = await fetch(`${s.url}/dev/outbox`);
    assert.equal(res.status, 200);
    return res.text();
  };

  test('each row with its delivery state, Message-ID, clickable links and a sandboxed HTML frame', async () => {
    const html = await page();
    const rows = await s.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
    const confirmation = rows.find((r: any) => r.to === 'olive@example.com' && /^Booked/.test(r.subject))!;
    assert.ok(confirmation, 'the confirmation row');
    assert.equal(confirmation.status, 'stored');
    assert.ok(html.includes(`<code>${confirmation.message_id.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code>`));
    assert.match(html, /data-status="stored">\s*Delivered to this outbox/);
    assert.match(html, /data-status="pending">\s*Scheduled for <time/, 'the reminder, scheduled');
    assert.match(
      html,
      /data-status="pending">\s*Waiting to be retried from <time[^>]*>[^<]*<\/time> after 1 failed attempt: 451 &lt;b&gt;try later&lt;\/b&gt;/,
    );
    assert.doesNotMatch(html, /<b>try later/);
    assert.match(html, /<a href="http:\/\/127\.0\.0\.1:\d+\/manage#booking=/, 'the manage link is an anchor');
    assert.match(
      html,
      new RegExp(
        `<iframe\\s+src="/dev/outbox/${confirmation.id}/html"[^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"`,
      ),
    );
    const frame = await fetch(`${s.url}/dev/outbox/${confirmation.id}/html`);
    assert.match(frame.headers.get('content-security-policy') ?? '', /^sandbox allow-popups/);
    assert.match(frame.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  });

  test('a cancelled booking: its reminder shows as withdrawn, with the reason', async () => {
    const cancelled = await manage(s.url, booking.id, booking.token, 'cancel');
    assert.equal(cancelled.status, 200, cancelled.text);
    await s.server.mail.idle();
    const html = await page();
    assert.match(html, /data-status="void">\s*Withdrawn, never sent: Not sent: the booking was cancelled\./);
  });

  // Bounded: a hung browser step fails this test instead of stalling the whole suite.
  test(
    'in Chromium at 390 and 1280 px: no axe violations, the frame holds the mail, links are links',
    { timeout: 120_000 },
    async () => {
      mkdirSync(shots, { recursive: true });
      for (const viewport of [
        { width: 390, height: 844 },
        { width: 1280, height: 900 },
      ]) {
        const context = await browser.newContext({ viewport });
        await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
        const p = await context.newPage();
        const errors: string[] = [];
        p.on('pageerror', (e) => errors.push(String(e)));
        await p.goto(`${s.url}/dev/outbox`);
        // The mail's frame is sandboxed without scripts (on purpose), so axe cannot run inside it and can wait on it for
        // ever: the page around it is checked, the frame's text below.
        const results = await new AxeBuilder({ page: p }).exclude('iframe').analyze();
        assert.deepEqual(
          results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
          [],
        );
        assert.ok((await p.locator('pre a[href*="/manage#booking="]').count()) > 0);
        const frame = p.frameLocator('iframe[title^="HTML version of Booked:"]').first();
        assert.match((await frame.locator('body').textContent()) ?? '', /Olive Outbox/);
        await p.screenshot({ path: join(shots, `dev-outbox-${viewport.width}.png`) });
        assert.deepEqual(errors, []);
        await context.close();
      }
    },
  );
});
