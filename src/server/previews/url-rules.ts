/**
 * URL rules for the link-preview fetcher (issue 13 §3): http/https only, no credentials, ports 80/443 only
 * (configurable), IPv4 hosts only in canonical dotted-quad spelling, an optional host allow-list, and at most five
 * redirects, each checked exactly like the first URL. No dependency: WHATWG `URL` (built into Node) does the parsing,
 * so the host we check is the host Node's http client will use.
 *
 * Address checks (what a name resolves to) are in address.ts and run at connect time in fetch.ts; here an IP literal
 * host is checked too, so an obviously refused URL fails before any resolver is asked.
 */
import { checkAddress, isNonCanonicalIPv4Host, urlHostLiteral } from './address.js';

/** Options shared by the URL rules and the fetcher. */
export interface UrlRulesOptions {
  /** Ports that may be connected to; default [80, 443]. */
  readonly allowedPorts?: readonly number[];
  /** When set, only these hosts: `example.com` matches itself, `*.example.com` matches its subdomains only. */
  readonly allowedHosts?: readonly string[] | null;
  /** Most redirects followed; default 5. */
  readonly maxRedirects?: number;
}

/** Why a URL was refused: `malformed` is a 400 for the route, the rest a 422 `url_not_allowed`. */
export type UrlRefusal =
  'malformed' | 'scheme' | 'credentials' | 'port' | 'ipv4_spelling' | 'address' | 'host_not_allowed' | 'local_name';

/** The verdict on one URL. */
export type UrlCheck =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly reason: UrlRefusal; readonly message: string };

export const DEFAULT_PORTS: readonly number[] = [80, 443];
export const DEFAULT_MAX_REDIRECTS = 5;
const MAX_URL_LENGTH = 2048;

function refuse(reason: UrlRefusal, message: string): UrlCheck {
  return { ok: false, reason, message };
}

/** The port a URL connects to, defaults included. */
export function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** The hostname without IPv6 brackets and without a trailing dot, lowercased (the URL parser lowercases already). */
export function bareHostname(url: URL): string {
  const h = url.hostname;
  if (h.startsWith('[')) return h.slice(1, -1);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

function hostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((entry) => {
    const e = entry.trim().toLowerCase().replace(/\.$/, '');
    if (e.startsWith('*.')) return host.endsWith(e.slice(1)) && host.length > e.length - 1;
    return host === e;
  });
}

/**
 * Check one URL (the first, or a redirect target already resolved against the previous URL). `raw` is the text as
 * received when there is one, so spellings the parser rewrites (`http://0x7f.1/`) can be refused.
 */
export function checkUrl(input: string | URL, options: UrlRulesOptions = {}, raw?: string): UrlCheck {
  const text = typeof input === 'string' ? input : (raw ?? input.href);
  if (text.length > MAX_URL_LENGTH) return refuse('malformed', `The URL is longer than ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : new URL(input.href);
  } catch {
    return refuse('malformed', 'This is not an absolute URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refuse('scheme', 'Only http and https links can be previewed.');
  }
  if (url.username !== '' || url.password !== '') {
    return refuse('credentials', 'Links with a user name or password in them are not previewed.');
  }
  const ports = options.allowedPorts ?? DEFAULT_PORTS;
  const port = effectivePort(url);
  if (!ports.includes(port)) {
    return refuse('port', `Only links on port ${ports.join(' or ')} are previewed.`);
  }
  if (isNonCanonicalIPv4Host(typeof input === 'string' ? input : text, url)) {
    return refuse('ipv4_spelling', 'An IPv4 address must be written as four decimal numbers.');
  }
  const host = bareHostname(url);
  const literal = urlHostLiteral(url);
  if (literal !== null) {
    const verdict = checkAddress(literal);
    if (!verdict.allowed) return refuse('address', `The address ${literal} is not public (${verdict.class}).`);
  } else if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) {
    // RFC 6761 names and single-label names resolve locally by definition; the address check would refuse them too.
    return refuse('local_name', `${host} is a local name.`);
  }
  if (options.allowedHosts && !hostAllowed(host, options.allowedHosts)) {
    return refuse('host_not_allowed', `${host} is not in this server's list of hosts to preview.`);
  }
  url.hash = '';
  return { ok: true, url };
}

/**
 * Check a redirect: `location` is resolved against `current`, then checked like a first URL. `hop` counts from 1.
 * Going past `maxRedirects` is not a refusal of the URL but the end of the fetch: the caller reports `unavailable`.
 */
export function checkRedirect(
  current: URL,
  location: string,
  hop: number,
  options: UrlRulesOptions = {},
): UrlCheck | { readonly ok: false; readonly reason: 'too_many_redirects'; readonly message: string } {
  const max = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  if (hop > max) return { ok: false, reason: 'too_many_redirects', message: `More than ${max} redirects.` };
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    return refuse('malformed', 'The redirect target is not a URL.');
  }
  // A relative Location inherits the (already checked) host; an absolute one is checked as written.
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(location.trim()) || /^[\\/]{2}/.test(location.trim());
  const raw = absolute ? (location.trim().startsWith('//') ? current.protocol + location.trim() : location) : undefined;
  return checkUrl(raw ?? next.href, options);
}
