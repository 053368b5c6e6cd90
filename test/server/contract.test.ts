/**
 * One walk over every route of the HTTP contract on a real server, each answer checked against its schema by
 * support/contract.ts (which checks every answer of every server suite the same way); then every route must have
 * been seen with a success.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { seen, CONTRACT_ROUTES } from './support/contract.js';
import {
  ADMIN_TOKEN,
  bookingBody,
  getBooking,
  manage,
  postBooking,
  practiceJson,
  slotStart,
  startTestServer,
  type TestServer,
} from './support/booking.js';
import { dialectsUnderTest } from './support/databases.js';
import { formToken, SECRET, signupBody } from './newsletter/support.js';

const root = join(import.meta.dirname, '..', '..');
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

for (const dialect of dialectsUnderTest()) {
  describe(`the contract's schemas (${dialect})`, () => {
    let server: TestServer;
    let altcha: TestServer;
    let demo: TestServer;
    before(async () => {
      // The demo practice pins a link preview: a success of the preview routes with no outside fetch.
      // Its resolver answers nothing (no DNS from a test): "check my site" then answers that the site is unreachable.
      demo = await startTestServer(dialect, {
        args: ['--config', join(root, 'demo/practice.json')],
        previews: { resolver: () => Promise.reject(new Error('no DNS in this test')) },
      });
      server = await startTestServer(dialect, { env: { SOLEUS_SECRET: SECRET } });
      altcha = await startTestServer(dialect, { env: { SOLEUS_SECRET: SECRET, SOLEUS_ALTCHA: '1' } });
    });
    after(async () => {
      await server?.close();
      await altcha?.close();
      await demo?.close();
    });

    test('every route answers what its schema says, successes and errors alike', async () => {
      const url = server.url;
      const get = (path: string, headers: Record<string, string> = {}) => fetch(url + path, { headers });
      assert.equal((await get('/api/v1/health')).status, 200);
      assert.equal((await get('/api/v1/services')).status, 200);
      const day = slotStart(3).slice(0, 10);
      assert.equal((await get(`/api/v1/availability?service=s30&from=${day}&to=${day}`)).status, 200);
      assert.equal((await get(`/api/v1/availability?service=nope&from=${day}&to=${day}`)).status, 404);

      const made = await postBooking(url, bookingBody('s30', slotStart(3, 10), { notes: 'Left knee' }));
      assert.equal(made.status, 201, made.text);
      const clash = await postBooking(url, bookingBody('s30', slotStart(3, 10)));
      assert.equal(clash.status, 409, clash.text);
      const series = await postBooking(
        url,
        bookingBody('s60', slotStart(5, 12), {
          series: { everyWeeks: 1, count: 2 },
          client: { name: 'Bo', email: 'bo@example.com', phone: '+44 20 7946 0000' },
        }),
      );
      assert.equal(series.status, 201, series.text);
      const { id } = made.body.booking as { id: string };
      const token = made.body.manageToken as string;
      assert.equal((await getBooking(url, id, token)).status, 200);
      assert.equal((await getBooking(url, series.body.booking.id, series.body.manageToken)).status, 200);
      assert.equal((await getBooking(url, id, 'wrong')).status, 404);
      assert.equal((await get(`/api/v1/bookings/${id}/calendar.ics?token=${token}`)).status, 200);
      assert.equal((await manage(url, id, token, 'reschedule', { start: slotStart(4, 11) })).status, 200);
      assert.equal((await manage(url, id, token, 'reschedule', {})).status, 400);
      assert.equal((await manage(url, id, token, 'cancel')).status, 200);
      assert.equal((await get('/api/v1/owner/bookings', admin)).status, 200);
      assert.equal((await get('/api/v1/owner/bookings')).status, 401);
      const timeOff = (method: string, path = '', body?: unknown) =>
        fetch(`${url}/api/v1/owner/time-off${path}`, {
          method,
          headers: { ...admin, 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const away = await timeOff('POST', '', { start: `${day}T10:00`, end: `${day}T12:00`, reason: 'Dentist' });
      assert.equal(away.status, 201);
      const awayId = ((await away.json()) as { timeOff: { id: string } }).timeOff.id;
      assert.equal((await timeOff('POST', '', { start: `${day}T12:00`, end: `${day}T10:00` })).status, 400);
      assert.equal((await timeOff('GET')).status, 200);
      assert.equal((await timeOff('DELETE', `/${awayId}`)).status, 200);
      assert.equal((await timeOff('DELETE', `/${awayId}`)).status, 404);

      // The practice document: read, check (valid and not), replace, and a stale revision.
      const practiceCall = (method: string, path: string, body?: unknown) =>
        fetch(`${url}/api/v1/owner/practice${path}`, {
          method,
          headers: { ...admin, 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const stored = (await (await practiceCall('GET', '')).json()) as { revision: number };
      assert.equal((await practiceCall('POST', '/check', { practice: practiceJson() })).status, 200);
      assert.equal((await practiceCall('POST', '/check', { practice: { name: '' } })).status, 400);
      const replaced = { practice: practiceJson(), revision: stored.revision };
      assert.equal((await practiceCall('PUT', '', replaced)).status, 200);
      assert.equal((await practiceCall('PUT', '', replaced)).status, 409);

      // The owner's booking actions: one booking, a preview, cancel and its undo, move, a phone booking, attendance,
      // the calendar version and its event stream.
      const act = (path: string, body: unknown) =>
        fetch(`${url}/api/v1/owner${path}`, {
          method: 'POST',
          headers: { ...admin, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      const other = series.body.booking.id as string;
      assert.equal((await get(`/api/v1/owner/bookings/${other}`, admin)).status, 200);
      assert.equal((await get('/api/v1/owner/bookings/bk_none', admin)).status, 404);
      assert.equal((await act(`/bookings/${other}/cancel`, { preview: true })).status, 200);
      const cancelled = await act(`/bookings/${other}/cancel`, { message: 'Closed that day' });
      assert.equal(cancelled.status, 200);
      const undo = ((await cancelled.json()) as { action: { id: string } }).action.id;
      assert.equal((await act(`/actions/${undo}/undo`, {})).status, 200);
      assert.equal((await act(`/bookings/${other}/move`, { start: slotStart(6, 15) })).status, 200);
      assert.equal((await act(`/bookings/${other}/move`, { start: 'soon' })).status, 400);
      const phone = { serviceId: 's30', start: slotStart(6, 9), client: { name: 'By phone' } };
      assert.equal((await act('/bookings', { ...phone, preview: true })).status, 200);
      assert.equal((await act('/bookings', phone)).status, 201);
      assert.equal((await act(`/bookings/${other}/attendance`, { attendance: 'attended' })).status, 409);
      const [from, to] = [Date.now() - 2 * 3_600_000, Date.now() - 3_600_000]; // a session that has taken place
      await server.db
        .updateTable('bookings')
        .set({ start_ms: from, block_start_ms: from, end_ms: to, block_end_ms: to })
        .where('id', '=', other)
        .execute();
      assert.equal((await act(`/bookings/${other}/attendance`, { attendance: 'attended' })).status, 200);
      assert.equal((await get('/api/v1/owner/calendar-version', admin)).status, 200);
      const events = new AbortController();
      const stream = await fetch(`${url}/api/v1/owner/events`, { headers: admin, signal: events.signal });
      assert.equal(stream.status, 200);
      events.abort();

      assert.equal((await get('/api/v1/form-token')).status, 200);
      assert.equal((await get('/api/v1/form-token/altcha')).status, 404);
      assert.equal((await fetch(`${altcha.url}/api/v1/form-token/altcha`)).status, 200);
      const signup = (body: unknown) =>
        fetch(`${url}/api/v1/subscriptions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      assert.equal((await signup(signupBody('cleo@example.com', { t: formToken(), name: 'Cleo' }))).status, 202);
      assert.equal((await signup(signupBody('not an address'))).status, 400);
      const form = await fetch(`${url}/api/v1/subscriptions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'dee@example.com', consent: 'on', consentText: 'Yes please' }).toString(),
      });
      assert.equal(form.status, 200); // "press once more": no token
      assert.equal((await get('/api/v1/owner/subscribers', admin)).status, 200);
      assert.equal((await get('/api/v1/owner/subscribers?status=confirmed', admin)).status, 200);
      assert.equal((await get('/api/v1/owner/subscribers.csv', admin)).status, 200);
      const erase = (email: string) =>
        fetch(`${url}/api/v1/owner/subscribers/${encodeURIComponent(email)}`, { method: 'DELETE', headers: admin });
      assert.equal((await erase('cleo@example.com')).status, 200);
      assert.equal((await erase('cleo@example.com')).status, 404);

      // Comments: post (JSON and a plain form), list, edit, delete, the owner's routes and the export.
      const comment = (body: unknown) =>
        fetch(`${url}/api/v1/comments`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      const commented = await comment({
        thread: 'contract-thread',
        name: 'Cleo',
        body: 'Hello *there*',
        t: formToken(),
      });
      assert.equal(commented.status, 201);
      const { comment: posted, editToken } = (await commented.json()) as { comment: { id: string }; editToken: string };
      assert.equal((await comment({ thread: 'contract-thread', name: '', body: '' })).status, 400);
      const commentForm = await fetch(`${url}/api/v1/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ thread: 'contract-thread', name: 'Dee', body: 'No script here' }).toString(),
      });
      assert.equal(commentForm.status, 200); // "press once more": no token
      assert.equal((await get('/api/v1/owner/comments?status=pending', admin)).status, 200);
      const approve = await fetch(`${url}/api/v1/owner/comments/${posted.id}/approve`, {
        method: 'POST',
        headers: admin,
      });
      assert.equal(approve.status, 200);
      assert.equal((await get('/api/v1/comments?thread=contract-thread')).status, 200);
      const commentPreview = await fetch(`${url}/api/v1/comments/preview`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ body: 'A *draft*' }),
      });
      assert.equal(commentPreview.status, 200);
      const ownerReply = await fetch(`${url}/api/v1/owner/comments`, {
        method: 'POST',
        headers: { ...admin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ thread: 'contract-thread', parentId: posted.id, body: 'Thanks!' }),
      });
      assert.equal(ownerReply.status, 201);
      assert.equal((await get('/api/v1/owner/comments.json', admin)).status, 200);
      const ownerJson = { ...admin, 'Content-Type': 'application/json' };
      const trust = await fetch(`${url}/api/v1/owner/comment-addresses`, {
        method: 'POST',
        headers: ownerJson,
        body: JSON.stringify({ email: 'cleo@example.com', kind: 'trusted' }),
      });
      assert.equal(trust.status, 201);
      assert.equal((await get('/api/v1/owner/comment-addresses', admin)).status, 200);
      const untrust = await fetch(`${url}/api/v1/owner/comment-addresses/cleo%40example.com`, {
        method: 'DELETE',
        headers: admin,
      });
      assert.equal(untrust.status, 200);
      assert.equal((await get('/api/v1/owner/comment-threads', admin)).status, 200);
      const reopen = await fetch(`${url}/api/v1/owner/comment-threads/close`, {
        method: 'POST',
        headers: ownerJson,
        body: JSON.stringify({ thread: 'contract-thread', closed: false }),
      });
      assert.equal(reopen.status, 200);
      const byAuthor = { Authorization: `Bearer ${editToken}`, 'Content-Type': 'application/json' };
      const edit = await fetch(`${url}/api/v1/comments/${posted.id}`, {
        method: 'PATCH',
        headers: byAuthor,
        body: JSON.stringify({ body: 'Edited' }),
      });
      assert.equal(edit.status, 200);
      const remove = await fetch(`${url}/api/v1/comments/${posted.id}`, { method: 'DELETE', headers: byAuthor });
      assert.equal(remove.status, 200);
      assert.equal(
        (await fetch(`${url}/api/v1/comments/${posted.id}`, { method: 'DELETE', headers: byAuthor })).status,
        404,
      );

      const wait = (body: unknown) =>
        fetch(`${url}/api/v1/waitlist`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      const waitBody = { serviceId: 's30', day, timeZone: 'Europe/London', email: 'wes@example.com', consent: true };
      assert.equal((await wait({ ...waitBody, consentText: 'Tell me', t: formToken() })).status, 202);
      assert.equal((await wait({ ...waitBody, consentText: 'Tell me', email: 'nope' })).status, 400);
      const preview = (u: string) => fetch(`${demo.url}/api/v1/link-preview?url=${encodeURIComponent(u)}`);
      const hub = await preview('https://www.tcslondonmarathon.com/training');
      assert.equal(hub.status, 200);
      const { image } = (await hub.json()) as { image: { url: string } };
      assert.equal((await fetch(demo.url + image.url)).status, 200);
      assert.equal((await fetch(`${demo.url}/api/v1/link-preview/image/x.y`)).status, 404);
      assert.equal((await preview('not a url')).status, 400);
      assert.equal((await preview('http://169.254.169.254/latest/')).status, 422);
      assert.equal((await fetch(`${demo.url}/api/v1/link-preview`)).status, 400);
      // The owner's cache routes, over the pinned card (no outside fetch: a pinned card is never fetched).
      const owned = (method: string, path: string, body?: unknown) =>
        fetch(`${demo.url}/api/v1/owner/link-previews${path}`, {
          method,
          headers: { ...admin, ...(body ? { 'Content-Type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
      const hubUrl = 'https://www.tcslondonmarathon.com/training';
      assert.equal((await owned('GET', '')).status, 200);
      assert.equal((await owned('POST', '', { url: hubUrl })).status, 200);
      assert.equal((await owned('POST', '/refresh', { url: hubUrl })).status, 200);
      assert.equal((await owned('POST', '', { url: 'http://127.0.0.1/' })).status, 422);
      assert.equal((await owned('POST', '', { url: 'not a url' })).status, 400);
      assert.equal((await owned('DELETE', `?url=${encodeURIComponent(hubUrl)}`)).status, 200);
      assert.equal((await owned('DELETE', `?url=${encodeURIComponent(hubUrl)}`)).status, 404);
      const check = (body: unknown) =>
        fetch(`${demo.url}/api/v1/owner/check-site`, {
          method: 'POST',
          headers: { ...admin, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      assert.equal((await check({ url: 'https://site.test/' })).status, 200);
      assert.equal((await check({ url: 'http://10.0.0.1/' })).status, 422);
      assert.equal((await check({ url: 'not a url' })).status, 400);
      const insights = (query: string) => fetch(`${demo.url}/api/v1/owner/insights${query}`, { headers: admin });
      assert.equal((await insights('')).status, 200);
      assert.equal((await insights('?weeks=52')).status, 200);
      assert.equal((await insights('?weeks=2')).status, 400);

      // Conventions: unknown route, wrong method, not JSON, malformed JSON.
      assert.equal((await get('/api/v1/nothing-here')).status, 404);
      assert.equal((await fetch(`${url}/api/v1/services`, { method: 'DELETE' })).status, 405);
      const notJson = await fetch(`${url}/api/v1/bookings`, {
        method: 'POST',
        body: 'x',
        headers: { 'Content-Type': 'text/plain' },
      });
      assert.equal(notJson.status, 415);
    });

    test('every route of the contract was seen with a success', () => {
      const missing = CONTRACT_ROUTES.filter(
        (route) =>
          ![...seen.keys()].some((key) => key.startsWith(`${route.name} `) && Number(key.split(' ').pop()) < 400),
      ).map((route) => route.name);
      assert.deepEqual(missing, []);
    });
  });
}
