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
import type { BookingMail } from './service.js';

/** What {@link bookingMail} needs. */
export interface BookingMailOptions {
  practice: Practice;
  /** Base of links in the emails. */
  links: () => LinkBase;
  now: () => Date;
}

/** The outbox reference of a booking's reminder. */
export const reminderRef = (bookingId: string): string => `reminder:${bookingId}`;

export function bookingMail(options: BookingMailOptions): BookingMail {
  const { practice, links, now } = options;
  const domain = domainOf(practice.email);
  const context = () => ({ practice, base: links(), now: now() });

  async function enqueueReminder(trx: Kysely<Database>, record: BookingRecord, manageToken: string): Promise<void> {
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

  return {
    async created(trx, created) {
      const messages = confirmationEmails(created.records, { ...context(), manageToken: created.manageToken });
      await enqueueMail(trx, messages, { domain, now: now() });
      for (const record of created.records) await enqueueReminder(trx, record, created.manageToken);
    },
    async cancelled(trx, record) {
      await enqueueMail(trx, cancellationEmails(record, context()), { domain, now: now() });
      await voidMail(trx, reminderRef(record.id), 'Not sent: the booking was cancelled.');
    },
    async moved(trx, record, previousStart) {
      await enqueueMail(trx, rescheduleEmails(record, previousStart, context()), { domain, now: now() });
      const ref = reminderRef(record.id);
      const kept = (await payloadOf(trx, ref)) as { manageToken?: unknown } | undefined;
      await voidMail(trx, ref, 'Not sent: the booking was moved; a reminder for the new time replaces it.');
      if (typeof kept?.manageToken === 'string') await enqueueReminder(trx, record, kept.manageToken);
    },
  };
}
