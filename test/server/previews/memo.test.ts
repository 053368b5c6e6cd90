/**
 * The cached answer's memo under many askers at once: while it holds, no database read at all; once it lapses, one
 * re-read for every asker waiting meanwhile (not one each: on PostgreSQL 50 concurrent reads on a pool of 10 were the
 * cached preview's p99), and a removal in this process shows at once. On SQLite, and PostgreSQL when the suite has it.
 * No packet leaves: the URL is pinned, and once removed its name resolves (an injected resolver) to a private address
 * the rules refuse before any connection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { KyselyPlugin, PluginTransformQueryArgs } from 'kysely';
import { createPreviewService, HIT_MEMO_MS } from '../../../src/server/previews/cache.js';
import { dialectsUnderTest, migratedDatabase } from '../support/databases.js';

const URL_ASKED = 'https://www.example.org/training';

/** Counts the SELECTs from link_previews that go to the database. */
class CountReads implements KyselyPlugin {
  reads = 0;
  transformQuery({ node }: PluginTransformQueryArgs) {
    if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"link_previews"')) this.reads++;
    return node;
  }
  async transformResult<R>({ result }: { result: R }): Promise<R> {
    return result;
  }
}

for (const dialect of dialectsUnderTest()) {
  describe(`link-preview memo (${dialect})`, () => {
    let open: Awaited<ReturnType<typeof migratedDatabase>>;
    const counter = new CountReads();
    let service: ReturnType<typeof createPreviewService>;

    before(async () => {
      open = await migratedDatabase(dialect);
      service = createPreviewService({
        db: open.db.withPlugin(counter),
        secret: 'memo-test-secret-0123456789abcdef',
        userAgent: 'Soleus test',
        rateLimit: 10,
        // Should anything be fetched, the name answers a private address, which the rules refuse before connecting.
        resolver: async () => [{ address: '10.0.0.1', family: 4 }],
      });
      await service.pin([{ url: URL_ASKED, title: 'Marathon training hub' }]);
    });
    after(async () => {
      await service.idle();
      await open.close();
    });

    const askMany = (n: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => service.get(URL_ASKED, { ip: `192.0.2.${i}` })));

    test('while the memo holds, 50 askers read nothing; after it lapses, 50 askers at once read once', async () => {
      const first = await service.get(URL_ASKED);
      assert.equal(first.kind, 'preview');
      const before = counter.reads;
      const held = await askMany(50);
      assert.equal(counter.reads, before, 'no read while the memo holds');
      assert.ok(held.every((a) => a.kind === 'preview' && a.body.title === 'Marathon training hub'));

      await new Promise((r) => setTimeout(r, HIT_MEMO_MS + 100));
      const lapsed = await askMany(50);
      assert.equal(counter.reads, before + 1, 'one re-read shared by the 50');
      assert.ok(
        lapsed.every((a) => a.kind === 'preview' && a.from === 'pinned' && a.body.title === 'Marathon training hub'),
      );
      // The re-read memoised the row again.
      await askMany(10);
      assert.equal(counter.reads, before + 1);
    });

    test('a removal in this process is seen by the next ask, memo or not', async () => {
      assert.ok(await service.remove(URL_ASKED));
      const reads = counter.reads;
      const answer = await service.get(URL_ASKED, { ip: '192.0.2.1' });
      assert.ok(counter.reads > reads, 'read again');
      assert.ok(answer.kind !== 'preview' || answer.body.status === 'unavailable', JSON.stringify(answer));
    });
  });
}
