/**
 * A Mastodon server from what a visitor typed (`mastodon.social`, `https://mastodon.social/`,
 * `@me@mastodon.social`, an internationalised name), as `host[:port]`, or null when it is not a host name.
 */
export function normaliseServer(input: string): string | null {
  const first =
    input
      .trim()
      .replace(/^[a-z]+:\/\//i, '')
      .split('/')[0] ?? '';
  const host = first.slice(first.lastIndexOf('@') + 1);
  try {
    const parsed = new URL('https://' + host).host;
    return /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,}(:\d+)?$/.test(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const STORAGE_KEY = 'soleus:mastodon-server';

/** The visitor's remembered Mastodon server; null when none, or when storage is blocked. */
export function loadServer(): string | null {
  try {
    return normaliseServer(localStorage.getItem(STORAGE_KEY) ?? '');
  } catch {
    return null;
  }
}

/** Remembers the visitor's Mastodon server; silently does nothing when storage is blocked. */
export function saveServer(server: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, server);
  } catch {
    /* Storage blocked (private mode, sandbox, policy): just ask again next time. */
  }
}
