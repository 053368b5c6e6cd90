import type { Generated } from 'kysely';

/** Key/value settings, e.g. the server secret. */
export interface SettingsTable {
  key: string;
  value: string;
}

/**
 * The outbox of every email: written in the transaction of the change that causes it, sent by the mail worker
 * (kept, marked `stored`, when no SMTP_URL is set in development).
 */
export interface MailOutboxTable {
  id: Generated<number>;
  /** ISO 8601 instant in UTC. */
  created_at: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** JSON object of extra headers. */
  headers: string;
  /** iCalendar attachment content, if any. */
  ical_event: string | null;
  /** `sent` (SMTP accepted), `stored` (development outbox), `failed` (gave up), `void` (withdrawn). */
  status: Generated<'pending' | 'sent' | 'stored' | 'failed' | 'void'>;
  /** The Message-ID header, fixed when enqueued: a re-send after a crash carries the same one. */
  message_id: string | null;
  /** Not sent before this instant (epoch ms): a reminder's time, or the next retry. */
  not_before_ms: Generated<number>;
  /** Delivery attempts that failed so far. */
  attempts: Generated<number>;
  /** A worker holds the row until then (epoch ms); another skips it. */
  locked_until_ms: Generated<number>;
  last_error: string | null;
  /** When SMTP accepted it (or the development outbox kept it), ISO 8601. */
  sent_at: string | null;
  /** Which process sent it (`host:pid`). */
  sent_by: string | null;
  /** What the mail is about, to withdraw or re-time it (`reminder:<booking id>`). */
  ref: string | null;
  /** JSON the feature needs to rebuild the mail (a reminder's manage token). */
  payload: string | null;
}

/** One appointment (a series is several rows sharing series_id). Instants are epoch milliseconds. */
export interface BookingsTable {
  id: string;
  series_id: string | null;
  practitioner_id: string;
  service_id: string;
  status: 'confirmed' | 'cancelled';
  start_ms: number;
  end_ms: number;
  block_start_ms: number;
  block_end_ms: number;
  sequence: Generated<number>;
  client_name: string;
  client_email: string;
  client_phone: string | null;
  client_time_zone: string;
  notes: string | null;
  /** JSON object of question id → answer. */
  answers: Generated<string>;
  /** SHA-256 (hex) of the manage token; the token itself is never stored. */
  manage_token_hash: string;
  created_at: string;
  updated_at: string;
  /** Who made it: the visitor in the widget, or the owner (a booking taken by phone). */
  source: Generated<'widget' | 'owner'>;
  /** Marked by the owner once the session has started. */
  attendance: 'attended' | 'no_show' | null;
  /** The owner's message to the client with a cancellation. */
  cancel_message: string | null;
  /** What a shared series_id is: a weekly series or a plan (null: a single booking, or a row older than this). */
  series_kind: 'series' | 'plan' | null;
  /** When it was made (epoch ms): created_at as a number, for lead times. */
  created_ms: number;
  /** When it was cancelled (epoch ms), and by whom (null on rows cancelled before this was kept). */
  cancelled_ms: number | null;
  cancelled_by: 'client' | 'owner' | null;
  /** The price it was booked at (minor units, as the practice writes prices); null when the service had none. */
  price_amount: number | null;
  price_currency: string | null;
}

/** An owner action on a booking, kept for its 10 seconds of undo. */
export interface OwnerActionsTable {
  id: string;
  kind: 'cancel' | 'move' | 'add';
  booking_id: string;
  /** JSON of the booking row before the action (null for an added booking). */
  before: string | null;
  /** JSON arrays of outbox row ids: the pending mail the action withdrew, and the mail it wrote. */
  voided_mail: Generated<string>;
  created_mail: Generated<string>;
  undo_until_ms: number;
  created_ms: number;
  undone_ms: number | null;
}

/** Idempotency-Key records: running while the first request works, then its response for replays. */
export interface IdempotencyKeysTable {
  key: string;
  request_hash: string;
  state: 'running' | 'done';
  status: number | null;
  body: string | null;
  created_ms: number;
}

/** Fixed one-minute windows of counted requests per bucket (e.g. `booking:<ip>`). */
export interface RateLimitsTable {
  bucket: string;
  window_ms: number;
  count: number;
}

/** Newsletter subscriptions with their consent record; one row per address and list. */
export interface SubscribersTable {
  /** Random id; tokens name it, so erasing the row voids every link sent. */
  id: string;
  /** Trimmed and lowercased. */
  email: string;
  name: string | null;
  list: string;
  status: 'pending' | 'confirmed' | 'unsubscribed';
  /** The exact consent wording the person was shown. */
  consent_text: string;
  /** The page the form was on. */
  consent_source: string | null;
  /** Signup (ISO 8601 instant in UTC); a fresh signup after an unsubscribe starts a new record. */
  created_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  /** When the last confirmation mail went out (epoch ms): at most one per 10 minutes. */
  last_confirmation_sent_ms: number;
  /** Keyed hash of the signup IP, never the IP. */
  ip_hash: string | null;
}

/** Spent single-use proof-of-work challenges, kept until they expire. */
export interface UsedChallengesTable {
  id: string;
  expires_ms: number;
}

/** Confirmed subscribers queued for the owner's webhook. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  subscriber_id: string;
  email: string;
  /** The JSON body sent (and signed). */
  payload: string;
  attempts: Generated<number>;
  next_attempt_ms: number;
  /** A worker holding the row until then (another process skips it). */
  locked_until_ms: Generated<number>;
  delivered_ms: number | null;
  last_error: string | null;
  created_ms: number;
}

/** Raised with every booking write of a practitioner; availability answers are cached against it. */
export interface CalendarVersionsTable {
  practitioner_id: string;
  version: number;
}

/** A comment (contract "Comments"). Instants are epoch milliseconds; `author_owner` is 0 or 1 on both engines. */
export interface CommentsTable {
  id: string;
  thread: string;
  parent_id: string | null;
  /** The top-level comment this one belongs under (its own id when it is top-level). */
  root_id: string;
  status: 'published' | 'pending' | 'spam' | 'rejected';
  author_name: string;
  author_email: string | null;
  author_owner: number;
  /** The Markdown source. */
  body: string;
  /** JSON of the allowed-node tree built from `body`. */
  tree: string;
  text: string;
  text_hash: string;
  created_ms: number;
  edited_ms: number | null;
  moderated_ms: number | null;
  edit_token_hash: string | null;
  ip_hash: string | null;
  reasons: string | null;
  import_key: string | null;
}

/** Per thread: the published count and a version raised with every visible change. */
export interface CommentThreadsTable {
  thread: string;
  version: Generated<number>;
  published: Generated<number>;
  /** When the owner closed the thread to new comments (null: open). */
  closed_ms: number | null;
}

/** An address the owner trusts (its comments publish at once) or blocks (held as spam, silently). */
export interface CommentAddressesTable {
  /** Normalised as comments store it: trimmed, lowercase. */
  email: string;
  kind: 'trusted' | 'blocked';
  created_ms: number;
}

/** A request for reply notifications on one comment, double opt-in. */
export interface CommentSubscriptionsTable {
  id: string;
  comment_id: string;
  thread: string;
  email: string;
  status: 'pending' | 'confirmed' | 'unsubscribed';
  created_ms: number;
  confirmation_sent_ms: number | null;
  confirmed_ms: number | null;
  unsubscribed_ms: number | null;
}

/** A person waiting for a time to free up on one day for one service (booking/waitlist.ts). */
export interface WaitlistEntriesTable {
  /** Random id; the entry's links name it. */
  id: string;
  service_id: string;
  /** `YYYY-MM-DD` as the visitor saw it, in `time_zone`. */
  day: string;
  time_zone: string;
  /** The day's first instant and the instant after its last (epoch ms). */
  day_start_ms: number;
  day_end_ms: number;
  /** Trimmed and lowercased. */
  email: string;
  status: 'pending' | 'confirmed' | 'unsubscribed';
  /** The exact consent wording the person was shown, and the page the form was on. */
  consent_text: string;
  consent_source: string | null;
  created_at: string;
  confirmed_at: string | null;
  /** When the one "a time has freed up" email was claimed for this entry (epoch ms); null until then. */
  notified_ms: number | null;
  /** At most one confirmation mail per 10 minutes. */
  last_confirmation_sent_ms: number;
  /** Keyed hash of the signup IP, never the IP. */
  ip_hash: string | null;
}

/** Link previews by URL (previews/cache.ts): the contract body, its freshness and the fetch lease. */
export interface LinkPreviewsTable {
  /** sha256 (base64url) of the normalised URL. */
  url_key: string;
  url: string;
  /** The contract's JSON body; null while the first fetch is under way. */
  body: string | null;
  fetched_ms: Generated<number>;
  fresh_until_ms: Generated<number>;
  stale_until_ms: Generated<number>;
  /** 1: written from the practice file (`linkPreview.pinned`), never fetched. */
  pinned: Generated<number>;
  /** The process fetching it now, until `lease_until_ms`. */
  lease_owner: string | null;
  lease_until_ms: number | null;
}

/** Preview thumbnails by content key; `source` until the first request encodes `webp`. */
export interface LinkPreviewImagesTable {
  key: string;
  kind: 'image' | 'icon';
  source: Buffer | null;
  webp: Buffer | null;
  width: number;
  height: number;
  created_ms: number;
}

/** An owner's signed-in browser (admin/sessions.ts); the cookie holds the secret, the row only its hash. */
export interface AdminSessionsTable {
  id: string;
  secret_hash: string;
  email: string;
  method: 'link' | 'passkey';
  user_agent: string | null;
  created_ms: number;
  last_seen_ms: number;
  /** The absolute end: 30 days after sign-in. */
  expires_ms: number;
  ended_ms: number | null;
}

/** A one-time sign-in link sent by email (admin/links.ts), by the hash of its token. */
export interface AdminSignInLinksTable {
  token_hash: string;
  email: string;
  created_ms: number;
  expires_ms: number;
  used_ms: number | null;
}

/** An owner's WebAuthn credential (admin/passkeys.ts). */
export interface AdminPasskeysTable {
  id: string;
  /** base64url credential id, as the browser reports it. */
  credential_id: string;
  email: string;
  /** base64url COSE public key. */
  public_key: string;
  counter: number;
  /** JSON array of transports. */
  transports: string;
  name: string;
  created_ms: number;
  last_used_ms: number | null;
}

/** A WebAuthn challenge handed out and not yet answered (single use, short-lived). */
export interface AdminWebauthnChallengesTable {
  challenge: string;
  kind: 'register' | 'authenticate';
  email: string | null;
  expires_ms: number;
}

/** The practice's time off: practice-wide, half-open [start_ms, end_ms) in epoch milliseconds. */
export interface TimeOffTable {
  /** `to_` + 128 random bits, base64url. */
  id: string;
  start_ms: number;
  end_ms: number;
  reason: string | null;
  /** ISO 8601 instant in UTC. */
  created_at: string;
}

/** The practice document (one row, id 1): the practice file's JSON as written, and its revision. */
export interface PracticeDocumentTable {
  id: number;
  /** JSON text of the document. */
  document: string;
  /** 1 when seeded from the file; raised by one with every change. */
  revision: number;
  /** ISO 8601 instant in UTC. */
  updated_at: string;
}

/** Every table Soleus owns, for Kysely's types. */
export interface Database {
  settings: SettingsTable;
  mail_outbox: MailOutboxTable;
  bookings: BookingsTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limits: RateLimitsTable;
  calendar_versions: CalendarVersionsTable;
  subscribers: SubscribersTable;
  used_challenges: UsedChallengesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  comments: CommentsTable;
  comment_threads: CommentThreadsTable;
  comment_subscriptions: CommentSubscriptionsTable;
  comment_addresses: CommentAddressesTable;
  waitlist_entries: WaitlistEntriesTable;
  link_previews: LinkPreviewsTable;
  link_preview_images: LinkPreviewImagesTable;
  admin_sessions: AdminSessionsTable;
  admin_sign_in_links: AdminSignInLinksTable;
  admin_passkeys: AdminPasskeysTable;
  admin_webauthn_challenges: AdminWebauthnChallengesTable;
  time_off: TimeOffTable;
  owner_actions: OwnerActionsTable;
  practice_document: PracticeDocumentTable;
}

/** Which SQL engine is underneath. */
export type Dialect = 'sqlite' | 'postgres';
