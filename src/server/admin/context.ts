import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../db/schema.js';
import type { Practice } from '../practice.js';

/** What the owner console's sign-in needs (admin/). */
export interface AdminContext {
  db: Kysely<Database>;
  dialect: Dialect;
  practice: Pick<Practice, 'name' | 'owners'>;
  now: () => Date;
  /** `SOLEUS_ADMIN_TOKEN`: the bearer token for scripts; unset, only the session cookie opens the owner API. */
  adminToken: string | undefined;
  /** `SOLEUS_PUBLIC_URL`: its origin is the server's own origin (Origin check, WebAuthn RP) and https makes the cookie Secure. */
  publicUrl: string | undefined;
  /** Base URL of emailed links, without a trailing slash. */
  linkBase: () => string;
  /** Right-hand side of Message-IDs. */
  mailDomain: string;
  trustProxy: boolean;
}

/** Emails are compared trimmed and lowercased. */
export const normalEmail = (email: string): string => email.trim().toLowerCase();

/** Whether `email` may sign in (the practice file's `owners`). */
export const isOwner = (ctx: AdminContext, email: string): boolean => ctx.practice.owners.includes(normalEmail(email));

/** The server's own origin: `SOLEUS_PUBLIC_URL`'s, else the request's. */
export function ownOrigin(ctx: AdminContext, c: Context): string {
  return new URL(ctx.publicUrl ?? c.req.url).origin;
}
