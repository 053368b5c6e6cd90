#!/usr/bin/env node
import { resolve } from 'node:path';
import { issueLink, linkUrl } from './admin/links.js';
import { backupDatabase, describeCopy, restoreDatabase } from './backup.js';
import { normalEmail } from './admin/context.js';
import { importCommentsFile, type ExportFormat } from './comments/import/run.js';
import { ConfigError, loadConfig, parseDatabaseUrl } from './config.js';
import { DatabaseError, MigrationError, migrateToLatest, openDatabase } from './db/index.js';
import { ensureSecret } from './db/secret.js';
import { packageInfo } from './package-root.js';
import { loadPractice, PracticeConfigError, readPracticeFile } from './practice.js';
import { PracticeStore } from './practice-store.js';
import type { PracticeDocument } from '../core/schemas/practice.js';
import { writeTransaction } from './db/transaction.js';
import { migrateTo } from './migrate-to.js';
import { previewCommand } from './preview-cli.js';
import { startServer } from './server.js';

const HELP = `Usage: soleus serve [options]
       soleus import-comments --wordpress <export.xml> | --disqus <export.xml> [--db <url>]
       soleus preview <url> [--db <url>] [--config <file>]
       soleus admin-link [--db <url>] [--email <owner>] [--config <file>]
       soleus import-practice <file> [--db <url>]
       soleus backup <file> [--db <url>] [--force]
       soleus restore <file> [--db <url>] [--force]
       soleus migrate-to <postgres://…> [--db <sqlite url>]

serve starts the Soleus server. import-comments brings comments from a WordPress (WXR) or Disqus export into the
database: threads by page address, replies and dates kept, pending and spam comments left unpublished; running it
again with the same file adds nothing.

Options (each also an environment variable):
  --host <host>     HOST            address to listen on (default 127.0.0.1)
  --port <port>     PORT            port; 0 picks a free one (default 8787)
  --db <url>        DATABASE_URL    sqlite:./data/soleus.db (default), sqlite:/abs/file.db,
                                    sqlite::memory: or postgres://user@host:port/db
  --config <file>   SOLEUS_CONFIG   practice configuration JSON (default: the demo practice)
  --booking-rate-limit <n>  SOLEUS_BOOKING_RATE_LIMIT
                                    booking posts a minute from one IP address (default 10)
  --subscribe-rate-limit <n>  SOLEUS_SUBSCRIBE_RATE_LIMIT
                                    newsletter signups a minute from one IP address (default 5)

Environment only:
  SMTP_URL                 smtp://user:pass@host:587; unset: mail goes to /dev/outbox (not in production)
  SOLEUS_ADMIN_TOKEN       bearer token for the owner API
  SOLEUS_ALLOWED_ORIGINS   comma-separated origins allowed by CORS
  SOLEUS_PUBLIC_URL        base URL used in emails and links
  SOLEUS_SECRET            fixed server secret (otherwise generated and kept in the database)
  SOLEUS_FEED_TOKEN        secret part of the owner's calendar feed URL /calendar/<token>.ics
  SOLEUS_TRUST_PROXY=1     behind a reverse proxy: client IP from the last X-Forwarded-For hop
  SOLEUS_NEWSLETTER_WELCOME  text of the welcome email after a newsletter confirmation; off: none
  SOLEUS_ALTCHA=1          newsletter signups must solve an ALTCHA proof of work (needs JavaScript)
  SOLEUS_NEWSLETTER_WEBHOOK_URL     receives each confirmed subscriber as signed JSON, retried with backoff
  SOLEUS_NEWSLETTER_WEBHOOK_SECRET  HMAC key of the webhook's X-Soleus-Signature header (16+ characters)
  NODE_ENV=production

  soleus preview <url>  fetch a link preview now (same rules as the server), cache it and print the card
  soleus admin-link   print a one-time sign-in link to the owner console (15 minutes, single use), for the first
                      set-up without mail; --email picks one of the practice file's owners (default: the first)
  soleus import-practice <file>  replace the practice document in the database with this practice file (checked
                      like the file at start); the file only seeds the database on first start
  soleus backup <file>  copy the SQLite database to <file> while the server runs (a consistent snapshot);
                      --force replaces an existing <file>; for PostgreSQL use pg_dump
  soleus restore <file>  put a backup back as the SQLite database; refused while any process (a running server)
                      has it open; --force replaces an existing database
  soleus migrate-to <postgres://…>  copy every table of the SQLite database (--db, as serve reads it) into an
                      empty PostgreSQL database, migrated first, in one transaction; the source is only read
  soleus --help       show this help
  soleus --version    print the version`;

function fail(message: string): never {
  process.stderr.write(`soleus: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP + '\n');
    if (command === undefined) process.exitCode = 1;
    return;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(packageInfo().version + '\n');
    return;
  }
  if (command === 'import-comments') return importComments(rest);
  if (command === 'admin-link') return adminLink(rest);
  if (command === 'import-practice') return importPractice(rest);
  if (command === 'backup' || command === 'restore') return backupOrRestore(command, rest);
  if (command === 'migrate-to') return migrateToCommand(rest);
  if (command === 'preview') {
    try {
      process.exitCode = await previewCommand(rest, (line) => process.stdout.write(line + '\n'));
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    return;
  }
  if (command !== 'serve') fail(`Unknown command "${command}"; see soleus --help.`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return;
  }

  let running;
  try {
    running = await startServer({ args: rest });
  } catch (error) {
    const known =
      error instanceof ConfigError ||
      error instanceof PracticeConfigError ||
      error instanceof DatabaseError ||
      error instanceof MigrationError;
    if (!known && !(error instanceof Error && /^Cannot listen/.test(error.message))) {
      // Unexpected: one line for the person, no stack.
      fail(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
    }
    fail((error as Error).message);
  }
  process.stdout.write(`Soleus listening on ${running.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    running
      .close()
      .then(() => process.exit(signal === 'SIGINT' ? 0 : 0))
      .catch((error: unknown) => fail(`Error while stopping: ${(error as Error).message}`));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** `soleus import-comments --wordpress <file> | --disqus <file> [--db <url>]`. */
async function importComments(argv: string[]): Promise<void> {
  let format: ExportFormat | undefined;
  let file: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--(wordpress|disqus)(?:=(.*))?$/.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    if (format) fail('Give one export: --wordpress <file> or --disqus <file>.');
    format = match[1] as ExportFormat;
    file = match[2] ?? argv[++i];
    if (!file || file.startsWith('--')) fail(`Option --${format} needs the export file.`);
  }
  if (!format || !file)
    fail('Name the export: soleus import-comments --wordpress <export.xml> or --disqus <export.xml>.');
  let config;
  try {
    config = loadConfig(rest);
  } catch (error) {
    fail((error as Error).message);
  }
  let database;
  try {
    database = await openDatabase(config.database);
  } catch (error) {
    fail((error as Error).message);
  }
  try {
    await migrateToLatest(database.db, database.dialect, { where: database.where });
    const secret = await ensureSecret(database.db, config.secret);
    const done = await importCommentsFile(database.db, database.dialect, secret, format, file);
    const statuses = Object.entries(done.byStatus)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    process.stdout.write(
      `Imported ${done.added} comment${done.added === 1 ? '' : 's'}${statuses ? ` (${statuses})` : ''}; ` +
        `${done.existing} already there; ${done.skipped.length} skipped.\n`,
    );
    for (const s of done.skipped) process.stdout.write(`  skipped ${s.sourceId || '(no id)'}: ${s.reason}\n`);
  } catch (error) {
    fail(`Import failed: ${(error as Error).message}`);
  } finally {
    await database.close();
  }
}

/** `soleus import-practice <file> [--db <url>]`: the file's practice replaces the database's document. */
async function importPractice(argv: string[]): Promise<void> {
  const file = argv[0];
  if (!file || file.startsWith('--')) fail('Name the practice file: soleus import-practice <practice.json>.');
  let config;
  let read;
  try {
    config = loadConfig(argv.slice(1));
    read = readPracticeFile(file);
  } catch (error) {
    fail((error as Error).message);
  }
  let database;
  try {
    database = await openDatabase(config.database);
  } catch (error) {
    fail((error as Error).message);
  }
  try {
    await migrateToLatest(database.db, database.dialect, { where: database.where });
    const store = await PracticeStore.open(database.db, database.dialect, read);
    const done = await store.replace(read.document as PracticeDocument, 'any');
    process.stdout.write(`Imported the practice from ${file}: revision ${done.revision}.\n`);
  } catch (error) {
    fail(`Import failed: ${(error as Error).message}`);
  } finally {
    await database.close();
  }
}

/** `soleus backup|restore <file> [--db <url>] [--force]`: see backup.ts. */
async function backupOrRestore(command: 'backup' | 'restore', argv: string[]): Promise<void> {
  const file = argv[0];
  if (!file || file.startsWith('--')) fail(`Name the backup file: soleus ${command} <file> [--db <url>] [--force].`);
  const rest = argv.slice(1).filter((arg) => arg !== '--force');
  const force = rest.length < argv.length - 1;
  let config;
  try {
    config = loadConfig(rest);
  } catch (error) {
    fail((error as Error).message);
  }
  const path = resolve(file);
  try {
    if (command === 'backup') {
      const done = await backupDatabase(config.database, path, { force });
      process.stdout.write(describeCopy('Backed up', done) + '\n');
    } else {
      const done = await restoreDatabase(config.database, path, { force });
      process.stdout.write(describeCopy('Restored', done) + '\n');
    }
  } catch (error) {
    fail((error as Error).message);
  }
}

/** `soleus migrate-to <postgres://…> [--db <sqlite url>]`: the SQLite database copied into an empty PostgreSQL one. */
async function migrateToCommand(argv: string[]): Promise<void> {
  const url = argv[0];
  if (!url || url.startsWith('--'))
    fail('Name the PostgreSQL database: soleus migrate-to postgres://user@host:port/db [--db sqlite:<file>].');
  let source;
  let target;
  try {
    source = loadConfig(argv.slice(1)).database;
    target = parseDatabaseUrl(url);
  } catch (error) {
    fail((error as Error).message);
  }
  try {
    await migrateTo(source, target, (line) => process.stdout.write(line + '\n'));
  } catch (error) {
    fail(`Not copied: ${(error as Error).message}`);
  }
}

/** `soleus admin-link [--db <url>] [--email <owner>] [--config <file>]`: a sign-in link, printed. */
async function adminLink(argv: string[]): Promise<void> {
  let email: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--email(?:=(.*))?$/.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    email = match[1] ?? argv[++i];
    if (!email || email.startsWith('--')) fail("Option --email needs the owner's address.");
  }
  let config;
  let practice;
  try {
    config = loadConfig(rest);
    practice = loadPractice(config.configPath);
  } catch (error) {
    fail((error as Error).message);
  }
  const owner = email === undefined ? practice.owners[0] : normalEmail(email);
  if (!owner) fail('The practice file names no owner: add "owners" (or "email") to it.');
  if (!practice.owners.includes(owner))
    fail(`${owner} is not an owner; the practice file's owners are: ${practice.owners.join(', ')}.`);
  let database;
  try {
    database = await openDatabase(config.database);
  } catch (error) {
    fail((error as Error).message);
  }
  try {
    await migrateToLatest(database.db, database.dialect, { where: database.where });
    const token = await writeTransaction(database.db, database.dialect, (trx) => issueLink(trx, owner, Date.now()));
    process.stdout.write(`${linkUrl(config.publicUrl ?? 'http://127.0.0.1:8787', token)}\n`);
    process.stderr.write(`Sign-in link for ${owner}: it works once, for 15 minutes.\n`);
  } catch (error) {
    fail(`Could not make a link: ${(error as Error).message}`);
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
