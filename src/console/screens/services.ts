import { html, nothing } from 'lit';
import { fill } from '../../core/i18n.js';
import { money } from '../dates.js';
import { copyOf, type PracticeService } from '../practice-doc.js';
import { servicesStrings as t } from '../strings/services.js';
import { PracticeEditor } from './practice-editor.js';
import { keep } from '../keep.js';
import { loading } from '../loading.js';

/** Digits after the point of a currency (GBP 2, JPY 0). */
const digits = (currency: string) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** The number fields of a service, in the order the form shows them, with their defaults (the practice file's). */
const NUMBERS = [
  ['durationMinutes', 60],
  ['bufferBeforeMinutes', 0],
  ['bufferAfterMinutes', 0],
  ['minNoticeHours', 2],
  ['horizonDays', 60],
  ['cancellationNoticeHours', 24],
  ['reminderHours', 24],
] as const;

/**
 * `<soleus-console-services>`: what can be booked. Each treatment with its duration and price; "Edit" opens its
 * form (name, description, duration, price, buffers, minimum notice, how far ahead, cancellation notice, reminder);
 * "Add a treatment"; "Remove". Saving checks first which future bookings the change would leave without their
 * treatment and asks before saving (bookings are never cancelled by it). The practice file's own rules check the
 * form: their messages show beside the fields.
 */
export class SoleusConsoleServices extends PracticeEditor {
  static override properties = {
    ...PracticeEditor.properties,
    editing: { state: true },
    removing: { state: true },
  };

  /** Index of the service open in its form; -1 none. */
  declare editing: number;
  /** Index of the service whose removal waits for a second press; -1 none. */
  declare removing: number;

  constructor() {
    super();
    this.editing = -1;
    this.removing = -1;
  }

  protected override saved() {
    this.editing = -1;
    this.removing = -1;
  }

  /** The form's service, or field messages for what cannot be read as a number. */
  #read(index: number, base: PracticeService): { service: PracticeService; fields: Record<string, string> } {
    const service = copyOf(base);
    const fields: Record<string, string> = {};
    const key = (f: string) => `services.${index}.${f}`;
    service.name = this.value('s-name').trim();
    const description = this.value('s-description').trim();
    service.description = description;
    for (const [name] of NUMBERS) {
      const raw = this.value(`s-${name}`).trim();
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n)) fields[key(name)] = t.number;
      else (service as Record<string, unknown>)[name] = n;
    }
    const price = this.value('s-price').trim();
    if (price === '') service.price = null;
    else {
      const currency =
        base.price?.currency ?? this.doc?.practice.services.find((s) => s.price)?.price?.currency ?? 'GBP';
      const amount = Number(price.replace(/[^\d.]/g, ''));
      if (!/^\D?\s*\d+(\.\d+)?$/.test(price) || !Number.isFinite(amount)) fields[key('price.amount')] = t.priceFormat;
      else service.price = { amount: Math.round(amount * 10 ** digits(currency)), currency };
    }
    if (!service.name) fields[key('name')] = t.required;
    if (!service.id) {
      service.id = service.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60);
    }
    return { service, fields };
  }

  #save(event: SubmitEvent) {
    event.preventDefault();
    const doc = this.doc!;
    const index = this.editing;
    const { service, fields } = this.#read(index, doc.practice.services[index]!);
    if (Object.keys(fields).length) return this.refuse(fields, t.fix);
    const next = copyOf(doc.practice);
    next.services[index] = service;
    void this.commit(next, fill(t.saved, { name: service.name }));
  }

  #remove(index: number) {
    const doc = this.doc!;
    const next = copyOf(doc.practice);
    const [gone] = next.services.splice(index, 1);
    void this.commit(next, fill(t.removed, { name: gone!.name }));
  }

  #add() {
    const doc = this.doc!;
    const currency = doc.practice.services.find((s) => s.price)?.price?.currency ?? 'GBP';
    const next = copyOf(doc.practice);
    next.services.push({ id: '', name: '', durationMinutes: 60, price: { amount: 0, currency } });
    this.doc = { ...doc, practice: next };
    this.editing = next.services.length - 1;
    this.fields = {};
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#s-name')?.focus());
  }

  #cancelEdit() {
    const doc = this.doc!;
    // A new treatment not saved yet is dropped again.
    if (!doc.practice.services[this.editing]?.id) {
      const next = copyOf(doc.practice);
      next.services.splice(this.editing, 1);
      this.doc = { ...doc, practice: next };
    }
    const index = this.editing;
    this.editing = -1;
    this.fields = {};
    this.error = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#edit-${index}`)?.focus());
  }

  #form(index: number, s: PracticeService) {
    const key = (f: string) => `services.${index}.${f}`;
    const input = (name: string, label: string, value: string, hint?: string, type = 'text') => {
      const id = `s-${name}`;
      const message = this.fields[key(name === 'price' ? 'price.amount' : name)];
      return html`<div class="field">
        <label for=${id}>${label}</label>
        <input
          id=${id}
          type=${type}
          inputmode=${type === 'text' && name !== 'name' ? 'decimal' : nothing}
          .value=${value}
          aria-invalid=${message ? 'true' : 'false'}
          aria-describedby=${`${id}-error${hint ? ` ${id}-hint` : ''}`}
        />
        ${hint ? html`<p class="muted" id=${`${id}-hint`}>${hint}</p>` : nothing}
        <p class="field-error" id=${`${id}-error`}>${message ?? ''}</p>
      </div>`;
    };
    const price = s.price ? (s.price.amount / 10 ** digits(s.price.currency)).toFixed(digits(s.price.currency)) : '';
    return html`<form class="card" novalidate aria-labelledby="form-title" @submit=${(e: SubmitEvent) => this.#save(e)}>
      <h2 id="form-title">${s.name || t.newService}</h2>
      ${input('name', t.name, s.name)}
      <div class="field">
        <label for="s-description">${t.description}</label>
        <textarea id="s-description" rows="2" .value=${s.description ?? ''}></textarea>
      </div>
      <div class="two">
        ${input('durationMinutes', t.duration, String(s.durationMinutes))}
        ${input('price', fill(t.price, { currency: s.price?.currency ?? 'GBP' }), price, t.priceHint)}
      </div>
      <div class="two">
        ${input('bufferBeforeMinutes', t.bufferBefore, String(s.bufferBeforeMinutes ?? 0))}
        ${input('bufferAfterMinutes', t.bufferAfter, String(s.bufferAfterMinutes ?? 0))}
      </div>
      <div class="two">
        ${input('minNoticeHours', t.minNotice, String(s.minNoticeHours ?? 2))}
        ${input('horizonDays', t.horizon, String(s.horizonDays ?? 60))}
      </div>
      <div class="two">
        ${input('cancellationNoticeHours', t.cancellation, String(s.cancellationNoticeHours ?? 24))}
        ${input('reminderHours', t.reminder, String(s.reminderHours ?? 24), t.reminderHint)}
      </div>
      <div class="actions">
        <button type="submit" class="btn" id="save" ?disabled=${this.busy}>${this.busy ? t.saving : t.save}</button>
        <button type="button" class="btn secondary" ?disabled=${this.busy} @click=${() => this.#cancelEdit()}>
          ${t.back}
        </button>
      </div>
    </form>`;
  }

  override render() {
    const services = this.doc?.practice.services;
    return html`<div class="screen">
      <div class="head">
        <h1>${t.title}</h1>
        ${
          services && this.editing === -1
            ? html`<button type="button" class="btn" id="add" ?disabled=${this.busy} @click=${() => this.#add()}>
                ${t.add}
              </button>`
            : nothing
        }
      </div>
      ${this.messages()}
      ${
        services === undefined
          ? loading(this.error)
          : this.editing >= 0
            ? this.#form(this.editing, services[this.editing]!)
            : html`<ul class="list">
                ${services.map(
                  (s, i) =>
                    html`<li class="card">
                      <div class="row">
                        <div>
                          <strong>${s.name}</strong>
                          <p class="muted">
                            ${fill(t.minutes, { n: s.durationMinutes })} · ${s.price ? money(s.price) : t.noPrice}
                          </p>
                        </div>
                        <div class="actions">
                          <button
                            type="button"
                            class="btn secondary"
                            id=${`edit-${i}`}
                            aria-label=${fill(t.editNamed, { name: s.name })}
                            @click=${() => ((this.editing = i), (this.fields = {}), (this.status = ''))}
                          >
                            ${t.edit}
                          </button>
                          <button
                            type="button"
                            class="btn danger"
                            aria-label=${fill(t.removeNamed, { name: s.name })}
                            aria-expanded=${this.removing === i ? 'true' : 'false'}
                            ?disabled=${this.busy || services.length === 1}
                            @click=${() => (this.removing = this.removing === i ? -1 : i)}
                          >
                            ${t.remove}
                          </button>
                        </div>
                      </div>
                      ${
                        this.removing === i
                          ? html`<div class="confirm" role="group" aria-label=${fill(t.removeNamed, { name: s.name })}>
                              <p>${fill(t.removeAsk, { name: s.name })}</p>
                              <div class="actions">
                                <button
                                  type="button"
                                  class="btn danger"
                                  id=${`remove-${i}`}
                                  ?disabled=${this.busy}
                                  @click=${() => this.#remove(i)}
                                >
                                  ${fill(t.removeConfirm, { name: s.name })}
                                </button>
                                <button
                                  type="button"
                                  class="btn secondary"
                                  @click=${() => keep(this, () => (this.removing = -1))}
                                >
                                  ${t.keepIt}
                                </button>
                              </div>
                            </div>`
                          : nothing
                      }
                    </li>`,
                )}
              </ul>`
      }
    </div>`;
  }
}
