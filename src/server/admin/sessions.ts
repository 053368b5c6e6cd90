/**
 * Owner sessions: the cookie `soleus_session` holds a random secret, the database only its hash. A session ends after
 * 12 hours without use or 30 days after sign-in, whichever comes first, or when the owner ends it.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { AdminSessionsTable, Database } from '../db/schema.js';
import { isOwner, type AdminContext } from './context.js';
import { hashSecret, newId, newSecret } from './tokens.js';

export const SESSION_COOKIE = 'soleus_session';
export const IDLE_MS = 12 * 3_600_000;
export const MAX_AGE_MS = 30 * 24 * 3_600_000;
/** `last_seen_ms` is written at most this often (a busy console does not write on every request). */
const TOUCH_EVERY_MS = 60_000;

export type SessionRow = AdminSessionsTable;

/** The session as the contract shows it. */
export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  method: 'link' | 'passkey';
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();

/** When `row` ends unless used again: 12 h after its last use, or its absolute end if sooner. */
export const endsAt = (row: SessionRow): number => Math.min(Number(row.last_seen_ms) + IDLE_MS, Number(row.expires_ms));

export function sessionView(row: SessionRow): SessionView {
  return {
    id: row.id,
    createdAt: iso(row.created_ms),
    lastSeenAt: iso(row.last_seen_ms),
    expiresAt: iso(endsAt(row)),
    method: row.method,
  };
}

/** Starts a session for `email` in `trx`; returns its id and the secret for the cookie. */
export async function createSession(
  trx: Kysely<Database>,
  email: string,
  method: 'link' | 'passkey',
  userAgent: string | undefined,
  nowMs: number,
): Promise<{ id: string; secret: string }> {
  const id = newId();
  const secret = newSecret();
  await trx
    .insertInto('admin_sessions')
    .values({
      id,
      secret_hash: hashSecret(secret),
      email,
      method,
      user_agent: userAgent?.slice(0, 300) ?? null,
      created_ms: nowMs,
      last_seen_ms: nowMs,
      expires_ms: nowMs + MAX_AGE_MS,
      ended_ms: null,
    })
    .execute();
  return { id, secret };
}

/** The cookie as the contract says: HttpOnly, SameSite=Strict, Path=/admin, Secure behind https, no Max-Age. */
export function setSessionCookie(ctx: AdminContext, c: Context, secret: string): void {
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/admin',
    secure: isHttps(ctx),
  });
}

export function clearSessionCookie(ctx: AdminContext, c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/admin', secure: isHttps(ctx), httpOnly: true, sameSite: 'Strict' });
}

const isHttps = (ctx: AdminContext) => !!ctx.publicUrl && new URL(ctx.publicUrl).protocol === 'https:';

/** The request's session cookie value, if any. */
export const sessionCookie = (c: Context): string | undefined => getCookie(c, SESSION_COOKIE) || undefined;

/**
 * The live session behind `secret`, its last use recorded; undefined when unknown, ended, idle for 12 h, past 30 days
 * or its email no longer an owner (an ended-by-time session is marked ended on the way).
 */
export async function liveSession(ctx: AdminContext, secret: string | undefined): Promise<SessionRow | undefined> {
  if (!secret) return undefined;
  const row = await ctx.db
    .selectFrom('admin_sessions')
    .selectAll()
    .where('secret_hash', '=', hashSecret(secret))
    .executeTakeFirst();
  if (!row || row.ended_ms !== null) return undefined;
  const nowMs = ctx.now().getTime();
  if (nowMs >= endsAt(row)) {
    await ctx.db
      .updateTable('admin_sessions')
      .set({ ended_ms: endsAt(row) })
      .where('id', '=', row.id)
      .where('ended_ms', 'is', null)
      .execute();
    return undefined;
  }
  if (!isOwner(ctx, row.email)) return undefined;
  if (nowMs - Number(row.last_seen_ms) >= TOUCH_EVERY_MS) {
    await ctx.db.updateTable('admin_sessions').set({ last_seen_ms: nowMs }).where('id', '=', row.id).execute();
    row.last_seen_ms = nowMs;
  }
  return row;
}

/** This owner's live sessions, newest first. */
export async function ownerSessions(ctx: AdminContext, email: string): Promise<SessionRow[]> {
  const nowMs = ctx.now().getTime();
  const rows = await ctx.db
    .selectFrom('admin_sessions')
    .selectAll()
    .where('email', '=', email)
    .where('ended_ms', 'is', null)
    .where('expires_ms', '>', nowMs)
    .where('last_seen_ms', '>', nowMs - IDLE_MS)
    .orderBy('last_seen_ms', 'desc')
    .execute();
  return rows;
}

/** Ends one session of `email` (true) or none (false: unknown, another owner's, already ended). */
export async function endSession(ctx: AdminContext, email: string, id: string): Promise<boolean> {
  const result = await ctx.db
    .updateTable('admin_sessions')
    .set({ ended_ms: ctx.now().getTime() })
    .where('id', '=', id)
    .where('email', '=', email)
    .where('ended_ms', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends every session of `email`; returns how many. */
export async function endEverySession(ctx: AdminContext, email: string): Promise<number> {
  const result = await ctx.db
    .updateTable('admin_sessions')
    .set({ ended_ms: ctx.now().getTime() })
    .where('email', '=', email)
    .where('ended_ms', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
