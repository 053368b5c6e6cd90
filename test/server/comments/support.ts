/**
 * Helpers for the comment tests: a real server on 127.0.0.1 over a fresh database with a practice whose comment
 * settings the test chooses, an optional real SMTP server on loopback, form tokens signed with the test secret and
 * small request helpers. Every JSON answer is checked against the contract's schemas (support/contract.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/server/db/schema.js';
import { issueFormToken } from '../../../src/server/http/signed-tokens.js';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import { freshDatabase, type TestDatabase, type TestDialect } from '../support/databases.js';
import { demoPracticePath } from '../support/practice.js';
import '../support/contract.js';

export { startInbox, type Inbox, type Received } from '../../support/smtp.js';
import { read } from '../newsletter/support.js';
export { read, hiddenInputs, decode, linkIn, listUnsubscribeUrl, type Answer } from '../newsletter/support.js';

export const SECRET = 'comments-test-secret-0123456789abcdef0123456789abcdef';
export const ADMIN = 'comments-admin-token-0123456789';
export const OWNER_EMAIL = 'owner@practice.example.com';
export const admin = { Authorization: `Bearer ${ADMIN}` };

/** A form token issued `ageMs` ago. */
export const formToken = (ageMs = 5_000) => issueFormToken(SECRET, Date.now() - ageMs);

/** The comment settings of the practice file. */
export interface CommentSettings {
  moderation?: 'first-time' | 'all' | 'none';
  blockedWords?: string[];
  editMinutes?: number;
}

export interface CommentServer {
  url: string;
  server: RunningServer;
  db: Kysely<Database>;
  mailIdle(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server on a fresh database with the demo practice (owner address {@link OWNER_EMAIL}) and `settings`. */
export async function startCommentServer(
  dialect: TestDialect,
  options: { settings?: CommentSettings; env?: Record<string, string> } = {},
): Promise<CommentServer> {
  const dir = mkdtempSync(join(tmpdir(), 'soleus-comments-'));
  const practice = JSON.parse(readFileSync(demoPracticePath, 'utf8')) as Record<string, unknown>;
  practice.email = OWNER_EMAIL;
  practice.comments = { moderation: 'none', ...options.settings };
  // The copy lives elsewhere: its pinned link-preview images (paths relative to the practice file) point back.
  const previews = practice.linkPreview as { pinned?: { image?: { file: string } }[] } | undefined;
  for (const card of previews?.pinned ?? []) {
    if (card.image) card.image.file = resolve(dirname(demoPracticePath), card.image.file);
  }
  const file = join(dir, 'practice.json');
  writeFileSync(file, JSON.stringify(practice));
  const database: TestDatabase = await freshDatabase(dialect);
  let server: RunningServer;
  try {
    server = await startServer({
      args: ['--host', '127.0.0.1', '--port', '0', '--db', database.url, '--config', file],
      env: {
        SOLEUS_SECRET: SECRET,
        SOLEUS_ADMIN_TOKEN: ADMIN,
        SOLEUS_COMMENT_RATE_LIMIT: '100000',
        SOLEUS_COMMENT_THREAD_RATE_LIMIT: '100000',
        ...options.env,
      },
      logError: (message, error) => console.error(`[server ${dialect}] ${message}`, error),
    });
  } catch (error) {
    await database.drop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
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
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A valid JSON comment body for `thread`, with overrides. */
export function commentBody(thread: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    thread,
    name: 'Ann Reader',
    body: `A thoughtful comment ${Math.random()}`,
    t: formToken(),
    hp: '',
    ...extra,
  };
}

/** `POST /api/v1/comments` as JSON. */
export async function postComment(base: string, body: unknown, headers: Record<string, string> = {}) {
  return read(
    await fetch(`${base}/api/v1/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

/** `POST /api/v1/comments` as a plain HTML form. */
export async function postCommentForm(
  base: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return read(
    await fetch(`${base}/api/v1/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

/** `GET /api/v1/comments`. */
export async function listComments(base: string, thread: string, extra: Record<string, string> = {}) {
  return read(await fetch(`${base}/api/v1/comments?${new URLSearchParams({ thread, ...extra }).toString()}`));
}

/** Rows in the tables a comment post could write. */
export async function writeCounts(db: Kysely<Database>) {
  const count = async (table: 'comments' | 'comment_subscriptions' | 'comment_threads' | 'mail_outbox') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    comments: await count('comments'),
    subscriptions: await count('comment_subscriptions'),
    threads: await count('comment_threads'),
  };
}
