import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../../../core/i18n.js';
import type { DateTimeFormats } from '../internal/format.js';
import type { PlanItem } from '../internal/plan.js';
import type { Booked, Failure, Practice, Service } from '../internal/types.js';
import type { BookingMessages } from '../messages/en-GB.js';
import { renderCalendarLinks } from './calendar-links.js';
import { lateSession, renderLateNotice, renderZoneNote, type Session, type StepView } from './parts.js';

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
  failures: Failure[];
  /** The practice's contact details, for a session too close to change online. */
  practice: Practice | undefined;
  /** The current time (ms). */
  now: number;
  busy: boolean;
  service: (id: string) => Service | undefined;
  partName: (item: PlanItem) => string;
  onRetry: () => void;
  onAgain: () => void;
}

/** The page a confirmation email links to; the token stays in the fragment, out of logs and Referer headers. */
export const manageUrl = (base: string, b: Booked): string =>
  `${base}/manage#booking=${encodeURIComponent(b.id)}&token=${encodeURIComponent(b.token)}`;

/** The sessions that could not be booked, with fresh times to pick where one was just taken. */
function failedList(v: DoneStepView): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  const label = v.busy ? m.sending : m.retryOthers;
  // A button's text is exactly its label, no whitespace around it (tests and scripts read it).
  // prettier-ignore
  const retryButton = html`<button type="button" class="btn" part="button retry" aria-disabled=${v.busy} @click=${v.onRetry}>${label}</button>`;
  return html`<div class="failed">
    <h4>${m.notBooked}</h4>
    <ul class="list">
      ${v.failures.map(
        (fail, i) =>
          html`<li>
            <b>${fail.item ? v.partName(fail.item) : v.service(fail.order.serviceId)?.name}</b
            ><br />${f.when(fail.order.start)}:
            ${fail.reason}${
              fail.options.length
                ? html`<div class="field">
                    <label for="f${i}">${m.newTime}</label
                    ><select
                      id="f${i}"
                      @change=${(e: Event) => (fail.pick = fail.options[+(e.target as HTMLSelectElement).value])}
                    >
                      ${fail.options.map(
                        (s, j) =>
                          html`<option value=${j} ?selected=${s.start == fail.pick?.start}>
                            ${f.short(s.start)}
                          </option>`,
                      )}
                    </select>
                  </div>`
                : fail.retry
                  ? nothing
                  : html`<br />${m.noSlot}`
            }
          </li>`,
      )}
    </ul>
    ${v.failures.some((x) => x.retry) ? retryButton : nothing}
  </div>`;
}

/** One booking: what, when, where, the price, calendar links per session, and the manage link. */
function bookedItem(v: DoneStepView, b: Booked): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  const svc = v.service(b.serviceId);
  const manage = manageUrl(v.base, b);
  const event = { title: `${svc?.name ?? ''} · ${v.practiceName}`, location: v.address, details: manage };
  const [before, link, after] = m.manage.split(/[[\]]/);
  // Each session of a series gets its own calendar links (they share the series' manage token).
  const cal = (s: { id: string; start: string; end: string }) => renderCalendarLinks(m, v.base, b.token, s, event);
  return html`<li>
    <b>${svc?.name}</b>${b.series ? nothing : html`<span>${f.when(b.start)}</span>`}${
      v.address ? html`<span>${v.address}</span>` : nothing
    }${svc?.price ? html`<span>${f.price(svc.price)}</span>` : nothing}${
      b.series ? b.series.map((s) => html`<span>${f.when(s.start)}</span>${cal(s)}`) : cal(b)
    }
    ${
      // A single booking inside its notice cannot be changed online: the notice above says whom to contact instead.
      !b.series && lateSession([{ service: svc, slot: b }], v.now)
        ? nothing
        : html`<p>${before}<a href=${manage} target="_blank" rel="noopener">${link}</a>${after}</p>`
    }
  </li>`;
}

/** Every session booked, a series' one by one. */
const sessionsBooked = (v: DoneStepView): Session[] =>
  v.booked.flatMap((b) => (b.series ?? [b]).map((slot) => ({ service: v.service(b.serviceId), slot })));

/** The confirmation: what still needs the visitor first (the sessions not booked), then the ones that are. */
export function doneStep(v: DoneStepView): StepView {
  const m = v.messages;
  return [
    m.done,
    html`<p>${fill(m.booked, { email: v.email })}</p>
      ${renderLateNotice(m, v.formats, v.practice, sessionsBooked(v), v.now)}${renderZoneNote(m, v.formats)}${v.failures.length ? failedList(v) : nothing}
      <ul class="booked">
        ${v.booked.map((b) => bookedItem(v, b))}
      </ul>
      <button type="button" class="btn secondary" part="button secondary" @click=${v.onAgain}>${m.another}</button>`,
  ];
}
