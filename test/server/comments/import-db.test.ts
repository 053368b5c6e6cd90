/**
 * `soleus import-comments` end to end on SQLite and PostgreSQL: the CLI (a child process) stores the WordPress WXR
 * and Disqus fixtures (written to each format's published structure, the WXR with nested replies), threads mapped by
 * URL, replies and dates kept, pending and spam unpublished; a second run adds nothing; the server then lists only
 * the published ones, as threads.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../../src/server/db/index.js';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import { dialectsUnderTest, freshDatabase, type TestDatabase } from '../support/databases.js';
import { listComments, SECRET } from './support.js';

const root = join(import.meta.dirname, '..', '..', '..');
const fixtures = join(import.meta.dirname, 'fixtures');
const THREAD = 'https://jim.example/2023/11/knees-after-forty';

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(root, 'src', 'server', 'cli.ts'), 'import-comments', ...args],
      { env: { ...process.env, SOLEUS_SECRET: SECRET, DATABASE_URL: '' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

for (const dialect of dialectsUnderTest()) {
  describe(`import-comments (${dialect})`, () => {
    let target: TestDatabase;
    let open: OpenDatabase;
    before(async () => {
      target = await freshDatabase(dialect);
      open = await openDatabase(target.url);
      await migrateToLatest(open.db, open.dialect, { where: open.where });
    });
    after(async () => {
      await open?.close();
      await target?.drop();
    });

    test('WordPress then Disqus; idempotent; statuses, dates and nested replies kept; threads by URL', async () => {
      const wp = await cli(['--wordpress', join(fixtures, 'wordpress.xml'), '--db', target.url]);
      assert.equal(wp.code, 0, wp.stderr);
      assert.match(
        wp.stdout,
        /^Imported 7 comments \(4 published, 1 rejected, 1 pending, 1 spam\); 0 already there; 1 skipped\./,
      );
      const again = await cli(['--wordpress', join(fixtures, 'wordpress.xml'), '--db', target.url]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^Imported 0 comments; 7 already there/);
      const dq = await cli([`--disqus=${join(fixtures, 'disqus.xml')}`, '--db', target.url]);
      assert.equal(dq.code, 0, dq.stderr);
      assert.match(dq.stdout, /^Imported 5 comments/);
      assert.match(
        (await cli([`--disqus=${join(fixtures, 'disqus.xml')}`, '--db', target.url])).stdout,
        /^Imported 0 comments; 5 already there/,
      );

      const rows = await open.db.selectFrom('comments').selectAll().orderBy('created_ms').execute();
      assert.equal(rows.length, 12);
      const byKey = new Map(rows.map((r) => [r.import_key, r]));
      const wp101 = [...byKey.entries()].find(([k]) => k?.endsWith(':101'))![1];
      const wp102 = [...byKey.entries()].find(([k]) => k?.endsWith(':102'))![1];
      const wp103 = [...byKey.entries()].find(([k]) => k?.endsWith(':103'))![1];
      assert.equal(wp101.thread, THREAD);
      assert.equal(wp101.created_ms, Date.parse('2023-11-03T09:15:00.000Z'));
      assert.equal(wp102.parent_id, wp101.id);
      assert.equal(wp103.parent_id, wp102.id, 'a reply to a reply keeps its parent');
      assert.equal(wp103.root_id, wp101.id);
      assert.equal(wp101.edit_token_hash, null, 'nobody can edit an imported comment as its author');
      const statuses = rows.reduce<Record<string, number>>(
        (m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }),
        {},
      );
      assert.deepEqual(statuses, { published: 7, rejected: 2, pending: 1, spam: 2 });
      // The Disqus thread URL is normalised by the contract's rule: port 80, query and hash go, the scheme stays.
      assert.deepEqual(
        [...new Set(rows.filter((r) => r.import_key?.startsWith('disqus:')).map((r) => r.thread))].sort(),
        ['http://jim.example/2023/11/knees-after-forty', 'https://jim.example/hips'],
      );

      let server: RunningServer | undefined;
      try {
        server = await startServer({
          args: [
            '--host',
            '127.0.0.1',
            '--port',
            '0',
            '--db',
            target.url,
            '--config',
            join(root, 'test', 'server', 'comments', 'fixtures', 'practice.json'),
          ],
          env: { SOLEUS_SECRET: SECRET },
        });
        const list = await listComments(server.url, THREAD);
        assert.equal(list.status, 200);
        const published = rows.filter((r) => r.thread === THREAD && r.status === 'published');
        assert.equal(list.json.count, published.length);
        assert.deepEqual(list.json.comments.map((c: { id: string }) => c.id).sort(), published.map((r) => r.id).sort());
        const listed103 = list.json.comments.find((c: { id: string }) => c.id === wp103.id);
        assert.equal(wp103.status, 'published');
        assert.equal(listed103.parentId, wp102.id);
      } finally {
        await server?.close();
      }
    });

    test('a file that is not an export fails with a one-line reason and writes nothing', async () => {
      const before = await open.db.selectFrom('comments').select('id').execute();
      const bad = await cli(['--wordpress', join(fixtures, 'disqus.xml'), '--db', target.url]);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /^soleus: Import failed: This is not a WordPress export/);
      const none = await cli(['--db', target.url]);
      assert.notEqual(none.code, 0);
      assert.equal((await open.db.selectFrom('comments').select('id').execute()).length, before.length);
    });
  });
}
