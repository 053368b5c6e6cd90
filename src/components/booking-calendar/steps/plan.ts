import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../../../core/i18n.js';
import type { DateTimeFormats } from '../internal/format.js';
import type { PlanItem } from '../internal/plan.js';
import type { BookingMessages } from '../messages/en-GB.js';
import { renderNav, type StepView } from './parts.js';

/** The suggested sessions of a race-day plan. */
export interface PlanListView {
  messages: BookingMessages;
  formats: DateTimeFormats;
  plan: PlanItem[];
  /** A part's name ("Pre-event massage", "Build-up session · Sports massage"). */
  partName: (item: PlanItem) => string;
  /** Its service's booking horizon in days. */
  horizonDays: (item: PlanItem) => number;
  /** A part's time changed (only in the editable list). */
  onChange: () => void;
}

/** The plan, each part with its time: a select to change it when `edit`, else the time in words. */
export function renderPlanList(v: PlanListView, edit: boolean): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  const plan = v.plan;
  const choose = (item: PlanItem, e: Event) => {
    item.slot = item.options[+(e.target as HTMLSelectElement).value];
    v.onChange();
  };
  return html`${edit ? html`<h4 id="ph" tabindex="-1">${m.suggestions}</h4>` : nothing}
    <ol class="list">
      ${plan.map(
        (item, i) =>
          html`<li>
            <b>${v.partName(item)}</b><br />${
              item.beyond
                ? fill(m.later, { n: v.horizonDays(item) })
                : !item.slot
                  ? m.noSlot
                  : edit
                    ? html`<label class="sr-only" for="p${i}"
                          >${fill(m.nth, { kind: m.kinds[item.kind], i: i + 1, n: plan.length })}</label
                        ><select id="p${i}" @change=${(e: Event) => choose(item, e)}>
                          ${item.options.map(
                            (s, j) =>
                              html`<option value=${j} ?selected=${s.start == item.slot!.start}>
                                ${f.short(s.start)}
                              </option>`,
                          )}
                        </select>`
                    : f.when(item.slot.start)
            }
          </li>`,
      )}
    </ol>`;
}

export interface PlanStepView {
  messages: BookingMessages;
  /** The event day typed so far. */
  eventDay: string;
  /** The event day's problem, if any. */
  error: string | undefined;
  /** Suggesting is under way. */
  planning: boolean;
  /** The suggested plan and its list, once suggested. */
  list: PlanListView | undefined;
  onEventDay: (value: string) => void;
  onPropose: () => void;
  onNext: () => void;
  onBack: () => void;
}

/** The race-day plan: an event date, "Suggest sessions", then the plan to adjust and book. */
export function planStep(v: PlanStepView): StepView {
  const m = v.messages;
  const e = v.error;
  const bookable = v.list?.plan.some((i) => i.slot && !i.beyond);
  return [
    m.plan,
    html`<p>${m.planIntro}</p>
      <div class="field">
        <label for="event">${m.eventDay}</label
        ><input
          id="event"
          type="date"
          .value=${v.eventDay}
          @input=${(ev: Event) => v.onEventDay((ev.target as HTMLInputElement).value)}
          aria-invalid=${!!e}
          aria-describedby=${e ? 'event-e' : nothing}
        />${e ? html`<span class="error" id="event-e">${e}</span>` : nothing}
      </div>
      <button
        type="button"
        class="btn secondary"
        part="button secondary"
        aria-disabled=${v.planning}
        @click=${() => !v.planning && v.onPropose()}
      >
        ${m.propose}</button
      >${v.list ? renderPlanList(v.list, true) : nothing}${renderNav(
        m,
        v.onBack,
        bookable
          ? html`<button type="button" class="btn" part="button" @click=${v.onNext}>${m.next}</button>`
          : undefined,
      )}`,
  ];
}
