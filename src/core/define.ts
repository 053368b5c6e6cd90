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
  if (!registry) return tag;
  const existing = registry.get(tag) as Versioned | undefined;
  if (existing) {
    if (existing !== ctor && !warned) {
      warned = true;
      console.warn(
        `Soleus ${VERSION}: <${tag}> is already defined` +
          (existing.version ? ` by Soleus ${existing.version}` : '') +
          '; keeping the first definition. Load soleus.js once per page, or add ?suffix=name to its URL.',
      );
    }
    return tag;
  }
  try {
    registry.define(tag, ctor);
  } catch (error) {
    if (!warned) {
      warned = true;
      console.warn(`Soleus ${VERSION}: could not define <${tag}>: ${(error as Error).message}`);
    }
  }
  return tag;
}
