import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Context } from 'hono';
import { EncodedBody } from './encoding.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Cache-Control for files whose names do not change with their content. */
export const CACHE_UNHASHED = 'public, max-age=86400, stale-while-revalidate=604800';
/** Cache-Control for content-hashed chunks. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';

interface Entry {
  mtimeMs: number;
  size: number;
  body: EncodedBody;
  etag: string;
  /** Worth compressing: text of at least 1 KiB. */
  compressible: boolean;
}

const COMPRESSIBLE = new Set(['.js', '.mjs', '.map', '.json', '.css', '.html', '.txt', '.svg']);
const cache = new Map<string, Entry>();

/**
 * Resolves `relativePath` (URL-encoded, `/`-separated) inside `root`; undefined for anything that could escape it
 * (`..`, encoded slashes or backslashes, NUL) or is not a plain file path.
 */
export function safeJoin(root: string, relativePath: string): string | undefined {
  const segments: string[] = [];
  for (const raw of relativePath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..') return undefined;
    if (/[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0) return undefined;
  const base = resolve(root);
  const full = resolve(base, ...segments);
  return full.startsWith(base + sep) ? full : undefined;
}

async function load(file: string): Promise<Entry | undefined> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return undefined;
  }
  if (!info.isFile()) return undefined;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
  const bytes = await readFile(file);
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  const body = new EncodedBody(
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Uint8Array<ArrayBuffer>,
    'max',
  );
  const compressible = bytes.byteLength >= 1024 && COMPRESSIBLE.has(extname(file).toLowerCase());
  const entry = { mtimeMs: info.mtimeMs, size: info.size, body, etag, compressible };
  cache.set(file, entry);
  return entry;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Options of {@link sendFile}. */
export interface SendFileOptions {
  cacheControl: string;
  /** Allow any page to load it (our widget scripts are loaded cross-origin by host pages). */
  crossOrigin?: boolean;
}

/**
 * Serves one file with its content type, a content-hash ETag and 304 on a matching If-None-Match; undefined if
 * missing. Text files go brotli- or gzip-compressed to clients that accept it (compressed once per file version, at
 * the highest setting: the widget scripts are what every visitor of a host page downloads), each encoding with its
 * own ETag, as HTTP asks of different representations.
 */
export async function sendFile(
  c: Context,
  file: string | undefined,
  options: SendFileOptions,
): Promise<Response | undefined> {
  if (!file) return undefined;
  const entry = await load(file);
  if (!entry) return undefined;
  const chosen = entry.compressible
    ? await entry.body.for(c.req.header('Accept-Encoding'))
    : { body: entry.body.identity };
  const etag = chosen.encoding ? `${entry.etag.slice(0, -1)}-${chosen.encoding}"` : entry.etag;
  const headers: Record<string, string> = {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': options.cacheControl,
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
  };
  if (entry.compressible) headers.Vary = 'Accept-Encoding';
  if (chosen.encoding) headers['Content-Encoding'] = chosen.encoding;
  if (options.crossOrigin) {
    headers['Access-Control-Allow-Origin'] = '*';
    headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
  }
  if (etagMatches(c.req.header('If-None-Match'), etag)) {
    delete headers['Content-Type'];
    delete headers['Content-Encoding'];
    return c.body(null, 304, headers);
  }
  return c.body(chosen.body, 200, headers);
}

/** The part of the request path after `prefix` (`/widgets/`), still URL-encoded. */
export function pathAfter(c: Context, prefix: string): string {
  const path = new URL(c.req.url).pathname;
  return path.startsWith(prefix) ? path.slice(prefix.length) : '';
}
