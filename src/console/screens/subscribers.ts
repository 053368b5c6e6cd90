import { css, html, nothing } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { fill } from '../../core/i18n.js';
import type { ErasureResponse, OwnerSubscribersResponse, Subscriber } from '../../core/schemas/newsletter.js';
import { type ApiError, ownerApiBase, ownerRequest } from '../api.js';
import { dateTime } from '../dates.js';
import { subscribersStrings as t } from '../strings/subscribers.js';
import { consoleStyles } from '../styles.js';
import { agendaStyles } from './agenda-styles.js';
import { loadPracticeInfo } from './agenda.js';
import { keep } from '../keep.js';
import { loading } from '../loading.js';

const STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;

/**
 * `<soleus-console-subscribers>`: the newsletter's people. A search (a part of the email or name) and filters (list,
 * status), searched by the server; each person with their consent record (the wording they agreed to, the page, the
 * times in the practice's zone); "Download CSV" of what is shown; erasure after a confirmation that says what goes.
 */
export class SoleusConsoleSubscribers extends SoleusElement {
  static override styles = [
    ...(SoleusElement.styles as []),
    formStyles,
    consoleStyles,
    agendaStyles,
    css`
      .filters {
        display: grid;
        gap: 0.75em;
      }
      @media (min-width: 40em) {
        .filters {
          grid-template-columns: minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr) auto;
          align-items: end;
        }
        dl {
          grid-template-columns: 12em minmax(0, 1fr);
        }
        dd {
          margin: 0;
        }
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
      dl {
        display: grid;
        gap: 0.4em;
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0 0 0.4em;
        overflow-wrap: anywhere;
      }
      blockquote {
        margin: 0;
        padding-inline-start: 0.75em;
        border-inline-start: 3px solid var(--_line);
        white-space: pre-line;
      }
      a.btn {
        display: inline-flex;
        align-items: center;
        text-decoration: none;
      }
      .confirm ul {
        margin: 0.25em 0;
        padding-inline-start: 1.25em;
      }
    `,
  ];

  static override properties = {
    ...SoleusElement.properties,
    zone: { state: true },
    people: { state: true },
    lists: { state: true },
    erasing: { state: true },
    busy: { state: true },
    status: { state: true },
    error: { state: true },
  };

  declare zone: string;
  /** The people the current search and filters find; undefined while loading. */
  declare people: Subscriber[] | undefined;
  /** Every list seen so far, for the filter. */
  declare lists: string[];
  /** The email whose erasure waits for its confirmation. */
  declare erasing: string;
  declare busy: boolean;
  declare status: string;
  declare error: string;
  /** The search and filters of the list shown (sent again for the CSV). */
  #query = { q: '', list: '', status: '' };

  constructor() {
    super();
    this.zone = '';
    this.people = undefined;
    this.lists = [];
    this.erasing = '';
    this.busy = false;
    this.status = '';
    this.error = '';
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  #params(): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(this.#query)) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : '';
  }

  async #load() {
    this.error = '';
    try {
      if (!this.zone) this.zone = (await loadPracticeInfo()).practice.timeZone;
      const { subscribers } = await ownerRequest<OwnerSubscribersResponse>('GET', `/subscribers${this.#params()}`);
      this.people = subscribers;
      this.lists = [...new Set([...this.lists, ...subscribers.map((s) => s.list)])].sort();
    } catch (error) {
      this.error = (error as ApiError).message;
    }
  }

  #value = (id: string) => this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '';

  #search(event?: Event) {
    event?.preventDefault();
    this.#query = { q: this.#value('q').trim(), list: this.#value('list'), status: this.#value('status') };
    this.status = '';
    this.erasing = '';
    void this.#load();
  }

  #clear() {
    for (const id of ['q', 'list', 'status']) this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)!.value = '';
    this.#search();
    this.renderRoot.querySelector<HTMLElement>('#q')?.focus();
  }

  async #erase(email: string) {
    this.busy = true;
    this.error = '';
    this.status = t.erasing;
    try {
      const done = await ownerRequest<ErasureResponse>('DELETE', `/subscribers/${encodeURIComponent(email)}`);
      this.people = this.people?.filter((p) => p.email !== email);
      this.erasing = '';
      this.status = done.message;
      this.renderRoot.querySelector<HTMLElement>('#q')?.focus();
    } catch (error) {
      this.status = '';
      this.error = (error as ApiError).message;
    } finally {
      this.busy = false;
    }
  }

  #when = (iso: string | null) => (iso ? dateTime(iso, this.zone) : t.never);

  #person(p: Subscriber, i: number) {
    const who = p.name
      ? html`<strong>${p.name}</strong> <span class="muted">${p.email}</span>`
      : html`<strong>${p.email}</strong>`;
    const lists = (this.people ?? []).filter((x) => x.email === p.email).map((x) => x.list);
    return html`<li class="card">
      <div class="row">
        <div>
          <p>${who}</p>
          <p class="muted">${p.list}<span class="badge">${t.statuses[p.status]}</span></p>
        </div>
        <button
          type="button"
          class="btn danger"
          id=${`erase-${i}`}
          aria-label=${fill(t.eraseNamed, { email: p.email })}
          aria-expanded=${this.erasing === p.email ? 'true' : 'false'}
          ?disabled=${this.busy}
          @click=${() => (this.erasing = this.erasing === p.email ? '' : p.email)}
        >
          ${t.erase}
        </button>
      </div>
      ${
        this.erasing === p.email
          ? html`<div class="confirm" role="group" aria-label=${fill(t.eraseNamed, { email: p.email })}>
              <p><strong>${fill(t.eraseAsk, { email: p.email })}</strong></p>
              <ul>
                ${t.eraseWhat.map((line) => html`<li>${fill(line, { lists: [...new Set(lists)].join(', ') })}</li>`)}
              </ul>
              <p>${t.eraseLinks}</p>
              <div class="actions">
                <button
                  type="button"
                  class="btn danger"
                  id="erase-confirm"
                  ?disabled=${this.busy}
                  @click=${() => this.#erase(p.email)}
                >
                  ${fill(t.eraseConfirm, { email: p.email })}
                </button>
                <button type="button" class="btn secondary" @click=${() => keep(this, () => (this.erasing = ''))}>
                  ${t.keep}
                </button>
              </div>
            </div>`
          : nothing
      }
      <details>
        <summary aria-label=${fill(t.consentOf, { email: p.email, list: p.list })}>${t.consent}</summary>
        <dl>
          <dt>${t.wording}</dt>
          <dd><blockquote>${p.consent.text}</blockquote></dd>
          <dt>${t.page}</dt>
          <dd>${p.consent.source ?? t.noPage}</dd>
          <dt>${t.signedUp}</dt>
          <dd>${this.#when(p.consent.signedUpAt)}</dd>
          <dt>${t.confirmed}</dt>
          <dd>${this.#when(p.consent.confirmedAt)}</dd>
          <dt>${t.unsubscribed}</dt>
          <dd>${this.#when(p.consent.unsubscribedAt)}</dd>
        </dl>
      </details>
    </li>`;
  }

  override render() {
    const q = this.#query;
    const filtered = !!(q.q || q.list || q.status);
    const people = this.people;
    return html`<div class="screen">
      <h1>${t.title}</h1>
      <p class="muted">${t.intro}</p>
      <form class="card filters" role="search" @submit=${(e: Event) => this.#search(e)}>
        <div class="field">
          <label for="q">${t.search}</label>
          <input id="q" type="search" autocomplete="off" maxlength="254" />
        </div>
        <div class="field">
          <label for="list">${t.list}</label>
          <select id="list" @change=${() => this.#search()}>
            <option value="">${t.anyList}</option>
            ${this.lists.map((l) => html`<option value=${l} ?selected=${l === q.list}>${l}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="status">${t.status}</label>
          <select id="status" @change=${() => this.#search()}>
            <option value="">${t.anyStatus}</option>
            ${STATUSES.map((s) => html`<option value=${s}>${t.statuses[s]}</option>`)}
          </select>
        </div>
        <button type="submit" class="btn" id="find">${t.find}</button>
      </form>
      <p class="notice" role="status">${this.status}</p>
      <p class="alert" role="alert">${this.error}</p>
      <section class="card" aria-labelledby="people-title">
        <div class="row">
          <h2 id="people-title">${people ? fill(t.count, { n: people.length }) : t.loading}</h2>
          ${
            people?.length
              ? html`<a
                  class="btn secondary"
                  id="csv"
                  href=${`${ownerApiBase()}/subscribers.csv${this.#params()}`}
                  download
                  >${t.csv}</a
                >`
              : nothing
          }
        </div>
        ${
          people === undefined
            ? loading(this.error)
            : people.length === 0
              ? html`<p>
                    ${filtered ? fill(t.noMatch, { what: q.q ? fill(t.matchSearch, { q: q.q }) : t.matchFilters }) : t.none}
                  </p>
                  ${filtered ? html`<button type="button" class="btn secondary" @click=${() => this.#clear()}>${t.clear}</button>` : nothing}`
              : html`<ul class="list">
                  ${people.map((p, i) => this.#person(p, i))}
                </ul>`
        }
      </section>
    </div>`;
  }
}
