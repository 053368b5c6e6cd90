import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { HealthResponse } from '../core/schemas/health.js';
import { ping } from './db/migrations.js';
import type { Database, Dialect } from './db/schema.js';
import { ContractError } from './http/errors.js';

/** `GET /api/v1/health`: `{ ok, version, db }` after a real `select 1`; 503 `db_unavailable` if that fails. */
export function healthRoutes(options: { db: Kysely<Database>; dialect: Dialect; version: string }) {
  return new Hono().get('/', async (c) => {
    if (!(await ping(options.db))) {
      throw new ContractError(503, 'db_unavailable', 'The database is not answering; try again shortly.');
    }
    const body: HealthResponse = { ok: true, version: options.version, db: options.dialect };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });
}
