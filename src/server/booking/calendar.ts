/**
 * iCalendar text for bookings: invitations and updates sent with emails (iTIP/iMIP, RFC 5546/6047), the client's
 * `.ics` download, and the practitioner's subscribed feed. Pure: no I/O, no clock unless `now` is left out.
 *
 * Every time is written in UTC (`…Z`, never TZID): a booking is an instant, and UTC needs no VTIMEZONE.
 * ical-generator escapes TEXT values and folds lines at 75 octets with CRLF; the few places where it does not
 * follow RFC 5545 are handled here (see {@link paramText}, {@link escapeText} and the PRODID note).
 */
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalCalendar,
  type ICalEventData,
} from 'ical-generator';
import { formatLongDay } from '../format.js';
import type { Practice, Practitioner, Service } from '../practice.js';
import { bookingUid, manageUrl, type BookingRecord, type LinkBase } from './records.js';

/** The iTIP methods Soleus sends. */
export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

/** Organizer address when neither the practitioner nor the practice has one (`.invalid` never resolves, RFC 2606). */
export const FALLBACK_ORGANIZER_EMAIL = 'no-reply@soleus.invalid';

/** How often calendar apps should re-read the owner's feed, in seconds. */
export const OWNER_FEED_TTL_SECONDS = 15 * 60;

// ical-generator writes `PRODID:-` + the string it is given, so the string form would come out as `--//…`;
// the object form yields exactly `-//Soleus//Booking//EN`.
const PRODID = { company: 'Soleus', product: 'Booking', language: 'EN' } as const;

/** The booking's service from the practice configuration, if it still exists there. */
export function serviceOf(practice: Practice, booking: Pick<BookingRecord, 'serviceId'>): Service | undefined {
  return practice.services.find((s) => s.id === booking.serviceId);
}

/** The booking's practitioner from the practice configuration, if they still exist there. */
export function practitionerOf(
  practice: Practice,
  booking: Pick<BookingRecord, 'practitionerId'>,
): Practitioner | undefined {
  return practice.practitioners.find((p) => p.id === booking.practitionerId);
}

/** The service's display name; a neutral word when the service was removed from the configuration since booking. */
export function serviceName(practice: Practice, booking: Pick<BookingRecord, 'serviceId'>): string {
  return serviceOf(practice, booking)?.name ?? 'Appointment';
}

/** Who the invitation comes from: the practitioner's address, else the practice's, else a placeholder. */
export function organizerOf(
  practice: Practice,
  booking: Pick<BookingRecord, 'practitionerId'>,
): { name: string; email: string } {
  const email = practitionerOf(practice, booking)?.email ?? practice.email ?? FALLBACK_ORGANIZER_EMAIL;
  return { name: paramText(practice.name), email };
}

/** "Cancel or change up to 24 hours before" for a service's notice. */
export function cancellationNotice(hours: number): string {
  if (hours <= 0) return 'Cancel or change any time before the appointment';
  return `Cancel or change up to ${hours} ${hours === 1 ? 'hour' : 'hours'} before`;
}

/**
 * A value for a quoted parameter such as CN. RFC 5545 §3.1 forbids DQUOTE and control characters inside a quoted
 * parameter and has no escape for them; ical-generator writes `\"` and `\\`, which strict parsers read as the end of
 * the quoted string or as two backslashes. So: `"` → `'`, `\` → `/`, control characters → space.
 * CN is a display name; the address next to it identifies the person.
 */
export function paramText(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .trim();
}

/** RFC 5545 §3.3.11 TEXT escaping, for the few values ical-generator writes raw (NAME, X-WR-CALNAME). */
export function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/** Who an event is written for: the client's calendar, or the practitioner's. */
type Audience = 'client' | 'owner';

interface EventOptions {
  practice: Practice;
  audience: Audience;
  method: CalendarMethod;
  stamp: Date;
  base?: LinkBase;
  manageToken?: string;
}

function clientDescription(b: BookingRecord, o: EventOptions, cancelled: boolean): string {
  const practitioner = practitionerOf(o.practice, b);
  const lines = [
    cancelled ? 'This booking has been cancelled.' : undefined,
    `${serviceName(o.practice, b)}${practitioner ? ` with ${practitioner.name}` : ''} at ${o.practice.name}.`,
    o.practice.address,
  ];
  if (!cancelled) {
    const service = serviceOf(o.practice, b);
    const notice = service ? cancellationNotice(service.cancellationNoticeHours) : 'Cancel or change';
    lines.push(
      o.manageToken && o.base
        ? `${notice}: ${manageUrl(o.base, b.id, o.manageToken)}`
        : `${notice}: use the link in your confirmation email.`,
    );
  }
  if (o.practice.website) lines.push(o.practice.website);
  return lines.filter((l): l is string => Boolean(l)).join('\n');
}

/** `eventDate` → "Event date": a field key in words, for an answer the practice file has no question for. */
function keyInWords(key: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(key)) return key;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The client's answers under the form's own questions (the practice file's `intake`): "Where do you feel tight?" →
 * "Calves", "Date of the event" → "Sunday 17 January 2027"; in the form's order, then any other answers.
 */
export function intakeAnswers(
  practice: Practice,
  answers: Record<string, string>,
): [question: string, answer: string, asked: boolean][] {
  const rows: [string, string, boolean][] = [];
  const questions = practice.intake ?? [];
  for (const q of questions)
    if (Object.hasOwn(answers, q.id) && answers[q.id] !== '')
      rows.push([q.label, q.type === 'date' ? formatLongDay(answers[q.id]!) : answers[q.id]!, true]);
  for (const [key, answer] of Object.entries(answers))
    if (!questions.some((q) => q.id === key)) rows.push([keyInWords(key), answer, false]);
  return rows;
}

/** The practitioner's view of a booking: who is coming and what they told us. */
export function ownerDescription(b: BookingRecord, practice: Practice): string {
  const lines = [
    b.status === 'cancelled' ? 'CANCELLED' : undefined,
    `Client: ${b.client.name}`,
    `Email: ${b.client.email}`,
    b.client.phone ? `Phone: ${b.client.phone}` : undefined,
    `Service: ${serviceName(practice, b)}`,
    b.notes ? `Notes: ${b.notes}` : undefined,
    // "Where do you feel tight? Calves": a question of the form takes no colon after its question mark.
    ...intakeAnswers(practice, b.answers).map(
      ([question, answer, asked]) => `${question}${asked && /[?:]$/.test(question) ? '' : ':'} ${answer}`,
    ),
    b.clientTimeZone !== practice.timeZone ? `Client's time zone: ${b.clientTimeZone}` : undefined,
    `Booking: ${b.id}`,
  ];
  return lines.filter((l): l is string => Boolean(l)).join('\n');
}

function eventData(b: BookingRecord, o: EventOptions): ICalEventData {
  const cancelled = o.method === 'CANCEL' || b.status === 'cancelled';
  const service = serviceName(o.practice, b);
  const event: ICalEventData = {
    id: bookingUid(b),
    sequence: b.sequence,
    stamp: o.stamp,
    created: b.createdAt,
    lastModified: b.updatedAt,
    start: b.start,
    end: b.end,
    summary: o.audience === 'client' ? `${service} — ${o.practice.name}` : `${b.client.name} — ${service}`,
    description: o.audience === 'client' ? clientDescription(b, o, cancelled) : ownerDescription(b, o.practice),
    location: o.practice.address ?? null,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  };
  // The owner's subscribed feed is not a scheduling message: ORGANIZER/ATTENDEE there make some apps (Apple
  // Calendar, Outlook) show each booking as an invitation awaiting a reply.
  if (o.audience === 'owner' && o.method === 'PUBLISH') return event;
  event.organizer = organizerOf(o.practice, b);
  event.attendees = [
    {
      name: paramText(b.client.name),
      email: b.client.email,
      role: ICalAttendeeRole.REQ,
      // The client booked it themselves, so they have accepted and nobody needs to reply. A cancellation carries no
      // PARTSTAT: DECLINED would read as the client's answer, whoever cancelled.
      status: cancelled ? null : ICalAttendeeStatus.ACCEPTED,
      rsvp: false,
    },
  ];
  return event;
}

const END = 'END:VCALENDAR';

/**
 * The calendar's text. ical-generator writes it, but its line folding makes a new TextEncoder for every character,
 * which was a fifth of the server's CPU per booking post under load (two invitations per booking). So the events are
 * written unfolded by ical-generator (`ICalEvent.toString()`), folded here by {@link foldLines} (same rule, same
 * output), and put into the calendar's own (short, ical-generator-folded) frame.
 */
function finish(calendar: ICalCalendar): string {
  const events = calendar
    .events()
    .map((event) => event.toString())
    .join('');
  const frame = calendar.clear().toString();
  if (!frame.endsWith(END)) throw new Error('ical-generator wrote an unexpected calendar frame');
  // ical-generator ends the text without the CRLF that RFC 5545 puts after every content line, END:VCALENDAR included.
  return `${frame.slice(0, -END.length)}${foldLines(events)}${END}\r\n`;
}

/**
 * Folds content lines (CRLF-separated) so that none is longer than 75 octets of UTF-8 (RFC 5545 §3.1): exactly
 * ical-generator's `foldLines` (a line break and a space before the character that would pass 74 octets; a surrogate
 * pair kept whole), computed from the UTF-16 code units instead of encoding every character.
 */
export function foldLines(text: string): string {
  return text.split('\r\n').map(foldLine).join('\r\n');
}

function foldLine(line: string): string {
  if (line.length <= 74 && !/[^\x00-\x7f]/.test(line)) return line; // every octet one character: nothing to fold
  let out = '';
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const unit = line.charCodeAt(i);
    let size: number;
    let ch: string;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      // A high surrogate travels with the next unit, whatever it is (as in ical-generator).
      const next = i + 1 < line.length ? line.charCodeAt(i + 1) : -1;
      ch = line.slice(i, i + 2);
      i++;
      if (next >= 0xdc00 && next <= 0xdfff) size = 4;
      else size = 3 + (next === -1 ? 0 : utf8Size(next)); // a lone surrogate is encoded as U+FFFD (3 octets)
    } else {
      ch = line[i]!;
      size = utf8Size(unit);
    }
    octets += size;
    if (octets > 74) {
      out += '\r\n ';
      octets = size;
    }
    out += ch;
  }
  return out;
}

/** Octets of one UTF-16 code unit that is not a high surrogate (a lone low surrogate becomes U+FFFD). */
function utf8Size(unit: number): number {
  if (unit < 0x80) return 1;
  if (unit < 0x800) return 2;
  return 3;
}

/** Context of {@link bookingCalendar}. */
export interface BookingCalendarContext {
  practice: Practice;
  base: LinkBase;
  method: CalendarMethod;
  /** The manage token, known only right after booking: adds the manage link to DESCRIPTION. */
  manageToken?: string;
  /** Written for the practitioner (summary `<client> — <service>`, client details) instead of the client. */
  audience?: Audience;
  /** DTSTAMP, the time this message is made; defaults to the current time. */
  now?: Date;
}

/**
 * One VCALENDAR with one VEVENT per booking (each with its own stable UID and SEQUENCE), for an email invitation,
 * update or cancellation (REQUEST / CANCEL) or a download (PUBLISH).
 */
export function bookingCalendar(bookings: BookingRecord[], ctx: BookingCalendarContext): string {
  const calendar = ical({ prodId: PRODID, method: ICalCalendarMethod[ctx.method] });
  const options: EventOptions = {
    practice: ctx.practice,
    audience: ctx.audience ?? 'client',
    method: ctx.method,
    stamp: ctx.now ?? new Date(),
    base: ctx.base,
    ...(ctx.manageToken !== undefined ? { manageToken: ctx.manageToken } : {}),
  };
  for (const b of bookings) calendar.createEvent(eventData(b, options));
  return finish(calendar);
}

/** Context of {@link ownerFeed}. */
export interface OwnerFeedContext {
  practice: Practice;
  /** DTSTAMP; defaults to the current time. */
  now?: Date;
}

/**
 * The practitioner's subscribed feed (`/calendar/<feedToken>.ics`): METHOD:PUBLISH, refreshed every 15 minutes,
 * one VEVENT per booking given. The caller chooses what to include (normally only confirmed bookings); a cancelled
 * one that is passed is written with STATUS:CANCELLED.
 */
export function ownerFeed(bookings: BookingRecord[], ctx: OwnerFeedContext): string {
  const calendar = ical({
    prodId: PRODID,
    method: ICalCalendarMethod.PUBLISH,
    // ical-generator writes NAME and X-WR-CALNAME without escaping them.
    name: escapeText(`${ctx.practice.name} bookings`),
    ttl: OWNER_FEED_TTL_SECONDS,
  });
  const options: EventOptions = {
    practice: ctx.practice,
    audience: 'owner',
    method: 'PUBLISH',
    stamp: ctx.now ?? new Date(),
  };
  for (const b of bookings) calendar.createEvent(eventData(b, options));
  return finish(calendar);
}
