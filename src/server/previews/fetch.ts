/**
 * The SSRF-safe fetcher for link previews (issue 13 §3).
 *
 * Built on node:http/node:https rather than undici/fetch: the `lookup` option of an http(s) request is the one
 * place the socket asks for an address, so pinning the checked address there (and checking `remoteAddress` on
 * connect) makes DNS rebinding between check and connect change nothing, while `Host`, SNI and certificate checks
 * still use the hostname. No dependency beyond address.ts (ipaddr.js) and url-rules.ts.
 *
 * Per hop: check the URL (url-rules.ts) → resolve with the injectable resolver → refuse if ANY address is not public
 * → connect only to the first checked address → read at most the cap → follow a redirect by starting again.
 * Never throws: every failure is `url_not_allowed` (we will not connect there) or `unavailable` (the site failed).
 */
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { checkAddress } from './address.js';
import {
  bareHostname,
  checkRedirect,
  checkUrl,
  effectivePort,
  type UrlRefusal,
  type UrlRulesOptions,
} from './url-rules.js';

/** One resolved address. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a hostname to every address it has. Injectable so tests can resolve names without DNS. */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The default resolver: the system's (`dns.lookup`, so /etc/hosts counts), every address, in its order. */
export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
    });
  });

/** The honest User-Agent: `Soleus-LinkPreview/<version> (+<public url>)`. */
export function previewUserAgent(version: string, publicUrl: string): string {
  return `Soleus-LinkPreview/${version} (+${publicUrl})`;
}

export const HTML_MAX_BYTES = 1024 * 1024;
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const CONNECT_TIMEOUT_MS = 3000;
export const TOTAL_TIMEOUT_MS = 8000;

/** Response facts handed to `onResponse` before the body is read. */
export interface ResponseInfo {
  readonly status: number;
  readonly contentType: string | null;
  readonly contentLength: number | null;
  readonly finalUrl: URL;
}

/** Options for one fetch. */
export interface SafeFetchOptions extends UrlRulesOptions {
  /** `html` caps at 1 MB and keeps what was read; `image` caps at 5 MB and fails beyond. */
  readonly kind: 'html' | 'image';
  /** Sent on every request; build it with previewUserAgent. */
  readonly userAgent: string;
  /** Default: systemResolver. */
  readonly resolver?: Resolver;
  readonly connectTimeoutMs?: number;
  readonly totalTimeoutMs?: number;
  /** Overrides the kind's cap. */
  readonly maxBytes?: number;
  /** Trust roots INSTEAD of Node's bundled ones (tests with a self-signed fixture); certificates are always verified. */
  readonly ca?: string | Buffer | Array<string | Buffer>;
  readonly acceptLanguage?: string;
  /** Decide from status and type whether to read the body; false ends the fetch as `unavailable`. */
  readonly onResponse?: (info: ResponseInfo) => boolean;
  /** Streams the (decoded) body; return true to stop reading (the HTML parser has seen `</head>`). */
  readonly onChunk?: (chunk: Buffer) => boolean;
}

/** A fetched resource. */
export interface FetchSuccess {
  readonly ok: true;
  readonly finalUrl: URL;
  readonly status: number;
  readonly contentType: string | null;
  /** The decoded body as read (up to the cap, or up to where onChunk stopped). */
  readonly body: Buffer;
  /** Bytes received from the network for the final response (before decompression). */
  readonly bytesRead: number;
  /** onChunk asked to stop before the end. */
  readonly stoppedEarly: boolean;
  /** The HTML cap was reached and the rest was not read. */
  readonly truncated: boolean;
  /** `X-Robots-Tag: noindex` (or `none`) on the final response. */
  readonly robotsNoindex: boolean;
  /** The address connected to for the final response. */
  readonly address: string;
  /** Every URL fetched, the final one last. */
  readonly chain: readonly string[];
}

export type FetchErrorCode = 'url_not_allowed' | 'unavailable';

/** A typed failure: never a raw exception. */
export interface FetchFailure {
  readonly ok: false;
  readonly error: {
    readonly code: FetchErrorCode;
    /** Machine detail: a UrlRefusal, `address`, `dns`, `connect_timeout`, `timeout`, `status`, `too_large`, … */
    readonly reason: UrlRefusal | string;
    readonly message: string;
    /** The URL of the hop that failed. */
    readonly url: string;
  };
}

export type FetchResult = FetchSuccess | FetchFailure;

class HopError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** True when an X-Robots-Tag header value forbids indexing for every robot or for us. */
export function xRobotsNoindex(value: string | string[] | undefined): boolean {
  if (value === undefined) return false;
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    // "googlebot: noindex, nofollow" is scoped to one robot; "noindex" and "soleus: noindex" apply to us.
    const m = /^\s*([a-z0-9_-]+)\s*:\s*(.*)$/i.exec(v);
    let directives = v;
    if (m && !/^(unavailable_after|max-snippet|max-image-preview|max-video-preview)$/i.test(m[1])) {
      if (!/^(soleus|soleus-linkpreview|\*)$/i.test(m[1])) continue;
      directives = m[2];
    }
    if (directives.split(',').some((d) => /^\s*(noindex|none)\s*$/i.test(d))) return true;
  }
  return false;
}

function sameAddress(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const strip = (x: string) => x.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();
  return strip(a) === strip(b) || (isIP(a) === 6 && isIP(b) === 6 && expand6(a) === expand6(b));
}

function expand6(a: string): string {
  return new URL(`http://[${a}]/`).hostname;
}

function withTimeout<T>(p: Promise<T>, ms: number, err: () => HopError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(err()), Math.max(0, ms));
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

interface HopOutcome {
  readonly redirect?: string;
  readonly result?: Omit<FetchSuccess, 'chain'>;
}

async function resolveAndCheck(url: URL, resolver: Resolver, deadline: number): Promise<ResolvedAddress[]> {
  const host = bareHostname(url);
  let addresses: readonly ResolvedAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await withTimeout(
        resolver(host),
        deadline - Date.now(),
        () => new HopError('unavailable', 'timeout', `Resolving ${host} took too long.`),
      );
    } catch (e) {
      if (e instanceof HopError) throw e;
      throw new HopError('unavailable', 'dns', `${host} could not be resolved.`);
    }
  }
  if (!Array.isArray(addresses) || addresses.length === 0) {
    throw new HopError('unavailable', 'dns', `${host} has no address.`);
  }
  // Refuse when ANY address is not public: a name that also points inside is not a public site, and whichever
  // address a retry or another process picks must be safe.
  for (const a of addresses) {
    const verdict = checkAddress(a.address);
    if (!verdict.allowed) {
      throw new HopError(
        'url_not_allowed',
        'address',
        `${host} resolves to ${a.address}, which is not public (${verdict.class}).`,
      );
    }
  }
  // Candidates: the first address, then the first of the other family (a server without IPv6 routes still reaches
  // a dual-stack site). Every one was checked above; each attempt pins exactly one.
  const norm = (a: ResolvedAddress): ResolvedAddress => ({ address: a.address, family: isIP(a.address) === 6 ? 6 : 4 });
  const first = norm(addresses[0]);
  const other = addresses.map(norm).find((a) => a.family !== first.family);
  return other ? [first, other] : [first];
}

function requestHop(url: URL, pinned: ResolvedAddress, opts: SafeFetchOptions, deadline: number): Promise<HopOutcome> {
  const host = bareHostname(url);
  const isHttps = url.protocol === 'https:';
  const maxBytes = opts.maxBytes ?? (opts.kind === 'html' ? HTML_MAX_BYTES : IMAGE_MAX_BYTES);
  const connectTimeout = opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;

  // The only answer the socket can get: the checked address. Node calls this for a hostname (never for a literal,
  // which is the checked address itself); `all` is asked for when autoSelectFamily is on.
  const pinnedLookup: LookupFunction = (hostname, options, callback) => {
    // Answer asynchronously, as dns.lookup does: a synchronous answer makes a synchronous connect error (e.g.
    // ENETUNREACH) fire on the socket before the http client listens for it, which would crash the process.
    process.nextTick(() => {
      if (hostname !== host) {
        callback(new Error(`unexpected lookup of ${hostname}`) as NodeJS.ErrnoException, '', 4);
      } else if (options.all) {
        (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
      } else {
        callback(null, pinned.address, pinned.family);
      }
    });
  };

  const accept =
    opts.kind === 'html'
      ? 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1'
      : 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1';
  const headers: Record<string, string> = {
    Host: url.host,
    'User-Agent': opts.userAgent,
    Accept: accept,
    'Accept-Encoding': 'gzip, deflate, br',
  };
  if (opts.acceptLanguage) headers['Accept-Language'] = opts.acceptLanguage;

  const requestOptions: https.RequestOptions = {
    protocol: url.protocol,
    host,
    port: effectivePort(url),
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers,
    agent: false, // a fresh socket per hop: no pooled connection to some other address, no shared state
    lookup: pinnedLookup,
    family: pinned.family,
    maxHeaderSize: 16 * 1024,
    setHost: false,
  };
  // One address, no happy-eyeballs racing to others (not in @types/node 20's RequestOptions yet).
  Object.assign(requestOptions, { autoSelectFamily: false });
  if (isHttps) {
    if (!isIP(host)) requestOptions.servername = host;
    if (opts.ca) requestOptions.ca = opts.ca;
    requestOptions.rejectUnauthorized = true;
  }

  return new Promise<HopOutcome>((resolve, reject) => {
    let settled = false;
    let connected = false;
    const fail = (e: HopError) => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
      req.destroy();
      reject(e);
    };
    const done = (o: HopOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
      resolve(o);
    };
    const totalTimer = setTimeout(
      () => fail(new HopError('unavailable', 'timeout', `${url.host} did not answer in time.`)),
      Math.max(0, deadline - Date.now()),
    );
    const connectTimer = setTimeout(
      () => fail(new HopError('unavailable', 'connect_timeout', `Could not connect to ${url.host} in time.`)),
      Math.min(connectTimeout, Math.max(0, deadline - Date.now())),
    );

    const req = (isHttps ? https : http).request(requestOptions);
    req.on('socket', (socket: Socket) => {
      socket.on('error', (err: NodeJS.ErrnoException) => {
        fail(
          new HopError(
            'unavailable',
            connected ? 'network' : 'connect_failed',
            `${url.host} failed: ${err.code ?? err.message}.`,
          ),
        );
      });
      const onConnect = () => {
        connected = true;
        clearTimeout(connectTimer);
        // Belt and braces: the socket must be connected to the checked address and nothing else.
        if (!sameAddress(socket.remoteAddress, pinned.address)) {
          fail(new HopError('url_not_allowed', 'address', `Connected to an unexpected address.`));
        }
      };
      if (socket.connecting) socket.once('connect', onConnect);
      else if (!socket.destroyed) onConnect();
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      fail(
        new HopError(
          'unavailable',
          connected ? 'network' : 'connect_failed',
          `${url.host} failed: ${err.code ?? err.message}.`,
        ),
      );
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status)) {
        const location = res.headers.location;
        res.destroy();
        if (!location) {
          fail(new HopError('unavailable', 'status', `${url.host} answered ${status} without a Location.`));
          return;
        }
        done({ redirect: location });
        return;
      }
      if (status < 200 || status > 299) {
        res.destroy();
        fail(new HopError('unavailable', 'status', `${url.host} answered ${status}.`));
        return;
      }
      const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : null;
      const lengthHeader = res.headers['content-length'];
      const contentLength = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
      if (opts.onResponse && !opts.onResponse({ status, contentType, contentLength, finalUrl: url })) {
        res.destroy();
        fail(new HopError('unavailable', 'content_type', `${url.host} did not answer with a usable ${opts.kind}.`));
        return;
      }
      if (opts.kind === 'image' && contentLength !== null && contentLength > maxBytes) {
        res.destroy();
        fail(new HopError('unavailable', 'too_large', `The image is larger than ${maxBytes} bytes.`));
        return;
      }
      let bytesRead = 0;
      res.on('data', (c: Buffer) => {
        bytesRead += c.length;
      });
      const encoding = String(res.headers['content-encoding'] ?? '')
        .trim()
        .toLowerCase();
      let body: Readable = res;
      if (encoding === 'gzip' || encoding === 'x-gzip') body = res.pipe(zlib.createGunzip());
      else if (encoding === 'deflate') body = res.pipe(zlib.createInflate());
      else if (encoding === 'br') body = res.pipe(zlib.createBrotliDecompress());
      else if (encoding !== '' && encoding !== 'identity') {
        res.destroy();
        fail(new HopError('unavailable', 'encoding', `Unsupported Content-Encoding ${encoding}.`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let stoppedEarly = false;
      let truncated = false;
      const finish = () => {
        res.destroy();
        if (body !== res) body.destroy();
        done({
          result: {
            ok: true,
            finalUrl: url,
            status,
            contentType,
            body: Buffer.concat(chunks),
            bytesRead,
            stoppedEarly,
            truncated,
            robotsNoindex: xRobotsNoindex(res.headers['x-robots-tag']),
            address: pinned.address,
          },
        });
      };
      body.on('data', (chunk: Buffer) => {
        if (settled) return;
        let piece = chunk;
        if (size + piece.length > maxBytes) {
          if (opts.kind === 'image') {
            fail(new HopError('unavailable', 'too_large', `The image is larger than ${maxBytes} bytes.`));
            body.destroy();
            return;
          }
          piece = piece.subarray(0, maxBytes - size);
          truncated = true;
        }
        chunks.push(piece);
        size += piece.length;
        if (opts.onChunk && piece.length > 0) {
          let stop = false;
          try {
            stop = opts.onChunk(piece);
          } catch {
            stop = true;
          }
          if (stop) {
            stoppedEarly = true;
            finish();
            return;
          }
        }
        if (truncated) finish();
      });
      body.on('end', finish);
      body.on('error', () => fail(new HopError('unavailable', 'network', `${url.host} sent a broken body.`)));
      res.on('error', () => fail(new HopError('unavailable', 'network', `${url.host} broke off.`)));
    });
    req.end();
  });
}

/**
 * Fetch one URL under every rule of issue 13 §3, following at most `maxRedirects` redirects (each re-checked and
 * re-resolved). Resolves to a typed result; never rejects.
 */
export async function safeFetch(input: string | URL, opts: SafeFetchOptions): Promise<FetchResult> {
  const deadline = Date.now() + (opts.totalTimeoutMs ?? TOTAL_TIMEOUT_MS);
  const resolver = opts.resolver ?? systemResolver;
  const first = checkUrl(input, opts);
  const chain: string[] = [];
  const inputText = typeof input === 'string' ? input : input.href;
  if (!first.ok) {
    return {
      ok: false,
      error: { code: 'url_not_allowed', reason: first.reason, message: first.message, url: inputText },
    };
  }
  let url = first.url;
  for (let hop = 0; ; hop++) {
    chain.push(url.href);
    try {
      const candidates = await resolveAndCheck(url, resolver, deadline);
      let outcome: HopOutcome | undefined;
      for (const [i, pinned] of candidates.entries()) {
        try {
          outcome = await requestHop(url, pinned, opts, deadline);
          break;
        } catch (e) {
          // Only a failure to connect moves on to the other family; anything after connecting is final.
          const retry = e instanceof HopError && (e.reason === 'connect_failed' || e.reason === 'connect_timeout');
          if (!retry || i === candidates.length - 1 || Date.now() >= deadline) throw e;
        }
      }
      if (!outcome) throw new HopError('unavailable', 'internal', 'No address to connect to.');
      if (outcome.result) return { ...outcome.result, chain };
      const next = checkRedirect(url, outcome.redirect ?? '', hop + 1, opts);
      if (!next.ok) {
        const code: FetchErrorCode = next.reason === 'too_many_redirects' ? 'unavailable' : 'url_not_allowed';
        return { ok: false, error: { code, reason: next.reason, message: next.message, url: url.href } };
      }
      url = next.url;
    } catch (e) {
      if (e instanceof HopError) {
        return { ok: false, error: { code: e.code, reason: e.reason, message: e.message, url: url.href } };
      }
      return {
        ok: false,
        error: { code: 'unavailable', reason: 'internal', message: 'The fetch failed unexpectedly.', url: url.href },
      };
    }
  }
}
