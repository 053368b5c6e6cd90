import { css, html, nothing } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { fill } from '../../core/i18n.js';
import type {
  CommentAddress,
  CommentAddressListResponse,
  CommentStatus,
  CommentThreadListResponse,
  CommentThreadSummary,
  OwnerComment,
  OwnerCommentListResponse,
  OwnerCommentResponse,
} from '../../core/schemas/comments.js';
import { type ApiError, ownerRequest } from '../api.js';
import { dateTime } from '../dates.js';
import { copyOf, loadPractice, type LoadedPractice, saveError, savePractice } from '../practice-doc.js';
import { commentsStrings as t } from '../strings/comments.js';
import { consoleStyles } from '../styles.js';
import { agendaStyles } from './agenda-styles.js';
import { keep } from '../keep.js';
import { loading } from '../loading.js';

const TABS = ['pending', 'spam', 'published', 'rejected'] as const;
type Action = 'approve' | 'reject' | 'spam';
const ACTED: Record<Action, CommentStatus> = { approve: 'published', reject: 'rejected', spam: 'spam' };
const KEYS: Record<string, Action> = { a: 'approve', r: 'reject', s: 'spam' };

/** `https://blog.example.com/posts/taper-week` → `/posts/taper-week`; a thread that is no URL as it is. */
function postOf(thread: string): string {
  try {
    return new URL(thread).pathname;
  } catch {
    return thread;
  }
}

/**
 * `<soleus-console-comments>`: moderation. The queue (waiting, spam, published, rejected; one post or all) with
 * Approve, Reject and Spam, a reply as the practitioner (published at once, owner badge), and Trust or Block of the
 * author's address; j/k, a, r, s and ? while focus is in the queue, listed in a help dialog. Below: the posts with
 * their counts, closed or reopened; the trusted and blocked addresses; the blocked words (saved in the practice).
 */
export class SoleusConsoleComments extends SoleusElement {
  static override styles = [
    ...(SoleusElement.styles as []),
    formStyles,
    consoleStyles,
    agendaStyles,
    css`
      .tabs.four {
        grid-template-columns: repeat(2, 1fr);
      }
      @media (min-width: 40em) {
        .tabs.four {
          grid-template-columns: repeat(4, 1fr);
        }
        .add {
          grid-template-columns: minmax(0, 1fr) 10em auto;
          align-items: end;
        }
      }
      .add {
        display: grid;
        gap: 0.75em;
      }
      article {
        display: grid;
        gap: 0.5em;
        padding: 0.75em;
        border: 1px solid var(--_line);
        border-radius: 0.6em;
        overflow-wrap: anywhere;
      }
      article:focus {
        outline: 3px solid var(--_a);
        outline-offset: 2px;
      }
      h3 {
        font-size: 1em;
      }
      .text {
        white-space: pre-line;
      }
      .badge.warn {
        background: light-dark(#fde8c8, #4a3210);
      }
      kbd {
        display: inline-block;
        min-inline-size: 1.6em;
        padding: 0.1em 0.4em;
        border: 1px solid var(--_line);
        border-radius: 0.3em;
        text-align: center;
        font: inherit;
        font-weight: 700;
      }
      dialog {
        max-inline-size: min(26em, calc(100vw - 2em));
        padding: 1em;
        border: 1px solid var(--_line);
        border-radius: 0.75em;
        background: var(--_s);
        color: inherit;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.5);
      }
      dialog dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.5em 1em;
        margin: 1em 0;
      }
      dd {
        margin: 0;
      }
    `,
  ];

  static override properties = {
    ...SoleusElement.properties,
    tab: { state: true },
    thread: { state: true },
    items: { state: true },
    threads: { state: true },
    addresses: { state: true },
    replying: { state: true },
    busy: { state: true },
    status: { state: true },
    error: { state: true },
    fields: { state: true },
  };

  declare tab: CommentStatus;
  /** The post the queue is narrowed to ('' every post). */
  declare thread: string;
  /** The queue; undefined while loading. */
  declare items: OwnerComment[] | undefined;
  declare threads: CommentThreadSummary[];
  declare addresses: CommentAddress[];
  /** The posts and addresses have been read (until then an empty list says nothing). */
  #sideLoaded = false;
  /** The comment whose reply form is open. */
  declare replying: string;
  declare busy: boolean;
  declare status: string;
  declare error: string;
  /** Errors beside fields: reply, email, words. */
  declare fields: Record<string, string>;
  #doc: LoadedPractice | undefined;

  constructor() {
    super();
    this.tab = 'pending';
    this.thread = '';
    this.items = undefined;
    this.threads = [];
    this.addresses = [];
    this.replying = '';
    this.busy = false;
    this.status = '';
    this.error = '';
    this.fields = {};
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  get #zone() {
    return this.#doc?.practice.timeZone ?? 'UTC';
  }

  async #load() {
    this.error = '';
    try {
      const [doc] = await Promise.all([this.#doc ?? loadPractice(), this.#queue(), this.#side()]);
      this.#doc = doc;
      this.requestUpdate();
    } catch (error) {
      this.error = (error as ApiError).message;
    }
  }

  async #queue() {
    const p = new URLSearchParams({ status: this.tab });
    if (this.thread) p.set('thread', this.thread);
    this.items = (await ownerRequest<OwnerCommentListResponse>('GET', `/comments?${p}`)).comments;
  }

  async #side() {
    const [a, b] = await Promise.all([
      ownerRequest<CommentThreadListResponse>('GET', '/comment-threads'),
      ownerRequest<CommentAddressListResponse>('GET', '/comment-addresses'),
    ]);
    this.threads = a.threads;
    this.addresses = b.addresses;
    this.#sideLoaded = true;
  }

  /** Runs `work`, saying `done` (its result's words) in the status region, or the server's words in the alert. */
  async #run(work: () => Promise<string | void>, field?: string) {
    this.busy = true;
    this.error = '';
    this.status = '';
    this.fields = {};
    try {
      this.status = (await work()) ?? '';
      return true;
    } catch (error) {
      const e = error as ApiError;
      if (field) this.fields = { [field]: e.fields ? Object.values(e.fields)[0]! : e.message };
      else this.error = e.message;
      return false;
    } finally {
      this.busy = false;
    }
  }

  #show(tab: CommentStatus, thread = this.thread) {
    this.tab = tab;
    this.thread = thread;
    this.items = undefined;
    this.replying = '';
    void this.#run(() => this.#queue());
  }

  #focusItem(i: number) {
    const all = [...this.renderRoot.querySelectorAll<HTMLElement>('article')];
    (
      all[Math.max(0, Math.min(i, all.length - 1))] ?? this.renderRoot.querySelector<HTMLElement>('#queue-title')
    )?.focus();
  }

  async #act(c: OwnerComment, action: Action) {
    const at = this.items?.indexOf(c) ?? 0;
    const ok = await this.#run(async () => {
      const { comment } = await ownerRequest<OwnerCommentResponse>('POST', `/comments/${c.id}/${action}`);
      this.items = this.items?.flatMap((x) => (x.id !== c.id ? [x] : comment.status === this.tab ? [comment] : []));
      void this.#side();
      return fill(t.did[action], { name: c.author.name });
    });
    if (ok) {
      await this.updateComplete;
      this.#focusItem(at);
    }
  }

  async #reply(c: OwnerComment, event: Event) {
    event.preventDefault();
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>('#reply')!;
    const body = box.value.trim();
    if (!body) {
      this.fields = { reply: t.writeReply };
      box.focus();
      return;
    }
    const ok = await this.#run(async () => {
      if (c.status !== 'published') await ownerRequest('POST', `/comments/${c.id}/approve`);
      const { comment } = await ownerRequest<OwnerCommentResponse>('POST', '/comments', {
        body: { thread: c.thread, parentId: c.id, body },
      });
      this.items = this.tab === 'published' ? [comment, ...(this.items ?? [])] : this.items?.filter((x) => x !== c);
      this.replying = '';
      void this.#side();
      return fill(t.replied, { name: c.author.name });
    }, 'reply');
    if (ok) {
      await this.updateComplete;
      this.#focusItem(0);
    } else box.focus();
  }

  #list(email: string, kind: 'trusted' | 'blocked') {
    return this.#run(async () => {
      await ownerRequest('POST', '/comment-addresses', { body: { email, kind } });
      await this.#side();
      return fill(t[kind], { email: email.trim().toLowerCase() });
    }, 'email');
  }

  async #addAddress(event: Event) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#email')!;
    const kind = this.renderRoot.querySelector<HTMLSelectElement>('#kind')!.value as 'trusted' | 'blocked';
    if (await this.#list(input.value, kind)) input.value = '';
    else input.focus();
  }

  #unlist(a: CommentAddress) {
    void this.#run(async () => {
      await ownerRequest('DELETE', `/comment-addresses/${encodeURIComponent(a.email)}`);
      await this.#side();
      this.renderRoot.querySelector<HTMLElement>('#email')?.focus();
      return fill(t.removed, { email: a.email });
    });
  }

  #close(s: CommentThreadSummary) {
    const post = postOf(s.thread);
    void this.#run(async () => {
      await ownerRequest('POST', '/comment-threads/close', { body: { thread: s.thread, closed: !s.closed } });
      await this.#side();
      return fill(s.closed ? t.wasOpened : t.wasClosed, { post });
    });
  }

  async #saveWords(event: Event) {
    event.preventDefault();
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>('#words')!;
    const words = [
      ...new Set(
        box.value
          .split('\n')
          .map((w) => w.trim())
          .filter(Boolean),
      ),
    ];
    const ok = await this.#run(async () => {
      try {
        const doc = copyOf(this.#doc ?? (await loadPractice()));
        doc.practice.comments = { ...(doc.practice.comments as object), blockedWords: words };
        this.#doc = await savePractice(doc.practice, doc.revision);
        return t.saved;
      } catch (error) {
        const { message, fields } = saveError(error, t.conflict);
        throw { message, fields: Object.keys(fields).length ? fields : { words: message } } as ApiError;
      }
    }, 'words');
    if (!ok) box.focus();
  }

  #keydown(event: KeyboardEvent) {
    const target = event.composedPath()[0] as HTMLElement;
    if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (event.key === '?') {
      event.preventDefault();
      this.#help();
      return;
    }
    const article = target.closest('article');
    const all = [...this.renderRoot.querySelectorAll('article')];
    const i = article ? all.indexOf(article) : -1;
    if (event.key === 'j' || event.key === 'k') {
      event.preventDefault();
      this.#focusItem(i + (event.key === 'j' ? 1 : -1));
    } else if (KEYS[event.key] && article && !this.busy) {
      const c = this.items![i]!;
      if (ACTED[KEYS[event.key]!] === c.status) return;
      event.preventDefault();
      void this.#act(c, KEYS[event.key]!);
    }
  }

  #help() {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.showModal();
  }

  #item(c: OwnerComment) {
    const name = c.author.name;
    const open = this.replying === c.id;
    const reasons = c.reasons ?? [];
    return html`<li>
      <article tabindex="-1" aria-labelledby=${`n-${c.id}`} aria-describedby=${`m-${c.id}`}>
        <h3 id=${`n-${c.id}`}>
          ${name}${c.author.owner ? html`<span class="badge">${t.owner}</span>` : nothing}${reasons.map(
            (r) => html`<span class="badge warn">${t.reasons[r] ?? r}</span>`,
          )}
        </h3>
        <p class="muted" id=${`m-${c.id}`}>
          ${c.author.email ?? (c.author.owner ? '' : t.noEmail)} · ${dateTime(c.createdAt, this.#zone)} ·
          ${postOf(c.thread)}
        </p>
        <p class="text">${c.text}</p>
        <div class="actions">
          ${(['approve', 'reject', 'spam'] as const).map((a) =>
            ACTED[a] === c.status
              ? nothing
              : html`<button
                  type="button"
                  class=${a === 'approve' ? 'btn' : 'btn secondary'}
                  aria-label=${fill(t.named, { action: t[a], name })}
                  ?disabled=${this.busy}
                  @click=${() => this.#act(c, a)}
                >
                  ${t[a]}
                </button>`,
          )}
          ${
            c.status === 'pending' || c.status === 'published'
              ? html`<button
                  type="button"
                  class="btn secondary"
                  aria-expanded=${open ? 'true' : 'false'}
                  aria-label=${fill(t.named, { action: t.reply, name })}
                  @click=${async () => {
                    this.replying = open ? '' : c.id;
                    this.fields = {};
                    await this.updateComplete;
                    this.renderRoot.querySelector<HTMLElement>('#reply')?.focus();
                  }}
                >
                  ${t.reply}
                </button>`
              : nothing
          }
          ${
            c.author.email
              ? (['trusted', 'blocked'] as const).map(
                  (k) =>
                    html`<button
                      type="button"
                      class="btn secondary"
                      aria-label=${`${k === 'trusted' ? t.trust : t.block}: ${c.author.email}`}
                      ?disabled=${this.busy}
                      @click=${() => this.#list(c.author.email!, k)}
                    >
                      ${k === 'trusted' ? t.trust : t.block}
                    </button>`,
                )
              : nothing
          }
        </div>
        ${
          open
            ? html`<form class="stack" @submit=${(e: Event) => this.#reply(c, e)}>
                <div class="field">
                  <label for="reply">${fill(t.yourReply, { name })}</label>
                  <textarea
                    id="reply"
                    rows="4"
                    maxlength="5000"
                    aria-describedby="reply-hint reply-error"
                    aria-invalid=${this.fields.reply ? 'true' : 'false'}
                  ></textarea>
                  <p class="muted" id="reply-hint">${t.replyHint}</p>
                  <p class="field-error" id="reply-error">${this.fields.reply ?? ''}</p>
                </div>
                <div class="actions">
                  <button type="submit" class="btn" ?disabled=${this.busy}>
                    ${c.status === 'published' ? t.send : t.approveSend}
                  </button>
                  <button type="button" class="btn secondary" @click=${() => keep(this, () => (this.replying = ''))}>
                    ${t.cancel}
                  </button>
                </div>
              </form>`
            : nothing
        }
      </article>
    </li>`;
  }

  #field(id: string, label: string, control: unknown, hint?: string) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${control} ${hint ? html`<p class="muted" id=${`${id}-hint`}>${hint}</p>` : nothing}
      <p class="field-error" id=${`${id}-error`}>${this.fields[id] ?? ''}</p>
    </div>`;
  }

  override render() {
    const items = this.items;
    const sum = (k: CommentStatus) => this.threads.reduce((n, s) => n + s[k], 0);
    const words = ((this.#doc?.practice.comments as { blockedWords?: string[] } | undefined)?.blockedWords ?? []).join(
      '\n',
    );
    const invalid = (id: string) => (this.fields[id] ? 'true' : 'false');
    return html`<div class="screen">
      <div class="row">
        <h1>${t.title}</h1>
        <button type="button" class="btn secondary" @click=${() => this.#help()}>${t.keys}</button>
      </div>
      <p class="muted">${t.intro}</p>
      <div class="tabs four" role="group" aria-label=${t.show}>
        ${TABS.map(
          (k) =>
            html`<button type="button" aria-pressed=${this.tab === k ? 'true' : 'false'} @click=${() => this.#show(k)}>
              ${t.tabs[k]} (${sum(k)})
            </button>`,
        )}
      </div>
      <p class="notice" role="status">${this.status}</p>
      <p class="alert" role="alert">
        ${this.error}${
          this.error && !items
            ? html` <button type="button" class="btn secondary" @click=${() => this.#load()}>${t.retry}</button>`
            : nothing
        }
      </p>
      <section class="card" aria-labelledby="queue-title">
        <div class="row">
          <h2 id="queue-title" tabindex="-1">
            ${items ? fill(t.heading[this.tab], { n: items.length }) : t.loading}
            ${this.thread ? fill(t.onPost, { post: postOf(this.thread) }) : ''}
          </h2>
          ${
            this.thread
              ? html`<button type="button" class="btn secondary" @click=${() => this.#show(this.tab, '')}>
                  ${t.allPosts}
                </button>`
              : nothing
          }
        </div>
        <p class="muted" id="keys-hint">${t.hint}</p>
        ${
          items === undefined
            ? loading(this.error)
            : items.length
              ? html`<ul
                  class="list"
                  aria-labelledby="queue-title"
                  aria-describedby="keys-hint"
                  @keydown=${this.#keydown}
                >
                  ${items.map((c) => this.#item(c))}
                </ul>`
              : html`<p>${t.none[this.tab]}</p>`
        }
      </section>
      <section class="card" aria-labelledby="posts-title">
        <h2 id="posts-title">${t.posts}</h2>
        ${
          this.threads.length
            ? html`<ul class="list">
                ${this.threads.map((s) => {
                  const post = postOf(s.thread);
                  return html`<li class="row">
                    <div>
                      <p>
                        <strong>${post}</strong>${s.closed ? html`<span class="badge">${t.closed}</span>` : nothing}
                      </p>
                      <p class="muted">
                        ${fill(t.counts, { published: s.published, pending: s.pending, spam: s.spam })}
                      </p>
                    </div>
                    <div class="actions">
                      <button
                        type="button"
                        class="btn secondary"
                        aria-label=${fill(t.viewNamed, { post })}
                        @click=${() => {
                          this.#show(this.tab, s.thread);
                          this.renderRoot.querySelector<HTMLElement>('#queue-title')?.focus();
                        }}
                      >
                        ${t.view}
                      </button>
                      <button
                        type="button"
                        class="btn secondary"
                        aria-label=${fill(s.closed ? t.reopenNamed : t.closeNamed, { post })}
                        ?disabled=${this.busy}
                        @click=${() => this.#close(s)}
                      >
                        ${s.closed ? t.reopen : t.close}
                      </button>
                    </div>
                  </li>`;
                })}
              </ul>`
            : this.#sideLoaded
              ? html`<p>${t.postsNone}</p>`
              : nothing
        }
      </section>
      <section class="card" aria-labelledby="addr-title">
        <h2 id="addr-title">${t.addresses}</h2>
        <p class="muted">${t.addressesIntro}</p>
        <form class="add" @submit=${(e: Event) => this.#addAddress(e)}>
          ${this.#field(
            'email',
            t.email,
            html`<input
              id="email"
              type="email"
              autocomplete="off"
              maxlength="254"
              required
              aria-describedby="email-error"
              aria-invalid=${invalid('email')}
            />`,
          )}
          ${this.#field(
            'kind',
            t.kind,
            html`<select id="kind">
              <option value="trusted">${t.kinds.trusted}</option>
              <option value="blocked">${t.kinds.blocked}</option>
            </select>`,
          )}
          <button type="submit" class="btn" ?disabled=${this.busy}>${t.add}</button>
        </form>
        ${
          this.addresses.length
            ? html`<ul class="list">
                ${this.addresses.map(
                  (a) =>
                    html`<li class="row">
                      <div>
                        <p>${a.email}<span class="badge">${t.kinds[a.kind]}</span></p>
                      </div>
                      <button
                        type="button"
                        class="btn danger"
                        aria-label=${fill(t.removeNamed, { email: a.email })}
                        ?disabled=${this.busy}
                        @click=${() => this.#unlist(a)}
                      >
                        ${t.remove}
                      </button>
                    </li>`,
                )}
              </ul>`
            : this.#sideLoaded
              ? html`<p>${t.addressesNone}</p>`
              : nothing
        }
      </section>
      <form class="card" aria-labelledby="words-title" @submit=${(e: Event) => this.#saveWords(e)}>
        <h2 id="words-title">${t.words}</h2>
        ${this.#field(
          'words',
          t.words,
          html`<textarea
            id="words"
            rows="4"
            .value=${words}
            aria-describedby="words-hint words-error"
            aria-invalid=${invalid('words')}
          ></textarea>`,
          t.wordsIntro,
        )}
        <div class="actions">
          <button type="submit" class="btn" ?disabled=${this.busy || !this.#doc}>${t.save}</button>
        </div>
      </form>
      <dialog aria-labelledby="help-title">
        <h2 id="help-title">${t.help}</h2>
        <p>${t.helpIntro}</p>
        <dl>
          ${t.helpKeys.map(
            ([k, what]) =>
              html`<dt><kbd>${k}</kbd></dt>
                <dd>${what}</dd>`,
          )}
        </dl>
        <form method="dialog"><button type="submit" class="btn">${t.done}</button></form>
      </dialog>
    </div>`;
  }
}
