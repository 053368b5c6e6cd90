import { Hono } from 'hono';
import {
  LinkPreviewQuerySchema,
  OwnerLinkPreviewRequestSchema,
  type OwnerLinkPreview,
  type OwnerLinkPreviewList,
  type OwnerLinkPreviewRemoved,
  type OwnerLinkPreviewResponse,
} from '../../core/schemas/previews.js';
import { requireAdmin } from '../http/auth.js';
import { ContractError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import type { CachedPreview, PreviewService } from './cache.js';

/** What the owner's link-preview routes need from app.ts. */
export interface OwnerPreviewRouteContext {
  readonly service: PreviewService;
  readonly adminToken: string | undefined;
  /** Settles once the practice file's pinned previews are written. */
  readonly ready: Promise<unknown>;
}

const NO_STORE = { 'Cache-Control': 'no-store' };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function ownerView(entry: CachedPreview): OwnerLinkPreview {
  return { ...entry.body, pinned: entry.pinned, freshUntil: iso(entry.freshUntilMs), expiresAt: iso(entry.expiresMs) };
}

/**
 * The owner's view of the link-preview cache ("Owner console, part 2" in docs/http-api.md), with the admin token or
 * the console's session: `GET /link-previews` (every cached card), `POST /link-previews { url }` (preview a new
 * address now, through the same address rules as visitors' cards), `POST /link-previews/refresh { url }` (fetch it
 * again now) and `DELETE /link-previews?url=` (out of the cache, with the images only it used). Refusals are the
 * visitors' route's: 400 for a malformed address, 422 `url_not_allowed`, each with the message on `fields.url`.
 * The owner is not counted against the per-IP limit of new previews.
 */
export function ownerLinkPreviewRoutes(ctx: OwnerPreviewRouteContext) {
  const authorise = requireAdmin(ctx.adminToken);
  const app = new Hono();
  app.use('/link-previews', authorise);
  app.use('/link-previews/*', authorise);
  app.use('/link-previews', async (_c, next) => {
    await ctx.ready.catch(() => undefined);
    await next();
  });

  /** Fetches `url` (`force`: even when the cache is fresh) and answers its cache entry. */
  async function fetchNow(url: string, force: boolean): Promise<OwnerLinkPreviewResponse> {
    const answer = await ctx.service.get(url, { force });
    if (answer.kind === 'refused') {
      if (answer.code === 'malformed') {
        const message = `Enter an absolute http or https address, like https://example.com/post. ${answer.message}`;
        throw new ContractError(400, 'invalid_request', message, { url: message });
      }
      const message = `This address cannot be previewed. ${answer.message}`;
      throw new ContractError(422, 'url_not_allowed', message, { url: message });
    }
    if (answer.kind === 'limited') throw new Error('the owner is never limited'); // no `ip` given: unreachable
    const entry = await ctx.service.entry(answer.body.url);
    // The row is written before `get` resolves; were it removed in between, answer what was fetched.
    return {
      preview: entry
        ? ownerView(entry)
        : { ...answer.body, pinned: answer.from === 'pinned', freshUntil: null, expiresAt: null },
    };
  }

  return app
    .get('/link-previews', async (c) => {
      const body: OwnerLinkPreviewList = { previews: (await ctx.service.list()).map(ownerView) };
      return c.json(body, 200, NO_STORE);
    })
    .post('/link-previews', validate('json', OwnerLinkPreviewRequestSchema), async (c) =>
      c.json(await fetchNow(c.req.valid('json').url, false), 200, NO_STORE),
    )
    .post('/link-previews/refresh', validate('json', OwnerLinkPreviewRequestSchema), async (c) =>
      c.json(await fetchNow(c.req.valid('json').url, true), 200, NO_STORE),
    )
    .delete('/link-previews', validate('query', LinkPreviewQuerySchema), async (c) => {
      const { url } = c.req.valid('query');
      const gone = await ctx.service.remove(url);
      if (!gone) throw new ContractError(404, 'not_found', 'This address has no preview in the cache.');
      const body: OwnerLinkPreviewRemoved = {
        removed: true,
        url: gone.url,
        images: gone.images,
        message: `Removed the preview of ${gone.url}${
          gone.images ? ` and its ${gone.images === 1 ? 'image' : `${gone.images} images`}` : ''
        }. The card shows a plain link until someone opens a page with it again.`,
      };
      return c.json(body, 200, NO_STORE);
    });
}
