import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { Database } from '../db/schema.js';
import { newMessageId } from './message-id.js';

/** One message to send. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  /** An iCalendar invitation/update, sent as a text/calendar alternative. */
  icalEvent?: { method?: 'REQUEST' | 'CANCEL' | 'PUBLISH'; filename?: string; content: string };
  /** The Message-ID header (`<…@…>`); the outbox fixes it when the mail is enqueued, so a re-send carries the same. */
  messageId?: string;
}

/** What became of a message: sent over SMTP, kept in the development outbox, or not sent at all. */
export type MailResult =
  | { status: 'sent'; messageId: string }
  | { status: 'stored'; outboxId: number }
  | { status: 'not_sent'; reason: string };

/**
 * Sends one message now: through SMTP, or kept in the development outbox when no SMTP_URL is set. Features do not call
 * it: they enqueue (outbox.ts) and the worker (worker.ts) calls this.
 */
export interface Mailer {
  /** `smtp`, `outbox` (development) or `disabled` (production without SMTP). */
  readonly mode: 'smtp' | 'outbox' | 'disabled';
  send(message: MailMessage): Promise<MailResult>;
  /** Several messages at once where that is cheaper (the outbox stores them in one write). */
  sendAll?(messages: readonly MailMessage[]): Promise<MailResult[]>;
  close(): void;
}

/** Options of {@link createMailer}. */
export interface MailerOptions {
  smtpUrl: string | undefined;
  db: Kysely<Database>;
  production: boolean;
  /** The From address, e.g. `"Jim's Sports Massage" <jim@example.com>`. */
  from: string;
  /** Where warnings go; defaults to console.warn. */
  warn?: (line: string) => void;
  /**
   * Runs an outbox write. The server passes its write path on SQLite, so outbox rows join the shared group commit
   * instead of syncing on their own; by default the rows are inserted directly. Injected rather than imported: this
   * infrastructure knows nothing of the booking store.
   */
  write?: <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>;
}

/** Creates the mailer for the configured mode. */
export function createMailer(options: MailerOptions): Mailer {
  const warn = options.warn ?? ((line: string) => console.warn(line));
  if (options.smtpUrl) {
    // Pooled: a burst of bookings reuses a few SMTP connections instead of opening one per message.
    const url = new URL(options.smtpUrl);
    if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
    // Bounded waits (nodemailer's own allow 10 minutes of silence): one attempt ends well inside the worker's lease.
    const transport = nodemailer.createTransport({
      url: url.toString(),
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    return {
      mode: 'smtp',
      async send(message) {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html !== undefined ? { html: message.html } : {}),
          ...(message.headers ? { headers: message.headers } : {}),
          ...(message.icalEvent ? { icalEvent: message.icalEvent } : {}),
          ...(message.messageId ? { messageId: message.messageId } : {}),
        });
        return { status: 'sent', messageId: String(info.messageId) };
      },
      close: () => transport.close(),
    };
  }
  if (options.production) {
    const reason = 'SMTP_URL is not set, so no email is sent in production';
    warn(`Warning: ${reason}; set SMTP_URL (e.g. smtp://user:pass@mail.example.com:587).`);
    return {
      mode: 'disabled',
      async send(message) {
        warn(`Warning: email "${message.subject}" to ${message.to} NOT sent: ${reason}.`);
        return { status: 'not_sent', reason };
      },
      close() {},
    };
  }
  const row = (message: MailMessage) => ({
    created_at: new Date().toISOString(),
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html ?? null,
    headers: JSON.stringify({ From: options.from, ...message.headers }),
    ical_event: message.icalEvent ? JSON.stringify(message.icalEvent) : null,
    // Kept at once: a direct send in development bypasses the worker and is delivered to this outbox.
    status: 'stored' as const,
    message_id: message.messageId ?? newMessageId(),
    sent_at: new Date().toISOString(),
    last_error: null,
    sent_by: null,
    ref: null,
    payload: null,
  });
  const sendAll = async (messages: readonly MailMessage[]): Promise<MailResult[]> => {
    if (messages.length === 0) return [];
    const insert = (db: Kysely<Database>) =>
      db.insertInto('mail_outbox').values(messages.map(row)).returning('id').execute();
    const rows = options.write ? await options.write(insert) : await insert(options.db);
    return rows.map((r) => ({ status: 'stored', outboxId: Number(r.id) }));
  };
  return {
    mode: 'outbox',
    async send(message) {
      return (await sendAll([message]))[0]!;
    },
    sendAll,
    close() {},
  };
}
