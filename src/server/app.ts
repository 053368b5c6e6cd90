import { insightsRoutes } from './insights.js';
import { Hono, type Context } from 'hono';
import type { AdminContext } from './admin/context.js';
import { crossSiteGuard, ownerAuth } from './admin/owner-auth.js';
import { adminApiRoutes, adminRoutes } from './admin/routes.js';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BookingRouteContext } from './booking/context.js';
import {
  availabilityRoutes,
  bookingsRoutes,
  calendarFeedRoutes,
  ownerBookingsRoutes,
  servicesRoutes,
} from './booking/routes.js';
import { practiceRoutes } from './booking/practice-routes.js';
import { timeOffRoutes } from './booking/time-off.js';
import { WAITLIST_PATH, waitlistPageRoutes, waitlistRoutes } from './booking/waitlist-routes.js';
import type { ServerConfig } from './config.js';
import type { Database, Dialect } from './db/schema.js';
import { isBusyError } from './db/transaction.js';
import { healthRoutes } from './health.js';
import { jsonBodies } from './http/body.js';
import { apiError, codeForStatus, ContractError, contractErrorResponse } from './http/errors.js';
import { baseHeaders, cspText } from './http/headers.js';
import { CACHE_IMMUTABLE, CACHE_UNHASHED, pathAfter, safeJoin, sendFile } from './http/static.js';
import type { Mailer } from './mail/mailer.js';
import { domainOf } from './mail/outbox.js';
import type { MailWorker } from './mail/worker.js';
import { bookingMail } from './booking/mail.js';
import { outboxRoutes } from './mail/outbox-page.js';
import { fallbackHomePage } from './pages/home.js';
import { DEFAULT_WELCOME, type NewsletterContext } from './newsletter/context.js';
import { newsletterPageRoutes } from './newsletter/page-routes.js';
import {
  formTokenRoutes,
  ownerSubscribersRoutes,
  SUBSCRIPTIONS_PATH,
  subscriptionsRoutes,
} from './newsletter/routes.js';
import { createWebhookWorker } from './newsletter/webhook.js';
import { packageInfo } from './package-root.js';
import { PracticeConfigError, type Practice } from './practice.js';
import { PracticeStore } from './practice-store.js';
import { createPreviewService, type PinnedPreview, type PreviewServiceOptions } from './previews/cache.js';
import { previewUserAgent } from './previews/fetch.js';
import { checkSiteRoutes } from './previews/check-site.js';
import { ownerLinkPreviewRoutes } from './previews/owner-routes.js';
import { linkPreviewRoutes } from './previews/routes.js';
import { managePage } from './pages/manage.js';
import type { CommentsContext } from './comments/context.js';
import { commentPageRoutes } from './comments/page-routes.js';
import { COMMENTS_PATH, commentsRoutes, ownerCommentsRoutes } from './comments/routes.js';

export { MAX_JSON_BYTES } from './http/body.js';

/** What {@link createApp} composes. */
export interface AppOptions {
  config: Pick<ServerConfig, 'allowedOrigins' | 'publicUrl' | 'production'> &
    Partial<
      Pick<
        ServerConfig,
        | 'adminToken'
        | 'bookingRateLimit'
        | 'feedToken'
        | 'trustProxy'
        | 'subscribeRateLimit'
        | 'newsletterWelcome'
        | 'altcha'
        | 'newsletterWebhookUrl'
        | 'newsletterWebhookSecret'
        | 'commentRateLimit'
        | 'commentThreadRateLimit'
      >
    >;
  /**
   * The practice file's practice at start: what is set up once from it (the mail domain, the newsletter's sender name,
   * link previews, the feed token). Everything else reads {@link practiceStore}.
   */
  practice: Practice;
  /**
   * The practice document in the database, which the routes that use the practice read at request time; default: a
   * store holding `practice` (revision 0) that still follows a document in the database.
   */
  practiceStore?: PracticeStore;
  db: Kysely<Database>;
  dialect: Dialect;
  mailer: Mailer;
  /** Server secret for signing tokens; default: a random one for this process (links die with it). */
  secret?: string;
  /** The origin the server listens on, once known (`http://127.0.0.1:8787`); always allowed by CORS. */
  ownOrigin?: () => string | undefined;
  /** Folders served as static files; default `<package>/demo` and `<package>/dist`. */
  paths?: { demo?: string; dist?: string; public?: string };
  /** Server-side error log; default console.error. */
  logError?: (message: string, error: unknown) => void;
  /**
   * The mail worker that sends the outbox; kicked after every write request so mail goes out at once. Without one
   * (tests of the app alone) mail waits in the outbox table.
   */
  mailWorker?: MailWorker;
  /** Registers work to stop when the server closes (background timers). */
  onShutdown?: (stop: () => void) => void;
  /** Registers what must end as soon as the server starts closing (the owner's event streams hold connections). */
  onClosing?: (stop: () => void) => void;
  /** The clock (tests may fix it); default `() => new Date()`. */
  now?: () => Date;
  /** Link previews: a resolver, CA certificates or another limit (tests and the benchmark, in a namespace). */
  previews?: Partial<Pick<PreviewServiceOptions, 'resolver' | 'ca' | 'rateLimit' | 'pollMs'>>;
}

/** The practice file's pinned previews, their image files read (loadPractice made their paths absolute). */
export function pinnedPreviews(practice: Practice): PinnedPreview[] {
  return practice.linkPreview.pinned.map((p) => {
    let image: PinnedPreview['image'];
    if (p.image) {
      const file = resolve(p.image.file);
      try {
        image = { bytes: readFileSync(file), ...(p.image.alt ? { alt: p.image.alt } : {}) };
      } catch (error) {
        throw new PracticeConfigError(
          `Invalid configuration: linkPreview.pinned: cannot read ${p.image.file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        );
      }
    }
    return {
      url: p.url,
      title: p.title,
      ...(p.description ? { description: p.description } : {}),
      ...(p.siteName ? { siteName: p.siteName } : {}),
      ...(p.lang ? { lang: p.lang } : {}),
      ...(image ? { image } : {}),
    };
  });
}

const isApi = (c: Context) =>
  c.req.path === '/api' || c.req.path.startsWith('/api/') || c.req.path.startsWith('/admin/api/');

/**
 * Whether a request's routes read the practice, so the practice store must look for a newer document first (one
 * primary-key read of the revision): services, availability, bookings, the waitlist, the calendar feed, the manage
 * page and everything of the owner. Health, link previews, comments, the newsletter and static files never pay it.
 */
export function usesPractice(path: string): boolean {
  return (
    /^\/api\/v1\/(services|availability|bookings|waitlist)(\/|$)/.test(path) ||
    /^\/(admin|waitlist|calendar|manage)(\/|$)/.test(path) ||
    path.startsWith('/api/v1/owner/')
  );
}

/** The two prefixes of every owner route: scripts with the bearer token, the console with its session cookie. */
export const OWNER_PREFIXES = ['/api/v1/owner', '/admin/api'] as const;

/**
 * Mounts an owner router at both prefixes (`/api/v1/owner/<x>` is also `/admin/api/<x>`). The owner door (bearer or
 * session cookie, and the cross-site check) is installed on both prefixes by {@link createApp} before any of them.
 */
export function mountOwner(app: Hono, router: Hono): void {
  for (const prefix of OWNER_PREFIXES) app.route(prefix, router);
}

/** Composes the Soleus HTTP server: security headers, CORS, the JSON conventions, the API and static files. */
export function createApp(options: AppOptions) {
  const { config } = options;
  const root = packageInfo().root;
  const demoDir = options.paths?.demo ?? join(root, 'demo');
  const distDir = options.paths?.dist ?? join(root, 'dist');
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const fixedOrigins = new Set(config.allowedOrigins);
  if (config.publicUrl) fixedOrigins.add(new URL(config.publicUrl).origin);

  const allowOrigin = (origin: string) => fixedOrigins.has(origin) || origin === options.ownOrigin?.();
  const app = new Hono();

  // The one place where refusals become responses: a ContractError (BookingError included) thrown anywhere below.
  app.onError((error, c) => {
    if (error instanceof ContractError) {
      return isApi(c) ? contractErrorResponse(c, error) : c.text(error.message, error.status, error.headers);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const status = error.status as ContentfulStatusCode;
      const message = error.message || 'The request could not be handled.';
      return isApi(c) ? apiError(c, status, codeForStatus(status), message) : c.text(message, status);
    }
    if (isBusyError(error)) {
      // Not a bug: the database stayed contended through every retry, or every connection was busy.
      logError(`Database busy on ${c.req.method} ${c.req.path}:`, error);
      return isApi(c)
        ? apiError(c, 503, 'busy', 'We are very busy right now; please try again in a moment.', undefined, {
            'Retry-After': '1',
          })
        : c.text('Service Unavailable', 503, { 'Retry-After': '1' });
    }
    logError(`Unhandled error on ${c.req.method} ${c.req.path}:`, error);
    return isApi(c)
      ? apiError(c, 500, 'internal_error', 'Something went wrong on our side; please try again.')
      : c.text('Internal Server Error', 500);
  });

  app.notFound((c) =>
    isApi(c) ? apiError(c, 404, 'not_found', `There is no ${c.req.path} in this API.`) : c.text('Not Found', 404),
  );

  app.use(
    baseHeaders({
      security: {
        'Content-Security-Policy': cspText({
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'self'"],
        }),
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Resource-Policy': 'same-origin',
        'Origin-Agent-Cluster': '?1',
        'Referrer-Policy': 'strict-origin-when-cross-origin',
        'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
        'X-Content-Type-Options': 'nosniff',
        'X-DNS-Prefetch-Control': 'off',
        'X-Download-Options': 'noopen',
        'X-Frame-Options': 'SAMEORIGIN',
        'X-Permitted-Cross-Domain-Policies': 'none',
        'X-XSS-Protection': '0',
      },
      corsPrefix: '/api',
      allowOrigin,
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key'],
      exposeHeaders: ['Retry-After', 'ETag'],
      maxAgeSeconds: 600,
    }),
  );

  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => {
        const headers = { Allow: methods.join(', ') };
        return isApi(c)
          ? apiError(
              c,
              405,
              'method_not_allowed',
              `${c.req.method} is not allowed here; use ${methods.join(' or ')}.`,
              undefined,
              headers,
            )
          : c.text('Method Not Allowed', 405, headers);
      },
    }),
  );

  // JSON conventions for every write under /api: 413 too large, 415 not JSON, 400 malformed JSON.
  app.use('/api/*', jsonBodies([SUBSCRIPTIONS_PATH, COMMENTS_PATH]));

  // The practice lives in the database (practice-store.ts): routes that read it see the latest document, written by
  // this process or another on the same database, because it is looked for before they run.
  const store =
    options.practiceStore ??
    new PracticeStore(options.db, options.dialect, { practice: options.practice, revision: 0 });
  const current = () => store.current();
  app.use(async (c, next) => {
    if (usesPractice(c.req.path)) await store.refresh();
    await next();
  });

  app.route(
    '/api/v1/health',
    healthRoutes({ db: options.db, dialect: options.dialect, version: packageInfo().version }),
  );

  // Mail is written to the outbox in each change's transaction; once the request is answered (so committed), the
  // worker is told to look.
  const worker = options.mailWorker;
  if (worker) {
    app.use(async (c, next) => {
      await next();
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS') worker.kick();
    });
  }
  const now = options.now ?? (() => new Date());
  const links = () => ({ publicUrl: config.publicUrl ?? options.ownOrigin?.() ?? 'http://127.0.0.1:8787' });
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const booking: BookingRouteContext = {
    deps: {
      db: options.db,
      dialect: options.dialect,
      get practice() {
        return current();
      },
      practiceRevision: store.bookingRevision(),
      now,
      mail: bookingMail({
        get practice() {
          return current();
        },
        links,
        now,
      }),
    },
    rateLimit: config.bookingRateLimit ?? 10,
    trustProxy: config.trustProxy ?? false,
    adminToken: config.adminToken,
    feedToken: config.feedToken ?? options.practice.feedToken,
    links,
  };
  const ownUrl = () => booking.links().publicUrl.replace(/\/+$/, '');
  booking.waitlist = {
    deps: booking.deps,
    secret,
    mailDomain: domainOf(options.practice.email),
    // Posts per client IP per minute: the newsletter's limit (both are "email me" forms).
    rateLimit: config.subscribeRateLimit ?? 5,
    publicUrl: ownUrl,
    bookingPage: () => current().bookingPage ?? `${ownUrl()}/`,
    logError,
  };
  // The owner console's door, before every owner route: cookie-borne writes from another site are refused, then the
  // caller must hold the bearer token or a live session (admin/).
  const admin: AdminContext = {
    db: options.db,
    dialect: options.dialect,
    get practice() {
      return current();
    },
    now,
    adminToken: config.adminToken,
    publicUrl: config.publicUrl,
    linkBase: ownUrl,
    mailDomain: domainOf(options.practice.email),
    trustProxy: config.trustProxy ?? false,
  };
  for (const prefix of ['/admin', ...OWNER_PREFIXES]) app.use(`${prefix}/*`, crossSiteGuard(admin));
  app.use('/admin/*', jsonBodies(['/admin/sign-in', '/admin/link']));
  for (const prefix of OWNER_PREFIXES) app.use(`${prefix}/*`, ownerAuth(admin));
  app.route('/admin/api', adminApiRoutes(admin));
  app.route('/admin', adminRoutes(admin));
  app.get(
    '/admin/console.js',
    async (c) => (await sendFile(c, join(distDir, 'console.js'), { cacheControl: 'no-cache' })) ?? c.notFound(),
  );

  app.route(WAITLIST_PATH, waitlistRoutes(booking.waitlist, booking.trustProxy));
  app.route('/', waitlistPageRoutes(booking.waitlist));
  app.route('/api/v1/services', servicesRoutes(current));
  app.route('/api/v1/availability', availabilityRoutes(booking));
  app.route('/api/v1/bookings', bookingsRoutes(booking));
  mountOwner(app, ownerBookingsRoutes(booking, options.onClosing));
  mountOwner(app, timeOffRoutes(booking));
  mountOwner(app, practiceRoutes(booking, store));
  mountOwner(
    app,
    insightsRoutes({
      db: options.db,
      now: booking.deps.now,
      timeZone: () => current().timeZone,
      adminToken: config.adminToken,
    }),
  );
  app.route('/calendar', calendarFeedRoutes(booking));

  const newsletter: NewsletterContext = {
    db: options.db,
    dialect: options.dialect,
    secret,
    now: booking.deps.now,
    mailDomain: domainOf(options.practice.email),
    senderName: options.practice.name,
    publicUrl: () => booking.links().publicUrl.replace(/\/+$/, ''),
    rateLimit: config.subscribeRateLimit ?? 5,
    addressRateLimit: 5,
    trustProxy: config.trustProxy ?? false,
    adminToken: config.adminToken,
    welcome: config.newsletterWelcome ?? DEFAULT_WELCOME,
    altcha: config.altcha ?? false,
    webhook:
      config.newsletterWebhookUrl && config.newsletterWebhookSecret
        ? createWebhookWorker({
            db: options.db,
            url: config.newsletterWebhookUrl,
            secret: config.newsletterWebhookSecret,
            logError,
          })
        : undefined,
    logError,
  };
  newsletter.webhook?.kick(); // resume deliveries a previous run left due
  if (newsletter.webhook) options.onShutdown?.(() => newsletter.webhook?.stop());
  app.route('/api/v1/form-token', formTokenRoutes(newsletter));
  app.route(SUBSCRIPTIONS_PATH, subscriptionsRoutes(newsletter));
  mountOwner(app, ownerSubscribersRoutes(newsletter));
  app.route('/', newsletterPageRoutes(newsletter));

  const comments: CommentsContext = {
    db: options.db,
    dialect: options.dialect,
    secret,
    now: booking.deps.now,
    mailDomain: domainOf(options.practice.email),
    // The latest document this process has read: comment routes do not look for a newer one (see usesPractice).
    get practice() {
      return current();
    },
    publicUrl: newsletter.publicUrl,
    rateLimit: config.commentRateLimit ?? 5,
    threadRateLimit: config.commentThreadRateLimit ?? 30,
    trustProxy: config.trustProxy ?? false,
    adminToken: config.adminToken,
    altcha: config.altcha ?? false,
    logError,
  };
  app.route(COMMENTS_PATH, commentsRoutes(comments));
  mountOwner(app, ownerCommentsRoutes(comments));
  app.route('/comments', commentPageRoutes(comments));
  const previews = createPreviewService({
    db: options.db,
    secret,
    userAgent: previewUserAgent(
      packageInfo().version,
      config.publicUrl ?? 'https://www.npmjs.com/package/@soleus/widgets',
    ),
    rateLimit: options.practice.linkPreview.rateLimit,
    allowedHosts: options.practice.linkPreview.allowedHosts ?? null,
    now: booking.deps.now,
    logError,
    ...options.previews,
  });
  // Hand-written cards first: the route waits for them, so the demo card never triggers a fetch.
  const pinned = previews.pin(pinnedPreviews(options.practice));
  pinned.catch((error: unknown) => logError('Pinned link previews could not be written:', error));
  app.use('/api/v1/link-preview/*', async (_c, next) => {
    await pinned.catch(() => undefined);
    await next();
  });
  app.route('/api/v1/link-preview', linkPreviewRoutes({ service: previews, trustProxy: config.trustProxy ?? false }));
  mountOwner(app, ownerLinkPreviewRoutes({ service: previews, adminToken: config.adminToken, ready: pinned }));
  mountOwner(
    app,
    checkSiteRoutes({
      adminToken: config.adminToken,
      userAgent: previewUserAgent(
        packageInfo().version,
        config.publicUrl ?? 'https://www.npmjs.com/package/@soleus/widgets',
      ),
      resolver: options.previews?.resolver,
      ca: options.previews?.ca,
      publicUrl: config.publicUrl,
      allowOrigin,
    }),
  );

  if (!config.production) app.route('/dev', outboxRoutes(options.db));

  // Static files: the demo page and the built widgets.
  app.get('/', async (c) => {
    const page = await sendFile(c, join(demoDir, 'index.html'), { cacheControl: 'no-cache' });
    return page ?? c.html(fallbackHomePage(), 200, { 'Cache-Control': 'no-store' });
  });
  app.get('/demo/*', async (c) => {
    const rest = pathAfter(c, '/demo/');
    // Never serve dotfiles or the practice configuration (it holds the calendar feed token).
    if (rest.split('/').some((s) => s.startsWith('.') && s !== '.') || /(^|\/)practice[^/]*\.json$/.test(rest))
      return c.notFound();
    return (await sendFile(c, safeJoin(demoDir, rest), { cacheControl: 'no-cache' })) ?? c.notFound();
  });
  // The server's own pages (manage a booking) and their assets.
  const publicDir = options.paths?.public ?? join(root, 'public');
  app.get('/manage', (c) => {
    const practice = current();
    const siteUrl = practice.website ?? config.publicUrl ?? `${new URL(c.req.url).origin}/`;
    return c.html(managePage({ practiceName: practice.name, siteUrl }), 200, { 'Cache-Control': 'no-cache' });
  });
  app.get(
    '/assets/*',
    async (c) =>
      (await sendFile(c, safeJoin(publicDir, pathAfter(c, '/assets/')), { cacheControl: 'no-cache' })) ?? c.notFound(),
  );
  app.get(
    '/soleus.js',
    async (c) =>
      (await sendFile(c, join(distDir, 'soleus.js'), { cacheControl: CACHE_UNHASHED, crossOrigin: true })) ??
      c.notFound(),
  );
  app.get('/widgets/*', async (c) => {
    const rest = pathAfter(c, '/widgets/');
    const cacheControl = rest.startsWith('chunks/') ? CACHE_IMMUTABLE : CACHE_UNHASHED;
    return (
      (await sendFile(c, safeJoin(join(distDir, 'widgets'), rest), { cacheControl, crossOrigin: true })) ?? c.notFound()
    );
  });
  app.get('/chunks/*', async (c) => {
    const rest = pathAfter(c, '/chunks/');
    return (
      (await sendFile(c, safeJoin(join(distDir, 'chunks'), rest), {
        cacheControl: CACHE_IMMUTABLE,
        crossOrigin: true,
      })) ?? c.notFound()
    );
  });

  return app;
}

/** The composed app's type, for typed clients. */
export type SoleusApp = ReturnType<typeof createApp>;
