import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../../../core/i18n.js';
import type { DateTimeFormats } from '../internal/format.js';
import type { PlanItem } from '../internal/plan.js';
import type { Service } from '../internal/types.js';
import { city } from '../internal/zone.js';
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

/** Names the zone times are shown in ("Times in London time"), where times are listed outside the times step. */
export function renderZoneNote(m: BookingMessages, f: DateTimeFormats): TemplateResult {
  return html`<p class="note">${fill(m.zone, { zone: city(f.zoneName()) })}</p>`;
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
