import { html } from 'lit';
import { fill } from '../../core/i18n.js';
import { copyOf } from '../practice-doc.js';
import { planStrings as t } from '../strings/plan.js';
import { servicesStrings as s } from '../strings/services.js';
import { loadPracticeInfo } from './agenda.js';
import { PracticeEditor } from './practice-editor.js';
import { loading } from '../loading.js';

/** The race plan's parts, each with its two number rules, in the order the form shows them. */
const PARTS = {
  build: ['everyWeeks', 'lastDaysBefore'],
  pre: ['minDaysBefore', 'maxDaysBefore'],
  post: ['minDaysAfter', 'maxDaysAfter'],
  maintenance: ['everyMonths', 'count'],
} as const;
type Part = keyof typeof PARTS;
type Rules = Record<string, Record<string, string | number | undefined> | undefined>;
type Question = { id: string; label: string; type?: string };

/**
 * `<soleus-console-plan>`: the race-day plan's rules (build-up every N weeks ending N days before the race, one
 * session N–M days before, recovery N–M days after, then N maintenance sessions every N months, each part with its
 * treatment) and the words the owner's emails and agenda put over the booking form's answers (the practice file's
 * `intake`). Saved like the services: the practice file's own rules check it, and their messages show beside the
 * fields.
 */
export class SoleusConsolePlan extends PracticeEditor {
  static override properties = { ...PracticeEditor.properties, resolved: { state: true } };

  /** The rules as the server applies them (defaults and treatments filled in), for a file that leaves some out. */
  declare resolved: Rules | undefined;

  protected override async load() {
    await super.load();
    try {
      this.resolved = (await loadPracticeInfo()).racePlan;
    } catch {
      // Without them the form shows the file's own values and leaves the rest empty; saving still checks it.
    }
  }

  get #rules(): Rules {
    return (this.doc?.practice.racePlan as Rules | undefined) ?? {};
  }

  get #questions(): Question[] {
    return (this.doc?.practice.intake as Question[] | undefined) ?? t.defaultIntake.map((q) => ({ ...q }));
  }

  /** One field keyed by its document path (`racePlan.pre.minDaysBefore`): a number, words, or a treatment. */
  #field(
    key: string,
    label: string,
    value: unknown,
    kind: 'numeric' | 'text' | { id: string; name: string }[] = 'numeric',
  ) {
    const id = key.replaceAll('.', '-');
    const message = this.fields[key];
    const invalid = message ? 'true' : 'false';
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${
        typeof kind === 'object'
          ? html`<select id=${id} aria-invalid=${invalid} aria-describedby=${`${id}-error`}>
              ${kind.map((x) => html`<option value=${x.id} ?selected=${x.id === value}>${x.name}</option>`)}
            </select>`
          : html`<input
              id=${id}
              inputmode=${kind}
              .value=${value === undefined ? '' : String(value)}
              aria-invalid=${invalid}
              aria-describedby=${`${id}-error`}
            />`
      }
      <p class="field-error" id=${`${id}-error`}>${message ?? ''}</p>
    </div>`;
  }

  #savePlan(event: SubmitEvent) {
    event.preventDefault();
    const next = copyOf(this.doc!.practice);
    const plan: Rules = {};
    const fields: Record<string, string> = {};
    for (const [part, names] of Object.entries(PARTS)) {
      const rules: Record<string, string | number> = { serviceId: this.value(`racePlan-${part}-serviceId`) };
      for (const name of names) {
        const raw = this.value(`racePlan-${part}-${name}`).trim();
        if (!/^\d+$/.test(raw)) fields[`racePlan.${part}.${name}`] = t.number;
        rules[name] = Number(raw);
      }
      plan[part] = rules;
    }
    if (Object.keys(fields).length) return this.refuse(fields, s.fix);
    next.racePlan = plan;
    void this.commit(next, t.saved);
  }

  #saveAnswers(event: SubmitEvent) {
    event.preventDefault();
    const next = copyOf(this.doc!.practice);
    const fields: Record<string, string> = {};
    next.intake = this.#questions.map((q, i) => {
      const label = this.value(`intake-${i}-label`).trim();
      if (!label) fields[`intake.${i}.label`] = t.wording;
      return { ...q, label };
    });
    if (Object.keys(fields).length) return this.refuse(fields, s.fix);
    void this.commit(next, t.answersSaved);
  }

  override render() {
    const doc = this.doc;
    const save = (id: string, words: string) =>
      html`<button type="submit" class="btn" id=${id} ?disabled=${this.busy}>${this.busy ? s.saving : words}</button>`;
    return html`<div class="screen">
      <h1>${t.title}</h1>
      <p class="muted">${t.intro}</p>
      ${this.messages()}
      ${
        doc
          ? html`<form
                novalidate
                class="screen-form"
                aria-label=${t.title}
                @submit=${(e: SubmitEvent) => this.#savePlan(e)}
              >
                ${Object.entries(PARTS).map(([part, names]) => {
                  const words = t.parts[part as Part] as Record<string, string>;
                  const rules = { ...this.resolved?.[part], ...this.#rules[part] };
                  return html`<div class="card">
                    <fieldset>
                      <legend><h2>${words.title}</h2></legend>
                      <p class="muted">${words.hint}</p>
                      ${this.#field(`racePlan.${part}.serviceId`, t.service, rules.serviceId, doc.practice.services)}
                      <div class="two">
                        ${names.map((name) => this.#field(`racePlan.${part}.${name}`, words[name]!, rules[name]))}
                      </div>
                    </fieldset>
                  </div>`;
                })}
                ${save('save-plan', t.savePlan)}
              </form>
              <form
                novalidate
                class="card"
                aria-labelledby="answers-title"
                @submit=${(e: SubmitEvent) => this.#saveAnswers(e)}
              >
                <h2 id="answers-title">${t.answers}</h2>
                <p class="muted">${t.answersIntro}</p>
                ${this.#questions.map((q, i) =>
                  this.#field(
                    `intake.${i}.label`,
                    t.question[q.id] ?? fill(t.otherQuestion, { id: q.id }),
                    q.label,
                    'text',
                  ),
                )}
                ${save('save-answers', t.saveWords)}
              </form>`
          : loading(this.error)
      }
    </div>`;
  }
}
