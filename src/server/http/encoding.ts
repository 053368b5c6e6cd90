import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * The content coding to answer with, from an `Accept-Encoding` header: brotli, else gzip, else none. A coding listed
 * with `q=0` is refused, and `*` stands for any coding not listed.
 */
export function preferredEncoding(header: string | undefined): 'br' | 'gzip' | 'identity' {
  if (!header) return 'identity';
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(param);
      if (match) q = Number(match[1]);
    }
    weights.set(name.trim(), Number.isFinite(q) ? q : 0);
  }
  const weight = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  const br = weight('br');
  const gz = Math.max(weight('gzip'), weights.has('gzip') ? 0 : weight('x-gzip'));
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * A response body and, made on first demand and kept beside it, its brotli and gzip encodings. `effort`: `fast` for
 * bodies that change with the data (an availability answer: brotli quality 5, a few milliseconds), `max` for files
 * that change only with a release (brotli quality 11, once per file).
 */
export class EncodedBody {
  readonly #encoded = new Map<'br' | 'gzip', Promise<Uint8Array<ArrayBuffer>>>();
  constructor(
    readonly identity: Uint8Array<ArrayBuffer>,
    readonly effort: 'fast' | 'max',
  ) {}

  /** The body in `encoding`, compressed off the event loop the first time it is asked for. */
  encoded(encoding: 'br' | 'gzip'): Promise<Uint8Array<ArrayBuffer>> {
    let done = this.#encoded.get(encoding);
    if (!done) {
      const data = this.identity;
      const made =
        encoding === 'br'
          ? brotli(data, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: this.effort === 'max' ? 11 : 5,
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength,
              },
            })
          : gzip(data, { level: this.effort === 'max' ? 9 : 6 });
      done = made.then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength) as Uint8Array<ArrayBuffer>);
      this.#encoded.set(encoding, done);
    }
    return done;
  }

  /** The body for a request's `Accept-Encoding`, with the coding to name in `Content-Encoding` (none: identity). */
  async for(acceptEncoding: string | undefined): Promise<{ body: Uint8Array<ArrayBuffer>; encoding?: 'br' | 'gzip' }> {
    const encoding = preferredEncoding(acceptEncoding);
    if (encoding === 'identity') return { body: this.identity };
    return { body: await this.encoded(encoding), encoding };
  }
}
