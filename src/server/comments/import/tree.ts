/**
 * A minimal element tree built from htmlparser2's streaming callbacks, for the importers (XML exports) and the HTML
 * to Markdown conversion of their comment bodies.
 *
 * Why htmlparser2: one well-kept, dependency-light parser (Node ≥ 20.19 for 12.x) for both jobs, XML in `xmlMode` and
 * the HTML inside comments in its forgiving HTML mode; it decodes entities and CDATA itself, and it does not give up on
 * the slightly broken XML that real WordPress exports contain (stray control characters, undeclared entities), where
 * a strict XML parser such as fast-xml-parser's validator would refuse the whole file. We keep our own tiny tree
 * instead of domhandler's so no type from a transitive package leaks into ours.
 */
import { Parser } from 'htmlparser2';

/** An element: its tag name as written (XML) or lowercased (HTML), attributes, and children. */
export interface El {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
}
/** A child: an element or a run of text (entities and CDATA already decoded). */
export type Node = El | string;

/** Parses `source` into a root element named `#root` holding the top-level nodes. */
export function parseTree(source: string, mode: 'xml' | 'html'): El {
  const root: El = { name: '#root', attrs: {}, children: [] };
  const stack: El[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const el: El = { name, attrs, children: [] };
        stack[stack.length - 1]!.children.push(el);
        stack.push(el);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
      ontext(data) {
        const kids = stack[stack.length - 1]!.children;
        const last = kids.length - 1;
        if (typeof kids[last] === 'string') kids[last] += data;
        else kids.push(data);
      },
    },
    mode === 'xml'
      ? { xmlMode: true, decodeEntities: true, recognizeCDATA: true }
      : { xmlMode: false, decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(source);
  parser.end();
  return root;
}

/** Child elements named `name`. */
export function childrenNamed(el: El, name: string): El[] {
  return el.children.filter((c): c is El => typeof c !== 'string' && c.name === name);
}

/** The first child element named `name`. */
export function child(el: El, name: string): El | undefined {
  return childrenNamed(el, name)[0];
}

/** All text inside `el`, concatenated. */
export function textOf(el: El | undefined): string {
  if (!el) return '';
  let s = '';
  const stack: Node[] = [el];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n === 'string') s += n;
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return s;
}

/** The trimmed text of the child named `name`, or '' when there is none. */
export function childText(el: El, name: string): string {
  return textOf(child(el, name)).trim();
}
