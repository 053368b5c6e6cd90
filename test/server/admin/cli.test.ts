/**
 * `soleus admin-link`, per dialect: the CLI (the built bin with SOLEUS_TEST_CLI=dist, else the sources through tsx)
 * prints a link that a server on the same database accepts once; a non-owner's address is refused in one line.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startServer } from '../../../src/server/server.js';
import { dialectsUnderTest, freshDatabase } from '../support/databases.js';
import { OWNER, sessionCookieOf } from './support.js';

const root = join(import.meta.dirname, '..', '..', '..');
const useDist = process.env.SOLEUS_TEST_CLI === 'dist';
const cliCommand = useDist
  ? [join(root, 'dist', 'node', 'server', 'cli.js')]
  : ['--import', import.meta.resolve('tsx'), join(root, 'src', 'server', 'cli.ts')];
if (useDist) assert.ok(existsSync(cliCommand[0]!), 'build first: npm run build');

function cli(args: string[], env: Record<string, string> = {}) {
  const clean = { ...process.env };
  for (const key of ['DATABASE_URL', 'SOLEUS_CONFIG', 'SOLEUS_PUBLIC_URL', 'SMTP_URL']) delete clean[key];
  const child = spawn(process.execPath, [...cliCommand, ...args], {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

for (const dialect of dialectsUnderTest()) {
  describe(`soleus admin-link (${dialect})`, () => {
    test('prints a one-time link the server accepts once', async () => {
      const database = await freshDatabase(dialect);
      try {
        const done = await cli(['admin-link', '--db', database.url]);
        assert.equal(done.code, 0, done.stderr);
        const url = done.stdout.trim();
        assert.match(url, /^http:\/\/127\.0\.0\.1:8787\/admin\/link\?token=[A-Za-z0-9_-]{40,}$/);
        const withPublic = await cli(['admin-link', '--db', database.url, '--email', OWNER.toUpperCase()], {
          SOLEUS_PUBLIC_URL: 'https://console.example.com',
        });
        assert.equal(withPublic.code, 0, withPublic.stderr);
        assert.match(withPublic.stdout, /^https:\/\/console\.example\.com\/admin\/link\?token=/);

        const server = await startServer({
          args: ['--host', '127.0.0.1', '--port', '0', '--db', database.url],
          env: {},
          logError: (message, error) => console.error(message, error),
        });
        try {
          const token = new URL(url).searchParams.get('token')!;
          const post = () =>
            fetch(`${server.url}/admin/link`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ token }).toString(),
              redirect: 'manual',
            });
          const first = await post();
          assert.equal(first.status, 303);
          const me = await fetch(`${server.url}/admin/api/session`, { headers: { Cookie: sessionCookieOf(first) } });
          assert.equal(me.status, 200);
          assert.equal(((await me.json()) as { owner: { email: string } }).owner.email, OWNER);
          assert.equal((await post()).status, 400, 'single use');
        } finally {
          await server.close();
        }
      } finally {
        await database.drop();
      }
    });

    test('an address that is not an owner is refused in one line', async () => {
      const database = await freshDatabase(dialect);
      try {
        const done = await cli(['admin-link', '--db', database.url, '--email', 'stranger@example.com']);
        assert.equal(done.code, 1);
        assert.equal(done.stdout, '');
        assert.match(
          done.stderr,
          /^soleus: stranger@example\.com is not an owner; the practice file's owners are: jim@example\.com\.\n$/,
        );
      } finally {
        await database.drop();
      }
    });
  });
}
