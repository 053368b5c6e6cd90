import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Spends a single-use proof-of-work challenge: true the first time its id is seen, false for a replay (from any
 * server process: the database decides). Challenges past their expiry are tidied on the way.
 */
export async function spendChallenge(
  db: Kysely<Database>,
  id: string,
  expiresMs: number,
  nowMs: number,
): Promise<boolean> {
  await db.deleteFrom('used_challenges').where('expires_ms', '<', nowMs).execute();
  const spent = await db
    .insertInto('used_challenges')
    .values({ id, expires_ms: expiresMs })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!spent;
}
