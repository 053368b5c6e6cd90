/**
 * `soleus preview <url>`: warms the link-preview cache for one address (fetching it now under the SSRF rules, even
 * when a fresh answer is cached) and prints what a `<soleus-link-card>` will show. Uses the same database, practice
 * file and server secret as `soleus serve`, so the running server answers from what this wrote.
 */
import { loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/index.js';
import { ensureSecret } from './db/secret.js';
import { packageInfo } from './package-root.js';
import { loadPractice } from './practice.js';
import { pinnedPreviews } from './app.js';
import { createPreviewService } from './previews/cache.js';
import { previewUserAgent } from './previews/fetch.js';

/** Runs the command; resolves to the exit code. `write` gets the lines to print. */
export async function previewCommand(argv: string[], write: (line: string) => void): Promise<number> {
  const url = argv.find(
    (a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1]!.startsWith('--') || argv[i - 1]!.includes('=')),
  );
  if (!url) {
    write('Usage: soleus preview <url> [--db <url>] [--config <file>]');
    return 1;
  }
  const config = loadConfig(
    argv.filter((a) => a !== url),
    process.env,
  );
  const practice = loadPractice(config.configPath);
  const database = await openDatabase(config.database);
  try {
    await migrateToLatest(database.db, database.dialect, { where: database.where });
    const secret = await ensureSecret(database.db, config.secret);
    const service = createPreviewService({
      db: database.db,
      secret,
      userAgent: previewUserAgent(
        packageInfo().version,
        config.publicUrl ?? 'https://www.npmjs.com/package/@soleus/widgets',
      ),
      rateLimit: practice.linkPreview.rateLimit,
      allowedHosts: practice.linkPreview.allowedHosts ?? null,
    });
    await service.pin(pinnedPreviews(practice));
    const answer = await service.get(url, { force: true });
    if (answer.kind === 'refused') {
      write(`Not previewed (${answer.code}): ${answer.message}`);
      return 1;
    }
    if (answer.kind === 'limited') return 1; // no IP given: never limited
    const p = answer.body;
    const from = answer.from === 'pinned' ? 'pinned in the practice file, never fetched' : 'fetched now and cached';
    if (p.status !== 'ok') {
      write(`Unavailable (${from}): the card shows the plain link to ${p.url}`);
      return 0;
    }
    const domain = new URL(p.finalUrl).hostname.replace(/^www\./, '');
    write(`Title:       ${p.title ?? ''}`);
    if (p.description) write(`Description: ${p.description}`);
    write(`Site:        ${p.siteName ? `${p.siteName} · ` : ''}${domain}${p.icon ? ' (with its icon)' : ''}`);
    write(
      `Image:       ${p.image ? `${p.image.width}×${p.image.height}${p.image.alt ? `, alt "${p.image.alt}"` : ', no alt text'}` : 'none'}`,
    );
    if (p.lang) write(`Language:    ${p.lang}`);
    write(`Links to:    ${p.finalUrl}`);
    write(`Status:      ok (${from})`);
    return 0;
  } finally {
    await database.close();
  }
}
