import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../db/schema.js';
import { ping } from '../db/migrations.js';
import { apiError } from '../errors.js';

/** `GET /api/v1/health`: `{ ok, version, db }` after a real `select 1`; 503 `db_unavailable` if that fails. */
export function healthRoutes(options: { db: Kysely<Database>; dialect: Dialect; version: string }) {
  return new Hono().get('/', async (c) => {
    if (!(await ping(options.db))) {
      return apiError(c, 503, 'db_unavailable', 'The database is not answering; try again shortly.');
    }
    return c.json({ ok: true as const, version: options.version, db: options.dialect }, 200, {
      'Cache-Control': 'no-store',
    });
  });
}
