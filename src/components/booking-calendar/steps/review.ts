import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../../../core/i18n.js';
import type { DateTimeFormats } from '../internal/format.js';
import type { Occurrence } from '../internal/series.js';
import type { Service } from '../internal/types.js';
import type { Slot } from '../internal/zone.js';
import type { BookingMessages } from '../messages/en-GB.js';
import { renderNav, renderZoneNote, type StepView } from './parts.js';
import { renderPlanList, type PlanListView } from './plan.js';

export interface ReviewStepView {
  messages: BookingMessages;
  formats: DateTimeFormats;
  service: Service | undefined;
  address: string | undefined;
  /** The chosen time (a single booking or the first of a series). */
  chosen: Slot | undefined;
  /** A race-day plan to book instead of the chosen time. */
  plan: PlanListView | undefined;
  /** Repeat every n weeks (0 once) and how many sessions. */
  everyWeeks: number;
  count: number;
  /** The series' sessions, checked against availability. */
  occurrences: Occurrence[];
  /** The alternative picked for each taken session, by index. */
  picks: Map<number, Slot>;
  /** Requests this confirmation makes (sessions, for a plan). */
  orders: number;
  /** Nothing (or not everything) can be booked as it stands. */
  blocked: boolean;
  busy: boolean;
  onEveryWeeks: (n: number) => void;
  onCount: (n: number) => void;
  onPick: (index: number, slot: Slot) => void;
  onConfirm: () => void;
  onBack: () => void;
}

/** A series' sessions; a taken one (or one too far ahead) with its alternatives to pick from. */
function seriesList(v: ReviewStepView): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  return html`<ol class="list">
    ${v.occurrences.map((o) =>
      o.slot
        ? html`<li>${f.when(o.slot.start)}</li>`
        : html`<li class="taken">
            ${f.dateLabel(o.day)}: <span class="tag">${o.beyond ? m.beyond : m.taken}</span>${
              o.alternatives.length
                ? html`<fieldset class="alts">
                    <legend>${m.instead}</legend>
                    ${[...o.alternatives]
                      .sort((a, b) => (a.start < b.start ? -1 : 1))
                      .map(
                        (s) =>
                          html`<label class="time"
                            ><input
                              type="radio"
                              name="alt-${o.index}"
                              .checked=${v.picks.get(o.index)?.start == s.start}
                              @change=${() => v.onPick(o.index, s)}
                            /><span>${f.when(s.start)}</span></label
                          >`,
                      )}
                  </fieldset>`
                : nothing
            }
          </li>`,
    )}
  </ol>`;
}

/** What, when, where and the price, and the repeat choices. */
function summary(v: ReviewStepView): TemplateResult {
  const m = v.messages;
  const svc = v.service;
  const selected = (e: Event) => +(e.target as HTMLSelectElement).value;
  return html`<dl>
      <dt>${m.what}</dt>
      <dd>${svc?.name}</dd>
      <dt>${m.when}</dt>
      <dd>${v.formats.when(v.chosen!.start)}</dd>
      ${
        v.address
          ? html`<dt>${m.where}</dt>
              <dd>${v.address}</dd>`
          : nothing
      }${
        svc?.price
          ? html`<dt>${m.price}</dt>
              <dd>${v.formats.price(svc.price)}</dd>`
          : nothing
      }
    </dl>
    <div class="repeat">
      <div class="field">
        <label for="every">${m.repeat}</label
        ><select id="every" @change=${(e: Event) => v.onEveryWeeks(selected(e))}>
          ${[0, 2, 4].map(
            (w) =>
              html`<option value=${w} ?selected=${v.everyWeeks == w}>${w ? fill(m.every, { n: w }) : m.once}</option>`,
          )}
        </select>
      </div>
      ${
        v.everyWeeks
          ? html`<div class="field">
              <label for="count">${m.count}</label
              ><select id="count" @change=${(e: Event) => v.onCount(selected(e))}>
                ${[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(
                  (c) => html`<option ?selected=${v.count == c}>${c}</option>`,
                )}
              </select>
            </div>`
          : nothing
      }
    </div>
    ${v.everyWeeks ? seriesList(v) : nothing}`;
}

/** Step 4: the summary (or the plan), then Confirm. */
export function reviewStep(v: ReviewStepView): StepView {
  const m = v.messages;
  const count = v.plan ? v.orders : v.everyWeeks ? v.count : 1;
  const label = v.busy ? m.sending : count > 1 ? fill(m.confirmMany, { n: count }) : m.confirm;
  const disabled = v.busy || v.blocked;
  const onClick = () => !v.blocked && v.onConfirm();
  // A button's text is exactly its label, no whitespace around it (tests and scripts read it).
  // prettier-ignore
  const confirmButton = html`<button type="button" class="btn" part="button" aria-disabled=${disabled} @click=${onClick}>${label}</button>`;
  return [
    m.review,
    html`${v.plan ? renderPlanList(v.plan, false) : summary(v)}${renderZoneNote(m, v.formats)}${
      v.blocked && v.everyWeeks ? html`<p class="note">${m.seriesBlocked}</p>` : nothing
    }${renderNav(m, v.onBack, confirmButton)}`,
  ];
}
