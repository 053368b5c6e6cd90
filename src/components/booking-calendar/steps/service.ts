import { html } from 'lit';
import type { DateTimeFormats } from '../internal/format.js';
import type { Service } from '../internal/types.js';
import type { BookingMessages } from '../messages/en-GB.js';
import { renderPlanLink, serviceFacts, type StepView } from './parts.js';

export interface ServiceStepView {
  messages: BookingMessages;
  formats: DateTimeFormats;
  services: Service[];
  onChoose: (serviceId: string) => void;
  onPlan: () => void;
}

/** Step 1: the treatments, each a button described by its description. */
export function serviceStep(v: ServiceStepView): StepView {
  const m = v.messages;
  return [
    m.service,
    html`<ul class="services">
        ${v.services.map(
          (s) =>
            html`<li>
              <button
                type="button"
                class="service"
                part="service"
                aria-describedby="d-${s.id}"
                @click=${() => v.onChoose(s.id)}
              >
                <b>${s.name}</b><span>${serviceFacts(m, v.formats, s)}</span>
              </button>
              <p id="d-${s.id}">${s.description}</p>
            </li>`,
        )}
      </ul>
      ${renderPlanLink(m, v.onPlan)}`,
  ];
}
