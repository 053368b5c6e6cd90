import type { ReactiveControllerHost } from 'lit';

/** The languages every widget ships. en-GB is bundled; the others load on demand. */
export const LOCALES = ['en-GB', 'en-US', 'de', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en-GB';

/** Maps a BCP 47 tag to the closest shipped locale (`de-AT` → `de`, `en` → `en-GB`), or undefined. */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  const t = tag?.trim().toLowerCase().replace('_', '-') ?? '';
  const l = t.split('-')[0];
  return l == 'en' ? (/-(us|pr|um|as|gu|vi)$/.test(t) ? 'en-US' : 'en-GB') : LOCALES.find((x) => x == l);
}

/** The widget's `lang`, else the page's `<html lang>`, else en-GB. */
export const resolveLocale = (el: Element): Locale =>
  matchLocale(el.getAttribute('lang')) ?? matchLocale(el.ownerDocument.documentElement.lang) ?? DEFAULT_LOCALE;

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => `${values[key] ?? match}`);
}

/** Loaders of the non-default catalogues of one widget; each becomes its own file in the build. */
export type CatalogueLoaders<M> = Partial<Record<Locale, () => Promise<{ default: M }>>>;

/**
 * Holds a widget's messages for its current locale: the bundled default at once, any other
 * language fetched on demand (a separate file beside the widget), then a re-render.
 */
export class Catalogue<M extends object> {
  /** The messages to render with now. */
  messages: M;
  /** The locale `messages` belong to. */
  locale: Locale = DEFAULT_LOCALE;
  private wanted?: Locale;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly fallback: M,
    private readonly loaders: CatalogueLoaders<M>,
  ) {
    this.messages = fallback;
  }

  /** Re-resolves the locale (call from willUpdate; a no-op while it has not changed); import() caches each loaded file. */
  async update(): Promise<void> {
    const locale = resolveLocale(this.host);
    if (locale == this.wanted) return;
    this.wanted = locale;
    let m = this.fallback;
    try {
      m = (await this.loaders[locale]?.())?.default ?? m;
    } catch {
      /* offline or blocked: stay in the default language */
    }
    // Same messages (the first call, for the bundled default, always has them): nothing to render again.
    if (this.wanted != locale || m == this.messages) return;
    this.locale = m == this.fallback ? DEFAULT_LOCALE : locale;
    this.messages = m;
    this.host.requestUpdate();
  }
}
