/**
 * Helpers for the newsletter tests: a real server on 127.0.0.1 over a fresh database, a real SMTP server on loopback
 * that keeps what it receives, form tokens signed with the test secret, and small request helpers.
 */
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/server/db/schema.js';
import { issueFormToken } from '../../../src/server/newsletter/tokens.js';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import { freshDatabase, type TestDatabase, type TestDialect } from '../support/databases.js';

/** The server secret of every test server (so tests can sign tokens with any time). */
export const SECRET = 'newsletter-test-secret-0123456789abcdef0123456789abcdef';
export const ADMIN = 'newsletter-admin-token-0123456789';
export const CONSENT =
  'Yes, email me the newsletter. I can unsubscribe at any time (privacy: https://example.com/privacy).';
export const SOURCE = 'https://blog.example.com/posts/stretching';

/** A form token issued `ageMs` ago. */
export const formToken = (ageMs = 5_000) => issueFormToken(SECRET, Date.now() - ageMs);

/** A valid JSON signup body for `email`, with overrides. */
export function signupBody(email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { email, consent: true, consentText: CONSENT, source: SOURCE, hp: '', t: formToken(), ...extra };
}

import type { Received } from '../../support/smtp.js';
import '../support/contract.js'; // every answer is checked against the contract's schemas

export { startInbox, type Inbox, type Received } from '../../support/smtp.js';

/** A newsletter test server. */
export interface NewsServer {
  url: string;
  server: RunningServer;
  db: Kysely<Database>;
  /** Waits until mail queued so far has been handed to SMTP. */
  mailIdle(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server on a fresh database of `dialect` with the demo practice, the test secret and admin token. */
export async function startNewsServer(dialect: TestDialect, env: Record<string, string> = {}): Promise<NewsServer> {
  const database: TestDatabase = await freshDatabase(dialect);
  let server: RunningServer;
  try {
    server = await startServer({
      args: ['--host', '127.0.0.1', '--port', '0', '--db', database.url],
      env: { SOLEUS_SECRET: SECRET, SOLEUS_ADMIN_TOKEN: ADMIN, SOLEUS_SUBSCRIBE_RATE_LIMIT: '100000', ...env },
      logError: (message, error) => console.error(`[server ${dialect}] ${message}`, error),
    });
  } catch (error) {
    await database.drop().catch(() => {});
    throw error;
  }
  return {
    url: server.url,
    server,
    db: server.database.db,
    mailIdle: () => server.mail.idle(),
    async close() {
      try {
        await server.close();
      } finally {
        await database.drop().catch((e) => console.error('drop failed', e));
      }
    },
  };
}

/** A response read whole. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;

  json: any;
}

export async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** `POST /api/v1/subscriptions` as JSON. */
export async function subscribe(base: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return read(
    await fetch(`${base}/api/v1/subscriptions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

/** `POST /api/v1/subscriptions` as a plain HTML form would. */
export async function subscribeForm(
  base: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return read(
    await fetch(`${base}/api/v1/subscriptions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

/** The hidden inputs of the first form on a page: name → value (HTML entities decoded). */
export function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    out[decode(m[1]!)] = decode(m[2]!);
  return out;
}

export function decode(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every row of `subscribers`. */
export const subscribers = (db: Kysely<Database>) =>
  db.selectFrom('subscribers').selectAll().orderBy('created_at').execute();

/** Rows in the tables a signup could write. */
export async function writeCounts(
  db: Kysely<Database>,
): Promise<{ subscribers: number; rateLimits: number; challenges: number }> {
  const count = async (table: 'subscribers' | 'rate_limits' | 'used_challenges') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    subscribers: await count('subscribers'),
    rateLimits: await count('rate_limits'),
    challenges: await count('used_challenges'),
  };
}

/** The first link in a text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const match = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^\\s<>"]+`).exec(text);
  assert.ok(match, `a link starting with ${prefix} in:\n${text}`);
  return match[0];
}

/** The URL inside `List-Unsubscribe: <…>`. */
export function listUnsubscribeUrl(message: Received): string {
  const header = message.mail.headers.get('list-unsubscribe');
  // mailparser parses List-* headers into { url } objects; fall back to the raw source.
  const parsed =
    header && typeof header === 'object' && 'url' in header ? String((header as { url: string }).url) : undefined;
  const raw = /^List-Unsubscribe:\s*<([^>]+)>/im.exec(message.raw.replace(/\r\n[ \t]+/g, ' '))?.[1];
  const url = raw ?? parsed;
  assert.ok(url, 'a List-Unsubscribe header');
  return url;
}
