/**
 * The durable outbox. A feature never sends mail itself: it writes the messages with {@link enqueueMail} inside the
 * very transaction that makes the change they announce, so either both are committed or neither is. The mail worker
 * (worker.ts) sends them afterwards, with retries. A crash, a restart or an SMTP server refusing for an hour loses
 * nothing: the row waits in the table.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MailMessage } from './mailer.js';
import { newMessageId } from './message-id.js';

export { domainOf, newMessageId } from './message-id.js';

/** Options of {@link enqueueMail}. */
export interface EnqueueOptions {
  /** Not sent before this instant (a reminder); default: as soon as the worker runs. */
  notBefore?: Date;
  /** The right-hand side of the Message-ID (the sender's domain); default `localhost`. */
  domain?: string;
  /** What the mail is about, so it can be withdrawn or re-timed later (`reminder:<booking id>`). */
  ref?: string;
  /** JSON-able data the feature needs to rebuild the mail later (kept with the row, never sent). */
  payload?: unknown;
  /** The clock (created_at); default now. */
  now?: Date;
}

/**
 * Writes `messages` to the outbox through `trx`, the caller's transaction (the caller commits). Each row gets its
 * stable Message-ID now. Returns the ids of the rows, in order.
 */
export async function enqueueMail(
  trx: Kysely<Database>,
  messages: readonly MailMessage[],
  options: EnqueueOptions = {},
): Promise<number[]> {
  if (messages.length === 0) return [];
  const createdAt = (options.now ?? new Date()).toISOString();
  const notBefore = options.notBefore?.getTime() ?? 0;
  const rows = await trx
    .insertInto('mail_outbox')
    .values(
      messages.map((message) => ({
        created_at: createdAt,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? null,
        headers: JSON.stringify(message.headers ?? {}),
        ical_event: message.icalEvent ? JSON.stringify(message.icalEvent) : null,
        status: 'pending' as const,
        message_id: newMessageId(options.domain),
        not_before_ms: notBefore,
        last_error: null,
        sent_at: null,
        sent_by: null,
        ref: options.ref ?? null,
        payload: options.payload === undefined ? null : JSON.stringify(options.payload),
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Withdraws the pending mail about `ref` (a cancelled booking's reminder): marked `void`, never sent, with `reason`
 * shown in the development outbox. Returns how many rows it withdrew. Run it in the transaction of the change.
 */
export async function voidMail(trx: Kysely<Database>, ref: string, reason?: string): Promise<number> {
  const result = await trx
    .updateTable('mail_outbox')
    .set({ status: 'void', ...(reason ? { last_error: reason } : {}) })
    .where('ref', '=', ref)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The payload of the newest row about `ref`, whatever its status (undefined when there is none). */
export async function payloadOf(trx: Kysely<Database>, ref: string): Promise<unknown> {
  const row = await trx
    .selectFrom('mail_outbox')
    .select('payload')
    .where('ref', '=', ref)
    .where('payload', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row?.payload) return undefined;
  try {
    return JSON.parse(row.payload) as unknown;
  } catch {
    return undefined;
  }
}

/** The calendar part of a row as stored: JSON of {@link MailMessage.icalEvent}, or (older rows) the bare text. */
export function icalEventOf(stored: string | null): MailMessage['icalEvent'] | undefined {
  if (!stored) return undefined;
  if (stored.startsWith('{')) {
    try {
      const parsed = JSON.parse(stored) as MailMessage['icalEvent'];
      if (parsed && typeof parsed.content === 'string') return parsed;
    } catch {
      // Older rows hold the bare text.
    }
  }
  return { content: stored };
}
