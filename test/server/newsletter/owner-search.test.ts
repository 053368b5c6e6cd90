/**
 * The owner's subscriber search, per dialect: `q` finds a part of the email or the name in any case (in the
 * database's query), `%`, `_` and `\` are taken literally, it combines with the list and status filters, and the CSV
 * export takes the same filters. Bad input is a 400 with `fields` and writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialectsUnderTest } from '../support/databases.js';
import { ADMIN, read, signupBody, startNewsServer, subscribe, subscribers, type NewsServer } from './support.js';

const auth = { Authorization: `Bearer ${ADMIN}` };

for (const dialect of dialectsUnderTest()) {
  describe(`newsletter owner search (${dialect})`, () => {
    let s: NewsServer;
    before(async () => {
      s = await startNewsServer(dialect);
      const people: Array<[string, Record<string, unknown>]> = [
        ['anna.baker@example.com', { name: 'Anna Baker' }],
        ['bob@runners.example', { name: 'Robert Stone', list: 'weekly-notes' }],
        ['carla_100@example.com', { name: 'Carla' }],
        ['dan@example.com', {}],
        ['percent@example.com', { name: '100% Fit' }],
      ];
      for (const [email, extra] of people) assert.equal((await subscribe(s.url, signupBody(email, extra))).status, 202);
      await s.db
        .updateTable('subscribers')
        .set({ status: 'confirmed', confirmed_at: new Date().toISOString() })
        .where('email', 'in', ['anna.baker@example.com', 'bob@runners.example'])
        .execute();
    });
    after(async () => {
      await s?.close();
    });

    const emails = async (query: string) => {
      const answer = await read(await fetch(`${s.url}/api/v1/owner/subscribers?${query}`, { headers: auth }));
      assert.equal(answer.status, 200, answer.text);
      return (answer.json.subscribers as { email: string }[]).map((x) => x.email);
    };

    test('q finds a part of the email or the name, in any case', async () => {
      assert.deepEqual(await emails('q=BAKER'), ['anna.baker@example.com']);
      assert.deepEqual(await emails('q=stone'), ['bob@runners.example'], 'the name');
      assert.deepEqual(await emails('q=RUNNERS.ex'), ['bob@runners.example'], 'the email');
      assert.deepEqual(await emails('q=%20dan%40%20'), ['dan@example.com'], 'trimmed');
      assert.deepEqual(await emails('q=nobody'), []);
      assert.equal((await emails('q=')).length, 5, 'an empty search is no search');
    });

    test('%, _ and \\ are letters, not patterns', async () => {
      assert.deepEqual(await emails(`q=${encodeURIComponent('%')}`), ['percent@example.com']);
      assert.deepEqual(await emails(`q=${encodeURIComponent('a_1')}`), ['carla_100@example.com']);
      assert.deepEqual(await emails(`q=${encodeURIComponent('_')}`), ['carla_100@example.com']);
      assert.deepEqual(await emails(`q=${encodeURIComponent('\\')}`), []);
    });

    test('q combines with the list and status filters', async () => {
      assert.deepEqual(await emails('q=example&status=confirmed'), ['anna.baker@example.com', 'bob@runners.example']);
      assert.deepEqual(await emails('q=example&status=confirmed&list=weekly-notes'), ['bob@runners.example']);
      assert.deepEqual(await emails('q=anna&status=pending'), []);
      assert.deepEqual(await emails('status=pending&q=example.com'), [
        'carla_100@example.com',
        'dan@example.com',
        'percent@example.com',
      ]);
    });

    test('the CSV export takes the same filters', async () => {
      const csv = await fetch(`${s.url}/api/v1/owner/subscribers.csv?q=example&status=confirmed&list=weekly-notes`, {
        headers: auth,
      });
      assert.equal(csv.status, 200);
      const lines = (await csv.text())
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.equal(lines.length, 2);
      assert.match(lines[1]!, /^bob@runners\.example,Robert Stone,weekly-notes,confirmed,/);
      const none = await fetch(`${s.url}/api/v1/owner/subscribers.csv?q=nobody`, { headers: auth });
      assert.equal(
        (await none.text()).replace(/^\uFEFF/, ''),
        'email,name,list,status,consent_text,consent_source,signed_up_at,confirmed_at,unsubscribed_at\r\n',
      );
    });

    test('bad input: 400 with fields, nothing written', async () => {
      const before = await subscribers(s.db);
      for (const [query, field] of [
        [`q=${'a'.repeat(255)}`, 'q'],
        ['q=a%0Ab', 'q'],
        ['status=gone', 'status'],
        [`list=${'x'.repeat(65)}`, 'list'],
      ] as const) {
        for (const path of ['/api/v1/owner/subscribers', '/api/v1/owner/subscribers.csv']) {
          const answer = await read(await fetch(`${s.url}${path}?${query}`, { headers: auth }));
          assert.equal(answer.status, 400, `${path}?${query.slice(0, 30)}`);
          assert.equal(answer.json.error.code, 'invalid_request');
          assert.ok(answer.json.error.fields?.[field], `${field}: ${answer.text}`);
        }
      }
      assert.deepEqual(await subscribers(s.db), before);
      assert.equal((await fetch(`${s.url}/api/v1/owner/subscribers?q=anna`)).status, 401);
    });
  });
}
