/**
 * The demo practice's seeded comments: with no --config (the bundled demo practice) the demo post's thread shows four
 * approved comments, one of them an owner reply; a restart adds nothing; a practice of one's own gets none.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServer } from '../../../src/server/server.js';
import { freshDatabase } from '../support/databases.js';
import { listComments, SECRET, startCommentServer } from './support.js';

test('the demo practice seeds the demo post once; another practice gets nothing', async () => {
  const database = await freshDatabase('sqlite');
  try {
    for (let run = 0; run < 2; run++) {
      const server = await startServer({
        args: ['--host', '127.0.0.1', '--port', '0', '--db', database.url],
        env: { SOLEUS_SECRET: SECRET },
      });
      try {
        const list = await listComments(server.url, 'marathon-preparation');
        assert.equal(list.status, 200);
        assert.equal(list.json.count, 4, `run ${run}`);
        const owner = list.json.comments.filter((c: { author: { owner: boolean } }) => c.author.owner);
        assert.equal(owner.length, 1);
        assert.equal(owner[0].author.name, 'Jim');
        assert.ok(list.json.comments.some((c: { id: string }) => c.id === owner[0].parentId));
      } finally {
        await server.close();
      }
    }
  } finally {
    await database.drop();
  }
  const own = await startCommentServer('sqlite');
  try {
    assert.equal((await listComments(own.url, 'marathon-preparation')).json.count, 0);
  } finally {
    await own.close();
  }
});
