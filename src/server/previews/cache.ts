/**
 * The link-preview cache (issue 13 §2; design in CACHE.md): previews live in the database, so one fetch serves every
 * process on one PostgreSQL. Fresh for 24 h, then served stale for 7 more days while one refresh runs in the
 * background; `unavailable` is kept 1 h and never served stale. One fetch at a time per URL: concurrent askers in a
 * process share one promise, and across processes a lease row decides who fetches while the others wait for its
 * answer. The per-IP limit counts only previews not yet cached. Refusals are never cached (they cost no fetch, and a
 * rule change must apply at once).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hitRateLimit } from '../db/rate-limit.js';
import type { Database } from '../db/schema.js';
import type { Resolver, SafeFetchOptions } from './fetch.js';
import { encodePending, inspectImage, signImageId, verifyImageId, type PendingImage } from './images.js';
import { buildPreview, type LinkPreview, type PreviewDeps } from './preview.js';
import { checkUrl } from './url-rules.js';

const HOUR = 3_600_000;
/** An `ok` preview is fresh this long… */
export const FRESH_MS = 24 * HOUR;
/** …then served stale (and refreshed in the background) this much longer. */
export const STALE_MS = 7 * 24 * HOUR;
/** An `unavailable` answer is kept this long, and never served stale. */
export const UNAVAILABLE_MS = HOUR;
/** A fetch holds its URL's lease this long at most (the page and its images finish within 8 s each). */
export const LEASE_MS = 20_000;
/**
 * How long this process answers a URL asked again from the cache row it last read, without reading it again (real
 * time). A card on a busy page is asked for by every visitor: under 50 concurrent askers on PostgreSQL the one
 * indexed read per ask was the whole of a cached answer's time (p99 11.4 ms at 7,155 req/s). Another process's
 * refresh shows here at most this much later, which is nothing beside the 24 hours an answer stays fresh; this
 * process's own writes clear the entry at once.
 */
export const HIT_MEMO_MS = 1_000;
const HIT_MEMO_MAX = 1_000;
/** Where the thumbnails are served. */
export const IMAGE_PATH = '/api/v1/link-preview/image/';

/** What the service needs. */
export interface PreviewServiceOptions {
  readonly db: Kysely<Database>;
  /** Signs image IDs (the server secret). */
  readonly secret: string;
  readonly userAgent: string;
  /** Previews not yet cached, a minute per IP address. */
  readonly rateLimit: number;
  /** Only these hosts may be previewed (`*.example.com`: its subdomains); unset or null: any public host. */
  readonly allowedHosts?: readonly string[] | null;
  readonly allowedPorts?: readonly number[];
  /** Name resolution; default the system's. The address rules apply to whatever it answers. */
  readonly resolver?: Resolver;
  /** Extra CA certificates for https (tests). */
  readonly ca?: SafeFetchOptions['ca'];
  readonly now?: () => Date;
  /** How often a process waiting for another one's fetch looks again. */
  readonly pollMs?: number;
  readonly logError?: (message: string, error: unknown) => void;
}

/** The service's answer to one ask. */
export type PreviewAnswer =
  | {
      readonly kind: 'preview';
      readonly body: LinkPreview;
      /** Where it came from: the cache (fresh, stale, pinned) or a fetch made (or waited for) now. */
      readonly from: 'fresh' | 'stale' | 'pinned' | 'fetched';
      /** From the cache: `body` as the JSON text stored (what `JSON.stringify(body)` gives), to send as it is. */
      readonly json?: string;
    }
  | { readonly kind: 'refused'; readonly code: 'malformed' | 'url_not_allowed'; readonly message: string }
  | { readonly kind: 'limited'; readonly retryAfterSeconds: number };

/** A preview written by hand in the practice file: served for ever, never fetched. */
export interface PinnedPreview {
  readonly url: string;
  readonly title: string;
  readonly description?: string;
  readonly siteName?: string;
  readonly lang?: string;
  readonly image?: { readonly bytes: Buffer; readonly alt?: string };
}

interface Row {
  body: string | null;
  fresh_until_ms: number;
  stale_until_ms: number;
  fetched_ms: number;
  pinned: number;
  lease_owner: string | null;
  lease_until_ms: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The cache key of a URL the rules accepted: sha256 of its normalised form without the fragment. */
export function previewKey(url: URL): string {
  const u = new URL(url.href);
  u.hash = '';
  return createHash('sha256').update(u.href).digest('base64url');
}

/** A cache row with an answer, for the owner. */
export interface CachedPreview {
  readonly body: LinkPreview;
  readonly pinned: boolean;
  /** Served without asking the site until then; null for pinned. */
  readonly freshUntilMs: number | null;
  /** Fetched again on the next ask after this; null for pinned. */
  readonly expiresMs: number | null;
}

function cached(row: {
  body: string | null;
  fresh_until_ms: number;
  stale_until_ms: number;
  pinned: number;
}): CachedPreview {
  const pinned = row.pinned === 1;
  return {
    body: JSON.parse(row.body!) as LinkPreview,
    pinned,
    freshUntilMs: pinned ? null : Number(row.fresh_until_ms),
    expiresMs: pinned ? null : Number(row.stale_until_ms),
  };
}

/** The signed thumbnail IDs a preview points at (its image and icon). */
function imageIdsOf(body: LinkPreview): string[] {
  return [body.image?.url, body.icon?.url].filter((u): u is string => !!u).map((u) => u.slice(u.lastIndexOf('/') + 1));
}

/** The preview service: {@link PreviewService.get} for the JSON route, {@link PreviewService.image} for thumbnails. */
export type PreviewService = ReturnType<typeof createPreviewService>;

export function createPreviewService(options: PreviewServiceOptions) {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const pollMs = options.pollMs ?? 100;
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const rules = { allowedHosts: options.allowedHosts ?? null, allowedPorts: options.allowedPorts };
  const inFlight = new Map<string, Promise<PreviewAnswer>>();
  const encoding = new Map<string, Promise<Buffer | null>>();
  const background = new Set<Promise<unknown>>();
  /** Cache hits by the URL as asked: its key, the row read, its parsed body, and when (Date.now()) it was read. */
  const hits = new Map<string, { key: string; row: Row; body: LinkPreview; readAt: number }>();
  /**
   * The one re-read of a lapsed hit, by the URL as asked, shared by everyone asking while it runs: when the memo
   * lapsed under 50 concurrent askers on PostgreSQL, each of them read the row (50 queries on a pool of 10).
   */
  const rereads = new Map<string, Promise<PreviewAnswer>>();
  /** The cache key of `input` under today's rules, or undefined when they refuse it. */
  const keyOf = (input: string): string | undefined => {
    const checked = checkUrl(input, rules);
    return checked.ok ? previewKey(checked.url) : undefined;
  };
  const forget = (key?: string) => {
    if (key === undefined) hits.clear();
    else for (const [input, hit] of hits) if (hit.key === key) hits.delete(input);
  };

  const storeImage = async (image: PendingImage): Promise<void> => {
    await db
      .insertInto('link_preview_images')
      .values({
        key: image.key,
        kind: image.kind,
        source: image.source,
        webp: null,
        width: image.width,
        height: image.height,
        created_ms: now().getTime(),
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  };

  const deps: PreviewDeps = {
    userAgent: options.userAgent,
    imageSecret: options.secret,
    storeImage,
    resolver: options.resolver,
    ca: options.ca,
    imagePath: IMAGE_PATH,
    now,
    ...rules,
  };

  const read = (key: string) =>
    db
      .selectFrom('link_previews')
      .select(['body', 'fresh_until_ms', 'stale_until_ms', 'fetched_ms', 'pinned', 'lease_owner', 'lease_until_ms'])
      .where('url_key', '=', key)
      .executeTakeFirst() as Promise<Row | undefined>;

  /** Takes the URL's lease unless another fetch holds it; the row as it is then, or undefined when someone else has it. */
  async function takeLease(key: string, url: string, token: string): Promise<Row | undefined> {
    const t = now().getTime();
    const row = (await db
      .insertInto('link_previews')
      .values({ url_key: key, url, lease_owner: token, lease_until_ms: t + LEASE_MS })
      .onConflict((oc) =>
        oc
          .column('url_key')
          .doUpdateSet({ lease_owner: token, lease_until_ms: t + LEASE_MS })
          .where((eb) =>
            eb.or([eb('link_previews.lease_until_ms', 'is', null), eb('link_previews.lease_until_ms', '<', t)]),
          ),
      )
      .returning(['body', 'fresh_until_ms', 'stale_until_ms', 'fetched_ms', 'pinned', 'lease_owner', 'lease_until_ms'])
      .executeTakeFirst()) as Row | undefined;
    return row?.lease_owner === token ? row : undefined;
  }

  const release = (key: string, token: string) =>
    db
      .updateTable('link_previews')
      .set({ lease_owner: null, lease_until_ms: null })
      .where('url_key', '=', key)
      .where('lease_owner', '=', token)
      .execute();

  async function fetchAndStore(key: string, url: URL, token: string): Promise<PreviewAnswer> {
    let built: Awaited<ReturnType<typeof buildPreview>>;
    try {
      built = await buildPreview(url.href, deps);
    } catch (error) {
      logError(`Link preview of ${url.href} failed:`, error);
      built = { url: url.href, finalUrl: url.href, status: 'unavailable', fetchedAt: now().toISOString() };
    }
    if ('refused' in built) {
      await release(key, token);
      return { kind: 'refused', code: built.code, message: built.message };
    }
    const t = now().getTime();
    const ok = built.status === 'ok';
    await db
      .updateTable('link_previews')
      .set({
        body: JSON.stringify(built),
        fetched_ms: t,
        fresh_until_ms: t + (ok ? FRESH_MS : UNAVAILABLE_MS),
        stale_until_ms: t + (ok ? FRESH_MS + STALE_MS : UNAVAILABLE_MS),
        lease_owner: null,
        lease_until_ms: null,
      })
      .where('url_key', '=', key)
      .where('pinned', '=', 0)
      .execute();
    forget(key);
    return { kind: 'preview', body: built, from: 'fetched' };
  }

  /**
   * One fetch per URL for every asker: in this process through `inFlight`, across processes through the lease. A
   * process that finds the lease taken looks again every `pollMs` until the holder wrote its answer (or its lease
   * ran out, and this one takes it). `force` (warming) fetches even when a fresh answer is there.
   */
  async function fetchOnce(key: string, url: URL, force: boolean): Promise<PreviewAnswer> {
    const token = randomBytes(12).toString('base64url');
    const started = now().getTime();
    const deadline = Date.now() + 2 * LEASE_MS;
    let fallback: LinkPreview | undefined;
    for (;;) {
      const won = await takeLease(key, url.href, token);
      if (won) {
        const t = now().getTime();
        // Another process may have written a fresh answer between our read and our lease.
        if (won.body && (won.pinned || (!force && won.fresh_until_ms > t))) {
          await release(key, token);
          return { kind: 'preview', body: JSON.parse(won.body) as LinkPreview, from: won.pinned ? 'pinned' : 'fresh' };
        }
        return await fetchAndStore(key, url, token);
      }
      for (;;) {
        await sleep(pollMs);
        const row = await read(key);
        const t = now().getTime();
        if (row?.body && row.stale_until_ms > t) fallback = JSON.parse(row.body) as LinkPreview;
        if (row?.body && row.lease_owner === null && (row.pinned || row.fetched_ms >= started || !force)) {
          if (row.pinned || row.fresh_until_ms > t)
            return { kind: 'preview', body: JSON.parse(row.body) as LinkPreview, from: 'fetched' };
        }
        if (!row || row.lease_owner === null || (row.lease_until_ms ?? 0) < t) break; // free: try to take it
        if (Date.now() > deadline) {
          // A holder that neither answers nor lets its lease run out: serve what there is.
          return {
            kind: 'preview',
            body: fallback ?? {
              url: url.href,
              finalUrl: url.href,
              status: 'unavailable',
              fetchedAt: now().toISOString(),
            },
            from: 'fetched',
          };
        }
      }
    }
  }

  function shared(key: string, url: URL, force: boolean): Promise<PreviewAnswer> {
    let p = inFlight.get(key);
    if (!p) {
      p = fetchOnce(key, url, force).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  }

  /** The answer for `input` from its cache row (memoised while fresh), else a fetch under the rules. */
  async function lookup(input: string, ask: { ip?: string | (() => string); force?: boolean }): Promise<PreviewAnswer> {
    const checked = checkUrl(input, rules);
    if (!checked.ok) {
      return {
        kind: 'refused',
        code: checked.reason === 'malformed' ? 'malformed' : 'url_not_allowed',
        message: checked.message,
      };
    }
    const key = previewKey(checked.url);
    const row = await read(key);
    const t = now().getTime();
    if (row?.body && (row.pinned || (!ask.force && row.stale_until_ms > t))) {
      const json = row.body;
      const body = JSON.parse(json) as LinkPreview;
      if (row.pinned || row.fresh_until_ms > t) {
        if (hits.size >= HIT_MEMO_MAX) hits.delete(hits.keys().next().value!);
        hits.set(input, { key, row, body, readAt: Date.now() });
      }
      if (row.pinned) return { kind: 'preview', body, from: 'pinned', json };
      if (row.fresh_until_ms > t) return { kind: 'preview', body, from: 'fresh', json };
      // Stale: answer now, refresh once in the background.
      if (!inFlight.has(key)) {
        const refresh = shared(key, checked.url, false).catch((error: unknown) =>
          logError(`Refreshing the link preview of ${checked.url.href} failed:`, error),
        );
        background.add(refresh);
        void refresh.finally(() => background.delete(refresh));
      }
      return { kind: 'preview', body, from: 'stale', json };
    }
    if (ask.ip !== undefined) {
      // Only a preview not yet cached is counted, so only then is the client's address looked up.
      const ip = typeof ask.ip === 'function' ? ask.ip() : ask.ip;
      const decision = await hitRateLimit(db, `preview:${ip}`, options.rateLimit, t);
      if (!decision.allowed) return { kind: 'limited', retryAfterSeconds: decision.retryAfterSeconds };
    }
    return shared(key, checked.url, ask.force ?? false);
  }

  return {
    /**
     * The preview of `input`: a refusal (no connection made), the cached answer, or one fetched now. `ip` counts the
     * ask against the per-IP limit when it needs a fetch; `force` fetches even when the cache is fresh (warming).
     */
    async get(input: string, ask: { ip?: string | (() => string); force?: boolean } = {}): Promise<PreviewAnswer> {
      const hit = ask.force ? undefined : hits.get(input);
      if (hit && Date.now() - hit.readAt < HIT_MEMO_MS) {
        const t = now().getTime();
        const { row, body } = hit;
        if (row.pinned) return { kind: 'preview', body, from: 'pinned', json: row.body! };
        if (row.fresh_until_ms > t) return { kind: 'preview', body, from: 'fresh', json: row.body! };
      }
      if (!hit) return lookup(input, ask);
      let again = rereads.get(input);
      if (!again) {
        again = lookup(input, ask).finally(() => {
          rereads.delete(input);
          // Not fresh any more, or gone: the next ask reads again on its own.
          if (hits.get(input) === hit) hits.delete(input);
        });
        rereads.set(input, again);
      }
      return again;
    },

    /** The WebP behind a signed image ID, encoded on its first request; null for a bad ID or an unknown image. */
    async image(id: string): Promise<Buffer | null> {
      const key = verifyImageId(id, options.secret);
      if (!key) return null;
      const row = await db
        .selectFrom('link_preview_images')
        .select(['webp', 'source', 'kind'])
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) return null;
      if (row.webp) return Buffer.from(row.webp);
      if (!row.source) return null;
      let p = encoding.get(key);
      if (!p) {
        const source = Buffer.from(row.source);
        p = encodePending({ kind: row.kind, source })
          .then(async (thumb) => {
            if (!thumb) return null;
            await db
              .updateTable('link_preview_images')
              .set({ webp: thumb.webp, source: null, width: thumb.width, height: thumb.height })
              .where('key', '=', key)
              .execute();
            return thumb.webp;
          })
          .finally(() => encoding.delete(key));
        encoding.set(key, p);
      }
      return p;
    },

    /** Writes the practice file's hand-made previews: served for ever, never fetched. */
    async pin(list: readonly PinnedPreview[]): Promise<void> {
      for (const entry of list) {
        const checked = checkUrl(entry.url, rules);
        if (!checked.ok) throw new Error(`linkPreview.pinned: ${entry.url}: ${checked.message}`);
        let image: LinkPreview['image'];
        if (entry.image) {
          const inspected = await inspectImage(entry.image.bytes, 'image');
          if (!inspected.ok) throw new Error(`linkPreview.pinned: the image of ${entry.url}: ${inspected.message}`);
          await storeImage(inspected.image);
          image = {
            url: IMAGE_PATH + signImageId(inspected.image.key, options.secret),
            width: inspected.image.width,
            height: inspected.image.height,
            ...(entry.image.alt ? { alt: entry.image.alt } : {}),
          };
        }
        const body: LinkPreview = {
          url: checked.url.href,
          finalUrl: checked.url.href,
          status: 'ok',
          title: entry.title,
          ...(entry.description ? { description: entry.description } : {}),
          ...(entry.siteName ? { siteName: entry.siteName } : {}),
          ...(entry.lang ? { lang: entry.lang } : {}),
          ...(image ? { image } : {}),
          fetchedAt: now().toISOString(),
        };
        const values = {
          body: JSON.stringify(body),
          fetched_ms: now().getTime(),
          fresh_until_ms: Number.MAX_SAFE_INTEGER,
          stale_until_ms: Number.MAX_SAFE_INTEGER,
          pinned: 1,
          lease_owner: null,
          lease_until_ms: null,
        };
        await db
          .insertInto('link_previews')
          .values({ url_key: previewKey(checked.url), url: checked.url.href, ...values })
          .onConflict((oc) => oc.column('url_key').doUpdateSet(values))
          .execute();
      }
      forget();
    },

    /** Every preview in the cache with an answer, the latest fetched first (the owner's list). */
    async list(): Promise<CachedPreview[]> {
      const rows = await db
        .selectFrom('link_previews')
        .select(['url_key', 'body', 'fresh_until_ms', 'stale_until_ms', 'pinned'])
        .where('body', 'is not', null)
        .orderBy('fetched_ms', 'desc')
        .orderBy('url')
        .execute();
      return rows.map(cached);
    },

    /** The cache entry of `input` as it is now (after a fetch), or undefined when it has none or is refused. */
    async entry(input: string): Promise<CachedPreview | undefined> {
      const key = keyOf(input);
      if (!key) return undefined;
      const row = await db
        .selectFrom('link_previews')
        .select(['url_key', 'body', 'fresh_until_ms', 'stale_until_ms', 'pinned'])
        .where('url_key', '=', key)
        .where('body', 'is not', null)
        .executeTakeFirst();
      return row ? cached(row) : undefined;
    },

    /**
     * Removes `input`'s preview (looked up by its normalised address, or by the address stored when today's rules
     * refuse it) and the thumbnails no other preview uses; null when nothing was cached for it. A pinned one comes
     * back at the next start (the practice file still holds it).
     */
    async remove(input: string): Promise<{ url: string; images: number } | null> {
      const key = keyOf(input);
      const result = await db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('link_previews')
          .where((eb) => (key ? eb('url_key', '=', key) : eb('url', '=', input)))
          .returning(['url_key', 'url', 'body'])
          .executeTakeFirst();
        if (!gone) return null;
        let images = 0;
        for (const id of gone.body ? imageIdsOf(JSON.parse(gone.body) as LinkPreview) : []) {
          const imageKey = verifyImageId(id, options.secret);
          if (!imageKey) continue;
          const shared = await trx
            .selectFrom('link_previews')
            .select('url_key')
            .where('body', 'like', `%${id}%`)
            .executeTakeFirst();
          if (shared) continue;
          const deleted = await trx.deleteFrom('link_preview_images').where('key', '=', imageKey).executeTakeFirst();
          images += Number(deleted.numDeletedRows);
        }
        return { key: gone.url_key, url: gone.url, images };
      });
      if (!result) return null;
      forget(result.key);
      return { url: result.url, images: result.images };
    },

    /** Resolves once the background refreshes under way have finished (tests, shutdown). */
    async idle(): Promise<void> {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}
