import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { WaitlistRequestSchema } from '../../core/schemas/waitlist.js';
import { hitRateLimit } from '../db/rate-limit.js';
import type { Database, WaitlistEntriesTable } from '../db/schema.js';
import { writeTransaction } from '../db/transaction.js';
import { keyedHash, normaliseEmail } from '../http/bot-defence.js';
import { checkFormToken, signToken, verifyToken } from '../http/signed-tokens.js';
import { check } from '../http/validate.js';
import type { MailMessage } from '../mail/mailer.js';
import { enqueueMail } from '../mail/outbox.js';
import { WAITLIST_CONFIRM_PATH, WAITLIST_LEAVE_PATH, type WaitlistWords } from '../pages/waitlist.js';
import { availability } from './availability.js';
import type { BookingDeps } from './service.js';
import { addDays, isValidDay, isValidTimeZone, wallBoundaryToInstant } from './time.js';
import { waitlistConfirmationMail, waitlistFreedMail } from './waitlist-emails.js';

/**
 * The waitlist for freed slots: on a fully booked day a visitor asks to be told when a time frees up (double opt-in,
 * like the newsletter). When a booking on that day is cancelled or moved away, every confirmed waiter for whom the
 * day now has a free time gets ONE email with a link that opens the booking calendar on that day. The email only
 * points at the calendar: the booking post still decides who gets the time (the database refuses the second).
 * Entries end with their day: nothing is sent for a past day, and ended entries are purged.
 */

/** What the waitlist needs besides the booking deps. */
export interface WaitlistContext {
  deps: BookingDeps;
  /** The server secret; the entry links are signed with keys derived from it. */
  secret: string;
  /** The right-hand side of the outbox's Message-IDs. */
  mailDomain: string;
  /** Waitlist posts allowed per client IP per minute. */
  rateLimit: number;
  /** Base URL of the confirm and leave links (no trailing slash). */
  publicUrl: () => string;
  /** The page with the booking calendar that the "a time has freed up" link opens (`#soleus-book=<service>/<day>`). */
  bookingPage: () => string;
  logError: (message: string, error: unknown) => void;
}

export type WaitlistRow = WaitlistEntriesTable;

/** Confirmation links expire after 7 days (or with their day, whichever is first). */
export const WAITLIST_CONFIRM_TTL_MS = 7 * 24 * 3_600_000;
/** A pending entry gets at most one confirmation mail per this. */
export const WAITLIST_CONFIRMATION_INTERVAL_MS = 10 * 60_000;
/** How far ahead a day may be asked for. */
const MAX_DAYS_AHEAD = 730;

// ---------------------------------------------------------------------------------------------------------------
// Links

export function waitlistLinks(ctx: WaitlistContext, id: string, nowMs: number) {
  const base = ctx.publicUrl();
  const confirm = signToken(ctx.secret, 'waitlist-confirm', { iat: nowMs, sub: id });
  const leave = signToken(ctx.secret, 'waitlist-unsubscribe', { iat: nowMs, sub: id });
  return {
    confirmUrl: `${base}${WAITLIST_CONFIRM_PATH}?token=${confirm}`,
    leaveUrl: `${base}${WAITLIST_LEAVE_PATH}?token=${leave}`,
  };
}

/** The booking page opened on `day`'s times for `serviceId`: the widget reads `#soleus-book=<service>/<day>`. */
export function bookUrl(page: string, serviceId: string, day: string): string {
  const url = new URL(page);
  url.hash = `soleus-book=${encodeURIComponent(serviceId)}/${day}`;
  return url.toString();
}

/** The entry a token names, or why not. */
export type EntryToken = { ok: true; id: string } | { ok: false; reason: 'missing' | 'forged' | 'expired' };

export function checkWaitlistToken(
  secret: string,
  purpose: 'waitlist-confirm' | 'waitlist-unsubscribe',
  token: string | undefined | null,
  nowMs: number,
): EntryToken {
  const result = verifyToken(secret, purpose, token);
  if (!result.ok) return result;
  const { claims } = result;
  if (!claims.sub || claims.iat > nowMs + 60_000) return { ok: false, reason: 'forged' };
  if (purpose === 'waitlist-confirm' && nowMs - claims.iat > WAITLIST_CONFIRM_TTL_MS)
    return { ok: false, reason: 'expired' };
  return { ok: true, id: claims.sub };
}

/** "Tuesday 12 January 2027" for a `YYYY-MM-DD` day (a calendar day: no zone arithmetic). */
export function dayWords(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(Date.UTC(y, m - 1, d));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** What the pages and emails say about an entry. */
export function entryWords(ctx: WaitlistContext, row: WaitlistRow): WaitlistWords {
  const service = ctx.deps.practice.services.find((s) => s.id === row.service_id);
  return {
    email: row.email,
    service: service?.name ?? row.service_id,
    day: dayWords(row.day),
    practice: ctx.deps.practice.name,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Joining

/** What a waitlist post comes to. */
export type JoinAnswer =
  | { kind: 'accepted' }
  | { kind: 'invalid'; fields: Record<string, string> }
  | { kind: 'token_required' }
  | { kind: 'limited'; retryAfterSeconds: number };

const newId = () => `wl_${randomBytes(16).toString('base64url')}`;

/** Writes the confirmation to the outbox through `trx`, the transaction that wrote the entry. */
async function queueConfirmation(
  ctx: WaitlistContext,
  trx: Kysely<Database>,
  row: WaitlistRow,
  nowMs: number,
): Promise<void> {
  const words = entryWords(ctx, row);
  // The one place the confirmation is sent.
  const message = waitlistConfirmationMail({
    to: row.email,
    practice: words.practice,
    service: words.service,
    day: words.day,
    ...waitlistLinks(ctx, row.id, nowMs),
  });
  await enqueueMail(trx, [message], { domain: ctx.mailDomain, now: new Date(nowMs) });
}

/**
 * `POST /api/v1/waitlist`: validation, the form token, the honeypot, the per-IP limit, then the entry. The answer is
 * the same `accepted` for a new, a pending and a confirmed entry and for a bot signal: nothing tells a caller who is
 * waiting. Nothing is written before every refusal has been ruled out.
 */
export async function joinWaitlist(
  ctx: WaitlistContext,
  raw: unknown,
  sender: { ip: string; source: string | null },
): Promise<JoinAnswer> {
  const now = ctx.deps.now();
  const nowMs = now.getTime();
  const checked = await check(WaitlistRequestSchema, raw);
  if (!checked.ok) return { kind: 'invalid', fields: { ...checked.error.fields } };
  const body = checked.data;
  const fields: Record<string, string> = {};
  const service = ctx.deps.practice.services.find((s) => s.id === body.serviceId);
  if (!service) fields.serviceId = 'Choose one of the treatments offered';
  if (!isValidTimeZone(body.timeZone))
    fields.timeZone = `"${body.timeZone.slice(0, 64)}" is not a time zone; use an IANA name like Europe/London`;
  if (!isValidDay(body.day)) fields.day = 'Enter a real day like 2026-10-26';
  let dayStart = 0;
  let dayEnd = 0;
  if (!fields.day && !fields.timeZone) {
    dayStart = wallBoundaryToInstant(body.day, 0, body.timeZone);
    dayEnd = wallBoundaryToInstant(addDays(body.day, 1), 0, body.timeZone);
    if (dayEnd <= nowMs) fields.day = 'This day has passed; choose another';
    else if (dayStart > nowMs + MAX_DAYS_AHEAD * 86_400_000) fields.day = 'Choose a day within the next two years';
  }
  if (Object.keys(fields).length > 0) return { kind: 'invalid', fields };

  if (!body.t) return { kind: 'token_required' };
  // Silent bot signals: the normal answer, nothing stored, no mail.
  if (body.hp !== undefined && body.hp.trim() !== '') return { kind: 'accepted' };
  if (checkFormToken(ctx.secret, body.t, nowMs) !== 'ok') return { kind: 'accepted' };

  const ipHash = keyedHash(ctx.secret, 'ip', sender.ip);
  const limit = await hitRateLimit(ctx.deps.db, `waitlist:${ipHash}`, ctx.rateLimit, nowMs);
  if (!limit.allowed) return { kind: 'limited', retryAfterSeconds: limit.retryAfterSeconds };
  if (Math.random() < 0.05) await purgeExpiredWaitlist(ctx, nowMs);

  const email = normaliseEmail(body.email);
  const fresh = {
    time_zone: body.timeZone,
    day_start_ms: dayStart,
    day_end_ms: dayEnd,
    consent_text: body.consentText,
    consent_source: body.source ?? sender.source,
    created_at: now.toISOString(),
    confirmed_at: null,
    notified_ms: null,
    last_confirmation_sent_ms: nowMs,
    ip_hash: ipHash,
  };
  const row: WaitlistRow = {
    id: newId(),
    service_id: body.serviceId,
    day: body.day,
    email,
    status: 'pending',
    ...fresh,
  };
  await writeTransaction(ctx.deps.db, ctx.deps.dialect, async (trx) => {
    const inserted = await trx
      .insertInto('waitlist_entries')
      .values(row)
      .onConflict((oc) => oc.columns(['service_id', 'day', 'email']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await queueConfirmation(ctx, trx, row, nowMs);
      return;
    }
    // Already there: a confirmed entry still waiting stays as it is; a pending, left or already-told one starts again
    // (a new confirmation, at most once per 10 minutes).
    const again = await trx
      .updateTable('waitlist_entries')
      .set({ status: 'pending', ...fresh })
      .where('service_id', '=', body.serviceId)
      .where('day', '=', body.day)
      .where('email', '=', email)
      .where((eb) => eb.or([eb('status', '<>', 'confirmed'), eb('notified_ms', 'is not', null)]))
      .where('last_confirmation_sent_ms', '<=', nowMs - WAITLIST_CONFIRMATION_INTERVAL_MS)
      .returningAll()
      .executeTakeFirst();
    if (again) await queueConfirmation(ctx, trx, again, nowMs);
  });
  return { kind: 'accepted' };
}

// ---------------------------------------------------------------------------------------------------------------
// Confirming and leaving

export async function findEntry(ctx: WaitlistContext, id: string): Promise<WaitlistRow | undefined> {
  return ctx.deps.db.selectFrom('waitlist_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether an entry's day has ended by the server clock. */
export const isPast = (ctx: WaitlistContext, row: WaitlistRow): boolean => row.day_end_ms <= ctx.deps.now().getTime();

export type ConfirmEntryOutcome =
  { kind: 'confirmed' | 'already'; row: WaitlistRow } | { kind: 'gone' | 'past' | 'left' };

/** Confirms a pending entry whose day has not passed (one conditional UPDATE: concurrent presses agree). */
export async function confirmEntry(ctx: WaitlistContext, id: string): Promise<ConfirmEntryOutcome> {
  const now = ctx.deps.now();
  const row = await ctx.deps.db
    .updateTable('waitlist_entries')
    .set({ status: 'confirmed', confirmed_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('day_end_ms', '>', now.getTime())
    .returningAll()
    .executeTakeFirst();
  if (row) return { kind: 'confirmed', row };
  const current = await findEntry(ctx, id);
  if (!current) return { kind: 'gone' };
  if (isPast(ctx, current)) return { kind: 'past' };
  if (current.status === 'unsubscribed') return { kind: 'left' };
  return { kind: 'already', row: current };
}

export type LeaveOutcome = { kind: 'left' | 'already'; row: WaitlistRow } | { kind: 'gone' };

/** Leaves the waitlist at once (RFC 8058 one-click); repeating it is harmless. */
export async function leaveEntry(ctx: WaitlistContext, id: string): Promise<LeaveOutcome> {
  const row = await ctx.deps.db
    .updateTable('waitlist_entries')
    .set({ status: 'unsubscribed' })
    .where('id', '=', id)
    .where('status', '<>', 'unsubscribed')
    .returningAll()
    .executeTakeFirst();
  if (row) return { kind: 'left', row };
  const current = await findEntry(ctx, id);
  return current ? { kind: 'already', row: current } : { kind: 'gone' };
}

/** Deletes every entry whose day has ended (its links then say the entry is gone). */
export async function purgeExpiredWaitlist(ctx: WaitlistContext, nowMs: number): Promise<number> {
  const result = await ctx.deps.db.deleteFrom('waitlist_entries').where('day_end_ms', '<=', nowMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---------------------------------------------------------------------------------------------------------------
// A time freed

/**
 * After a booking holding `freed` was cancelled or moved away (and committed): every confirmed, not yet told waiter
 * whose day overlaps it, and whose day now really has a free time for their treatment, is claimed (one conditional
 * UPDATE, so two processes or two cancellations never tell anyone twice) and gets one email. Returns how many.
 */
export async function notifyFreed(
  ctx: WaitlistContext,
  freed: { start: Date; end: Date },
  /** An owner's change: the notices wait until its undo window ends, under its ref (withdrawn on undo). */
  held?: { notBefore: Date; ref: string },
): Promise<number> {
  const { db } = ctx.deps;
  const nowMs = ctx.deps.now().getTime();
  const waiting = await db
    .selectFrom('waitlist_entries')
    .select(['service_id', 'day', 'time_zone'])
    .distinct()
    .where('status', '=', 'confirmed')
    .where('notified_ms', 'is', null)
    .where('day_start_ms', '<', freed.end.getTime())
    .where('day_end_ms', '>', Math.max(freed.start.getTime(), nowMs))
    .execute();
  const messages: MailMessage[] = [];
  for (const group of waiting) {
    if (!ctx.deps.practice.services.some((s) => s.id === group.service_id)) continue;
    const free = await availability(ctx.deps, {
      service: group.service_id,
      from: group.day,
      to: group.day,
      timeZone: group.time_zone,
    });
    if (free.slots.length === 0) continue;
    const claimed = await writeTransaction(db, ctx.deps.dialect, async (trx) => {
      const rows = await trx
        .updateTable('waitlist_entries')
        .set({ notified_ms: nowMs })
        .where('service_id', '=', group.service_id)
        .where('day', '=', group.day)
        .where('time_zone', '=', group.time_zone)
        .where('status', '=', 'confirmed')
        .where('notified_ms', 'is', null)
        .where('day_end_ms', '>', nowMs)
        .returningAll()
        .execute();
      // The one place the "a time has freed up" emails are sent: in the transaction that claims the waiters.
      const mails = rows.map((row) => {
        const words = entryWords(ctx, row);
        return waitlistFreedMail({
          to: row.email,
          practice: words.practice,
          service: words.service,
          day: words.day,
          leaveUrl: waitlistLinks(ctx, row.id, nowMs).leaveUrl,
          bookUrl: bookUrl(ctx.bookingPage(), row.service_id, row.day),
        });
      });
      await enqueueMail(trx, mails, { domain: ctx.mailDomain, now: new Date(nowMs), ...(held ?? {}) });
      return mails;
    });
    messages.push(...claimed);
  }
  return messages.length;
}

/** {@link notifyFreed} for the cancel and move routes: a failure is logged, never turned into the route's answer. */
export async function afterFreed(ctx: WaitlistContext | undefined, freed: { start: Date; end: Date }): Promise<void> {
  if (!ctx) return;
  try {
    await notifyFreed(ctx, freed);
  } catch (error) {
    ctx.logError('Telling the waitlist about a freed time failed:', error);
  }
}
