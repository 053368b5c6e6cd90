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
