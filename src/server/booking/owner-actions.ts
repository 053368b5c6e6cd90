/**
 * The owner's booking actions (console and bearer-token scripts): cancel with a message, move (the owner may lift the
 * notice rules, never the overlap rule or opening hours), add a booking taken by phone, mark attendance, and undo.
 *
 * Each of cancel, move and add runs in ONE write transaction with the same guarantees as the visitor's booking (the
 * calendar lock, the overlap check and the database's own backstop, the Idempotency-Key) and writes the client's mail
 * to the outbox held back until the undo window ends (`not_before`, 10 s), under the action's ref. The answer carries
 * that mail as the client will receive it. `preview: true` runs the very same transaction and rolls it back, so the
 * preview is exactly what would be sent (or the refusal that would come). Undo, before the window ends and while all
 * of the action's mail still waits, puts the booking row back as it was (re-checked for overlaps), withdraws the
 * mail, and gives back the reminders the action had withdrawn.
 */
import type { Kysely } from 'kysely';
import type {
  OwnerAddRequest,
  OwnerAttendanceRequest,
  OwnerCancelRequest,
  OwnerMail,
  OwnerMoveRequest,
  OwnerPreviewResponse,
} from '../../core/schemas/owner-bookings.js';
import type { OwnerBookingResponse } from '../../core/schemas/owner-bookings.js';
import { claimKey, completeKey, KEY_PATTERN, requestHash } from '../db/idempotency.js';
import type { Database } from '../db/schema.js';
import { OverlapError, writeTransaction } from '../db/transaction.js';
import { ContractError } from '../http/errors.js';
import type { Practice } from '../practice.js';
import { BookingError } from './errors.js';
import { reminderRef } from './mail.js';
import { ownerView } from './owner.js';
import type { BookingRecord } from './records.js';
import {
  cancelWithin,
  conflictError,
  insertBooking,
  iso,
  moveWithin,
  overlapAsConflict,
  prepareBooking,
  type BookingDeps,
  type OwnerMail as OwnerMailTiming,
} from './service.js';
import { parseRequestedStart } from './slots.js';
import { bumpCalendarVersion, newId, toRecord, type BookingRow } from './store.js';
import { notifyFreed, type WaitlistContext } from './waitlist.js';

/** How long an action can be undone, and its mail waits. */
export const UNDO_MS = 10_000;

/** The ref of an action's client mail in the outbox, and of the waitlist notices it caused. */
export const actionRef = (id: string): string => `action:${id}`;
const waitlistRef = (id: string): string => `action:${id}:waitlist`;

/** An action's answer, ready to send (or replayed under its Idempotency-Key). */
export interface ActionOutcome {
  status: 200 | 201;
  body: string;
  replayed: boolean;
  /** The booking after the action (absent on a replay): the time it freed goes to the waitlist. */
  freed?: { start: Date; end: Date };
  actionId?: string;
}

class PreviewDone extends Error {
  constructor(readonly mail: OwnerMail[]) {
    super('preview');
  }
}

const unknownBooking = () => new BookingError(404, 'unknown_booking', 'There is no booking with this id.');

const alreadyCancelled = () =>
  new BookingError(409, 'booking_cancelled', 'This booking is already cancelled. Add a new booking instead.');

/** The practice as the owner books it: `overrideNotice` lifts minimum notice and the horizon (not the hours). */
function ownerPractice(practice: Practice, overrideNotice: boolean | undefined): Practice {
  if (!overrideNotice) return practice;
  return {
    ...practice,
    services: practice.services.map((s) => ({ ...s, minNoticeHours: 0, horizonDays: 730 })),
  };
}

/**
 * `deps` as the owner's move and add see them: the practice with the notice rules waived when asked, following the
 * held copy (a booking writer may hold a newer one mid-transaction: see followPractice in service.ts).
 */
function ownerDeps(deps: BookingDeps, overrideNotice: boolean | undefined): BookingDeps {
  let source: Practice | undefined;
  let derived: Practice | undefined;
  return {
    ...deps,
    get practice() {
      const practice = deps.practice;
      if (practice !== source || !derived) {
        source = practice;
        derived = ownerPractice(practice, overrideNotice);
      }
      return derived;
    },
  };
}

async function pendingIds(trx: Kysely<Database>, ref: string): Promise<number[]> {
  const rows = await trx
    .selectFrom('mail_outbox')
    .select('id')
    .where('ref', '=', ref)
    .where('status', '=', 'pending')
    .execute();
  return rows.map((r) => Number(r.id));
}

async function mailOf(trx: Kysely<Database>, ref: string): Promise<OwnerMail[]> {
  const rows = await trx
    .selectFrom('mail_outbox')
    .select(['to', 'subject', 'text'])
    .where('ref', '=', ref)
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ to: r.to, subject: r.subject, text: r.text }));
}

/** An owner write's optional Idempotency-Key, trimmed; undefined when absent; 400 when malformed. */
export function checkKey(key: string | undefined): string | undefined {
  const trimmed = key?.trim();
  if (!trimmed) return undefined;
  if (!KEY_PATTERN.test(trimmed)) {
    throw new ContractError(400, 'invalid_request', 'The Idempotency-Key header is not valid.', {
      'Idempotency-Key': 'Use 1 to 255 visible characters, such as a UUID',
    });
  }
  return trimmed;
}

/**
 * Claims an owner write's key inside its transaction (a refusal or error rolls the claim back with the writes):
 * the first answer to replay, or undefined to go on; a key used for another change is 422, one still running 409.
 */
export async function claimOwnerKey(
  trx: Kysely<Database>,
  key: string,
  hash: string,
  nowMs: number,
): Promise<{ status: number; body: string } | undefined> {
  const claim = await claimKey(trx, key, hash, nowMs);
  if (claim.kind === 'replay') return { status: claim.status, body: claim.body };
  if (claim.kind === 'reused') {
    throw new ContractError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different change; use a new key.',
    );
  }
  if (claim.kind === 'in_progress') {
    throw new ContractError(409, 'request_in_progress', 'This change is still being made; try again in a moment.');
  }
  return undefined;
}

interface ActionSpec {
  key: string | undefined;
  /** The route, for the Idempotency-Key's request hash. */
  scope: string;
  input: unknown;
  preview: boolean;
  kind: 'cancel' | 'move' | 'add';
  /** The booking acted on (none for add). */
  bookingId?: string;
  status: 200 | 201;
  run: (
    trx: Kysely<Database>,
    timing: { ref: string; notBefore: Date },
    before?: BookingRecord,
  ) => Promise<BookingRecord>;
}

/** Runs one owner action in one transaction (see the file's comment); a preview rolls back and answers its mail. */
async function act(deps: BookingDeps, spec: ActionSpec): Promise<ActionOutcome | OwnerPreviewResponse> {
  const key = spec.preview ? undefined : checkKey(spec.key);
  const hash = requestHash(spec.scope, spec.input);
  try {
    return await writeTransaction(deps.db, deps.dialect, async (trx): Promise<ActionOutcome> => {
      const nowMs = deps.now().getTime();
      const replay = key ? await claimOwnerKey(trx, key, hash, nowMs) : undefined;
      if (replay) return { ...replay, status: replay.status as 200 | 201, replayed: true };
      const id = newId('ac');
      const ref = actionRef(id);
      const undoUntil = nowMs + UNDO_MS;
      let beforeRow: BookingRow | undefined;
      if (spec.bookingId !== undefined) {
        beforeRow = await trx.selectFrom('bookings').selectAll().where('id', '=', spec.bookingId).executeTakeFirst();
        if (!beforeRow) throw unknownBooking();
      }
      const before = beforeRow ? toRecord(beforeRow) : undefined;
      const remindersBefore = before ? await pendingIds(trx, reminderRef(before.id)) : [];
      const record = await spec.run(trx, { ref, notBefore: new Date(undoUntil) }, before);
      const remindersAfter = await pendingIds(trx, reminderRef(record.id));
      const mail = await mailOf(trx, ref);
      if (spec.preview) throw new PreviewDone(mail);
      const created = [...(await pendingIds(trx, ref)), ...remindersAfter.filter((x) => !remindersBefore.includes(x))];
      await trx
        .insertInto('owner_actions')
        .values({
          id,
          kind: spec.kind,
          booking_id: record.id,
          before: beforeRow ? JSON.stringify(beforeRow) : null,
          voided_mail: JSON.stringify(remindersBefore.filter((x) => !remindersAfter.includes(x))),
          created_mail: JSON.stringify(created),
          undo_until_ms: undoUntil,
          created_ms: nowMs,
          undone_ms: null,
        })
        .execute();
      const body = JSON.stringify({
        booking: ownerView(deps.practice, record),
        mail,
        action: { id, undoUntil: iso(undoUntil) },
      });
      if (key) await completeKey(trx, key, spec.status, body);
      const freed =
        before && before.status === 'confirmed' && (record.status === 'cancelled' || +record.start !== +before.start)
          ? { start: before.start, end: before.end }
          : undefined;
      return { status: spec.status, body, replayed: false, actionId: id, ...(freed ? { freed } : {}) };
    });
  } catch (error) {
    if (error instanceof PreviewDone) return { preview: true, mail: error.mail };
    throw error;
  }
}

/** What the owner routes need besides the booking deps. */
export interface OwnerActionContext {
  deps: BookingDeps;
  /** Told of a time the action freed, in mail held back like the action's (withdrawn on undo). */
  waitlist?: WaitlistContext;
  logError?: (message: string, error: unknown) => void;
}

/** Tells the waitlist of a freed time, its mail held back until the undo window ends, under the action's ref. */
async function tellWaitlist(ctx: OwnerActionContext, outcome: ActionOutcome): Promise<void> {
  if (!ctx.waitlist || !outcome.freed || !outcome.actionId) return;
  try {
    await notifyFreed(ctx.waitlist, outcome.freed, {
      notBefore: new Date(ctx.deps.now().getTime() + UNDO_MS),
      ref: waitlistRef(outcome.actionId),
    });
  } catch (error) {
    (ctx.logError ?? console.error)('Telling the waitlist about a freed time failed:', error);
  }
}

/** `POST …/bookings/<id>/cancel`. */
export async function ownerCancel(
  ctx: OwnerActionContext,
  id: string,
  body: OwnerCancelRequest,
  key: string | undefined,
): Promise<ActionOutcome | OwnerPreviewResponse> {
  const { deps } = ctx;
  const outcome = await act(deps, {
    key,
    scope: `POST /owner/bookings/${id}/cancel`,
    input: body,
    preview: body.preview === true,
    kind: 'cancel',
    bookingId: id,
    status: 200,
    run: async (trx, timing, before) => {
      if (before!.status === 'cancelled') throw alreadyCancelled();
      const owner: OwnerMailTiming = {
        ...timing,
        notify: body.notify !== false,
        ...(body.message ? { message: body.message } : {}),
      };
      return (await cancelWithin(trx, deps, id, owner)).record;
    },
  });
  if (!('preview' in outcome)) await tellWaitlist(ctx, outcome);
  return outcome;
}

function readStart(practice: Practice, start: string): Date {
  const parsed = parseRequestedStart(start, practice.timeZone);
  if (parsed.ok) return parsed.instant;
  const message =
    parsed.reason === 'nonexistent_local_time'
      ? 'That local time does not exist: the clocks change then. Choose another time'
      : 'Enter a time like 2026-12-14T13:00';
  throw new BookingError(400, 'invalid_request', 'Some fields need attention.', { start: message });
}

/** `POST …/bookings/<id>/move`. */
export async function ownerMove(
  ctx: OwnerActionContext,
  id: string,
  body: OwnerMoveRequest,
  key: string | undefined,
): Promise<ActionOutcome | OwnerPreviewResponse> {
  const deps = ownerDeps(ctx.deps, body.overrideNotice);
  const instant = readStart(deps.practice, body.start);
  const outcome = await act(deps, {
    key,
    scope: `POST /owner/bookings/${id}/move`,
    input: body,
    preview: body.preview === true,
    kind: 'move',
    bookingId: id,
    status: 200,
    run: async (trx, timing, before) => {
      if (before!.status === 'cancelled') {
        throw new BookingError(
          409,
          'booking_cancelled',
          'This booking was cancelled, so it cannot be moved. Add a new booking instead.',
        );
      }
      if (+before!.start === +instant) {
        throw new BookingError(400, 'invalid_request', 'Some fields need attention.', {
          start: 'The booking is already at this time; choose another',
        });
      }
      const owner: OwnerMailTiming = {
        ...timing,
        notify: body.notify !== false,
        ...(body.message ? { message: body.message } : {}),
      };
      try {
        return await moveWithin(trx, deps, before!, instant, owner);
      } catch (error) {
        if (error instanceof OverlapError) throw conflictError([iso(instant)], false);
        throw error;
      }
    },
  }).catch((error: unknown) => {
    throw error instanceof OverlapError ? conflictError([iso(instant)], false) : error;
  });
  if (!('preview' in outcome)) await tellWaitlist({ ...ctx, deps }, outcome);
  return outcome;
}

/** `POST …/bookings`: a booking the owner took by phone (`source: "owner"`), its confirmation mail optional. */
export async function ownerAdd(
  ctx: OwnerActionContext,
  body: OwnerAddRequest,
  key: string | undefined,
): Promise<ActionOutcome | OwnerPreviewResponse> {
  const deps = ownerDeps(ctx.deps, body.overrideNotice);
  const instant = readStart(deps.practice, body.start);
  const email = body.client.email?.trim() ?? '';
  if (body.sendConfirmation && !email) {
    throw new BookingError(400, 'invalid_request', 'Some fields need attention.', {
      'client.email': 'Enter the client’s email address to send them the confirmation',
    });
  }
  const prepared = prepareBooking(deps, {
    serviceId: body.serviceId,
    start: iso(instant),
    client: { name: body.client.name, email, ...(body.client.phone ? { phone: body.client.phone } : {}) },
    ...(body.notes ? { notes: body.notes } : {}),
    timeZone: body.timeZone ?? deps.practice.timeZone,
  });
  return act(deps, {
    key,
    scope: 'POST /owner/bookings',
    input: body,
    preview: body.preview === true,
    kind: 'add',
    status: 201,
    run: async (trx, timing) => {
      const created = await insertBooking(trx, deps, prepared, 'owner');
      await deps.mail?.created(trx, created, { ...timing, notify: body.sendConfirmation === true });
      return created.records[0]!;
    },
  }).catch((error: unknown) => {
    throw overlapAsConflict(error, prepared);
  });
}

/** `POST …/bookings/<id>/attendance`: attended, no-show, or unset, once the session has started. */
export async function ownerAttendance(
  deps: BookingDeps,
  id: string,
  body: OwnerAttendanceRequest,
): Promise<OwnerBookingResponse> {
  const nowMs = deps.now().getTime();
  const record = await writeTransaction(deps.db, deps.dialect, async (trx) => {
    const row = await trx.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw unknownBooking();
    if (row.status === 'cancelled') {
      throw new BookingError(
        409,
        'booking_cancelled',
        'This booking was cancelled, so there is no attendance to mark.',
      );
    }
    if (Number(row.start_ms) > nowMs) {
      throw new BookingError(409, 'booking_not_started', 'This session has not started yet; mark it once it has.');
    }
    const updated = await trx
      .updateTable('bookings')
      .set({ attendance: body.attendance, updated_at: new Date(nowMs).toISOString() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(updated);
  });
  return { booking: ownerView(deps.practice, record) };
}

/** `GET …/bookings/<id>`. */
export async function ownerBooking(deps: BookingDeps, id: string): Promise<OwnerBookingResponse> {
  const row = await deps.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw unknownBooking();
  return { booking: ownerView(deps.practice, toRecord(row)) };
}

const parseIds = (text: string): number[] => {
  try {
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list) ? list.map(Number).filter(Number.isFinite) : [];
  } catch {
    return [];
  }
};

const undoExpired = (why: string) => new BookingError(409, 'undo_expired', why);

/**
 * `POST …/actions/<id>/undo`: within the window and while none of its mail has gone, the booking goes back as it was
 * (an added one is removed and answered as cancelled), its mail and waitlist notices are withdrawn, and the reminders
 * it withdrew come back. Undoing twice answers the booking again.
 */
export async function undoAction(deps: BookingDeps, actionId: string): Promise<OwnerBookingResponse> {
  try {
    const record = await writeTransaction(deps.db, deps.dialect, async (trx) => {
      const nowMs = deps.now().getTime();
      const action = await trx.selectFrom('owner_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
      if (!action) throw new BookingError(404, 'unknown_action', 'There is no change with this id to undo.');
      const current = await trx
        .selectFrom('bookings')
        .selectAll()
        .where('id', '=', action.booking_id)
        .executeTakeFirst();
      if (action.undone_ms !== null) {
        if (current) return toRecord(current); // undone already: the same answer again
        throw new BookingError(409, 'undo_expired', 'This booking was already taken back out of the diary.');
      }
      if (nowMs > Number(action.undo_until_ms)) throw undoExpired('Too late to undo: the 10 seconds have passed.');
      const created = parseIds(action.created_mail);
      const waitlist = await pendingIds(trx, waitlistRef(actionId));
      const withdraw = [...created, ...waitlist];
      if (withdraw.length > 0) {
        const gone = await trx
          .selectFrom('mail_outbox')
          .select('id')
          .where('id', 'in', withdraw)
          .where((eb) => eb.or([eb('status', '!=', 'pending'), eb('locked_until_ms', '>', nowMs)]))
          .execute();
        // A reminder the action wrote may have been voided since (the booking cancelled again): not "gone".
        if (
          gone.length > 0 &&
          (await mailGone(
            trx,
            gone.map((g) => Number(g.id)),
          ))
        ) {
          throw undoExpired('Too late to undo: the email to the client has already been sent.');
        }
        await trx
          .updateTable('mail_outbox')
          .set({ status: 'void', last_error: 'Withdrawn: the owner undid the change.' })
          .where('id', 'in', withdraw)
          .where('status', '=', 'pending')
          .execute();
      }
      if (waitlist.length > 0) {
        // The waiters told of the time it freed were not told after all: they stay on the list for the next one.
        const told = await trx.selectFrom('mail_outbox').select('to').where('id', 'in', waitlist).execute();
        await trx
          .updateTable('waitlist_entries')
          .set({ notified_ms: null })
          .where(
            'email',
            'in',
            told.map((t) => t.to),
          )
          .where('notified_ms', '>=', Number(action.created_ms))
          .where('status', '=', 'confirmed')
          .execute();
      }
      const voided = parseIds(action.voided_mail);
      if (voided.length > 0) {
        await trx
          .updateTable('mail_outbox')
          .set({ status: 'pending', last_error: null })
          .where('id', 'in', voided)
          .where('status', '=', 'void')
          .execute();
      }
      let record: BookingRecord;
      if (action.kind === 'add') {
        if (!current) throw unknownBooking();
        await trx.deleteFrom('bookings').where('id', '=', action.booking_id).execute();
        record = { ...toRecord(current), status: 'cancelled' };
        await bumpCalendarVersion(trx, current.practitioner_id);
      } else {
        const before = JSON.parse(action.before ?? 'null') as BookingRow | null;
        if (!before || !current) throw unknownBooking();
        const restored = await trx
          .updateTable('bookings')
          .set({
            status: before.status,
            start_ms: Number(before.start_ms),
            end_ms: Number(before.end_ms),
            block_start_ms: Number(before.block_start_ms),
            block_end_ms: Number(before.block_end_ms),
            sequence: Number(before.sequence),
            cancel_message: before.cancel_message ?? null,
            cancelled_ms: before.cancelled_ms ?? null,
            cancelled_by: before.cancelled_by ?? null,
            updated_at: new Date(nowMs).toISOString(),
          })
          .where('id', '=', action.booking_id)
          .returningAll()
          .executeTakeFirstOrThrow();
        record = toRecord(restored);
        await bumpCalendarVersion(trx, restored.practitioner_id);
      }
      await trx.updateTable('owner_actions').set({ undone_ms: nowMs }).where('id', '=', actionId).execute();
      return record;
    });
    return { booking: ownerView(deps.practice, record) };
  } catch (error) {
    if (error instanceof OverlapError) {
      throw new BookingError(
        409,
        'slot_unavailable',
        'Cannot undo: the time was booked by someone else meanwhile. The change stays as it is.',
      );
    }
    throw error;
  }
}

/** Whether any of these rows was sent, is being sent or failed (a row merely voided since does not count). */
async function mailGone(trx: Kysely<Database>, ids: number[]): Promise<boolean> {
  const rows = await trx
    .selectFrom('mail_outbox')
    .select(['status', 'locked_until_ms'])
    .where('id', 'in', ids)
    .execute();
  return rows.some((r) => r.status !== 'void');
}

/** The calendar version of the whole practice: the sum of every practitioner's (each only grows). */
export async function calendarVersion(db: Kysely<Database>): Promise<number> {
  const rows = await db.selectFrom('calendar_versions').select('version').execute();
  return rows.reduce((sum, r) => sum + Number(r.version), 0);
}
