/* eslint-disable @typescript-eslint/no-explicit-any -- a migration runs against the schema as it was then, not as
   db/schema.ts describes it now: Kysely<any>, as Kysely's migration docs do. */
import { type Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { sealBody, storedKey } from './idempotency.js';
import type { Dialect } from './schema.js';

/** No booking holds more than this (duration and both buffers are each at most 24 hours). */
export const MAX_BLOCK_MS = 3 * 24 * 3_600_000;

/** Name of Kysely's bookkeeping table (and `<name>_lock`). */
export const MIGRATION_TABLE = 'soleus_migrations';

/** A database holding migrations newer than this code, or a migration that failed. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/**
 * Forward-only migrations, applied in name order, each exactly once. Never edit or rename a shipped migration:
 * add a new one. They receive the dialect because a few column types differ.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  const autoId = dialect === 'sqlite' ? 'integer' : 'bigserial';
  return {
    '0001_foundation': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('mail_outbox')
          .addColumn('id', autoId, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('to', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('html', 'text')
          .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('ical_event', 'text')
          .execute();
        await db.schema.createIndex('mail_outbox_created_at').on('mail_outbox').column('created_at').execute();
      },
    },
    '0002_booking': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('bookings')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('series_id', 'text')
          .addColumn('practitioner_id', 'text', (c) => c.notNull())
          .addColumn('service_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed', 'cancelled')`))
          // Instants as epoch milliseconds: the same comparisons on both engines, no zone conversion in SQL.
          .addColumn('start_ms', 'bigint', (c) => c.notNull())
          .addColumn('end_ms', 'bigint', (c) => c.notNull())
          // The time the booking holds in the calendar: buffers included, half-open [block_start_ms, block_end_ms).
          .addColumn('block_start_ms', 'bigint', (c) => c.notNull())
          .addColumn('block_end_ms', 'bigint', (c) => c.notNull())
          .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('client_name', 'text', (c) => c.notNull())
          .addColumn('client_email', 'text', (c) => c.notNull())
          .addColumn('client_phone', 'text')
          .addColumn('client_time_zone', 'text', (c) => c.notNull())
          .addColumn('notes', 'text')
          .addColumn('answers', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('manage_token_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addCheckConstraint(
            'bookings_block_order',
            sql`block_start_ms < block_end_ms and block_start_ms <= start_ms and start_ms < end_ms and end_ms <= block_end_ms`,
          )
          .execute();
        await db.schema
          .createIndex('bookings_practitioner_block')
          .on('bookings')
          .columns(['practitioner_id', 'block_start_ms'])
          .execute();
        await db.schema.createIndex('bookings_start').on('bookings').column('start_ms').execute();
        await db.schema.createIndex('bookings_series').on('bookings').column('series_id').execute();

        if (dialect === 'postgres') {
          // The database itself refuses two confirmed bookings of one practitioner whose held times overlap.
          await sql`create extension if not exists btree_gist`.execute(db);
          await sql`alter table bookings add column booked_time tstzrange generated always as
            (tstzrange(to_timestamp(block_start_ms / 1000.0), to_timestamp(block_end_ms / 1000.0), '[)')) stored`.execute(
            db,
          );
          await sql`alter table bookings add constraint bookings_no_overlap
            exclude using gist (practitioner_id with =, booked_time with &&) where (status = 'confirmed')`.execute(db);
        } else {
          // SQLite has no exclusion constraints: triggers refuse an overlapping confirmed row on insert and update.
          // Writes run in BEGIN IMMEDIATE transactions, so the check and the write cannot interleave with another writer.
          // The lower bound on block_start_ms keeps the lookup on the index (no held block is longer than 3 days).
          for (const [event, self] of [
            ['insert', sql``],
            ['update of status, block_start_ms, block_end_ms, practitioner_id', sql`and b.id <> new.id`],
          ] as const) {
            const name = event === 'insert' ? 'bookings_no_overlap_insert' : 'bookings_no_overlap_update';
            await sql`create trigger ${sql.raw(name)} before ${sql.raw(event)} on bookings
              when new.status = 'confirmed'
              begin
                select raise(abort, 'booking_overlap') where exists (
                  select 1 from bookings b
                  where b.practitioner_id = new.practitioner_id and b.status = 'confirmed' ${self}
                    and b.block_start_ms > new.block_start_ms - ${sql.raw(String(MAX_BLOCK_MS))}
                    and b.block_start_ms < new.block_end_ms and b.block_end_ms > new.block_start_ms
                );
              end`.execute(db);
          }
        }

        await db.schema
          .createTable('idempotency_keys')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('request_hash', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('running', 'done')`))
          .addColumn('status', 'integer')
          .addColumn('body', 'text')
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_ms').execute();

        await db.schema
          .createTable('rate_limits')
          .addColumn('bucket', 'text', (c) => c.notNull())
          .addColumn('window_ms', 'bigint', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_ms'])
          .execute();
        await db.schema.createIndex('rate_limits_window').on('rate_limits').column('window_ms').execute();
      },
    },
    '0003_newsletter': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('subscribers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          // Lowercased and trimmed; one row per address and list.
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('name', 'text')
          .addColumn('list', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('pending', 'confirmed', 'unsubscribed')`),
          )
          // The consent record: the exact wording shown, the page it was shown on, and when.
          .addColumn('consent_text', 'text', (c) => c.notNull())
          .addColumn('consent_source', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('confirmed_at', 'text')
          .addColumn('unsubscribed_at', 'text')
          .addColumn('last_confirmation_sent_ms', 'bigint', (c) => c.notNull())
          // Keyed hash of the signup IP (never the IP itself), for spotting abuse.
          .addColumn('ip_hash', 'text')
          .addUniqueConstraint('subscribers_list_email', ['list', 'email'])
          .execute();
        await db.schema.createIndex('subscribers_email').on('subscribers').column('email').execute();
        await db.schema.createIndex('subscribers_created').on('subscribers').column('created_at').execute();

        // Single-use proof-of-work challenges (ALTCHA) already spent, kept until they expire.
        await db.schema
          .createTable('used_challenges')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('expires_ms', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('used_challenges_expires').on('used_challenges').column('expires_ms').execute();

        // Confirmed subscribers waiting to be posted to the owner's webhook, retried with backoff.
        await db.schema
          .createTable('webhook_deliveries')
          .addColumn('id', autoId, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('subscriber_id', 'text', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_ms', 'bigint', (c) => c.notNull())
          .addColumn('locked_until_ms', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('delivered_ms', 'bigint')
          .addColumn('last_error', 'text')
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('webhook_deliveries_due')
          .on('webhook_deliveries')
          .columns(['delivered_ms', 'next_attempt_ms'])
          .execute();
        await db.schema.createIndex('webhook_deliveries_email').on('webhook_deliveries').column('email').execute();
      },
    },
    '0004_calendar_versions': {
      async up(db: Kysely<any>) {
        // One counter per practitioner, raised in the same transaction as every booking write: every server process
        // can tell in one tiny query whether an availability answer it computed earlier is still true.
        await db.schema
          .createTable('calendar_versions')
          .addColumn('practitioner_id', 'text', (c) => c.primaryKey())
          .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0005_idempotency_keys_protected': {
      async up(db: Kysely<any>) {
        // Keys are now kept as SHA-256 and responses sealed with the key (a 201 holds the booking's manage token).
        // Rows written before this hold the raw key and a plain response: rewrite them the same way.
        const rows = await db.selectFrom('idempotency_keys').select(['key', 'body']).execute();
        for (const row of rows) {
          const raw = String(row.key);
          await db
            .updateTable('idempotency_keys')
            .set({ key: storedKey(raw), body: row.body == null ? null : sealBody(raw, String(row.body)) })
            .where('key', '=', raw)
            .execute();
        }
      },
    },
    '0006_mail_delivery': {
      async up(db: Kysely<any>) {
        // mail_outbox becomes the durable outbox of every email: written in the transaction of the change that causes
        // it, sent by the mail worker (mail/worker.ts). Rows of the old development outbox were kept, never sent:
        // they are marked as delivered to it.
        const add = (name: string, type: 'text' | 'integer' | 'bigint', notNullDefault?: string | number) =>
          db.schema
            .alterTable('mail_outbox')
            .addColumn(name, type, (c) => (notNullDefault === undefined ? c : c.notNull().defaultTo(notNullDefault)))
            .execute();
        // pending → sent (SMTP accepted) | stored (kept in the development outbox) | failed (gave up) | void (withdrawn)
        await add('status', 'text', 'pending');
        await add('message_id', 'text');
        await add('not_before_ms', 'bigint', 0);
        await add('attempts', 'integer', 0);
        await add('locked_until_ms', 'bigint', 0);
        await add('last_error', 'text');
        await add('sent_at', 'text');
        await add('sent_by', 'text');
        // What the mail is about, for withdrawing or re-timing it (`reminder:<booking id>`), and what rebuilding needs.
        await add('ref', 'text');
        await add('payload', 'text');
        await db
          .updateTable('mail_outbox')
          .set({ status: 'stored', sent_at: sql`created_at`, message_id: sql`'<outbox-' || id || '@localhost>'` })
          .execute();
        await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['status', 'not_before_ms']).execute();
        await db.schema.createIndex('mail_outbox_ref').on('mail_outbox').column('ref').execute();
      },
    },
    '0008_waitlist': {
      async up(db: Kysely<any>) {
        // People waiting for a time to free up on a fully booked day (double opt-in, like the newsletter). The day is
        // kept as the visitor saw it (`day` in `time_zone`) and as the instants it spans, so a freed booking finds its
        // waiters with one range comparison, and entries whose day has ended are purged by `day_end_ms`.
        await db.schema
          .createTable('waitlist_entries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('service_id', 'text', (c) => c.notNull())
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('time_zone', 'text', (c) => c.notNull())
          .addColumn('day_start_ms', 'bigint', (c) => c.notNull())
          .addColumn('day_end_ms', 'bigint', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('pending', 'confirmed', 'unsubscribed')`),
          )
          .addColumn('consent_text', 'text', (c) => c.notNull())
          .addColumn('consent_source', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('confirmed_at', 'text')
          .addColumn('notified_ms', 'bigint')
          .addColumn('last_confirmation_sent_ms', 'bigint', (c) => c.notNull())
          .addColumn('ip_hash', 'text')
          .addUniqueConstraint('waitlist_entries_one_per_day', ['service_id', 'day', 'email'])
          .execute();
        await db.schema
          .createIndex('waitlist_entries_waiting')
          .on('waitlist_entries')
          .columns(['status', 'day_start_ms'])
          .execute();
        await db.schema.createIndex('waitlist_entries_day_end').on('waitlist_entries').column('day_end_ms').execute();
      },
    },
    '0009_link_previews': {
      async up(db: Kysely<any>) {
        // One row per previewed URL (sha256 of its normalised form): the contract body once fetched, its freshness, and
        // the lease that lets one process at a time fetch it for every process on the database (previews/cache.ts).
        await db.schema
          .createTable('link_previews')
          .addColumn('url_key', 'text', (c) => c.primaryKey())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('body', 'text')
          .addColumn('fetched_ms', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('fresh_until_ms', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('stale_until_ms', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('lease_owner', 'text')
          .addColumn('lease_until_ms', 'bigint')
          .execute();
        // Images by content key: the checked source until the first request encodes it, then only the WebP.
        const bytes = dialect === 'sqlite' ? 'blob' : 'bytea';
        await db.schema
          .createTable('link_preview_images')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('source', bytes)
          .addColumn('webp', bytes)
          .addColumn('width', 'integer', (c) => c.notNull())
          .addColumn('height', 'integer', (c) => c.notNull())
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
    '0010_comments': {
      async up(db: Kysely<any>) {
        // Comments keep their Markdown source and, computed once when written, the allowed-node tree and plain text
        // that every read sends. Instants are epoch milliseconds, like bookings. `root_id` is the top-level comment
        // of the thread a reply belongs to (its own id for a top-level one): pages are cut between whole threads.
        await db.schema
          .createTable('comments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('thread', 'text', (c) => c.notNull())
          .addColumn('parent_id', 'text')
          .addColumn('root_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('published', 'pending', 'spam', 'rejected')`),
          )
          .addColumn('author_name', 'text', (c) => c.notNull())
          .addColumn('author_email', 'text')
          .addColumn('author_owner', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('tree', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          // Keyed hash of the normalised text, for the duplicate check.
          .addColumn('text_hash', 'text', (c) => c.notNull())
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .addColumn('edited_ms', 'bigint')
          .addColumn('moderated_ms', 'bigint')
          // SHA-256 of the edit token; the token itself is never stored.
          .addColumn('edit_token_hash', 'text')
          .addColumn('ip_hash', 'text')
          // Why the signals held it (comma-separated), for the owner.
          .addColumn('reasons', 'text')
          // `wordpress:<site>:<id>`, `disqus:<id>`, `demo:<n>`: a second import of the same file adds nothing.
          .addColumn('import_key', 'text', (c) => c.unique())
          .execute();
        await db.schema
          .createIndex('comments_thread_roots')
          .on('comments')
          .columns(['thread', 'status', 'parent_id', 'created_ms', 'id'])
          .execute();
        await db.schema.createIndex('comments_root').on('comments').columns(['root_id', 'status']).execute();
        await db.schema.createIndex('comments_status').on('comments').columns(['status', 'created_ms']).execute();
        await db.schema.createIndex('comments_email').on('comments').columns(['author_email', 'status']).execute();
        await db.schema.createIndex('comments_text_hash').on('comments').columns(['text_hash', 'created_ms']).execute();
        await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute();

        // One row per thread: the published count and a version raised with every change a reader could see, so
        // every server process can tell in one tiny query whether an answer it built earlier is still right.
        await db.schema
          .createTable('comment_threads')
          .addColumn('thread', 'text', (c) => c.primaryKey())
          .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('published', 'bigint', (c) => c.notNull().defaultTo(0))
          .execute();

        // "Email me replies": one row per comment whose author asked, pending until the address confirms.
        await db.schema
          .createTable('comment_subscriptions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('comment_id', 'text', (c) => c.notNull())
          .addColumn('thread', 'text', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('pending', 'confirmed', 'unsubscribed')`),
          )
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          // When the confirmation mail went out (null: not yet, the comment still waits for approval).
          .addColumn('confirmation_sent_ms', 'bigint')
          .addColumn('confirmed_ms', 'bigint')
          .addColumn('unsubscribed_ms', 'bigint')
          .execute();
        await db.schema
          .createIndex('comment_subscriptions_comment')
          .on('comment_subscriptions')
          .column('comment_id')
          .execute();
        await db.schema
          .createIndex('comment_subscriptions_email')
          .on('comment_subscriptions')
          .column('email')
          .execute();
      },
    },
    '0011_admin_auth': {
      async up(db: Kysely<any>) {
        // The owner console's sign-in (admin/): sessions, one-time email links and passkeys. Secrets are stored only
        // as sha256 hashes; instants are epoch milliseconds like every other table.
        await db.schema
          .createTable('admin_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('link', 'passkey')`))
          .addColumn('user_agent', 'text')
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .addColumn('last_seen_ms', 'bigint', (c) => c.notNull())
          .addColumn('expires_ms', 'bigint', (c) => c.notNull())
          .addColumn('ended_ms', 'bigint')
          .execute();
        await db.schema.createIndex('admin_sessions_email').on('admin_sessions').column('email').execute();
        await db.schema
          .createTable('admin_sign_in_links')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .addColumn('expires_ms', 'bigint', (c) => c.notNull())
          .addColumn('used_ms', 'bigint')
          .execute();
        await db.schema
          .createTable('admin_passkeys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('credential_id', 'text', (c) => c.notNull().unique())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('public_key', 'text', (c) => c.notNull())
          .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .addColumn('last_used_ms', 'bigint')
          .execute();
        // WebAuthn challenges in the database, so options from one process verify in another on one PostgreSQL.
        await db.schema
          .createTable('admin_webauthn_challenges')
          .addColumn('challenge', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('register', 'authenticate')`))
          .addColumn('email', 'text')
          .addColumn('expires_ms', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
    '0012_time_off': {
      async up(db: Kysely<any>) {
        // The practice's time off ("an afternoon off"): practice-wide, half-open [start_ms, end_ms) in epoch
        // milliseconds like bookings. Availability and every booking write read it as busy time (booking/store.ts).
        // The overlap read asks `end_ms > from and start_ms < to`: indexed on end_ms, it scans only time off that has
        // not ended before the window, never the whole past.
        await db.schema
          .createTable('time_off')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('start_ms', 'bigint', (c) => c.notNull())
          .addColumn('end_ms', 'bigint', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addCheckConstraint('time_off_order', sql`start_ms < end_ms`)
          .execute();
        await db.schema.createIndex('time_off_end').on('time_off').columns(['end_ms', 'start_ms']).execute();
      },
    },
    '0013_owner_actions': {
      async up(db: Kysely<any>) {
        // The owner's side of a booking: who made it (the widget or the owner, by phone), whether the client came,
        // and the message the owner sent with a cancellation.
        await db.schema
          .alterTable('bookings')
          .addColumn('source', 'text', (c) => c.notNull().defaultTo('widget'))
          .execute();
        await db.schema.alterTable('bookings').addColumn('attendance', 'text').execute();
        await db.schema.alterTable('bookings').addColumn('cancel_message', 'text').execute();
        // A shared series_id is a weekly series or a plan (race-day plan, or a series with moved sessions): the
        // console says which. Rows from before this migration have none and read as a series.
        await db.schema.alterTable('bookings').addColumn('series_kind', 'text').execute();
        // Each owner action (cancel, move, add) for 10 seconds of undo: the booking rows as they were, and the outbox
        // rows it held back (its mail, not sent before undo_until_ms) or withdrew and created (reminders).
        await db.schema
          .createTable('owner_actions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('cancel', 'move', 'add')`))
          .addColumn('booking_id', 'text', (c) => c.notNull())
          .addColumn('before', 'text')
          .addColumn('voided_mail', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('created_mail', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('undo_until_ms', 'bigint', (c) => c.notNull())
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .addColumn('undone_ms', 'bigint')
          .execute();
      },
    },
    '0014_practice_store': {
      async up(db: Kysely<any>) {
        // The practice document (the practice file's JSON, as the owner wrote it) lives here once the file has seeded
        // it; one row, id 1. `revision` rises with every change, so a process re-reads the document (a primary key
        // read of one integer per request) only when it holds an older one.
        await db.schema
          .createTable('practice_document')
          .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn('document', 'text', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0015_comment_moderation': {
      async up(db: Kysely<any>) {
        // The owner's trusted and blocked addresses, normalised as comments store them (trimmed, lowercase). One
        // kind per address: trusting a blocked address unblocks it.
        await db.schema
          .createTable('comment_addresses')
          .addColumn('email', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('trusted', 'blocked')`))
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .execute();
        // A closed thread takes no more comments. On the per-thread row, so closing raises the version every
        // process's page cache already reads, and the public answer says `closed` with no second query.
        await db.schema.alterTable('comment_threads').addColumn('closed_ms', 'bigint').execute();
      },
    },
    '0016_booking_insights': {
      async up(db: Kysely<any>) {
        // What the owner's insights read (server/insights.ts), kept on the booking so the database answers each chart
        // in one query: when it was made (epoch ms, for lead times), when and by whom it was cancelled, and the price
        // it was booked at (minor units, as the practice file writes prices), so a later price change leaves past
        // takings as they were.
        for (const [name, type] of [
          ['created_ms', 'bigint'],
          ['cancelled_ms', 'bigint'],
          ['cancelled_by', 'text'],
          ['price_amount', 'bigint'],
          ['price_currency', 'text'],
        ] as const) {
          await db.schema.alterTable('bookings').addColumn(name, type).execute();
        }
        // Rows from before: made at created_at; cancelled when last changed (the best record there is), by whom not
        // known (null); priced as the practice now says, when the practice is in the database already.
        const epochMs =
          dialect === 'sqlite'
            ? (column: string) => sql`cast(round((julianday(${sql.ref(column)}) - 2440587.5) * 86400000) as integer)`
            : (column: string) =>
                sql`cast(extract(epoch from cast(${sql.ref(column)} as timestamptz)) * 1000 as bigint)`;
        await db
          .updateTable('bookings')
          .set({ created_ms: epochMs('created_at') })
          .execute();
        await db
          .updateTable('bookings')
          .set({ cancelled_ms: epochMs('updated_at') })
          .where('status', '=', 'cancelled')
          .execute();
        const stored = await db.selectFrom('practice_document').select('document').executeTakeFirst();
        const services = (() => {
          try {
            const doc = JSON.parse(String(stored?.document ?? '{}')) as { services?: unknown };
            return Array.isArray(doc.services) ? (doc.services as { id?: unknown; price?: unknown }[]) : [];
          } catch {
            return [];
          }
        })();
        for (const service of services) {
          const price = service.price as { amount?: unknown; currency?: unknown } | null | undefined;
          if (typeof service.id !== 'string' || !price) continue;
          if (!Number.isInteger(price.amount) || typeof price.currency !== 'string') continue;
          await db
            .updateTable('bookings')
            .set({ price_amount: price.amount as number, price_currency: price.currency })
            .where('service_id', '=', service.id)
            .execute();
        }
        // Lead times read bookings by when they were made.
        await db.schema.createIndex('bookings_created').on('bookings').column('created_ms').execute();
      },
    },
  };
}

function provider(list: Record<string, Migration>): MigrationProvider {
  return { getMigrations: async () => list };
}

/** Names of migrations already recorded in the database (empty on a fresh database). */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
  const rows = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
  return rows.map((r) => String(r.name));
}

/**
 * Applies every pending migration. Refuses (MigrationError) when the database knows migrations this code does not,
 * i.e. it was used by a newer Soleus. Returns the names applied now.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  dialect: Dialect,
  options: { where: string; list?: Record<string, Migration> },
): Promise<string[]> {
  const list = options.list ?? migrations(dialect);
  const known = new Set(Object.keys(list));
  const unknown = (await appliedMigrations(db)).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new MigrationError(
      `Database at ${options.where} has migrations this version of Soleus does not know (${unknown.join(', ')}); upgrade Soleus or use another database.`,
    );
  }
  const migrator = new Migrator({ db, provider: provider(list), migrationTableName: MIGRATION_TABLE });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(
      `Migration ${failed ?? ''} failed on ${options.where}: ${error instanceof Error ? error.message : String(error)}`.replace(
        /\s+/g,
        ' ',
      ),
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** `select 1` through the connection: true when the database answers. */
export async function ping(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
