import * as z from 'zod/mini';

/**
 * Newsletter and form-token schemas shared by the server (validation) and the newsletter widget (client-side checks),
 * written with zod/mini so the browser bundle stays small. Messages are human sentences: they go straight into `fields`.
 */

/** The list a subscription goes to when the form names none. */
export const DEFAULT_LIST = 'newsletter';

/** Message for an email address that does not look like one. */
export const EMAIL_MESSAGE = 'Enter an email address like name@example.com';
/** Message for a name that carries a link (spam riding along in confirmation emails). */
export const NAME_LINK_MESSAGE = 'Leave links out of your name';
/** Message for a missing consent tick. */
export const CONSENT_MESSAGE = 'Tick the box to agree';
/** Message the server uses for an address at a throwaway-mail provider. */
export const DISPOSABLE_EMAIL_MESSAGE = 'Use a permanent email address';

/**
 * True when a name looks like it carries a link: a scheme, `www.`, `://`, a domain followed by a path, or a bare domain
 * with a common spam TLD. Initials such as "J. R. R. Tolkien" and "St.John" pass.
 */
export function nameHasLink(name: string): boolean {
  return (
    /https?|www\.|:\/\/|[a-z0-9-]\.[a-z]{2,}\//i.test(name) ||
    /[a-z0-9-]\.(com|net|org|info|biz|io|co|ru|cn|xyz|top|click|link|ly|me|site|online|shop|app)\b/i.test(name)
  );
}

/** A list id: lowercase kebab case, e.g. `weekly-notes`. */
export const ListIdSchema = z
  .string()
  .check(
    z.minLength(1, 'Choose a list'),
    z.maxLength(64, 'Use a list name of at most 64 characters'),
    z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use a list name like weekly-notes (lowercase letters, digits and dashes)'),
  );

/** An email address as a person types it (trimmed; the server lowercases it for storage). */
export const SubscriberEmailSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'Enter your email address'),
    z.maxLength(254, 'Use at most 254 characters'),
    z.email(EMAIL_MESSAGE),
  );

/** An optional first name: short, no links, no control characters. */
export const SubscriberNameSchema = z.string().check(
  z.trim(),
  z.maxLength(100, 'Use at most 100 characters'),
  // Names end up in email headers and greetings: no line breaks, no control characters.
  z.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Remove line breaks and control characters'),
  z.refine((s) => !nameHasLink(s), NAME_LINK_MESSAGE),
);

/** `POST /api/v1/subscriptions` body (JSON from the widget; the server maps a plain form post onto the same shape). */
export const SubscriptionRequestSchema = z.object({
  email: SubscriberEmailSchema,
  name: z.optional(SubscriberNameSchema),
  list: z.optional(ListIdSchema),
  consent: z.literal(true, CONSENT_MESSAGE),
  consentText: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Show the consent wording the person agrees to'),
      z.maxLength(2000, 'Use a consent wording of at most 2000 characters'),
    ),
  source: z.optional(
    z
      .string()
      .check(
        z.maxLength(2000, 'Use a page address of at most 2000 characters'),
        z.url({ protocol: /^https?$/, error: 'Use the address of the page, like https://example.com/post' }),
      ),
  ),
  /** Honeypot: people never see it, so it stays empty. */
  hp: z.optional(z.string().check(z.maxLength(2000, 'Leave this field empty'))),
  /** The signed render token from `GET /api/v1/form-token`. */
  t: z.optional(z.string().check(z.maxLength(500, 'Reload the page and try again'))),
  /** An ALTCHA proof-of-work payload, when the owner switched it on. */
  altcha: z.optional(z.string().check(z.maxLength(10000, 'Reload the page and try again'))),
});
export type SubscriptionRequest = z.infer<typeof SubscriptionRequestSchema>;

/** `GET /api/v1/form-token` answer. */
export const FormTokenResponseSchema = z.object({
  token: z.string(),
  /**
   * Present when the owner requires proof of work (`SOLEUS_ALTCHA=1`): the path of the ALTCHA challenge endpoint on the
   * same server (`/api/v1/form-token/altcha`), for the `altcha` widget; its solution goes back as `altcha`.
   */
  altcha: z.optional(z.string()),
});
export type FormTokenResponse = z.infer<typeof FormTokenResponseSchema>;

/** `POST /api/v1/subscriptions` answer: the same for new, pending and confirmed addresses. */
export const SubscriptionResponseSchema = z.object({ status: z.literal('pending') });
export type SubscriptionResponse = z.infer<typeof SubscriptionResponseSchema>;

/** `GET /api/v1/form-token/altcha` answer: an ALTCHA challenge (its fields are the altcha library's). */
export const AltchaChallengeSchema = z.object({
  parameters: z.record(z.string(), z.unknown()),
  signature: z.optional(z.string()),
});
export type AltchaChallenge = z.infer<typeof AltchaChallengeSchema>;

export const SubscriberStatusSchema = z.enum(
  ['pending', 'confirmed', 'unsubscribed'],
  'Use pending, confirmed or unsubscribed',
);
export type SubscriberStatus = z.infer<typeof SubscriberStatusSchema>;

/** `GET /api/v1/owner/subscribers[.csv]` query: a list, a status, and `q` (a part of the email or name, any case). */
export const OwnerSubscribersQuerySchema = z.object({
  list: z.optional(z.string().check(z.maxLength(64, 'Use a list name of at most 64 characters'))),
  status: z.optional(SubscriberStatusSchema),
  q: z.optional(
    z.string().check(
      z.trim(),
      z.maxLength(254, 'Search with at most 254 characters'),
      z.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Remove line breaks and control characters from the search'),
    ),
  ),
});
export type OwnerSubscribersQuery = z.infer<typeof OwnerSubscribersQuerySchema>;

/** The `<email>` of `DELETE /api/v1/owner/subscribers/<email>`, trimmed and lowercased as stored. */
export const EraseParamSchema = z.object({
  email: z
    .string()
    .check(
      z.trim(),
      z.toLowerCase(),
      z.minLength(1, EMAIL_MESSAGE),
      z.maxLength(254, EMAIL_MESSAGE),
      z.includes('@', EMAIL_MESSAGE),
    ),
});

/** A subscriber with their consent record, as the owner sees it. */
export const SubscriberSchema = z.object({
  email: z.string(),
  name: z.nullable(z.string()),
  list: z.string(),
  status: SubscriberStatusSchema,
  consent: z.object({
    text: z.string(),
    source: z.nullable(z.string()),
    signedUpAt: z.string(),
    confirmedAt: z.nullable(z.string()),
    unsubscribedAt: z.nullable(z.string()),
  }),
});
export type Subscriber = z.infer<typeof SubscriberSchema>;

/** `GET /api/v1/owner/subscribers` answer. */
export const OwnerSubscribersResponseSchema = z.object({ subscribers: z.array(SubscriberSchema) });
export type OwnerSubscribersResponse = z.infer<typeof OwnerSubscribersResponseSchema>;

/** `DELETE /api/v1/owner/subscribers/<email>` answer. */
export const ErasureResponseSchema = z.object({
  erased: z.literal(true),
  email: z.string(),
  subscriptions: z.array(z.object({ list: z.string(), status: SubscriberStatusSchema })),
  webhookDeliveries: z.number(),
  outboxMessages: z.number(),
  message: z.string(),
});
export type ErasureResponse = z.infer<typeof ErasureResponseSchema>;
