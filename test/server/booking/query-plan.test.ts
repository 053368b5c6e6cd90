/**
 * "Cost grows with the days asked for and the bookings in that window, never with all bookings ever made": the
 * busy-time read behind availability and every booking is an index range scan on (practitioner_id, block_start_ms),
 * bounded on both sides, not a scan of the practitioner's whole history. Checked on the query the code really sends.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { busyIntervals } from '../../../src/server/booking/store.js';
import type { OpenDatabase } from '../../../src/server/db/index.js';
import type { Database } from '../../../src/server/db/schema.js';
import { dialectsUnderTest, migratedDatabase } from '../support/databases.js';

/** The SQL and parameters of the one query `run` sends through `db`. */
async function captured(db: Kysely<Database>, run: (db: Kysely<Database>) => Promise<unknown>): Promise<CompiledQuery> {
  let query: CompiledQuery | undefined;
  // Every query goes through the executor: keep the first one busyIntervals sends, exactly as compiled.
  const original = db.getExecutor().executeQuery.bind(db.getExecutor());
  const executor = db.getExecutor();
  executor.executeQuery = (async (compiled: CompiledQuery) => {
    query ??= compiled;
    return original(compiled);
  }) as typeof executor.executeQuery;
  try {
    await run(db);
  } finally {
    executor.executeQuery = original;
  }
  assert.ok(query, 'a query was sent');
  return query;
}

for (const dialect of dialectsUnderTest()) {
  describe(`busy-time query plan (${dialect})`, () => {
    let open: OpenDatabase;
    before(async () => {
      open = await migratedDatabase(dialect);
    });
    after(async () => {
      await open?.close();
    });

    test('is an index range on practitioner and block start, bounded on both sides', async () => {
      const from = Date.parse('2027-03-01T00:00:00Z');
      const to = Date.parse('2027-05-02T00:00:00Z');
      const query = await captured(open.db, (db) => busyIntervals(db, 'jim', from, to));
      const plan =
        dialect === 'sqlite'
          ? (
              await open.db.executeQuery<{ detail: string }>({
                ...query,
                sql: `explain query plan ${query.sql}`,
              } as CompiledQuery<{ detail: string }>)
            ).rows
              .map((r) => r.detail)
              .join('\n')
          : await (async () => {
              // Nine years of history (20,001 bookings, one every four hours) and fresh statistics, as a practice
              // would have after years of use: the planner must still read only the asked window.
              await sql`insert into bookings (id, practitioner_id, service_id, status, start_ms, end_ms, block_start_ms,
                  block_end_ms, client_name, client_email, client_time_zone, manage_token_hash, created_at, updated_at)
                select 'bk_history_' || g, 'jim', 'sports-massage-60', 'confirmed', s, s + 3600000, s - 600000, s + 4200000,
                  'Past Client', 'past@example.com', 'Europe/London', 'x', '2017-01-01', '2017-01-01'
                from generate_series(0, 20000) as g, lateral (select 1483228800000::bigint + g * 14400000::bigint as s) as t`.execute(
                open.db,
              );
              await sql`analyze bookings`.execute(open.db);
              const rows = (
                await open.db.executeQuery<Record<string, string>>({
                  ...query,
                  sql: `explain ${query.sql}`,
                } as CompiledQuery<Record<string, string>>)
              ).rows;
              return rows.map((r) => Object.values(r)[0]).join('\n');
            })();
      if (dialect === 'sqlite') {
        assert.match(
          plan,
          /SEARCH bookings USING INDEX bookings_practitioner_block \(practitioner_id=\? AND block_start_ms>\? AND block_start_ms<\?\)/,
          plan,
        );
      } else {
        assert.match(plan, /Index (Only )?Scan using bookings_practitioner_block/, plan);
        assert.match(
          plan,
          /Index Cond: \(\(practitioner_id = .*\) AND \(block_start_ms > .*\) AND \(block_start_ms < .*\)\)/,
          plan,
        );
      }
    });
  });
}
