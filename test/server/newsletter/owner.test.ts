/**
 * The owner's newsletter API, per dialect: 401 without the admin token, the JSON list and the CSV export with the
 * consent record (header row, BOM, quoting, safe against spreadsheet formulas), and erasure (the person and their
 * consent record gone, links in sent mail dead, 404 for an unknown address).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csvCell } from '../../../src/server/newsletter/csv.js';
import type { NewsletterContext } from '../../../src/server/newsletter/context.js';
import { enqueueMail } from '../../../src/server/mail/outbox.js';
import { purgeStalePending } from '../../../src/server/newsletter/subscribers.js';
import { unsubscribeToken } from '../../../src/server/newsletter/tokens.js';
import { dialectsUnderTest } from '../support/databases.js';
import {
  ADMIN,
  CONSENT,
  read,
  SECRET,
  signupBody,
  SOURCE,
  startNewsServer,
  subscribe,
  subscribers,
  type NewsServer,
} from './support.js';

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

const auth = { Authorization: `Bearer ${ADMIN}` };

for (const dialect of dialectsUnderTest()) {
  describe(`newsletter owner API (${dialect})`, () => {
    let s: NewsServer;
    before(async () => {
      s = await startNewsServer(dialect);
    });
    after(async () => {
      await s?.close();
    });

    test('401 without or with a wrong admin token', async () => {
      for (const path of ['/api/v1/owner/subscribers', '/api/v1/owner/subscribers.csv']) {
        for (const headers of [
          {},
          { Authorization: 'Bearer wrong-token-0123456789abcdef' },
          { Authorization: ADMIN },
        ] as Record<string, string>[]) {
          const answer = await read(await fetch(`${s.url}${path}`, { headers }));
          assert.equal(answer.status, 401, `${path} ${JSON.stringify(headers)}`);
          assert.equal(answer.json.error.code, 'unauthorized');
          assert.equal(answer.headers.get('www-authenticate'), 'Bearer');
        }
      }
      const del = await read(await fetch(`${s.url}/api/v1/owner/subscribers/a%40example.com`, { method: 'DELETE' }));
      assert.equal(del.status, 401);
    });

    test('JSON and CSV exports carry the consent record; formulas are neutralised', async () => {
      const evil = '=HYPERLINK("http://evil.example","Click")';
      assert.equal((await subscribe(s.url, signupBody('csv.one@example.com', { name: 'Zoë, "Z" Smith' }))).status, 202);
      // The name check refuses links, so a formula with a URL cannot come in through the form; store one directly
      // (as an older version or an import might have) to prove the export is safe anyway.
      assert.equal((await subscribe(s.url, signupBody('csv.two@example.com', { name: 'Two' }))).status, 202);
      await s.db.updateTable('subscribers').set({ name: evil }).where('email', '=', 'csv.two@example.com').execute();
      assert.equal(
        (
          await subscribe(
            s.url,
            signupBody('csv.three@example.com', {
              name: '+SUM(1,2)',
              consentText: '@cmd|calc\nline two',
              list: 'weekly-notes',
            }),
          )
        ).status,
        202,
      );

      const json = await read(await fetch(`${s.url}/api/v1/owner/subscribers`, { headers: auth }));
      assert.equal(json.status, 200);
      const one = json.json.subscribers.find((x: { email: string }) => x.email === 'csv.one@example.com');
      assert.equal(one.status, 'pending');
      assert.equal(one.list, 'newsletter');
      assert.equal(one.consent.text, CONSENT);
      assert.equal(one.consent.source, SOURCE);
      assert.match(one.consent.signedUpAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.equal(one.consent.confirmedAt, null);
      const weekly = await read(await fetch(`${s.url}/api/v1/owner/subscribers?list=weekly-notes`, { headers: auth }));
      assert.deepEqual(
        weekly.json.subscribers.map((x: { email: string }) => x.email),
        ['csv.three@example.com'],
      );
      assert.equal((await fetch(`${s.url}/api/v1/owner/subscribers?status=nope`, { headers: auth })).status, 400);

      const csv = await fetch(`${s.url}/api/v1/owner/subscribers.csv`, { headers: auth });
      assert.equal(csv.status, 200);
      assert.match(String(csv.headers.get('content-type')), /^text\/csv; charset=utf-8/);
      assert.match(
        String(csv.headers.get('content-disposition')),
        /^attachment; filename="subscribers-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const bytes = new Uint8Array(await csv.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.slice(3));
      assert.ok(text.endsWith('\r\n'));
      const rows = parseCsv(text);
      assert.deepEqual(rows[0], [
        'email',
        'name',
        'list',
        'status',
        'consent_text',
        'consent_source',
        'signed_up_at',
        'confirmed_at',
        'unsubscribed_at',
      ]);
      assert.equal(rows.length, 4);
      for (const r of rows) assert.equal(r.length, 9, JSON.stringify(r));
      const byEmail = new Map(rows.slice(1).map((r) => [r[0], r]));
      assert.equal(byEmail.get('csv.one@example.com')![1], 'Zoë, "Z" Smith', 'commas and quotes survive quoting');
      assert.equal(byEmail.get('csv.one@example.com')![4], CONSENT);
      assert.equal(byEmail.get('csv.one@example.com')![5], SOURCE);
      assert.equal(byEmail.get('csv.two@example.com')![1], `'${evil}`, 'the formula is text');
      assert.equal(byEmail.get('csv.three@example.com')![1], "'+SUM(1,2)");
      assert.equal(byEmail.get('csv.three@example.com')![4], "'@cmd|calc\nline two");
      // No cell of the raw file starts a formula.
      for (const r of rows) for (const cell of r) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, cell);

      assert.equal(csvCell('-1'), "'-1");
      assert.equal(csvCell('\tx'), "'\tx");
      assert.equal(csvCell('\rx'), `"'\rx"`);
      assert.equal(csvCell(' padded '), '" padded "');
      assert.equal(csvCell(null), '');
    });

    test('signups left unconfirmed for 30 days are forgotten; confirmed ones stay', async () => {
      const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
      const row = (email: string, status: 'pending' | 'confirmed') => ({
        id: `old-${email}`,
        email,
        name: null,
        list: 'newsletter',
        status,
        consent_text: 'Yes',
        consent_source: null,
        created_at: old,
        confirmed_at: status === 'confirmed' ? old : null,
        unsubscribed_at: null,
        last_confirmation_sent_ms: 0,
        ip_hash: null,
      });
      await s.db
        .insertInto('subscribers')
        .values([row('stale@example.com', 'pending'), row('kept@example.com', 'confirmed')])
        .execute();
      await purgeStalePending({ db: s.db } as NewsletterContext, Date.now());
      const emails = (await subscribers(s.db)).map((r) => r.email);
      assert.ok(!emails.includes('stale@example.com'));
      assert.ok(emails.includes('kept@example.com'));
    });

    test('erasure also removes their waitlist entries, and keeps a booking reminder still to be sent', async () => {
      const email = 'waiting.erased@example.com';
      assert.equal((await subscribe(s.url, signupBody(email))).status, 202);
      await s.mailIdle();
      const day = Date.now() + 7 * 864e5;
      await s.db
        .insertInto('waitlist_entries')
        .values({
          id: 'wl_erase_test',
          service_id: 'any',
          day: new Date(day).toISOString().slice(0, 10),
          time_zone: 'Europe/London',
          day_start_ms: day,
          day_end_ms: day + 864e5,
          email,
          status: 'confirmed',
          consent_text: 'Tell me',
          consent_source: null,
          created_at: new Date().toISOString(),
          confirmed_at: new Date().toISOString(),
          notified_ms: null,
          last_confirmation_sent_ms: Date.now(),
          ip_hash: null,
        })
        .execute();
      await enqueueMail(s.db, [{ to: email, subject: 'Reminder: your session tomorrow', text: 'See you' }], {
        ref: 'reminder:bk_erase_test',
        notBefore: new Date(day),
      });
      const erased = await fetch(`${s.url}/api/v1/owner/subscribers/${encodeURIComponent(email)}`, {
        method: 'DELETE',
        headers: auth,
      });
      assert.equal(erased.status, 200);
      const waiting = await s.db.selectFrom('waitlist_entries').select('id').where('email', '=', email).execute();
      assert.equal(waiting.length, 0, 'no waitlist entry left');
      const left = await s.db.selectFrom('mail_outbox').select(['ref', 'status']).where('to', '=', email).execute();
      assert.deepEqual(left, [{ ref: 'reminder:bk_erase_test', status: 'pending' }], 'only the reminder to come');
    });

    test('erasure removes the person and their consent record, says so, and voids their links', async () => {
      const email = 'erase.me@example.com';
      assert.equal((await subscribe(s.url, signupBody(email))).status, 202);
      assert.equal((await subscribe(s.url, signupBody(email, { list: 'weekly-notes' }))).status, 202);
      await s.mailIdle();
      const ids = (await subscribers(s.db)).filter((r) => r.email === email).map((r) => r.id);
      assert.equal(ids.length, 2);

      const erased = await read(
        await fetch(`${s.url}/api/v1/owner/subscribers/${encodeURIComponent('Erase.Me@Example.com')}`, {
          method: 'DELETE',
          headers: auth,
        }),
      );
      assert.equal(erased.status, 200, erased.text);
      assert.equal(erased.json.erased, true);
      assert.equal(erased.json.email, email);
      assert.equal(erased.json.subscriptions.length, 2);
      assert.equal(erased.json.outboxMessages, 2, 'the kept copies of their mail too');
      assert.match(erased.json.message, /Erased erase\.me@example\.com: 2 subscriptions and the consent records/);
      assert.equal((await subscribers(s.db)).filter((r) => r.email === email).length, 0);
      const outbox = await s.db.selectFrom('mail_outbox').select('id').where('to', '=', email).execute();
      assert.equal(outbox.length, 0);

      const csv = await (await fetch(`${s.url}/api/v1/owner/subscribers.csv`, { headers: auth })).text();
      assert.doesNotMatch(csv, /erase\.me/);

      const again = await read(
        await fetch(`${s.url}/api/v1/owner/subscribers/${encodeURIComponent(email)}`, {
          method: 'DELETE',
          headers: auth,
        }),
      );
      assert.equal(again.status, 404);
      assert.equal(again.json.error.code, 'unknown_subscriber');

      // Their old unsubscribe link answers without error and without bringing anything back.
      const unsub = await read(
        await fetch(`${s.url}/unsubscribe?token=${encodeURIComponent(unsubscribeToken(SECRET, ids[0]!, Date.now()))}`, {
          method: 'POST',
        }),
      );
      assert.equal(unsub.status, 200);
      assert.equal((await subscribers(s.db)).filter((r) => r.email === email).length, 0);
    });
  });
}
