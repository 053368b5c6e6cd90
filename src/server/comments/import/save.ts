import type { Kysely } from 'kysely';
import type { CommentsTable, Database, Dialect } from '../../db/schema.js';
import { writeTransaction } from '../../db/transaction.js';
import { markdownToTree, toPlainText } from '../markdown.js';
import { textHash } from '../spam.js';
import { insertComment } from '../store.js';
import { newId } from '../tokens.js';
import type { ImportedComment } from './types.js';

/** What an import did. */
export interface ImportSummary {
  added: number;
  /** Already there from an earlier run of the same file (matched by `key`). */
  existing: number;
  byStatus: Record<string, number>;
}

/**
 * Stores imported comments, parents before replies (the parsers order them so). Idempotent: a comment whose `key`
 * is already stored is left as it is, so a second run of the same file adds nothing. A reply whose parent is in
 * neither the file nor the database becomes top-level. Statuses are kept: pending, spam and rejected comments stay
 * unpublished. Imported comments have no edit token (nobody can edit them as their author) and send no mail.
 */
export async function saveImported(
  db: Kysely<Database>,
  dialect: Dialect,
  secret: string,
  comments: readonly ImportedComment[],
): Promise<ImportSummary> {
  const summary: ImportSummary = { added: 0, existing: 0, byStatus: {} };
  // Key → [id, root id] of every comment of this import already stored, loaded in chunks of the file's keys.
  const known = new Map<string, [string, string]>();
  const keys = comments.map((c) => c.key);
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('comments')
      .select(['id', 'root_id', 'import_key'])
      .where('import_key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const r of rows) known.set(r.import_key!, [r.id, r.root_id]);
  }
  const fresh: CommentsTable[] = [];
  for (const c of comments) {
    if (known.has(c.key)) {
      summary.existing++;
      continue;
    }
    const parent = c.parentKey ? known.get(c.parentKey) : undefined;
    const tree = markdownToTree(c.body);
    const text = toPlainText(tree);
    const id = newId();
    fresh.push({
      id,
      thread: c.thread,
      parent_id: parent ? parent[0] : null,
      root_id: parent ? parent[1] : id,
      status: c.status,
      author_name: c.name,
      author_email: c.email,
      author_owner: c.owner ? 1 : 0,
      body: c.body,
      tree: JSON.stringify(tree),
      text,
      text_hash: textHash(secret, text),
      created_ms: Date.parse(c.createdAt),
      edited_ms: null,
      moderated_ms: null,
      edit_token_hash: null,
      ip_hash: null,
      reasons: null,
      import_key: c.key,
    });
    known.set(c.key, [id, parent ? parent[1] : id]);
    summary.added++;
    summary.byStatus[c.status] = (summary.byStatus[c.status] ?? 0) + 1;
  }
  for (let i = 0; i < fresh.length; i += 200) {
    const batch = fresh.slice(i, i + 200);
    await writeTransaction(db, dialect, async (trx) => {
      for (const row of batch) await insertComment(trx, row);
    });
  }
  return summary;
}
