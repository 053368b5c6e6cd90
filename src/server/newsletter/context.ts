import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../db/schema.js';
import type { WebhookWorker } from './webhook.js';

/** What the newsletter routes share. */
export interface NewsletterContext {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The server secret; tokens are signed with keys derived from it. */
  secret: string;
  now: () => Date;
  /** The right-hand side of Message-IDs (the sender's domain); mail goes to the outbox (mail/outbox.ts). */
  mailDomain: string;
  /** The practice's name, shown in emails and pages. */
  senderName: string;
  /** Base URL of links in emails (`https://book.example.com`, no trailing slash). */
  publicUrl: () => string;
  /** Subscription posts allowed per client IP per minute. */
  rateLimit: number;
  /** Subscription posts allowed per email address per minute. */
  addressRateLimit: number;
  trustProxy: boolean;
  adminToken: string | undefined;
  /** Welcome email text after confirmation; `false` sends none. */
  welcome: string | false;
  /** Require an ALTCHA proof of work with each subscription. */
  altcha: boolean;
  /** Posts confirmed subscribers to the owner's webhook, when configured. */
  webhook: WebhookWorker | undefined;
  logError: (message: string, error: unknown) => void;
}

/** The default welcome text (SOLEUS_NEWSLETTER_WELCOME replaces it; `off` sends no welcome). */
export const DEFAULT_WELCOME =
  'Thank you for confirming: you are now subscribed. You will hear from us when there is something worth your time, and every email has a link to unsubscribe.';
