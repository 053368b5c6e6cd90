import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../../../core/i18n.js';
import type { DateTimeFormats } from '../internal/format.js';
import type { PlanItem } from '../internal/plan.js';
import type { Practice, Service } from '../internal/types.js';
import type { Slot } from '../internal/zone.js';
import type { BookingMessages } from '../messages/en-GB.js';

/** A step: its heading and the rest of it. */
export type StepView = [heading: string, body: TemplateResult];

/** Back, and the step's own next button if it has one. */
export function renderNav(m: BookingMessages, onBack: () => void, next?: TemplateResult): TemplateResult {
  return html`<div class="nav">
    <button type="button" class="btn secondary" part="button secondary" @click=${onBack}>${m.back}</button
    >${next ?? nothing}
  </div>`;
}

/** Names the zone times are shown in ("Times shown in London time"), where times are listed outside the times step. */
export function renderZoneNote(_m: BookingMessages, f: DateTimeFormats): TemplateResult {
  return html`<p class="note">${f.zoneNote()}</p>`;
}

/** The link to the race-day plan, under the treatments and the month. */
export function renderPlanLink(m: BookingMessages, onOpen: () => void): TemplateResult {
  return html`<p class="alt">
    <button type="button" class="link" part="button secondary" @click=${onOpen}>${m.planOpen}</button>
  </p>`;
}

/** "60 min · £60.00". */
export const serviceFacts = (m: BookingMessages, f: DateTimeFormats, s: Service): string =>
  `${fill(m.minutes, { n: s.durationMinutes })}${s.price ? ` · ${f.price(s.price)}` : ''}`;

/** A plan part's name, with its treatment unless the treatment's name already says it. */
export function planPartName(m: BookingMessages, item: PlanItem, serviceName = ''): string {
  const kind = m.kinds[item.kind];
  return !serviceName || serviceName.toLowerCase().startsWith(kind.toLowerCase()) ? kind : `${kind} · ${serviceName}`;
}

/** One session a confirmation books (or booked): its service, its time and, in a plan, the part's name. */
export interface Session {
  service: Service | undefined;
  slot: Slot;
  label?: string;
}

/** The first session that already lies inside its cancellation notice (bookable, but not changeable online). */
export const lateSession = (sessions: Session[], now: number): Session | undefined =>
  sessions.find((s) => Date.parse(s.slot.start) - now < (s.service?.cancellationNoticeHours ?? 0) * 36e5);

/**
 * "This time can't be changed online once booked", with the practice's phone and email as links, when a session
 * lies inside its cancellation notice; nothing otherwise. Said before confirming and again on the confirmation.
 */
export function renderLateNotice(
  m: BookingMessages,
  f: DateTimeFormats,
  practice: Practice | undefined,
  sessions: Session[],
  now: number,
): TemplateResult | typeof nothing {
  const late = lateSession(sessions, now);
  if (!late) return nothing;
  const n = late.service?.cancellationNoticeHours ?? 0;
  const text = sessions.length > 1 ? fill(m.lateSession, { date: f.short(late.slot.start), n }) : fill(m.late, { n });
  const phone = practice?.phone;
  const email = practice?.email;
  return html`<div class="notice late" part="late">
    <div>
      <p>${text}</p>
      ${
        phone || email
          ? html`<p>
              ${fill(m.contact, { name: practice!.name })}
              ${phone ? html`<a href="tel:${phone.replace(/[^+\d]/g, '')}">${phone}</a>` : nothing}${
                phone && email ? ' · ' : ''
              }${email ? html`<a href="mailto:${email}">${email}</a>` : nothing}
            </p>`
          : nothing
      }
    </div>
  </div>`;
}
