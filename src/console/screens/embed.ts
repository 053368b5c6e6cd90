import { css, html, nothing, type PropertyValues } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { fill } from '../../core/i18n.js';
import type { CheckSiteResponse } from '../../core/schemas/previews.js';
import { type ApiError, ownerRequest } from '../api.js';
import { loadPractice, type PracticeService } from '../practice-doc.js';
import { embedStrings as t } from '../strings/embed.js';
import { consoleStyles } from '../styles.js';

type Widget = keyof typeof t.widgets;
/** The widgets' own accent (light), `--soleus-color-accent`'s fallback: choosing it adds no style rule. */
const DEFAULT_ACCENT = '#0f766e';
/** Each widget's layouts, the default first (left out of the snippet). */
const LAYOUTS: Partial<Record<Widget, (keyof typeof t.layouts)[]>> = {
  'share-buttons': ['row', 'compact'],
  'link-card': ['horizontal', 'vertical', 'compact'],
};
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** The origin of an http(s) address, or ''. */
const originOf = (url: string) => {
  try {
    const u = new URL(url.trim());
    return /^https?:$/.test(u.protocol) ? u.origin : '';
  } catch {
    return '';
  }
};

/**
 * `<soleus-console-embed>`: the embed configurator. Choose a widget and its options; the real widget (this server's
 * /soleus.js, calling this server's API) previews live at phone or laptop width; the snippet (script, an optional
 * accent rule, the element with its no-JavaScript fallback) to copy; "Check my site" (POST /check-site) and the steps
 * for WordPress, Squarespace, Wix and plain HTML with the origin to allow and the host page's CSP lines.
 */
export class SoleusConsoleEmbed extends SoleusElement {
  static override styles = [
    ...(SoleusElement.styles as []),
    formStyles,
    consoleStyles,
    css`
      .screen {
        max-inline-size: 72em;
      }
      .grid {
        display: grid;
        gap: 0.75em;
        align-items: start;
      }
      @media (min-width: 40em) {
        .grid {
          grid-template-columns: repeat(auto-fill, minmax(14em, 1fr));
        }
      }
      .stage {
        overflow: auto;
        padding: 0.75em;
        border: 1px dashed var(--_line);
        border-radius: 0.75em;
        background: var(--_bg);
      }
      .frame {
        inline-size: 22.5em;
        max-inline-size: 100%;
        margin-inline: auto;
        padding: 1em;
        background: var(--_s);
        border-radius: 0.5em;
      }
      /* A widget with its own theme previews on a page of that scheme, as on a site that matches it. */
      .frame.light {
        color-scheme: light;
      }
      .frame.dark {
        color-scheme: dark;
      }
      .frame.laptop {
        inline-size: 64em;
        max-inline-size: none;
      }
      .field input[type='color'] {
        inline-size: 4em;
      }
      textarea {
        inline-size: 100%;
        border: 1px solid var(--_b);
        border-radius: var(--_r);
        background: var(--_s);
      }
      textarea,
      pre {
        font:
          0.85em/1.45 ui-monospace,
          monospace;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      pre {
        margin: 0;
        padding: 0.6em;
        background: var(--_n);
        border-radius: 0.5em;
      }
      summary {
        min-block-size: 2.75em;
        padding-block: 0.6em;
        font-weight: 600;
        cursor: pointer;
      }
      ol {
        margin: 0;
        padding-inline-start: 1.4em;
        display: grid;
        gap: 0.4em;
      }
    `,
  ];

  static override properties = {
    ...SoleusElement.properties,
    widget: { state: true },
    o: { state: true },
    services: { state: true },
    laptop: { state: true },
    site: { state: true },
    siteError: { state: true },
    busy: { state: true },
    status: { state: true },
    said: { state: true },
    error: { state: true },
    cspHash: { state: true },
  };

  declare widget: Widget;
  /** The options as chosen: service, mode, layout, list, thread, href, lang, theme, accent. */
  declare o: Record<string, string>;
  declare services: PracticeService[];
  /** The preview at laptop width (else phone). */
  declare laptop: boolean;
  declare site: string;
  declare siteError: string;
  declare busy: boolean;
  declare status: string;
  /** What the last "Check my site" said, under its button. */
  declare said: string;
  declare error: string;
  /** `'sha256-…'` of the accent rule, for the host page's style-src. */
  declare cspHash: string;
  #email = '';
  #shown = '';
  #sheet = new CSSStyleSheet();

  constructor() {
    super();
    this.widget = 'booking-calendar';
    this.o = { lang: '', list: 'news', thread: 'my-post', href: '', theme: 'auto', accent: DEFAULT_ACCENT };
    this.services = [];
    this.laptop = false;
    this.site = '';
    this.siteError = '';
    this.busy = false;
    this.status = '';
    this.said = '';
    this.error = '';
    this.cspHash = '';
  }

  override connectedCallback() {
    super.connectedCallback();
    // The real widgets, from this server (the console's CSP allows its own origin's scripts and API).
    import(/* @vite-ignore */ `${location.origin}/soleus.js`).catch(() => (this.error = t.noScript));
    loadPractice().then(
      ({ practice }) => {
        this.services = practice.services;
        this.#email = typeof practice.email === 'string' ? practice.email : '';
        if (!this.o.href && typeof practice.website === 'string') this.#set('href', practice.website);
        this.requestUpdate();
      },
      (e: ApiError) => (this.error = e.message),
    );
  }

  override firstUpdated() {
    this.shadowRoot!.adoptedStyleSheets = [...this.shadowRoot!.adoptedStyleSheets, this.#sheet];
  }

  get #tag() {
    return `soleus-${this.widget}`;
  }

  /** The element's attributes as chosen, defaults left out. */
  #attrs(): [string, string][] {
    const o = this.o;
    const a: [string, string][] = [];
    const w = this.widget;
    if (w === 'booking-calendar') {
      if (o.service) a.push(['service', o.service]);
      if (o.mode === 'popup') a.push(['mode', 'popup']);
    }
    if (w === 'newsletter-signup') a.push(['list', o.list]);
    if (w === 'comment-box') a.push(['thread', o.thread]);
    if (w === 'link-card') a.push(['href', o.href]);
    const layouts = LAYOUTS[w];
    if (layouts && o.layout && o.layout !== layouts[0] && layouts.includes(o.layout as never))
      a.push(['layout', o.layout]);
    if (o.lang) a.push(['lang', o.lang]);
    if (o.theme !== 'auto') a.push(['theme', o.theme]);
    return a;
  }

  get #accentRule() {
    return this.o.accent === DEFAULT_ACCENT ? '' : `${this.#tag}{--soleus-color-accent:${this.o.accent}}`;
  }

  get #snippet() {
    const api = location.origin;
    const tag = this.#tag;
    const fb = t.fallback[this.widget];
    const inner = fb
      ? `\n  ${fill(fb, {
          api,
          email: esc(this.#email),
          list: esc(this.o.list),
          thread: esc(this.o.thread),
          href: esc(this.o.href),
          consent: esc(t.consent),
        })}\n`
      : '';
    const rule = this.#accentRule;
    return `<script type="module" src="${api}/soleus.js"></script>\n${rule ? `<style>${rule}</style>\n` : ''}<${tag}${this.#attrs()
      .map(([k, v]) => ` ${k}="${esc(v)}"`)
      .join('')}>${this.widget === 'booking-calendar' && !this.#email ? '' : inner}</${tag}>`;
  }

  override updated(changed: PropertyValues) {
    super.updated(changed);
    const key = `${this.#tag} ${JSON.stringify(this.#attrs())}`;
    const frame = this.renderRoot.querySelector('.frame');
    if (frame && key !== this.#shown) {
      // A new element for every change, so the preview is what a page with this snippet shows on load.
      this.#shown = key;
      const el = document.createElement(this.#tag);
      for (const [k, v] of this.#attrs()) el.setAttribute(k, v);
      frame.replaceChildren(el);
    }
    const rule = this.#accentRule;
    this.#sheet.replaceSync(rule ? `.frame>*{--soleus-color-accent:${this.o.accent}}` : '');
    if (changed.has('o')) {
      if (!rule) this.cspHash = '';
      else
        void crypto.subtle.digest('SHA-256', new TextEncoder().encode(rule)).then((d) => {
          this.cspHash = `'sha256-${btoa(String.fromCharCode(...new Uint8Array(d)))}'`;
        });
    }
  }

  #set(k: string, v: string) {
    this.o = { ...this.o, [k]: v };
  }

  async #copy() {
    const ta = this.renderRoot.querySelector('textarea')!;
    try {
      await navigator.clipboard.writeText(ta.value);
      this.status = t.copied;
    } catch {
      ta.focus();
      ta.select();
      this.status = t.selected;
    }
  }

  async #check(e: SubmitEvent) {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#site')!;
    this.siteError = this.error = this.said = '';
    if (!this.site.trim()) {
      this.siteError = t.siteMissing;
      return input.focus();
    }
    this.busy = true;
    this.said = t.checking;
    try {
      this.said = (
        await ownerRequest<CheckSiteResponse>('POST', '/check-site', { body: { url: this.site.trim() } })
      ).message;
    } catch (error) {
      const x = error as ApiError;
      this.said = '';
      if (x.fields.url) {
        this.siteError = x.fields.url;
        void this.updateComplete.then(() => input.focus());
      } else this.error = x.message;
    } finally {
      this.busy = false;
    }
  }

  /** A labelled select of `options` (value → words) for option `k`. */
  #select(k: string, label: string, options: Record<string, string>) {
    return html`<div class="field">
      <label for=${k}>${label}</label>
      <select id=${k} @change=${(e: Event) => this.#set(k, (e.target as HTMLSelectElement).value)}>
        ${Object.entries(options).map(([v, words]) => html`<option value=${v} ?selected=${this.o[k] === v}>${words}</option>`)}
      </select>
    </div>`;
  }

  #text(k: string, label: string, hint?: string) {
    return html`<div class="field">
      <label for=${k}>${label}</label>
      <input
        id=${k}
        .value=${this.o[k]}
        aria-describedby=${hint ? `${k}-hint` : nothing}
        @input=${(e: Event) => this.#set(k, (e.target as HTMLInputElement).value)}
      />
      ${hint ? html`<p class="muted" id=${`${k}-hint`}>${hint}</p>` : nothing}
    </div>`;
  }

  override render() {
    const w = this.widget;
    const api = location.origin;
    const layouts = LAYOUTS[w];
    const origin = originOf(this.site) || t.yourOrigin;
    const csp = [
      `script-src ${api}`,
      `connect-src ${api}`,
      `img-src ${api}`,
      ...(w === 'newsletter-signup' || w === 'comment-box' ? [`form-action ${api}`] : []),
      ...(this.cspHash ? [`style-src ${this.cspHash}`] : []),
    ].join(';\n');
    const width = this.laptop ? t.laptop : t.phone;
    return html`<div class="screen">
      <h1>${t.title}</h1>
      <p class="muted">${t.intro}</p>
      <section class="card" aria-labelledby="w-title">
        <h2 id="w-title">${t.widgetTitle}</h2>
        <div class="grid">
          <div class="field">
            <label for="widget">${t.widget}</label>
            <select
              id="widget"
              @change=${(e: Event) => (this.widget = (e.target as HTMLSelectElement).value as Widget)}
            >
              ${Object.entries(t.widgets).map(([v, words]) => html`<option value=${v} ?selected=${w === v}>${words}</option>`)}
            </select>
          </div>
          ${
            w === 'booking-calendar'
              ? [
                  this.#select('service', t.service, {
                    '': t.anyService,
                    ...Object.fromEntries(this.services.map((s) => [s.id, s.name])),
                  }),
                  this.#select('mode', t.mode, t.modes),
                ]
              : nothing
          }
          ${w === 'newsletter-signup' ? this.#text('list', t.list) : nothing}
          ${w === 'comment-box' ? this.#text('thread', t.thread, t.threadHint) : nothing}
          ${w === 'link-card' ? this.#text('href', t.href) : nothing}
          ${layouts ? this.#select('layout', t.layout, Object.fromEntries(layouts.map((l) => [l, t.layouts[l]]))) : nothing}
          ${this.#select('lang', t.lang, t.langs)} ${this.#select('theme', t.theme, t.themes)}
          <div class="field">
            <label for="accent">${t.accent}</label>
            <input
              id="accent"
              type="color"
              .value=${this.o.accent}
              aria-describedby="accent-hint"
              @input=${(e: Event) => this.#set('accent', (e.target as HTMLInputElement).value)}
            />
            <p class="muted" id="accent-hint">${t.accentHint}</p>
          </div>
        </div>
      </section>
      <p class="alert" role="alert">${this.error}</p>
      <section class="card" aria-labelledby="p-title">
        <h2 id="p-title">${t.previewTitle}</h2>
        <div class="actions">
          ${[false, true].map(
            (l) =>
              html`<button
                type="button"
                class=${this.laptop === l ? 'btn' : 'btn secondary'}
                aria-pressed=${this.laptop === l ? 'true' : 'false'}
                @click=${() => (this.laptop = l)}
              >
                ${l ? t.laptop : t.phone}
              </button>`,
          )}
        </div>
        <div class="stage" tabindex="0" role="region" aria-label=${fill(t.previewName, { width: width.toLowerCase() })}>
          <div class=${`frame ${this.laptop ? 'laptop' : ''} ${this.o.theme}`}></div>
        </div>
      </section>
      <section class="card" aria-labelledby="s-title">
        <h2 id="s-title">${t.snippetTitle}</h2>
        <p class="muted" id="s-hint">${t.snippetHint}</p>
        <textarea
          readonly
          rows="9"
          aria-labelledby="s-title"
          aria-describedby="s-hint"
          .value=${this.#snippet}
        ></textarea>
        <button type="button" class="btn" id="copy" @click=${() => this.#copy()}>${t.copy}</button>
      </section>
      <p class="notice" role="status">${this.status}</p>
      <section class="card" aria-labelledby="site-title">
        <h2 id="site-title">${t.siteTitle}</h2>
        <form novalidate @submit=${(e: SubmitEvent) => this.#check(e)}>
          <div class="field">
            <label for="site">${t.site}</label>
            <input
              id="site"
              type="url"
              inputmode="url"
              autocomplete="url"
              .value=${this.site}
              aria-invalid=${this.siteError ? 'true' : 'false'}
              aria-describedby="site-hint site-error"
              @input=${(e: Event) => ((this.site = (e.target as HTMLInputElement).value), (this.siteError = ''))}
            />
            <p class="muted" id="site-hint">${t.siteHint}</p>
            <p class="error" id="site-error">${this.siteError}</p>
          </div>
          <button type="submit" class="btn" ?disabled=${this.busy}>${this.busy ? t.checking : t.check}</button>
          <p class="notice" role="status" id="site-said">${this.said}</p>
        </form>
        <h3>${t.howTitle}</h3>
        ${Object.entries(t.hosts).map(
          ([host, steps]) =>
            html`<details>
              <summary>${host}</summary>
              <ol>
                ${steps.map((s) => html`<li>${s}</li>`)}
                <li>${fill(t.allow, { origin })}</li>
                <li>
                  ${t.csp}
                  <pre><code>${csp}</code></pre>
                </li>
              </ol>
            </details>`,
        )}
      </section>
    </div>`;
  }
}
