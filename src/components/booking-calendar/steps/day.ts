import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../../../core/i18n.js';
import type { Service } from '../internal/types.js';
import type { Slot } from '../internal/zone.js';
import type { BookingMessages } from '../messages/en-GB.js';
import { isOpen, renderMonth, type MonthView } from './month.js';
import { renderPlanLink, type StepView } from './parts.js';
import { renderTimes, type TimesView } from './times.js';

export interface DayStepView {
  messages: BookingMessages;
  service: Service | undefined;
  month: MonthView;
  /** The chosen day's times; the times show only when it has some. */
  times: TimesView;
  /** On a fully booked day: "tell me if a time frees up" (steps/waitlist.ts). */
  waitlist?: TemplateResult | undefined;
  /** Whether any month loaded so far has a free time (else "nothing free in the next n days"). */
  anyFree: boolean;
  /** False when the service is fixed by the attribute: there is no treatment step to go back to. */
  canGoBack: boolean;
  onBack: () => void;
  onNext: () => void;
  onPlan: () => void;
}

/** Step 2: the month of free days, then the chosen day's times. */
export function dayStep(v: DayStepView): StepView {
  const m = v.messages;
  const svc = v.service;
  const { days, first, last } = v.month;
  const free = days && [...days.keys()].some((d) => isOpen(d, days, first, last));
  const slots: Slot[] = v.times.slots;
  // A button's text is exactly its label, no whitespace around it (tests and scripts read it).
  // prettier-ignore
  const backButton = html`<button type="button" class="btn secondary" part="button secondary" @click=${v.onBack}>${m.back}</button>`;
  return [
    m.day,
    html`${svc ? html`<p class="sub">${svc.name} · ${fill(m.minutes, { n: svc.durationMinutes })}</p>` : nothing}
      ${renderMonth(v.month)}
      ${
        days && !free
          ? html`<p class="note">${v.anyFree ? m.noneMonth : fill(m.noneAtAll, { n: svc?.horizonDays ?? 90 })}</p>`
          : nothing
      }${slots.length ? renderTimes(v.times) : (v.waitlist ?? nothing)}
      <div class="nav">
        ${v.canGoBack ? backButton : nothing}${
          slots.length
            ? html`<button type="button" class="btn" part="button" @click=${v.onNext}>${m.next}</button>`
            : nothing
        }
      </div>
      ${renderPlanLink(m, v.onPlan)}`,
  ];
}
