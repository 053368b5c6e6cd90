/**
 * `#soleus-book=<service>/<day>`: the link in a waitlist email opens the booking calendar on that day's times. One
 * calendar on the page takes it: an inline one (the first to load), else a popup one, which then opens itself.
 */

/** What the link asks for. */
export interface DeepLink {
  service: string;
  day: string;
}

let taken = false;

/** The link in `hash`, if it is one. */
export function parseDeepLink(hash: string): DeepLink | undefined {
  const match = /^#soleus-book=([^/]{1,100})\/(\d{4}-\d{2}-\d{2})$/.exec(hash);
  if (!match) return undefined;
  try {
    return { service: decodeURIComponent(match[1]!), day: match[2]! };
  } catch {
    return undefined;
  }
}

/**
 * The page's link for `el`, once per page: for an inline calendar (whose `service`, if set, is the link's), or a popup
 * one when the page has no inline calendar of the same tag.
 */
export function takeDeepLink(el: HTMLElement & { mode: string; service: string }): DeepLink | undefined {
  const link = taken ? undefined : parseDeepLink(globalThis.location?.hash ?? '');
  if (!link || (el.service && el.service != link.service)) return undefined;
  if (el.mode == 'popup' && document.querySelector(`${el.localName}:not([mode=popup])`)) return undefined;
  taken = true;
  return link;
}

/** For tests: lets the next calendar take the link again. */
export function resetDeepLink(): void {
  taken = false;
}
