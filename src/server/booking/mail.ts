/**
 * Where booking mail is sent from: each change's emails are written to the outbox (mail/outbox.ts) inside the
 * transaction of the change (service.ts calls these hooks), so a 201 always has its confirmation waiting to be sent.
 *
 * Reminders: each occurrence's reminder is enqueued when it is booked, due `reminderHours` before it
 * (`not_before`), because only then is the manage token known (the database keeps its hash). A cancellation voids
 * it in the same transaction; a move voids it and enqueues one for the new time, rebuilt with the token kept in
 * the reminder row's payload (the reminder's own text holds the same link). The outbox's leases send it once.
 * A booking made (or moved) less than `reminderHours` ahead gets no reminder: its confirmation, just sent, says
 * everything the reminder would; the row is kept `void` with that reason, so a later move can still schedule one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { domainOf, enqueueMail, payloadOf, voidMail } from '../mail/outbox.js';
import type { Practice } from '../practice.js';
import { cancellationEmails, confirmationEmails, rescheduleEmails } from './emails.js';
import type { LinkBase, BookingRecord } from './records.js';
import { reminderEmail, reminderTime } from './reminder-email.js';
import type { MailMessage } from '../mail/mailer.js';
import type { BookingMail, OwnerMail } from './service.js';

/** What {@link bookingMail} needs. */
export interface BookingMailOptions {
  /** The practice now (a getter may answer the latest document); read for each message. */
  practice: Practice;
  /** Base of links in the emails. */
  links: () => LinkBase;
  now: () => Date;
}

/** The outbox reference of a booking's reminder. */
export const reminderRef = (bookingId: string): string => `reminder:${bookingId}`;

export function bookingMail(options: BookingMailOptions): BookingMail {
  // `options.practice` is read per message, not kept: the practice document can change while the server runs
  // (services, prices, reminder hours). The sender's domain is the start-time one, like the mailer's From.
  const { links, now } = options;
  const domain = domainOf(options.practice.email);
  const context = () => ({ practice: options.practice, base: links(), now: now() });

  async function enqueueReminder(trx: Kysely<Database>, record: BookingRecord, manageToken: string): Promise<void> {
    const practice = options.practice;
    const at = reminderTime(practice, record);
    if (!at) return; // the service sends no reminders
    const ref = reminderRef(record.id);
    const message = reminderEmail(record, { practice, base: links(), manageToken, sendAt: at });
    await enqueueMail(trx, [message], { notBefore: at, domain, ref, payload: { manageToken }, now: now() });
    if (at.getTime() <= now().getTime()) {
      await voidMail(
        trx,
        ref,
        'Not sent: booked less than the reminder time ahead, so the confirmation is the reminder.',
      );
    }
  }

  /**
   * Writes a change's messages (made by `build`): all of them (the client's first, then the practitioner's copy),
   * or for an owner's change only the client's, with the owner's timing and ref. Nothing is written to a client
   * without an address (a booking the owner took by phone), and for such an owner's change nothing is even built.
   */
  async function write(
    trx: Kysely<Database>,
    record: BookingRecord,
    build: () => MailMessage[],
    owner: OwnerMail | undefined,
  ): Promise<void> {
    if (!owner) {
      await enqueueMail(
        trx,
        build().filter((m) => m.to),
        { domain, now: now() },
      );
      return;
    }
    if (!owner.notify || !record.client.email) return;
    const client = build().slice(0, 1);
    await enqueueMail(trx, client, { domain, now: now(), notBefore: owner.notBefore, ref: owner.ref });
  }

  return {
    async created(trx, created, owner) {
      const build = () => confirmationEmails(created.records, { ...context(), manageToken: created.manageToken });
      await write(trx, created.records[0]!, build, owner);
      // A booking the owner took by phone gets reminders only when its client was sent the confirmation.
      if (owner && !owner.notify) return;
      for (const record of created.records) {
        if (record.client.email) await enqueueReminder(trx, record, created.manageToken);
      }
    },
    async cancelled(trx, record, owner) {
      const ownerMessage = owner?.message;
      const build = () => cancellationEmails(record, { ...context(), ...(ownerMessage ? { ownerMessage } : {}) });
      await write(trx, record, build, owner);
      await voidMail(trx, reminderRef(record.id), 'Not sent: the booking was cancelled.');
    },
    async moved(trx, record, previousStart, owner) {
      const ownerMessage = owner?.message;
      const build = () =>
        rescheduleEmails(record, previousStart, { ...context(), ...(ownerMessage ? { ownerMessage } : {}) });
      await write(trx, record, build, owner);
      const ref = reminderRef(record.id);
      const kept = (await payloadOf(trx, ref)) as { manageToken?: unknown } | undefined;
      await voidMail(trx, ref, 'Not sent: the booking was moved; a reminder for the new time replaces it.');
      if (typeof kept?.manageToken === 'string') await enqueueReminder(trx, record, kept.manageToken);
    },
  };
}
