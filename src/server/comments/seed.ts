import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../db/schema.js';
import type { Practice } from '../practice.js';
import { ownerName } from './context.js';
import { saveImported } from './import/save.js';
import type { ImportedComment } from './import/types.js';

/** The demo post's thread: the `thread` attribute of the comment box on demo/index.html. */
export const DEMO_THREAD = 'marathon-preparation';

const DAY = 86_400_000;

/**
 * A few plausible approved comments and one owner reply on the demo post, for the bundled demo practice only (the
 * server calls this when no --config was given, outside production). Stored like an import, keyed `demo:<n>`: a
 * restart adds nothing, and an owner who deletes them does not get them back unless the database is new.
 */
export async function seedDemoComments(
  db: Kysely<Database>,
  dialect: Dialect,
  secret: string,
  practice: Practice,
  nowMs: number,
): Promise<void> {
  const first = await db.selectFrom('comments').select('id').where('import_key', '=', 'demo:1').executeTakeFirst();
  if (first) return;
  const at = (daysAgo: number, hour: number) =>
    new Date(Math.floor((nowMs - daysAgo * DAY) / DAY) * DAY + hour * 3_600_000).toISOString();
  const c = (
    n: number,
    name: string,
    body: string,
    createdAt: string,
    parent?: number,
    owner = false,
  ): ImportedComment => ({
    key: `demo:${n}`,
    sourceId: String(n),
    thread: DEMO_THREAD,
    parentSourceId: parent ? String(parent) : null,
    parentKey: parent ? `demo:${parent}` : null,
    name,
    email: null,
    createdAt,
    body,
    status: 'published',
    owner,
  });
  await saveImported(db, dialect, secret, [
    c(
      1,
      'Priya N.',
      'This is exactly what I needed. I am three weeks out from my first marathon and my calves are *always* tight after the long run. Is it better to book the massage before or after the taper starts?',
      at(6, 9),
    ),
    c(
      2,
      ownerName(practice),
      'Good question, Priya! I would book one **about a week before** race day, early in the taper, and nothing deep in the last three days. Bring your race shoes if your calves are the trouble: we can look at how they load.',
      at(6, 14),
      1,
      true,
    ),
    c(
      3,
      'Tom Reilly',
      'The foam-rolling routine made a real difference for my IT band. Two things that helped me on top of it:\n\n1. rolling *slowly*, about an inch a second\n2. stopping at the knee, never on it\n\nThanks for writing this up.',
      at(4, 19),
    ),
    c(
      4,
      'Aisha',
      'Ran Brighton last spring after a sports massage the week before, as suggested here. Legs felt fresh at mile 20 for the first time ever. Booking again for London!',
      at(2, 8),
    ),
  ]);
}
