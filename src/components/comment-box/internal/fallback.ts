/** What the element upgrades from the plain form a site owner put inside it for visitors without JavaScript. */
export interface Fallback {
  /** The form's action, resolved (`https://…/api/v1/comments`). */
  action?: string;
  /** The `thread` field's value. */
  thread?: string;
  /** Anything typed before the script ran. */
  name: string;
  email: string;
  body: string;
}

/** Reads the first `<form>` in the element's light DOM, if any. */
export function readFallback(host: Element): Fallback | undefined {
  const form = host.querySelector('form');
  if (!form) return;
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
  return {
    action: form.getAttribute('action') ? form.action : undefined,
    thread: value('thread') || undefined,
    name: value('name'),
    email: value('email'),
    body: value('body'),
  };
}
