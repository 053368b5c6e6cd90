/**
 * ALTCHA proof of work (v2, `PBKDF2/SHA-256`), solved in the browser with WebCrypto: the same derivation as
 * altcha-lib 2.8 (`solveChallenge` with its PBKDF2 `deriveKey`): the password is the nonce's bytes followed by the
 * counter as a big-endian uint32, the salt the salt's bytes; the first counter whose derived key starts with
 * `keyPrefix` is the solution. Loaded on demand, only when the server asks for proof of work.
 */

/** A challenge as altcha-lib's `createChallenge` signs it (other parameters are carried along untouched). */
export interface AltchaChallenge {
  parameters: {
    algorithm: string;
    nonce: string;
    salt: string;
    cost: number;
    keyLength?: number;
    keyPrefix: string;
    [more: string]: unknown;
  };
  signature?: string;
}

/** A solution as altcha-lib's `solveChallenge` returns it. */
export interface AltchaSolution {
  counter: number;
  derivedKey: string;
  time: number;
}

const ALGORITHM = 'PBKDF2/SHA-256';
/** Counters tried at once (WebCrypto runs them off the main thread); the page gets the event loop between batches. */
const BATCH = 16;
/** Gives up beyond this counter (altcha-lib's deterministic challenges stay far below it). */
const MAX_COUNTER = 5_000_000;

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const unhex = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));

/** The derived key (lowercase hex) for one counter. */
export async function deriveKey(parameters: AltchaChallenge['parameters'], counter: number): Promise<string> {
  if (parameters.algorithm !== ALGORITHM) throw new Error(`Unsupported ALTCHA algorithm: ${parameters.algorithm}`);
  const nonce = unhex(parameters.nonce);
  const password = new Uint8Array(nonce.length + 4);
  password.set(nonce);
  new DataView(password.buffer).setUint32(nonce.length, counter, false);
  const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: unhex(parameters.salt), iterations: parameters.cost },
    key,
    (parameters.keyLength ?? 32) * 8,
  );
  return hex(new Uint8Array(bits));
}

/** Finds the lowest counter whose derived key starts with the challenge's key prefix. */
export async function solve(challenge: AltchaChallenge, signal?: AbortSignal): Promise<AltchaSolution> {
  const p = challenge.parameters;
  const prefix = String(p.keyPrefix).toLowerCase();
  if (!/^[0-9a-f]+$/.test(prefix)) throw new Error('Invalid ALTCHA key prefix');
  const start = performance.now();
  for (let counter = 0; counter < MAX_COUNTER; counter += BATCH) {
    signal?.throwIfAborted();
    const keys = await Promise.all(Array.from({ length: BATCH }, (_, i) => deriveKey(p, counter + i)));
    const i = keys.findIndex((k) => k.startsWith(prefix));
    if (i >= 0)
      return { counter: counter + i, derivedKey: keys[i]!, time: Math.floor((performance.now() - start) * 10) / 10 };
    await new Promise((r) => setTimeout(r));
  }
  throw new Error('ALTCHA challenge not solved');
}

/** True when the solution's key is the one derived for its counter and starts with the key prefix. */
export async function verify(challenge: AltchaChallenge, solution: AltchaSolution): Promise<boolean> {
  const key = await deriveKey(challenge.parameters, solution.counter);
  return key === solution.derivedKey && key.startsWith(String(challenge.parameters.keyPrefix).toLowerCase());
}

/** The `altcha` field the server expects: base64 of the JSON `{ challenge, solution }`. */
export function encodePayload(challenge: AltchaChallenge, solution: AltchaSolution): string {
  return btoa(
    Array.from(new TextEncoder().encode(JSON.stringify({ challenge, solution })), (b) => String.fromCharCode(b)).join(
      '',
    ),
  );
}

/** Its inverse (for tests). */
export function decodePayload(field: string): { challenge: AltchaChallenge; solution: AltchaSolution } {
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(field), (c) => c.charCodeAt(0)))) as {
    challenge: AltchaChallenge;
    solution: AltchaSolution;
  };
}

/** Solves a challenge and encodes the payload in one step. */
export async function solvePayload(challenge: AltchaChallenge, signal?: AbortSignal): Promise<string> {
  return encodePayload(challenge, await solve(challenge, signal));
}
