import { serve, type ServerType } from '@hono/node-server';
import { STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type AppOptions, createApp } from './app.js';
import { seedDemoComments } from './comments/seed.js';
import { errorBody } from './http/errors.js';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { migrateToLatest, openDatabase, type OpenDatabase } from './db/index.js';
import { ensureSecret } from './db/secret.js';
import { createMailWorker, type MailWorker, type MailWorkerOptions } from './mail/worker.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { writeTransaction } from './booking/store.js';
import { readPracticeFile, type Practice } from './practice.js';
import { PracticeStore } from './practice-store.js';

/** The feed token in demo/practice.json: public, so never accepted in production. */
export const DEMO_FEED_TOKEN = 'demo-feed-token-change-me-0123456789';

/** Options of {@link startServer}: CLI-style arguments and an environment, or a ready config. */
export interface StartOptions {
  /** CLI options after `serve`, e.g. `['--port', '0', '--db', 'sqlite::memory:']`. */
  args?: string[];
  /** Environment to read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** A ready configuration; overrides `args`/`env`. */
  config?: ServerConfig;
  /** Server-side error log; default console.error. */
  logError?: (message: string, error: unknown) => void;
  /** Socket time limits; default {@link TIMEOUTS}. Tests shorten them. */
  timeouts?: Partial<Record<keyof typeof TIMEOUTS, number>>;
  /** The clock of the app and the mail worker (tests fix it); default the system clock. */
  now?: () => Date;
  /** Mail worker settings (tests); `start: false` leaves it stopped, to be driven by `mail.runOnce()`. */
  mailWorker?: Partial<Omit<MailWorkerOptions, 'db' | 'dialect' | 'mailer' | 'logError' | 'now'>> & {
    start?: boolean;
  };
  /** Link previews and "check my site": a resolver or CA certificates (tests; see AppOptions.previews). */
  previews?: AppOptions['previews'];
}

/**
 * How long a client may take, far beyond what a real visitor needs and far below Node's defaults (60 s for the
 * headers, 5 minutes for the whole request), so a slow client cannot hold sockets open for a minute each: headers
 * (a few hundred bytes, sent at once by every browser) within 10 s; the whole request, whose body is at most 64 KiB,
 * within 30 s, enough for a phone on a bad 2G link. Node checks them every `checkEveryMs` (default 30 s, which would
 * let a 10 s limit run to 40 s).
 */
export const TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 } as const;

/** A running server. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  config: ServerConfig;
  /** The practice file's practice, as read at start (the database's document may differ: see `practiceStore`). */
  practice: Practice;
  /** The practice document in the database, which the routes read. */
  practiceStore: PracticeStore;
  database: OpenDatabase;
  mailer: Mailer;
  /** The mail worker sending the outbox; `await mail.idle()` waits until mail due now has been handed to SMTP. */
  mail: MailWorker;
  /** Node's HTTP server (its timeouts, its sockets). */
  httpServer: Server;
  /** Stops accepting connections, then closes the database. */
  close(): Promise<void>;
}

/**
 * Requests Node refuses before any handler runs (headers too large, too slow, not HTTP) are answered in the contract's
 * error shape too, and with `Connection: close`, since Node closes the socket after them.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers (or the address) are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request took too long to arrive.']
        : [400, 'bad_request', 'The request is not valid HTTP.'];
  const body = JSON.stringify(errorBody(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}

function originFor(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

function senderFor(practice: Practice): string {
  const name = practice.name.replace(/["\\\r\n]/g, '');
  return `"${name}" <${practice.email ?? 'no-reply@localhost'}>`;
}

/**
 * Loads the configuration and practice, opens and migrates the database, then listens.
 * Throws ConfigError / PracticeConfigError / DatabaseError / MigrationError with one-line messages.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = options.config ?? loadConfig(options.args ?? [], options.env ?? process.env);
  const { document, practice } = readPracticeFile(config.configPath);
  if (config.production && (config.feedToken ?? practice.feedToken) === DEMO_FEED_TOKEN) {
    // Anyone who has read the demo file could read every client's name, email and phone from the feed.
    throw new ConfigError(
      'The calendar feed token is still the demo one, which is public; set SOLEUS_FEED_TOKEN (16+ letters, digits, - or _) or feedToken in the practice file.',
    );
  }
  const database = await openDatabase(config.database);
  let server: ServerType | undefined;
  let mailer: Mailer | undefined;
  try {
    await migrateToLatest(database.db, database.dialect, { where: database.where });
    const secret = await ensureSecret(database.db, config.secret);
    // The file seeds the practice document on first start; afterwards the database's document wins (import-practice
    // and the owner console replace it).
    const practiceStore = await PracticeStore.open(database.db, database.dialect, { document, practice });
    // The bundled demo practice only: the demo post's comment box shows a few comments and an owner reply.
    if (config.demoPractice && !config.production)
      await seedDemoComments(database.db, database.dialect, secret, practice, Date.now());
    mailer = createMailer({
      smtpUrl: config.smtpUrl,
      db: database.db,
      ...(database.dialect === 'sqlite' ? { write: (work) => writeTransaction(database.db, 'sqlite', work) } : {}),
      production: config.production,
      from: senderFor(practice),
    });
    let ownOrigin: string | undefined = undefined; // known once the socket listens (below)
    const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
    const now = options.now;
    const mail = createMailWorker({
      db: database.db,
      dialect: database.dialect,
      mailer,
      logError,
      ...(now ? { now: () => now().getTime() } : {}),
      ...(config.mailRetrySeconds !== undefined ? { retryBaseMs: config.mailRetrySeconds * 1000 } : {}),
      ...(config.mailPollSeconds !== undefined ? { intervalMs: config.mailPollSeconds * 1000 } : {}),
      ...(config.mailLeaseSeconds !== undefined ? { leaseMs: config.mailLeaseSeconds * 1000 } : {}),
      ...options.mailWorker,
    });
    const shutdown: (() => void)[] = [];
    const closingHooks: (() => void)[] = [];
    const app = createApp({
      onClosing: (stop) => closingHooks.push(stop),
      mailWorker: mail,
      ...(now ? { now } : {}),
      onShutdown: (stop) => shutdown.push(stop),
      config,
      practice,
      practiceStore,
      db: database.db,
      dialect: database.dialect,
      mailer,
      secret,
      ownOrigin: () => ownOrigin,
      ...(options.previews ? { previews: options.previews } : {}),
      ...(options.logError ? { logError: options.logError } : {}),
    });
    // Requests still being handled (their client may have gone): close() waits for them before closing the database.
    let inFlight = 0;
    let drained: (() => void) | undefined;
    const tracked = async (request: Request, env?: unknown): Promise<Response> => {
      inFlight++;
      try {
        return await app.fetch(request, env as never);
      } finally {
        if (--inFlight === 0) drained?.();
      }
    };
    const listening = await new Promise<ServerType>((resolve, reject) => {
      const timeouts = { ...TIMEOUTS, ...options.timeouts };
      const s = serve(
        {
          fetch: tracked,
          hostname: config.host,
          port: config.port,
          serverOptions: {
            headersTimeout: timeouts.headersMs,
            requestTimeout: timeouts.requestMs,
            connectionsCheckingInterval: timeouts.checkEveryMs,
          },
        },
        () => resolve(s),
      );
      s.on('clientError', answerClientError);
      s.once('error', reject);
    });
    server = listening;
    if (options.mailWorker?.start !== false) mail.start(); // also sends what a previous run left due
    const port = (listening.address() as AddressInfo).port;
    const url = originFor(config.host, port);
    ownOrigin = url;
    const activeMailer = mailer;
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      config,
      practice,
      practiceStore,
      database,
      mailer: activeMailer,
      mail,
      httpServer: listening as Server,
      close() {
        closing ??= (async () => {
          for (const stop of closingHooks) stop();
          await new Promise<void>((resolve) => {
            listening.close(() => resolve());
            // Keep-alive connections would hold close() open; idle ones go now, busy ones after their response.
            if ('closeIdleConnections' in listening) listening.closeIdleConnections();
          });
          if (inFlight > 0) {
            await new Promise<void>((resolve) => {
              drained = resolve;
              setTimeout(resolve, 15_000).unref(); // a handler stuck for good must not hold shutdown forever
            });
          }
          for (const stop of shutdown) stop();
          // Sends already started finish (bounded); what is left waits in the outbox for the next start.
          await mail.stop(5_000);
          activeMailer.close();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    server?.close();
    mailer?.close();
    await database.close().catch(() => {});
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Cannot listen on ${config.host}:${config.port}: the port is already in use.`);
    }
    throw error;
  }
}
