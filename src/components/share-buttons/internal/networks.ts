import { fill } from '../../../core/i18n.js';

/** What is shared: the page address, its title and optional extra text. */
export interface ShareData {
  url: string;
  title: string;
  text: string;
}

/** Every share target the widget knows, in its default order. */
export const NETWORK_IDS = [
  'native',
  'copy',
  'email',
  'whatsapp',
  'facebook',
  'x',
  'linkedin',
  'bluesky',
  'mastodon',
  'threads',
  'reddit',
] as const;

/** One share target. */
export type NetworkId = (typeof NETWORK_IDS)[number];

/** Brand names (never translated); `native`, `copy` and `email` are labelled from the catalogue. */
export const BRANDS: Partial<Record<NetworkId, string>> = {
  whatsapp: 'WhatsApp',
  facebook: 'Facebook',
  x: 'X',
  linkedin: 'LinkedIn',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  threads: 'Threads',
  reddit: 'Reddit',
};

/**
 * Share URL templates, filled with encoded values: `{u}` URL, `{t}` title, `{m}` title + text + URL,
 * `{n}` title + text (the URL goes in its own parameter), `{b}` email body (text, blank line, URL).
 */
const TEMPLATES: Partial<Record<NetworkId, string>> = {
  email: 'mailto:?subject={t}&body={b}',
  whatsapp: 'https://wa.me/?text={m}',
  facebook: 'https://www.facebook.com/sharer/sharer.php?u={u}',
  x: 'https://x.com/intent/post?text={n}&url={u}',
  linkedin: 'https://www.linkedin.com/sharing/share-offsite/?url={u}',
  bluesky: 'https://bsky.app/intent/compose?text={m}',
  // The fallback without a known server; the widget then asks for the visitor's own (see mastodonHref).
  mastodon: 'https://mastodonshare.com/?text={n}&url={u}',
  threads: 'https://www.threads.net/intent/post?text={m}',
  reddit: 'https://www.reddit.com/submit?url={u}&title={t}',
};

const line = (...parts: string[]): string => parts.filter(Boolean).join(' ');

function values(d: ShareData): Record<string, string> {
  const v: Record<string, string> = {
    u: d.url,
    t: d.title,
    m: line(d.title, d.text, d.url),
    n: line(d.title, d.text),
    b: d.text ? `${d.text}\n\n${d.url}` : d.url,
  };
  for (const k in v) v[k] = encodeURIComponent(v[k]!);
  return v;
}

/** The share URL of a link network, or undefined for the `native` and `copy` buttons. */
export const shareHref = (id: NetworkId, d: ShareData): string | undefined =>
  TEMPLATES[id] && fill(TEMPLATES[id], values(d));

/** The compose page of the visitor's own Mastodon server (`server` is a checked host name). */
export const mastodonHref = (server: string, d: ShareData): string => `https://${server}/share?text=${values(d).m}`;

/** Parses a space- or comma-separated list: known names only, in the owner's order, once each. */
export function parseNetworks(value: string | null | undefined): NetworkId[] {
  if (!value?.trim()) return [...NETWORK_IDS];
  return [...new Set(value.toLowerCase().split(/[\s,]+/))].filter((id): id is NetworkId =>
    (NETWORK_IDS as readonly string[]).includes(id),
  );
}
