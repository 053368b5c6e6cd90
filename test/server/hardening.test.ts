/**
 * The Node server against clients that misbehave, on a real socket on 127.0.0.1: a slow client is cut off, an early
 * 413 says `Connection: close` (and the socket closes), and requests Node refuses itself still get the contract's
 * error shape.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { MAX_JSON_BYTES } from '../../src/server/http/body.js';
import { TIMEOUTS } from '../../src/server/server.js';
import { startTestServer, type TestServer } from './support/booking.js';

/** Opens a raw socket to the server; `read()` resolves with everything received once the server closes it. */
function rawClient(url: string): Promise<{ socket: Socket; closed: Promise<{ text: string; at: number }> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      const closed = new Promise<{ text: string; at: number }>((done) =>
        socket.on('close', () => done({ text: Buffer.concat(chunks).toString('utf8'), at: Date.now() })),
      );
      socket.on('error', () => {}); // a reset after the server gave up is expected
      resolve({ socket, closed });
    });
    socket.once('error', reject);
  });
}

const headersOf = (text: string) => text.slice(0, text.indexOf('\r\n\r\n')).toLowerCase();
const bodyOf = (text: string) => text.slice(text.indexOf('\r\n\r\n') + 4);

describe('the Node server against misbehaving clients', () => {
  let server: TestServer;
  let quick: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
    quick = await startTestServer('sqlite', { timeouts: { headersMs: 600, requestMs: 1_200, checkEveryMs: 100 } });
  });
  after(async () => {
    await server?.close();
    await quick?.close();
  });

  test('header and request time limits far below Node’s defaults, far above any real visitor', () => {
    assert.deepEqual(TIMEOUTS, { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 });
    assert.equal(server.server.httpServer.headersTimeout, 10_000);
    assert.equal(server.server.httpServer.requestTimeout, 30_000);
  });

  test('a client sending its headers byte by byte is cut off at the header limit, with a 408 in the error shape', async () => {
    const { socket, closed } = await rawClient(quick.url);
    const started = Date.now();
    const request = 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(200);
    let i = 0;
    const drip = setInterval(() => {
      if (socket.writable && i < request.length) socket.write(request[i++]!);
    }, 20);
    const { text, at } = await closed;
    clearInterval(drip);
    assert.ok(i < request.length, 'the server closed before the client finished its headers');
    assert.ok(at - started >= 500, `cut off after ${at - started} ms, not before the limit`);
    assert.ok(at - started < 3_000, `cut off after ${at - started} ms`);
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.match(headersOf(text), /connection: close/);
    assert.equal(JSON.parse(bodyOf(text)).error.code, 'request_timeout');
  });

  test('a client that sends its headers but never its body is cut off at the request limit', async () => {
    const { socket, closed } = await rawClient(quick.url);
    const started = Date.now();
    socket.write(
      'POST /api/v1/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    );
    const { at } = await closed;
    assert.ok(at - started >= 1_000 && at - started < 4_000, `cut off after ${at - started} ms`);
  });

  test('an early 413 says Connection: close, and the socket is closed after it', async () => {
    const { socket, closed } = await rawClient(server.url);
    socket.write(
      `POST /api/v1/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: k1\r\n` +
        `Connection: keep-alive\r\nContent-Length: ${MAX_JSON_BYTES * 4}\r\n\r\n{"notes":"`,
    );
    const { text } = await closed; // the server ends the connection itself: the test would time out otherwise
    assert.match(text, /^HTTP\/1\.1 413 /);
    assert.match(headersOf(text), /connection: close/);
    assert.doesNotMatch(headersOf(text), /keep-alive/);
    assert.equal(JSON.parse(bodyOf(text)).error.code, 'payload_too_large');
  });

  test('the same over fetch: a streamed body over the limit is 413 with Connection: close', async () => {
    const big = JSON.stringify({ notes: 'x'.repeat(MAX_JSON_BYTES + 10) });
    const res = await fetch(`${server.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k2' },
      body: big,
    });
    assert.equal(res.status, 413);
    assert.equal(res.headers.get('Connection'), 'close');
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'payload_too_large');
  });

  test('headers too large for Node get a 431 in the error shape', async () => {
    const res = await fetch(`${server.url}/api/v1/health`, { headers: { 'X-Big': 'b'.repeat(20_000) } });
    assert.equal(res.status, 431);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'headers_too_large');
  });
});
