#!/usr/bin/env node
// Throwaway PostgreSQL cluster for tests.
//   node scripts/pg.mjs start   → prints postgres://postgres@127.0.0.1:<port>/postgres, leaves the server running
//   node scripts/pg.mjs stop    → stops it and removes its data directory
// State goes to $PG_STATE_FILE (default /tmp/soleus-pg-state.json).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STATE = process.env.PG_STATE_FILE || '/tmp/soleus-pg-state.json';
const isRoot = process.getuid?.() === 0;

function die(message, code = 1) {
  process.stderr.write(`pg.mjs: ${message}\n`);
  process.exit(code);
}

function findBin(name) {
  for (const dir of (process.env.PATH || '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(base, v, 'bin', name))) return join(base, v, 'bin', name);
  }
  return undefined;
}

function run(bin, args, options = {}) {
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    die(
      `${bin.split('/').pop()} failed (${result.status}): ${(result.stderr || result.stdout || '').trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  return result.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function start() {
  if (existsSync(STATE)) {
    const state = JSON.parse(readFileSync(STATE, 'utf8'));
    if (state.pid && isAlive(state.pid)) {
      process.stdout.write(state.url + '\n');
      return;
    }
  }
  const initdb = findBin('initdb');
  const pgCtl = findBin('pg_ctl');
  if (!initdb || !pgCtl)
    die(
      'PostgreSQL binaries (initdb, pg_ctl) not found; install them with: apt-get install postgresql postgresql-contrib',
      3,
    );
  const dir = mkdtempSync(join(tmpdir(), 'soleus-pg-'));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  const log = join(dir, 'server.log');
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -k ${dir}`;
  run(pgCtl, ['-D', data, '-l', log, '-o', options, '-w', '-t', '30', 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  writeFileSync(STATE, JSON.stringify({ url, port, dir, data, pid, pgCtl }, null, 2));
  process.stdout.write(url + '\n');
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function stop() {
  if (!existsSync(STATE)) die(`no state file ${STATE}; nothing to stop`, 0);
  const state = JSON.parse(readFileSync(STATE, 'utf8'));
  if (state.pid && isAlive(state.pid))
    run(state.pgCtl, ['-D', state.data, '-m', 'fast', '-w', 'stop'], { stdio: ['ignore', 'pipe', 'pipe'] });
  rmSync(state.dir, { recursive: true, force: true });
  rmSync(STATE, { force: true });
  process.stdout.write(`stopped ${state.url}\n`);
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'stop') stop();
else die('usage: node scripts/pg.mjs start|stop', 2);
