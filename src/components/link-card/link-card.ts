import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { apiBase } from '../../core/api.js';
import { SoleusElement } from '../../core/base.js';
import { Catalogue, type CatalogueLoaders } from '../../core/i18n.js';
import type { LinkPreviewResponse } from '../../core/schemas/previews.js';
import { SoleusLinkCardOpenEvent } from './link-card.events.js';
import { styles } from './link-card.styles.js';
import en, { type LinkCardMessages } from './messages/en-GB.js';

const loaders: CatalogueLoaders<LinkCardMessages> = {
  'en-US': () => import('./messages/en-US.js'),
  de: () => import('./messages/de.js'),
  fr: () => import('./messages/fr.js'),
  es: () => import('./messages/es.js'),
};

/** `horizontal` (image beside the text, default), `vertical` (image above) or `compact` (one line with the icon). */
export type LinkCardLayout = 'horizontal' | 'vertical' | 'compact';
type State = 'loading' | 'ok' | 'unavailable';

/**
 * A rich card for an outside link, from this site's own Soleus server (no third party is contacted by the visitor's
 * browser: the image and icon are thumbnails on the server). Put the plain link inside: it is what visitors without
 * JavaScript and search engines get, and the card's fallback when the preview is unavailable.
 *
 * @summary Link preview card for an outside link.
 *
 * @attr href - The address to preview and link to.
 * @attr layout - `horizontal` (default), `vertical` or `compact`.
 * @attr target - Where the link opens, e.g. `_blank` (the name then says it opens a new window).
 * @attr api - Base URL of the Soleus server; default the script's origin.
 * @attr theme - `light`, `dark` or `auto` (default: as the page declares with `color-scheme`; light if it declares none).
 * @attr lang - Language of the widget's own words; default the page's `<html lang>`.
 *
 * @fires soleus-link-card-open - When the visitor opens the link; `detail: { href, title, state }`; cancel it to stay.
 *
 * @csspart card - The card (a click anywhere on it follows its one link); also carries its state (`loading`, `ok`).
 * @csspart media - The image box (it keeps its size while loading or when there is no image).
 * @csspart image - The page's image.
 * @csspart title - The title: the card's one link.
 * @csspart description - The description, at most two lines.
 * @csspart site - The line with the site's icon, name and domain.
 * @csspart icon - The site's icon.
 * @csspart domain - The domain.
 * @csspart link - The plain link shown when the preview is unavailable (also carries `unavailable`).
 *
 * @cssprop --soleus-color-accent - Accent colour (focus ring, hover border, the plain link).
 * @cssprop --soleus-color-text - Text colour.
 * @cssprop --soleus-color-surface - Card background.
 * @cssprop --soleus-color-border - Card border colour.
 * @cssprop --soleus-radius - Corner radius of the card.
 * @cssprop --soleus-font-family - Font family.
 * @cssprop --soleus-font-size - Base font size (default the visitor's browser setting).
 */
export class SoleusLinkCard extends SoleusElement {
  static override styles = [SoleusElement.styles, styles];

  static override properties = {
    ...SoleusElement.properties,
    href: { reflect: true },
    layout: { reflect: true },
    target: {},
    api: {},
    state: { state: true },
    data: { state: true },
  };

  /** The address to preview and link to. */
  declare href: string;
  /** `horizontal` (default), `vertical` or `compact`. */
  declare layout: LinkCardLayout;
  /** Where the link opens (`_blank` for a new window); default the same window. */
  declare target: string;
  /** Base URL of the Soleus server; default the script's origin. */
  declare api: string;

  declare private state: State;
  declare private data: LinkPreviewResponse | undefined;
  private readonly cat: Catalogue<LinkCardMessages>;
  private asked = 0;

  constructor() {
    super();
    this.layout = 'horizontal';
    this.state = 'loading';
    this.cat = new Catalogue<LinkCardMessages>(this, en, loaders);
  }

  protected override willUpdate(changed: PropertyValues): void {
    void this.cat.update();
    if (changed.has('href') || changed.has('api')) void this.load();
  }

  /** The absolute address, or '' when `href` is not one. */
  private url(): string {
    try {
      return new URL(this.href ?? '', document.baseURI).href;
    } catch {
      return '';
    }
  }

  private async load(): Promise<void> {
    const ask = ++this.asked;
    const url = this.url();
    this.state = 'loading';
    this.data = undefined;
    let data: LinkPreviewResponse | undefined;
    try {
      // A plain GET without cookies: any failure (refused, limited, offline, timed out) is the plain link, so the
      // shared client's error handling and retry would only add bytes.
      if (/^https?:/.test(url)) {
        const r = await fetch(`${this.base()}/api/v1/link-preview?url=${encodeURIComponent(url)}`, {
          credentials: 'omit',
          signal: AbortSignal.timeout(10_000),
        });
        if (r.ok) data = (await r.json()) as LinkPreviewResponse;
      }
    } catch {
      /* refused, limited or offline: the plain link */
    }
    if (ask != this.asked) return;
    this.data = data;
    this.state = data?.status == 'ok' && data.title ? 'ok' : 'unavailable';
  }

  private base(): string {
    return apiBase(this.api);
  }

  /** A thumbnail on the Soleus server; anything else is not shown. */
  private src(path: string | undefined): string | undefined {
    return path?.startsWith('/api/') ? this.base() + path : undefined;
  }

  /** The light-DOM link's words, else the address. */
  private fallback(): string {
    return this.querySelector('a')?.textContent?.trim() || this.href || '';
  }

  private domain(): string {
    try {
      return new URL(this.data?.finalUrl || this.url()).hostname.replace(/^www\./, '');
    } catch {
      return '';
    }
  }

  private onClick(e: MouseEvent, title: string): void {
    const open = new SoleusLinkCardOpenEvent({ href: this.url(), title, state: this.state });
    if (!this.dispatchEvent(open)) e.preventDefault();
  }

  override render(): TemplateResult {
    const m = this.cat.messages;
    const { state, data } = this;
    const blank = this.target == '_blank';
    const target = this.target || nothing;
    const rel = this.target ? 'noopener' : nothing;
    const nw = blank ? html`<span class="sr-only" id="n"> ${m.newWindow}</span>` : nothing;
    const domain = this.domain();
    if (state == 'unavailable') {
      const text = this.fallback();
      return html`<div class="root" lang=${this.cat.locale}>
        <a
          class="plain"
          part="link unavailable"
          href=${this.url() || nothing}
          target=${target}
          rel=${rel}
          @click=${(e: MouseEvent) => this.onClick(e, text)}
          >${text}${nw}</a
        >${domain && domain != text ? html` <span class="domain" part="domain">${domain}</span>` : nothing}
      </div>`;
    }
    const ok = state == 'ok' && data;
    const title = ok ? data.title! : this.fallback();
    const image = ok ? data.image : undefined;
    const imageSrc = this.src(image?.url);
    const iconSrc = ok ? this.src(data.icon?.url) : undefined;
    const lang = (ok && data.lang) || nothing;
    const bar = html`<span class="bar"></span>`;
    // The block-link pattern: the one link is the title (so its name is the title and nothing else), and its
    // ::after stretches over the whole card, so a click anywhere on the card follows it.
    return html`<div class="root" lang=${this.cat.locale}>
      <div class="card ${this.layout} ${state}" part="card ${state}">
        <span class="media" part="media"
          >${
            this.layout == 'compact'
              ? iconSrc
                ? html`<img part="icon" src=${iconSrc} width="32" height="32" alt="" loading="lazy" />`
                : nothing
              : imageSrc && image
                ? html`<img
                    part="image"
                    src=${imageSrc}
                    width=${image.width}
                    height=${image.height}
                    alt=${image.alt ?? ''}
                    loading="lazy"
                    decoding="async"
                  />`
                : nothing
          }</span
        ><span class="text"
          ><a
            class="title"
            part="title"
            href=${this.url() || nothing}
            target=${target}
            rel=${rel}
            lang=${lang}
            aria-describedby=${ok ? (data.description ? 'd s' : 's') : 'l'}
            @click=${(e: MouseEvent) => this.onClick(e, title)}
            >${ok ? title : html`${bar}<span class="sr-only">${title}</span>`}${nw}</a
          >${
            ok
              ? html`${
                    data.description
                      ? html`<span class="desc" part="description" id="d" lang=${lang}>${data.description}</span>`
                      : nothing
                  }<span class="site" part="site" id="s"
                    >${
                      iconSrc && this.layout != 'compact'
                        ? html`<img part="icon" src=${iconSrc} width="16" height="16" alt="" loading="lazy" />`
                        : nothing
                    }${
                      data.siteName && data.siteName != domain
                        ? html`<span class="name">${data.siteName}</span><span aria-hidden="true">·</span>`
                        : nothing
                    }<span part="domain">${domain}</span></span
                  >`
              : html`<span class="desc">${bar}${bar}</span><span class="site">${bar}</span
                  ><span class="sr-only" id="l">${m.loading}</span>`
          }</span
        >
      </div>
    </div>`;
  }
}
