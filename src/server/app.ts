import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BookingRouteContext } from './booking/context.js';
import {
  availabilityRoutes,
  bookingsRoutes,
  calendarFeedRoutes,
  ownerBookingsRoutes,
  servicesRoutes,
} from './booking/routes.js';
import type { ServerConfig } from './config.js';
import type { Database, Dialect } from './db/schema.js';
import { isBusyError } from './db/transaction.js';
import { healthRoutes } from './health.js';
import { jsonBodies } from './http/body.js';
import { apiError, codeForStatus, ContractError, contractErrorResponse } from './http/errors.js';
import { baseHeaders, cspText } from './http/headers.js';
import { CACHE_IMMUTABLE, CACHE_UNHASHED, pathAfter, safeJoin, sendFile } from './http/static.js';
import type { Mailer } from './mail/mailer.js';
import { createDispatcher, type MailDispatcher } from './mail/dispatch.js';
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
import type { Practice } from './practice.js';
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
  practice: Practice;
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
  /** Sends mail after responses; default: a dispatcher over `mailer`. */
  mail?: MailDispatcher;
  /** Registers work to stop when the server closes (background timers). */
  onShutdown?: (stop: () => void) => void;
  /** The clock (tests may fix it); default `() => new Date()`. */
  now?: () => Date;
}

const isApi = (c: Context) => c.req.path === '/api' || c.req.path.startsWith('/api/');

/** Composes the Soleus HTTP server: security headers, CORS, the JSON conventions, the API and static files. */
export function createApp(options: AppOptions) {
  const { config } = options;
  const root = packageInfo().root;
  const demoDir = options.paths?.demo ?? join(root, 'demo');
  const distDir = options.paths?.dist ?? join(root, 'dist');
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const fixedOrigins = new Set(config.allowedOrigins);
  if (config.publicUrl) fixedOrigins.add(new URL(config.publicUrl).origin);

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
      allowOrigin: (origin) => fixedOrigins.has(origin) || origin === options.ownOrigin?.(),
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

  app.route(
    '/api/v1/health',
    healthRoutes({ db: options.db, dialect: options.dialect, version: packageInfo().version }),
  );

  const mail = options.mail ?? createDispatcher(options.mailer, logError);
  const booking: BookingRouteContext = {
    deps: {
      db: options.db,
      dialect: options.dialect,
      practice: options.practice,
      now: options.now ?? (() => new Date()),
    },
    rateLimit: config.bookingRateLimit ?? 10,
    trustProxy: config.trustProxy ?? false,
    adminToken: config.adminToken,
    feedToken: config.feedToken ?? options.practice.feedToken,
    links: () => ({ publicUrl: config.publicUrl ?? options.ownOrigin?.() ?? 'http://127.0.0.1:8787' }),
    mail,
  };
  app.route('/api/v1/services', servicesRoutes(options.practice));
  app.route('/api/v1/availability', availabilityRoutes(booking));
  app.route('/api/v1/bookings', bookingsRoutes(booking));
  app.route('/api/v1/owner', ownerBookingsRoutes(booking));
  app.route('/calendar', calendarFeedRoutes(booking));

  const secret = options.secret ?? randomBytes(32).toString('hex');
  const newsletter: NewsletterContext = {
    db: options.db,
    dialect: options.dialect,
    secret,
    now: booking.deps.now,
    mail,
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
  app.route('/api/v1/owner', ownerSubscribersRoutes(newsletter));
  app.route('/', newsletterPageRoutes(newsletter));

  const comments: CommentsContext = {
    db: options.db,
    dialect: options.dialect,
    secret,
    now: booking.deps.now,
    mail,
    practice: options.practice,
    publicUrl: newsletter.publicUrl,
    rateLimit: config.commentRateLimit ?? 5,
    threadRateLimit: config.commentThreadRateLimit ?? 30,
    trustProxy: config.trustProxy ?? false,
    adminToken: config.adminToken,
    altcha: config.altcha ?? false,
    logError,
  };
  app.route(COMMENTS_PATH, commentsRoutes(comments));
  app.route('/api/v1/owner', ownerCommentsRoutes(comments));
  app.route('/comments', commentPageRoutes(comments));

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
    const siteUrl = options.practice.website ?? config.publicUrl ?? `${new URL(c.req.url).origin}/`;
    return c.html(managePage({ practiceName: options.practice.name, siteUrl }), 200, { 'Cache-Control': 'no-cache' });
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
