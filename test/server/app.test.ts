import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import * as z from 'zod';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/server/db/schema.js';
import { createApp, type AppOptions } from '../../src/server/app.js';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../src/server/db/index.js';
import { createMailer } from '../../src/server/mail/mailer.js';
import { validate } from '../../src/server/http/validate.js';
import { dialectsUnderTest, freshDatabase, type TestDatabase } from './support/databases.js';
import { demoPractice } from './support/practice.js';
import { checked } from './support/contract.js';

const version = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

for (const dialect of dialectsUnderTest()) {
  describe(`app (${dialect})`, () => {
    let target: TestDatabase;
    let open: OpenDatabase;
    let dirs: { root: string; demo: string; dist: string };
    const logged: unknown[] = [];

    const make = (overrides: Partial<AppOptions> = {}) => {
      const config = {
        allowedOrigins: ['https://blog.example.com'],
        publicUrl: 'https://book.example.com',
        production: false,
      };
      const app = checked(
        createApp({
          config,
          practice: demoPractice(),
          db: open.db,
          dialect: open.dialect,
          mailer: createMailer({ smtpUrl: undefined, db: open.db, production: false, from: 'test@example.com' }),
          ownOrigin: () => 'http://127.0.0.1:9999',
          paths: { demo: dirs.demo, dist: dirs.dist },
          logError: (_message, error) => logged.push(error),
          ...overrides,
        }),
      );
      const Body = z.object({
        client: z.object({ name: z.string().min(1), email: z.email() }),
        count: z.int().min(1).optional(),
        custom: z.string().min(3, { error: 'Say a bit more' }).optional(),
      });
      app.post('/api/v1/test-echo', validate('json', Body), (c) => c.json({ got: c.req.valid('json') }));
      app.get('/api/v1/test-boom', () => {
        throw new Error('database password is hunter2');
      });
      return app;
    };

    before(async () => {
      target = await freshDatabase(dialect);
      open = await openDatabase(target.url);
      await migrateToLatest(open.db, open.dialect, { where: open.where });
      const root = mkdtempSync(join(tmpdir(), 'soleus-static-'));
      dirs = { root, demo: join(root, 'demo'), dist: join(root, 'dist') };
      mkdirSync(join(dirs.dist, 'widgets', 'chunks'), { recursive: true });
      mkdirSync(join(dirs.dist, 'chunks'), { recursive: true });
      mkdirSync(dirs.demo, { recursive: true });
      writeFileSync(join(dirs.dist, 'soleus.js'), 'export const soleus = 1;\n');
      writeFileSync(join(dirs.dist, 'widgets', 'share-buttons.js'), 'export const share = 1;\n');
      writeFileSync(join(dirs.dist, 'widgets', 'chunks', 'lit-abc123.js'), 'export const lit = 1;\n');
      writeFileSync(join(dirs.dist, 'chunks', 'core-def456.js'), 'export const core = 1;\n');
      writeFileSync(join(dirs.root, 'secret.txt'), 'top secret\n');
      writeFileSync(join(dirs.demo, 'style.css'), 'body { color: red }\n');
      writeFileSync(join(dirs.demo, 'practice.json'), '{"feedToken":"do-not-leak"}\n');
    });
    after(async () => {
      await open?.close();
      await target?.drop();
      rmSync(dirs.root, { recursive: true, force: true });
    });

    test('GET /api/v1/health answers after querying the database', async () => {
      const res = await make().request('/api/v1/health');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(await res.json(), { ok: true, version, db: dialect });
    });

    test('health is 503 db_unavailable when the database does not answer', async () => {
      // A database that never answers: PostgreSQL on a port nobody listens on.
      const dead = new Kysely<Database>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: 'postgres://x@127.0.0.1:1/x', connectionTimeoutMillis: 1000 }),
        }),
      });
      try {
        const res = await make({ db: dead }).request('/api/v1/health');
        assert.equal(res.status, 503);
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'db_unavailable');
        assert.ok(body.error.message.length > 0);
      } finally {
        await dead.destroy();
      }
    });

    test('malformed JSON is 400 invalid_json', async () => {
      const res = await make().request('/api/v1/test-echo', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"client": ',
      });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'invalid_json');
    });

    test('a body that is not JSON is 415 unsupported_media_type', async () => {
      for (const [type, body] of [
        ['text/plain', '{"client":{}}'],
        ['application/x-www-form-urlencoded', 'client=x'],
      ] as const) {
        const res = await make().request('/api/v1/test-echo', {
          method: 'POST',
          headers: { 'Content-Type': type },
          body,
        });
        assert.equal(res.status, 415, type);
        assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unsupported_media_type');
      }
    });

    test('valid JSON passes the shared validator', async () => {
      const res = await make().request('/api/v1/test-echo', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ client: { name: 'Ann', email: 'ann@example.com' } }),
      });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { got: { client: { name: 'Ann', email: 'ann@example.com' } } });
    });

    test('the validation hook answers 400 invalid_request with human field messages', async () => {
      const res = await make().request('/api/v1/test-echo', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ client: { email: 'nope' }, count: 'two', custom: 'ab' }),
      });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
      assert.equal(body.error.code, 'invalid_request');
      assert.ok(body.error.message.length > 0);
      assert.deepEqual(body.error.fields, {
        'client.name': 'This field is required',
        'client.email': 'Enter an email address like name@example.com',
        count: 'Expected a number',
        custom: 'Say a bit more',
      });
    });

    test('unknown /api routes are 404 JSON not_found', async () => {
      const res = await make().request('/api/v1/nope');
      assert.equal(res.status, 404);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
    });

    test('a wrong method is 405 JSON with Allow', async () => {
      const res = await make().request('/api/v1/health', { method: 'DELETE' });
      assert.equal(res.status, 405);
      assert.match(res.headers.get('allow') ?? '', /GET/);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'method_not_allowed');
    });

    test('a thrown error is 500 internal_error without details or stack, logged server-side', async () => {
      logged.length = 0;
      const res = await make().request('/api/v1/test-boom');
      assert.equal(res.status, 500);
      const text = await res.text();
      const body = JSON.parse(text) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'internal_error');
      assert.doesNotMatch(text, /hunter2|at .*\.ts|Error:/);
      assert.equal(logged.length, 1);
      assert.match(String((logged[0] as Error).message), /hunter2/);
    });

    test('security headers are set, with a strict CSP', async () => {
      for (const path of ['/api/v1/health', '/', '/dev/outbox']) {
        const res = await make().request(path);
        const csp = res.headers.get('content-security-policy') ?? '';
        assert.match(csp, /default-src 'self'/, path);
        assert.match(csp, /script-src 'self'(;|$)/, path);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
        assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN', path);
        assert.ok(res.headers.get('referrer-policy'), path);
        assert.equal(res.headers.get('x-powered-by'), null, path);
      }
    });

    test('CORS allows the listed origins, the public URL and its own origin, and nobody else', async () => {
      const app = make();
      for (const origin of ['https://blog.example.com', 'https://book.example.com', 'http://127.0.0.1:9999']) {
        const res = await app.request('/api/v1/health', { headers: { Origin: origin } });
        assert.equal(res.headers.get('access-control-allow-origin'), origin, origin);
        assert.equal(res.headers.get('access-control-allow-credentials'), null);
        assert.match(res.headers.get('vary') ?? '', /Origin/);
      }
      const denied = await app.request('/api/v1/health', { headers: { Origin: 'https://evil.example.net' } });
      assert.equal(denied.headers.get('access-control-allow-origin'), null);
      const preflight = await app.request('/api/v1/test-echo', {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://blog.example.com',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type, idempotency-key',
        },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://blog.example.com');
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
      const deniedPreflight = await app.request('/api/v1/test-echo', {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example.net', 'Access-Control-Request-Method': 'POST' },
      });
      assert.equal(deniedPreflight.headers.get('access-control-allow-origin'), null);
    });

    test("a real Node server sends the same security and CORS headers as app.request, and a handler's own header wins", async () => {
      // The headers reach Node's response directly on a real server and c.res in app.request: the two must agree.
      const app = make();
      const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
      await once(server, 'listening');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const ignored = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'etag']);
      const headersOf = (res: Response) =>
        Object.fromEntries(
          [...res.headers]
            .filter(([name]) => !ignored.has(name))
            .map(([name, value]) => [name, value.replace(/,\s*/g, ',')]),
        );
      try {
        const cases: [string, RequestInit][] = [
          ['/api/v1/health', {}],
          ['/api/v1/health', { headers: { Origin: 'https://blog.example.com' } }],
          ['/api/v1/health', { headers: { Origin: 'https://evil.example.net' } }],
          ['/api/v1/nothing-here', { headers: { Origin: 'https://blog.example.com' } }],
          ['/api/v1/health', { method: 'DELETE', headers: { Origin: 'https://blog.example.com' } }],
          [
            '/api/v1/test-echo',
            {
              method: 'OPTIONS',
              headers: { Origin: 'https://blog.example.com', 'Access-Control-Request-Method': 'POST' },
            },
          ],
          [
            '/api/v1/test-echo',
            {
              method: 'POST',
              headers: { Origin: 'https://blog.example.com', 'Content-Type': 'application/json' },
              body: '{',
            },
          ],
          ['/api/v1/test-boom', {}],
          ['/soleus.js', {}],
          ['/', {}],
          ['/demo/style.css', {}],
        ];
        for (const [path, init] of cases) {
          const viaNode = await fetch(base + path, init);
          const viaApp = await app.request(path, init);
          const label = `${init.method ?? 'GET'} ${path} ${JSON.stringify(init.headers ?? {})}`;
          assert.equal(viaNode.status, viaApp.status, label);
          assert.deepEqual(headersOf(viaNode), headersOf(viaApp), label);
          assert.equal(await viaNode.text(), await viaApp.text(), label);
          assert.match(viaNode.headers.get('content-security-policy') ?? '', /default-src 'self'/, label);
          if (path.startsWith('/api')) assert.match(viaNode.headers.get('vary') ?? '', /Origin/, label);
        }
        // The static file's own Cross-Origin-Resource-Policy replaces the default same-origin.
        assert.equal((await fetch(`${base}/soleus.js`)).headers.get('cross-origin-resource-policy'), 'cross-origin');
        assert.equal((await fetch(`${base}/api/v1/health`)).headers.get('cross-origin-resource-policy'), 'same-origin');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    test('static text files of 1 KiB or more go compressed to clients that accept it, each encoding with its own ETag', async () => {
      const app = make();
      const script = `export const widget = ${JSON.stringify('Soleus booking calendar '.repeat(200))};\n`;
      writeFileSync(join(dirs.dist, 'widgets', 'big-widget.js'), script);
      const plain = await app.request('/widgets/big-widget.js');
      assert.equal(plain.headers.get('content-encoding'), null);
      assert.equal(plain.headers.get('vary'), 'Accept-Encoding');
      assert.equal(await plain.text(), script);
      const tags = new Set([plain.headers.get('etag')]);
      for (const [accept, coding] of [
        ['gzip, deflate, br, zstd', 'br'],
        ['gzip', 'gzip'],
      ] as const) {
        const res = await app.request('/widgets/big-widget.js', { headers: { 'Accept-Encoding': accept } });
        assert.equal(res.status, 200, accept);
        assert.equal(res.headers.get('content-encoding'), coding, accept);
        assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8', accept);
        assert.equal(res.headers.get('access-control-allow-origin'), '*', accept);
        const bytes = Buffer.from(await res.arrayBuffer());
        assert.ok(bytes.length * 10 < Buffer.byteLength(script), `${accept}: ${bytes.length} B`);
        assert.equal(
          (coding === 'br' ? brotliDecompressSync(bytes) : gunzipSync(bytes)).toString('utf8'),
          script,
          accept,
        );
        const etag = res.headers.get('etag')!;
        assert.match(etag, /^"[A-Za-z0-9_-]{16,}"$/, accept);
        tags.add(etag);
        const again = await app.request('/widgets/big-widget.js', {
          headers: { 'Accept-Encoding': accept, 'If-None-Match': etag },
        });
        assert.equal(again.status, 304, accept);
        assert.equal(again.headers.get('etag'), etag, accept);
      }
      assert.equal(tags.size, 3, 'identity, br and gzip each have their own ETag');
      // Small files and images are sent as they are.
      const small = await app.request('/soleus.js', { headers: { 'Accept-Encoding': 'br' } });
      assert.equal(small.headers.get('content-encoding'), null);
      assert.equal(await small.text(), 'export const soleus = 1;\n');
    });

    test('static JS is served with type, ETag, cache headers, CORS, and 304 on If-None-Match', async () => {
      const app = make();
      const cases = [
        ['/soleus.js', 'export const soleus = 1;\n', 'public, max-age=86400, stale-while-revalidate=604800'],
        [
          '/widgets/share-buttons.js',
          'export const share = 1;\n',
          'public, max-age=86400, stale-while-revalidate=604800',
        ],
        ['/widgets/chunks/lit-abc123.js', 'export const lit = 1;\n', 'public, max-age=31536000, immutable'],
        ['/chunks/core-def456.js', 'export const core = 1;\n', 'public, max-age=31536000, immutable'],
      ] as const;
      for (const [path, content, cache] of cases) {
        const res = await app.request(path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8', path);
        assert.equal(res.headers.get('cache-control'), cache, path);
        assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
        assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin', path);
        assert.equal(await res.text(), content, path);
        const etag = res.headers.get('etag');
        assert.match(etag ?? '', /^"[A-Za-z0-9_-]{16,}"$/, path);
        const again = await app.request(path, { headers: { 'If-None-Match': etag! } });
        assert.equal(again.status, 304, path);
        assert.equal(again.headers.get('etag'), etag, path);
        assert.equal(await again.text(), '', path);
        const stale = await app.request(path, { headers: { 'If-None-Match': '"something-else"' } });
        assert.equal(stale.status, 200, path);
      }
      // A changed file gets a new ETag.
      const before = (await app.request('/soleus.js')).headers.get('etag');
      writeFileSync(join(dirs.dist, 'soleus.js'), 'export const soleus = 2; // changed\n');
      const changed = (await app.request('/soleus.js')).headers.get('etag');
      assert.notEqual(changed, before);
    });

    test('no directory traversal and no hidden files', async () => {
      const app = make();
      for (const path of [
        '/widgets/..%2f..%2fsecret.txt',
        '/widgets/%2e%2e/%2e%2e/secret.txt',
        '/widgets/..%5c..%5csecret.txt',
        '/chunks/..%2F..%2Fsecret.txt',
        '/demo/..%2fsecret.txt',
        '/demo/practice.json',
        '/widgets/',
        '/widgets/chunks',
      ]) {
        const res = await app.request(path);
        assert.equal(res.status, 404, path);
        assert.doesNotMatch(await res.text(), /top secret|do-not-leak/, path);
      }
    });

    test('/ serves demo/index.html when present, else a page saying to build', async () => {
      const app = make();
      const missing = await app.request('/');
      assert.equal(missing.status, 200);
      assert.match(await missing.text(), /Run npm run build/);
      writeFileSync(join(dirs.demo, 'index.html'), '<!doctype html><title>Jim</title>');
      const present = await app.request('/');
      assert.equal(present.status, 200);
      assert.match(present.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(await present.text(), '<!doctype html><title>Jim</title>');
      const css = await app.request('/demo/style.css');
      assert.equal(css.status, 200);
      assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    });

    test('the dev outbox lists stored mail, newest first, escaped', async () => {
      const app = make();
      const mailer = createMailer({ smtpUrl: undefined, db: open.db, production: false, from: 'test@example.com' });
      assert.equal(mailer.mode, 'outbox');
      const first = await mailer.send({ to: 'ann@example.com', subject: 'First <b>mail</b>', text: 'Hello & welcome' });
      assert.equal(first.status, 'stored');
      await mailer.send({
        to: 'bob@example.com',
        subject: 'Second mail',
        text: '<script>alert(1)</script>',
        html: '<p>Hi</p>',
        headers: { 'List-Unsubscribe': '<https://book.example.com/unsubscribe?token=t>' },
      });
      const res = await app.request('/dev/outbox');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      const html = await res.text();
      assert.ok(html.indexOf('Second mail') < html.indexOf('First &lt;b&gt;mail&lt;/b&gt;'), 'newest first');
      assert.ok(html.includes('Hello &amp; welcome'));
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(html.includes('bob@example.com'));
      assert.ok(html.includes('List-Unsubscribe'));
      assert.doesNotMatch(html, /<script/i);
      const css = await app.request('/dev/outbox.css');
      assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    });

    test('in production there is no dev outbox and mail without SMTP is refused, loudly', async () => {
      const warnings: string[] = [];
      const mailer = createMailer({
        smtpUrl: undefined,
        db: open.db,
        production: true,
        from: 'x@example.com',
        warn: (l) => warnings.push(l),
      });
      assert.equal(mailer.mode, 'disabled');
      const before = await open.db
        .selectFrom('mail_outbox')
        .select(({ fn }) => fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const result = await mailer.send({ to: 'ann@example.com', subject: 'Hello', text: 'x' });
      assert.equal(result.status, 'not_sent');
      const afterCount = await open.db
        .selectFrom('mail_outbox')
        .select(({ fn }) => fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n));
      assert.ok(warnings.some((w) => /SMTP_URL/.test(w)));
      assert.ok(warnings.some((w) => /NOT sent/.test(w)));
      const app = make({ config: { allowedOrigins: [], publicUrl: undefined, production: true }, mailer });
      const res = await app.request('/dev/outbox');
      assert.equal(res.status, 404);
    });
  });
}
