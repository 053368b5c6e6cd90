import { html, type TemplateResult } from 'lit';
import { bookingIcsUrl, googleCalendarUrl, outlookCalendarUrl } from '../../../core/calendar-links.js';
import type { BookingMessages } from '../messages/en-GB.js';

/** Add-to-calendar links for one session: the server's .ics, Google Calendar and Outlook. */
export function renderCalendarLinks(
  m: Pick<BookingMessages, 'addToCalendar' | 'ics' | 'google' | 'outlook'>,
  base: string,
  token: string,
  session: { id: string; start: string; end: string },
  event: { title: string; location: string; details: string },
): TemplateResult {
  const e = { ...event, start: new Date(session.start), end: new Date(session.end) };
  return html`<p class="cal">
    <span>${m.addToCalendar}:</span>
    <a href=${bookingIcsUrl(base, session.id, token)} download>${m.ics}</a>
    <a href=${googleCalendarUrl(e)} target="_blank" rel="noopener">${m.google}</a>
    <a href=${outlookCalendarUrl(e)} target="_blank" rel="noopener">${m.outlook}</a>
  </p>`;
}
