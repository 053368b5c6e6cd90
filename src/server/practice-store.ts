import type { Kysely } from 'kysely';
import type { PracticeDocument } from '../core/schemas/practice.js';
import { bumpCalendarVersion, lockCalendars } from './booking/store.js';
import type { PracticeDocuments } from './booking/practice-routes.js';
import type { PracticeRevision } from './booking/service.js';
import type { Database, Dialect } from './db/schema.js';
import { writeTransaction } from './db/transaction.js';
import { ContractError } from './http/errors.js';
import { parsePractice, type Practice } from './practice.js';

/**
 * The practice document in the database (table practice_document, one row): the practice file's JSON as the owner
 * wrote it (not the defaulted form: `GET …/practice` answers what was written, so a default changed by a later
 * Soleus reaches documents that never set it), with a revision raised by every change.
 *
 * Each process holds the last document it read, parsed ({@link current}, synchronous, so `deps.practice` stays a
 * plain read). {@link refresh} costs one primary-key read of the revision and reads the document only when a newer
 * one was written, by this process or another on the same database; app.ts runs it before the routes that use the
 * practice. A change made here updates the held copy at once.
 */
export class PracticeStore implements PracticeDocuments {
  #practice: Practice;
  #revision: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    held: { practice: Practice; revision: number },
  ) {
    this.#practice = held.practice;
    this.#revision = held.revision;
  }

  /**
   * Opens the store: on first start (no document yet) the file seeds it, revision 1; afterwards the database wins
   * over the file. `seed.practice` is the file's parsed practice, kept when the stored document is the file's.
   */
  static async open(
    db: Kysely<Database>,
    dialect: Dialect,
    seed: { document: unknown; practice: Practice },
    now: () => Date = () => new Date(),
  ): Promise<PracticeStore> {
    let row = await readRow(db);
    if (!row) {
      await writeTransaction(db, dialect, (trx) =>
        trx
          .insertInto('practice_document')
          .values({ id: 1, document: JSON.stringify(seed.document), revision: 1, updated_at: now().toISOString() })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute(),
      );
      row = (await readRow(db))!;
    }
    const same = row.document === JSON.stringify(seed.document);
    const practice = same ? seed.practice : parseStored(row.document);
    return new PracticeStore(db, dialect, { practice, revision: Number(row.revision) });
  }

  /** The practice as last read (or changed) by this process. */
  current(): Practice {
    return this.#practice;
  }

  /** The revision of {@link current}. */
  get revision(): number {
    return this.#revision;
  }

  /** Reads the stored revision; when it is newer than the one held, reads and parses the document. */
  async refresh(): Promise<void> {
    if ((await this.storedRevision()) > this.#revision) await this.#load(this.db);
  }

  /**
   * The stored revision (one primary-key read), through `db`: a write transaction's, to see what is committed once
   * its locks are held. With no document stored, the revision held (nothing newer).
   */
  async storedRevision(db: Kysely<Database> = this.db): Promise<number> {
    const found = await db.selectFrom('practice_document').select('revision').where('id', '=', 1).executeTakeFirst();
    return found ? Number(found.revision) : this.#revision;
  }

  /**
   * The booking writers' view of the revision (`BookingDeps.practiceRevision`): inside their transaction, after their
   * calendar locks, they compare the stored revision with the one held and, when a newer document was committed
   * meanwhile (by another process), hold it and judge the request again with it.
   */
  bookingRevision(): PracticeRevision {
    return {
      held: () => this.#revision,
      stored: (trx) => this.storedRevision(trx),
      refresh: (trx) => this.#load(trx),
    };
  }

  /** Reads the stored document through `db` and holds it when it is newer than the one held. */
  async #load(db: Kysely<Database>): Promise<void> {
    const row = await readRow(db);
    if (row) this.#hold(row);
  }

  /** The stored document as written, and its revision (the held copy follows). */
  async read(): Promise<{ document: PracticeDocument; revision: number }> {
    const row = await readRow(this.db);
    if (!row) throw new ContractError(404, 'not_found', 'There is no practice document yet.');
    this.#hold(row);
    return { document: JSON.parse(row.document) as PracticeDocument, revision: Number(row.revision) };
  }

  /**
   * Replaces the document when the stored revision is `revision` (`'any'`: whatever it is, the import command's
   * replacement), else 409 `revision_conflict` with nothing written. In the same transaction: every practitioner's
   * calendar version is raised (old and new ones), so availability caches in every process miss, and `inside` runs.
   * The caller has validated `document` (it is parsed again here and throws a PracticeConfigError if not valid).
   */
  async replace<T>(
    document: PracticeDocument,
    revision: number | 'any',
    inside: (trx: Kysely<Database>, practice: Practice) => Promise<T> = async () => undefined as T,
  ): Promise<{ document: PracticeDocument; revision: number; result: T }> {
    const practice = parsePractice(document, 'practice');
    const text = JSON.stringify(document);
    const done = await writeTransaction(this.db, this.dialect, async (trx) => {
      const updatedAt = new Date().toISOString();
      const before = await readRow(trx);
      // Compare-and-set: on PostgreSQL a concurrent writer waits on the row and then finds the revision moved.
      let query = trx
        .updateTable('practice_document')
        .set((eb) => ({ document: text, revision: eb('revision', '+', 1), updated_at: updatedAt }))
        .where('id', '=', 1);
      if (revision !== 'any') query = query.where('revision', '=', revision);
      let written = await query.returning('revision').executeTakeFirst();
      if (!written && revision === 'any' && !before) {
        await trx
          .insertInto('practice_document')
          .values({ id: 1, document: text, revision: 1, updated_at: updatedAt })
          .execute();
        written = { revision: 1 };
      }
      if (!written) {
        throw new ContractError(
          409,
          'revision_conflict',
          'The practice was changed meanwhile (another tab or device); read it again and redo the change.',
        );
      }
      const ids = new Set(practice.practitioners.map((p) => p.id));
      for (const p of this.#practice.practitioners) ids.add(p.id);
      if (before) for (const id of storedPractitioners(before.document)) ids.add(id);
      // The booking writers' locks: a booking being made now either commits first (and is judged below) or waits.
      await lockCalendars(trx, this.dialect, [...ids]);
      for (const id of [...ids].sort()) await bumpCalendarVersion(trx, id);
      const result = await inside(trx, practice);
      return { revision: Number(written.revision), result };
    });
    if (done.revision > this.#revision) {
      this.#practice = practice;
      this.#revision = done.revision;
    }
    return { document: JSON.parse(text) as PracticeDocument, revision: done.revision, result: done.result };
  }

  #hold(row: { document: string; revision: number }): void {
    const revision = Number(row.revision);
    if (revision <= this.#revision) return;
    this.#practice = parseStored(row.document);
    this.#revision = revision;
  }
}

function readRow(db: Kysely<Database>) {
  return db.selectFrom('practice_document').select(['document', 'revision']).where('id', '=', 1).executeTakeFirst();
}

/** The stored document, parsed; a PracticeConfigError names the database as its source. */
function parseStored(text: string): Practice {
  return parsePractice(JSON.parse(text), '(the practice document in the database)');
}

/** Practitioner ids of a stored document, read loosely (its calendar versions are raised when it is replaced). */
function storedPractitioners(text: string): string[] {
  try {
    const list = (JSON.parse(text) as { practitioners?: { id?: unknown }[] }).practitioners;
    return Array.isArray(list) ? list.map((p) => p?.id).filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
