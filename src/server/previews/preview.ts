/**
 * One link preview, end to end, in the shape of the HTTP contract ("Link previews"): fetch the page under the SSRF
 * rules while streaming it into the metadata parser (stop at </head>), respect noindex, then fetch the image and
 * the icon under the same rules, check them (format, size; no pixels decoded yet), hand them to `storeImage` and
 * point at their thumbnails-to-be with signed IDs on this server (the image route encodes on the first request). No cache here: the route wraps this with the DB-backed cache (see cache.ts).
 *
 * Decisions:
 * - `status: "ok"` needs a title: without one the widget's accessible name would be empty, so the plain link is
 *   better and the result is `unavailable`.
 * - A failed image or icon never fails the preview; it is left out.
 * - `allowedHosts` limits the pages that may be previewed, not the page's own image and icon hosts (CDNs); every
 *   address and URL rule applies to those as to the page.
 * - `image` points at the largest thumbnail made (≤ 800 px wide); its width and height give the card its ratio.
 */
import { safeFetch, TOTAL_TIMEOUT_MS, type Resolver, type SafeFetchOptions } from './fetch.js';
import { inspectImage, signImageId, type PendingImage } from './images.js';
import { MetadataParser, isHtmlResponse, respectNoindex, sniffsAsHtml, type PageMetadata } from './metadata.js';
import { checkUrl, type UrlRulesOptions } from './url-rules.js';

/** What the preview service needs from its surroundings. */
export interface PreviewDeps extends UrlRulesOptions {
  readonly userAgent: string;
  readonly imageSecret: string | Buffer;
  /** Keeps an accepted image under `image.key` for the image route, which encodes it on its first request. */
  readonly storeImage: (image: PendingImage) => Promise<void>;
  readonly resolver?: Resolver;
  readonly ca?: SafeFetchOptions['ca'];
  readonly acceptLanguage?: string;
  /** Default `/api/v1/link-preview/image/`. */
  readonly imagePath?: string;
  readonly now?: () => Date;
}

/** The contract's 200 body. */
export interface LinkPreview {
  readonly url: string;
  readonly finalUrl: string;
  readonly status: 'ok' | 'unavailable';
  readonly title?: string;
  readonly description?: string;
  readonly siteName?: string;
  readonly lang?: string;
  readonly image?: { readonly url: string; readonly width: number; readonly height: number; readonly alt?: string };
  readonly icon?: { readonly url: string };
  readonly fetchedAt: string;
}

/** A URL the server will not fetch: `malformed` → 400, `url_not_allowed` → 422. */
export interface PreviewRefusal {
  readonly refused: true;
  readonly code: 'malformed' | 'url_not_allowed';
  readonly reason: string;
  readonly message: string;
}

async function thumbnailFor(
  url: string,
  kind: 'image' | 'icon',
  deps: PreviewDeps,
  budgetMs: number,
): Promise<PendingImage | null> {
  const r = await safeFetch(url, {
    kind: 'image',
    userAgent: deps.userAgent,
    resolver: deps.resolver,
    ca: deps.ca,
    allowedPorts: deps.allowedPorts,
    maxRedirects: deps.maxRedirects,
    totalTimeoutMs: budgetMs,
  });
  if (!r.ok) return null;
  const t = await inspectImage(r.body, kind);
  if (!t.ok) return null;
  await deps.storeImage(t.image);
  return t.image;
}

/** Fetch and build one preview. Resolves to a contract body or a refusal; never rejects. */
export async function buildPreview(input: string, deps: PreviewDeps): Promise<LinkPreview | PreviewRefusal> {
  const now = deps.now ?? (() => new Date());
  const first = checkUrl(input, deps);
  if (!first.ok) {
    return {
      refused: true,
      code: first.reason === 'malformed' ? 'malformed' : 'url_not_allowed',
      reason: first.reason,
      message: first.message,
    };
  }
  const started = Date.now();
  let parser: MetadataParser | null = null;
  let notHtml = false;
  let mustSniff = false;
  const page = await safeFetch(first.url, {
    kind: 'html',
    userAgent: deps.userAgent,
    resolver: deps.resolver,
    ca: deps.ca,
    acceptLanguage: deps.acceptLanguage,
    allowedPorts: deps.allowedPorts,
    allowedHosts: deps.allowedHosts,
    maxRedirects: deps.maxRedirects,
    onResponse: (info) => {
      if (!isHtmlResponse(info.contentType)) return false;
      mustSniff = !info.contentType || info.contentType.split(';')[0].trim() === '';
      parser = new MetadataParser({ url: info.finalUrl, contentType: info.contentType });
      return true;
    },
    onChunk: (chunk) => {
      const p = parser as MetadataParser | null;
      if (!p) return true;
      // No Content-Type: the first bytes must sniff as HTML (WHATWG MIME Sniffing).
      if (mustSniff && p.bytesRead === 0 && !sniffsAsHtml(chunk)) {
        notHtml = true;
        return true;
      }
      return p.write(chunk);
    },
  });
  const base = { url: first.url.href, fetchedAt: now().toISOString() };
  if (!page.ok) {
    if (page.error.code === 'url_not_allowed') {
      return { refused: true, code: 'url_not_allowed', reason: page.error.reason, message: page.error.message };
    }
    return { ...base, finalUrl: page.error.url, status: 'unavailable' };
  }
  const finalUrl = page.finalUrl.href;
  const p = parser as MetadataParser | null;
  if (!p || notHtml) return { ...base, finalUrl, status: 'unavailable' };
  const meta: PageMetadata = respectNoindex(p.end(), page.robotsNoindex);
  if (!meta.title) return { ...base, finalUrl, status: 'unavailable' };

  const budget = Math.max(1000, TOTAL_TIMEOUT_MS - (Date.now() - started));
  const path = deps.imagePath ?? '/api/v1/link-preview/image/';
  const [image, icon] = await Promise.all([
    meta.image ? thumbnailFor(meta.image.url, 'image', deps, budget).catch(() => null) : Promise.resolve(null),
    meta.icons[0] ? thumbnailFor(meta.icons[0].url, 'icon', deps, budget).catch(() => null) : Promise.resolve(null),
  ]);
  return {
    ...base,
    finalUrl,
    status: 'ok',
    title: meta.title,
    ...(meta.description ? { description: meta.description } : {}),
    ...(meta.siteName ? { siteName: meta.siteName } : {}),
    ...(meta.lang ? { lang: meta.lang } : {}),
    ...(image
      ? {
          image: {
            url: path + signImageId(image.key, deps.imageSecret),
            width: image.width,
            height: image.height,
            ...(meta.image?.alt ? { alt: meta.image.alt } : {}),
          },
        }
      : {}),
    ...(icon ? { icon: { url: path + signImageId(icon.key, deps.imageSecret) } } : {}),
  };
}
