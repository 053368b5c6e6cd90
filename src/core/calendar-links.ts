/**
 * Add-to-calendar links for a booking, shared by the booking widgets and the confirmation emails so the two never
 * build a different link for the same session. Pure string work: safe in the browser and on the server.
 */

/** An event as the add-to-calendar links describe it. */
export interface LinkEvent {
  title: string;
  start: Date;
  end: Date;
  details?: string;
  location?: string;
}

/** `20261201T090000Z`. */
export function icsUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const query = (pairs: [string, string | undefined][]): string =>
  pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '')
    .map(([k, v]) => `${k}=${k === 'dates' ? v : encodeURIComponent(v)}`)
    .join('&');

/** Google Calendar's "add event" template link, times in UTC. */
export function googleCalendarUrl(e: LinkEvent): string {
  return `https://calendar.google.com/calendar/render?${query([
    ['action', 'TEMPLATE'],
    ['text', e.title],
    // Both instants are digits, T and Z; the slash between them is Google's separator and stays literal.
    ['dates', `${icsUtc(e.start)}/${icsUtc(e.end)}`],
    ['details', e.details],
    ['location', e.location],
  ])}`;
}

/** Outlook.com's compose-event deep link, times as ISO 8601 in UTC. */
export function outlookCalendarUrl(e: LinkEvent): string {
  return `https://outlook.live.com/calendar/0/deeplink/compose?${query([
    ['path', '/calendar/action/compose'],
    ['rru', 'addevent'],
    ['subject', e.title],
    ['startdt', isoSeconds(e.start)],
    ['enddt', isoSeconds(e.end)],
    ['location', e.location],
    ['body', e.details],
  ])}`;
}

/**
 * The server's `.ics` download for one booking (`base` is the server's origin, no trailing slash); with `all`, every
 * session of its series or plan in one file.
 */
export function bookingIcsUrl(base: string, bookingId: string, manageToken: string, all = false): string {
  return `${base}/api/v1/bookings/${encodeURIComponent(bookingId)}/calendar.ics?token=${encodeURIComponent(manageToken)}${all ? '&all=1' : ''}`;
}
