/**
 * Helpers for the owner console's sign-in tests: a real server on 127.0.0.1 over a fresh database with a clock the
 * test moves, the sign-in link read from the outbox, and a session cookie from a spent link.
 */
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/server/db/schema.js';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import { freshDatabase, type TestDatabase, type TestDialect } from '../support/databases.js';

export const ADMIN = 'admin-test-token-0123456789abcdef';
/** The demo practice's email: its only owner. */
export const OWNER = 'jim@example.com';

export interface AdminServer {
  url: string;
  server: RunningServer;
  db: Kysely<Database>;
  /** The server's clock, in epoch ms; tests move it. */
  clock: { ms: number };
  close(): Promise<void>;
}

export async function startAdminServer(dialect: TestDialect, env: Record<string, string> = {}): Promise<AdminServer> {
  const database: TestDatabase = await freshDatabase(dialect);
  const clock = { ms: Date.now() };
  let server: RunningServer;
  try {
    server = await startServer({
      args: ['--host', '127.0.0.1', '--port', '0', '--db', database.url],
      env: { SOLEUS_SECRET: 'admin-test-secret-0123456789abcdef0123456789', SOLEUS_ADMIN_TOKEN: ADMIN, ...env },
      now: () => new Date(clock.ms),
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
    clock,
    async close() {
      try {
        await server.close();
      } finally {
        await database.drop().catch((e) => console.error('drop failed', e));
      }
    },
  };
}

/** `POST /admin/sign-in` as JSON. */
export function askLink(s: AdminServer, email: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}/admin/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ email }),
  });
}

/** The token of the newest sign-in mail to `email` in the outbox. */
export async function tokenFromOutbox(s: AdminServer, email: string): Promise<string> {
  const row = await s.db
    .selectFrom('mail_outbox')
    .select('text')
    .where('to', '=', email)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  assert.ok(row, `no mail to ${email}`);
  return tokenFromText(row.text);
}

export function tokenFromText(text: string): string {
  const match = /\/admin\/link\?token=([A-Za-z0-9_%-]+)/.exec(text);
  assert.ok(match, `no sign-in link in: ${text}`);
  return decodeURIComponent(match[1]!);
}

/** `POST /admin/link` with the form a link page holds. */
export function spend(s: AdminServer, token: string): Promise<Response> {
  return fetch(`${s.url}/admin/link`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: s.url },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
}

/** The `soleus_session=<secret>` pair of a response's Set-Cookie. */
export function sessionCookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('soleus_session='));
  assert.ok(cookie, 'no session cookie set');
  return cookie.split(';')[0]!;
}

/** A fresh signed-in session (asks for a link, spends it): the Cookie header value. */
export async function signIn(s: AdminServer, email = OWNER): Promise<string> {
  const asked = await askLink(s, email);
  assert.equal(asked.status, 202);
  const spent = await spend(s, await tokenFromOutbox(s, email));
  assert.equal(spent.status, 303);
  return sessionCookieOf(spent);
}

/** A JSON request with the session cookie from the server's own origin. */
export async function asOwner(
  s: AdminServer,
  cookie: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(`${s.url}${path}`, {
    method,
    headers: { Cookie: cookie, ...(method === 'GET' ? {} : { Origin: s.url }), ...headers },
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, headers: response.headers };
}
