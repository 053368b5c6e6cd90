/**
 * The reminder a client gets N hours before an appointment (the service's `reminderHours`): when, where, what to
 * bring or wear, and the manage link. It is built when the booking is made (and again when it is moved), because
 * only then is the manage token known: the database keeps only its hash.
 */
import { formatRange, formatSubjectWhen, formatWhen } from '../format.js';
import { renderMail, type Block, type Inline } from '../mail/document.js';
import type { MailMessage } from '../mail/mailer.js';
import type { Practice } from '../practice.js';
import { practitionerOf, serviceName, serviceOf } from './calendar.js';
import { manageUrl, type BookingRecord, type LinkBase } from './records.js';

/** What {@link reminderEmail} needs. */
export interface ReminderContext {
  practice: Practice;
  base: LinkBase;
  manageToken: string;
  /** When the reminder will go out: decides whether the booking can still be changed online then. */
  sendAt: Date;
}

/** When the reminder of `booking` is due, or null when its service sends none (`reminderHours: 0`). */
export function reminderTime(practice: Practice, booking: BookingRecord): Date | null {
  const hours = serviceOf(practice, booking)?.reminderHours ?? 24;
  if (!(hours > 0)) return null;
  return new Date(booking.start.getTime() - hours * 3_600_000);
}

/** The reminder email for one appointment. */
export function reminderEmail(booking: BookingRecord, ctx: ReminderContext): MailMessage {
  const { practice } = ctx;
  const service = serviceOf(practice, booking);
  const practitioner = practitionerOf(practice, booking);
  const name = serviceName(practice, booking);
  const zone = booking.clientTimeZone;
  const deadline = new Date(booking.start.getTime() - (service?.cancellationNoticeHours ?? 24) * 3_600_000);
  const changeable = ctx.sendAt.getTime() <= deadline.getTime();
  const link = manageUrl(ctx.base, booking.id, ctx.manageToken);

  const rows: [string, Inline][] = [
    ['When', formatRange(booking.start, booking.end, zone)],
    ['Service', name],
  ];
  if (zone !== practice.timeZone)
    rows.splice(1, 0, ['At the practice', formatRange(booking.start, booking.end, practice.timeZone)]);
  if (practitioner) rows.push(['With', practitioner.name]);
  if (practice.address) rows.push(['Where', practice.address]);

  const contact: Inline[] = [];
  if (practice.email) contact.push(' at ', { href: `mailto:${practice.email}`, text: practice.email });

  const blocks: Block[] = [
    { kind: 'heading', text: `See you ${formatSubjectWhen(booking.start, zone, 'short')}` },
    {
      kind: 'paragraph',
      content: [`Hello ${booking.client.name}, this is a reminder of your appointment with ${practice.name}.`],
    },
    { kind: 'fields', rows },
  ];
  if (service?.whatToBring)
    blocks.push({ kind: 'paragraph', content: [`What to bring or wear: ${service.whatToBring}`] });
  if (changeable) {
    blocks.push(
      {
        kind: 'paragraph',
        content: [`You can still change or cancel online until ${formatWhen(deadline, zone)}.`],
      },
      { kind: 'button', href: link, text: 'View, change or cancel' },
    );
  } else {
    blocks.push(
      {
        kind: 'paragraph',
        content: [
          `This appointment can no longer be changed online. If you cannot come, please tell ${practice.name}`,
          ...contact,
          '.',
        ],
      },
      { kind: 'paragraph', content: [{ href: link, text: 'View your booking' }] },
    );
  }
  const footer: Inline[] = [practice.name];
  if (practice.address) footer.push(`\n${practice.address}`);
  if (practice.website) footer.push('\n', { href: practice.website, text: practice.website });
  blocks.push({ kind: 'paragraph', small: true, content: footer });

  return renderMail({
    to: booking.client.email,
    subject: `Reminder: ${name} on ${formatSubjectWhen(booking.start, zone, 'long')}`,
    blocks,
  });
}
