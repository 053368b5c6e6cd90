import { Hono } from 'hono';
import { Parser } from 'htmlparser2';
import { CheckSiteRequestSchema, type CheckSiteResponse } from '../../core/schemas/previews.js';
import { requireAdmin } from '../http/auth.js';
import { ContractError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { safeFetch, type Resolver, type SafeFetchOptions } from './fetch.js';
import { isHtmlResponse } from './metadata.js';
import { checkUrl } from './url-rules.js';

/** What "check my site" needs from app.ts: the link-preview fetcher's settings, and who may call the API. */
export interface CheckSiteContext {
  readonly adminToken: string | undefined;
  readonly userAgent: string;
  readonly resolver?: Resolver;
  readonly ca?: SafeFetchOptions['ca'];
  /** This server's public URL (its origin is where the snippet's script comes from); else the request's origin. */
  readonly publicUrl: string | undefined;
  /** Whether a page of this origin may call the API (the CORS allow-list). */
  readonly allowOrigin: (origin: string) => boolean;
}

/** What a page holds of a snippet. */
export interface SnippetFound {
  script: boolean;
  element: boolean;
  elements: string[];
}

/**
 * Streams a page into htmlparser2 and notes a `<script src>` that loads `/soleus.js` or `/widgets/*.js` from one of
 * `origins` (resolved against the page's address and its `<base href>`), and every `soleus-*` element.
 */
export function snippetScanner(pageUrl: URL, origins: ReadonlySet<string>) {
  const found: SnippetFound = { script: false, element: false, elements: [] };
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'base' && attribs.href) {
          try {
            base = new URL(attribs.href, pageUrl);
          } catch {
            /* an unusable base changes nothing */
          }
        } else if (name === 'script' && attribs.src) {
          try {
            const src = new URL(attribs.src, base);
            if (origins.has(src.origin) && /^\/(soleus\.js|widgets\/[^/]+\.js)$/.test(src.pathname))
              found.script = true;
          } catch {
            /* not an address */
          }
        } else if (/^soleus-[a-z0-9-]+$/.test(name) && !found.elements.includes(name)) {
          found.elements.push(name);
          found.element = true;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  return {
    found,
    write: (chunk: Buffer) => parser.write(chunk.toString('utf8')),
    end: () => {
      parser.end();
      return found;
    },
  };
}

/** The owner's next step, in one or two sentences. */
function messageFor(found: SnippetFound, allowed: boolean, origin: string, server: string): string {
  const allow = allowed
    ? ''
    : ` Add ${origin} to SOLEUS_ALLOWED_ORIGINS and restart the server, or the widget cannot reach its data.`;
  if (found.script && found.element)
    return `The snippet is on this page (${found.elements.join(', ')}).${allow || ' Its address is allowed: the widget can work here.'}`;
  if (found.element)
    return `This page has ${found.elements.join(', ')} but no script from ${server}/soleus.js: paste the whole snippet, the script line too.${allow}`;
  if (found.script)
    return `This page loads ${server}/soleus.js but has no widget element: paste the element too.${allow}`;
  return `No Soleus snippet on this page. Check the address; if you have just published it, your site’s cache may still show the old page.${allow}`;
}

/**
 * `POST /check-site { url }` ("Owner console, part 2" in docs/http-api.md), with the admin token or the console's
 * session: fetches the owner's page through the link-preview fetcher and its address rules (the same SSRF defence as
 * visitors' cards, every hop and redirect checked; no switch turns it off) and says whether the snippet is on it and
 * whether its origin may call the API. A refused address (or a redirect to one) → 422 `url_not_allowed`; a site that
 * fails, times out or answers no HTML → 200 with `reachable: false` and a message (the site's problem, not a refusal).
 * The practice's `linkPreview.allowedHosts` does not apply: it limits link cards, and this is the owner's own site.
 */
export function checkSiteRoutes(ctx: CheckSiteContext) {
  const app = new Hono();
  app.use('/check-site', requireAdmin(ctx.adminToken));
  return app.post('/check-site', validate('json', CheckSiteRequestSchema), async (c) => {
    const { url: input } = c.req.valid('json');
    const checked = checkUrl(input);
    if (!checked.ok) {
      if (checked.reason === 'malformed') {
        const message = `Enter the address of a page of your site, like https://example.com/book. ${checked.message}`;
        throw new ContractError(400, 'invalid_request', message, { url: message });
      }
      const message = `This address cannot be checked. ${checked.message}`;
      throw new ContractError(422, 'url_not_allowed', message, { url: message });
    }
    const server = new URL(ctx.publicUrl ?? c.req.url).origin;
    const origins = new Set([server, new URL(c.req.url).origin]);
    let scanner: ReturnType<typeof snippetScanner> | undefined;
    const page = await safeFetch(checked.url, {
      kind: 'html',
      userAgent: ctx.userAgent,
      resolver: ctx.resolver,
      ca: ctx.ca,
      onResponse: (info) => {
        if (!isHtmlResponse(info.contentType)) return false;
        scanner = snippetScanner(info.finalUrl, origins);
        return true;
      },
      onChunk: (chunk) => {
        scanner?.write(chunk);
        return false;
      },
    });
    const url = checked.url.href;
    if (!page.ok) {
      if (page.error.code === 'url_not_allowed') {
        const message = `This address cannot be checked. ${page.error.message}`;
        throw new ContractError(422, 'url_not_allowed', message, { url: message });
      }
      const finalUrl = page.error.url;
      const body: CheckSiteResponse = {
        url,
        finalUrl,
        reachable: false,
        found: { script: false, element: false, elements: [] },
        allowedOrigin: ctx.allowOrigin(new URL(finalUrl).origin),
        message: `Could not read the page: ${page.error.message} Check the address, and that the page is published and public.`,
      };
      return c.json(body, 200, { 'Cache-Control': 'no-store' });
    }
    const origin = page.finalUrl.origin;
    const allowed = ctx.allowOrigin(origin);
    const found = scanner!.end();
    const body: CheckSiteResponse = {
      url,
      finalUrl: page.finalUrl.href,
      reachable: true,
      found,
      allowedOrigin: allowed,
      message: `${page.truncated ? 'Read the first megabyte of the page only. ' : ''}${messageFor(found, allowed, origin, server)}`,
    };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });
}
