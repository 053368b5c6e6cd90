import { VERSION } from './version.js';

type Versioned = CustomElementConstructor & { version?: string };

let warned = false;

/**
 * The tag suffix chosen by the site owner in the script URL (`soleus.js?suffix=acme` → `-acme`),
 * so two practices' copies, or two versions, can live on one page under different tag names.
 */
export function tagSuffix(url: string = import.meta.url): string {
  try {
    const suffix = new URL(url).searchParams.get('suffix')?.toLowerCase();
    return suffix && /^[a-z][a-z0-9-]{0,30}$/.test(suffix) ? `-${suffix}` : '';
  } catch {
    return '';
  }
}

/**
 * Registers `name` (plus the script's suffix) without ever throwing on a host page.
 * When the tag is already taken by another copy, the first definition stays and this copy warns once.
 * Returns the tag name actually used.
 */
export function defineElement(name: string, ctor: Versioned, url?: string): string {
  const tag = name + tagSuffix(url);
  const registry = globalThis.customElements;
  const existing = registry?.get(tag) as Versioned | undefined;
  try {
    if (!existing) registry?.define(tag, ctor);
    else if (existing !== ctor) throw `already defined (${existing.version}); use ?suffix=`;
  } catch (error) {
    if (!warned) console.warn(`Soleus ${VERSION} <${tag}>: ${(error as Error).message ?? error}`);
    warned = true;
  }
  return tag;
}
