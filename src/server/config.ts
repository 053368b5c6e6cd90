import { isAbsolute, join, resolve } from 'node:path';
import { packageInfo } from './package-root.js';

/** A bad option or environment variable; `message` is one line meant for the terminal. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Where the data lives, parsed from `--db` / `DATABASE_URL`. */
export type DatabaseTarget =
  { dialect: 'sqlite'; url: string; filename: string } | { dialect: 'postgres'; url: string };

/** Everything the server needs from its command line and environment. */
export interface ServerConfig {
  host: string;
  port: number;
  database: DatabaseTarget;
  /** Absolute path of the practice configuration JSON. */
  configPath: string;
  smtpUrl: string | undefined;
  adminToken: string | undefined;
  /** Normalised origins (`https://example.com`) allowed by CORS besides the server's own. */
  allowedOrigins: string[];
  /** Base URL used in emails and links; undefined means "the URL the server listens on". */
  publicUrl: string | undefined;
  production: boolean;
  /** Optional fixed server secret (`SOLEUS_SECRET`), otherwise generated and stored in the database. */
  secret: string | undefined;
  /** Booking posts allowed per client IP per minute (`--booking-rate-limit` / `SOLEUS_BOOKING_RATE_LIMIT`, default 10). */
  bookingRateLimit: number;
  /** Secret of the owner's calendar feed `/calendar/<token>.ics` (`SOLEUS_FEED_TOKEN`); overrides the practice file's. */
  feedToken: string | undefined;
  /** Take the client IP from the last `X-Forwarded-For` hop (`SOLEUS_TRUST_PROXY=1`, behind a reverse proxy). */
  trustProxy: boolean;
  /** Newsletter signups allowed per client IP per minute (`--subscribe-rate-limit` / `SOLEUS_SUBSCRIBE_RATE_LIMIT`, default 5). */
  subscribeRateLimit: number;
  /** Welcome email text after confirmation (`SOLEUS_NEWSLETTER_WELCOME`); `false` (`off`) sends none; undefined: the default text. */
  newsletterWelcome: string | false | undefined;
  /** Require an ALTCHA proof of work with each signup (`SOLEUS_ALTCHA=1`). */
  altcha: boolean;
  /** URL that receives each confirmed subscriber as signed JSON (`SOLEUS_NEWSLETTER_WEBHOOK_URL`). */
  newsletterWebhookUrl: string | undefined;
  /** HMAC key of the webhook's signature header (`SOLEUS_NEWSLETTER_WEBHOOK_SECRET`, required with the URL). */
  newsletterWebhookSecret: string | undefined;
  /** Comment posts allowed per client IP per minute (`SOLEUS_COMMENT_RATE_LIMIT`, default 5). */
  commentRateLimit: number;
  /** Comment posts allowed per thread per minute, from everyone (`SOLEUS_COMMENT_THREAD_RATE_LIMIT`, default 30). */
  commentThreadRateLimit: number;
  /** True when the practice file is the bundled demo one: the demo post's thread gets a few seeded comments. */
  demoPractice: boolean;
}

const OPTIONS = {
  host: 'HOST',
  port: 'PORT',
  db: 'DATABASE_URL',
  config: 'SOLEUS_CONFIG',
  'booking-rate-limit': 'SOLEUS_BOOKING_RATE_LIMIT',
  'subscribe-rate-limit': 'SOLEUS_SUBSCRIBE_RATE_LIMIT',
} as const;
type OptionName = keyof typeof OPTIONS;

/** Parses `--name value` / `--name=value` options; unknown options and missing values are errors. */
export function parseArgs(argv: readonly string[]): Partial<Record<OptionName, string>> {
  const out: Partial<Record<OptionName, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ConfigError(`Unexpected argument "${arg}"; see soleus --help.`);
    const eq = arg.indexOf('=');
    const name = (eq === -1 ? arg.slice(2) : arg.slice(2, eq)) as OptionName;
    if (!Object.hasOwn(OPTIONS, name)) throw new ConfigError(`Unknown option --${name}; see soleus --help.`);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new ConfigError(`Option --${name} needs a value.`);
      i++;
    }
    out[name] = value;
  }
  return out;
}

/** Parses a database URL: `sqlite:<file>`, `sqlite::memory:` or `postgres://…`. */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (rest === '')
      throw new ConfigError(`Database URL "${url}" names no file; use sqlite:./data/soleus.db or sqlite::memory:.`);
    if (rest === ':memory:') return { dialect: 'sqlite', url, filename: ':memory:' };
    return { dialect: 'sqlite', url, filename: isAbsolute(rest) ? rest : resolve(cwd, rest) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      const parsed = new URL(url);
      if (!parsed.hostname) throw new Error('no host');
    } catch {
      throw new ConfigError(`Database URL "${redactUrl(url)}" is not a valid postgres:// URL.`);
    }
    return { dialect: 'postgres', url };
  }
  throw new ConfigError(
    `Database URL "${redactUrl(url)}" is not supported; use sqlite:<file>, sqlite::memory: or postgres://user@host:port/db.`,
  );
}

/** Hides a password in a URL so it can be printed. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

function parseOrigin(value: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${what} "${value}" is not a URL like https://example.com.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`${what} "${value}" must start with http:// or https://.`);
  }
  return parsed.origin;
}

/** Builds the server configuration from CLI arguments (which win) and environment variables. */
export function loadConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): ServerConfig {
  const args = parseArgs(argv);
  const pick = (name: OptionName): string | undefined => {
    const value = args[name] ?? env[OPTIONS[name]];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const host = pick('host') ?? '127.0.0.1';
  if (/[\s/]/.test(host)) throw new ConfigError(`Host "${host}" is not a host name or IP address.`);

  const portText = pick('port') ?? '8787';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new ConfigError(`Port "${portText}" is not a number from 0 to 65535.`);
  }

  const database = parseDatabaseUrl(pick('db') ?? 'sqlite:./data/soleus.db', cwd);

  const configArg = pick('config');
  const configPath = configArg
    ? isAbsolute(configArg)
      ? configArg
      : resolve(cwd, configArg)
    : join(packageInfo().root, 'demo', 'practice.json');

  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError(`SMTP_URL "${redactUrl(smtpUrl)}" must start with smtp:// or smtps://.`);
  }

  const allowedOrigins = (env.SOLEUS_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((origin) => parseOrigin(origin, 'SOLEUS_ALLOWED_ORIGINS entry'));

  const publicText = env.SOLEUS_PUBLIC_URL?.trim() || undefined;
  let publicUrl: string | undefined;
  if (publicText) {
    parseOrigin(publicText, 'SOLEUS_PUBLIC_URL');
    publicUrl = publicText.replace(/\/+$/, '');
  }

  const adminToken = env.SOLEUS_ADMIN_TOKEN?.trim() || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('SOLEUS_ADMIN_TOKEN is too short; use at least 16 random characters.');
  }

  const secret = env.SOLEUS_SECRET?.trim() || undefined;
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('SOLEUS_SECRET is too short; use at least 32 characters (e.g. 64 hex digits).');
  }

  const rateText = pick('booking-rate-limit') ?? '10';
  if (!/^\d{1,9}$/.test(rateText) || Number(rateText) < 1) {
    throw new ConfigError(`Booking rate limit "${rateText}" is not a whole number of posts a minute (1 or more).`);
  }

  const subscribeRateText = pick('subscribe-rate-limit') ?? '5';
  if (!/^\d{1,9}$/.test(subscribeRateText) || Number(subscribeRateText) < 1) {
    throw new ConfigError(
      `Subscribe rate limit "${subscribeRateText}" is not a whole number of signups a minute (1 or more).`,
    );
  }

  const welcomeText = env.SOLEUS_NEWSLETTER_WELCOME?.trim() || undefined;
  const newsletterWelcome =
    welcomeText === undefined ? undefined : /^(off|none|false|0)$/i.test(welcomeText) ? false : welcomeText;
  if (typeof newsletterWelcome === 'string' && newsletterWelcome.length > 5000) {
    throw new ConfigError('SOLEUS_NEWSLETTER_WELCOME is too long; use at most 5000 characters.');
  }

  const webhookText = env.SOLEUS_NEWSLETTER_WEBHOOK_URL?.trim() || undefined;
  if (webhookText !== undefined) parseOrigin(webhookText, 'SOLEUS_NEWSLETTER_WEBHOOK_URL');
  const newsletterWebhookSecret = env.SOLEUS_NEWSLETTER_WEBHOOK_SECRET?.trim() || undefined;
  if (webhookText !== undefined && (newsletterWebhookSecret === undefined || newsletterWebhookSecret.length < 16)) {
    throw new ConfigError(
      'SOLEUS_NEWSLETTER_WEBHOOK_URL needs SOLEUS_NEWSLETTER_WEBHOOK_SECRET (at least 16 characters) to sign its posts.',
    );
  }

  const perMinute = (name: string, fallback: string): number => {
    const text = env[name]?.trim() || fallback;
    if (!/^\d{1,9}$/.test(text) || Number(text) < 1)
      throw new ConfigError(`${name} "${text}" is not a whole number of posts a minute (1 or more).`);
    return Number(text);
  };
  const commentRateLimit = perMinute('SOLEUS_COMMENT_RATE_LIMIT', '5');
  const commentThreadRateLimit = perMinute('SOLEUS_COMMENT_THREAD_RATE_LIMIT', '30');

  const feedToken = env.SOLEUS_FEED_TOKEN?.trim() || undefined;
  if (feedToken !== undefined && !/^[A-Za-z0-9_-]{16,}$/.test(feedToken)) {
    throw new ConfigError('SOLEUS_FEED_TOKEN must be at least 16 letters, digits, "-" or "_".');
  }

  return {
    bookingRateLimit: Number(rateText),
    subscribeRateLimit: Number(subscribeRateText),
    newsletterWelcome,
    altcha: /^(1|true|yes)$/i.test(env.SOLEUS_ALTCHA?.trim() ?? ''),
    newsletterWebhookUrl: webhookText,
    newsletterWebhookSecret,
    commentRateLimit,
    commentThreadRateLimit,
    demoPractice: !configArg,
    feedToken,
    trustProxy: /^(1|true|yes)$/i.test(env.SOLEUS_TRUST_PROXY?.trim() ?? ''),
    host,
    port: Number(portText),
    database,
    configPath,
    smtpUrl,
    adminToken,
    allowedOrigins,
    publicUrl,
    production: env.NODE_ENV === 'production',
    secret,
  };
}
