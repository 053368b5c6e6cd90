import * as z from 'zod/mini';
import { nameHasLink, NAME_LINK_MESSAGE, EMAIL_MESSAGE } from './newsletter.js';

/**
 * Comment schemas shared by the server (validation, answers) and `<soleus-comment-box>` (client-side checks, reading
 * answers), written with zod/mini so the browser bundle stays small. Browser-safe: no Node APIs. The contract is
 * "Comments" in docs/http-api.md. Messages are human sentences: they go straight into `fields`.
 */

/** Longest Markdown source a comment may have (contract: ≤ 5000 characters). */
export const COMMENT_BODY_MAX = 5000;
/** Longest author name, after cleaning. */
export const COMMENT_NAME_MAX = 80;
/** Longest thread id, after normalisation (contract: at most 300 characters). */
export const THREAD_ID_MAX = 300;
/** Longest link destination kept as a link; longer ones are shown as text. */
export const COMMENT_HREF_MAX = 2000;

/** The four states a stored comment can be in; only `published` ones are ever listed publicly. */
export const CommentStatusSchema = z.enum(['published', 'pending', 'spam', 'rejected']);
export type CommentStatus = z.infer<typeof CommentStatusSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Thread ids
// ---------------------------------------------------------------------------------------------------------------

/**
 * Normalises a thread id as the contract says, or returns null when it cannot be one.
 *
 * An absolute `http:`/`https:` URL (the page's canonical URL, or a `thread` attribute that is one) loses its query,
 * hash and credentials; its scheme and host are lowercased, a default port is dropped and trailing slashes go
 * (`https://Example.com:443/Blog/?a=1#c` → `https://example.com/Blog`). Anything else (`post-42`) is an opaque name,
 * only trimmed. Either way the result is 1–300 characters with no control characters, or null. Idempotent, so the
 * widget and the server may both apply it.
 */
export function normaliseThreadId(input: string): string | null {
  const raw = input.trim();

  if (raw === '' || /[\u0000-\u001f\u007f-\u009f]/.test(raw)) return null;
  let id = raw;
  if (/^https?:\/\//i.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return null;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
    // URL already lowercases scheme and host and drops a default port; the rest is ours.
    const path = url.pathname.replace(/\/+$/, '');
    id = `${url.protocol}//${url.host}${path}`;
  }
  return id.length <= THREAD_ID_MAX ? id : null;
}

/** Message for a thread id that cannot be one. */
export const THREAD_MESSAGE = 'Use a thread name or page address of at most 300 characters';

/** A thread id as sent by the widget; parsing yields its normalised form. */
export const ThreadIdSchema = z.pipe(
  z.string().check(
    z.maxLength(2000, THREAD_MESSAGE),
    z.refine((s) => normaliseThreadId(s) !== null, THREAD_MESSAGE),
  ),
  z.transform((s: string) => normaliseThreadId(s) ?? s),
);

// ---------------------------------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------------------------------

/**
 * True when `href` may be a comment link: an absolute `http:`/`https:` URL with a host and no credentials, or a
 * `mailto:` with an address, written with no whitespace or control characters (so `java\tscript:` and friends, which
 * URL parsers quietly repair, never get here), at most 2000 characters. Used by the server to build trees and by the
 * widget to refuse a tree that breaks the rule.
 */
export function isAllowedHref(href: string): boolean {
  if (href.length === 0 || href.length > COMMENT_HREF_MAX) return false;
  // No whitespace, controls, bidi controls or zero-width characters anywhere: they are how schemes get obfuscated.

  if (/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/.test(href)) return false;
  const mail = /^mailto:/i.test(href);
  if (!mail && !/^https?:\/\//i.test(href)) return false;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (mail) return url.protocol === 'mailto:' && /^[^@/?#]+@[^@/?#]+/.test(url.pathname);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !url.username && !url.password
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The body tree (allowed nodes only)
// ---------------------------------------------------------------------------------------------------------------

/** Plain text. */
export interface CommentText {
  type: 'text';
  value: string;
}
/** A hard line break. */
export interface CommentBreak {
  type: 'break';
}
/** Inline code. */
export interface CommentInlineCode {
  type: 'inlineCode';
  value: string;
}
/** Emphasis (usually italic). */
export interface CommentEmphasis {
  type: 'emphasis';
  children: CommentInline[];
}
/** Strong importance (usually bold). */
export interface CommentStrong {
  type: 'strong';
  children: CommentInline[];
}
/** A link: `href` is always `http:`, `https:` or `mailto:` (see `isAllowedHref`). Links never nest. */
export interface CommentLink {
  type: 'link';
  href: string;
  children: CommentInline[];
}
/** Phrasing content. */
export type CommentInline =
  CommentText | CommentBreak | CommentInlineCode | CommentEmphasis | CommentStrong | CommentLink;

/** A paragraph. */
export interface CommentParagraph {
  type: 'paragraph';
  children: CommentInline[];
}
/** A code block, with the language its fence named, if any. */
export interface CommentCode {
  type: 'code';
  lang?: string;
  value: string;
}
/** A quotation. */
export interface CommentBlockquote {
  type: 'blockquote';
  children: CommentBlock[];
}
/** One item of a list. */
export interface CommentListItem {
  type: 'listItem';
  children: CommentBlock[];
}
/** A bulleted or numbered list; `start` is the first number of an ordered list when it is not 1. */
export interface CommentList {
  type: 'list';
  ordered: boolean;
  start?: number;
  children: CommentListItem[];
}
/** Flow content. */
export type CommentBlock = CommentParagraph | CommentCode | CommentBlockquote | CommentList;
/** A comment body: the root of the tree. */
export interface CommentRoot {
  type: 'root';
  children: CommentBlock[];
}
/** Every node type the tree may hold. */
export const COMMENT_NODE_TYPES = [
  'root',
  'paragraph',
  'text',
  'break',
  'emphasis',
  'strong',
  'inlineCode',
  'code',
  'blockquote',
  'list',
  'listItem',
  'link',
] as const;
export type CommentNodeType = (typeof COMMENT_NODE_TYPES)[number];

// Recursive schemas: hand-written interfaces above (TypeScript cannot infer a recursive type), schemas below typed
// against them, so a drift between the two fails to compile.
const TextSchema = z.object({ type: z.literal('text'), value: z.string() });
const BreakSchema = z.object({ type: z.literal('break') });
const InlineCodeSchema = z.object({ type: z.literal('inlineCode'), value: z.string() });

export const CommentInlineSchema: z.ZodMiniType<CommentInline> = z.discriminatedUnion('type', [
  TextSchema,
  BreakSchema,
  InlineCodeSchema,
  z.object({
    type: z.literal('emphasis'),
    get children() {
      return z.array(CommentInlineSchema);
    },
  }),
  z.object({
    type: z.literal('strong'),
    get children() {
      return z.array(CommentInlineSchema);
    },
  }),
  z.object({
    type: z.literal('link'),
    href: z.string().check(z.refine(isAllowedHref, 'Links must be http, https or mailto addresses')),
    get children() {
      return z.array(CommentInlineSchema);
    },
  }),
]);

const ListItemSchema: z.ZodMiniType<CommentListItem> = z.object({
  type: z.literal('listItem'),
  get children() {
    return z.array(CommentBlockSchema);
  },
});

export const CommentBlockSchema: z.ZodMiniType<CommentBlock> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), children: z.array(CommentInlineSchema) }),
  z.object({
    type: z.literal('code'),
    lang: z.optional(z.string().check(z.maxLength(100))),
    value: z.string(),
  }),
  z.object({
    type: z.literal('blockquote'),
    get children() {
      return z.array(CommentBlockSchema);
    },
  }),
  z.object({
    type: z.literal('list'),
    ordered: z.boolean(),
    start: z.optional(z.number().check(z.int(), z.nonnegative())),
    children: z.array(ListItemSchema),
  }),
]);

/** A comment body tree (`body` in answers). */
export const CommentRootSchema: z.ZodMiniType<CommentRoot> = z.object({
  type: z.literal('root'),
  children: z.array(CommentBlockSchema),
});

// ---------------------------------------------------------------------------------------------------------------
// Fields people type
// ---------------------------------------------------------------------------------------------------------------

/** A comment id as the server hands it out (opaque). */
export const CommentIdSchema = z
  .string()
  .check(z.minLength(1, 'Choose a comment'), z.maxLength(64, 'Use a comment id of at most 64 characters'));

/** The author's name as typed (the server also cleans it with its text rules before storing). */
export const CommentNameSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'Enter your name'),
  z.maxLength(COMMENT_NAME_MAX, `Use at most ${COMMENT_NAME_MAX} characters`),

  z.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Remove line breaks and control characters'),
  z.refine((s) => !nameHasLink(s), NAME_LINK_MESSAGE),
);

/** An optional email address for reply notifications and the moderation rule; never shown. */
export const CommentEmailSchema = z
  .string()
  .check(z.trim(), z.maxLength(254, 'Use at most 254 characters'), z.email(EMAIL_MESSAGE));

/** The Markdown source of a comment. */
export const CommentBodySourceSchema = z.string().check(
  z.refine((s) => s.trim().length > 0, 'Write your comment'),
  z.maxLength(COMMENT_BODY_MAX, `Use at most ${COMMENT_BODY_MAX.toLocaleString('en')} characters`),
);

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

/** `GET /api/v1/comments` query. */
export const CommentListQuerySchema = z.object({
  thread: ThreadIdSchema,
  cursor: z.optional(z.string().check(z.maxLength(500, 'Reload the page and try again'))),
  sort: z.optional(z.enum(['oldest', 'newest'], 'Sort by oldest or newest')),
});
export type CommentListQuery = z.infer<typeof CommentListQuerySchema>;

/**
 * `POST /api/v1/comments` body (JSON from the widget; the server maps a plain form post onto the same shape). `t` is
 * optional in the schema only so that validation can name every field mistake first: the contract's Forms rule then
 * refuses a JSON post without it with 400 `form_token_required`, and answers a plain form post without it with a page
 * asking to press the button once more. A forged, too young or too old token is the bot signal (the same-looking 201).
 */
export const CommentCreateRequestSchema = z.object({
  thread: ThreadIdSchema,
  parentId: z.optional(CommentIdSchema),
  name: CommentNameSchema,
  email: z.optional(CommentEmailSchema),
  body: CommentBodySourceSchema,
  notifyReplies: z.optional(z.boolean()),
  /** The signed render token from `GET /api/v1/form-token`. */
  t: z.optional(z.string().check(z.maxLength(500, 'Reload the page and try again'))),
  /** Honeypot: people never see it, so it stays empty. */
  hp: z.optional(z.string().check(z.maxLength(2000, 'Leave this field empty'))),
  /** An ALTCHA proof-of-work payload, when the owner switched it on. */
  altcha: z.optional(z.string().check(z.maxLength(10000, 'Reload the page and try again'))),
});
export type CommentCreateRequest = z.infer<typeof CommentCreateRequestSchema>;

/** `POST /api/v1/comments/preview` body: a draft to read, never stored. */
export const CommentPreviewRequestSchema = z.object({ body: CommentBodySourceSchema });
export type CommentPreviewRequest = z.infer<typeof CommentPreviewRequestSchema>;

/** `PATCH /api/v1/comments/<id>` body (with `Authorization: Bearer <editToken>`). */
export const CommentUpdateRequestSchema = z.object({ body: CommentBodySourceSchema });
export type CommentUpdateRequest = z.infer<typeof CommentUpdateRequestSchema>;

/** `POST /api/v1/owner/comments`: a reply as the owner, published at once. */
export const OwnerReplyRequestSchema = z.object({
  thread: ThreadIdSchema,
  parentId: CommentIdSchema,
  body: CommentBodySourceSchema,
});
export type OwnerReplyRequest = z.infer<typeof OwnerReplyRequestSchema>;

/** `GET /api/v1/owner/comments` query. */
export const OwnerCommentListQuerySchema = z.object({
  status: z.optional(CommentStatusSchema),
  thread: z.optional(ThreadIdSchema),
});
export type OwnerCommentListQuery = z.infer<typeof OwnerCommentListQuerySchema>;

// ---------------------------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------------------------

/** An ISO 8601 instant in UTC, as the server writes them. */
const InstantSchema = z.iso.datetime({ offset: false });

/** A published comment as `GET /api/v1/comments` lists it. */
export const CommentSchema = z.object({
  id: CommentIdSchema,
  parentId: z.nullable(CommentIdSchema),
  author: z.object({ name: z.string(), owner: z.boolean() }),
  createdAt: InstantSchema,
  editedAt: z.optional(InstantSchema),
  body: CommentRootSchema,
  /** The same comment as plain text. */
  text: z.string(),
});
export type Comment = z.infer<typeof CommentSchema>;

/** `GET /api/v1/comments` answer. */
export const CommentListResponseSchema = z.object({
  thread: z.string(),
  /** Every published comment of the thread, not just this page. */
  count: z.number().check(z.int(), z.nonnegative()),
  comments: z.array(CommentSchema),
  nextCursor: z.optional(z.string()),
  /** Present when the owner closed the thread: it takes no new comments (a post is 409 `thread_closed`). */
  closed: z.optional(z.literal(true)),
});
export type CommentListResponse = z.infer<typeof CommentListResponseSchema>;

/** `POST /api/v1/comments` 201 answer (and the one a bot signal gets: `pending`, nothing stored). */
export const CommentCreateResponseSchema = z.object({
  comment: z.extend(CommentSchema, { status: z.enum(['published', 'pending']) }),
  /** The secret that lets the author edit or delete the comment while the edit window lasts. */
  editToken: z.string().check(z.minLength(1)),
});
export type CommentCreateResponse = z.infer<typeof CommentCreateResponseSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Answers of the author's edit and delete, the owner API and the export (additions in docs/http-api.md)
// ---------------------------------------------------------------------------------------------------------------

/** A comment as its author sees it after an edit (`status` says whether it is shown). */
export const CommentUpdateResponseSchema = z.object({
  comment: z.extend(CommentSchema, { status: CommentStatusSchema }),
});
export type CommentUpdateResponse = z.infer<typeof CommentUpdateResponseSchema>;

/** `POST /api/v1/comments/preview` answer: the tree and text the comment would be stored with. */
export const CommentPreviewResponseSchema = z.object({ body: CommentRootSchema, text: z.string() });
export type CommentPreviewResponse = z.infer<typeof CommentPreviewResponseSchema>;

/** `DELETE /api/v1/comments/<id>` answer. */
export const CommentDeleteResponseSchema = z.object({ deleted: z.literal(true), id: CommentIdSchema });
export type CommentDeleteResponse = z.infer<typeof CommentDeleteResponseSchema>;

/** A comment as the owner sees it: any status, with the thread, the author's address and the held reasons. */
export const OwnerCommentSchema = z.object({
  id: CommentIdSchema,
  thread: z.string(),
  parentId: z.nullable(CommentIdSchema),
  status: CommentStatusSchema,
  author: z.object({ name: z.string(), owner: z.boolean(), email: z.nullable(z.string()) }),
  createdAt: InstantSchema,
  editedAt: z.optional(InstantSchema),
  moderatedAt: z.optional(InstantSchema),
  body: CommentRootSchema,
  text: z.string(),
  /** The Markdown source as written. */
  source: z.string(),
  /** Why the spam signals held it (`links`, `blocked_word`, `duplicate`), when they did. */
  reasons: z.optional(z.array(z.string())),
});
export type OwnerComment = z.infer<typeof OwnerCommentSchema>;

/** `GET /api/v1/owner/comments` answer. */
export const OwnerCommentListResponseSchema = z.object({ comments: z.array(OwnerCommentSchema) });
export type OwnerCommentListResponse = z.infer<typeof OwnerCommentListResponseSchema>;

/** Answer of approve, reject, spam and the owner's reply. */
export const OwnerCommentResponseSchema = z.object({ comment: OwnerCommentSchema });
export type OwnerCommentResponse = z.infer<typeof OwnerCommentResponseSchema>;

/** `GET /api/v1/owner/comments.json`: every comment, every status, to take elsewhere. */
export const CommentExportSchema = z.object({
  exportedAt: InstantSchema,
  practice: z.string(),
  comments: z.array(OwnerCommentSchema),
});
export type CommentExport = z.infer<typeof CommentExportSchema>;

// ---------------------------------------------------------------------------------------------------------------
// The owner's moderation tools: trusted and blocked addresses, closing a thread, counts per thread
// ---------------------------------------------------------------------------------------------------------------

/** `trusted`: the address's comments publish at once; `blocked`: they are held as spam without a word. */
export const CommentAddressKindSchema = z.enum(['trusted', 'blocked'], 'Choose trusted or blocked');
export type CommentAddressKind = z.infer<typeof CommentAddressKindSchema>;

/** `POST …/comment-addresses` body. */
export const CommentAddressRequestSchema = z.object({
  email: z.string().check(z.trim(), z.maxLength(254, 'Use at most 254 characters'), z.email(EMAIL_MESSAGE)),
  kind: CommentAddressKindSchema,
});
export type CommentAddressRequest = z.infer<typeof CommentAddressRequestSchema>;

/** A trusted or blocked address, stored trimmed and lowercase as comments store their authors' addresses. */
export const CommentAddressSchema = z.object({
  email: z.string(),
  kind: CommentAddressKindSchema,
  createdAt: InstantSchema,
});
export type CommentAddress = z.infer<typeof CommentAddressSchema>;

/** `GET …/comment-addresses` answer. */
export const CommentAddressListResponseSchema = z.object({ addresses: z.array(CommentAddressSchema) });
export type CommentAddressListResponse = z.infer<typeof CommentAddressListResponseSchema>;

/** `POST …/comment-addresses` answer (201 new, 200 when the address was already listed and changed kind). */
export const CommentAddressResponseSchema = z.object({ address: CommentAddressSchema });
export type CommentAddressResponse = z.infer<typeof CommentAddressResponseSchema>;

/** `DELETE …/comment-addresses/<email>` answer. */
export const CommentAddressDeletedSchema = z.object({ deleted: z.literal(true), email: z.string() });
export type CommentAddressDeleted = z.infer<typeof CommentAddressDeletedSchema>;

/** `POST …/comment-threads/close` body: `closed: false` reopens. */
export const CommentThreadCloseRequestSchema = z.object({
  thread: ThreadIdSchema,
  closed: z.boolean('Choose true (close) or false (reopen)'),
});
export type CommentThreadCloseRequest = z.infer<typeof CommentThreadCloseRequestSchema>;

/** `POST …/comment-threads/close` answer. */
export const CommentThreadCloseResponseSchema = z.object({ thread: z.string(), closed: z.boolean() });
export type CommentThreadCloseResponse = z.infer<typeof CommentThreadCloseResponseSchema>;

const CountSchema = z.number().check(z.int(), z.nonnegative());

/** One thread (post) with its comments counted by status. `lastAt`: its newest comment, null when it has none. */
export const CommentThreadSummarySchema = z.object({
  thread: z.string(),
  published: CountSchema,
  pending: CountSchema,
  spam: CountSchema,
  rejected: CountSchema,
  closed: z.boolean(),
  lastAt: z.nullable(InstantSchema),
});
export type CommentThreadSummary = z.infer<typeof CommentThreadSummarySchema>;

/** `GET …/comment-threads` answer, newest activity first. */
export const CommentThreadListResponseSchema = z.object({ threads: z.array(CommentThreadSummarySchema) });
export type CommentThreadListResponse = z.infer<typeof CommentThreadListResponseSchema>;
