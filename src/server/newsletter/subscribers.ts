import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { writeTransaction } from '../db/transaction.js';
import { enqueueMail } from '../mail/outbox.js';
import type { NewsletterContext } from './context.js';
import { confirmationMail, welcomeMail } from './emails.js';
import { confirmToken, unsubscribeToken } from './tokens.js';
import type { SubscriberRow } from './records.js';

/**
 * The subscription lifecycle in the database: signup (double opt-in), confirmation, unsubscribe, erasure.
 * Every transition is one conditional UPDATE, so concurrent requests and several server processes agree.
 */

export type { SubscriberRow } from './records.js';

/** A pending address gets at most one confirmation mail per this. */
export const CONFIRMATION_INTERVAL_MS = 10 * 60_000;

/** A signup that passed validation and the bot checks. */
export interface Signup {
  /** Normalised (trimmed, lowercased). */
  email: string;
  name: string | null;
  list: string;
  consentText: string;
  consentSource: string | null;
  ipHash: string | null;
}

/** What a signup did (never shown to the client: the answer is the same 202 for all). */
export type SignupOutcome = 'created' | 'resent' | 'throttled' | 'already_confirmed';

const newId = () => randomBytes(16).toString('base64url');

/** Links of a subscriber's emails and pages. */
export function linksFor(ctx: NewsletterContext, subscriberId: string, nowMs: number) {
  const base = ctx.publicUrl();
  return {
    confirmUrl: `${base}/subscribe/confirm?token=${confirmToken(ctx.secret, subscriberId, nowMs)}`,
    unsubscribeUrl: `${base}/unsubscribe?token=${unsubscribeToken(ctx.secret, subscriberId, nowMs)}`,
  };
}

/** Writes the confirmation mail to the outbox, in the signup's transaction. */
async function sendConfirmation(
  ctx: NewsletterContext,
  trx: Kysely<Database>,
  row: Pick<SubscriberRow, 'id' | 'email' | 'name' | 'list'>,
  nowMs: number,
): Promise<void> {
  const links = linksFor(ctx, row.id, nowMs);
  await enqueueMail(
    trx,
    [confirmationMail({ to: row.email, name: row.name, senderName: ctx.senderName, list: row.list, ...links })],
    { domain: ctx.mailDomain, now: new Date(nowMs) },
  );
}

/**
 * Records a signup and sends the confirmation mail when due: new addresses at once; pending (and unsubscribed, who
 * must confirm again) at most once per 10 minutes, each sending refreshing the consent record; confirmed: nothing.
 */
export async function signUp(ctx: NewsletterContext, signup: Signup): Promise<SignupOutcome> {
  // One transaction: the subscriber row and its confirmation mail are committed together or not at all.
  return writeTransaction(ctx.db, ctx.dialect, (trx) => signUpIn(ctx, trx, signup));
}

async function signUpIn(ctx: NewsletterContext, db: Kysely<Database>, signup: Signup): Promise<SignupOutcome> {
  const now = ctx.now();
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  const fresh = {
    name: signup.name,
    consent_text: signup.consentText,
    consent_source: signup.consentSource,
    created_at: nowIso,
    last_confirmation_sent_ms: nowMs,
    ip_hash: signup.ipHash,
  };
  const id = newId();
  const inserted = await db
    .insertInto('subscribers')
    .values({
      id,
      email: signup.email,
      list: signup.list,
      status: 'pending',
      confirmed_at: null,
      unsubscribed_at: null,
      ...fresh,
    })
    .onConflict((oc) => oc.columns(['list', 'email']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    await sendConfirmation(ctx, db, { id, email: signup.email, name: signup.name, list: signup.list }, nowMs);
    return 'created';
  }

  const existing = await db
    .selectFrom('subscribers')
    .selectAll()
    .where('list', '=', signup.list)
    .where('email', '=', signup.email)
    .executeTakeFirst();
  if (!existing) return 'throttled'; // erased between the two statements: treat as done, the person can retry
  if (existing.status === 'confirmed') return 'already_confirmed';

  const updated = await db
    .updateTable('subscribers')
    .set({ status: 'pending', confirmed_at: null, unsubscribed_at: null, ...fresh })
    .where('id', '=', existing.id)
    .where('status', 'in', ['pending', 'unsubscribed'])
    .where('last_confirmation_sent_ms', '<=', nowMs - CONFIRMATION_INTERVAL_MS)
    .returning(['id', 'email', 'name', 'list'])
    .executeTakeFirst();
  if (!updated) return 'throttled';
  await sendConfirmation(ctx, db, updated, nowMs);
  return 'resent';
}

/** Signups never confirmed are forgotten after this: an unconfirmed address is not consent. */
export const PENDING_RETENTION_MS = 30 * 24 * 3_600_000;

/** Deletes pending signups older than {@link PENDING_RETENTION_MS}. */
export async function purgeStalePending(ctx: NewsletterContext, nowMs: number): Promise<void> {
  const cutoff = new Date(nowMs - PENDING_RETENTION_MS).toISOString();
  await ctx.db.deleteFrom('subscribers').where('status', '=', 'pending').where('created_at', '<', cutoff).execute();
}

export async function findSubscriber(ctx: NewsletterContext, id: string): Promise<SubscriberRow | undefined> {
  return ctx.db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What a confirmation did. */
export type ConfirmOutcome =
  | { kind: 'confirmed' | 'already'; row: SubscriberRow }
  | { kind: 'unsubscribed'; row: SubscriberRow }
  | { kind: 'gone' };

/** Confirms a pending subscriber; sends the welcome mail and queues the webhook on the first confirmation only. */
export async function confirm(ctx: NewsletterContext, id: string): Promise<ConfirmOutcome> {
  const now = ctx.now();
  // The confirmation, its welcome mail and its webhook post commit together.
  const row = await writeTransaction(ctx.db, ctx.dialect, async (trx) => {
    const confirmed = await trx
      .updateTable('subscribers')
      .set({ status: 'confirmed', confirmed_at: now.toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!confirmed) return undefined;
    if (ctx.welcome !== false) {
      const { unsubscribeUrl } = linksFor(ctx, confirmed.id, now.getTime());
      const welcome = welcomeMail({
        to: confirmed.email,
        name: confirmed.name,
        senderName: ctx.senderName,
        list: confirmed.list,
        unsubscribeUrl,
        welcome: ctx.welcome,
      });
      await enqueueMail(trx, [welcome], { domain: ctx.mailDomain, now });
    }
    if (ctx.webhook) await ctx.webhook.enqueue(confirmed, trx);
    return confirmed;
  });
  if (row) {
    ctx.webhook?.kick(); // after the commit, so the worker sees the row
    return { kind: 'confirmed', row };
  }
  const current = await findSubscriber(ctx, id);
  if (!current) return { kind: 'gone' };
  if (current.status === 'confirmed') return { kind: 'already', row: current };
  return { kind: 'unsubscribed', row: current };
}

/** What an unsubscribe did. */
export type UnsubscribeOutcome = { kind: 'unsubscribed' | 'already'; row: SubscriberRow } | { kind: 'gone' };

/** Unsubscribes at once (RFC 8058 one-click); repeating it is harmless. */
export async function unsubscribe(ctx: NewsletterContext, id: string): Promise<UnsubscribeOutcome> {
  const row = await ctx.db
    .updateTable('subscribers')
    .set({ status: 'unsubscribed', unsubscribed_at: ctx.now().toISOString() })
    .where('id', '=', id)
    .where('status', '<>', 'unsubscribed')
    .returningAll()
    .executeTakeFirst();
  if (row) return { kind: 'unsubscribed', row };
  const current = await findSubscriber(ctx, id);
  return current ? { kind: 'already', row: current } : { kind: 'gone' };
}

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern (escape `\`). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Every subscriber, optionally of one list and status, and whose email or name holds `q` (any case), oldest signup
 * first. The search is in the query: `lower(column) LIKE lower(pattern) ESCAPE '\'` reads the same on SQLite and
 * PostgreSQL (SQLite's LIKE ignores ASCII case only, PostgreSQL's none: lower() on both sides makes them agree).
 */
export async function listSubscribers(
  ctx: NewsletterContext,
  filter: { list?: string | undefined; status?: SubscriberRow['status'] | undefined; q?: string | undefined } = {},
): Promise<SubscriberRow[]> {
  let query = ctx.db.selectFrom('subscribers').selectAll();
  if (filter.list) query = query.where('list', '=', filter.list);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.q) {
    const pattern = `%${likeLiteral(filter.q.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref('email')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(coalesce(${eb.ref('name')}, '')) like ${pattern} escape '\\'`,
      ]),
    );
  }
  return query.orderBy('created_at').orderBy('email').orderBy('list').execute();
}

/** What an erasure removed. */
export interface Erasure {
  /** Subscriptions (each with its consent record) removed. */
  subscriptions: { list: string; status: SubscriberRow['status'] }[];
  /** Queued webhook posts about the person removed. */
  webhookDeliveries: number;
  /** Copies of mail to the person removed from the development outbox. */
  outboxMessages: number;
}

/**
 * Erases a person: every subscription with its consent record, their waitlist entries, queued webhook posts and kept
 * mail (but not a booking's reminder still to come), in one transaction.
 */
export async function erase(ctx: NewsletterContext, email: string): Promise<Erasure> {
  return ctx.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('subscribers')
      .where('email', '=', email)
      .returning(['list', 'status'])
      .execute();
    if (removed.length === 0) return { subscriptions: [], webhookDeliveries: 0, outboxMessages: 0 };
    const hooks = await trx.deleteFrom('webhook_deliveries').where('email', '=', email).executeTakeFirst();
    // Their waitlist entries are consent records of the same kind (an address kept to mail them once): gone too.
    await trx.deleteFrom('waitlist_entries').where('email', '=', email).execute();
    // Mail kept about them goes, except reminders still to be sent about a booking they hold: the booking is not
    // newsletter data and its reminder is part of the appointment (`ref` is null on most rows, hence the `is null`).
    const outbox = await trx
      .deleteFrom('mail_outbox')
      .where('to', '=', email)
      .where((eb) => eb.or([eb('status', '<>', 'pending'), eb('ref', 'is', null), eb('ref', 'not like', 'reminder:%')]))
      .executeTakeFirst();
    return {
      subscriptions: removed.map((r) => ({ list: r.list, status: r.status })),
      webhookDeliveries: Number(hooks.numDeletedRows),
      outboxMessages: Number(outbox.numDeletedRows),
    };
  });
}
