import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../../../core/i18n.js';
import type { DateTimeFormats } from '../internal/format.js';
import type { Occurrence } from '../internal/series.js';
import type { Practice, Service } from '../internal/types.js';
import type { Slot } from '../internal/zone.js';
import type { BookingMessages } from '../messages/en-GB.js';
import { renderLateNotice, renderNav, renderZoneNote, type Session, type StepView } from './parts.js';
import type { PlanListView } from './plan.js';

export interface ReviewStepView {
  messages: BookingMessages;
  formats: DateTimeFormats;
  service: Service | undefined;
  /** Any service by id (a plan books several). */
  serviceOf: (id: string) => Service | undefined;
  practice: Practice | undefined;
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
  /** What the visitor typed in the details step. */
  contact: { name: string; email: string; phone: string };
  /** The current time (ms): whether a session already lies inside its cancellation notice. */
  now: number;
  /** Nothing (or not everything) can be booked as it stands. */
  blocked: boolean;
  busy: boolean;
  onEveryWeeks: (n: number) => void;
  onCount: (n: number) => void;
  onPick: (index: number, slot: Slot) => void;
  onConfirm: () => void;
  onBack: () => void;
  /** Back to the details, the fields as typed, focus on the first. */
  onChangeDetails: () => void;
}

/**
 * What this confirmation books, session by session, in the order shown. The button's count, the total and the
 * notice check all derive from this one list, so a number shown is always the number listed.
 */
export function sessionsToBook(v: ReviewStepView): Session[] {
  if (v.plan)
    return v.plan.plan
      .filter((i) => i.slot && !i.beyond)
      .map((i) => ({ service: v.serviceOf(i.serviceId), slot: i.slot!, label: v.plan!.partName(i) }));
  if (!v.chosen) return [];
  if (!v.everyWeeks) return [{ service: v.service, slot: v.chosen }];
  return v.occurrences.flatMap((o) => {
    const slot = o.slot ?? v.picks.get(o.index);
    return slot ? [{ service: v.service, slot }] : [];
  });
}

/** "£440.00", the sum of the sessions' prices; '' when none has a price or they mix currencies. */
function total(f: DateTimeFormats, sessions: Session[]): string {
  const prices = sessions.flatMap((s) => (s.service?.price ? [s.service.price] : []));
  const currency = prices[0]?.currency;
  if (!currency || prices.some((p) => p.currency != currency)) return '';
  return f.price({ amount: prices.reduce((sum, p) => sum + p.amount, 0), currency });
}

/** A series' sessions with their times; a taken one (or one too far ahead) with its alternatives to pick from. */
function seriesList(v: ReviewStepView): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  return html`<ol class="list">
    ${v.occurrences.map((o) =>
      o.slot
        ? html`<li>${f.range(o.slot.start, o.slot.end)}</li>`
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
                            /><span>${f.range(s.start, s.end)}</span></label
                          >`,
                      )}
                  </fieldset>`
                : nothing
            }
          </li>`,
    )}
  </ol>`;
}

/** A plan's sessions to book, each with its time and price; then the parts this confirmation leaves out. */
function planList(v: ReviewStepView, plan: PlanListView, sessions: Session[]): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  const left = plan.plan.filter((i) => !i.slot || i.beyond);
  return html`<ol class="list sessions">
      ${sessions.map(
        (s) =>
          html`<li>
            <b>${s.label}</b><span>${f.range(s.slot.start, s.slot.end)}</span>${
              s.service?.price ? html`<span class="price">${f.price(s.service.price)}</span>` : nothing
            }
          </li>`,
      )}
    </ol>
    ${
      left.length
        ? html`<h4>${m.notIncluded}</h4>
            <ul class="list">
              ${left.map(
                (i) =>
                  html`<li>
                    <b>${plan.partName(i)}</b><br />${i.beyond ? fill(m.later, { n: plan.horizonDays(i) }) : m.noSlot}
                  </li>`,
              )}
            </ul>`
        : nothing
    }`;
}

/** What, when (start–end), where and the price, and the repeat choices with the series' sessions. */
function summary(v: ReviewStepView): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  const svc = v.service;
  const selected = (e: Event) => +(e.target as HTMLSelectElement).value;
  return html`<dl>
      <dt>${m.what}</dt>
      <dd>${svc?.name}</dd>
      ${
        v.everyWeeks
          ? nothing
          : html`<dt>${m.when}</dt>
              <dd>${f.range(v.chosen!.start, v.chosen!.end)}</dd>`
      }${
        v.practice?.address
          ? html`<dt>${m.where}</dt>
              <dd>${v.practice.address}</dd>`
          : nothing
      }${
        svc?.price
          ? html`<dt>${m.price}</dt>
              <dd>${v.everyWeeks ? fill(m.each, { price: f.price(svc.price) }) : f.price(svc.price)}</dd>`
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

/** The total for several sessions, and the cancellation policy in a sentence. */
function terms(v: ReviewStepView, sessions: Session[]): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  const sum = sessions.length > 1 ? total(f, sessions) : '';
  const first = sessions[0];
  const hours = Math.max(...sessions.map((s) => s.service?.cancellationNoticeHours ?? 0));
  const policy =
    sessions.length > 1
      ? fill(m.policyEach, { n: hours })
      : first
        ? fill(m.policy, { date: f.short(new Date(Date.parse(first.slot.start) - hours * 36e5).toISOString()) })
        : '';
  return html`${
    sum
      ? html`<dl class="total">
          <dt>${m.total}</dt>
          <dd>${fill(m.totalOf, { total: sum, n: sessions.length })}</dd>
        </dl>`
      : nothing
  }${policy ? html`<p class="policy">${policy}</p>` : nothing}`;
}

/** The name, email and phone typed, with the way back to correct them. */
function contact(v: ReviewStepView): TemplateResult {
  const m = v.messages;
  const c = v.contact;
  return html`<section class="who" aria-labelledby="who">
    <h4 id="who">${m.details}</h4>
    <dl>
      <dt>${m.name}</dt>
      <dd>${c.name.trim()}</dd>
      <dt>${m.email}</dt>
      <dd>${c.email.trim()}</dd>
      ${
        c.phone.trim()
          ? html`<dt>${m.phoneShort}</dt>
              <dd>${c.phone.trim()}</dd>`
          : nothing
      }
    </dl>
    <button type="button" class="btn secondary" part="button secondary" @click=${v.onChangeDetails}>
      ${m.changeDetails}
    </button>
  </section>`;
}

/** Step 4: everything the booking commits to (sessions, prices, policy, notice, contact details), then Confirm. */
export function reviewStep(v: ReviewStepView): StepView {
  const m = v.messages;
  const sessions = sessionsToBook(v);
  const count = sessions.length;
  const label = v.busy ? m.sending : count > 1 ? fill(m.confirmMany, { n: count }) : m.confirm;
  const disabled = v.busy || v.blocked;
  const onClick = () => !v.blocked && v.onConfirm();
  // A button's text is exactly its label, no whitespace around it (tests and scripts read it).
  // prettier-ignore
  const confirmButton = html`<button type="button" class="btn" part="button" aria-disabled=${disabled} @click=${onClick}>${label}</button>`;
  return [
    m.review,
    html`${v.plan ? planList(v, v.plan, sessions) : summary(v)}${terms(v, sessions)}${renderLateNotice(
      m,
      v.formats,
      v.practice,
      sessions,
      v.now,
    )}${renderZoneNote(m, v.formats)}${contact(v)}${
      v.blocked && v.everyWeeks ? html`<p class="note">${m.seriesBlocked}</p>` : nothing
    }${renderNav(m, v.onBack, confirmButton)}`,
  ];
}
