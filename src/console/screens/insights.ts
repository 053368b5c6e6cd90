import { css, html, nothing, svg, type TemplateResult } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { fill } from '../../core/i18n.js';
import type { OwnerInsightsResponse } from '../../core/schemas/insights.js';
import { type ApiError, ownerRequest } from '../api.js';
import { money } from '../dates.js';
import { insightsStrings as t } from '../strings/insights.js';
import { consoleStyles } from '../styles.js';
import { loading } from '../loading.js';

type Insights = OwnerInsightsResponse;
/** A series of a chart: its name, its colour class and a value per column. */
interface Series {
  name: string;
  c: string;
  values: number[];
}

const RANGES = [4, 12, 26, 52];
const OUTCOMES = ['attended', 'noShow', 'unmarked', 'upcoming', 'cancelledByClient', 'cancelledByOwner'] as const;
const COMMENT_KINDS = ['published', 'pending', 'spam', 'rejected'] as const;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** "7 Sep" for a week's Monday (a calendar day: no zone). */
const weekLabel = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : '—');
const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
/** The path of a post's address (the thread), or the address when it is not one. */
const postName = (thread: string) => {
  try {
    const url = new URL(thread);
    return url.pathname === '/' ? url.host : url.pathname;
  } catch {
    return thread;
  }
};

/** What the weeks' bookings bring in, per currency, the largest first. */
function takings(data: Insights, weeks: number[]): { amount: number; currency: string }[] {
  const by = new Map<string, number>();
  for (const i of weeks)
    for (const m of data.bookings[i]!.money) by.set(m.currency, (by.get(m.currency) ?? 0) + m.amount);
  return [...by].map(([currency, amount]) => ({ amount, currency })).sort((a, b) => b.amount - a.amount);
}
const moneyText = (list: { amount: number; currency: string }[]) => list.map(money).join(' + ') || t.noTakings;

/**
 * `<soleus-console-insights>`: how the practice is doing, from `GET …/insights` (each chart one database query).
 * Charts are SVG drawn here (no chart library: docs/architecture.md, "Console charts", has the measured sizes),
 * their text in HTML around them so it stays readable at any width; each chart has a one-sentence summary as its
 * accessible name and its numbers in a table.
 */
export class SoleusConsoleInsights extends SoleusElement {
  static override styles = [
    ...(SoleusElement.styles as []),
    formStyles,
    consoleStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        justify-content: space-between;
        gap: 0.75em;
      }
      .head .field {
        min-inline-size: 9em;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(7.5em, 1fr));
        gap: 0.5em;
        margin: 0;
      }
      .tiles div {
        padding: 0.75em;
        background: var(--_s);
        border: 1px solid var(--_line);
        border-radius: 0.75em;
      }
      .tiles dt {
        color: var(--_m);
        font-size: 0.875em;
      }
      .tiles dd {
        margin: 0;
        font-size: 1.35em;
        font-weight: 700;
      }
      .tiles dd span {
        display: block;
        color: var(--_m);
        font-size: 0.65em;
        font-weight: 400;
      }
      figure {
        margin: 0;
      }
      figcaption {
        display: grid;
        gap: 0.25em;
      }
      .plot {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        gap: 0 0.4em;
        font-size: 0.8em;
        color: var(--_m);
      }
      .plot svg {
        display: block;
        inline-size: 100%;
        block-size: 9rem;
        border-block-end: 1px solid var(--_m);
      }
      .plot .heat {
        block-size: 12rem;
        border: 0;
      }
      .y {
        display: flex;
        flex-direction: column;
        justify-content: space-between;
        text-align: end;
      }
      .days {
        display: grid;
        grid-template-rows: repeat(7, 1fr);
        align-items: center;
      }
      .x {
        grid-column: 2;
        display: flex;
        justify-content: space-between;
      }
      rect {
        stroke: var(--_s);
        stroke-width: 1px;
        vector-effect: non-scaling-stroke;
      }
      .grid {
        stroke: var(--_line);
        vector-effect: non-scaling-stroke;
      }
      .mark {
        stroke: var(--_t);
        stroke-width: 3px;
        vector-effect: non-scaling-stroke;
      }
      /* Each series' colour: a bar, a cell, a legend key. */
      .c0 {
        --_k: var(--_a);
      }
      .c1 {
        --_k: light-dark(#b45309, #fbbf24);
      }
      .c2 {
        --_k: light-dark(#64748b, #94a3b8);
      }
      .c3 {
        --_k: light-dark(#3d8f88, #2f8f86);
      }
      .c4 {
        --_k: light-dark(#be123c, #fb7185);
      }
      .c5 {
        --_k: light-dark(#7c3aed, #c4b5fd);
      }
      :is(.c0, .c1, .c2, .c3, .c4, .c5) {
        fill: var(--_k);
        background: var(--_k);
      }
      .screen {
        --_t: light-dark(#1f2933, #e8eaed);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em 1em;
        margin: 0;
        padding: 0;
        list-style: none;
        font-size: 0.875em;
      }
      .key {
        display: inline-block;
        inline-size: 0.8em;
        block-size: 0.8em;
        margin-inline-end: 0.35em;
        border-radius: 0.2em;
        vertical-align: -0.05em;
      }
      .key.line {
        block-size: 0.2em;
        background: var(--_t);
        vertical-align: 0.2em;
      }
      .bars {
        display: grid;
        gap: 0.5em;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .bars li {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.15em 0.5em;
        overflow-wrap: anywhere;
      }
      .bars svg {
        grid-column: 1 / -1;
        inline-size: 100%;
        block-size: 0.9em;
      }
      details {
        min-inline-size: 0;
      }
      summary {
        display: flex;
        align-items: center;
        min-block-size: 2.75em;
        color: var(--_a);
        font-weight: 600;
        cursor: pointer;
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        inline-size: 100%;
        border-collapse: collapse;
        font-size: 0.875em;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        padding: 0.35em 0.4em;
        border-block-end: 1px solid var(--_line);
        text-align: end;
      }
      th:first-child,
      td:first-child {
        text-align: start;
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    ...SoleusElement.properties,
    data: { state: true },
    weeks: { state: true },
    error: { state: true },
  };

  declare data: Insights | undefined;
  declare weeks: number;
  declare error: string;

  constructor() {
    super();
    this.data = undefined;
    this.weeks = 12;
    this.error = '';
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    this.error = '';
    try {
      this.data = await ownerRequest<Insights>('GET', `/insights?weeks=${this.weeks}`);
    } catch (error) {
      this.error = (error as ApiError).message;
    }
  }

  #range(event: Event) {
    this.weeks = Number((event.target as HTMLSelectElement).value);
    void this.#load();
  }

  /** A chart card: heading, what it shows, the picture named by its summary, the legend and the numbers. */
  #figure(
    id: string,
    text: { title: string; about: string },
    about: string,
    summary: string,
    picture: TemplateResult | typeof nothing,
    legend: { name: string; c: string }[],
    table: TemplateResult,
  ) {
    return html`<figure class="card" aria-labelledby=${`${id}-title`}>
      <figcaption>
        <h2 id=${`${id}-title`}>${text.title}</h2>
        <p class="muted">${about}</p>
      </figcaption>
      ${
        picture === nothing
          ? html`<p>${t.nothing}</p>`
          : html`<div role="img" aria-label=${summary}>${picture}</div>
              ${
                legend.length
                  ? html`<ul class="legend" aria-hidden="true">
                      ${legend.map((s) => html`<li><span class=${`key ${s.c}`}></span>${s.name}</li>`)}
                    </ul>`
                  : nothing
              }`
      }
      <details>
        <summary>${t.table}</summary>
        <div class="scroll" tabindex="0" role="region" aria-label=${text.title}>
          <table>
            <caption class="sr-only">
              ${text.title}
            </caption>
            ${table}
          </table>
        </div>
      </details>
    </figure>`;
  }

  /** Columns per week: stacked series, and optionally a line on its own scale (its maximum on the right). */
  #columns(labels: string[], series: Series[], line?: { values: number[]; max: string }) {
    const n = labels.length;
    const totals = labels.map((_, i) => sum(series.map((s) => s.values[i]!)));
    const max = Math.max(1, ...totals);
    const lineMax = Math.max(1, ...(line?.values ?? []));
    const bars = labels.map((_, i) => {
      let y = 100;
      return series.map((s) => {
        const h = (s.values[i]! / max) * 100;
        y -= h;
        return h > 0 ? svg`<rect class=${s.c} x=${i * 10 + 1} y=${y} width="8" height=${h}></rect>` : nothing;
      });
    });
    // The line's values as a short mark across each week's column (weeks with nothing have none).
    const marks = line?.values.map((v, i) => {
      const y = 100 - (v / lineMax) * 98;
      return v > 0 ? svg`<line class="mark" x1=${i * 10} x2=${i * 10 + 10} y1=${y} y2=${y}></line>` : nothing;
    });
    const mid = Math.floor((n - 1) / 2);
    return html`<div class="plot">
      <div class="y"><span>${max}</span><span>0</span></div>
      <svg viewBox=${`0 0 ${n * 10} 100`} preserveAspectRatio="none" aria-hidden="true">
        <line class="grid" x1="0" x2=${n * 10} y1="50" y2="50"></line>
        ${bars} ${marks ?? nothing}
      </svg>
      <div class="y">${line ? html`<span>${line.max}</span><span>0</span>` : nothing}</div>
      <div class="x">
        <span>${labels[0]}</span>${n > 2 ? html`<span>${labels[mid]}</span>` : nothing}<span>${labels[n - 1]}</span>
      </div>
    </div>`;
  }

  /** Horizontal bars, one per row, stacked by series, all on one scale. */
  #bars(rows: { label: string; values: number[]; value: string }[], series: { c: string }[]) {
    const max = Math.max(1, ...rows.map((r) => sum(r.values)));
    return html`<ul class="bars">
      ${rows.map((r) => {
        let x = 0;
        return html`<li>
          <span>${r.label}</span><span>${r.value}</span>
          <svg viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true">
            ${r.values.map((v, k) => {
              const w = (v / max) * 100;
              x += w;
              return w > 0 ? svg`<rect class=${series[k]!.c} x=${x - w} y="0" width=${w} height="1"></rect>` : nothing;
            })}
          </svg>
        </li>`;
      })}
    </ul>`;
  }

  #bookingsChart(data: Insights, past: number[], labels: string[]) {
    const ahead = data.weeks.length - past.length;
    const primary = takings(
      data,
      data.weeks.map((_, i) => i),
    )[0]?.currency;
    const sessions = data.bookings.map((b) => b.sessions);
    const amounts = data.bookings.map((b) => b.money.find((m) => m.currency === primary)?.amount ?? 0);
    const series: Series[] = [
      { name: t.bookings.sessions, c: 'c0', values: sessions.map((v, i) => (data.weeks[i]!.ahead ? 0 : v)) },
      { name: t.bookings.ahead, c: 'c3', values: sessions.map((v, i) => (data.weeks[i]!.ahead ? v : 0)) },
    ];
    const busiest = sessions.indexOf(Math.max(...sessions));
    const total = sum(past.map((i) => sessions[i]!));
    return this.#figure(
      'bookings',
      t.bookings,
      fill(t.bookings.about, { n: ahead }),
      fill(t.bookings.summary, {
        n: total,
        weeks: past.length,
        money: moneyText(takings(data, past)),
        week: labels[busiest]!,
        max: sessions[busiest]!,
      }),
      sum(sessions)
        ? this.#columns(
            labels,
            series,
            primary ? { values: amounts, max: money({ amount: Math.max(...amounts), currency: primary }) } : undefined,
          )
        : nothing,
      [...series, ...(primary ? [{ name: t.bookings.takings, c: 'key line' }] : [])],
      html`<thead>
          <tr>
            <th scope="col">${t.week}</th>
            <th scope="col">${t.bookings.sessions}</th>
            <th scope="col">${t.bookings.takings}</th>
          </tr>
        </thead>
        <tbody>
          ${data.weeks.map(
            (w, i) =>
              html`<tr>
                <th scope="row">${labels[i]}${w.ahead ? html` (${t.bookings.ahead.toLowerCase()})` : nothing}</th>
                <td>${sessions[i]}</td>
                <td>${moneyText(data.bookings[i]!.money)}</td>
              </tr>`,
          )}
        </tbody>`,
    );
  }

  #outcomesChart(data: Insights, labels: string[]) {
    const rows = data.outcomes;
    const colours = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
    const series: Series[] = OUTCOMES.map((k, i) => ({
      name: t.outcomes.series[k],
      c: colours[i]!,
      values: rows.map((r) => r[k]),
    }));
    const total = (k: (typeof OUTCOMES)[number] | 'late') => sum(rows.map((r) => r[k]));
    return this.#figure(
      'outcomes',
      t.outcomes,
      t.outcomes.about,
      fill(t.outcomes.summary, {
        attended: total('attended'),
        noShow: total('noShow'),
        cancelled: total('cancelledByClient') + total('cancelledByOwner'),
        late: total('late'),
      }),
      sum(series.map((s) => sum(s.values))) ? this.#columns(labels.slice(0, rows.length), series) : nothing,
      series,
      html`<thead>
          <tr>
            <th scope="col">${t.week}</th>
            ${series.map((s) => html`<th scope="col">${s.name}</th>`)}
            <th scope="col">${t.outcomes.late}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r, i) =>
              html`<tr>
                <th scope="row">${labels[i]}</th>
                ${OUTCOMES.map((k) => html`<td>${r[k]}</td>`)}
                <td>${r.late}</td>
              </tr>`,
          )}
        </tbody>`,
    );
  }

  #heatChart(data: Insights) {
    const cells = data.heat;
    const hours = cells.map((c) => c.hour);
    const from = Math.min(8, ...hours);
    const to = Math.max(19, ...hours) + 1;
    const max = Math.max(1, ...cells.map((c) => c.sessions));
    const top = cells.reduce((a, b) => (b.sessions > a.sessions ? b : a), cells[0] ?? { day: 0, hour: 0, sessions: 0 });
    const count = (day: number, h: number) => cells.find((c) => c.day === day && c.hour === h)?.sessions ?? 0;
    const picture = cells.length
      ? html`<div class="plot">
          <div class="days">${t.heat.short.map((d) => html`<span>${d}</span>`)}</div>
          <svg class="heat" viewBox=${`0 0 ${to - from} 7`} preserveAspectRatio="none" aria-hidden="true">
            ${t.heat.short.map((_, day) =>
              Array.from({ length: to - from }, (_, k) => {
                const n = count(day, from + k);
                return svg`<rect class=${n ? 'c0' : 'c2'} x=${k} y=${day} width="1" height="1" fill-opacity=${
                  n ? 0.25 + (0.75 * n) / max : 0.12
                }></rect>`;
              }),
            )}
          </svg>
          <span></span>
          <div class="x">
            <span>${hour(from)}</span><span>${hour(Math.round((from + to) / 2))}</span><span>${hour(to)}</span>
          </div>
        </div>`
      : nothing;
    return this.#figure(
      'heat',
      t.heat,
      fill(t.heat.about, { zone: data.timeZone }),
      fill(t.heat.summary, { day: t.heat.days[top.day]!, hour: hour(top.hour), n: top.sessions }),
      picture,
      [],
      html`<thead>
          <tr>
            <th scope="col">${t.heat.day}</th>
            <th scope="col">${t.heat.hour}</th>
            <th scope="col">${t.heat.sessions}</th>
          </tr>
        </thead>
        <tbody>
          ${cells.map(
            (c) =>
              html`<tr>
                <th scope="row">${t.heat.days[c.day]}</th>
                <td>${hour(c.hour)}</td>
                <td>${c.sessions}</td>
              </tr>`,
          )}
        </tbody>`,
    );
  }

  #leadChart(data: Insights) {
    const rows = data.leadTimes;
    const total = sum(rows.map((r) => r.bookings));
    const top = rows.reduce((a, b) => (b.bookings > a.bookings ? b : a), rows[0]!);
    const mean = (h: number) => (h < 48 ? fill(t.lead.hours, { n: h }) : fill(t.lead.days, { n: Math.round(h / 24) }));
    return this.#figure(
      'lead',
      t.lead,
      t.lead.about,
      fill(t.lead.summary, { bucket: t.lead.buckets[top.bucket].toLowerCase(), n: top.bookings, total }),
      total
        ? this.#bars(
            // The server sends the six buckets in their order (the contract's), so the schema's list stays out.
            rows.map((r) => ({ label: t.lead.buckets[r.bucket], values: [r.bookings], value: String(r.bookings) })),
            [{ c: 'c0' }],
          )
        : nothing,
      [],
      html`<thead>
          <tr>
            <th scope="col">${t.lead.when}</th>
            <th scope="col">${t.lead.bookings}</th>
            <th scope="col">${t.lead.mean}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <th scope="row">${t.lead.buckets[r.bucket]}</th>
                <td>${r.bookings}</td>
                <td>${r.bookings ? mean(r.meanHours) : '—'}</td>
              </tr>`,
          )}
        </tbody>`,
    );
  }

  #newsletterChart(data: Insights, labels: string[]) {
    const rows = data.newsletter;
    const signups = rows.map((r) => r.signups);
    const confirmations = rows.map((r) => r.confirmations);
    const series: Series[] = [
      { name: t.newsletter.series.signups, c: 'c2', values: signups },
      { name: t.newsletter.series.confirmations, c: 'c0', values: confirmations },
    ];
    return this.#figure(
      'newsletter',
      t.newsletter,
      t.newsletter.about,
      fill(t.newsletter.summary, { signups: sum(signups), confirmations: sum(confirmations), weeks: rows.length }),
      sum(signups) + sum(confirmations) ? this.#grouped(labels.slice(0, rows.length), series) : nothing,
      series,
      html`<thead>
          <tr>
            <th scope="col">${t.week}</th>
            ${series.map((s) => html`<th scope="col">${s.name}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r, i) =>
              html`<tr>
                <th scope="row">${labels[i]}</th>
                <td>${r.signups}</td>
                <td>${r.confirmations}</td>
              </tr>`,
          )}
        </tbody>`,
    );
  }

  /** Two series side by side per week: each series drawn as its own narrower columns. */
  #grouped(labels: string[], series: Series[]) {
    const max = Math.max(1, ...series.flatMap((s) => s.values));
    const n = labels.length;
    return html`<div class="plot">
      <div class="y"><span>${max}</span><span>0</span></div>
      <svg viewBox=${`0 0 ${n * 10} 100`} preserveAspectRatio="none" aria-hidden="true">
        <line class="grid" x1="0" x2=${n * 10} y1="50" y2="50"></line>
        ${series.map((s, k) =>
          s.values.map((v, i) => {
            const h = (v / max) * 100;
            return h > 0
              ? svg`<rect class=${s.c} x=${i * 10 + 1 + k * 4} y=${100 - h} width="4" height=${h}></rect>`
              : nothing;
          }),
        )}
      </svg>
      <span></span>
      <div class="x"><span>${labels[0]}</span><span>${labels[n - 1]}</span></div>
    </div>`;
  }

  #commentsChart(data: Insights) {
    const rows = data.comments;
    const colours = ['c0', 'c3', 'c4', 'c2'];
    const series = COMMENT_KINDS.map((k, i) => ({ name: t.comments.series[k], c: colours[i]! }));
    return this.#figure(
      'comments',
      t.comments,
      t.comments.about,
      fill(t.comments.summary, {
        n: sum(rows.map((r) => r.total)),
        posts: rows.length,
        top: rows[0] ? postName(rows[0].thread) : '',
      }),
      rows.length
        ? this.#bars(
            rows.map((r) => ({
              label: postName(r.thread),
              values: COMMENT_KINDS.map((k) => r[k]),
              value: String(r.total),
            })),
            series,
          )
        : nothing,
      series,
      html`<thead>
          <tr>
            <th scope="col">${t.comments.post}</th>
            ${series.map((s) => html`<th scope="col">${s.name}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <th scope="row">${postName(r.thread)}</th>
                ${COMMENT_KINDS.map((k) => html`<td>${r[k]}</td>`)}
              </tr>`,
          )}
        </tbody>`,
    );
  }

  #tiles(data: Insights, past: number[]) {
    const o = data.outcomes;
    const total = (k: (typeof OUTCOMES)[number]) => sum(o.map((r) => r[k]));
    const held = total('attended') + total('noShow') + total('unmarked') + total('upcoming');
    const cancelled = total('cancelledByClient') + total('cancelledByOwner');
    const signups = sum(data.newsletter.map((r) => r.signups));
    const confirmed = sum(data.newsletter.map((r) => r.confirmations));
    const tile = (name: string, value: string, detail = '') =>
      html`<div>
        <dt>${name}</dt>
        <dd>${value}${detail ? html`<span>${detail}</span>` : nothing}</dd>
      </div>`;
    return html`<dl class="tiles">
      ${tile(t.tiles.sessions, String(held))} ${tile(t.tiles.takings, moneyText(takings(data, past)))}
      ${tile(t.tiles.noShows, pct(total('noShow'), held), fill(t.ofSessions, { k: total('noShow'), n: held }))}
      ${tile(t.tiles.cancelled, pct(cancelled, held + cancelled), fill(t.ofSessions, { k: cancelled, n: held + cancelled }))}
      ${tile(t.tiles.confirmed, String(confirmed), fill(t.ofSignups, { n: confirmed, m: signups }))}
    </dl>`;
  }

  override render() {
    const data = this.data;
    const past = data ? data.outcomes.map((_, i) => i) : [];
    const labels = data ? data.weeks.map((w) => weekLabel(w.start)) : [];
    return html`<div class="screen">
      <div class="head">
        <div>
          <h1>${t.title}</h1>
          <p class="muted">${data ? fill(t.intro, { zone: data.timeZone }) : t.loading}</p>
        </div>
        <div class="field">
          <label for="range">${t.range}</label>
          <select id="range" @change=${(e: Event) => this.#range(e)}>
            ${RANGES.map((n) => html`<option value=${n} ?selected=${n === this.weeks}>${fill(t.weeks, { n })}</option>`)}
          </select>
        </div>
      </div>
      <div role="alert" class="alert">
        ${
          this.error
            ? html`<p>${this.error}</p>
                <button type="button" class="btn secondary" @click=${() => this.#load()}>${t.retry}</button>`
            : nothing
        }
      </div>
      ${
        data
          ? html`${this.#tiles(data, past)} ${this.#bookingsChart(data, past, labels)}
            ${this.#outcomesChart(data, labels)} ${this.#heatChart(data)} ${this.#leadChart(data)}
            ${this.#newsletterChart(data, labels)} ${this.#commentsChart(data)}`
          : loading(this.error)
      }
    </div>`;
  }
}
