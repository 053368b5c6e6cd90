import { html, nothing, type TemplateResult } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { Catalogue, fill, type CatalogueLoaders } from '../../core/i18n.js';
import { icon } from './internal/icons.js';
import { loadServer, normaliseServer, saveServer } from './internal/mastodon-server.js';
import { BRANDS, mastodonHref, parseNetworks, shareHref, type NetworkId, type ShareData } from './internal/networks.js';
import en, { type ShareMessages } from './messages/en-GB.js';
import { SoleusShareEvent } from './share-buttons.events.js';
import { styles } from './share-buttons.styles.js';

const loaders: CatalogueLoaders<ShareMessages> = {
  'en-US': () => import('./messages/en-US.js'),
  de: () => import('./messages/de.js'),
  fr: () => import('./messages/fr.js'),
  es: () => import('./messages/es.js'),
};

/** Row of buttons (default) or a few buttons plus a "More" menu. */
export type ShareLayout = 'row' | 'compact';
/** Button size; `small` shows icons only. */
export type ShareSize = 'small' | 'medium' | 'large';
type Panel = '' | 'form' | 'note' | 'manual';

/**
 * Share buttons for a blog post: plain share links (no third-party requests before a click, no counters),
 * copy link, the device's share sheet, and Mastodon on the visitor's own server.
 *
 * @summary Accessible, privacy-friendly share buttons.
 *
 * @attr url - Address to share; default the page's canonical link, else the page address without its hash.
 * @attr title - Title to share; default the document title.
 * @attr text - Optional extra text sent with the link.
 * @attr networks - Space- or comma-separated networks in the order to show; unknown names are ignored.
 * @attr layout - `row` (default) or `compact` (the first `visible` networks, then a "More" menu).
 * @attr visible - How many networks `compact` shows before "More" (default 3).
 * @attr size - `small` (icons only), `medium` (default) or `large`.
 * @attr label - Visible heading of the group; default "Share this post" in the widget's language.
 * @attr hide-label - Hides the heading visually; it still names the group (for pages that write their own lead-in).
 * @attr theme - `light`, `dark` or `auto` (default: as the page declares with `color-scheme`; light if it declares none).
 * @attr lang - Language of the widget; default the page's `<html lang>`.
 *
 * @fires soleus-share - Before a network is used; `detail: { network, url }`; cancel it to take over.
 *
 * @csspart heading - The visible heading of the group.
 * @csspart list - The list of buttons.
 * @csspart button - Every network link or button; also carries the network id (`button linkedin`) and `copied`.
 * @csspart icon - The icon inside a button.
 * @csspart label - The visible text inside a button.
 * @csspart more-button - The "More" button of the compact layout.
 * @csspart menu - The pop-up menu of the compact layout.
 * @csspart mastodon-form - The form asking for the visitor's Mastodon server.
 * @csspart mastodon-note - The line naming the remembered Mastodon server, with "Change server".
 * @csspart copy-fallback - The read-only link field shown when copying is blocked.
 * @csspart status - The live region announcing "Link copied".
 *
 * @cssprop --soleus-color-accent - Accent colour (focus ring, copied state, primary button).
 * @cssprop --soleus-color-text - Text colour.
 * @cssprop --soleus-color-surface - Button and menu background.
 * @cssprop --soleus-color-border - Button and menu border colour.
 * @cssprop --soleus-radius - Corner radius of the buttons (default fully rounded).
 * @cssprop --soleus-font-family - Font family.
 * @cssprop --soleus-font-size - Base font size (default the visitor's browser setting).
 */
export class SoleusShareButtons extends SoleusElement {
  static override styles = [SoleusElement.styles, styles];

  static override properties = {
    ...SoleusElement.properties,
    url: {},
    title: {},
    text: {},
    networks: {},
    layout: {},
    visible: { type: Number },
    size: {},
    label: {},
    hideLabel: { type: Boolean, attribute: 'hide-label' },
    // Internal state (left undefined until set: falsy reads as off/empty).
    copied: { state: true },
    status: { state: true },
    open: { state: true },
    panel: { state: true },
    error: { state: true },
    draft: { state: true },
    server: { state: true },
  };

  /** Address to share; default the page's canonical link, else the page address without its hash. */
  declare url: string;
  /** Title to share; default the document title. */
  declare title: string;
  /** Optional extra text sent with the link. */
  declare text: string;
  /** Space- or comma-separated networks in the order to show; empty shows all in the default order. */
  declare networks: string;
  /** `row` (default) or `compact`: the first `visible` networks, then a "More" menu. */
  declare layout: ShareLayout;
  /** How many networks the compact layout shows before "More". */
  declare visible: number;
  /** `small` (icons only), `medium` or `large`. */
  declare size: ShareSize;
  /** Visible heading of the group; empty uses the catalogue's "Share this post". */
  declare label: string;
  /** Hides the heading visually; it still names the group for assistive technology. */
  declare hideLabel: boolean;

  declare private copied: boolean;
  declare private status: string;
  declare private open: boolean;
  declare private panel: Panel;
  declare private error: boolean;
  declare private draft: string;
  declare private server: string | null;
  private readonly cat: Catalogue<ShareMessages>;
  private timer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    // url, title, text, networks and label start undefined: every read treats that as empty.
    this.layout = 'row';
    this.visible = 3;
    this.size = 'medium';
    this.hideLabel = false;
    this.cat = new Catalogue<ShareMessages>(this, en, loaders);
    this.server = loadServer();
  }

  protected override willUpdate(): void {
    // Cheap when nothing changed; also picks up a new <html lang> on the next render.
    void this.cat.update();
  }

  override render(): TemplateResult {
    const m = this.cat.messages;
    const compact = this.layout === 'compact';
    const ids = parseNetworks(this.networks).filter((id) => id != 'native' || navigator.share);
    let shown = compact ? Math.max(0, this.visible | 0) : ids.length;
    // A "More" menu holding a single item is worse than showing that item.
    if (ids.length - shown < 2) shown = ids.length;
    const data = this.data();
    const iconOnly = compact || this.size === 'small';
    const items = (list: NetworkId[]) => list.map((id) => html`<li>${this.item(id, data)}</li>`);
    // Templates are kept on few lines: the build's template minifier stops at nested templates.
    const more = html`<li>
      <button
        type="button"
        class="btn"
        part="more-button"
        popovertarget="menu"
        aria-expanded=${!!this.open}
        aria-label=${m.more}
      >
        ${icon('more')}
      </button>
      <div id="menu" class="menu" popover part="menu" @toggle=${this.onToggle} @keydown=${this.onMenuKey}>
        <ul>
          ${items(ids.slice(shown))}
        </ul>
      </div>
    </li>`;
    return html`<div class="root" role="group" title="" lang=${this.cat.locale} aria-labelledby="h">
      <div class=${this.hideLabel ? 'sr-only' : 'heading'} id="h" part="heading">${this.label || m.heading}</div>
      <ul class="list ${this.size} ${iconOnly ? 'only' : ''}" part="list">
        ${items(ids.slice(0, shown))}${shown < ids.length ? more : nothing}
      </ul>
      ${this.renderPanel(m, data)}
      <div class="sr-only" role="status" part="status">${this.status}</div>
    </div>`;
  }

  private item(id: NetworkId, d: ShareData): TemplateResult {
    const m = this.cat.messages;
    const copied = id === 'copy' && this.copied;
    const label = BRANDS[id] ?? (copied ? m.copied : m[id as 'copy' | 'email' | 'native']);
    const part = `button ${id}${copied ? ' copied' : ''}`;
    // The label is hidden by CSS when icon-only (`.only`, or a narrow container); aria-label names the control.
    const content = html`${icon(copied ? 'check' : id)}<span part="label">${label}</span>`;
    const href = id === 'mastodon' && this.server ? mastodonHref(this.server, d) : shareHref(id, d);
    if (!href)
      return html`<button
        type="button"
        class="btn"
        part=${part}
        aria-label=${label}
        @click=${() => this.onButton(id, d)}
      >
        ${content}
      </button>`;
    // mailto: opens the mail app, not a window: no target, so no empty tab is left behind.
    const mail = id === 'email';
    return html`<a
      class="btn"
      part=${part}
      href=${href}
      target=${mail ? nothing : '_blank'}
      rel="noopener noreferrer"
      aria-label=${mail ? m.emailName : `${fill(m.shareOn, { network: label })} ${m.newWindow}`}
      @click=${(e: Event) => this.onLink(e, id, d)}
      >${content}</a
    >`;
  }

  private renderPanel(m: ShareMessages, d: ShareData): TemplateResult | typeof nothing {
    const p = this.panel;
    return p == 'manual'
      ? html`<div class="panel" part="copy-fallback">
          <span>${m.copyFailed}</span><label for="link">${m.linkLabel}</label
          ><input id="link" readonly .value=${d.url} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
        </div>`
      : p == 'note'
        ? html`<p class="panel" part="mastodon-note">
            ${fill(m.sharedTo, { server: this.server ?? '' })}
            <button type="button" @click=${this.openForm}>${m.changeServer}</button>
          </p>`
        : p == 'form'
          ? html`<form class="panel" part="mastodon-form" novalidate @submit=${this.onSubmit}>
              <label for="server">${m.server}</label><span id="hint">${m.serverHint}</span
              ><input
                id="server"
                type="text"
                inputmode="url"
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                .value=${this.draft}
                @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
                aria-invalid=${!!this.error}
                aria-describedby=${this.error ? 'hint error' : 'hint'}
              />${this.error ? html`<span class="error" id="error">${m.serverError}</span>` : nothing}<span
                class="actions"
                ><button type="submit" class="btn primary">${m.submit}</button
                ><button type="button" class="btn" @click=${() => this.closePanel()}>${m.cancel}</button></span
              >
            </form>`
          : nothing;
  }

  /** What is shared, with the page's canonical link and title as defaults. */
  private data(): ShareData {
    const canonical = document.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href;
    let url = canonical || location.href.split('#')[0]!;
    try {
      if (this.url) url = new URL(this.url, document.baseURI).href;
    } catch {
      url = this.url;
    }
    return { url, title: this.title || document.title, text: this.text };
  }

  private $<E extends HTMLElement>(selector: string): E | null {
    return this.renderRoot.querySelector<E>(selector);
  }

  /** Fires `soleus-share`; false when the host page canceled it. */
  private emit(network: NetworkId, d: ShareData): boolean {
    if (this.panel === 'note') this.panel = '';
    return this.dispatchEvent(new SoleusShareEvent({ network, url: d.url }));
  }

  private onLink(e: Event, id: NetworkId, d: ShareData): void {
    if (!this.emit(id, d)) return e.preventDefault();
    this.closeMenu();
    if (id !== 'mastodon') return;
    if (this.server) {
      this.panel = 'note';
    } else {
      e.preventDefault();
      void this.openForm();
    }
  }

  private async onButton(id: NetworkId, d: ShareData): Promise<void> {
    if (!this.emit(id, d)) return;
    this.closeMenu();
    if (id === 'native') {
      // AbortError (the visitor closed the sheet) and other refusals are not worth a message.
      await navigator.share({ title: d.title, text: d.text || undefined, url: d.url }).catch(() => {});
      return;
    }
    // No Clipboard API (insecure page) or a refusal: try execCommand.
    const ok = await (async () => navigator.clipboard.writeText(d.url))().then(
      () => true,
      () => this.execCopy(d.url),
    );
    const m = this.cat.messages;
    clearTimeout(this.timer);
    // Empty the live region first so a second copy is announced again.
    this.status = '';
    await this.updateComplete;
    if (ok) {
      this.copied = true;
      this.status = m.copiedStatus;
      if (this.panel === 'manual') this.panel = '';
      this.timer = setTimeout(() => {
        this.copied = false;
        this.status = '';
      }, 2000);
    } else {
      this.panel = 'manual';
      this.status = m.copyFailed;
      await this.updateComplete;
      this.$('#link')?.focus();
    }
  }

  /** The pre-Clipboard-API way: select a hidden textarea and `execCommand('copy')`, then refocus the button. */
  private execCopy(text: string): boolean {
    const previous = this.shadowRoot!.activeElement as HTMLElement | null;
    const area = document.createElement('textarea');
    area.value = text;
    area.className = 'sr-only';
    this.renderRoot.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    previous?.focus();
    return ok;
  }

  private async openForm(): Promise<void> {
    this.draft = this.server ?? '';
    this.error = false;
    this.panel = 'form';
    await this.updateComplete;
    this.$<HTMLInputElement>('#server')?.focus();
  }

  private closePanel(): void {
    this.panel = '';
    this.error = false;
    // Focus would fall to the page: give it back to the Mastodon link, or to "More" when it is in the menu.
    // (A selector list matches in document order: the list's Mastodon link comes before "More".)
    this.$('.list>li>[part~=mastodon],[part=more-button]')?.focus();
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    const server = normaliseServer(this.draft);
    if (!server) {
      this.error = true;
      this.$('#server')?.focus();
      return;
    }
    saveServer(server);
    this.server = server;
    window.open(mastodonHref(server, this.data()), '_blank', 'noopener,noreferrer');
    this.closePanel();
    this.panel = 'note';
  }

  private menuItems(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('.menu .btn')];
  }

  private onToggle(e: ToggleEvent): void {
    this.open = e.newState === 'open';
    // Without anchor positioning, CSS (@supports) turns the menu into a bottom sheet.
    if (this.open) this.$('.menu .btn')?.focus();
  }

  private onMenuKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      return this.closeMenu();
    }
    const items = this.menuItems();
    const i = items.indexOf(this.shadowRoot!.activeElement as HTMLElement);
    const to = ({ ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: -1 } as Record<string, number>)[e.key];
    if (to === undefined) return;
    e.preventDefault();
    items.at(to % items.length)?.focus();
  }

  /** Closes the menu if open and gives focus back to "More". */
  private closeMenu(): void {
    const menu = this.$('#menu');
    if (!menu?.matches(':popover-open')) return;
    menu.hidePopover();
    this.$('[part=more-button]')?.focus();
  }
}
