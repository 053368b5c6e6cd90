import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../../src/components/comment-box/comment-box.define.js';
import type { SoleusCommentBox } from '../../../src/components/comment-box/comment-box.js';
import { reread } from '../../../src/components/comment-box/internal/store.js';
import type { Comment, CommentRoot } from '../../../src/core/schemas/comments.js';
import { markdownToTree, toPlainText } from '../../../src/server/comments/markdown.js';
import { cleanBody } from '../../../src/server/comments/text.js';
import { $, $$, focused, settle, shadow, type, until } from '../support/shadow-dom.js';

export { $, $$, focused, settle, shadow, type, until };
export type { SoleusCommentBox };

/** One request the widget made. */
export interface Call {
  method: string;
  url: URL;
  body?: Record<string, unknown>;
  init: RequestInit;
}

/** How the stand-in answers: a status and body, a thrown network error, or a request left hanging. */
export type Answer = { status: number; body: unknown; headers?: Record<string, string> } | 'network' | 'hold';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A paragraph tree of plain text. */
export const para = (text: string): CommentRoot => ({
  type: 'root',
  children: [{ type: 'paragraph', children: [{ type: 'text', value: text }] }],
});

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A published comment. */
export function comment(
  id: string,
  name: string,
  text: string,
  opts: Partial<Comment> & { minutes?: number } = {},
): Comment {
  const { minutes = 60, ...rest } = opts;
  return {
    id,
    parentId: null,
    author: { name, owner: false },
    createdAt: ago(minutes),
    body: para(text),
    text,
    ...rest,
  };
}

/** A thread of four with one owner reply: the demo's shape. */
export const FOUR = [
  comment('c1', 'Priya', 'Booked my pre-event massage for Thursday. Thanks!', { minutes: 4320 }),
  comment('c2', 'Jim', 'Thursday is perfect. See you then.', {
    parentId: 'c1',
    author: { name: 'Jim', owner: true },
    minutes: 4300,
  }),
  comment('c3', 'Tom', 'How soon after the race can I come in?', { minutes: 1440 }),
  comment('c4', 'Ana', 'Great advice on hydration.', { minutes: 30 }),
];

/** Options of the stand-in server. */
export interface Stub {
  /** The thread's comments, in the server's order; pages of `pageSize`. */
  comments?: Comment[];
  pageSize?: number;
  /** Overrides the answer to `GET /api/v1/comments` (call number n, from 1). */
  list?: (n: number, url: URL) => Answer | undefined;
  /** How `POST /api/v1/comments` answers (default 201 published). */
  post?: (body: Record<string, unknown>, n: number) => Answer;
  /** How PATCH and DELETE answer (default 200). */
  change?: (method: string, id: string, auth: string) => Answer | undefined;
  /** Answers `POST /api/v1/comments/preview` instead of the server's own parser (`n`: the how-manieth preview). */
  preview?: (n: number) => Answer | undefined;
  /** The status a default POST answer carries. */
  status?: 'published' | 'pending';
}

let ids = 0;
/** Form tokens answered since the page loaded (any stub). */
let tokensServed = 0;

/**
 * The server's side of the comments contract in the browser: the thread (paged by `nextCursor`), form tokens,
 * posts, edits and deletes. Every call is recorded.
 */
export function stubFetch(stub: Stub = {}) {
  const calls: Call[] = [];
  const real = window.fetch;
  const list = [...(stub.comments ?? [])];
  const size = stub.pageSize ?? 50;
  let gets = 0;
  let posts = 0;
  let tokens = 0;
  let previews = 0;
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    const body = init.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    calls.push({ method, url, body, init });
    const answer = (a: Answer) => {
      if (a === 'network') throw new TypeError('Failed to fetch');
      if (a === 'hold') return new Promise<Response>(() => {});
      return json(a.status, a.body, a.headers);
    };
    const path = url.pathname;
    if (path == '/api/v1/form-token') {
      tokensServed++;
      return json(200, { token: `token-${++tokens}` });
    }
    if (path == '/api/v1/comments' && method == 'GET') {
      const a = stub.list?.(++gets, url);
      if (a) return answer(a);
      const sorted = url.searchParams.get('sort') == 'newest' ? [...list].reverse() : list;
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const page = sorted.slice(from, from + size);
      const next = from + size < sorted.length ? String(from + size) : undefined;
      return json(200, {
        thread: url.searchParams.get('thread'),
        count: list.length,
        comments: page,
        ...(next ? { nextCursor: next } : {}),
      });
    }
    if (path == '/api/v1/comments/preview' && method == 'POST') {
      const a = stub.preview?.(++previews);
      if (a) return answer(a);
      // The server's own reading (src/server/comments/markdown.ts, markdown-it) and cleaning, run in the browser.
      const tree = markdownToTree(cleanBody(String(body!.body)));
      return json(200, { body: tree, text: toPlainText(tree) });
    }
    if (path == '/api/v1/comments' && method == 'POST') {
      const a = stub.post?.(body!, ++posts);
      if (a) return answer(a);
      const c = {
        ...comment(`new${++ids}`, String(body!.name), String(body!.body), { minutes: 0 }),
        parentId: (body!.parentId as string | undefined) ?? null,
      };
      return json(201, { comment: { ...c, status: stub.status ?? 'published' }, editToken: `edit-${c.id}` });
    }
    const m = /^\/api\/v1\/comments\/(.+)$/.exec(path);
    if (m && (method == 'PATCH' || method == 'DELETE')) {
      const auth = (init.headers as Record<string, string>).authorization ?? '';
      const a = stub.change?.(method, m[1]!, auth);
      if (a) return answer(a);
      if (auth != `Bearer edit-${m[1]}`) return json(404, { error: { code: 'not_found', message: 'No such comment' } });
      if (method == 'DELETE') return json(200, { deleted: true });
      const text = String(body!.body);
      return json(200, {
        comment: { ...comment(m[1]!, 'Ann', text, { minutes: 1 }), editedAt: new Date().toISOString() },
      });
    }
    return json(404, { error: { code: 'not_found', message: 'Not found' } });
  };
  return {
    calls,
    gets: () => calls.filter((c) => c.method == 'GET' && c.url.pathname == '/api/v1/comments'),
    posts: () => calls.filter((c) => c.method == 'POST' && c.url.pathname == '/api/v1/comments'),
    previews: () => calls.filter((c) => c.url.pathname == '/api/v1/comments/preview'),
    restore: () => (window.fetch = real),
  };
}

/**
 * The widget waits until its render token is 3 s old before sending (the server drops younger ones as bots).
 * Rather than sleep, tests move Date.now forward once the token has arrived.
 */
export const clock = { offset: 0 };
const realNow = Date.now;
Date.now = () => realNow.call(Date) + clock.offset;
export const ageTokens = () => void (clock.offset += 10_000);

/** Forgets everything the widget kept in localStorage. */
export function forget(): void {
  localStorage.removeItem('soleus-comments');
  reread();
}

/** Renders the widget, waits for its list and token. */
export async function widget(
  template: TemplateResult = html`<soleus-comment-box
    thread="marathon-preparation"
    owner-name="Jim"
  ></soleus-comment-box>`,
) {
  const el = await fixture<SoleusCommentBox>(template);
  await until(() => !shadow(el).querySelector('[part="skeleton"]'), 'the list');
  // The token has arrived (its time is taken) before the clock moves on past the 3 s minimum.
  await until(() => tokensServed > 0, 'the form token');
  await settle();
  ageTokens();
  return el;
}

/** The text of the live region. */
export const status = (el: Element) => $(el, '[role="status"]').textContent ?? '';

/** Fills the main form. */
export function fill(el: Element, name: string, body: string, email = ''): void {
  type(el, '#mname', name);
  if (email) type(el, '#memail', email);
  type(el, '#mb', body);
}

/** Presses the main form's post button. */
export function post(el: Element, k = 'm'): void {
  // Any token that arrived late (a loaded machine) is aged too.
  ageTokens();
  $(el, `form.${k} button[part~="button"]`).click();
}
