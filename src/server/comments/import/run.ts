import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../../db/schema.js';
import { parseDisqusExport } from './import-disqus.js';
import { parseWordPressExport } from './import-wordpress.js';
import { saveImported, type ImportSummary } from './save.js';
import type { ImportResult } from './types.js';

/** Which export format a file is in. */
export type ExportFormat = 'wordpress' | 'disqus';

/** Reads, parses and stores an export file; the summary and what the parser left out. */
export async function importCommentsFile(
  db: Kysely<Database>,
  dialect: Dialect,
  secret: string,
  format: ExportFormat,
  file: string,
): Promise<ImportSummary & { skipped: ImportResult['skipped'] }> {
  const text = readFileSync(file, 'utf8');
  const parsed = format === 'wordpress' ? parseWordPressExport(text) : parseDisqusExport(text);
  const summary = await saveImported(db, dialect, secret, parsed.comments);
  return { ...summary, skipped: parsed.skipped };
}
