import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageInfo {
  /** Absolute path of the folder holding Soleus's package.json. */
  root: string;
  /** The `version` field of that package.json. */
  version: string;
}

let cached: PackageInfo | undefined;

/**
 * Finds the Soleus package root by walking up from this module to the package.json named "soleus",
 * so it works from src/server (tsx) and from dist/node/server (compiled) alike.
 */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'soleus') {
          cached = { root: dir, version: typeof pkg.version === 'string' ? pkg.version : '0.0.0' };
          return cached;
        }
      } catch {
        // Not ours or unreadable: keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Soleus package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
