import type { Generated } from 'kysely';

/** Key/value settings, e.g. the server secret. */
export interface SettingsTable {
  key: string;
  value: string;
}

/** Mail kept instead of sent when no SMTP_URL is set (development only). */
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
}

/** Which SQL engine is underneath. */
export type Dialect = 'sqlite' | 'postgres';
