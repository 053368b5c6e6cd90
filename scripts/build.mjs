#!/usr/bin/env node
// npm run build: the embed bundle, one file per widget, the npm build (+ types and
// custom-elements.json) and the compiled server. Each step fails the build loudly.
import { build } from 'vite';
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

/** Every public widget: a folder in src/components with a <name>.define.ts. */
export function widgets() {
  return readdirSync('src/components', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`src/components/${d.name}/${d.name}.define.ts`))
    .map((d) => d.name)
    .sort();
}

function run(command, args) {
  execFileSync(command, args, { stdio: 'inherit' });
}

async function bundle(entry, out) {
  process.env.SOLEUS_ENTRY = entry;
  process.env.SOLEUS_OUT = out;
  await build({ configFile: path.join(root, 'vite.config.ts') });
}

const started = Date.now();
rmSync('dist', { recursive: true, force: true });
await bundle('src/embed.ts', 'soleus.js');
for (const name of widgets()) await bundle(`src/components/${name}/${name}.define.ts`, `widgets/${name}.js`);
// The owner console (served at /admin/console.js): its own file, never part of soleus.js.
await bundle('src/console/console.ts', 'console.js');
run('node_modules/.bin/tsc', ['-p', 'tsconfig.npm.json']);
run('node_modules/.bin/tsc', ['-p', 'tsconfig.server.json']);
run('node_modules/.bin/cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
console.log(
  `Built dist/soleus.js, ${widgets().length} widget file(s), dist/console.js, the npm build and the server in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
