import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startServer } from '../../src/server/server.js';
import { dialectsUnderTest, freshDatabase } from './support/databases.js';
import { demoPracticePath } from './support/practice.js';
import './support/contract.js'; // every answer is checked against the contract's schemas

const root = join(import.meta.dirname, '..', '..');
// SOLEUS_TEST_CLI=dist runs the compiled bin (after `npx tsc -p tsconfig.server.json`); default: the sources via tsx.
const useDist = process.env.SOLEUS_TEST_CLI === 'dist';
const cliCommand = useDist
  ? [join(root, 'dist', 'node', 'server', 'cli.js')]
  : ['--import', import.meta.resolve('tsx'), join(root, 'src', 'server', 'cli.ts')];
if (useDist) assert.ok(existsSync(cliCommand[0]!), 'compile first: npx tsc -p tsconfig.server.json');

const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const dir = mkdtempSync(join(tmpdir(), 'soleus-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// The child must not inherit settings that would change what it does.
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const key of [
    'HOST',
    'PORT',
    'DATABASE_URL',
    'SOLEUS_CONFIG',
    'SMTP_URL',
    'NODE_ENV',
    'SOLEUS_ALLOWED_ORIGINS',
    'SOLEUS_PUBLIC_URL',
  ])
    delete env[key];
  return env;
};

function run(args: string[]) {
  const child = spawn(process.execPath, [...cliCommand, ...args], {
    cwd: dir,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output in 20 s; stderr: ${stderr}`)), 20_000);
    child.stdout.on('data', () => {
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(stdout.split('\n')[0]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening; stderr: ${stderr}`));
    });
  });
  firstLine.catch(() => {});
  return { child, exited, firstLine, output: () => ({ stdout, stderr }) };
}

for (const dialect of dialectsUnderTest()) {
  describe(`soleus serve (${dialect})`, () => {
    test('prints one listening line with the real port, answers health, stops on SIGTERM', async () => {
      const target = await freshDatabase(dialect);
      try {
        const proc = run(['serve', '--port', '0', '--db', target.url]);
        const line = await proc.firstLine;
        const match = /^Soleus listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
        assert.ok(match, line);
        assert.notEqual(match[2], '0');
        const res = await fetch(`${match[1]}/api/v1/health`);
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), { ok: true, version, db: dialect });
        proc.child.kill('SIGTERM');
        assert.equal(await proc.exited, 0);
        assert.equal(proc.output().stdout, `${line}\n`, 'exactly one line on stdout');
      } finally {
        await target.drop();
      }
    });

    test('startServer() runs programmatically, on 127.0.0.1 only', async () => {
      const target = await freshDatabase(dialect);
      const server = await startServer({
        args: ['--port', '0', '--db', target.url, '--config', demoPracticePath],
        env: {},
      });
      try {
        assert.equal(server.url, `http://127.0.0.1:${server.port}`);
        const res = await fetch(`${server.url}/api/v1/health`);
        assert.deepEqual(await res.json(), { ok: true, version, db: dialect });
        const cors = await fetch(`${server.url}/api/v1/health`, { headers: { Origin: server.url } });
        assert.equal(cors.headers.get('access-control-allow-origin'), server.url);
      } finally {
        await server.close();
        await target.drop();
      }
      await assert.rejects(fetch(`${server.url}/api/v1/health`));
    });
  });
}

describe('soleus CLI failures', () => {
  const expectOneLineFailure = async (args: string[], pattern: RegExp) => {
    const proc = run(args);
    const code = await proc.exited;
    const { stdout, stderr } = proc.output();
    assert.notEqual(code, 0);
    assert.equal(stdout, '');
    assert.equal(stderr.split('\n').filter(Boolean).length, 1, stderr);
    assert.match(stderr, pattern);
    assert.doesNotMatch(stderr, /\bat .+:\d+:\d+/, 'no stack trace');
  };

  test('a bad option exits non-zero with one line', () =>
    expectOneLineFailure(['serve', '--port', 'eighty', '--db', 'sqlite::memory:'], /Port "eighty"/));

  test('an unknown option exits non-zero with one line', () =>
    expectOneLineFailure(['serve', '--colour', 'blue'], /Unknown option --colour/));

  test('an invalid configuration exits non-zero naming the file and the field', async () => {
    const file = join(dir, 'bad-practice.json');
    const data = JSON.parse(readFileSync(demoPracticePath, 'utf8')) as { services: { durationMinutes: unknown }[] };
    data.services[0]!.durationMinutes = 'sixty';
    writeFileSync(file, JSON.stringify(data));
    await expectOneLineFailure(
      ['serve', '--port', '0', '--db', 'sqlite::memory:', '--config', file],
      /^soleus: Invalid configuration (\S*\/)?bad-practice\.json: services\.0\.durationMinutes: Expected number, received string\n$/,
    );
  });

  test("in production the demo practice's public feed token is refused until a real one is set", async () => {
    const production = { NODE_ENV: 'production', SOLEUS_ADMIN_TOKEN: 'admin-token-0123456789abcdef' };
    await assert.rejects(
      startServer({ args: ['--port', '0', '--db', 'sqlite::memory:'], env: production }),
      (error: Error) =>
        error.name === 'ConfigError' && /feed token is still the demo one.*SOLEUS_FEED_TOKEN/.test(error.message),
    );
    const server = await startServer({
      args: ['--port', '0', '--db', 'sqlite::memory:'],
      env: { ...production, SOLEUS_FEED_TOKEN: 'a-real-secret-feed-token-4f9a2c' },
      logError: () => {},
    });
    await server.close();
  });

  test('an unreachable database exits non-zero with one line', () =>
    expectOneLineFailure(
      ['serve', '--port', '0', '--db', 'postgres://postgres@127.0.0.1:1/none'],
      /Cannot connect to database postgres:\/\/postgres@127\.0\.0\.1:1\/none/,
    ));

  test('--version and --help', async () => {
    const v = run(['--version']);
    assert.equal(await v.exited, 0);
    assert.equal(v.output().stdout, `${version}\n`);
    const h = run(['--help']);
    assert.equal(await h.exited, 0);
    assert.match(h.output().stdout, /Usage: soleus serve/);
    assert.match(h.output().stdout, /DATABASE_URL/);
  });
});

for (const dialect of dialectsUnderTest()) {
  describe(`soleus preview (${dialect})`, () => {
    test('prints the card the demo practice pins, and the server then answers the same from the database', async () => {
      const target = await freshDatabase(dialect);
      try {
        const p = run(['preview', 'https://www.tcslondonmarathon.com/training', '--db', target.url]);
        assert.equal(await p.exited, 0, p.output().stderr);
        const out = p.output().stdout;
        assert.match(out, /^Title: {7}Marathon training hub$/m);
        assert.match(out, /^Site: {8}TCS London Marathon · tcslondonmarathon\.com$/m);
        assert.match(out, /^Image: {7}800×420, alt "A runner cresting a hill at dawn above an empty road"$/m);
        assert.match(out, /^Status: {6}ok \(pinned in the practice file, never fetched\)$/m);
        const server = await startServer({ args: ['--port', '0', '--db', target.url, '--config', demoPracticePath] });
        try {
          const r = await fetch(
            `${server.url}/api/v1/link-preview?url=${encodeURIComponent('https://www.tcslondonmarathon.com/training')}`,
          );
          assert.equal(((await r.json()) as { title: string }).title, 'Marathon training hub');
        } finally {
          await server.close();
        }
      } finally {
        await target.drop();
      }
    });

    test('refuses a private address without connecting (exit 1), and a host outside allowedHosts', async () => {
      const target = await freshDatabase(dialect);
      try {
        const p = run(['preview', 'http://169.254.169.254/latest/meta-data/', '--db', target.url]);
        assert.equal(await p.exited, 1);
        assert.match(
          p.output().stdout,
          /^Not previewed \(url_not_allowed\): The address 169\.254\.169\.254 is not public \(linkLocal\)\.$/m,
        );
        const q = run(['preview', 'https://example.com/', '--db', target.url]);
        assert.equal(await q.exited, 1);
        assert.match(q.output().stdout, /not in this server's list of hosts to preview/);
        const none = run(['preview', '--db', target.url]);
        assert.equal(await none.exited, 1);
        assert.match(none.output().stdout, /^Usage: soleus preview <url>/);
      } finally {
        await target.drop();
      }
    });
  });
}
