/**
 * The owner's link-preview routes, per dialect: every cached card with what it shows and where it stands in the
 * cache, "preview a new URL" through the same address rules as visitors' cards (400 malformed, 422 url_not_allowed,
 * each with the message on `fields.url` and nothing written), refresh (fetched again now), remove (the row and the
 * images only it used), 401 without the token. The fixture site needs a "public" address, so this file runs in a
 * network namespace of its own (test/support/netns.ts); no packet leaves it.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { enterNetworkNamespace, PUBLIC_ADDRESS } from '../../support/netns.js';
import { dialectsUnderTest } from '../support/databases.js';
import { ADMIN_TOKEN as ADMIN, startTestServer, type TestServer } from '../support/booking.js';
import '../support/contract.js'; // every answer is checked against the contract's schemas
import { read } from '../newsletter/support.js';

await enterNetworkNamespace();

const hits = new Map<string, number>();
const titles = new Map<string, string>();
/** A photo of its own per page (thumbnails are keyed by content: pages sharing one would share the image). */
const photo = (name: string) => {
  const n = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 0xffffff, 7);
  return sharp({ create: { width: 1200, height: 630, channels: 3, background: `#${n.toString(16).padStart(6, '0')}` } })
    .jpeg()
    .toBuffer();
};
const site = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  if (path.startsWith('/photo/')) {
    void photo(path).then((bytes) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes));
    return;
  }
  if (path.startsWith('/page/')) {
    const name = path.slice(6);
    const html = `<!doctype html><html lang="en"><head><title>${titles.get(name) ?? `Page ${name}`}</title>
<meta property="og:description" content="About ${name}."><meta property="og:site_name" content="Fixture site">
<meta property="og:image" content="/photo/${name}.jpg"><meta property="og:image:alt" content="A green square">
</head><body></body></html>`;
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  }
  res.writeHead(404).end();
});
await new Promise<void>((resolve) => site.listen(80, PUBLIC_ADDRESS, resolve));
after(() => new Promise<void>((resolve) => site.close(() => resolve())));

const pub = (path: string) => `http://${PUBLIC_ADDRESS}${path}`;
const auth = { Authorization: `Bearer ${ADMIN}` };

for (const dialect of dialectsUnderTest()) {
  describe(`owner link-preview routes (${dialect}, in a network namespace)`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(dialect); // its practice file limits no hosts
    });
    after(async () => {
      await s?.close();
    });

    const call = async (method: string, path = '', body?: unknown, headers: Record<string, string> = auth) =>
      read(
        await fetch(`${s.url}/api/v1/owner/link-previews${path}`, {
          method,
          headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    const rows = async () => ({
      previews: (await s.db.selectFrom('link_previews').select('url').execute()).length,
      images: (await s.db.selectFrom('link_preview_images').select('key').execute()).length,
    });

    test('401 without or with a wrong token', async () => {
      for (const headers of [{}, { Authorization: 'Bearer wrong-token-0123456789' }] as Record<string, string>[]) {
        assert.equal((await call('GET', '', undefined, headers)).status, 401);
        assert.equal((await call('POST', '', { url: pub('/page/x') }, headers)).status, 401);
        assert.equal((await call('POST', '/refresh', { url: pub('/page/x') }, headers)).status, 401);
        assert.equal(
          (await call('DELETE', `?url=${encodeURIComponent(pub('/page/x'))}`, undefined, headers)).status,
          401,
        );
      }
      assert.equal(hits.get(`/page/x`), undefined, 'nothing fetched');
      // The console's prefix answers the same without a session cookie.
      assert.equal((await fetch(`${s.url}/admin/api/link-previews`)).status, 401);
    });

    test('an empty cache lists nothing', async () => {
      const list = await call('GET');
      assert.equal(list.status, 200);
      assert.deepEqual(list.json, { previews: [] });
    });

    test('preview a new URL: fetched through the rules, cached, listed with what its card shows', async () => {
      const url = pub(`/page/${dialect}-a`);
      const made = await call('POST', '', { url });
      assert.equal(made.status, 200, made.text);
      const p = made.json.preview;
      assert.equal(p.url, url);
      assert.equal(p.finalUrl, url);
      assert.equal(p.status, 'ok');
      assert.equal(p.title, `Page ${dialect}-a`);
      assert.equal(p.description, `About ${dialect}-a.`);
      assert.equal(p.siteName, 'Fixture site');
      assert.equal(p.image.alt, 'A green square');
      assert.match(p.image.url, /^\/api\/v1\/link-preview\/image\/[\w-]+\.[\w-]+$/);
      assert.equal(p.pinned, false);
      const fetched = Date.parse(p.fetchedAt);
      // Fresh 24 h from when it was written (a moment after `fetchedAt`), then 7 days stale.
      const fresh = Date.parse(p.freshUntil) - fetched;
      assert.ok(fresh >= 24 * 3_600_000 && fresh < 24 * 3_600_000 + 10_000, `fresh for ${fresh} ms`);
      assert.equal(Date.parse(p.expiresAt) - Date.parse(p.freshUntil), 7 * 24 * 3_600_000);
      assert.equal(hits.get(`/page/${dialect}-a`), 1);
      // The image is this server's, encoded on its first request.
      const image = await fetch(s.url + p.image.url);
      assert.equal(image.status, 200);
      assert.equal(image.headers.get('content-type'), 'image/webp');

      // Asked again: the cache answers, the site is not asked.
      const again = await call('POST', '', { url });
      assert.equal(again.status, 200);
      assert.equal(again.json.preview.fetchedAt, p.fetchedAt);
      assert.equal(hits.get(`/page/${dialect}-a`), 1);

      const list = await call('GET');
      assert.equal(list.status, 200);
      assert.deepEqual(list.json.previews, [p]);
    });

    test('bad input: 400 malformed, 422 url_not_allowed, each with fields.url; nothing written or fetched', async () => {
      const before = await rows();
      const bad: Array<[unknown, number, string]> = [
        [{ url: 'not a url' }, 400, 'invalid_request'],
        [{ url: 'ftp://example.com/file' }, 422, 'url_not_allowed'],
        [{ url: 'http://127.0.0.1/admin' }, 422, 'url_not_allowed'],
        [{ url: 'http://10.0.0.1/' }, 422, 'url_not_allowed'],
        [{ url: 'http://169.254.169.254/latest/meta-data/' }, 422, 'url_not_allowed'],
        [{ url: `http://${PUBLIC_ADDRESS}:8080/page/x` }, 422, 'url_not_allowed'],
        [{ url: 'http://user:pw@example.com/' }, 422, 'url_not_allowed'],
        [{ url: 'http://localhost/' }, 422, 'url_not_allowed'],
        [{}, 400, 'invalid_request'],
        [{ url: 42 }, 400, 'invalid_request'],
        [{ url: '' }, 400, 'invalid_request'],
        [{ url: `https://example.com/${'a'.repeat(2100)}` }, 400, 'invalid_request'],
      ];
      for (const [body, status, code] of bad) {
        for (const path of ['', '/refresh']) {
          const answer = await call('POST', path, body);
          assert.equal(answer.status, status, `${path} ${JSON.stringify(body).slice(0, 80)}: ${answer.text}`);
          assert.equal(answer.json.error.code, code);
          assert.ok(
            answer.json.error.fields?.url,
            `a message beside the field for ${JSON.stringify(body).slice(0, 60)}`,
          );
          assert.ok(answer.json.error.message.length > 10);
        }
      }
      const refusal = await call('POST', '', { url: 'http://127.0.0.1/admin' });
      assert.match(refusal.json.error.fields.url, /^This address cannot be previewed\. /);
      assert.deepEqual(await rows(), before);
      assert.equal(hits.get('/page/x'), undefined);
      // DELETE: no url, an empty one → 400; one not cached → 404; nothing removed.
      assert.equal((await call('DELETE')).status, 400);
      assert.equal((await call('DELETE', '?url=')).status, 400);
      const unknown = await call('DELETE', `?url=${encodeURIComponent(pub('/page/never'))}`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.error.code, 'not_found');
      assert.deepEqual(await rows(), before);
    });

    test('refresh fetches again now, even while fresh, and answers the new card', async () => {
      const name = `${dialect}-b`;
      const url = pub(`/page/${name}`);
      const first = await call('POST', '', { url });
      assert.equal(first.status, 200);
      titles.set(name, 'A new title');
      const refreshed = await call('POST', '/refresh', { url });
      assert.equal(refreshed.status, 200, refreshed.text);
      assert.equal(refreshed.json.preview.title, 'A new title');
      assert.ok(Date.parse(refreshed.json.preview.fetchedAt) >= Date.parse(first.json.preview.fetchedAt));
      assert.equal(hits.get(`/page/${name}`), 2);
      // Visitors see the new card too.
      const visitor = await read(await fetch(`${s.url}/api/v1/link-preview?url=${encodeURIComponent(url)}`));
      assert.equal(visitor.json.title, 'A new title');
      const listed = (await call('GET')).json.previews.find((p: { url: string }) => p.url === url);
      assert.equal(listed.title, 'A new title');
    });

    test('remove: the row and the images only it used go, the other previews stay', async () => {
      const keep = pub(`/page/${dialect}-a`);
      const url = pub(`/page/${dialect}-c`);
      const made = await call('POST', '', { url });
      assert.equal(made.status, 200);
      const imageUrl = made.json.preview.image.url as string;
      const before = await rows();
      const gone = await call('DELETE', `?url=${encodeURIComponent(url)}`);
      assert.equal(gone.status, 200, gone.text);
      assert.equal(gone.json.removed, true);
      assert.equal(gone.json.url, url);
      assert.equal(gone.json.images, 1);
      assert.match(gone.json.message, /^Removed the preview of /);
      assert.deepEqual(await rows(), { previews: before.previews - 1, images: before.images - 1 });
      assert.equal((await fetch(s.url + imageUrl)).status, 404);
      const urls = (await call('GET')).json.previews.map((p: { url: string }) => p.url);
      assert.ok(!urls.includes(url));
      assert.ok(urls.includes(keep), 'the other previews stay');
      assert.equal((await call('DELETE', `?url=${encodeURIComponent(url)}`)).status, 404);
    });
  });
}
