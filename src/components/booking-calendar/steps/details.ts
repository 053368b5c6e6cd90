import { html, nothing, type TemplateResult } from 'lit';
import type { Field } from '../internal/validate.js';
import type { BookingMessages } from '../messages/en-GB.js';
import { renderNav, type StepView } from './parts.js';

/** What the visitor typed, by field. */
export type Values = Record<Field, string>;
/** A message beside each invalid field. */
export type FieldErrors = Partial<Record<Field, string>>;

export interface DetailsStepView {
  messages: BookingMessages;
  values: Values;
  errors: FieldErrors;
  /** Indexes of `messages.areas` ticked. */
  areas: Set<number>;
  training: boolean;
  onInput: (id: Field, value: string) => void;
  onArea: (index: number, checked: boolean) => void;
  onTraining: (checked: boolean) => void;
  onSubmit: (e: Event) => void;
  onBack: () => void;
}

/** A label, its input (a textarea for notes) and the error text the input is described by. */
function field(v: DetailsStepView, id: Field, label: string, type = 'text', auto = 'off'): TemplateResult {
  const e = v.errors[id];
  const onInput = (ev: Event) => v.onInput(id, (ev.target as HTMLInputElement).value);
  const describedBy = e ? `${id}-e` : nothing;
  return html`<div class="field">
    <label for=${id}>${label}</label>${
      id == 'notes'
        ? html`<textarea
            id=${id}
            rows="3"
            .value=${v.values[id]}
            @input=${onInput}
            aria-invalid=${!!e}
            aria-describedby=${describedBy}
          ></textarea>`
        : html`<input
            id=${id}
            type=${type}
            autocomplete=${auto}
            .value=${v.values[id]}
            @input=${onInput}
            ?required=${id == 'name' || id == 'email'}
            aria-invalid=${!!e}
            aria-describedby=${describedBy}
          />`
    }${e ? html`<span class="error" id="${id}-e">${e}</span>` : nothing}
  </div>`;
}

/** Step 3: name, email, phone, notes, where it feels tight, and an event date for those in training. */
export function detailsStep(v: DetailsStepView): StepView {
  const m = v.messages;
  const checked = (e: Event) => (e.target as HTMLInputElement).checked;
  return [
    m.details,
    html`<form novalidate @submit=${v.onSubmit}>
      ${field(v, 'name', m.name, 'text', 'name')}${field(v, 'email', m.email, 'email', 'email')}${field(
        v,
        'phone',
        m.phone,
        'tel',
        'tel',
      )}${field(v, 'notes', m.notes)}
      <fieldset>
        <legend>${m.tight}</legend>
        <div class="checks">
          ${m.areas.map(
            (a, i) =>
              html`<label
                ><input
                  type="checkbox"
                  .checked=${v.areas.has(i)}
                  @change=${(e: Event) => v.onArea(i, checked(e))}
                />${a}</label
              >`,
          )}
        </div>
      </fieldset>
      <label class="check"
        ><input
          type="checkbox"
          .checked=${v.training}
          @change=${(e: Event) => v.onTraining(checked(e))}
        />${m.training}</label
      >${v.training ? field(v, 'eventDate', m.eventDate, 'date') : nothing}${renderNav(
        m,
        v.onBack,
        html`<button class="btn" part="button">${m.next}</button>`,
      )}
    </form>`,
  ];
}
