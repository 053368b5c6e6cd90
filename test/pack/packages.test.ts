// The two published packages, as a consumer gets them: `node scripts/pack.mjs` writes the tarballs (from the current
// build), each is installed with npm into a fresh folder, and then:
// - @soleus/widgets installs small (< 15 MB), with no native addon and no install script, every export resolves to a
//   shipped file with types, custom-elements.json names only shipped files, and a strict TypeScript consumer
//   compiles against every export under moduleResolution "bundler" and "node16";
// - soleus starts from its tarball's bin and serves the API, the one-file bundle and every widget file;
// - publint and @arethetypeswrong/cli report no problem on either.
// The widget list comes from src/components/*/ (as scripts/build.mjs builds it), so a new widget is checked too.
// npm runs with --prefer-offline: the cache the root install filled, the registry only for what it lacks.
// Run after `npm run build`: node --import tsx --test test/pack/packages.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const MB = 1024 * 1024;

const WIDGETS = readdirSync(join(root, 'src/components'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'src/components', d.name, `${d.name}.define.ts`)))
  .map((d) => d.name)
  .sort();
const className = (widget: string) =>
  'Soleus' +
  widget
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

interface Manifest {
  name: string;
  version: string;
  bin?: Record<string, string>;
  scripts?: Record<string, string>;
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  customElements?: string;
}
const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

let out: string;
const folders: string[] = [];
const tarballs: Record<'widgets' | 'server', string> = { widgets: '', server: '' };
const consumers: Record<'widgets' | 'server', string> = { widgets: '', server: '' };

/** A fresh consumer project with the tarball installed; returns its folder. */
async function install(tarball: string, extraArgs: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'soleus-consumer-'));
  folders.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const started = Date.now();
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...extraArgs, tarball], {
    cwd: dir,
    maxBuffer: 16 * MB,
  });
  console.log(`npm install ${tarball.split('/').pop()}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

/** Every file below dir (symlinks not followed). */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = join(dir, d.name);
    return d.isDirectory() ? files(full) : [full];
  });
}

/** Disk usage (blocks) and apparent size of every file below dir. */
function size(dir: string) {
  let disk = 0;
  let apparent = 0;
  for (const file of files(dir)) {
    const stat = lstatSync(file);
    disk += stat.blocks * 512;
    apparent += stat.size;
  }
  return { disk, apparent };
}

async function lint(folder: string, tarball: string) {
  // publint on the installed package: exactly the files the tarball holds. --strict fails on warnings too.
  const publint = await run(bin('publint'), [folder, '--strict', '--pack', 'false']).catch(
    (error: { stdout: string; stderr: string }) => assert.fail(`publint failed:\n${error.stdout}${error.stderr}`),
  );
  assert.match(publint.stdout, /All good!/, publint.stdout);
  // attw exits non-zero on any problem; the ESM-only profile ignores node10 and require() from CommonJS.
  const attw = await run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'json'], {
    maxBuffer: 16 * MB,
  }).catch((error: { stdout: string; stderr: string }) =>
    assert.fail(`attw reported problems:\n${error.stdout}${error.stderr}`),
  );
  const report = JSON.parse(attw.stdout) as {
    analysis: { types: false | { kind: string } };
    problems?: Record<string, { resolutionKind?: string; entrypoint?: string }[]>;
  };
  // The JSON lists what the profile ignores too (node10, and require() from CommonJS of an ESM-only package).
  const problems = Object.values(report.problems ?? {})
    .flat()
    .filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
  return { types: report.analysis.types, problems };
}

type Resolution = 'bundler' | 'node16';
const RESOLUTIONS: Resolution[] = ['bundler', 'node16'];

/**
 * A tiny strict TypeScript project next to the consumer's node_modules that imports every widgets export and uses
 * each element through its tag's type; resolves to undefined when tsc accepts it, else to tsc's errors.
 */
async function compileConsumer(consumer: string, resolution: Resolution): Promise<string | undefined> {
  const project = join(consumer, `ts-${resolution}`);
  cpSync(join(consumer, 'package.json'), join(project, 'package.json'));
  const lines = [
    `import * as soleus from '@soleus/widgets';`,
    `import '@soleus/widgets/embed';`,
    `import '@soleus/widgets/soleus.js';`,
    `export const version: string = soleus.VERSION;`,
  ];
  for (const w of WIDGETS) {
    const name = className(w);
    const id = name.slice('Soleus'.length);
    lines.push(
      `import { ${name} as ${id}Class } from '@soleus/widgets/${w}';`,
      `import '@soleus/widgets/${w}/define';`,
      `import { ${name} as ${id}Bundled } from '@soleus/widgets/widgets/${w}.js';`,
      // The tag is typed as its class (HTMLElementTagNameMap), the class is the one "." exports too.
      `const ${id}Element: ${id}Class = document.createElement('soleus-${w}');`,
      `export const ${id}Same: typeof soleus.${name} = ${id}Class;`,
      `export const ${id}FromBundle: ${id}Bundled = document.createElement('soleus-${w}');`,
      `${id}Element.theme = 'dark';`,
      `// @ts-expect-error: theme is 'light' | 'dark' | 'auto' (an unused directive fails: the type is not any)`,
      `${id}Element.theme = 42;`,
      `export const ${id}Ready: Promise<boolean> = ${id}Element.updateComplete;`,
    );
  }
  writeFileSync(join(project, 'index.ts'), lines.join('\n') + '\n');
  const module = resolution === 'node16' ? 'node16' : 'esnext';
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'es2022',
        module,
        moduleResolution: resolution,
        lib: ['es2022', 'dom', 'dom.iterable'],
        types: [],
        noEmit: true,
        skipLibCheck: false,
      },
      files: ['index.ts'],
    }),
  );
  // The consumer's node_modules is one folder up: TypeScript walks up to it like any resolver. skipLibCheck is off,
  // so the shipped .d.ts files are checked too.
  return run(bin('tsc'), ['-p', join(project, 'tsconfig.json')], { cwd: project }).then(
    () => undefined,
    (error: { stdout?: string; message: string }) => error.stdout || error.message,
  );
}

before(async () => {
  assert.ok(existsSync(join(root, 'dist/npm/index.js')), 'run `npm run build` first');
  out = mkdtempSync(join(tmpdir(), 'soleus-packages-'));
  folders.push(out);
  await run(process.execPath, [join(root, 'scripts/pack.mjs'), '--out', out], { maxBuffer: 16 * MB });
  const { version } = readJson<Manifest>(join(root, 'package.json'));
  tarballs.widgets = join(out, `soleus-widgets-${version}.tgz`);
  tarballs.server = join(out, `soleus-${version}.tgz`);
  assert.ok(existsSync(tarballs.widgets) && existsSync(tarballs.server), `two tarballs in ${out}: ${readdirSync(out)}`);
  // Both installs at once (npm waits on the cache and the disk more than on the CPU).
  // better-sqlite3's install script compiles it with node-gyp (about 2 minutes on 2 cores: its prebuilt download is
  // blocked here), so the server installs with --ignore-scripts and gets the same version's addon, compiled by the
  // root install, copied in below; everything else is what npm installs from the tarball.
  [consumers.widgets, consumers.server] = await Promise.all([
    install(tarballs.widgets),
    install(tarballs.server, ['--ignore-scripts']),
  ]);
});

after(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('@soleus/widgets, installed from its tarball', () => {
  let consumer: string;
  let pkgDir: string;
  let pkg: Manifest;

  const compiled: Partial<Record<Resolution, Promise<string | undefined>>> = {};

  before(() => {
    consumer = consumers.widgets;
    pkgDir = join(consumer, 'node_modules/@soleus/widgets');
    pkg = readJson<Manifest>(join(pkgDir, 'package.json'));
    // Both compilations at once; each test awaits its own (undefined, or tsc's errors).
    for (const resolution of RESOLUTIONS) compiled[resolution] = compileConsumer(consumer, resolution);
  });

  test('has no bin and depends only on what the browser code imports', () => {
    assert.equal(pkg.bin, undefined);
    assert.deepEqual(Object.keys(pkg.dependencies ?? {}).sort(), ['lit', 'zod']);
  });

  test('installs in under 15 MB, with no native addon and no install script', () => {
    const modules = join(consumer, 'node_modules');
    const { disk, apparent } = size(modules);
    console.log(`installed: ${(apparent / MB).toFixed(2)} MB of files, ${(disk / MB).toFixed(2)} MB on disk`);
    // The install size as npm ("unpacked size") and packagephobia count it: the bytes of the files. On disk it is
    // some 4 MB more with 4 kB blocks (zod alone ships 840 files), which depends on the file system.
    assert.ok(apparent < 15 * MB, `${(apparent / MB).toFixed(1)} MB`);
    const all = files(modules);
    assert.deepEqual(
      all.filter((f) => f.endsWith('.node') || f.endsWith('binding.gyp')),
      [],
    );
    const withScripts = all
      .filter((f) => f.endsWith('/package.json') && !f.includes('/node_modules/.') && existsSync(f))
      .filter((f) => {
        try {
          const { scripts } = readJson<Manifest>(f);
          return ['preinstall', 'install', 'postinstall'].some((s) => scripts?.[s]);
        } catch {
          return false; // a fixture file named package.json that is not JSON
        }
      });
    assert.deepEqual(withScripts, []);
    const lock = readJson<{ packages: Record<string, { hasInstallScript?: boolean }> }>(
      join(modules, '.package-lock.json'),
    );
    assert.deepEqual(
      Object.entries(lock.packages)
        .filter(([, p]) => p.hasInstallScript)
        .map(([name]) => name),
      [],
    );
  });

  test('exports every widget, each entry a shipped file with types', () => {
    const expected = ['.', './embed', './soleus.js', './custom-elements.json', './package.json'];
    for (const w of WIDGETS) expected.push(`./${w}`, `./${w}/define`, `./widgets/${w}.js`);
    assert.deepEqual(Object.keys(pkg.exports ?? {}).sort(), expected.sort());
    for (const [key, target] of Object.entries(pkg.exports ?? {})) {
      if (typeof target === 'string') {
        assert.ok(key.endsWith('.json'), `${key} has no types`);
        assert.ok(existsSync(join(pkgDir, target)), `${key} → ${target}`);
        continue;
      }
      assert.deepEqual(Object.keys(target), ['types', 'default'], key);
      for (const file of Object.values(target)) assert.ok(existsSync(join(pkgDir, file)), `${key} → ${file}`);
    }
  });

  test('custom-elements.json describes every widget and names only files in the package', () => {
    assert.equal(pkg.customElements, 'custom-elements.json');
    const manifest = readJson<{ modules: unknown[] }>(join(pkgDir, 'custom-elements.json'));
    const paths = new Set<string>();
    const tags = new Set<string>();
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (!value || typeof value !== 'object') return;
      const record = value as Record<string, unknown>;
      for (const key of ['path', 'module', 'typeDefinitionPath']) {
        if (typeof record[key] === 'string' && !('package' in record)) paths.add(record[key]);
      }
      if (record.kind === 'custom-element-definition' && typeof record.name === 'string') tags.add(record.name);
      Object.values(record).forEach(visit);
    };
    visit(manifest.modules);
    assert.ok(paths.size > 0);
    assert.deepEqual(
      [...paths].filter((p) => !existsSync(join(pkgDir, p))),
      [],
    );
    assert.deepEqual([...tags].sort(), WIDGETS.map((w) => `soleus-${w}`).sort());
  });

  for (const resolution of RESOLUTIONS) {
    test(`a strict TypeScript consumer compiles against every export (moduleResolution ${resolution})`, async () => {
      const errors = await compiled[resolution];
      assert.equal(errors, undefined, `tsc (${resolution}):\n${errors}`);
    });
  }

  test('publint and arethetypeswrong report no problem', async () => {
    const attw = await lint(pkgDir, tarballs.widgets);
    assert.deepEqual(attw.types, { kind: 'included' });
    assert.deepEqual(attw.problems, []);
  });
});

describe('soleus (the server), installed from its tarball', () => {
  let consumer: string;
  let pkgDir: string;
  let pkg: Manifest;
  let child: ChildProcess | undefined;

  before(() => {
    consumer = consumers.server;
    pkgDir = join(consumer, 'node_modules/soleus');
    pkg = readJson<Manifest>(join(pkgDir, 'package.json'));
    const ours = readJson<Manifest>(join(root, 'node_modules/better-sqlite3/package.json'));
    const theirs = readJson<Manifest>(join(consumer, 'node_modules/better-sqlite3/package.json'));
    assert.equal(theirs.version, ours.version, 'the server installs the better-sqlite3 of the root lockfile');
    cpSync(join(root, 'node_modules/better-sqlite3/build'), join(consumer, 'node_modules/better-sqlite3/build'), {
      recursive: true,
    });
  });

  after(() => {
    child?.kill();
  });

  test('has the soleus bin and depends only on what the server imports', () => {
    assert.deepEqual(Object.keys(pkg.bin ?? {}), ['soleus']);
    const deps = Object.keys(pkg.dependencies ?? {});
    for (const dev of ['lit', '@floating-ui/dom', 'date-fns', '@date-fns/tz', 'typescript', 'vite']) {
      assert.ok(!deps.includes(dev), `${dev} is not a server dependency`);
    }
    for (const runtime of ['hono', '@hono/node-server', 'better-sqlite3', 'pg', 'kysely', 'nodemailer']) {
      assert.ok(deps.includes(runtime), `${runtime} is a server dependency`);
    }
    const { disk, apparent } = size(join(consumer, 'node_modules'));
    console.log(
      `installed: ${(apparent / MB).toFixed(2)} MB of files, ${(disk / MB).toFixed(2)} MB on disk (better-sqlite3 build included)`,
    );
  });

  test('ships the built widget files it serves, the demo and the public pages', () => {
    for (const file of ['dist/soleus.js', 'dist/console.js', 'dist/node/server/cli.js'])
      assert.ok(existsSync(join(pkgDir, file)), file);
    for (const w of WIDGETS) assert.ok(existsSync(join(pkgDir, `dist/widgets/${w}.js`)), w);
    const listing = (dir: string) =>
      files(dir)
        .map((f) => f.slice(dir.length + 1))
        .sort();
    assert.deepEqual(listing(join(pkgDir, 'dist/chunks')), listing(join(root, 'dist/chunks')));
    for (const dir of ['demo', 'public'].filter((d) => existsSync(join(root, d)))) {
      assert.deepEqual(listing(join(pkgDir, dir)), listing(join(root, dir)), dir);
    }
    assert.deepEqual(
      files(pkgDir).filter((f) => f.endsWith('.ts') || f.endsWith('.map') || f.includes('/src/')),
      [],
    );
  });

  test('`soleus serve` from the tarball answers the health check, the bundle and every widget file', async () => {
    const soleus = join(consumer, 'node_modules/.bin/soleus');
    const { stdout } = await run(soleus, ['--version'], { cwd: consumer });
    assert.equal(stdout.trim(), pkg.version);
    child = spawn(soleus, ['serve', '--host', '127.0.0.1', '--port', '0', '--db', 'sqlite::memory:'], {
      cwd: consumer,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" line in 15 s:\n${output}`)), 15_000);
      const onData = (chunk: Buffer) => {
        output += String(chunk);
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) (clearTimeout(timer), resolve(match[1]!));
      };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', onData);
      child!.once('exit', (code) => (clearTimeout(timer), reject(new Error(`exited with ${code}:\n${output}`))));
    });
    const health = await fetch(`${url}/api/v1/health`);
    assert.equal(health.status, 200, output);
    const body = (await health.json()) as { version?: string };
    assert.equal(body.version, pkg.version);
    for (const path of ['/soleus.js', ...WIDGETS.map((w) => `/widgets/${w}.js`)]) {
      const response = await fetch(url + path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') ?? '', /javascript/, path);
      assert.equal(await response.text(), readFileSync(join(pkgDir, 'dist', path.slice(1)), 'utf8'), path);
    }
    const home = await fetch(`${url}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /soleus\.js|widgets\//);
  });

  test('publint and arethetypeswrong report no problem', async () => {
    const attw = await lint(pkgDir, tarballs.server);
    // A command, not a library: no entry points to type, and attw finds nothing wrong.
    assert.equal(attw.types, false);
    assert.deepEqual(attw.problems, []);
  });
});
