import { html, nothing, type TemplateResult } from 'lit';
import { type ApiError, apiBase, request } from '../../core/api.js';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { Catalogue, fill, type CatalogueLoaders } from '../../core/i18n.js';
import type {
  Comment,
  CommentCreateResponse,
  CommentListResponse,
  CommentPreviewResponse,
  CommentRoot,
} from '../../core/schemas/comments.js';
import { CONTROL, EMAIL, nameHasLink } from '../../core/checks.js';
import { altchaSolver, FormController, type FieldErrors } from '../../core/form.js';
import { SoleusCommentErrorEvent, SoleusCommentPostedEvent, SoleusCommentSubmitEvent } from './comment-box.events.js';
import { styles } from './comment-box.styles.js';
import { renderBody } from './internal/body.js';
import { readFallback, type Fallback } from './internal/fallback.js';
import { held, hold, keep, mine, type Held } from './internal/store.js';
import { arrange, normaliseThread, pageThread, type Placed } from './internal/thread.js';
import en, { type CommentMessages } from './messages/en-GB.js';

const loaders: CatalogueLoaders<CommentMessages> = {
  'en-US': () => import('./messages/en-US.js'),
  de: () => import('./messages/de.js'),
  fr: () => import('./messages/fr.js'),
  es: () => import('./messages/es.js'),
};

/** The contract's limit on a comment's Markdown source. */
const MAX = 5000;
/** The edit window the contract gives by default (the server's 409 has the last word). */
const WINDOW = 9e5;

/** Which form: `m` the main one, `r` a reply, `e` an edit. */
type Key = 'm' | 'r' | 'e';
type Fields = FieldErrors;

/**
 * Comments under a post with no login wall and no iframe: published comments in threads (nested to depth 3, flat
 * below with "replying to"), sorting, paging, permalinks, and a form with a Markdown preview, a character counter and
 * Ctrl/Cmd+Enter. Comment bodies arrive as a tree of allowed nodes and are rendered with fixed Lit templates: no
 * HTML from the server is ever parsed. The author may edit or delete a comment for 15 minutes with the edit token
 * the server gave, kept in localStorage. Without JavaScript, a plain `<form method="post" action="…/api/v1/comments">`
 * inside the element works on its own; with JavaScript the element reads that form (action, thread, anything typed)
 * and replaces it.
 *
 * @summary Moderated, spam-resistant comments without accounts or iframes.
 *
 * @attr thread - The thread's name; default the page's canonical URL, normalised as the contract says.
 * @attr sort - `oldest` (default) or `newest` first.
 * @attr owner-name - The practitioner's name in "your comment will appear once Jim has approved it".
 * @attr heading-level - Level of the count heading (default 2); the form's heading is one below.
 * @attr api - Base URL of the Soleus server; default the fallback form's server, else the script's origin.
 * @attr theme - `light`, `dark` or `auto` (default: as the page declares with `color-scheme`; light if it declares none).
 * @attr lang - Language of the widget; default the page's `<html lang>`.
 *
 * @fires {SoleusCommentSubmitEvent} soleus-comment-submit - Before sending; `detail: { thread, parentId?, name, email?, body, notifyReplies }`; cancel it to send it your own way.
 * @fires {SoleusCommentPostedEvent} soleus-comment-posted - The server accepted a comment; `detail: { comment, status }`.
 * @fires {SoleusCommentErrorEvent} soleus-comment-error - Loading, posting, editing or deleting failed; `detail: { code, message, fields }`.
 *
 * @csspart heading - The count heading ("4 comments").
 * @csspart sort - The sort choice.
 * @csspart thread - Each list of comments (the top level and each level of replies).
 * @csspart comment - Each comment; also `owner` for the practitioner's, `held` for the visitor's own awaiting approval, `highlight` for the one a permalink opened.
 * @csspart author - The author's name.
 * @csspart badge - The "Author" badge and the "Awaiting approval" mark.
 * @csspart permalink - The time, a link to the comment.
 * @csspart body - The comment's text.
 * @csspart action - Reply, Edit and Delete.
 * @csspart empty - "Be the first to comment".
 * @csspart closed - "Comments are closed on this post.", in place of the form when the owner closed the thread.
 * @csspart skeleton - The placeholder shown while loading.
 * @csspart more - "Show more comments".
 * @csspart notice - "Thanks — your comment will appear once … has approved it".
 * @csspart form - Each form (main, reply, edit).
 * @csspart field - Each label with its field and error.
 * @csspart input - Each text field and the comment box.
 * @csspart tab - The Write and Preview tabs; also `selected`.
 * @csspart preview - The preview.
 * @csspart counter - The character counter; also `over` past 5,000.
 * @csspart error - An error message next to its field, or under the form.
 * @csspart button - The post button; also `busy` while sending.
 * @csspart retry - Retry after a failure.
 * @csspart status - The live region (visually hidden).
 *
 * @cssprop --soleus-color-accent - Accent colour (buttons, links, focus ring, badges).
 * @cssprop --soleus-color-text - Text colour.
 * @cssprop --soleus-color-surface - Field background.
 * @cssprop --soleus-color-border - Field border colour.
 * @cssprop --soleus-radius - Corner radius of fields, buttons and comments.
 * @cssprop --soleus-font-family - Font family.
 * @cssprop --soleus-font-size - Base font size (default the visitor's browser setting).
 */
export class SoleusCommentBox extends SoleusElement {
  static override styles = [SoleusElement.styles, formStyles, styles];

  static override properties = {
    ...SoleusElement.properties,
    thread: {},
    sort: { reflect: true },
    ownerName: { attribute: 'owner-name' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    api: {},
    // Internal state.
    list: { state: true },
    phase: { state: true },
  };

  /** The thread's name; empty uses the page's canonical URL. */
  declare thread: string;
  /** `oldest` or `newest` first. */
  declare sort: 'oldest' | 'newest';
  /** The practitioner's name, for the pending notice. */
  declare ownerName: string;
  /** Level of the count heading. */
  declare headingLevel: number;
  /** Base URL of the Soleus server. */
  declare api: string;

  declare private list: Comment[];
  /** Where the list stands. */
  declare private phase: 'loading' | 'ready' | 'failed';
  readonly #cat: Catalogue<CommentMessages>;
  #fb?: Fallback;
  #count = 0;
  #shut = false;
  #next?: string;
  #mine: Held[] = [];
  // What the visitor typed: kept through every failure, cleared only once the server accepted it.
  private name = '';
  private email = '';
  #notify = false;
  #drafts: Record<Key, string> = { m: '', r: '', e: '' };
  #tabs: Partial<Record<Key, boolean>> = {};
  /** Each form's preview: the source it read, and the server's tree (`t`) or a failure (`f`). */
  #pv: Partial<Record<Key, { s: string; t?: CommentRoot; f?: 1 }>> = {};
  /** A failure under a form (Retry, when it may help, is the form controller's). */
  #failure?: { key: Key; text: string };
  #busy?: Key;
  #replyTo?: string;
  #editing?: string;
  private deleting?: string;
  #notice = false;
  #highlight?: string;
  #seq = 0;
  /** Form token, proof of work, field errors and the live region's words. */
  readonly #fc = new FormController(this, () => this.#base(), altchaSolver);
  readonly #onHash = () => void this.#open();

  constructor() {
    super();
    this.sort = 'oldest';
    this.headingLevel = 2;
    this.list = [];
    this.phase = 'loading';
    this.#cat = new Catalogue<CommentMessages>(this, en, loaders);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.#onHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.#onHash);
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (!this.hasUpdated) {
      this.#fb = readFallback(this);
      this.name = this.#fb?.name ?? '';
      this.email = this.#fb?.email ?? '';
      this.#drafts.m = this.#fb?.body ?? '';
    }
    if (this.hasUpdated && (changed.has('thread') || changed.has('sort'))) void this.load();
    void this.#cat.update();
  }

  protected override firstUpdated(): void {
    void this.load();
    void this.#fc.fetchToken();
  }

  /** The normalised thread id (`thread`, the fallback form's, else the page's canonical URL). */
  get threadId(): string {
    return normaliseThread(this.thread || this.#fb?.thread || '') ?? pageThread(document) ?? '';
  }

  /** Reloads the list from its first page (after a failure, a sort change, or by the host page). */
  async load(more = false): Promise<void> {
    const m = this.#cat.messages;
    const thread = this.threadId;
    const n = ++this.#seq;
    if (!more) {
      this.phase = 'loading';
      this.#fc.status = m.loading;
    }
    try {
      const cursor = more && this.#next ? `&cursor=${encodeURIComponent(this.#next)}` : '';
      const r = await request<CommentListResponse>(
        this.#base(),
        'GET',
        `/api/v1/comments?thread=${encodeURIComponent(thread)}&sort=${this.sort == 'newest' ? 'newest' : 'oldest'}${cursor}`,
      );
      if (n != this.#seq) return;
      const got = Array.isArray(r.comments) ? r.comments : [];
      this.list = more ? [...this.list, ...got.filter((c) => !this.list.some((o) => o.id == c.id))] : got;
      this.#count = Number(r.count) || 0;
      this.#shut = !!r.closed;
      this.#next = r.nextCursor;
      // The visitor's own held comments, until the owner publishes them.
      this.#mine = held(thread).filter((c) => !this.list.some((o) => o.id == c.id));
      hold(thread, this.#mine);
      this.phase = 'ready';
      this.#fc.status = more ? '' : this.#heading();
      await this.updateComplete;
      if (!more) await this.#open();
    } catch (error) {
      if (n != this.#seq) return;
      if (!more) this.phase = 'failed';
      this.#fc.status = m.loadFailed;
      this.#emit(error as ApiError, m.loadFailed);
    }
  }

  override render(): TemplateResult {
    const m = this.#cat.messages;
    const p = this.phase;
    const level = this.headingLevel || 2;
    const all = this.sort == 'newest' ? [...this.#mine, ...this.list] : [...this.list, ...this.#mine];
    const threads = arrange(all);
    // prettier-ignore
    return html`<div class="root" lang=${this.#cat.locale}>
      <div class="bar">
        <div class="count" role="heading" aria-level=${level} id="h" tabindex="-1" part="heading">${p == 'loading' ? m.loading : this.#heading()}</div>
        <label class="sort" part="sort"><span class="sr-only">${m.sort}</span><select id="sort" @change=${this.#onSort}><option value="oldest" ?selected=${this.sort != 'newest'}>${m.oldest}</option><option value="newest" ?selected=${this.sort == 'newest'}>${m.newest}</option></select></label>
      </div>
      ${p == 'loading' ? html`<div class="skeleton" part="skeleton" aria-hidden="true">${[0, 1, 2].map(() => html`<div class="ghost"><i></i><b></b><b></b></div>`)}</div>` : nothing}
      ${p == 'failed' ? html`<p class="failed">${m.loadFailed} <button type="button" class="btn secondary" part="retry" @click=${() => this.load()}>${m.retry}</button></p>` : nothing}
      ${p == 'ready' && !threads.length ? html`<p class="empty" part="empty">${m.empty}</p>` : nothing}
      ${threads.length ? this.#threadList(threads, 1) : nothing}
      ${p == 'ready' && this.#next ? html`<button type="button" class="btn secondary more" part="more" aria-disabled=${!!this.#busy} @click=${() => this.load(true)}>${m.more}</button>` : nothing}
      ${this.#notice ? html`<p class="notice" id="notice" tabindex="-1" part="notice"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M20 6l-11 11l-5-5"></path></svg>${this.#pendingText()}</p>` : nothing}
      ${this.#shut ? html`<p class="empty" part="closed">${m.shut}</p>` : this.#form('m')}
      <p class="sr-only" role="status" part="status">${this.#fc.status}</p>
    </div>`;
  }

  #heading(): string {
    const [one, other] = this.#cat.messages.count;
    return fill(new Intl.PluralRules(this.#cat.locale).select(this.#count) == 'one' ? one : other, { n: this.#count });
  }

  #pendingText(): string {
    const m = this.#cat.messages;
    const owner = this.ownerName || this.list.find((c) => c.author?.owner)?.author.name;
    return owner ? fill(m.pending, { owner }) : m.pendingNoOwner;
  }

  #threadList(items: Placed[], depth: number): TemplateResult {
    return html`<ol class="thread d${depth}" part="thread">
      ${items.map((p) => this.#item(p, depth))}
    </ol>`;
  }

  #item({ c, kids, to }: Placed, depth: number): TemplateResult {
    const m = this.#cat.messages;
    const name = String(c.author?.name ?? '');
    const owner = !!c.author?.owner;
    const isHeld = this.#mine.includes(c as Held);
    const key = mine(c.id);
    const date = new Date(c.createdAt);
    const full = this.#full(date);
    const ago = this.#ago(date);
    const hue = [...name].reduce((h, ch) => h + ch.charCodeAt(0), 0) % 6;
    // prettier-ignore
    return html`<li>
      <article id="comment-${c.id}" tabindex="-1" class=${this.#highlight == c.id ? 'hl' : ''} part="comment${owner ? ' owner' : ''}${isHeld ? ' held' : ''}${this.#highlight == c.id ? ' highlight' : ''}" aria-label=${fill(m.article, { name, time: `${ago} (${full})` })}>
        <header>
          <span class="avatar c${hue}" aria-hidden="true">${[...name.trim()][0]?.toUpperCase() ?? '?'}</span>
          <span class="who"><span class="author" part="author">${name}</span>${owner ? html`<span class="badge" part="badge">${m.owner}</span>` : nothing}${isHeld ? html`<span class="badge held" part="badge">${m.held}</span>` : nothing}</span>
          <span class="meta">${to ? html`<span class="to">${fill(m.replyingTo, { name: to })}</span>${' · '}` : nothing}<a class="time" part="permalink" href="#comment-${c.id}"><time datetime=${c.createdAt} title=${full}>${ago}</time></a>${c.editedAt ? ` · ${m.edited}` : nothing}</span>
        </header>
        ${this.#editing == c.id ? this.#form('e', c) : html`<div class="body" part="body">${renderBody(c.body ?? { type: 'root', children: [] })}</div>`}
        ${this.#editing == c.id ? nothing : html`<div class="actions">${!isHeld && !this.#shut ? html`<button type="button" class="act" part="action" aria-expanded=${this.#replyTo == c.id} aria-label=${fill(m.replyTo, { name })} @click=${() => this.#openReply(c.id)}>${m.reply}</button>` : nothing}${key ? this.#own(c, key.u) : nothing}</div>`}
        ${this.#replyTo == c.id ? this.#form('r', c) : nothing}
      </article>
      ${kids.length ? this.#threadList(kids, depth + 1) : nothing}
    </li>`;
  }

  /** Edit and Delete on the visitor's own comment, while its window lasts. */
  #own(c: Comment, until: number): TemplateResult {
    const m = this.#cat.messages;
    const time = new Date(until).toLocaleTimeString(this.#cat.locale, { hour: 'numeric', minute: '2-digit' });
    // prettier-ignore
    return this.deleting == c.id
      ? html`<button type="button" class="act danger" part="action" id="del" @click=${() => this.#erase(c)}>${m.confirm}</button><button type="button" class="act" part="action" @click=${() => this.#toggle('deleting')}>${m.cancel}</button>`
      : html`<button type="button" class="act" part="action" @click=${() => this.#openEdit(c)}>${m.edit}</button><button type="button" class="act" part="action" @click=${() => this.#toggle('deleting', c.id)}>${m.delete}</button><span class="window">${fill(m.window, { time })}</span>`;
  }

  #form(k: Key, target?: Comment): TemplateResult {
    const m = this.#cat.messages;
    const e = this.#fc.errors;
    const body = this.#drafts[k];
    const previewing = !!this.#tabs[k];
    const over = body.length > MAX;
    const busy = this.#busy == k;
    const f = this.#failure?.key == k ? this.#failure : undefined;
    const title = k == 'm' ? m.write : k == 'r' ? fill(m.replyTo, { name: target?.author.name ?? '' }) : m.edit;
    const level = Math.min((this.headingLevel || 2) + 1, 6);
    const err = (id: string) =>
      e[k + id] ? html`<span class="error" id="${k}${id}-e" part="error">${e[k + id]}</span>` : nothing;
    const described = (id: string, extra = '') => [extra, e[k + id] ? `${k}${id}-e` : ''].join(' ').trim() || nothing;
    const field = (id: 'name' | 'email', label: string, auto: string, hint?: string) =>
      html`<div class="field" part="field ${id}">
        <label for="${k}${id}">${label}</label
        ><input
          id="${k}${id}"
          part="input ${id}"
          type=${id == 'email' ? 'email' : 'text'}
          autocomplete=${auto}
          ?required=${id == 'name'}
          spellcheck="false"
          .value=${this[id]}
          @input=${(ev: Event) => this.#typed(k, id, (ev.target as HTMLInputElement).value)}
          aria-invalid=${!!e[k + id]}
          aria-describedby=${described(id, hint ? `${k}${id}-h` : '')}
        />${hint ? html`<span class="hint" id="${k}${id}-h">${hint}</span>` : nothing}${err(id)}
      </div>`;
    // prettier-ignore
    return html`<form class="form ${k}" part="form" novalidate aria-labelledby="${k}t" @submit=${(ev: Event) => this.#submit(ev, k, target)}>
      <div class="ft" role="heading" aria-level=${level} id="${k}t">${title}</div>
      ${k == 'e' ? nothing : html`<div class="fields">${field('name', m.name, 'name')}${field('email', m.email, 'email', m.emailHint)}</div>`}
      <div class="field" part="field body">
        <div class="tabrow"><label for="${k}b" id="${k}l">${m.body}</label><div role="tablist" aria-labelledby="${k}l" @keydown=${(ev: KeyboardEvent) => this.#tabKey(ev, k)}>${[false, true].map((p) => html`<button type="button" role="tab" id="${k}${p ? 'p' : 'w'}" part="tab${p == previewing ? ' selected' : ''}" aria-selected=${p == previewing} aria-controls="${k}${p ? 'pp' : 'wp'}" tabindex=${p == previewing ? 0 : -1} @click=${() => this.#tab(k, p)}>${p ? m.tabPreview : m.tabWrite}</button>`)}</div></div>
        <div role="tabpanel" id="${k}wp" aria-labelledby="${k}w" ?hidden=${previewing}><textarea id="${k}b" part="input body" rows="5" .value=${body} @input=${(ev: Event) => this.#typed(k, 'body', (ev.target as HTMLTextAreaElement).value)} @keydown=${this.#shortcut} aria-invalid=${!!e[k + 'body']} aria-keyshortcuts="Control+Enter Meta+Enter" aria-describedby=${described('body', `${k}c ${k}s`)}></textarea></div>
        <div role="tabpanel" id="${k}pp" class="preview body" part="preview" tabindex="0" aria-labelledby="${k}p" ?hidden=${!previewing}>${previewing ? this.#preview(k) : nothing}</div>
        <div class="under"><span class="hint" id="${k}s">${m.syntax}</span><span class="counter" id="${k}c" part="counter${over ? ' over' : ''}">${fill(m.counter, { n: body.length.toLocaleString(this.#cat.locale), max: MAX.toLocaleString(this.#cat.locale) })}</span></div>
        ${err('body')}
      </div>
      ${k == 'e' ? nothing : html`<div class="check"><input type="checkbox" id="${k}n" .checked=${this.#notify} @change=${(ev: Event) => this.#typed(k, 'notify', (ev.target as HTMLInputElement).checked)} aria-describedby="${k}n-h" /><label for="${k}n">${m.notify}</label><span class="hint" id="${k}n-h">${m.notifyHint}</span></div>`}
      <div class="sr-only" aria-hidden="true"><label>${m.trap} <input id="${k}hp" tabindex="-1" autocomplete="off" /></label></div>
      <div class="row"><button class="btn" part="button${busy ? ' busy' : ''}" aria-disabled=${busy}>${k == 'm' ? m.post : k == 'r' ? m.postReply : m.save}</button>${k == 'm' ? nothing : html`<button type="button" class="btn secondary" @click=${() => this.#close(k, target)}>${m.cancel}</button>`}</div>
      ${f ? html`<p class="error failure" part="error">${f.text}${this.#fc.retry ? html` <button type="button" class="btn secondary" part="retry" @click=${this.#fc.retry}>${m.retry}</button>` : nothing}</p>` : nothing}
    </form>`;
  }

  /** Keeps what is typed; a field marked invalid is re-checked as the visitor corrects it. */
  #typed(k: Key, id: string, value: string | boolean): void {
    if (id == 'notify') this.#notify = value as boolean;
    else if (id == 'body') this.#drafts[k] = value as string;
    else this[id as 'name' | 'email'] = value as string;
    this.#fc.clear(k + id, !this.#check(k)[k + id]);
    if (id == 'email' && this.#fc.errors[k + 'notify']) this.#fc.clear(k + 'email', !this.#check(k)[k + 'email']);
    this.requestUpdate();
  }

  /** The field problems of form `k`, keyed by form and field, in the widget's language. */
  #check(k: Key): Fields {
    const m = this.#cat.messages;
    const out: Fields = {};
    const name = this.name.trim();
    const email = this.email.trim();
    const body = this.#drafts[k];
    if (k != 'e') {
      const n = !name
        ? m.nameRequired
        : name.length > 80
          ? fill(m.tooLong, { max: 80 })
          : CONTROL.test(name)
            ? m.nameInvalid
            : nameHasLink(name) && m.nameLink;
      if (n) out[k + 'name'] = n;
      const e = email
        ? email.length > 254
          ? fill(m.tooLong, { max: 254 })
          : !EMAIL.test(email) && m.emailInvalid
        : this.#notify && m.emailForReplies;
      if (e) out[k + 'email'] = e;
    }
    if (!body.trim()) out[k + 'body'] = m.bodyRequired;
    else if (body.length > MAX) out[k + 'body'] = fill(m.tooLong, { max: MAX.toLocaleString(this.#cat.locale) });
    return out;
  }

  /** The Preview tab's content: the server's reading of the draft (the parser a post goes through), or why not. */
  #preview(k: Key): unknown {
    const m = this.#cat.messages;
    const v = this.#pv[k];
    const hint = (t: unknown) => html`<p class="hint">${t}</p>`;
    return !this.#drafts[k].trim()
      ? hint(m.nothing)
      : v?.t
        ? renderBody(v.t)
        : v?.f
          ? hint(
              html`${m.network}
                <button type="button" class="btn secondary" part="retry" @click=${() => this.#read(k)}>
                  ${m.retry}
                </button>`,
            )
          : hint(m.reading);
  }

  /** Asks the server to read the draft of form `k` (again, if it changed since); nothing is stored. */
  async #read(k: Key): Promise<void> {
    const s = this.#drafts[k];
    if (!s.trim() || (this.#pv[k]?.s == s && this.#pv[k]!.t)) return;
    const v: { s: string; t?: CommentRoot; f?: 1 } = { s };
    this.#pv[k] = v;
    this.requestUpdate();
    try {
      v.t = (
        await request<CommentPreviewResponse>(this.#base(), 'POST', '/api/v1/comments/preview', { body: { body: s } })
      ).body;
    } catch {
      v.f = 1;
    }
    if (this.#pv[k] == v) this.requestUpdate();
  }

  async #tab(k: Key, p: boolean): Promise<void> {
    this.#tabs[k] = p;
    if (p) void this.#read(k);
    this.requestUpdate();
    await this.updateComplete;
    this.#q(`#${k}${p ? 'p' : 'w'}`)?.focus();
  }

  /** Arrow keys, Home and End move between the two tabs (the ARIA tabs pattern). */
  #tabKey(ev: KeyboardEvent, k: Key): void {
    const to = { ArrowLeft: !this.#tabs[k], ArrowRight: !this.#tabs[k], Home: false, End: true }[ev.key];
    if (to === undefined) return;
    ev.preventDefault();
    void this.#tab(k, to);
  }

  /** Ctrl+Enter or Cmd+Enter in the comment posts it. */
  #shortcut(ev: KeyboardEvent): void {
    if (ev.key == 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      (ev.target as HTMLTextAreaElement).form?.requestSubmit();
    }
  }

  #q<E extends HTMLElement = HTMLElement>(selector: string): E | null {
    return this.renderRoot.querySelector<E>(selector);
  }

  async #focusSoon(selector: string): Promise<void> {
    await this.updateComplete;
    const el = this.#q(selector);
    el?.focus();
    el?.scrollIntoView?.({ block: 'nearest' });
  }

  #openReply(id: string): void {
    this.#replyTo = this.#replyTo == id ? undefined : id;
    this.requestUpdate();
    if (this.#replyTo) void this.#focusSoon('#rname');
  }

  #openEdit(c: Comment): void {
    this.#editing = c.id;
    this.#drafts.e = mine(c.id)?.s ?? c.text;
    this.#tabs.e = false;
    this.requestUpdate();
    void this.#focusSoon('#eb');
  }

  #toggle(what: 'deleting', id?: string): void {
    this[what] = id;
    this.requestUpdate();
    if (id) void this.#focusSoon('#del');
  }

  /** Closes a reply or edit form, keeping nothing but focus on the comment it belonged to. */
  #close(k: Key, c?: Comment): void {
    if (k == 'r') this.#replyTo = undefined;
    else this.#editing = undefined;
    if (this.#failure?.key == k) this.#failure = undefined;
    this.requestUpdate();
    if (c) void this.#focusSoon(`#comment-${CSS.escape(c.id)}`);
  }

  #onSort(ev: Event): void {
    this.sort = (ev.target as HTMLSelectElement).value == 'newest' ? 'newest' : 'oldest';
  }

  /** The server's base URL: `api`, else the fallback form's action without its path, else the script's origin. */
  #base(): string {
    return apiBase(this.api || this.#fb?.action?.match(/^(.*)\/api\/v1\/comments\/?$/)?.[1]);
  }

  /** Scrolls to, focuses and highlights the comment a `#comment-<id>` permalink names, loading pages until found. */
  async #open(): Promise<void> {
    const id = /^#comment-(.+)$/.exec(location.hash)?.[1];
    if (!id) return;
    const wanted = decodeURIComponent(id);
    for (let i = 0; i < 10 && !this.list.some((c) => c.id == wanted) && this.#next; i++) await this.load(true);
    this.#highlight = wanted;
    this.requestUpdate();
    await this.updateComplete;
    const el = this.#q(`#comment-${CSS.escape(wanted)}`);
    el?.scrollIntoView?.({ block: 'center' });
    el?.focus({ preventScroll: true });
  }

  /** Relative time ("3 days ago") in the widget's language. */
  #ago(date: Date): string {
    const s = (date.getTime() - Date.now()) / 1000;
    const a = Math.abs(s);
    const [v, unit]: [number, Intl.RelativeTimeFormatUnit] =
      a < 45
        ? [0, 'second']
        : a < 3600
          ? [s / 60, 'minute']
          : a < 86400
            ? [s / 3600, 'hour']
            : a < 604800
              ? [s / 86400, 'day']
              : a < 2629800
                ? [s / 604800, 'week']
                : a < 31557600
                  ? [s / 2629800, 'month']
                  : [s / 31557600, 'year'];
    return new Intl.RelativeTimeFormat(this.#cat.locale, { numeric: 'auto' }).format(Math.round(v), unit);
  }

  #full(date: Date): string {
    return isNaN(date.getTime())
      ? ''
      : date.toLocaleString(this.#cat.locale, { dateStyle: 'long', timeStyle: 'short' });
  }

  #submit(ev: Event, k: Key, target?: Comment): void {
    ev.preventDefault();
    // A host page's own <form> around the element must never see this one's submission.
    ev.stopPropagation();
    void this.#send(k, target);
  }

  /** Checks, then posts (or saves an edit of) form `k`; on failure everything typed stays. */
  async #send(k: Key, target?: Comment): Promise<void> {
    if (this.#busy) return;
    const m = this.#cat.messages;
    const errors = this.#check(k);
    if (Object.keys(errors).length)
      return this.#fail(k, { code: 'invalid_request', fields: errors } as ApiError, errors);
    const body = this.#drafts[k];
    const thread = this.threadId;
    const detail = {
      thread,
      parentId: k == 'r' ? target?.id : undefined,
      name: this.name.trim(),
      email: this.email.trim() || undefined,
      body,
      notifyReplies: this.#notify && !!this.email.trim(),
    };
    if (k != 'e' && !this.dispatchEvent(new SoleusCommentSubmitEvent({ ...detail }))) return;
    this.#failure = undefined;
    this.#busy = k;
    this.#fc.say(m.sending);
    try {
      if (k == 'e') {
        const key = mine(target!.id);
        const r = await request<{ comment?: Comment } & Partial<Comment>>(
          this.#base(),
          'PATCH',
          `/api/v1/comments/${encodeURIComponent(target!.id)}`,
          { body: { body }, headers: { authorization: `Bearer ${key?.t ?? ''}` } },
        );
        const c = r.comment ?? (r as Comment);
        // An edit the server's signals doubt is held: it leaves the public list.
        const gone = (c as { status?: string }).status == 'spam';
        this.list = this.list.flatMap((o) => (o.id != c.id ? [o] : gone ? [] : [{ ...o, ...c }]));
        this.#mine = this.#mine.map((o) => (o.id == c.id ? { ...o, ...c } : o));
        hold(thread, this.#mine);
        if (key) keep(c.id, { ...key, s: body });
        this.#editing = undefined;
        this.#fc.status = m.saved;
        this.#busy = undefined;
        return this.#focusSoon(`#comment-${CSS.escape(target!.id)}`);
      }
      const r = await request<CommentCreateResponse>(this.#base(), 'POST', '/api/v1/comments', {
        body: {
          ...detail,
          notifyReplies: detail.notifyReplies || undefined,
          hp: this.#q<HTMLInputElement>(`#${k}hp`)?.value || undefined,
          ...(await this.#fc.proof()),
        },
      });
      this.#fc.spent(); // each comment carries its own token
      const { comment, editToken } = r;
      const { status, ...c } = comment;
      keep(c.id, { t: editToken, s: body, u: Date.now() + WINDOW });
      this.#drafts[k] = '';
      this.#tabs[k] = false;
      if (k == 'r') this.#replyTo = undefined;
      this.#busy = undefined;
      if (status == 'published') {
        this.list = [...this.list, c];
        this.#count++;
        this.#notice = false;
        this.#fc.status = m.published;
      } else {
        this.#mine = [...this.#mine, { ...c, until: Date.now() + 6048e5 }];
        hold(thread, this.#mine);
        this.#notice = true;
        this.#fc.status = this.#pendingText();
      }
      this.dispatchEvent(new SoleusCommentPostedEvent({ comment: c, status }));
      await this.#focusSoon(status == 'published' ? `#comment-${CSS.escape(c.id)}` : '#notice');
    } catch (error) {
      this.#busy = undefined;
      const err = error as ApiError;
      const [mapped, other] = this.#fc.fields(
        err,
        ['name', 'email', 'body'],
        (id, text) => this.#check(k)[k + id] ?? (/permanent/i.test(text) ? m.disposable : text),
        k,
      );
      this.#fc.spent(err);
      this.#fail(k, err, mapped, err.fields?.parentId ? m.parentGone : other, target);
    }
  }

  /** The error state: messages beside the fields, a line under the form, the live region, focus on the first invalid field. */
  #fail(k: Key, err: ApiError, fields: Fields, other = '', target?: Comment): void {
    const text = this.#fc.summary(
      err,
      fields,
      this.#cat.messages,
      err.code == 'edit_window_closed' ? this.#cat.messages.closed : other,
    );
    const failed = !Object.keys(fields).length;
    this.#failure = failed ? { key: k, text } : undefined;
    this.#emit(err, text, fields);
    // Retry resends what is typed when the failure may pass (no answer, or the server's own trouble).
    void this.#fc.fail(
      fields,
      text,
      failed && (!err.status || err.status >= 500) ? () => this.#send(k, target) : undefined,
    );
  }

  #emit(err: ApiError, message: string, fields: Fields = {}): void {
    this.dispatchEvent(new SoleusCommentErrorEvent({ code: err.code ?? 'network_error', message, fields }));
  }

  /** Deletes the visitor's own comment with its edit token. */
  async #erase(c: Comment): Promise<void> {
    const m = this.#cat.messages;
    try {
      await request(this.#base(), 'DELETE', `/api/v1/comments/${encodeURIComponent(c.id)}`, {
        headers: { authorization: `Bearer ${mine(c.id)?.t ?? ''}` },
      });
      keep(c.id);
      if (this.list.some((o) => o.id == c.id)) this.#count--;
      this.list = this.list.filter((o) => o.id != c.id);
      this.#mine = this.#mine.filter((o) => o.id != c.id);
      hold(this.threadId, this.#mine);
      this.#fc.status = m.deleted;
      void this.#focusSoon('#h');
    } catch (error) {
      const err = error as ApiError;
      this.#fc.status = err.code == 'edit_window_closed' ? m.closed : err.status ? m.failed : m.network;
      this.#emit(err, this.#fc.status);
    }
    this.deleting = undefined;
    this.requestUpdate();
  }
}
