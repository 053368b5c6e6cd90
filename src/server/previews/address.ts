/**
 * Address rules for the link-preview fetcher (issue 13 §3): only public unicast addresses may be connected to.
 *
 * Dependency: ipaddr.js 2.5.0. It is small, has no dependencies, is used by Express/proxy-addr, and keeps an
 * up-to-date table of IANA special-purpose ranges (RFC 6890 and successors), so we classify with its `range()` and
 * only add what it leaves as "unicast" but is not public (IPv4-compatible ::a.b.c.d, anything outside 2000::/3) and
 * the embedded-IPv4 checks for the transition forms (mapped, NAT64, 6to4, Teredo).
 *
 * The rule is an allow-list: an address is public only when ipaddr.js calls it `unicast` AND (for IPv6) it lies in
 * 2000::/3 global unicast AND it is not a transition form whose embedded IPv4 address is non-public.
 */
import ipaddr from 'ipaddr.js';

/** Why an address was refused (or `public` when it was not). One value per class, named in the tests. */
export type AddressClass =
  | 'public'
  | 'invalid'
  | 'unspecified'
  | 'broadcast'
  | 'multicast'
  | 'linkLocal'
  | 'loopback'
  | 'carrierGradeNat'
  | 'private'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'as112'
  | 'amt'
  | 'uniqueLocal'
  | 'siteLocal'
  | 'discard'
  | 'ipv4Mapped'
  | 'ipv4Translated'
  | 'ipv4Compatible'
  | 'nat64'
  | 'nat64Local'
  | '6to4'
  | 'teredo'
  | 'orchid'
  | 'segmentRouting'
  | 'notGlobalUnicast';

/** The verdict on one address: the class, and for transition forms the embedded IPv4 address that decided it. */
export interface AddressVerdict {
  /** The address as given. */
  readonly address: string;
  /** True only for public unicast. */
  readonly allowed: boolean;
  /** The class that decided (`public` when allowed). */
  readonly class: AddressClass;
  /** For an IPv6 form that embeds an IPv4 address, that address and its own class. */
  readonly embedded?: { readonly address: string; readonly class: AddressClass };
}

const IPV4_DOCUMENTATION: Array<[ipaddr.IPv4, number]> = [
  ipaddr.IPv4.parseCIDR('192.0.2.0/24'),
  ipaddr.IPv4.parseCIDR('198.51.100.0/24'),
  ipaddr.IPv4.parseCIDR('203.0.113.0/24'),
];
const IPV4_BENCHMARKING = ipaddr.IPv4.parseCIDR('198.18.0.0/15');
const IPV6_DOCUMENTATION: Array<[ipaddr.IPv6, number]> = [
  ipaddr.IPv6.parseCIDR('2001:db8::/32'),
  ipaddr.IPv6.parseCIDR('3fff::/20'),
];
const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
const IPV6_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');

function classifyV4(ip: ipaddr.IPv4): AddressClass {
  // Finer names first for ranges ipaddr.js lumps into "reserved".
  if (IPV4_DOCUMENTATION.some((r) => ip.match(r))) return 'documentation';
  if (ip.match(IPV4_BENCHMARKING)) return 'benchmarking';
  const range = ip.range();
  switch (range) {
    case 'unicast':
      return 'public';
    case 'unspecified':
    case 'broadcast':
    case 'multicast':
    case 'linkLocal':
    case 'loopback':
    case 'carrierGradeNat':
    case 'private':
    case 'reserved':
    case 'as112':
    case 'amt':
      return range;
    default:
      // A range added by a later ipaddr.js is special-purpose by definition: refuse it.
      return 'reserved';
  }
}

function v4FromWords(hi: number, lo: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([(hi >> 8) & 0xff, hi & 0xff, (lo >> 8) & 0xff, lo & 0xff]);
}

function embeddedVerdict(
  address: string,
  cls: AddressClass,
  v4: ipaddr.IPv4,
  allowIfEmbeddedPublic: boolean,
): AddressVerdict {
  const embeddedClass = classifyV4(v4);
  const embedded = { address: v4.toString(), class: embeddedClass };
  const allowed = allowIfEmbeddedPublic && embeddedClass === 'public';
  return { address, allowed, class: allowed ? 'public' : cls, embedded };
}

function classifyV6(address: string, ip: ipaddr.IPv6): AddressVerdict {
  const p = ip.parts;
  // Widened to string: ipaddr.js's type lists lag behind its table (discard, segmentRouting, deprecated*…).
  const range: string = ip.range();
  const refuse = (cls: AddressClass): AddressVerdict => ({ address, allowed: false, class: cls });
  switch (range) {
    case 'ipv4Mapped':
      // ::ffff:a.b.c.d reaches a.b.c.d over IPv4. Refused outright: a public site has a plain IPv4 address to use,
      // and refusing the form closes every trick built on it. The embedded address is reported for the log.
      return embeddedVerdict(address, 'ipv4Mapped', ip.toIPv4Address(), false);
    case 'rfc6145':
      return embeddedVerdict(address, 'ipv4Translated', v4FromWords(p[6], p[7]), false);
    case 'rfc6052': {
      // NAT64. The well-known prefix 64:ff9b::/96 is what DNS64 hands an IPv6-only server for a public IPv4 site,
      // so it is allowed when the embedded address is public. The local-use prefix 64:ff9b:1::/48 (RFC 8215) may
      // embed at several prefix lengths and translate into the operator's own network: always refused.
      if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0) {
        return embeddedVerdict(address, 'nat64', v4FromWords(p[6], p[7]), true);
      }
      return refuse('nat64Local');
    }
    case '6to4':
      // 2002:AABB:CCDD::/48 carries IPv4 AA.BB.CC.DD: allowed only when that address is public.
      return embeddedVerdict(address, '6to4', v4FromWords(p[1], p[2]), true);
    case 'teredo':
      // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC with the client address XOR 0xffffffff. No web server is reached over
      // Teredo (it is a client-side NAT traversal), so always refused; the client address is reported for the log.
      return embeddedVerdict(address, 'teredo', v4FromWords(p[6] ^ 0xffff, p[7] ^ 0xffff), false);
    case 'unspecified':
    case 'linkLocal':
    case 'multicast':
    case 'loopback':
    case 'uniqueLocal':
    case 'discard':
    case 'benchmarking':
    case 'amt':
    case 'segmentRouting':
      return refuse(range);
    case 'deprecatedSiteLocal':
      return refuse('siteLocal');
    case 'as112v6':
      return refuse('as112');
    case 'deprecatedOrchid':
    case 'orchid2':
    case 'droneRemoteIdProtocolEntityTags':
      return refuse('orchid');
    case 'reserved':
      return refuse(IPV6_DOCUMENTATION.some((r) => ip.match(r)) ? 'documentation' : 'reserved');
    case 'unicast':
      if (ip.match(IPV6_COMPATIBLE)) {
        // ::a.b.c.d, deprecated by RFC 4291 §2.5.5.1: never legitimate, always refused.
        return embeddedVerdict(address, 'ipv4Compatible', v4FromWords(p[6], p[7]), false);
      }
      if (IPV6_DOCUMENTATION.some((r) => ip.match(r))) return refuse('documentation');
      if (!ip.match(IPV6_GLOBAL_UNICAST)) return refuse('notGlobalUnicast');
      return { address, allowed: true, class: 'public' };
    default:
      return refuse('reserved');
  }
}

/**
 * Strict IP literal parse: dotted-quad IPv4 with four decimal parts (no octal, hex or shortened spellings) or IPv6
 * (brackets and zone ids refused). Returns null for anything else, including hostnames.
 */
export function parseIpLiteral(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes(':') || text.includes('%') || text.includes('[')) return null;
  // Normalise through the WHATWG IPv6 parser first: ipaddr.js 2.5.0 reads `::127.0.0.1` as `::ffff:127.0.0.1`,
  // while the URL parser (and the kernel) read it as the IPv4-compatible `::7f00:1`.
  let normal: string;
  try {
    normal = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  return ipaddr.IPv6.isValid(normal) ? ipaddr.IPv6.parse(normal) : null;
}

/** Classify one address. Anything that is not a strict IP literal is `invalid` (and refused). */
export function checkAddress(address: string): AddressVerdict {
  const ip = parseIpLiteral(address);
  if (!ip) return { address, allowed: false, class: 'invalid' };
  if (ip.kind() === 'ipv4') {
    const cls = classifyV4(ip as ipaddr.IPv4);
    return { address, allowed: cls === 'public', class: cls };
  }
  return classifyV6(address, ip as ipaddr.IPv6);
}

/** True only for a public unicast address. */
export function isPublicAddress(address: string): boolean {
  return checkAddress(address).allowed;
}

/**
 * The host of a parsed URL as an IP literal (brackets stripped), or null when the host is a name.
 * WHATWG URL parsing has already turned `2130706433`, `0x7f.1` and `0177.0.0.1` into `127.0.0.1` here.
 */
export function urlHostLiteral(url: URL): string | null {
  const host = url.hostname;
  if (host.startsWith('[') && host.endsWith(']')) return host.slice(1, -1);
  // ipaddr's own isValidFourPartDecimal tries a parse first, which throws (and builds a stack trace) for every
  // ordinary host name: about a fifth of a cached preview's CPU. Its shape test comes first here; the answer is the same.
  return FOUR_PART_DECIMAL.test(host) && ipaddr.IPv4.isValid(host) ? host : null;
}

/** ipaddr.IPv4.isValidFourPartDecimal's shape test. */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

/**
 * The host part of a raw URL string as written, before WHATWG parsing rewrites it: after `scheme://`, without
 * userinfo and port, lowercased. Backslashes count as slashes, as the URL parser treats them for http(s).
 */
export function rawUrlHost(raw: string): string | null {
  const m = /^[\t\n\r ]*[a-z][a-z0-9+.-]*:[\\/]{2}([^\\/?#]*)/i.exec(raw.replace(/[\t\n\r]/g, ''));
  if (!m) return null;
  let authority = m[1];
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end < 0 ? authority.toLowerCase() : authority.slice(0, end + 1).toLowerCase();
  }
  const colon = authority.indexOf(':');
  if (colon >= 0) authority = authority.slice(0, colon);
  return authority.toLowerCase();
}

/**
 * True when a URL's host is an IPv4 address spelled other than as four canonical decimal parts: decimal
 * (`2130706433`), hex (`0x7f.1`), octal (`0177.0.0.1`), shortened (`127.1`), percent-encoded or full-width digits.
 * Such spellings are refused whatever address they name (issue 13 §3). `raw` is the string as received.
 */
export function isNonCanonicalIPv4Host(raw: string, parsed: URL): boolean {
  const literal = urlHostLiteral(parsed);
  // WHATWG parsing fails outright on a numeric-looking host it cannot read as IPv4 (`1.2.3.4.5`), so only the
  // IPv4 case is left to check.
  if (literal === null || literal.includes(':')) return false;
  const host = rawUrlHost(raw);
  // A trailing dot ("127.0.0.1.") is dropped by the parser; treat it as a spelling too.
  return host !== literal;
}
