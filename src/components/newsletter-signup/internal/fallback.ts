/** A run of text, or a link, in the owner's consent wording. */
export type Part = string | { href: string; text: string };

/** What the element upgrades from the plain form a site owner put inside it for visitors without JavaScript. */
export interface Fallback {
  /** The form's action, resolved (`https://…/api/v1/subscriptions`). */
  action?: string;
  /** The `list` field's value. */
  list?: string;
  /** Whether the form asks for a first name (`name` field). */
  withName: boolean;
  /** The consent checkbox's label: its text, with links kept as links. */
  consent?: Part[];
  /** Anything already typed before the script ran. */
  email: string;
  name: string;
}

/** Text and links of a node, in order, leaving out form controls. */
function parts(node: Node): Part[] {
  if (node instanceof HTMLAnchorElement) return [{ href: node.href, text: node.textContent ?? '' }];
  if (node instanceof Text) return [node.data];
  return node instanceof HTMLInputElement ? [] : [...node.childNodes].flatMap(parts);
}

/** Reads the first `<form>` in the element's light DOM, if any. */
export function readFallback(host: Element): Fallback | undefined {
  const form = host.querySelector('form');
  if (!form) return;
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
  const label = field('consent')?.labels?.[0];
  return {
    action: form.getAttribute('action') ? form.action : undefined,
    list: field('list')?.value || undefined,
    withName: !!field('name'),
    consent: label ? parts(label) : undefined,
    email: field('email')?.value ?? '',
    name: field('name')?.value ?? '',
  };
}
