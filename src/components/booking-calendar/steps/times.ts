import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../../../core/i18n.js';
import type { Day } from '../internal/dates.js';
import type { DateTimeFormats } from '../internal/format.js';
import type { Slot } from '../internal/zone.js';
import type { BookingMessages } from '../messages/en-GB.js';

/** The words the times show. */
export type TimesWords = Pick<BookingMessages, 'times'>;

/** One day's free times. Shared by the booking calendar and the manage page's "move". */
export interface TimesView {
  messages: TimesWords;
  formats: DateTimeFormats;
  day: Day;
  slots: Slot[];
  /** The chosen time, if any. */
  chosen: Slot | undefined;
  onPick: (slot: Slot) => void;
}

/**
 * The day's free times as a radio group (arrow keys move between them), each with the practice's time beside it
 * when the practice's clock differs; the heading (`#th`) takes focus when a day is picked.
 */
export function renderTimes(v: TimesView): TemplateResult {
  const m = v.messages;
  const f = v.formats;
  return html`<h4 id="th" tabindex="-1">${fill(m.times, { date: f.dateLabel(v.day) })}</h4>
    <p class="note" id="tz">${f.zoneNote()}</p>
    <div class="times" role="radiogroup" aria-labelledby="th" aria-describedby="tz">
      ${v.slots.map(
        (s) =>
          html`<label class="time" part="time"
            ><input type="radio" name="slot" .checked=${v.chosen?.start == s.start} @change=${() => v.onPick(s)} /><span
              >${f.time(s.start)}${f.practiceDiffers(s.start) ? html`<small>${f.practiceTime(s.start)}</small>` : nothing}</span
            ></label
          >`,
      )}
    </div>`;
}
