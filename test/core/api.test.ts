// The widgets' API client against real HTTP servers on loopback: the Soleus server itself for the
// contract's error shape, and small raw servers for the failures a visitor's network produces.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { request, call, ApiError, apiBase } from '../../src/core/api.js';
import { startServer } from '../../src/server/server.js';

async function rawServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const soleus = await startServer({ args: ['--host', '127.0.0.1', '--port', '0', '--db', 'sqlite::memory:'], env: {} });
after(() => soleus.close());

test('reads JSON from the real server', async () => {
  const health = await request<{ ok: boolean; db: string }>(soleus.url, 'GET', '/api/v1/health');
  assert.equal(health.ok, true);
  assert.equal(health.db, 'sqlite');
});

test("call() is typed by the contract and uses the route's method", async () => {
  const services = await call(soleus.url, 'GET /api/v1/services', '/api/v1/services');
  // The type comes from ServicesResponseSchema: practice.timeZone and each service's durationMinutes are known.
  assert.equal(typeof services.practice.timeZone, 'string');
  assert.ok(services.services.every((s) => typeof s.durationMinutes === 'number'));
  await assert.rejects(
    call(soleus.url, 'POST /api/v1/bookings', '/api/v1/bookings', { body: {} }),
    (error: unknown) => error instanceof ApiError && error.code === 'idempotency_key_required',
  );
});

test("turns the server's error body into an ApiError with its code and message", async () => {
  await assert.rejects(request(soleus.url, 'GET', '/api/v1/no-such-thing'), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 404);
    assert.equal(error.code, 'not_found');
    assert.ok(error.message.length > 10);
    return true;
  });
});

test('a refused connection becomes network_error with a sentence a visitor understands', async () => {
  const closed = await rawServer(() => {});
  await closed.close();
  await assert.rejects(request(closed.base, 'GET', '/x', { retry: false }), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'network_error');
    assert.equal(error.status, 0);
    assert.match(error.message, /connection/);
    return true;
  });
});

test('a server that never answers becomes timeout after the given time', async () => {
  const sockets = new Set<Socket>();
  const silent = createTcpServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  const started = Date.now();
  try {
    await assert.rejects(
      request(`http://127.0.0.1:${port}`, 'GET', '/x', { timeout: 300, retry: false }),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, 'timeout');
        return true;
      },
    );
    assert.ok(Date.now() - started < 5000);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  }
});

test('a read is retried once after a 5xx, a write is not', async () => {
  let calls = 0;
  const flaky = await rawServer((req, res) => {
    calls++;
    if (calls % 2 === 1) {
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'busy', message: 'Busy.' } }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method }));
    }
  });
  try {
    assert.deepEqual(await request(flaky.base, 'GET', '/x'), { method: 'GET' });
    assert.equal(calls, 2);
    calls = 0;
    await assert.rejects(request(flaky.base, 'POST', '/x', { body: { a: 1 } }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 'busy');
      assert.equal(error.status, 503);
      return true;
    });
    assert.equal(calls, 1);
  } finally {
    await flaky.close();
  }
});

test('sends JSON with its headers and a non-JSON error page still gives a clear ApiError', async () => {
  let seen: { type?: string; key?: string; body?: string; cookie?: string } = {};
  const echo = await rawServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen = {
        type: req.headers['content-type'],
        key: req.headers['idempotency-key'] as string,
        body,
        cookie: req.headers.cookie,
      };
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    });
  });
  try {
    await assert.rejects(
      request(echo.base, 'POST', '/book', { body: { name: 'Ana' }, headers: { 'Idempotency-Key': 'k-1' } }),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, 'http_502');
        assert.match(error.message, /502/);
        return true;
      },
    );
    assert.equal(seen.type, 'application/json');
    assert.equal(seen.key, 'k-1');
    assert.equal(seen.body, '{"name":"Ana"}');
    assert.equal(seen.cookie, undefined);
  } finally {
    await echo.close();
  }
});

test('apiBase: the api attribute wins, trailing slashes go, else the script origin', () => {
  assert.equal(apiBase('https://book.example.com/'), 'https://book.example.com');
  assert.equal(apiBase('  '), apiBase(null));
  assert.match(apiBase(null), /^file:|^null$|^https?:/);
});
