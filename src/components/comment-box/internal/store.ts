import type { Comment } from '../../../core/schemas/comments.js';

/**
 * What the widget keeps in the visitor's localStorage (no cookie, no account): for each comment they wrote, its edit
 * token, its Markdown source and until when it may be changed; and their own comments that wait for approval, so the
 * page keeps showing them (marked) after a reload until they are published or a week has passed. Storage that throws
 * (private modes, sandboxed frames, a full quota) just means nothing is remembered.
 */

/** An own comment's key to change it. */
export interface Mine {
  /** The edit token. */
  t: string;
  /** The Markdown source as written. */
  s: string;
  /** Until when (ms since the epoch) the server allows changes. */
  u: number;
}

/** An own comment waiting for approval, with when it stops being shown. */
export type Held = Comment & { until: number };

const KEY = 'soleus-comments';
type Saved = { mine: Record<string, Mine>; held: Record<string, Held[]> };

/** Read once per page (a thread of 500 comments asks 500 times per render); writes keep it current. */
let cache: Saved | undefined;

function load(): Saved {
  if (cache) return cache;
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Saved>;
    return (cache = { mine: s.mine ?? {}, held: s.held ?? {} });
  } catch {
    return (cache = { mine: {}, held: {} });
  }
}

/** Forgets the cached copy (tests, or another tab's changes). */
export const reread = () => void (cache = undefined);

function save(s: Saved): void {
  const now = Date.now();
  // Expired keys and notices are dropped on every write, so the entry never grows without bound.
  for (const id in s.mine) if (s.mine[id]!.u < now) delete s.mine[id];
  for (const th in s.held) if (!(s.held[th] = s.held[th]!.filter((c) => c.until > now)).length) delete s.held[th];
  try {
    localStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    /* nothing remembered */
  }
}

/** The edit key of comment `id`, while its window lasts. */
export const mine = (id: string): Mine | undefined => {
  const m = load().mine[id];
  return m && m.u > Date.now() ? m : undefined;
};

/** Remembers (or, with undefined, forgets) the edit key of comment `id`. */
export function keep(id: string, m?: Mine): void {
  const s = load();
  if (m) s.mine[id] = m;
  else delete s.mine[id];
  save(s);
}

/** The visitor's own held comments on `thread`. */
export const held = (thread: string): Held[] => load().held[thread]?.filter((c) => c.until > Date.now()) ?? [];

/** Replaces the visitor's held comments on `thread`. */
export function hold(thread: string, list: Held[]): void {
  const s = load();
  s.held[thread] = list;
  save(s);
}
