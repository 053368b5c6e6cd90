/**
 * Comment Markdown → a tree of allowed nodes (`CommentRoot`), and that tree → plain text.
 *
 * Parser: markdown-it, not micromark/mdast-util-from-markdown. Both follow CommonMark closely, but on this machine
 * micromark was quadratic on hostile input well inside the 5,000-character limit (`*_` nested emphasis: 9.4 s for
 * 5,000 characters, 2,500 `>` quotes: 1.3 s), which a comment endpoint cannot afford; markdown-it parsed the same
 * inputs in under 0.5 s cold at 5,000 and roughly linearly to 50,000. Its flat token stream is also easy to fold into
 * our own tree with an explicit stack (no recursion, so no stack to blow), and its "zero" preset lets us switch on
 * exactly the subset we want: no raw HTML (it stays text), no tables or strikethrough (GFM off), no linkify.
 *
 * Links: markdown-it calls `validateLink` for inline links, autolinks, images and reference definitions; ours is the
 * contract's `isAllowedHref`, so anything else (`javascript:`, `data:`, `java&#x09;script:`, relative paths…) is never
 * recognised as a link at all and stays in the text exactly as written.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import {
  isAllowedHref,
  type CommentBlock,
  type CommentInline,
  type CommentListItem,
  type CommentRoot,
} from '../../core/schemas/comments.js';

/** Quotes and lists nest at most this deep; deeper ones are flattened into their parent (their text is kept). */
export const MAX_CONTAINER_DEPTH = 8;
/** Emphasis and strong nest at most this deep; deeper ones are flattened likewise. */
export const MAX_INLINE_DEPTH = 8;
/** A tree with more nodes than this is given up on: the comment is shown as plain text paragraphs instead. */
export const MAX_NODES = 8000;
/** Longer sources are not parsed as Markdown at all (the API takes 5,000; imports may bring longer ones). */
export const MAX_SOURCE_LENGTH = 20_000;

const md = new MarkdownIt('zero', { html: false, linkify: false, typographer: false });
// Above the depth our input can reach once `capContainerDepth` ran (markdown-it silently drops content past it).
// `maxNesting` is a real option missing from @types/markdown-it.
Object.assign(md.options, { maxNesting: 400 });
md.enable(['blockquote', 'code', 'fence', 'heading', 'lheading', 'list', 'reference', 'hr']);
md.enable(['backticks', 'emphasis', 'link', 'image', 'autolink', 'entity', 'escape', 'newline']);
md.validateLink = isAllowedHref;

type Container =
  | { kind: 'root'; children: CommentBlock[] }
  | { kind: 'blockquote'; children: CommentBlock[] }
  | { kind: 'list'; children: CommentListItem[] }
  | { kind: 'listItem'; children: CommentBlock[] }
  | { kind: 'flat' };

class TooManyNodes extends Error {}

/** Parses comment Markdown into the allowed-node tree. Never throws on any string. */
export function markdownToTree(source: string): CommentRoot {
  const src = source.replace(/\r\n?/g, '\n');
  if (src.length > MAX_SOURCE_LENGTH) return plainTree(src);
  try {
    return build(md.parse(capContainerDepth(src, MAX_CONTAINER_DEPTH), {}));
  } catch (error) {
    if (error instanceof TooManyNodes || error instanceof RangeError) return plainTree(src);
    throw error;
  }
}

/**
 * markdown-it recurses once per quote level and drops content past `maxNesting`, so a line that opens more containers
 * than we would ever show (`>>>>>>>>>>…`, `- - - - - …`) has the marker past the limit backslash-escaped: it and the
 * rest of the line become text. Lists nested by indentation need two or more characters per level per line, so their
 * depth stays near √length and the tree builder flattens them.
 */
export function capContainerDepth(src: string, max: number): string {
  const lines = src.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    let i = 0;
    let depth = 0;
    for (;;) {
      let j = i;
      while (j < line.length && j - i < 3 && line[j] === ' ') j++;
      const c = line[j];
      let markerEnd = -1;
      let escapeAt = j;
      if (c === '>') markerEnd = j + 1;
      else if ((c === '-' || c === '+' || c === '*') && /^[ \t]|^$/.test(line.slice(j + 1, j + 2))) markerEnd = j + 1;
      else {
        const m = /^\d{1,9}[.)](?=[ \t]|$)/.exec(line.slice(j));
        if (m) {
          markerEnd = j + m[0].length;
          escapeAt = markerEnd - 1;
        }
      }
      if (markerEnd < 0) break;
      depth++;
      if (depth > max) {
        lines[n] = `${line.slice(0, escapeAt)}\\${line.slice(escapeAt)}`;
        break;
      }
      i = markerEnd;
      if (line[i] === ' ') i++;
    }
  }
  return lines.join('\n');
}

/** The fallback tree: blank-line separated paragraphs of literal text, line breaks kept. */
function plainTree(src: string): CommentRoot {
  const children: CommentBlock[] = [];
  for (const para of src.split(/\n[ \t]*\n/)) {
    const lines = para.split('\n').filter((l, i, all) => l.trim() !== '' || (i > 0 && i < all.length - 1));
    if (lines.length === 0) continue;
    const inline: CommentInline[] = [];
    lines.forEach((l, i) => {
      if (i > 0) inline.push({ type: 'break' });
      inline.push({ type: 'text', value: l });
    });
    children.push({ type: 'paragraph', children: inline });
  }
  return { type: 'root', children };
}

function build(tokens: Token[]): CommentRoot {
  let nodes = 0;
  const count = (): void => {
    if (++nodes > MAX_NODES) throw new TooManyNodes();
  };
  const root: CommentRoot = { type: 'root', children: [] };
  const stack: Container[] = [{ kind: 'root', children: root.children }];
  let depth = 0; // real (not flattened) containers open
  const top = (): Container => stack[stack.length - 1]!;
  /** The nearest container that takes blocks. */
  const blockTarget = (): CommentBlock[] => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const c = stack[i]!;
      if (c.kind === 'root' || c.kind === 'blockquote' || c.kind === 'listItem') return c.children;
    }
    return root.children;
  };
  const pushBlock = (b: CommentBlock): void => {
    count();
    blockTarget().push(b);
  };
  let heading = false;

  for (const t of tokens) {
    switch (t.type) {
      case 'list_item_open': {
        // Items of a real list are real; items of a flattened list are flattened with it.
        const list = top();
        if (list.kind !== 'list') {
          stack.push({ kind: 'flat' });
          break;
        }
        count();
        const node: CommentListItem = { type: 'listItem', children: [] };
        list.children.push(node);
        stack.push({ kind: 'listItem', children: node.children });
        break;
      }
      case 'blockquote_open':
      case 'bullet_list_open':
      case 'ordered_list_open': {
        if (depth >= MAX_CONTAINER_DEPTH) {
          stack.push({ kind: 'flat' });
          break;
        }
        depth++;
        count();
        if (t.type === 'blockquote_open') {
          const node: CommentBlock = { type: 'blockquote', children: [] };
          blockTarget().push(node);
          stack.push({ kind: 'blockquote', children: node.children });
        } else {
          const ordered = t.type === 'ordered_list_open';
          const start = ordered ? Number(t.attrGet('start') ?? '1') : 1;
          const node: CommentBlock = { type: 'list', ordered, children: [] };
          if (ordered && Number.isSafeInteger(start) && start !== 1) node.start = start;
          blockTarget().push(node);
          stack.push({ kind: 'list', children: node.children });
        }
        break;
      }
      case 'list_item_close':
        stack.pop();
        break;
      case 'blockquote_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
        if (stack.pop()?.kind !== 'flat') depth--;
        break;
      case 'heading_open':
        heading = true;
        break;
      case 'heading_close':
        heading = false;
        break;
      case 'inline': {
        const children = buildInline(t.children ?? [], count);
        if (children.length === 0) break;
        // Headings are not in the subset: a heading becomes a paragraph in strong.
        if (heading) count();
        pushBlock({ type: 'paragraph', children: heading ? [{ type: 'strong', children }] : children });
        break;
      }
      case 'fence':
      case 'code_block': {
        const lang = t.type === 'fence' ? t.info.trim().split(/\s+/)[0]!.slice(0, 40) : '';
        pushBlock(lang ? { type: 'code', lang, value: t.content } : { type: 'code', value: t.content });
        break;
      }
      // paragraph_open/close, hr and anything else: no node of their own.
      default:
        break;
    }
  }
  return root;
}

type InlineFrame = {
  children: CommentInline[];
  node?: CommentInline & { children: CommentInline[] };
  /** A link's title, which the tree has no place for: it follows the link as text, so nothing typed vanishes. */
  after?: string;
};

function buildInline(tokens: Token[], count: () => void): CommentInline[] {
  const out: CommentInline[] = [];
  const stack: InlineFrame[] = [{ children: out }];
  let depth = 0;
  let inLink = 0;
  const here = (): CommentInline[] => stack[stack.length - 1]!.children;
  const text = (value: string): void => {
    if (value === '') return;
    const kids = here();
    const last = kids[kids.length - 1];
    if (last?.type === 'text') last.value += value;
    else {
      count();
      kids.push({ type: 'text', value });
    }
  };
  const open = (node: CommentInline & { children: CommentInline[] }, nests: boolean, after?: string): void => {
    count();
    here().push(node);
    stack.push(after ? { children: node.children, node, after } : { children: node.children, node });
    if (nests) depth++;
  };
  const flat = (): void => {
    stack.push({ children: here() });
  };
  const close = (): void => {
    const frame = stack.length > 1 ? stack.pop()! : undefined;
    const node = frame?.node;
    if (!node) return;
    if (node.type === 'link') {
      inLink--;
      // `[](https://…)`: the address is the only text there is.
      if (node.children.length === 0) node.children.push({ type: 'text', value: node.href });
      if (frame.after) text(` (${frame.after})`);
    } else {
      depth--;
      // An emptied container leaves nothing behind.
      if (node.children.length === 0) here().pop();
    }
  };

  // Images carry their alt text as child tokens; they are spliced in place, as a link to the image when allowed.
  const queue: (Token | 'close')[] = [...tokens].reverse();
  while (queue.length > 0) {
    const t = queue.pop()!;
    if (t === 'close') {
      close();
      continue;
    }
    switch (t.type) {
      case 'text':
      case 'text_special':
        text(t.content);
        break;
      case 'softbreak':
        text('\n');
        break;
      case 'hardbreak':
        count();
        here().push({ type: 'break' });
        break;
      case 'code_inline':
        count();
        here().push({ type: 'inlineCode', value: t.content });
        break;
      case 'em_open':
      case 'strong_open':
        if (depth >= MAX_INLINE_DEPTH) flat();
        else open({ type: t.type === 'em_open' ? 'emphasis' : 'strong', children: [] }, true);
        break;
      case 'link_open': {
        const href = t.attrGet('href') ?? '';
        if (inLink > 0 || !isAllowedHref(href)) flat();
        else {
          inLink++;
          open({ type: 'link', href, children: [] }, false, t.attrGet('title') ?? undefined);
        }
        break;
      }
      case 'em_close':
      case 'strong_close':
      case 'link_close':
        close();
        break;
      case 'image': {
        const src = t.attrGet('src') ?? '';
        const alt = t.children ?? [];
        if (inLink === 0 && isAllowedHref(src)) {
          inLink++;
          open({ type: 'link', href: src, children: [] }, false, t.attrGet('title') ?? undefined);
          queue.push('close', ...[...alt].reverse());
        } else {
          queue.push(...[...alt].reverse());
        }
        break;
      }
      default:
        if (t.content) text(t.content);
        break;
    }
  }
  return out;
}

/**
 * The tree as plain text (the answer's `text`, notifications, the duplicate check): blocks separated by blank lines,
 * list items on their own lines with `- ` or `1. `, quotes prefixed `> `, link text without its address.
 */
export function toPlainText(tree: CommentRoot): string {
  return blocksText(tree.children).trim();
}

function blocksText(blocks: CommentBlock[]): string {
  return blocks.map(blockText).join('\n\n');
}

function blockText(b: CommentBlock): string {
  switch (b.type) {
    case 'paragraph':
      return inlineText(b.children);
    case 'code':
      return b.value.replace(/\n$/, '');
    case 'blockquote':
      return blocksText(b.children)
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n');
    case 'list':
      return b.children
        .map((item, i) => {
          const marker = b.ordered ? `${(b.start ?? 1) + i}. ` : '- ';
          const pad = ' '.repeat(marker.length);
          return (
            marker +
            blocksText(item.children)
              .split('\n')
              .map((l, j) => (j === 0 || !l ? l : pad + l))
              .join('\n')
          );
        })
        .join('\n');
  }
}

function inlineText(nodes: CommentInline[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.type === 'text' || n.type === 'inlineCode') s += n.value;
    else if (n.type === 'break') s += '\n';
    else s += inlineText(n.children);
  }
  return s;
}
