/**
 * Runs the calling test file inside a network namespace of its own, for tests that need a page the link-preview
 * fetcher may fetch. Its address rules refuse loopback and private addresses (never switched off), so the fixture
 * site must sit on a "public" address: here 93.184.216.34 on the namespace's own `lo`, the only interface there is,
 * so no packet can leave the machine (as test/server/previews/ssrf.test.ts and cache.test.ts do it).
 *
 * `await enterNetworkNamespace()` at the top of a test file, before any test is declared: outside, it runs the same
 * command again under `unshare --net --mount` (root needed) with stdout and stderr passed through, so the test
 * runner reads the inner run's results, and exits with its status; inside, it brings `lo` up with the address and
 * returns. PostgreSQL is reached over its Unix socket there (a network namespace does not cut off the file system):
 * SOLEUS_TEST_POSTGRES_URL is rewritten to go through it. If the namespace cannot be made, the file FAILS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import pg from 'pg';

/** The fixture site's "public" address inside the namespace. */
export const PUBLIC_ADDRESS = '93.184.216.34';
const INSIDE = 'SOLEUS_TEST_NETNS';

/** A postgres:// URL that goes through the server's Unix socket (reachable from inside the namespace). */
async function socketUrl(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const dirs = (await client.query<{ d: string }>("select current_setting('unix_socket_directories') as d")).rows[0]!
      .d;
    const port = (await client.query<{ p: string }>("select current_setting('port') as p")).rows[0]!.p;
    const u = new URL(url);
    return `postgres://${u.username}@localhost:${port}${u.pathname}?host=${encodeURIComponent(dirs.split(',')[0]!.trim())}`;
  } finally {
    await client.end();
  }
}

export async function enterNetworkNamespace(): Promise<void> {
  if (process.env[INSIDE] === '1') {
    const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => l.split(':')[1]!.trim());
    if (links.length !== 1 || links[0] !== 'lo')
      throw new Error(`not in a fresh network namespace: ${links.join(', ')}`);
    execFileSync('ip', ['link', 'set', 'lo', 'up']);
    execFileSync('ip', ['addr', 'add', `${PUBLIC_ADDRESS}/32`, 'dev', 'lo']);
    return;
  }
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    throw new Error('This test must run as root: it makes its own network namespace with `unshare --net`.');
  const env: NodeJS.ProcessEnv = { ...process.env, [INSIDE]: '1' };
  const pgUrl = process.env.SOLEUS_TEST_POSTGRES_URL?.trim();
  if (pgUrl) env.SOLEUS_TEST_POSTGRES_URL = await socketUrl(pgUrl);
  const run = spawnSync(
    'unshare',
    ['--net', '--mount', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env },
  );
  if (run.error) throw new Error(`\`unshare --net --mount\` failed: ${run.error.message}`);
  process.exit(run.status ?? 1);
}
