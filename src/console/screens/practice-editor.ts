import { html, nothing } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import type { OwnerBooking } from '../../core/schemas/booking.js';
import type { ApiError } from '../api.js';
import { dayAndTime } from '../dates.js';
import { checkPractice, loadPractice, saveError, savePractice, type PracticeDocument } from '../practice-doc.js';
import { servicesStrings as t } from '../strings/services.js';
import { consoleStyles } from '../styles.js';
import { agendaStyles } from './agenda-styles.js';
import { loadPracticeInfo } from './agenda.js';

/**
 * What the screens that edit the practice document share (services, schedule): it is loaded with its revision;
 * a save is checked first, and when the change would leave future bookings outside the hours or without their
 * treatment those are listed with "Save anyway" (nothing is ever cancelled by a change); a refusal's messages show
 * beside the fields (keyed by the document path), a conflicting save says so.
 */
export abstract class PracticeEditor extends SoleusElement {
  static override styles = [...(SoleusElement.styles as []), formStyles, consoleStyles, agendaStyles];

  static override properties = {
    ...SoleusElement.properties,
    doc: { state: true },
    affected: { state: true },
    busy: { state: true },
    status: { state: true },
    error: { state: true },
    fields: { state: true },
  };

  declare doc: { practice: PracticeDocument; revision: number } | undefined;
  /** Bookings the pending save would leave out: shown, then "Save anyway". */
  declare affected: OwnerBooking[] | undefined;
  declare busy: boolean;
  declare status: string;
  declare error: string;
  /** Document path (`services.0.price.amount`) → message. */
  declare fields: Record<string, string>;
  #pending: { practice: PracticeDocument; done: string } | undefined;

  constructor() {
    super();
    this.doc = undefined;
    this.affected = undefined;
    this.busy = false;
    this.status = '';
    this.error = '';
    this.fields = {};
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  protected async load() {
    try {
      this.doc = await loadPractice();
    } catch (error) {
      this.error = (error as ApiError).message;
    }
  }

  /** Called once a save went through. */
  protected saved(): void {}

  protected get zone(): string {
    return this.doc?.practice.timeZone ?? 'UTC';
  }

  protected value(id: string): string {
    return this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${CSS.escape(id)}`)?.value ?? '';
  }

  /** Checks `next`, asks about the bookings it would leave out, then saves it; `done` is said when saved. */
  protected async commit(next: PracticeDocument, done: string) {
    this.busy = true;
    this.error = '';
    this.fields = {};
    this.status = t.checking;
    try {
      const check = await checkPractice(next);
      if (check.affected.length) {
        this.#pending = { practice: next, done };
        this.affected = check.affected;
        this.status = '';
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#affected-title')?.focus());
        return;
      }
      await this.#put(next, done);
    } catch (error) {
      this.#failed(error);
    } finally {
      this.busy = false;
    }
  }

  async #put(next: PracticeDocument, done: string) {
    const saved = await savePractice(next, this.doc!.revision);
    this.doc = { practice: saved.practice as PracticeDocument, revision: saved.revision };
    this.affected = undefined;
    this.#pending = undefined;
    this.fields = {};
    this.status = done;
    void loadPracticeInfo(true);
    this.saved();
  }

  async #saveAnyway() {
    const pending = this.#pending;
    if (!pending) return;
    this.busy = true;
    try {
      await this.#put(pending.practice, `${pending.done} ${t.savedAnyway}`);
    } catch (error) {
      this.#failed(error);
    } finally {
      this.busy = false;
    }
  }

  #failed(error: unknown) {
    const { message, fields } = saveError(error, t.conflict);
    this.status = '';
    this.affected = undefined;
    this.refuse(fields, Object.keys(fields).length ? t.fix : message);
  }

  protected refuse(fields: Record<string, string>, message: string) {
    this.fields = fields;
    this.error = message;
    void this.updateComplete.then(() => {
      const field = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (field) return field.focus();
      // A rule about a part this screen does not show (a race plan naming a removed treatment): say it here.
      const said = Object.values(fields);
      if (said.length) this.error = `${message} ${said.join(' ')}`;
    });
  }

  /** The status and alert lines, and the bookings a pending save would leave out. */
  protected messages() {
    return html`<p class="notice" role="status">${this.status}</p>
      <p class="alert" role="alert">${this.error}</p>
      ${
        this.affected
          ? html`<section class="card" aria-labelledby="affected-title">
              <h2 id="affected-title" tabindex="-1">${t.affectedTitle}</h2>
              <ul class="list">
                ${this.affected.map(
                  (b) =>
                    html`<li class="row">
                      <div>
                        <strong>${b.client.name}</strong>
                        <p class="muted">${b.serviceName} · ${dayAndTime(b.start, b.end, this.zone)}</p>
                      </div>
                    </li>`,
                )}
              </ul>
              <p class="muted">${t.affectedHint}</p>
              <div class="actions">
                <button
                  type="button"
                  class="btn"
                  id="save-anyway"
                  ?disabled=${this.busy}
                  @click=${() => this.#saveAnyway()}
                >
                  ${t.saveAnyway}
                </button>
                <button
                  type="button"
                  class="btn secondary"
                  @click=${() => ((this.affected = undefined), (this.#pending = undefined))}
                >
                  ${t.back}
                </button>
              </div>
            </section>`
          : nothing
      }`;
  }
}
