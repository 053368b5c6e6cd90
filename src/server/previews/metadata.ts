/**
 * Page metadata for link previews (issue 13 §2): Open Graph, Twitter cards, JSON-LD (headline, image, publisher),
 * <title>, the meta description, <link rel=icon>, the manifest link, robots noindex; charset detection for
 * non-UTF-8 pages; relative URLs resolved against the final URL and <base href>.
 *
 * Parser: htmlparser2 12.0.0 directly, not open-graph-scraper or metascraper on top of it. htmlparser2 is a
 * streaming tokenizer (we feed it chunks as they arrive and stop at `</head>`), it is maintained (fb55, the parser
 * under cheerio), has 4 small dependencies and decodes entities in text and attributes. The scrapers wrap it with
 * their own fetching (which would bypass our SSRF-safe fetcher) and read whole documents.
 *
 * Charsets: Node's built-in TextDecoder (full ICU) implements the WHATWG Encoding Standard, labels included
 * (`iso-8859-1` → windows-1252 as browsers do, shift_jis, euc-jp, gbk, big5, koi8-r …), so no iconv-lite.
 * Precedence as in the HTML spec: BOM, then the Content-Type charset, then a <meta> prescan of the first 1024
 * bytes, then (our choice for an undeclared page) UTF-8 if those bytes are valid UTF-8, else windows-1252. A
 * <meta charset> found later than 1024 bytes in an undeclared page restarts decoding once, as browsers reparse.
 */
import { Parser } from 'htmlparser2';

export const MAX_HTML_BYTES = 1024 * 1024;
export const TITLE_MAX = 300;
export const DESCRIPTION_MAX = 500;
export const SITE_NAME_MAX = 100;
export const ALT_MAX = 300;
export const URL_MAX = 2048;
const JSON_LD_MAX = 256 * 1024;
const PRESCAN_BYTES = 1024;

/** An image named by the page (absolute URL on the third party; the pipeline fetches and re-encodes it). */
export interface PageImage {
  readonly url: string;
  readonly width?: number;
  readonly height?: number;
  readonly alt?: string;
}

/** An icon link (rel icon, shortcut icon, apple-touch-icon), best first. */
export interface PageIcon {
  readonly url: string;
  readonly rel: string;
  readonly sizes?: string;
  readonly type?: string;
}

export type CharsetSource = 'bom' | 'header' | 'meta' | 'default';

/** What a card can show, and how it was read. */
export interface PageMetadata {
  readonly title?: string;
  readonly description?: string;
  readonly siteName?: string;
  readonly lang?: string;
  readonly image?: PageImage;
  readonly icons: readonly PageIcon[];
  readonly manifest?: string;
  readonly canonical?: string;
  /** `<meta name="robots" content="noindex">` (or `none`): show only the title. */
  readonly robotsNoindex: boolean;
  /** The WHATWG encoding name used to decode the page. */
  readonly charset: string;
  readonly charsetSource: CharsetSource;
  /** Bytes taken from the body (at most maxBytes). */
  readonly bytesRead: number;
  /** The head ended (`</head>` or `<body>`) before the input did. */
  readonly headComplete: boolean;
}

/** The WHATWG encoding name for a label, or null when there is none (or it is not decodable here). */
export function encodingForLabel(label: string | undefined | null): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().replace(/^["']|["']$/g, '')).encoding;
  } catch {
    return null;
  }
}

/** The charset parameter of a Content-Type header. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m ? encodingForLabel(m[2]) : null;
}

/** A byte-order mark: the encoding and its length. */
export function sniffBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

function charsetFromMeta(attribs: Record<string, string>): string | null {
  if (attribs.charset) return encodingForLabel(attribs.charset);
  if ((attribs['http-equiv'] ?? '').toLowerCase() === 'content-type' && attribs.content) {
    const m = /charset\s*=\s*["']?([^"'\s;]+)/i.exec(attribs.content);
    if (m) return encodingForLabel(m[1]);
  }
  return null;
}

/** A meta-declared UTF-16 means UTF-8 (HTML spec: the bytes read as ASCII-compatible, so it cannot be UTF-16). */
function metaEncoding(enc: string | null): string | null {
  if (!enc) return null;
  if (enc === 'utf-16le' || enc === 'utf-16be') return 'utf-8';
  return enc === 'x-user-defined' ? 'windows-1252' : enc;
}

/** The HTML spec's <meta> prescan, over the first 1024 bytes read as ASCII. */
export function prescanCharset(bytes: Uint8Array): string | null {
  const text = Buffer.from(bytes.subarray(0, PRESCAN_BYTES)).toString('latin1');
  let found: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (found === null && name === 'meta') found = metaEncoding(charsetFromMeta(attribs));
      },
    },
    { decodeEntities: true },
  );
  parser.write(text);
  parser.end();
  return found;
}

function looksLikeUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a response is HTML we should read.
 * - text/html and application/xhtml+xml: yes.
 * - No Content-Type: sniff the first bytes as the WHATWG MIME Sniffing standard does for HTML.
 * - Anything else, text/plain included: no, even when the body is HTML. Browsers never sniff text/plain into HTML
 *   (MIME Sniffing §7.1 only checks it for binary), so the visitor who follows the link sees plain text; a rich
 *   card would describe a page nobody sees, and reading markup the server labelled as text is content-type
 *   confusion we do not want. Such a link is `unavailable` and the widget shows the plain link.
 */
export function isHtmlResponse(contentType: string | null | undefined, firstBytes?: Uint8Array): boolean {
  const essence = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (essence === 'text/html' || essence === 'application/xhtml+xml') return true;
  if (essence !== '') return false;
  if (!firstBytes) return true; // undecided until the first bytes arrive
  return sniffsAsHtml(firstBytes);
}

/** WHATWG MIME Sniffing "identifying a resource with an unknown MIME type", the HTML patterns. */
export function sniffsAsHtml(bytes: Uint8Array): boolean {
  let start = sniffBom(bytes)?.length ?? 0;
  while (start < bytes.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(bytes[start])) start++;
  const head = Buffer.from(bytes.subarray(start, start + 16))
    .toString('latin1')
    .toLowerCase();
  const tags = [
    '<!doctype html',
    '<html',
    '<head',
    '<script',
    '<iframe',
    '<h1',
    '<div',
    '<font',
    '<table',
    '<a',
    '<style',
    '<title',
    '<b',
    '<body',
    '<br',
    '<p',
    '<!--',
  ];
  return tags.some((t) => {
    if (!head.startsWith(t)) return false;
    if (t === '<!--') return true;
    const next = head.charAt(t.length);
    return next === ' ' || next === '>';
  });
}

function clean(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  // Control characters (C0 except tab/newlines, and DEL) never belong in a card.

  const controls = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;
  const t = text.replace(controls, '').replace(/\s+/g, ' ').trim();
  if (t === '') return undefined;
  const chars = Array.from(t);
  if (chars.length <= max) return t;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

function positiveInt(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 && n < 100000 ? n : undefined;
}

interface OgImage {
  url?: string;
  secureUrl?: string;
  width?: string;
  height?: string;
  alt?: string;
}

interface JsonLdFacts {
  headline?: string;
  description?: string;
  image?: { url: string; width?: number; height?: number; alt?: string };
  publisher?: string;
  publisherLogo?: string;
  lang?: string;
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

function asObject(v: JsonValue | undefined): Record<string, JsonValue> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
}

function jsonString(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return jsonString(v[0]);
  return undefined;
}

function jsonImage(v: JsonValue | undefined): JsonLdFacts['image'] {
  if (typeof v === 'string') return { url: v };
  if (Array.isArray(v)) return jsonImage(v[0]);
  const o = asObject(v);
  if (!o) return undefined;
  const url = jsonString(o.url) ?? jsonString(o.contentUrl);
  if (!url) return undefined;
  return { url, width: positiveInt(o.width), height: positiveInt(o.height), alt: jsonString(o.caption) };
}

const ARTICLE_TYPES =
  /^(article|newsarticle|blogposting|report|scholarlyarticle|techarticle|webpage|creativework|product|event|recipe|course|howto|videoobject)$/i;

/** Facts from JSON-LD blocks: the first node with a headline (or an article-like node with a name). */
export function readJsonLd(blocks: readonly string[]): JsonLdFacts {
  const nodes: Record<string, JsonValue>[] = [];
  const collect = (v: JsonValue) => {
    if (Array.isArray(v)) v.forEach(collect);
    const o = asObject(v);
    if (!o) return;
    nodes.push(o);
    if (Array.isArray(o['@graph'])) o['@graph'].forEach(collect);
  };
  for (const block of blocks) {
    try {
      collect(JSON.parse(block) as JsonValue);
    } catch {
      // A broken block is skipped, as search engines do.
    }
  }
  const types = (o: Record<string, JsonValue>) => {
    const t = o['@type'];
    return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
  };
  const main =
    nodes.find((o) => jsonString(o.headline)) ??
    nodes.find((o) => jsonString(o.name) && types(o).some((t) => ARTICLE_TYPES.test(t)));
  if (!main) return {};
  const publisher = asObject(main.publisher) ?? asObject(Array.isArray(main.publisher) ? main.publisher[0] : null);
  const logo = publisher ? jsonImage(publisher.logo) : undefined;
  return {
    headline: jsonString(main.headline) ?? jsonString(main.name),
    description: jsonString(main.description),
    image: jsonImage(main.image) ?? jsonImage(main.thumbnailUrl),
    publisher: publisher ? jsonString(publisher.name) : undefined,
    publisherLogo: logo?.url,
    lang: jsonString(main.inLanguage),
  };
}

/** Options for one page. */
export interface MetadataOptions {
  /** The final URL (after redirects): relative URLs resolve against it, or against <base href>. */
  readonly url: string | URL;
  /** The response's Content-Type, for its charset. */
  readonly contentType?: string | null;
  /** Default 1 MB. */
  readonly maxBytes?: number;
}

/**
 * Streaming metadata reader. Feed body chunks to `write`; it returns true once it has what it needs (the head
 * ended, or maxBytes were read), and the caller stops reading. Then call `result()`.
 */
export class MetadataParser {
  private readonly pageUrl: URL;
  private readonly maxBytes: number;
  private readonly headerCharset: string | null;
  private raw: Buffer[] = [];
  private rawLength = 0;
  private parser: Parser | null = null;
  private decoder: InstanceType<typeof TextDecoder> | null = null;
  private charset = 'utf-8';
  private charsetSource: CharsetSource = 'default';
  private restarted = false;
  private restartTo: string | null = null;
  private headDone = false;
  private ended = false;
  private closing = false;

  // What the page said, raw (resolved and cleaned in result()).
  private title: string | undefined;
  private titleParts: string[] | null = null;
  private svgDepth = 0;
  private meta = new Map<string, string>();
  private ogImages: OgImage[] = [];
  private links: Array<{ rel: string[]; href: string; sizes?: string; type?: string }> = [];
  private base: string | undefined;
  private htmlLang: string | undefined;
  private jsonLd: string[] = [];
  private jsonLdPart: string[] | null = null;
  private jsonLdSize = 0;
  private robots = false;

  constructor(options: MetadataOptions) {
    this.pageUrl = new URL(typeof options.url === 'string' ? options.url : options.url.href);
    this.maxBytes = options.maxBytes ?? MAX_HTML_BYTES;
    this.headerCharset = charsetFromContentType(options.contentType);
  }

  /** Bytes accepted so far. */
  get bytesRead(): number {
    return this.rawLength;
  }

  /** True when no more input is needed. */
  get done(): boolean {
    return this.headDone || this.ended || this.rawLength >= this.maxBytes;
  }

  /** Feed one chunk; true means stop reading. */
  write(chunk: Uint8Array): boolean {
    if (this.done) return true;
    let piece = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.rawLength + piece.length > this.maxBytes) piece = piece.subarray(0, this.maxBytes - this.rawLength);
    this.raw.push(piece);
    this.rawLength += piece.length;
    if (!this.parser) {
      if (this.rawLength < PRESCAN_BYTES && this.rawLength < this.maxBytes) return false;
      this.start(Buffer.concat(this.raw));
    } else {
      this.feed(piece);
    }
    if (this.restartTo) this.restart();
    if (this.rawLength >= this.maxBytes) this.finish();
    return this.done;
  }

  /** The input ended (or the caller stopped): flush and return what was found. */
  end(): PageMetadata {
    if (!this.ended) {
      if (!this.parser) this.start(Buffer.concat(this.raw));
      if (this.restartTo) this.restart();
      this.finish();
    }
    return this.result();
  }

  private start(bytes: Buffer): void {
    const bom = sniffBom(bytes);
    let skip = 0;
    if (bom) {
      this.charset = bom.encoding;
      this.charsetSource = 'bom';
      skip = bom.length;
    } else if (this.headerCharset) {
      this.charset = this.headerCharset;
      this.charsetSource = 'header';
    } else {
      const meta = prescanCharset(bytes);
      if (meta) {
        this.charset = meta;
        this.charsetSource = 'meta';
      } else {
        this.charset = looksLikeUtf8(bytes.subarray(0, PRESCAN_BYTES)) ? 'utf-8' : 'windows-1252';
        this.charsetSource = 'default';
      }
    }
    this.decoder = new TextDecoder(this.charset);
    this.parser = this.makeParser();
    this.feed(bytes.subarray(skip));
  }

  private restart(): void {
    const to = this.restartTo;
    this.restartTo = null;
    if (!to || this.restarted) return;
    this.restarted = true;
    this.resetFindings();
    this.charset = to;
    this.charsetSource = 'meta';
    this.decoder = new TextDecoder(to);
    this.parser = this.makeParser();
    this.feed(Buffer.concat(this.raw));
  }

  private feed(bytes: Uint8Array): void {
    if (!this.parser || !this.decoder || this.headDone) return;
    const text = this.decoder.decode(bytes, { stream: true });
    if (text) this.parser.write(text);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.parser && this.decoder && !this.headDone) {
      const tail = this.decoder.decode();
      if (tail) this.parser.write(tail);
      // end() closes open elements as implied: that is the input running out, not the head ending.
      this.closing = true;
      this.parser.end();
    }
    this.flushTitle();
  }

  private resetFindings(): void {
    this.title = undefined;
    this.titleParts = null;
    this.svgDepth = 0;
    this.meta = new Map();
    this.ogImages = [];
    this.links = [];
    this.base = undefined;
    this.htmlLang = undefined;
    this.jsonLd = [];
    this.jsonLdPart = null;
    this.jsonLdSize = 0;
    this.robots = false;
    this.headDone = false;
  }

  private flushTitle(): void {
    if (this.titleParts) {
      this.title ??= this.titleParts.join('');
      this.titleParts = null;
    }
  }

  private makeParser(): Parser {
    return new Parser(
      {
        onopentag: (name, attribs) => this.onOpen(name, attribs),
        onclosetag: (name) => this.onClose(name),
        ontext: (text) => {
          if (this.titleParts) this.titleParts.push(text);
          if (this.jsonLdPart && this.jsonLdSize + text.length <= JSON_LD_MAX) {
            this.jsonLdPart.push(text);
            this.jsonLdSize += text.length;
          }
        },
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
  }

  private stopAtHeadEnd(): void {
    if (this.headDone) return;
    this.flushTitle();
    this.headDone = true;
    // Stop the tokenizer now: the rest of this chunk is not wanted.
    this.parser?.pause();
  }

  private onOpen(name: string, a: Record<string, string>): void {
    if (this.headDone) return;
    switch (name) {
      case 'html':
        this.htmlLang ??= a.lang || a['xml:lang'] || undefined;
        return;
      case 'body':
        this.stopAtHeadEnd();
        return;
      case 'svg':
        this.svgDepth++;
        return;
      case 'title':
        if (this.svgDepth === 0 && this.title === undefined && !this.titleParts) this.titleParts = [];
        return;
      case 'base':
        if (this.base === undefined && a.href) this.base = a.href;
        return;
      case 'script':
        if ((a.type ?? '').trim().toLowerCase() === 'application/ld+json') this.jsonLdPart = [];
        return;
      case 'link': {
        const rel = (a.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        if (a.href && rel.length) this.links.push({ rel, href: a.href, sizes: a.sizes, type: a.type });
        return;
      }
      case 'meta':
        this.onMeta(a);
        return;
    }
  }

  private onMeta(a: Record<string, string>): void {
    const declared = metaEncoding(charsetFromMeta(a));
    if (declared && this.charsetSource === 'default' && declared !== this.charset && !this.restarted) {
      this.restartTo = declared;
    }
    const key = (a.property || a.name || a.itemprop || '').trim().toLowerCase();
    const content = a.content;
    if (!key || content === undefined) return;
    if ((key === 'robots' || key === 'soleus') && /(^|[\s,])(noindex|none)([\s,]|$)/i.test(content)) this.robots = true;
    if (key === 'og:image' || key === 'og:image:url') {
      const cur = this.ogImages[this.ogImages.length - 1];
      if (key === 'og:image:url' && cur && cur.url === undefined) cur.url = content;
      else this.ogImages.push({ url: content });
      return;
    }
    if (key.startsWith('og:image:')) {
      let cur = this.ogImages[this.ogImages.length - 1];
      if (!cur) {
        cur = {};
        this.ogImages.push(cur);
      }
      const field = key.slice('og:image:'.length);
      if (field === 'secure_url') cur.secureUrl ??= content;
      else if (field === 'width' || field === 'height' || field === 'alt') cur[field] ??= content;
      return;
    }
    if (!this.meta.has(key)) this.meta.set(key, content);
  }

  private onClose(name: string): void {
    if (this.headDone || this.closing) return;
    if (name === 'title') this.flushTitle();
    else if (name === 'svg' && this.svgDepth > 0) this.svgDepth--;
    else if (name === 'script' && this.jsonLdPart) {
      this.jsonLd.push(this.jsonLdPart.join(''));
      this.jsonLdPart = null;
    } else if (name === 'head') this.stopAtHeadEnd();
  }

  private resolve(href: string | undefined): string | undefined {
    if (!href) return undefined;
    const trimmed = href.trim();
    if (!trimmed) return undefined;
    let base = this.pageUrl;
    if (this.base) {
      try {
        const b = new URL(this.base.trim(), this.pageUrl);
        if (b.protocol === 'http:' || b.protocol === 'https:') base = b;
      } catch {
        // an invalid <base href> is ignored, as browsers do
      }
    }
    try {
      const u = new URL(trimmed, base);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
      return u.href.length <= URL_MAX ? u.href : undefined;
    } catch {
      return undefined;
    }
  }

  /** What was found so far. */
  result(): PageMetadata {
    const m = (k: string) => this.meta.get(k);
    const ld = readJsonLd(this.jsonLd);
    const og = this.ogImages.find((i) => i.url || i.secureUrl);
    let image: PageImage | undefined;
    const ogUrl = this.resolve(og?.secureUrl) ?? this.resolve(og?.url);
    if (og && ogUrl) {
      image = { url: ogUrl, width: positiveInt(og.width), height: positiveInt(og.height), alt: clean(og.alt, ALT_MAX) };
    } else {
      const tw = this.resolve(m('twitter:image') ?? m('twitter:image:src'));
      if (tw) image = { url: tw, alt: clean(m('twitter:image:alt'), ALT_MAX) };
      else if (ld.image) {
        const url = this.resolve(ld.image.url);
        if (url) image = { url, width: ld.image.width, height: ld.image.height, alt: clean(ld.image.alt, ALT_MAX) };
      }
    }
    if (image) image = Object.fromEntries(Object.entries(image).filter(([, v]) => v !== undefined)) as PageImage;

    const iconRank = (l: { rel: string[]; sizes?: string; type?: string }): number => {
      // Prefer raster icons near 64 px; SVG icons come last (the pipeline refuses SVG).
      const svg = /svg/i.test(l.type ?? '') ? 1000 : 0;
      const size = Math.max(0, ...(l.sizes ?? '').split(/\s+/).map((s) => Number(s.split(/x/i)[0]) || 0));
      const sizeScore = size === 0 ? 100 : size >= 64 ? size - 64 : 200 + (64 - size);
      const relScore = l.rel.includes('icon') ? 0 : 50;
      return svg + sizeScore + relScore;
    };
    const icons = this.links
      .filter((l) => l.rel.includes('icon') || l.rel.includes('apple-touch-icon'))
      .sort((x, y) => iconRank(x) - iconRank(y))
      .flatMap((l) => {
        const url = this.resolve(l.href);
        if (!url) return [];
        const rel = l.rel.includes('apple-touch-icon') ? 'apple-touch-icon' : 'icon';
        const icon: PageIcon = {
          url,
          rel,
          ...(l.sizes ? { sizes: l.sizes } : {}),
          ...(l.type ? { type: l.type } : {}),
        };
        return [icon];
      });
    if (ld.publisherLogo) {
      const url = this.resolve(ld.publisherLogo);
      if (url && !icons.some((i) => i.url === url)) icons.push({ url, rel: 'publisher-logo' });
    }
    const manifest = this.resolve(this.links.find((l) => l.rel.includes('manifest'))?.href);
    const canonical = this.resolve(m('og:url') ?? this.links.find((l) => l.rel.includes('canonical'))?.href);
    const ogLocale = m('og:locale');
    const lang = clean(
      this.htmlLang ?? ld.lang ?? (ogLocale ? ogLocale.replace('_', '-') : undefined) ?? m('content-language'),
      35,
    );
    const title =
      clean(m('og:title'), TITLE_MAX) ??
      clean(m('twitter:title'), TITLE_MAX) ??
      clean(ld.headline, TITLE_MAX) ??
      clean(this.title, TITLE_MAX);
    const out: PageMetadata = {
      title,
      description:
        clean(m('og:description'), DESCRIPTION_MAX) ??
        clean(m('twitter:description'), DESCRIPTION_MAX) ??
        clean(m('description'), DESCRIPTION_MAX) ??
        clean(ld.description, DESCRIPTION_MAX),
      siteName:
        clean(m('og:site_name'), SITE_NAME_MAX) ??
        clean(ld.publisher, SITE_NAME_MAX) ??
        clean(m('application-name'), SITE_NAME_MAX),
      lang,
      image,
      icons,
      manifest,
      canonical,
      robotsNoindex: this.robots,
      charset: this.charset,
      charsetSource: this.charsetSource,
      bytesRead: this.rawLength,
      headComplete: this.headDone,
    };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as unknown as PageMetadata;
  }
}

/** Parse a whole buffer (tests, the CLI); the fetcher streams instead. */
export function parseMetadata(body: Uint8Array, options: MetadataOptions): PageMetadata {
  const p = new MetadataParser(options);
  p.write(body);
  return p.end();
}

/** What a card may show when the page asked not to be indexed: the title only. */
export function respectNoindex(meta: PageMetadata, headerNoindex: boolean): PageMetadata {
  if (!meta.robotsNoindex && !headerNoindex) return meta;
  return {
    ...(meta.title !== undefined ? { title: meta.title } : {}),
    icons: [],
    robotsNoindex: true,
    charset: meta.charset,
    charsetSource: meta.charsetSource,
    bytesRead: meta.bytesRead,
    headComplete: meta.headComplete,
  };
}
