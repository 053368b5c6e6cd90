import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

const KEY = 'server_secret';

/**
 * The server secret used to sign tokens: `fromEnv` when given (SOLEUS_SECRET), otherwise 32 random bytes (hex)
 * generated on first start and kept in `settings`. Safe when two processes start at once.
 */
export async function ensureSecret(db: Kysely<Database>, fromEnv?: string): Promise<string> {
  if (fromEnv) return fromEnv;
  const existing = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (existing) return existing.value;
  await db
    .insertInto('settings')
    .values({ key: KEY, value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
  return row.value;
}
