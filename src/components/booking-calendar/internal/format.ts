import { fill } from '../../../core/i18n.js';
import { weekday, type Day } from './dates.js';
import { city, isUtc, visitorZone, wall, zoneLongName } from './zone.js';
import type { BookingMessages } from '../messages/en-GB.js';

/** The words a date or time is written with. */
export type DateWords = Pick<
  BookingMessages,
  'date' | 'weekdays' | 'months' | 'practiceTime' | 'zone' | 'zoneUtc' | 'zoneNamed'
>;

/** Where the words, the locale and the zones come from (read on every call, so a language or zone change shows at once). */
export interface FormatSource {
  /** The current catalogue's words. */
  readonly messages: DateWords;
  /** The locale the words belong to. */
  readonly locale: string;
  /** The zone times are shown in; '' is the visitor's own clock. */
  readonly zone: string;
  /** The practice's zone, '' while unknown. */
  readonly practiceZone: string;
}

/**
 * Dates, times and prices for the visitor, in their zone with the practice's time beside it where it differs.
 * Formatters are cached per locale and zone: the first `Intl.DateTimeFormat` on a page is expensive.
 */
export class DateTimeFormats {
  readonly #cache = new Map<string, Intl.DateTimeFormat>();
  #named = '';

  constructor(private readonly source: FormatSource) {}

  /** The visitor's zone by name (`Europe/London`): the zone given, else the browser's, looked up once. */
  zoneName(): string {
    return this.source.zone || (this.#named ||= visitorZone());
  }

  /** "Tuesday 28 September 2021"; the month grid passes the weekday its column already knows. */
  dateLabel(d: Day, wd = weekday(d)): string {
    const m = this.source.messages;
    return fill(m.date, {
      weekday: m.weekdays[wd]!,
      day: +d.slice(8),
      month: m.months[+d.slice(5, 7) - 1]!,
      year: d.slice(0, 4),
    });
  }

  /** The locale's own clock: 09:00 in en-GB, de and fr, 9:00 in es, 9:00 AM in en-US. */
  time(iso: string, zone = this.source.zone): string {
    const { locale } = this.source;
    const key = `${locale}|${zone}`;
    let f = this.#cache.get(key);
    // `hour: 'numeric'` would drop en-GB's leading zero.
    if (!f)
      this.#cache.set(key, (f = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone || undefined })));
    return f.format(new Date(iso));
  }

  /** Whether the practice's clock shows another time than the visitor's (then both are shown). */
  practiceDiffers(iso: string): boolean {
    const pz = this.source.practiceZone;
    return !!pz && pz != this.zoneName() && this.time(iso, pz) != this.time(iso);
  }

  /** A zone as a place for people: its city, "UTC", or its long generic name ("Eastern Time"). */
  place(zone: string): string {
    return isUtc(zone) ? 'UTC' : city(zone) || zoneLongName(zone, this.source.locale);
  }

  /** Names the zone times are shown in, once: "Times shown in London time", "Times shown in UTC". */
  zoneNote(): string {
    const m = this.source.messages;
    const zone = this.zoneName();
    if (isUtc(zone)) return m.zoneUtc;
    const c = city(zone);
    return c ? fill(m.zone, { zone: c }) : fill(m.zoneNamed, { zone: zoneLongName(zone, this.source.locale) });
  }

  /** "09:00 in London": the practice's time of an instant (or its span, with `end`). */
  practiceTime(iso: string, end?: string): string {
    const pz = this.source.practiceZone;
    const time = this.time(iso, pz) + (end ? `–${this.time(end, pz)}` : '');
    return fill(this.source.messages.practiceTime, { time, city: this.place(pz) });
  }

  /** " (09:00 in London)" when the practice's clock shows another time than the visitor's, else nothing. */
  #alsoPracticeTime(iso: string, end?: string): string {
    return this.practiceDiffers(iso) ? ` (${this.practiceTime(iso, end)})` : '';
  }

  /** "Tuesday 28 September 2021, 10:00–11:00", plus "(09:00–10:00 in London)" when the practice's clock differs. */
  range(start: string, end: string): string {
    const day = this.dateLabel(wall(start, this.source.zone)[0]);
    return `${day}, ${this.time(start)}–${this.time(end)}${this.#alsoPracticeTime(start, end)}`;
  }

  /** "Tuesday 28 September 2021, 10:00" in the visitor's zone, plus "(09:00 in London)" when the practice's differs. */
  when(iso: string): string {
    return `${this.dateLabel(wall(iso, this.source.zone)[0])}, ${this.time(iso)}${this.#alsoPracticeTime(iso)}`;
  }

  /** "Wed 25 Nov, 09:00" for a choice in a select, which a phone cannot wrap (only drawn after the first paint). */
  short(iso: string): string {
    const { locale, zone } = this.source;
    const key = `${locale}|${zone}|d`;
    let f = this.#cache.get(key);
    if (!f)
      this.#cache.set(
        key,
        (f = new Intl.DateTimeFormat(locale, {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          timeZone: zone || undefined,
        })),
      );
    return `${f.format(new Date(iso))}, ${this.time(iso)}${this.#alsoPracticeTime(iso)}`;
  }

  /** "£60.00", or '' without a price. */
  price(price: { amount: number; currency: string } | null | undefined): string {
    return price
      ? new Intl.NumberFormat(this.source.locale, { style: 'currency', currency: price.currency }).format(
          price.amount / 100,
        )
      : '';
  }
}
