import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../../src/server/db/index.js';

/** A dialect the server suite runs against. */
export type TestDialect = 'sqlite' | 'postgres';

/** A fresh, empty database for one test file (or test). */
export interface TestDatabase {
  dialect: TestDialect;
  /** `sqlite:/tmp/…/test.db` or `postgres://…/soleus_test_…` */
  url: string;
  /** Removes the file / drops the database. */
  drop(): Promise<void>;
}

const pgUrl = process.env.SOLEUS_TEST_POSTGRES_URL?.trim() || undefined;
const required = !!process.env.CI || process.env.SOLEUS_REQUIRE_POSTGRES === '1';

/**
 * The dialects to run: always SQLite, plus PostgreSQL when SOLEUS_TEST_POSTGRES_URL is set.
 * With CI or SOLEUS_REQUIRE_POSTGRES=1 and no URL this throws: the suite must fail, never silently skip.
 */
export function dialectsUnderTest(): TestDialect[] {
  if (!pgUrl && required) {
    throw new Error(
      'SOLEUS_TEST_POSTGRES_URL is not set but CI or SOLEUS_REQUIRE_POSTGRES=1 requires PostgreSQL tests; start one with `node scripts/pg.mjs start`.',
    );
  }
  return pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Creates a fresh database: a new SQLite file in a temp dir, or a new randomly named PostgreSQL database. */
export async function freshDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'soleus-test-'));
    return {
      dialect,
      url: `sqlite:${join(dir, 'test.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!pgUrl) throw new Error('SOLEUS_TEST_POSTGRES_URL is not set');
  const name = `soleus_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh database, opened and migrated to the latest schema; its `close()` also drops it. */
export async function migratedDatabase(dialect: TestDialect): Promise<OpenDatabase & { url: string }> {
  const target = await freshDatabase(dialect);
  const open = await openDatabase(target.url);
  await migrateToLatest(open.db, open.dialect, { where: open.where });
  return {
    ...open,
    url: target.url,
    async close() {
      await open.close();
      await target.drop();
    },
  };
}
