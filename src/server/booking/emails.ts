/**
 * The booking emails (confirmation, reschedule, cancellation) for the client and the practitioner, as
 * {@link MailMessage}s: documents of blocks that the one mail renderer (`mail/document.ts`) turns into plain text
 * and an inline-styled HTML version, plus the iCalendar invite or cancellation from {@link bookingCalendar}.
 * Pure: the caller sends them.
 *
 * The renderer escapes every string that goes into HTML (client names, notes and answers are whatever the client
 * typed). Dates and prices come from `format.ts`, the add-to-calendar links from `core/calendar-links.ts` (the same
 * links the widget shows). The manage token is only known right after booking (the database keeps its hash), so later
 * mails point to the link in the confirmation instead.
 */
import type { Practice } from '../practice.js';
import type { MailMessage } from '../mail/mailer.js';
import { headerLine, renderMail, type Block, type Inline } from '../mail/document.js';
import { formatDay, formatPrice, formatRange, formatSubjectWhen as subjectWhen } from '../format.js';
import { googleCalendarUrl, outlookCalendarUrl, type LinkEvent } from '../../core/calendar-links.js';
import {
  bookingCalendar,
  cancellationNotice,
  intakeAnswers,
  practitionerOf,
  serviceName,
  serviceOf,
} from './calendar.js';
import { manageUrl, type BookingRecord, type LinkBase } from './records.js';

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

function message(
  to: string,
  subject: string,
  blocks: Block[],
  extra: Pick<MailMessage, 'icalEvent' | 'headers'>,
): MailMessage {
  return renderMail({ to, subject, blocks, ...extra });
}

/** What every booking email needs. */
export interface EmailContext {
  practice: Practice;
  base: LinkBase;
  /** DTSTAMP of the attached invite; defaults to the current time. */
  now?: Date;
  /** The owner's own words to the client with a change they made (console): shown under the news, as they wrote it. */
  ownerMessage?: string;
}

/** The owner's message as a field of the client's email (none when there is none). */
function ownerMessageBlock(ctx: EmailContext): Block[] {
  const text = ctx.ownerMessage?.trim();
  return text ? [{ kind: 'fields', rows: [[`A message from ${ctx.practice.name}`, text]] }] : [];
}

/** Where the practitioner's copy goes: their address, else the practice's; undefined when neither exists. */
export function practitionerAddress(practice: Practice, booking: BookingRecord): string | undefined {
  return practitionerOf(practice, booking)?.email ?? practice.email;
}

function practitionerZone(practice: Practice, booking: BookingRecord): string {
  return practitionerOf(practice, booking)?.timeZone ?? practice.timeZone;
}

/** The client's view of one occurrence: in their zone, in the practice's zone when different, then the links. */
function clientOccurrence(b: BookingRecord, practice: Practice, label: string | null): Inline[][] {
  const practitioner = practitionerOf(practice, b);
  const lines: Inline[][] = [[formatRange(b.start, b.end, b.clientTimeZone)]];
  if (b.clientTimeZone !== practice.timeZone)
    lines.push([`${formatRange(b.start, b.end, practice.timeZone)} at the practice`]);
  const event: LinkEvent = {
    title: `${serviceName(practice, b)} — ${practice.name}`,
    start: b.start,
    end: b.end,
    // No manage link here: these links send the text to Google or Microsoft in a URL, and the token is a credential.
    details: [
      `${serviceName(practice, b)}${practitioner ? ` with ${practitioner.name}` : ''} at ${practice.name}.`,
      'To cancel or change, use the link in your confirmation email.',
    ].join('\n'),
    ...(practice.address ? { location: practice.address } : {}),
  };
  const suffix = label ? ` (${label})` : '';
  lines.push([
    { href: googleCalendarUrl(event), text: `Add to Google Calendar${suffix}` },
    ' · ',
    { href: outlookCalendarUrl(event), text: `Add to Outlook${suffix}` },
  ]);
  return lines;
}

function occurrenceLabel(b: BookingRecord, many: boolean): string | null {
  return many ? formatDay(b.start, b.clientTimeZone) : null;
}

function serviceFields(b: BookingRecord, practice: Practice, perSession: boolean): [string, Inline][] {
  const service = serviceOf(practice, b);
  const practitioner = practitionerOf(practice, b);
  const rows: [string, Inline][] = [['Service', serviceName(practice, b)]];
  if (practitioner) rows.push(['With', practitioner.name]);
  if (service?.price) rows.push(['Price', `${formatPrice(service.price)}${perSession ? ' per session' : ''}`]);
  if (practice.address) rows.push(['Where', practice.address]);
  return rows;
}

/**
 * A plan (sessions of several services): what every session shares, and the total when every session has a price in
 * one currency. Each session's own service and price go with its time in the list.
 */
function planFields(bookings: BookingRecord[], practice: Practice): [string, Inline][] {
  const first = bookings[0]!;
  const practitioner = practitionerOf(practice, first);
  const rows: [string, Inline][] = [];
  if (practitioner) rows.push(['With', practitioner.name]);
  const prices = bookings.map((b) => serviceOf(practice, b)?.price);
  const currency = prices[0]?.currency;
  if (currency && prices.every((p) => p?.currency === currency))
    rows.push(['Total', formatPrice({ amount: prices.reduce((sum, p) => sum + p!.amount, 0), currency })]);
  if (practice.address) rows.push(['Where', practice.address]);
  return rows;
}

/** A plan session's first line: its service and price. */
function sessionTitle(b: BookingRecord, practice: Practice): Inline[] {
  const price = serviceOf(practice, b)?.price;
  return [`${serviceName(practice, b)}${price ? `, ${formatPrice(price)}` : ''}`];
}

/** Whether the bookings are of more than one service (a plan): each session is then named with its service. */
const isMixed = (bookings: BookingRecord[]) => new Set(bookings.map((b) => b.serviceId)).size > 1;

function clientDetails(b: BookingRecord, practice: Practice, mixed = false): [string, Inline][] {
  const rows: [string, Inline][] = [
    ['Client', b.client.name],
    ['Email', { href: `mailto:${b.client.email}`, text: b.client.email }],
  ];
  if (b.client.phone) rows.push(['Phone', b.client.phone]);
  if (!mixed) rows.push(['Service', serviceName(practice, b)]);
  if (b.notes) rows.push(['Notes', b.notes]);
  // Under the form's own questions ("Where do you feel tight?", "Date of the event"), never under field keys.
  for (const [question, answer] of intakeAnswers(practice, b.answers)) rows.push([question, answer]);
  if (b.clientTimeZone !== practice.timeZone) rows.push(["Client's time zone", b.clientTimeZone]);
  return rows;
}

function footer(practice: Practice): Block {
  const content: Inline[] = [practice.name];
  if (practice.address) content.push(`\n${practice.address}`);
  if (practice.email) content.push('\n', { href: `mailto:${practice.email}`, text: practice.email });
  if (practice.website) content.push('\n', { href: practice.website, text: practice.website });
  return { kind: 'paragraph', small: true, content };
}

function noticeText(practice: Practice, b: BookingRecord): string {
  const service = serviceOf(practice, b);
  return service ? cancellationNotice(service.cancellationNoticeHours) : 'Cancel or change';
}

const hoursText = (h: number): string => `${h} ${h === 1 ? "hour's" : "hours'"}`;

/** Whether a booking already lies inside its cancellation notice: it can no longer be changed online. */
function isLate(practice: Practice, b: BookingRecord, now: Date): boolean {
  const hours = serviceOf(practice, b)?.cancellationNoticeHours ?? 0;
  return b.start.getTime() - now.getTime() < hours * 3_600_000;
}

/**
 * "This time can't be changed online once booked…" with the practice's phone and email, when a booking (or, in a
 * series, its first session) lies inside the cancellation notice; undefined otherwise. The widget says the same
 * before the visitor confirms, and the manage page after.
 */
function lateNotice(practice: Practice, bookings: BookingRecord[], now: Date): Block | undefined {
  const late = bookings.filter((b) => isLate(practice, b, now));
  if (!late.length) return undefined;
  const first = late[0]!;
  const which = bookings.length > 1 ? `The session on ${formatDay(first.start, first.clientTimeZone)}` : 'This time';
  const contact: Inline[] = [];
  // The number as text: the plain-text part would write a tel: link as "number: tel:…" (mail apps link it anyway).
  if (practice.phone) contact.push(` on ${practice.phone}`);
  if (practice.email)
    contact.push(practice.phone ? ' or at ' : ' at ', { href: `mailto:${practice.email}`, text: practice.email });
  return {
    kind: 'paragraph',
    content: [
      `${which} can't be changed or cancelled online: changes need ${hoursText(serviceOf(practice, first)?.cancellationNoticeHours ?? 0)} notice. To change or cancel it, contact ${practice.name}`,
      ...contact,
      '.',
    ],
  };
}

/** The practitioner's copies: replying writes to the client. */
const REPLY_TO_CLIENT = (b: BookingRecord): Record<string, string> => ({ 'Reply-To': headerLine(b.client.email) });

// ---------------------------------------------------------------------------------------------------------------
// The three kinds of booking email

/** Context of {@link confirmationEmails}. */
export interface ConfirmationContext extends EmailContext {
  /** The manage token just issued (only its hash is stored). */
  manageToken: string;
}

/**
 * The client's confirmation and the practitioner's notification for a new booking: one booking, or every
 * occurrence of a series (sorted). The practitioner's message is left out when there is no address to send it to.
 */
export function confirmationEmails(bookings: BookingRecord[], ctx: ConfirmationContext): MailMessage[] {
  const first = bookings[0];
  if (!first) return [];
  const { practice } = ctx;
  const many = bookings.length > 1;
  // A plan books several services: the subject and the list name each session's service instead of one for all.
  const mixed = isMixed(bookings);
  const service = serviceName(practice, first);
  const manage = manageUrl(ctx.base, first.id, ctx.manageToken);
  const now = ctx.now ?? new Date();

  const clientSubject = mixed
    ? `Booked: ${bookings.length} sessions from ${subjectWhen(first.start, first.clientTimeZone, 'long')}`
    : many
      ? `Booked: ${service}, ${bookings.length} sessions from ${subjectWhen(first.start, first.clientTimeZone, 'long')}`
      : `Booked: ${service} on ${subjectWhen(first.start, first.clientTimeZone, 'long')}`;
  const clientBlocks: Block[] = [
    { kind: 'heading', text: many ? `Your ${bookings.length} sessions are booked` : 'Your booking is confirmed' },
    { kind: 'paragraph', content: [`Hello ${first.client.name}, thank you for booking with ${practice.name}.`] },
    { kind: 'fields', rows: mixed ? planFields(bookings, practice) : serviceFields(first, practice, many) },
    {
      kind: 'list',
      label: many ? 'When (every session)' : 'When',
      items: bookings.map((b) => [
        ...(mixed ? [sessionTitle(b, practice)] : []),
        ...clientOccurrence(b, practice, occurrenceLabel(b, many)),
      ]),
    },
    ...(lateNotice(practice, bookings, now) ? [lateNotice(practice, bookings, now)!] : []),
    {
      kind: 'paragraph',
      content: [
        many || !isLate(practice, first, now)
          ? `${noticeText(practice, first)}${many ? ' each session' : ''}, with this link (keep this email):`
          : 'Your booking, with this link (keep this email):',
      ],
    },
    { kind: 'button', href: manage, text: 'Manage your booking' },
    {
      kind: 'paragraph',
      small: true,
      content: ['The attached invitation (invite.ics) adds the booking to your calendar.'],
    },
    footer(practice),
  ];
  const messages: MailMessage[] = [
    message(first.client.email, clientSubject, clientBlocks, {
      icalEvent: {
        method: 'REQUEST',
        filename: 'invite.ics',
        content: bookingCalendar(bookings, {
          practice,
          base: ctx.base,
          method: 'REQUEST',
          manageToken: ctx.manageToken,
          now,
        }),
      },
    }),
  ];

  const owner = practitionerNotice(
    bookings,
    { ...ctx, now },
    {
      subject: (zone) =>
        mixed
          ? `New booking: ${first.client.name} — ${bookings.length} sessions from ${subjectWhen(first.start, zone, 'short')}`
          : many
            ? `New booking: ${first.client.name} — ${service}, ${bookings.length} sessions from ${subjectWhen(first.start, zone, 'short')}`
            : `New booking: ${first.client.name} — ${service}, ${subjectWhen(first.start, zone, 'short')}`,
      heading: many ? `New booking: ${bookings.length} sessions` : 'New booking',
      what: (zone) => ({
        kind: 'list',
        label: many ? 'When (every session)' : 'When',
        items: bookings.map((b) =>
          mixed
            ? [[`${serviceName(practice, b)}: ${formatRange(b.start, b.end, zone)}`]]
            : [[formatRange(b.start, b.end, zone)]],
        ),
      }),
      method: 'REQUEST',
    },
  );
  if (owner) messages.push(owner);
  return messages;
}

/**
 * The practitioner's copy of a booking change, or nothing when no address is configured: a heading, what happened
 * (worded in the practitioner's zone), the client's details, the booking ids, and the calendar update with the
 * practitioner's own summary and never the client's manage link. Replies go to the client.
 */
function practitionerNotice(
  bookings: BookingRecord[],
  ctx: EmailContext & { now: Date },
  notice: {
    subject: (zone: string) => string;
    heading: string;
    what: (zone: string) => Block;
    method: 'REQUEST' | 'CANCEL';
  },
): MailMessage | undefined {
  const { practice } = ctx;
  const first = bookings[0]!;
  const to = practitionerAddress(practice, first);
  if (!to) return undefined;
  const zone = practitionerZone(practice, first);
  const blocks: Block[] = [
    { kind: 'heading', text: notice.heading },
    notice.what(zone),
    { kind: 'fields', rows: clientDetails(first, practice, isMixed(bookings)) },
    {
      kind: 'paragraph',
      small: true,
      content: [`Booking ${bookings.map((b) => b.id).join(', ')}. Reply to this email to write to the client.`],
    },
  ];
  return message(to, notice.subject(zone), blocks, {
    headers: REPLY_TO_CLIENT(first),
    icalEvent: {
      method: notice.method,
      filename: notice.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
      content: bookingCalendar(bookings, {
        practice,
        base: ctx.base,
        method: notice.method,
        audience: 'owner',
        now: ctx.now,
      }),
    },
  });
}

/** Context of {@link rescheduleEmails}. */
export interface RescheduleContext extends EmailContext {
  /** Known only if the client rescheduled in the same request that authenticated them; usually absent. */
  manageToken?: string;
}

function movedText(previousStart: Date, booking: BookingRecord, zone: string): string {
  const previousEnd = new Date(previousStart.getTime() + (booking.end.getTime() - booking.start.getTime()));
  return `from ${formatRange(previousStart, previousEnd, zone)} to ${formatRange(booking.start, booking.end, zone)}`;
}

/**
 * The client's and the practitioner's notice that a booking moved from `previousStart`. `booking` holds the new
 * times with `sequence` already incremented; the invite is a REQUEST with the same UID, so calendars move the entry.
 */
export function rescheduleEmails(booking: BookingRecord, previousStart: Date, ctx: RescheduleContext): MailMessage[] {
  const { practice } = ctx;
  const service = serviceName(practice, booking);
  const now = ctx.now ?? new Date();
  const token = ctx.manageToken;

  const clientSubject = `Moved: ${service} now on ${subjectWhen(booking.start, booking.clientTimeZone, 'long')}`;
  const moved: Inline[] = [
    `Your ${service} booking has moved ${movedText(previousStart, booking, booking.clientTimeZone)}.`,
  ];
  if (booking.clientTimeZone !== practice.timeZone) {
    moved.push(` At the practice that is ${formatRange(booking.start, booking.end, practice.timeZone)}.`);
  }
  const late = lateNotice(practice, [booking], now);
  const clientBlocks: Block[] = [
    { kind: 'heading', text: 'Your booking has moved' },
    { kind: 'paragraph', content: moved },
    ...ownerMessageBlock(ctx),
    ...(late ? [late] : []),
    { kind: 'fields', rows: serviceFields(booking, practice, false) },
    { kind: 'list', label: 'New time', items: [clientOccurrence(booking, practice, null)] },
    ...(token
      ? ([
          { kind: 'paragraph', content: [`${late ? 'Your booking' : noticeText(practice, booking)}, with this link:`] },
          { kind: 'button', href: manageUrl(ctx.base, booking.id, token), text: 'Manage your booking' },
        ] satisfies Block[])
      : late
        ? []
        : ([
            {
              kind: 'paragraph',
              content: [`${noticeText(practice, booking)}: use the link in your confirmation email.`],
            },
          ] satisfies Block[])),
    {
      kind: 'paragraph',
      small: true,
      content: ['The attached update (invite.ics) moves the booking in your calendar.'],
    },
    footer(practice),
  ];
  const messages: MailMessage[] = [
    message(booking.client.email, clientSubject, clientBlocks, {
      icalEvent: {
        method: 'REQUEST',
        filename: 'invite.ics',
        content: bookingCalendar([booking], {
          practice,
          base: ctx.base,
          method: 'REQUEST',
          now,
          ...(token !== undefined ? { manageToken: token } : {}),
        }),
      },
    }),
  ];

  const owner = practitionerNotice(
    [booking],
    { ...ctx, now },
    {
      subject: (zone) => `Moved: ${booking.client.name} — ${service}, now ${subjectWhen(booking.start, zone, 'short')}`,
      heading: 'Booking moved',
      what: (zone) => ({
        kind: 'paragraph',
        content: [`${booking.client.name}'s ${service} has moved ${movedText(previousStart, booking, zone)}.`],
      }),
      method: 'REQUEST',
    },
  );
  if (owner) messages.push(owner);
  return messages;
}

/**
 * The client's and the practitioner's notice that a booking is cancelled, with a METHOD:CANCEL update (same UID,
 * STATUS:CANCELLED; the caller has already incremented `sequence`) that removes it from their calendars.
 */
export function cancellationEmails(booking: BookingRecord, ctx: EmailContext): MailMessage[] {
  const { practice } = ctx;
  const service = serviceName(practice, booking);
  const now = ctx.now ?? new Date();
  const when: Inline[] = [
    `Your ${service} booking on ${formatRange(booking.start, booking.end, booking.clientTimeZone)} has been cancelled.`,
  ];
  if (booking.clientTimeZone !== practice.timeZone) {
    when.push(` (${formatRange(booking.start, booking.end, practice.timeZone)} at the practice.)`);
  }
  const clientBlocks: Block[] = [
    { kind: 'heading', text: 'Your booking is cancelled' },
    { kind: 'paragraph', content: when },
    ...ownerMessageBlock(ctx),
    ...(practice.website
      ? ([
          {
            kind: 'paragraph',
            content: ['To book again, visit ', { href: practice.website, text: practice.website }, '.'],
          },
        ] satisfies Block[])
      : []),
    {
      kind: 'paragraph',
      small: true,
      content: ['The attached update (cancel.ics) removes the booking from your calendar.'],
    },
    footer(practice),
  ];
  const messages: MailMessage[] = [
    message(
      booking.client.email,
      `Cancelled: ${service} on ${subjectWhen(booking.start, booking.clientTimeZone, 'long')}`,
      clientBlocks,
      {
        icalEvent: {
          method: 'CANCEL',
          filename: 'cancel.ics',
          content: bookingCalendar([booking], { practice, base: ctx.base, method: 'CANCEL', now }),
        },
      },
    ),
  ];

  const owner = practitionerNotice(
    [booking],
    { ...ctx, now },
    {
      subject: (zone) => `Cancelled: ${booking.client.name} — ${service}, ${subjectWhen(booking.start, zone, 'short')}`,
      heading: 'Booking cancelled',
      what: (zone) => ({
        kind: 'paragraph',
        content: [
          `${booking.client.name}'s ${service} on ${formatRange(booking.start, booking.end, zone)} is cancelled; the time is free again.`,
        ],
      }),
      method: 'CANCEL',
    },
  );
  if (owner) messages.push(owner);
  return messages;
}
