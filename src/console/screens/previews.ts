import { css, html, nothing } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { fill } from '../../core/i18n.js';
import type {
  OwnerLinkPreview,
  OwnerLinkPreviewList,
  OwnerLinkPreviewRemoved,
  OwnerLinkPreviewResponse,
} from '../../core/schemas/previews.js';
import { type ApiError, ownerRequest } from '../api.js';
import { dateTime } from '../dates.js';
import { previewsStrings as t } from '../strings/previews.js';
import { consoleStyles } from '../styles.js';
import { agendaStyles } from './agenda-styles.js';
import { loadPracticeInfo } from './agenda.js';
import { keep } from '../keep.js';
import { loading } from '../loading.js';

/** The host a card names beside the site: `www.` dropped, as the link card does. */
const hostOf = (url: string) => new URL(url).hostname.replace(/^www\./, '');

/**
 * `<soleus-console-previews>`: the link-preview cache. "Preview a new URL" fetches an address now (the server's
 * address rules apply: a refusal shows beside the field); each cached card as visitors see it (image from this
 * server, title, description, site) with when it was fetched, Refresh (fetch again now) and Remove (asks first).
 */
export class SoleusConsolePreviews extends SoleusElement {
  static override styles = [
    ...(SoleusElement.styles as []),
    formStyles,
    consoleStyles,
    agendaStyles,
    css`
      .preview {
        display: grid;
        overflow: hidden;
        border: 1px solid var(--_line);
        border-radius: 0.75em;
      }
      .preview img {
        display: block;
        inline-size: 100%;
        block-size: auto;
        aspect-ratio: 1.91;
        object-fit: cover;
      }
      .preview div {
        display: grid;
        gap: 0.3em;
        padding: 0.75em;
        overflow-wrap: anywhere;
      }
      @media (min-width: 40em) {
        .preview.image {
          grid-template-columns: 14em minmax(0, 1fr);
        }
        .preview img {
          block-size: 100%;
        }
      }
    `,
  ];

  static override properties = {
    ...SoleusElement.properties,
    zone: { state: true },
    cards: { state: true },
    removing: { state: true },
    busy: { state: true },
    status: { state: true },
    error: { state: true },
    urlError: { state: true },
  };

  declare zone: string;
  /** The cached previews; undefined while loading. */
  declare cards: OwnerLinkPreview[] | undefined;
  /** The URL whose removal waits for its confirmation. */
  declare removing: string;
  declare busy: boolean;
  declare status: string;
  declare error: string;
  /** The server's (or the form's) message beside the address field. */
  declare urlError: string;

  constructor() {
    super();
    this.zone = '';
    this.cards = undefined;
    this.removing = '';
    this.busy = false;
    this.status = '';
    this.error = '';
    this.urlError = '';
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      if (!this.zone) this.zone = (await loadPracticeInfo()).practice.timeZone;
      this.cards = (await ownerRequest<OwnerLinkPreviewList>('GET', '/link-previews')).previews;
    } catch (error) {
      this.error = (error as ApiError).message;
    }
  }

  /**
   * Runs one action: busy while it runs, its message announced, a failure in the alert; then focus on `then` (once the
   * buttons are enabled again: a disabled button cannot hold focus).
   */
  async #act(work: () => Promise<string>, then?: string) {
    this.busy = true;
    this.error = '';
    this.status = t.working;
    try {
      this.status = await work();
    } catch (error) {
      this.status = '';
      this.error = (error as ApiError).message;
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    if (then) this.renderRoot.querySelector<HTMLElement>(then)?.focus();
  }

  #put(card: OwnerLinkPreview) {
    this.cards = [card, ...(this.cards ?? []).filter((c) => c.url !== card.url)];
  }

  async #preview(event: SubmitEvent) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#url')!;
    const url = input.value.trim();
    this.urlError = '';
    if (!url) {
      this.urlError = t.urlMissing;
      this.error = t.urlMissing;
      return input.focus();
    }
    await this.#act(async () => {
      try {
        const { preview } = await ownerRequest<OwnerLinkPreviewResponse>('POST', '/link-previews', { body: { url } });
        this.#put(preview);
        input.value = '';
        return preview.title ? fill(t.made, { title: preview.title }) : fill(t.madeNone, { url: preview.url });
      } catch (error) {
        const e = error as ApiError;
        if (e.fields.url) {
          this.urlError = e.fields.url;
          void this.updateComplete.then(() => input.focus());
        }
        throw e;
      }
    });
  }

  #refresh(card: OwnerLinkPreview) {
    void this.#act(async () => {
      const { preview } = await ownerRequest<OwnerLinkPreviewResponse>('POST', '/link-previews/refresh', {
        body: { url: card.url },
      });
      this.#put(preview);
      return fill(t.refreshed, { title: preview.title ?? preview.url });
    }, '#refresh-0');
  }

  #remove(card: OwnerLinkPreview) {
    void this.#act(async () => {
      const done = await ownerRequest<OwnerLinkPreviewRemoved>(
        'DELETE',
        `/link-previews?url=${encodeURIComponent(card.url)}`,
      );
      this.cards = this.cards?.filter((c) => c.url !== card.url);
      this.removing = '';
      return done.message;
    }, '#url');
  }

  #card(c: OwnerLinkPreview, i: number) {
    const name = c.title ?? c.url;
    return html`<li class="card">
      <div class=${c.image ? 'preview image' : 'preview'}>
        ${
          c.image
            ? html`<img
                src=${c.image.url}
                width=${c.image.width}
                height=${c.image.height}
                alt=${c.image.alt ?? ''}
                loading="lazy"
              />`
            : nothing
        }
        <div>
          ${c.status === 'ok' ? html`<h3>${c.title}</h3>` : html`<h3>${c.url}</h3>`}
          ${c.status === 'ok' ? (c.description ? html`<p>${c.description}</p>` : nothing) : html`<p>${t.unavailable}</p>`}
          <p class="muted">${c.siteName ? `${c.siteName} · ` : ''}${hostOf(c.finalUrl)}</p>
        </div>
      </div>
      <p class="muted">
        ${
          c.pinned
            ? html`<span class="badge">${t.pinned}</span> ${t.pinnedHow}`
            : html`${fill(t.fetched, { when: dateTime(c.fetchedAt, this.zone) })}${
                c.freshUntil ? `, ${fill(t.expires, { when: dateTime(c.freshUntil, this.zone) })}` : ''
              }`
        }
      </p>
      ${c.pinned ? nothing : this.#actions(c, i, name)}
    </li>`;
  }

  /** Refresh and Remove, and the question before a removal (not for a pinned card: the site is never asked, and it
   * would come back at the next start). */
  #actions(c: OwnerLinkPreview, i: number, name: string) {
    return html`<div class="actions">
        <button
          type="button"
          class="btn secondary"
          id=${`refresh-${i}`}
          aria-label=${fill(t.refreshNamed, { title: name })}
          ?disabled=${this.busy}
          @click=${() => this.#refresh(c)}
        >
          ${t.refresh}
        </button>
        <button
          type="button"
          class="btn danger"
          aria-label=${fill(t.removeNamed, { title: name })}
          aria-expanded=${this.removing === c.url ? 'true' : 'false'}
          ?disabled=${this.busy}
          @click=${() => (this.removing = this.removing === c.url ? '' : c.url)}
        >
          ${t.remove}
        </button>
      </div>
      ${
        this.removing === c.url
          ? html`<div class="confirm" role="group" aria-label=${fill(t.removeNamed, { title: name })}>
              <p>${fill(t.removeAsk, { url: c.url })}</p>
              <div class="actions">
                <button
                  type="button"
                  class="btn danger"
                  id="remove-confirm"
                  ?disabled=${this.busy}
                  @click=${() => this.#remove(c)}
                >
                  ${t.removeConfirm}
                </button>
                <button type="button" class="btn secondary" @click=${() => keep(this, () => (this.removing = ''))}>
                  ${t.keep}
                </button>
              </div>
            </div>`
          : nothing
      }`;
  }

  override render() {
    const cards = this.cards;
    return html`<div class="screen">
      <h1>${t.title}</h1>
      <p class="muted">${t.intro}</p>
      <form class="card" novalidate aria-labelledby="new-title" @submit=${(e: SubmitEvent) => this.#preview(e)}>
        <h2 id="new-title">${t.newTitle}</h2>
        <div class="field">
          <label for="url">${t.url}</label>
          <input
            id="url"
            type="url"
            inputmode="url"
            autocomplete="url"
            maxlength="2048"
            aria-invalid=${this.urlError ? 'true' : 'false'}
            aria-describedby="url-hint url-error"
            @input=${() => (this.urlError = '')}
          />
          <p class="muted" id="url-hint">${t.urlHint}</p>
          <p class="field-error" id="url-error">${this.urlError}</p>
        </div>
        <button type="submit" class="btn" id="preview" ?disabled=${this.busy}>
          ${this.busy ? t.working : t.preview}
        </button>
      </form>
      <p class="notice" role="status">${this.status}</p>
      <p class="alert" role="alert">${this.error}</p>
      <section class="card" aria-labelledby="cards-title">
        <h2 id="cards-title">${t.cached}</h2>
        ${
          cards === undefined
            ? loading(this.error, 1)
            : cards.length === 0
              ? html`<p>${t.none}</p>`
              : html`<ul class="list">
                  ${cards.map((c, i) => this.#card(c, i))}
                </ul>`
        }
      </section>
    </div>`;
  }
}
