import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../db/schema.js';
import type { MailDispatcher } from '../mail/dispatch.js';
import type { Practice } from '../practice.js';

/** What the comment routes share. */
export interface CommentsContext {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The server secret; tokens are signed with keys derived from it. */
  secret: string;
  now: () => Date;
  mail: MailDispatcher;
  practice: Practice;
  /** Base URL of links in emails and pages (no trailing slash). */
  publicUrl: () => string;
  /** Comment posts allowed per client IP per minute. */
  rateLimit: number;
  /** Comment posts allowed per thread per minute. */
  threadRateLimit: number;
  trustProxy: boolean;
  adminToken: string | undefined;
  /** Require an ALTCHA proof of work with each comment (as the newsletter does, `SOLEUS_ALTCHA=1`). */
  altcha: boolean;
  logError: (message: string, error: unknown) => void;
}

/** Where the practitioner's moderation mail goes: the practice address, else the first practitioner's. */
export function ownerAddress(practice: Practice): string | undefined {
  return practice.email ?? practice.practitioners.find((p) => p.email)?.email;
}

/** The name the owner's replies carry. */
export function ownerName(practice: Practice): string {
  return practice.comments.ownerName ?? practice.practitioners[0]?.name ?? practice.name;
}
