import { html, nothing, type TemplateResult } from 'lit';
import { bookingIcsUrl, googleCalendarUrl, outlookCalendarUrl } from '../../../core/calendar-links.js';
import { fill } from '../../../core/i18n.js';
import type { DateTimeFormats } from '../internal/format.js';
import type { Booked, Practice, Service } from '../internal/types.js';
import type { BookingMessages } from '../messages/en-GB.js';
import { renderCalendarLinks } from './calendar-links.js';
import { lateSession, renderLateNotice, renderZoneNote, type Session as Late, type StepView } from './parts.js';

export interface DoneStepView {
  messages: BookingMessages;
  formats: DateTimeFormats;
  /** The server's base URL (manage and .ics links). */
  base: string;
  practiceName: string;
  address: string;
  /** Where the confirmation goes. */
  email: string;
  booked: Booked[];
  /** The practice's contact details, for a session too close to change online. */
  practice: Practice | undefined;
  /** The current time (ms). */
  now: number;
  service: (id: string) => Service | undefined;
  onAgain: () => void;
}

/** The page a confirmation email links to; the token stays in the fragment, out of logs and Referer headers. */
export const manageUrl = (base: string, b: Booked): string =>
  `${base}/manage#booking=${encodeURIComponent(b.id)}&token=${encodeURIComponent(b.token)}`;

type Session = { id: string; serviceId?: string; start: string; end: string };

/**
 * A series or a plan: the sessions as one compact list (each with its treatment when they differ), ONE "Add all to
 * calendar" (the server's .ics of every session), and the Google and Outlook links, which take one event each,
 * folded away under "Or add them one at a time".
 */
function sessionList(v: DoneStepView, b: Booked, sessions: Session[], event: (s: Session) => object): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  const mixed = new Set(sessions.map((s) => s.serviceId ?? b.serviceId)).size > 1;
  const name = (s: Session) => (mixed ? ` · ${v.service(s.serviceId ?? b.serviceId)?.name ?? ''}` : '');
  const link = (s: Session) => ({ ...event(s), start: new Date(s.start), end: new Date(s.end) }) as never;
  return html`<ol class="sessions">
      ${sessions.map((s) => html`<li>${f.when(s.start)}${name(s)}</li>`)}
    </ol>
    <p class="cal">
      <a class="btn secondary" part="button secondary" href=${bookingIcsUrl(v.base, b.id, b.token, true)} download
        >${m.addAll}</a
      >
    </p>
    <details class="one">
      <summary>${m.oneByOne}</summary>
      <ul>
        ${sessions.map(
          (s) =>
            html`<li class="cal">
              <span>${f.short(s.start)}${name(s)}:</span>
              <a href=${googleCalendarUrl(link(s))} target="_blank" rel="noopener">${m.google}</a>
              <a href=${outlookCalendarUrl(link(s))} target="_blank" rel="noopener">${m.outlook}</a>
            </li>`,
        )}
      </ul>
    </details>`;
}

/** One booking, series or plan: what, when, where, the price, the calendar links, and the manage link. */
function bookedItem(v: DoneStepView, b: Booked): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  const sessions: Session[] = b.series ?? [];
  const many = sessions.length > 1;
  const svc = v.service(b.serviceId);
  const manage = manageUrl(v.base, b);
  const event = (s: Session) => ({
    title: `${v.service(s.serviceId ?? b.serviceId)?.name ?? ''} · ${v.practiceName}`,
    location: v.address,
    details: manage,
  });
  const [before, link, after] = m.manage.split(/[[\]]/);
  const mixed = many && sessions.some((s) => s.serviceId && s.serviceId != b.serviceId);
  const price = (s: Session) => v.service(s.serviceId ?? b.serviceId)?.price;
  const prices = many ? sessions.map(price) : [svc?.price];
  // The total of a plan (sessions of several treatments), or the price per session of a series.
  const total =
    mixed && prices.every((p) => p && p.currency == prices[0]!.currency)
      ? { amount: prices.reduce((n, p) => n + p!.amount, 0), currency: prices[0]!.currency }
      : undefined;
  return html`<li>
    <b>${mixed ? fill(m.sessions, { n: sessions.length }) : svc?.name}</b>${
      many ? nothing : html`<span>${f.when(b.start)}</span>`
    }${v.address ? html`<span>${v.address}</span>` : nothing}${
      total
        ? html`<span>${f.price(total)}</span>`
        : !mixed && svc?.price
          ? html`<span>${f.price(svc.price)}</span>`
          : nothing
    }${many ? sessionList(v, b, sessions, event) : renderCalendarLinks(m, v.base, b.token, b, event(b))}
    ${
      // A single booking inside its notice cannot be changed online: the notice above says whom to contact instead.
      !many && lateSession([{ service: svc, slot: b }], v.now)
        ? nothing
        : html`<p>${before}<a href=${manage} target="_blank" rel="noopener">${link}</a>${after}</p>`
    }
  </li>`;
}

/** Every session booked, a series' or a plan's one by one. */
const sessionsBooked = (v: DoneStepView): Late[] =>
  v.booked.flatMap((b) =>
    (b.series ?? [b]).map((slot) => ({ service: v.service(slot.serviceId ?? b.serviceId), slot })),
  );

/** The confirmation: what was booked, with its calendar links and the manage link. */
export function doneStep(v: DoneStepView): StepView {
  const m = v.messages;
  return [
    m.done,
    html`<p>${fill(m.booked, { email: v.email })}</p>
      ${renderLateNotice(m, v.formats, v.practice, sessionsBooked(v), v.now)}${renderZoneNote(m, v.formats)}
      <ul class="booked">
        ${v.booked.map((b) => bookedItem(v, b))}
      </ul>
      <button type="button" class="btn secondary" part="button secondary" @click=${v.onAgain}>${m.another}</button>`,
  ];
}
