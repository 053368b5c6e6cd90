import { expect } from '@open-wc/testing';
import {
  decodePayload,
  deriveKey,
  encodePayload,
  solve,
  verify,
  type AltchaChallenge,
} from '../../../src/core/altcha.js';
import { $, settle, submit, tick, type, until, widget } from './helpers.js';

/** Made by altcha-lib 2.8.0 in Node (createChallenge with counter 21, then solveChallenge): an independent check of the derivation. */
const FROM_ALTCHA_LIB = {
  challenge: {
    parameters: {
      algorithm: 'PBKDF2/SHA-256',
      cost: 50,
      keyLength: 32,
      keyPrefix: 'a567b55000e45e639199bb1ce0af67e5',
      keySignature: 'cef8b5bc595ddf89a19ecbbb155a5e7d541095ef7ae09e5fe5a115d9f04700d7',
      nonce: 'da6bff9a63b13fb7745aa768b2ac328f',
      salt: '5fd36776fa0f5f164d94e85fea4cb6e6',
    },
    signature: '5f268b657a1f1da164b428ebafb5cb61b5d74526870ad197dd25c5f15a963255',
  },
  solution: { counter: 21, derivedKey: 'a567b55000e45e639199bb1ce0af67e5cc9c1a373b762d6fe4357c420b71aa3f' },
};

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** A fixture challenge made like the server's (deterministic mode: the key prefix is half the key for a known counter). */
async function fixtureChallenge(counter: number): Promise<AltchaChallenge> {
  const parameters = {
    algorithm: 'PBKDF2/SHA-256',
    cost: 50,
    expiresAt: Math.floor(Date.now() / 1000) + 600,
    keyLength: 32,
    keyPrefix: '',
    nonce: hex(crypto.getRandomValues(new Uint8Array(16))),
    salt: hex(crypto.getRandomValues(new Uint8Array(16))),
  };
  parameters.keyPrefix = (await deriveKey(parameters, counter)).slice(0, 32);
  return { parameters, signature: 'signed-by-the-server' };
}

interface Call {
  method: string;
  url: string;
  body?: Record<string, unknown>;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The server with proof of work on: form-token names the challenge endpoint (or carries the challenge), which `challenge()` answers. */
function stubServer(challenge: () => Promise<AltchaChallenge>, inline = false) {
  const calls: Call[] = [];
  const real = window.fetch;
  let tokens = 0;
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = init.method ?? 'GET';
    calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
    if (url.endsWith('/api/v1/form-token'))
      return json(200, {
        token: `token-${++tokens}`,
        altcha: inline ? await challenge() : '/api/v1/form-token/altcha',
      });
    if (url.endsWith('/api/v1/form-token/altcha')) return json(200, await challenge());
    if (url.endsWith('/api/v1/subscriptions') && method === 'POST') return json(202, { status: 'pending' });
    return json(404, { error: { code: 'not_found', message: 'Not found' } });
  };
  return { calls, posts: () => calls.filter((c) => c.method === 'POST'), restore: () => (window.fetch = real) };
}

describe('ALTCHA proof of work (internal/altcha)', () => {
  it('derives the same key as altcha-lib and finds its counter', async () => {
    const { challenge, solution } = FROM_ALTCHA_LIB;
    expect(await deriveKey(challenge.parameters, 21)).to.equal(solution.derivedKey);
    const found = await solve(challenge);
    expect(found.counter).to.equal(21);
    expect(found.derivedKey).to.equal(solution.derivedKey);
    expect(await verify(challenge, found)).to.equal(true);
    expect(await verify(challenge, { ...found, counter: 20 })).to.equal(false);
  });

  it('encodes the payload as the server reads it: base64 of JSON { challenge, solution }', async () => {
    const { challenge } = FROM_ALTCHA_LIB;
    const solution = await solve(challenge);
    const field = encodePayload(challenge, solution);
    expect(JSON.parse(atob(field))).to.deep.equal({ challenge, solution });
    expect(decodePayload(field)).to.deep.equal({ challenge, solution });
  });

  it('refuses an algorithm it does not implement', async () => {
    const challenge = { parameters: { ...FROM_ALTCHA_LIB.challenge.parameters, algorithm: 'ARGON2ID' } };
    let error: unknown;
    await solve(challenge).catch((e) => (error = e));
    expect(String(error)).to.match(/Unsupported ALTCHA algorithm/);
  });
});

describe('<soleus-newsletter-signup> with proof of work', () => {
  let server: ReturnType<typeof stubServer>;
  afterEach(() => server?.restore());

  it('solves the challenge in the background and sends the payload as altcha; the solution verifies', async () => {
    const challenge = await fixtureChallenge(37);
    server = stubServer(async () => challenge);
    const el = await widget();
    await until(() => server.calls.length === 2, 'the challenge request');
    expect(server.calls.map((c) => `${c.method} ${c.url}`)).to.deep.equal([
      `GET ${location.origin}/api/v1/form-token`,
      `GET ${location.origin}/api/v1/form-token/altcha`,
    ]);
    await settle(300);
    // Nothing shows while it solves.
    expect($(el, '[role="status"]').textContent).to.equal('');
    expect($(el, 'button[part~="button"]').getAttribute('part')).to.equal('button ');
    type(el, '#email', 'ann@example.com');
    tick(el);
    submit(el);
    await until(() => server.posts().length === 1, 'the POST');
    const body = server.posts()[0]!.body!;
    expect(body.t).to.equal('token-1');
    const payload = decodePayload(body.altcha as string);
    expect(payload.challenge).to.deep.equal(challenge);
    expect(payload.solution.counter).to.equal(37);
    expect(await verify(challenge, payload.solution)).to.equal(true);
    // The next signup gets a new token and a new challenge (a payload is spent once).
    await until(() => server.calls.filter((c) => c.url.endsWith('/altcha')).length === 2, 'a second challenge');
  });

  it('pressed before it is solved: the button stays busy until it is, then sends', async () => {
    const challenge = await fixtureChallenge(5);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    server = stubServer(async () => (await held, challenge));
    const el = await widget();
    type(el, '#email', 'ann@example.com');
    tick(el);
    submit(el);
    await settle(200);
    expect(server.posts()).to.have.length(0);
    expect($(el, 'button[part~="button"]').getAttribute('part')).to.equal('button busy');
    expect($(el, 'button[part~="button"]').getAttribute('aria-disabled')).to.equal('true');
    release();
    await until(() => server.posts().length === 1, 'the POST once solved');
    const payload = decodePayload(server.posts()[0]!.body!.altcha as string);
    expect(await verify(challenge, payload.solution)).to.equal(true);
  });

  it('also takes the challenge itself in the form-token answer', async () => {
    const challenge = await fixtureChallenge(3);
    server = stubServer(async () => challenge, true);
    const el = await widget();
    type(el, '#email', 'ann@example.com');
    tick(el);
    submit(el);
    await until(() => server.posts().length === 1, 'the POST');
    expect(server.calls.some((c) => c.url.endsWith('/altcha'))).to.equal(false);
    const payload = decodePayload(server.posts()[0]!.body!.altcha as string);
    expect(payload.solution.counter).to.equal(3);
    expect(await verify(challenge, payload.solution)).to.equal(true);
  });
});
