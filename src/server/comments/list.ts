import { createHash } from 'node:crypto';
import type { CommentListQuery } from '../../core/schemas/comments.js';
import { EncodedBody } from '../http/encoding.js';
import { ContractError } from '../http/errors.js';
import type { CommentsContext } from './context.js';
import { publishedPage, threadState } from './store.js';
import { publicJson } from './views.js';

/**
 * `GET /api/v1/comments`: published comments a page at a time, answered from a per-process cache while the thread's
 * version (one primary-key read, shared by every process through the database) is unchanged. A busy post read by
 * hundreds of visitors costs one page query per change, not one per visitor; every answer still reflects every
 * write committed before its request arrived, because the version is read after the request did (by a read that
 * began after it arrived, shared with the other readers of that moment: CommentPageCache.state).
 */

/** A page built for one version of its thread: its encodings and a validator that names its content. */
export interface PageAnswer {
  body: EncodedBody;
  /** A weak ETag (`W/"…"`, a hash of the JSON), the same in every process that builds the same page. */
  etag: string;
}

interface Entry {
  version: number;
  body: Promise<PageAnswer>;
}

type ThreadState = Awaited<ReturnType<typeof threadState>>;
const ignore = () => undefined;

/** Answers already built, by thread, sort and cursor; and the thread-state reads in flight, by thread. */
export class CommentPageCache {
  readonly #entries = new Map<string, Entry>();
  readonly #reads = new Map<string, { running: Promise<ThreadState>; next?: Promise<ThreadState> }>();
  constructor(readonly maxEntries = 1000) {}

  /**
   * The thread's state from a read that began after this call: at most one read per thread runs at a time, and every
   * asker arriving while it runs shares the one after it (which may see a write the running one began too early
   * for). Under 50 concurrent readers on PostgreSQL one read each was 50 queries on a pool of 10: the p99 of a
   * cached page (23.9 ms at 5,077 req/s).
   */
  state(thread: string, read: () => Promise<ThreadState>): Promise<ThreadState> {
    const slot = this.#reads.get(thread);
    if (!slot) return this.#read(thread, read);
    return (slot.next ??= slot.running.then(ignore, ignore).then(() => this.#read(thread, read)));
  }

  #read(thread: string, read: () => Promise<ThreadState>): Promise<ThreadState> {
    const slot: { running: Promise<ThreadState>; next?: Promise<ThreadState> } = { running: read() };
    this.#reads.set(thread, slot);
    void slot.running.then(ignore, ignore).then(() => {
      if (this.#reads.get(thread) === slot && !slot.next) this.#reads.delete(thread);
    });
    return slot.running;
  }

  get(key: string, version: number): Promise<PageAnswer> | undefined {
    const hit = this.#entries.get(key);
    if (!hit || hit.version !== version) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit.body;
  }

  set(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  drop(key: string, entry: Entry): void {
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }
}

/** The cursor after a page: the last top-level comment's time and id, opaque to clients. */
export function encodeCursor(c: number, i: string): string {
  return Buffer.from(JSON.stringify({ c, i }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { c: number; i: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown; i?: unknown };
    if (
      typeof value.c === 'number' &&
      Number.isSafeInteger(value.c) &&
      typeof value.i === 'string' &&
      value.i.length <= 64
    )
      return { c: value.c, i: value.i };
  } catch {
    // fall through
  }
  throw new ContractError(400, 'invalid_request', 'Some fields need attention.', {
    cursor: 'Reload the page and try again',
  });
}

/** The answer for `query`, encoded and ready to send. */
export async function commentPage(
  ctx: CommentsContext,
  query: CommentListQuery,
  cache: CommentPageCache,
): Promise<PageAnswer> {
  const sort = query.sort ?? 'oldest';
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const key = `${sort}|${query.cursor ?? ''}|${query.thread}`;
  const { version, count, closed } = await cache.state(query.thread, () => threadState(ctx.db, query.thread));
  const hit = cache.get(key, version);
  if (hit) return hit;
  const entry: Entry = { version, body: Promise.resolve(undefined as never) };
  entry.body = (async () => {
    const page = await publishedPage(ctx.db, query.thread, sort, after);
    const parts: string[] = [];
    for (const root of page.roots) parts.push(publicJson(root));
    for (const reply of page.replies) parts.push(publicJson(reply));
    const last = page.roots[page.roots.length - 1];
    const next = page.more && last ? `,"nextCursor":"${encodeCursor(Number(last.created_ms), last.id)}"` : '';
    const shut = closed ? ',"closed":true' : '';
    const json = `{"thread":${JSON.stringify(query.thread)},"count":${count},"comments":[${parts.join(',')}]${next}${shut}}`;
    const bytes = new TextEncoder().encode(json);
    const etag = `W/"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
    return { body: new EncodedBody(bytes, 'fast'), etag };
  })();
  entry.body.catch(() => cache.drop(key, entry));
  cache.set(key, entry);
  return entry.body;
}
