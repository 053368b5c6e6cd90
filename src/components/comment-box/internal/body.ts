import { html, nothing, type TemplateResult } from 'lit';
import type { CommentBlock, CommentInline, CommentRoot } from '../../../core/schemas/comments.js';
import { allowedHref } from './thread.js';

type Node = CommentRoot | CommentBlock | CommentInline | { type: 'listItem'; children: CommentBlock[] };
type Out = TemplateResult | string | typeof nothing | Out[];

/**
 * A comment's body tree as Lit templates: one fixed template per allowed node type, every value bound as text or as
 * an attribute, so nothing the server sends can become markup (no innerHTML, no raw-HTML directive, no sanitizer). A node type
 * it does not know shows its text and children without a wrapper; a link whose destination breaks the rules shows as
 * text followed by the destination; nesting deeper than 24 is shown flat.
 */
export function renderBody(node: Node, depth = 0): Out {
  const n = node as Node & { value?: unknown; children?: Node[] };
  const kids = (): Out => (Array.isArray(n.children) ? n.children.map((k) => renderBody(k, depth + 1)) : nothing);
  if (depth > 24) return text(n);
  switch (n.type) {
    case 'text':
      return String(n.value);
    case 'break':
      return html`<br />`;
    case 'paragraph':
      return html`<p>${kids()}</p>`;
    case 'emphasis':
      return html`<em>${kids()}</em>`;
    case 'strong':
      return html`<strong>${kids()}</strong>`;
    case 'inlineCode':
      return html`<code>${String(n.value)}</code>`;
    case 'code':
      return html`<pre><code>${String(n.value)}</code></pre>`;
    case 'blockquote':
      return html`<blockquote>${kids()}</blockquote>`;
    case 'list':
      return n.ordered
        ? html`<ol start=${n.start ?? nothing}>
            ${kids()}
          </ol>`
        : html`<ul>
            ${kids()}
          </ul>`;
    case 'listItem':
      return html`<li>${kids()}</li>`;
    case 'link': {
      const href = String(n.href);
      // rel: user content, not endorsed, and no window.opener for the page it opens. data-href feeds the CSS
      // tooltip that shows the destination on hover and on keyboard focus.
      return allowedHref(href)
        ? html`<a href=${href} rel="ugc nofollow noopener" data-href=${href.replace(/^mailto:/i, '')}>${kids()}</a>`
        : [kids(), ` (${href})`];
    }
  }
  return [typeof n.value == 'string' ? n.value : nothing, kids()];
}

/** All the text under a node, for nesting too deep to show. */
function text(n: Node & { value?: unknown; children?: Node[] }): string {
  return (typeof n.value == 'string' ? n.value : '') + (n.children ?? []).map((k) => text(k)).join('');
}
