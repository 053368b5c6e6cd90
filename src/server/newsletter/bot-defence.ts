/**
 * The bot defence moved to http/bot-defence.ts (shared with comments); the proof-of-work check keeps its signature
 * here, spending challenges in the database.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { spendChallenge } from '../db/used-challenges.js';
import { verifyAltchaPayload, type AltchaVerdict } from '../http/bot-defence.js';

export * from '../http/bot-defence.js';

/** {@link verifyAltchaPayload} with challenges spent in `db`. */
export function verifyAltcha(
  db: Kysely<Database>,
  secret: string,
  field: string | undefined,
  nowMs: number,
): Promise<AltchaVerdict> {
  return verifyAltchaPayload(secret, field, nowMs, (id, expiresMs) => spendChallenge(db, id, expiresMs, nowMs));
}
