import * as z from 'zod/mini';

/**
 * Link-preview schemas ("Link previews" in docs/http-api.md), shared by the server (validation, the contract check)
 * and the link card (its types only: nothing of zod reaches the widget's bundle).
 */

/** `GET /api/v1/link-preview?url=` query: the address to preview (checked further by the server's URL rules). */
export const LinkPreviewQuerySchema = z.object({
  url: z
    .string()
    .check(
      z.minLength(1, 'Give the address to preview'),
      z.maxLength(2048, 'Use an address of at most 2048 characters'),
    ),
});
export type LinkPreviewQuery = z.infer<typeof LinkPreviewQuerySchema>;

/** A thumbnail on this server (`/api/v1/link-preview/image/<signed id>`), never the third party's address. */
export const LinkPreviewImageSchema = z.object({
  url: z.string(),
  width: z.number(),
  height: z.number(),
  alt: z.optional(z.string()),
});

/** `GET /api/v1/link-preview` answer: `unavailable` (the site failed, timed out, answered no HTML) is not an error. */
export const LinkPreviewResponseSchema = z.object({
  url: z.string(),
  finalUrl: z.string(),
  status: z.enum(['ok', 'unavailable']),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  siteName: z.optional(z.string()),
  lang: z.optional(z.string()),
  image: z.optional(LinkPreviewImageSchema),
  icon: z.optional(z.object({ url: z.string() })),
  fetchedAt: z.string(),
});
export type LinkPreviewResponse = z.infer<typeof LinkPreviewResponseSchema>;

/** `POST /api/v1/owner/link-previews` and `…/link-previews/refresh` body: the address to (re)fetch now. */
export const OwnerLinkPreviewRequestSchema = z.object({ url: LinkPreviewQuerySchema.shape.url });
export type OwnerLinkPreviewRequest = z.infer<typeof OwnerLinkPreviewRequestSchema>;

/**
 * A cached preview as the owner sees it: the card's data (what visitors get) plus where it stands in the cache.
 * `pinned`: written from the practice file, never fetched. `freshUntil`: served without asking the site until then;
 * `expiresAt`: after this it is fetched again on the next ask (null for pinned ones, which never expire).
 */
export const OwnerLinkPreviewSchema = z.extend(LinkPreviewResponseSchema, {
  pinned: z.boolean(),
  freshUntil: z.nullable(z.string()),
  expiresAt: z.nullable(z.string()),
});
export type OwnerLinkPreview = z.infer<typeof OwnerLinkPreviewSchema>;

/** `GET /api/v1/owner/link-previews` answer: every cached preview, the latest fetched first. */
export const OwnerLinkPreviewListSchema = z.object({ previews: z.array(OwnerLinkPreviewSchema) });
export type OwnerLinkPreviewList = z.infer<typeof OwnerLinkPreviewListSchema>;

/** `POST /api/v1/owner/link-previews` (and `…/refresh`) answer: the preview as it is in the cache now. */
export const OwnerLinkPreviewResponseSchema = z.object({ preview: OwnerLinkPreviewSchema });
export type OwnerLinkPreviewResponse = z.infer<typeof OwnerLinkPreviewResponseSchema>;

/** `DELETE /api/v1/owner/link-previews?url=` answer: the preview and the images only it used are gone. */
export const OwnerLinkPreviewRemovedSchema = z.object({
  removed: z.literal(true),
  url: z.string(),
  images: z.number(),
  message: z.string(),
});
export type OwnerLinkPreviewRemoved = z.infer<typeof OwnerLinkPreviewRemovedSchema>;

/** `POST /api/v1/owner/check-site` body: the address of a page of the owner's site that should hold a snippet. */
export const CheckSiteRequestSchema = OwnerLinkPreviewRequestSchema;
export type CheckSiteRequest = z.infer<typeof CheckSiteRequestSchema>;

/**
 * `POST /api/v1/owner/check-site` answer. `reachable`: the page was fetched as HTML (false when the site failed,
 * timed out or answered an error or no HTML: then `found` is all false). `found.script`: a `<script src>` loads this
 * server's `/soleus.js` or `/widgets/*.js`; `found.elements`: every `soleus-*` tag on the page, once each, in order.
 * `allowedOrigin`: the final page's origin may call this server's API (`SOLEUS_ALLOWED_ORIGINS`). `message`: what to
 * do next, for the owner.
 */
export const CheckSiteResponseSchema = z.object({
  url: z.string(),
  finalUrl: z.string(),
  reachable: z.boolean(),
  found: z.object({ script: z.boolean(), element: z.boolean(), elements: z.array(z.string()) }),
  allowedOrigin: z.boolean(),
  message: z.string(),
});
export type CheckSiteResponse = z.infer<typeof CheckSiteResponseSchema>;
