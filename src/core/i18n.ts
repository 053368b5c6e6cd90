import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The languages every widget ships. en-GB is bundled; the others load on demand. */
export const LOCALES = ['en-GB', 'en-US', 'de', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en-GB';

/** Maps a BCP 47 tag to the closest shipped locale (`de-AT` → `de`, `en` → `en-GB`), or undefined. */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase().replace('_', '-');
  if (!lower) return undefined;
  const exact = LOCALES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split('-')[0];
  if (language === 'en') return /-(us|pr|um|as|gu|vi)$/.test(lower) ? 'en-US' : 'en-GB';
  return LOCALES.find((l) => l === language);
}

/** The widget's `lang`, else the page's `<html lang>`, else en-GB. */
export function resolveLocale(el: Element): Locale {
  return (
    matchLocale(el.getAttribute('lang')) ??
    matchLocale(el.ownerDocument?.documentElement.getAttribute('lang')) ??
    DEFAULT_LOCALE
  );
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

/** Loaders of the non-default catalogues of one widget; each becomes its own file in the build. */
export type CatalogueLoaders<M> = Partial<Record<Locale, () => Promise<{ default: M }>>>;

/**
 * Holds a widget's messages for its current locale: the bundled default at once, any other
 * language fetched on demand (a separate file beside the widget), then a re-render.
 */
export class Catalogue<M extends object> implements ReactiveController {
  /** The messages to render with now. */
  messages: M;
  /** The locale `messages` belong to. */
  locale: Locale = DEFAULT_LOCALE;
  private wanted: Locale = DEFAULT_LOCALE;
  private readonly cache = new Map<Locale, M>();

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly fallback: M,
    private readonly loaders: CatalogueLoaders<M>,
  ) {
    this.messages = fallback;
    this.cache.set(DEFAULT_LOCALE, fallback);
    host.addController(this);
  }

  hostConnected(): void {
    this.update();
  }

  /** Re-resolves the locale (call when `lang` changes). */
  update(): void {
    const locale = resolveLocale(this.host);
    if (locale === this.wanted && this.messages === this.cache.get(locale)) return;
    this.wanted = locale;
    const cached = this.cache.get(locale);
    if (cached) {
      this.set(locale, cached);
      return;
    }
    const load = this.loaders[locale];
    if (!load) return this.set(DEFAULT_LOCALE, this.fallback);
    load().then(
      (module) => {
        this.cache.set(locale, module.default);
        if (this.wanted === locale) this.set(locale, module.default);
      },
      () => {
        if (this.wanted === locale) this.set(DEFAULT_LOCALE, this.fallback);
      },
    );
  }

  private set(locale: Locale, messages: M): void {
    this.locale = locale;
    this.messages = messages;
    this.host.requestUpdate();
  }
}
