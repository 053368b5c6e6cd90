import { html, nothing } from 'lit';
import { fill } from '../../core/i18n.js';
import { longDay } from '../dates.js';
import { copyOf, type Interval, type PracticePractitioner, type Weekday } from '../practice-doc.js';
import { servicesStrings as t } from '../strings/services.js';
import { PracticeEditor } from './practice-editor.js';
import { loading } from '../loading.js';

const WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "09:00–13:00, 14:00–18:00" ⇄ `[["09:00","13:00"],["14:00","18:00"]]`; '' is closed. */
export const hoursText = (list: readonly Interval[] | undefined): string =>
  (list ?? []).map(([a, b]) => `${a}–${b}`).join(', ');

/** Reads what the owner typed (`9-13, 14:00 - 18:00` too); undefined when it cannot be read. */
export function parseHours(text: string): Interval[] | undefined {
  const clean = text.trim();
  if (!clean || /^closed$/i.test(clean)) return [];
  const time = (s: string) => {
    const m = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(s.trim());
    return m ? `${m[1]!.padStart(2, '0')}:${m[2] ?? '00'}` : undefined;
  };
  const out: Interval[] = [];
  for (const part of clean.split(/[,;]+/)) {
    const [a, b, extra] = part.split(/\s*[-–—]\s*|\s+to\s+/);
    const from = a === undefined ? undefined : time(a);
    const to = b === undefined ? undefined : time(b);
    if (!from || !to || extra !== undefined) return undefined;
    out.push([from, to]);
  }
  return out;
}

/**
 * `<soleus-console-schedule>`: the weekly opening hours of each practitioner, one line a day ("09:00–13:00,
 * 14:00–18:00"; empty: closed; a gap is a break), and special days (a date with other hours, or closed, with a
 * reason). Saved like the services: checked first, bookings left outside the new hours listed and kept.
 */
export class SoleusConsoleSchedule extends PracticeEditor {
  static override properties = { ...PracticeEditor.properties, extra: { state: true } };

  /** Special days added in the form but not saved yet, per practitioner index. */
  declare extra: number;

  constructor() {
    super();
    this.extra = 0;
  }

  protected override saved() {
    this.extra = 0;
  }

  #save(event: SubmitEvent) {
    event.preventDefault();
    const doc = this.doc!;
    const next = copyOf(doc.practice);
    const fields: Record<string, string> = {};
    next.practitioners.forEach((p, i) => {
      for (const day of WEEK) {
        const read = parseHours(this.value(`h-${i}-${day}`));
        if (read === undefined) fields[`practitioners.${i}.hours.${day}`] = t.hoursFormat;
        else p.hours[day] = read;
      }
      const rows = this.renderRoot.querySelectorAll<HTMLElement>(`[data-exception^="${i}-"]`);
      const exceptions: NonNullable<PracticePractitioner['exceptions']> = [];
      rows.forEach((row, k) => {
        const date = row.querySelector<HTMLInputElement>('input[type=date]')!.value;
        const hours = parseHours(row.querySelector<HTMLInputElement>('.ex-hours')!.value);
        const reason = row.querySelector<HTMLInputElement>('.ex-reason')!.value.trim();
        if (!date) return; // an empty new row is left out
        if (hours === undefined) fields[`practitioners.${i}.exceptions.${k}.hours`] = t.hoursFormat;
        exceptions.push({ date, hours: hours ?? [], ...(reason ? { reason } : {}) });
      });
      p.exceptions = exceptions;
    });
    if (Object.keys(fields).length) return this.refuse(fields, t.fix);
    void this.commit(next, t.scheduleSaved);
  }

  #removeException(i: number, k: number) {
    const doc = this.doc!;
    const next = copyOf(doc.practice);
    const list = next.practitioners[i]!.exceptions ?? [];
    if (k < list.length) {
      list.splice(k, 1);
      this.doc = { ...doc, practice: next };
    } else this.extra = Math.max(0, this.extra - 1);
  }

  #invalid(key: string) {
    return this.fields[key] ? 'true' : 'false';
  }

  #practitioner(p: PracticePractitioner, i: number, many: boolean) {
    const exceptions = p.exceptions ?? [];
    const rows = [...exceptions, ...Array.from({ length: i === 0 ? this.extra : 0 }, () => undefined)];
    return html`<section class="card" aria-labelledby=${`p-${i}`}>
      <h2 id=${`p-${i}`}>${many ? fill(t.practitioner, { name: p.name }) : t.weeklyHours}</h2>
      <p class="muted" id="hours-hint">${t.hoursHint}</p>
      ${WEEK.map((day) => {
        const id = `h-${i}-${day}`;
        const key = `practitioners.${i}.hours.${day}`;
        return html`<div class="field">
          <label for=${id}>${t.days[day]}</label>
          <input
            id=${id}
            .value=${hoursText(p.hours[day])}
            placeholder=${t.closed}
            autocomplete="off"
            aria-invalid=${this.#invalid(key)}
            aria-describedby=${`${id}-error hours-hint`}
          />
          <p class="field-error" id=${`${id}-error`}>${this.fields[key] ?? ''}</p>
        </div>`;
      })}
      <h3>${t.exceptions}</h3>
      <p class="muted">${t.exceptionsIntro}</p>
      <ul class="list">
        ${rows.map((x, k) => {
          const key = `practitioners.${i}.exceptions.${k}`;
          const label = x ? longDay(x.date) : t.date;
          return html`<li class="card" data-exception=${`${i}-${k}`}>
            <div class="stack">
              <div class="field">
                <label for=${`ex-${i}-${k}-date`}>${t.date}</label>
                <input
                  id=${`ex-${i}-${k}-date`}
                  type="date"
                  .value=${x?.date ?? ''}
                  aria-invalid=${this.#invalid(`${key}.date`)}
                  aria-describedby=${`ex-${i}-${k}-date-error`}
                />
                <p class="field-error" id=${`ex-${i}-${k}-date-error`}>${this.fields[`${key}.date`] ?? ''}</p>
              </div>
              <div class="field">
                <label for=${`ex-${i}-${k}-hours`}>${t.hours}</label>
                <input
                  id=${`ex-${i}-${k}-hours`}
                  class="ex-hours"
                  .value=${hoursText(x?.hours)}
                  placeholder=${t.closed}
                  aria-invalid=${this.#invalid(`${key}.hours`)}
                  aria-describedby=${`ex-${i}-${k}-hours-error`}
                />
                <p class="field-error" id=${`ex-${i}-${k}-hours-error`}>${this.fields[`${key}.hours`] ?? ''}</p>
              </div>
            </div>
            <div class="field">
              <label for=${`ex-${i}-${k}-reason`}>${t.reason}</label>
              <input id=${`ex-${i}-${k}-reason`} class="ex-reason" .value=${x?.reason ?? ''} maxlength="200" />
            </div>
            <button
              type="button"
              class="btn danger"
              aria-label=${fill(t.removeException, { date: label })}
              @click=${() => this.#removeException(i, k)}
            >
              ${t.removeException.replace(' {date}', '')}
            </button>
          </li>`;
        })}
      </ul>
      ${
        i === 0
          ? html`<button type="button" class="btn secondary" id="add-exception" @click=${() => this.extra++}>
              ${t.addException}
            </button>`
          : nothing
      }
    </section>`;
  }

  override render() {
    const practitioners = this.doc?.practice.practitioners;
    return html`<div class="screen">
      <h1>${t.scheduleTitle}</h1>
      <p class="muted">${t.scheduleIntro}</p>
      ${this.messages()}
      ${
        practitioners === undefined
          ? loading(this.error)
          : html`<form novalidate class="screen-form" @submit=${(e: SubmitEvent) => this.#save(e)}>
              ${practitioners.map((p, i) => this.#practitioner(p, i, practitioners.length > 1))}
              <button type="submit" class="btn" id="save" ?disabled=${this.busy}>
                ${this.busy ? t.saving : t.save}
              </button>
            </form>`
      }
    </div>`;
  }
}
