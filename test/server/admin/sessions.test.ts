/**
 * Owner sessions, per dialect: 12 h idle and 30 days at most (a moved clock), the sessions list, ending one, sign-out
 * and sign-out-everywhere, the Origin check on cookie-borne writes (403 cross_site and nothing done; same-origin and
 * the bearer token unaffected), and every `/api/v1/owner/<x>` also served at `/admin/api/<x>`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialectsUnderTest } from '../support/databases.js';
import { ADMIN, asOwner, signIn, startAdminServer, type AdminServer } from './support.js';

const HOUR = 3_600_000;
const bearer = { Authorization: `Bearer ${ADMIN}` };

for (const dialect of dialectsUnderTest()) {
  describe(`owner sessions (${dialect})`, () => {
    let s: AdminServer;
    before(async () => {
      s = await startAdminServer(dialect);
    });
    after(async () => {
      await s?.close();
    });
    // A fresh rate-limit window for each sign-in.
    const fresh = async () => {
      s.clock.ms += 11 * 60_000;
      return signIn(s);
    };

    test('12 hours without use ends a session; use keeps it going', async () => {
      const cookie = await fresh();
      s.clock.ms += 11 * HOUR;
      assert.equal((await asOwner(s, cookie, 'GET', '/admin/api/session')).status, 200);
      s.clock.ms += 11 * HOUR;
      assert.equal((await asOwner(s, cookie, 'GET', '/admin/api/session')).status, 200, 'used 11 h ago');
      s.clock.ms += 12 * HOUR + 1_000;
      assert.equal((await asOwner(s, cookie, 'GET', '/admin/api/session')).status, 401, 'idle 12 h');
      assert.equal((await asOwner(s, cookie, 'GET', '/admin/api/bookings')).status, 401);
    });

    test('30 days after sign-in a session ends, however much it is used', async () => {
      const cookie = await fresh();
      const started = s.clock.ms;
      const me = await asOwner(s, cookie, 'GET', '/admin/api/session');
      assert.equal(Date.parse(me.json.session.createdAt), started);
      while (s.clock.ms + 11 * HOUR < started + 30 * 24 * HOUR) {
        s.clock.ms += 11 * HOUR;
        assert.equal((await asOwner(s, cookie, 'GET', '/admin/api/session')).status, 200);
      }
      s.clock.ms = started + 30 * 24 * HOUR;
      assert.equal((await asOwner(s, cookie, 'GET', '/admin/api/session')).status, 401);
    });

    test('the sessions list; ending one; sign-out; sign-out-everywhere', async () => {
      const a = await fresh();
      const b = await fresh();
      const c = await fresh();
      const list = await asOwner(s, a, 'GET', '/admin/api/sessions');
      assert.equal(list.status, 200);
      assert.equal(list.json.sessions.length, 3);
      assert.equal(list.json.sessions.filter((x: { current: boolean }) => x.current).length, 1);
      const other = list.json.sessions.find((x: { current: boolean }) => !x.current);
      for (const key of ['id', 'createdAt', 'lastSeenAt', 'expiresAt', 'method', 'userAgent', 'current'])
        assert.ok(key in other, key);

      const ended = await asOwner(s, a, 'POST', `/admin/api/sessions/${other.id}/end`);
      assert.deepEqual(ended.json, { ended: true });
      assert.equal((await asOwner(s, a, 'GET', '/admin/api/sessions')).json.sessions.length, 2);
      assert.equal((await asOwner(s, a, 'POST', '/admin/api/sessions/nope/end')).status, 404);

      const out = await asOwner(s, a, 'POST', '/admin/api/sign-out');
      assert.equal(out.status, 200);
      assert.equal((await asOwner(s, a, 'GET', '/admin/api/session')).status, 401);

      const left: string[] = [];
      for (const cookie of [b, c])
        if ((await asOwner(s, cookie, 'GET', '/admin/api/session')).status === 200) left.push(cookie);
      assert.equal(left.length, 1, 'one of b and c was ended above');
      left.push(await fresh());
      const everywhere = await asOwner(s, left[0]!, 'POST', '/admin/api/sign-out-everywhere');
      assert.equal(everywhere.status, 200);
      assert.match(everywhere.headers.getSetCookie().join(), /soleus_session=;/);
      for (const cookie of left) assert.equal((await asOwner(s, cookie, 'GET', '/admin/api/session')).status, 401);
    });

    test('a cookie-borne write from another site is 403 cross_site and does nothing', async () => {
      const cookie = await fresh();
      for (const headers of [
        { Origin: 'https://evil.example' },
        { Origin: 'null' },
        {}, // no Origin and no Sec-Fetch-Site
        { 'Sec-Fetch-Site': 'cross-site' },
      ] as Record<string, string>[]) {
        const response = await fetch(`${s.url}/admin/api/sign-out`, {
          method: 'POST',
          headers: { Cookie: cookie, ...headers },
        });
        assert.equal(response.status, 403, JSON.stringify(headers));
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'cross_site');
      }
      const erase = await fetch(`${s.url}/admin/api/subscribers/${encodeURIComponent('a@example.com')}`, {
        method: 'DELETE',
        headers: { Cookie: cookie, Origin: 'https://evil.example' },
      });
      assert.equal(erase.status, 403);
      assert.equal((await asOwner(s, cookie, 'GET', '/admin/api/session')).status, 200, 'still signed in');
      // Same origin by Sec-Fetch-Site, without Origin: allowed.
      const ok = await fetch(`${s.url}/admin/api/sign-out`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' },
      });
      assert.equal(ok.status, 200);
    });

    test("the console's writes (cancel, move, add, time off, the practice) from another site: 403 cross_site, nothing written", async () => {
      const cookie = await fresh();
      const before = await s.db
        .selectFrom('bookings')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      const writes: [string, string, unknown][] = [
        ['POST', '/admin/api/bookings', { serviceId: 'x', start: '2030-01-07T10:00', client: { name: 'Evil' } }],
        ['POST', '/admin/api/bookings/bk_any/cancel', {}],
        ['POST', '/admin/api/bookings/bk_any/move', { start: '2030-01-07T10:00' }],
        ['POST', '/admin/api/bookings/bk_any/attendance', { attendance: 'no_show' }],
        ['POST', '/admin/api/actions/ac_any/undo', {}],
        ['POST', '/admin/api/time-off', { start: '2030-01-07T09:00', end: '2030-01-07T17:00' }],
        ['PUT', '/admin/api/practice', { practice: {}, revision: 1 }],
      ];
      for (const [method, path, body] of writes) {
        const response = await fetch(`${s.url}${path}`, {
          method,
          headers: { Cookie: cookie, Origin: 'https://evil.example', 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        assert.equal(response.status, 403, path);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'cross_site', path);
      }
      const after = await s.db
        .selectFrom('bookings')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      assert.equal(Number(after!.n), Number(before!.n));
      assert.equal(
        Number(
          (await s.db
            .selectFrom('time_off')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst())!.n,
        ),
        0,
      );
      // An ended session: the same routes answer 401, as JSON.
      await asOwner(s, cookie, 'POST', '/admin/api/sign-out');
      const ended = await asOwner(s, cookie, 'GET', '/admin/api/calendar-version');
      assert.equal(ended.status, 401);
    });

    test('the bearer token is not checked for Origin', async () => {
      const cookie = await fresh();
      const response = await fetch(`${s.url}/api/v1/owner/comments`, {
        method: 'POST',
        headers: { ...bearer, Cookie: cookie, Origin: 'https://evil.example', 'Content-Type': 'application/json' },
        body: JSON.stringify({}),
      });
      assert.notEqual(response.status, 403);
      assert.notEqual(response.status, 401);
    });

    test('every /api/v1/owner/<x> is also /admin/api/<x>, with either credential', async () => {
      const cookie = await fresh();
      const from = new Date(s.clock.ms).toISOString().slice(0, 10);
      for (const path of [`/bookings?from=${from}`, '/subscribers', '/comments', '/comments.json']) {
        const byBearer = await asOwner(s, '', 'GET', `/api/v1/owner${path}`, bearer);
        assert.equal(byBearer.status, 200, path);
        const byCookie = await asOwner(s, cookie, 'GET', `/admin/api${path}`);
        assert.equal(byCookie.status, 200, path);
        assert.deepEqual(byCookie.json, byBearer.json, path);
        assert.equal(
          (await asOwner(s, '', 'GET', `/admin/api${path}`, bearer)).status,
          200,
          `bearer at /admin/api${path}`,
        );
        assert.equal(
          (await asOwner(s, cookie, 'GET', `/api/v1/owner${path}`)).status,
          200,
          `cookie at /api/v1/owner${path}`,
        );
      }
      for (const path of ['/admin/api/bookings', '/api/v1/owner/bookings']) {
        const none = await asOwner(s, 'soleus_session=not-a-session', 'GET', path);
        assert.equal(none.status, 401);
        assert.equal(none.json.error.code, 'unauthorized');
        assert.equal(none.headers.get('www-authenticate'), 'Bearer');
      }
    });
  });
}
