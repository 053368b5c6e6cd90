// The deployment files in deploy/ (docs/deploy.md), parsed and checked against each other and against the server's
// own configuration rules: the Caddyfile proxies to the address the systemd unit makes the server listen on, the unit's
// command line and the env file are accepted by the server's real option parser (loadConfig) in production, the backup
// service copies the database the server uses into the folder it may write, the timer starts it, and the
// several-process template leaves the database to DATABASE_URL. A full rehearsal with Caddy and the units' commands
// running is scripts/deploy-rehearsal.sh (root and Caddy needed, so not part of npm test).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/server/config.js';
import { root } from '../support/devices.js';

const file = (name: string) => readFileSync(join(root, 'deploy', name), 'utf8');

/** A systemd unit file: section → key → values (a key may repeat), comments and blank lines dropped. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[([A-Za-z]+)\]$/.exec(line);
    if (head) {
      assert.ok(!sections.has(head[1]!), `section [${head[1]}] appears twice`);
      current = new Map();
      sections.set(head[1]!, current);
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    assert.ok(kv && current, `line ${i + 1} is neither a section nor Key=value: ${line}`);
    current.set(kv[1]!, [...(current.get(kv[1]!) ?? []), kv[2]!]);
  }
  return sections;
}

const one = (unit: Map<string, Map<string, string[]>>, section: string, key: string): string => {
  const values = unit.get(section)?.get(key);
  assert.equal(values?.length, 1, `[${section}] ${key}= is set once`);
  return values[0]!;
};

/** systemd's command-line splitting for the simple cases the units use (quotes, no variables). */
function splitCommand(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

interface Directive {
  name: string;
  args: string[];
  block: Directive[];
}

/** The Caddyfile's structure: directives with their arguments and nested blocks (comments dropped). */
function parseCaddyfile(text: string): Directive[] {
  const tokens: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    tokens.push(...line.split(/\s+/), '\n');
  }
  let i = 0;
  const block = (): Directive[] => {
    const out: Directive[] = [];
    while (i < tokens.length) {
      if (tokens[i] === '\n') {
        i++;
        continue;
      }
      if (tokens[i] === '}') {
        i++;
        return out;
      }
      const words: string[] = [];
      while (i < tokens.length && tokens[i] !== '\n' && tokens[i] !== '{') words.push(tokens[i++]!);
      const d: Directive = { name: words[0] ?? '', args: words.slice(1), block: [] };
      if (tokens[i] === '{') {
        i++;
        d.block = block();
      }
      out.push(d);
    }
    return out;
  };
  const top = block();
  assert.equal(i, tokens.length, 'every { is closed');
  return top;
}

function envFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    assert.ok(m, `env line is NAME=value: ${line}`);
    env[m[1]!] = m[2]!;
  }
  return env;
}

const serveUnit = parseUnit(file('soleus.service'));
const env = envFile(file('soleus.env.example'));

describe('deploy/: Caddy, systemd and the env file agree with each other and with the server', () => {
  test('soleus.service runs `soleus serve` on 127.0.0.1 as an unprivileged user, with the env file, restarted on failure', () => {
    assert.deepEqual([...serveUnit.keys()], ['Unit', 'Service', 'Install']);
    const user = one(serveUnit, 'Service', 'User');
    assert.notEqual(user, 'root');
    assert.equal(one(serveUnit, 'Service', 'EnvironmentFile'), '/etc/soleus/soleus.env');
    assert.match(file('soleus.env.example'), /^# \/etc\/soleus\/soleus\.env:/, 'the example names where it goes');
    assert.equal(one(serveUnit, 'Service', 'Restart'), 'on-failure');
    assert.equal(one(serveUnit, 'Service', 'KillSignal'), 'SIGTERM', 'the server stops cleanly on SIGTERM');
    assert.equal(one(serveUnit, 'Install', 'WantedBy'), 'multi-user.target');
    const [bin, command] = splitCommand(one(serveUnit, 'Service', 'ExecStart'));
    assert.equal(bin, '/opt/soleus/node_modules/.bin/soleus');
    assert.equal(command, 'serve');
  });

  test("the unit's command line and the env file pass the server's own option parser, in production", () => {
    const args = splitCommand(one(serveUnit, 'Service', 'ExecStart')).slice(2);
    const config = loadConfig(args, env, one(serveUnit, 'Service', 'WorkingDirectory'));
    assert.equal(config.production, true);
    assert.equal(config.host, '127.0.0.1', 'only Caddy reaches the process');
    assert.equal(config.trustProxy, true, 'behind Caddy the client is the last X-Forwarded-For hop');
    assert.match(config.publicUrl ?? '', /^https:\/\//, 'a public https URL: Secure cookie, right links in mail');
    assert.match(config.smtpUrl ?? '', /^smtps?:\/\//);
    assert.equal(config.configPath, '/etc/soleus/practice.json');
    assert.equal(config.demoPractice, false);
    assert.ok(config.allowedOrigins.length >= 1);
    assert.equal(config.database.dialect, 'sqlite');
    const state = one(serveUnit, 'Service', 'StateDirectory');
    assert.ok(
      config.database.dialect === 'sqlite' && config.database.filename.startsWith(`/var/lib/${state}/`),
      'the database lives in the one directory the service may write (StateDirectory)',
    );
    assert.equal(one(serveUnit, 'Service', 'ProtectSystem'), 'strict');
  });

  test('every setting in the env example is one the server reads (its --help lists it)', () => {
    const help = readFileSync(join(root, 'src/server/cli.ts'), 'utf8');
    for (const key of Object.keys(env)) assert.ok(help.includes(key), `${key} is a setting soleus knows`);
    for (const key of ['NODE_ENV', 'SOLEUS_PUBLIC_URL', 'SOLEUS_TRUST_PROXY', 'SOLEUS_ALLOWED_ORIGINS', 'SMTP_URL'])
      assert.ok(key in env, `the example sets ${key}`);
  });

  test('the Caddyfile serves the public URL and proxies to the port the unit listens on, adding no headers', () => {
    const top = parseCaddyfile(file('Caddyfile'));
    assert.equal(top[0]?.name, '', 'a global options block first');
    assert.ok(
      top[0].block.some((d) => d.name === 'email'),
      "an address for Let's Encrypt",
    );
    const sites = top.filter((d) => d.name !== '');
    assert.equal(sites.length, 1);
    const site = sites.find((d) => d.name === new URL(env.SOLEUS_PUBLIC_URL!).host);
    assert.ok(site, `a site block for ${new URL(env.SOLEUS_PUBLIC_URL!).host}, the host of SOLEUS_PUBLIC_URL`);
    const proxies = site.block.filter((d) => d.name === 'reverse_proxy');
    assert.equal(proxies.length, 1);
    const args = splitCommand(one(serveUnit, 'Service', 'ExecStart'));
    const port = args[args.indexOf('--port') + 1];
    assert.deepEqual(proxies[0]!.args, [`127.0.0.1:${port}`]);
    const health = proxies[0]!.block.find((d) => d.name === 'health_uri');
    assert.deepEqual(health?.args, ['/api/v1/health'], "the contract's health route");
    const names = site.block.map((d) => d.name);
    assert.ok(!names.includes('header'), 'Soleus sets its own headers, its CSP included');
    assert.ok(!names.includes('encode'), 'Soleus compresses its own answers (brotli ahead of time)');
    assert.ok(!names.includes('tls'), 'a certificate Caddy obtains and renews by itself');
  });

  test('the nightly backup copies the database the server uses into the one folder it may write, and the timer starts it', () => {
    const backup = parseUnit(file('soleus-backup.service'));
    assert.equal(one(backup, 'Service', 'Type'), 'oneshot');
    assert.equal(one(backup, 'Service', 'User'), one(serveUnit, 'Service', 'User'));
    const shell = splitCommand(one(backup, 'Service', 'ExecStart'));
    assert.deepEqual(shell.slice(0, 2), ['/bin/sh', '-c']);
    const inner = splitCommand(shell[2]!.replace(/^exec /, ''));
    assert.equal(inner[0], '/opt/soleus/node_modules/.bin/soleus');
    assert.equal(inner[1], 'backup');
    const serveArgs = splitCommand(one(serveUnit, 'Service', 'ExecStart'));
    assert.equal(inner[inner.indexOf('--db') + 1], serveArgs[serveArgs.indexOf('--db') + 1], 'the same database');
    const target = inner[2]!;
    const writable = one(backup, 'Service', 'ReadWritePaths');
    assert.ok(target.startsWith(`${writable}/`), `${target} is under ReadWritePaths=${writable}`);
    assert.ok(target.includes('$(date +%%F)'), 'one file per night (%% is a literal % for systemd)');
    assert.match(
      one(backup, 'Service', 'ExecStartPost'),
      new RegExp(`^/usr/bin/find ${writable} .*-mtime \\+\\d+ -delete$`),
    );
    const timer = parseUnit(file('soleus-backup.timer'));
    assert.match(one(timer, 'Timer', 'OnCalendar'), /^\*-\*-\* \d\d:\d\d:\d\d$/, 'every night');
    assert.equal(one(timer, 'Timer', 'Persistent'), 'true', 'a night missed while off runs at boot');
    assert.equal(one(timer, 'Install', 'WantedBy'), 'timers.target');
  });

  test('soleus@.service: one process per port, the database from DATABASE_URL (PostgreSQL)', () => {
    const multi = parseUnit(file('soleus@.service'));
    const args = splitCommand(one(multi, 'Service', 'ExecStart'));
    assert.equal(args[args.indexOf('--port') + 1], '%i');
    assert.ok(!args.includes('--db'), 'the database comes from DATABASE_URL in the env file');
    for (const port of ['8787', '8788']) {
      const config = loadConfig(
        args.slice(2).map((a) => (a === '%i' ? port : a)),
        { ...env, DATABASE_URL: 'postgres://soleus@db.internal:5432/soleus' },
        '/var/lib/soleus',
      );
      assert.equal(config.port, Number(port));
      assert.equal(config.database.dialect, 'postgres');
      assert.equal(config.host, '127.0.0.1');
    }
  });
});
