/**
 * The HTML of an exported comment → Markdown source in our subset: text, links (http, https, mailto only), emphasis,
 * strong, code, code blocks, quotes, lists, paragraphs and line breaks. Everything else keeps its text and loses its
 * markup; `<script>` and `<style>` lose both (they never showed as text on the old site either).
 *
 * `newlines: 'wordpress'` reads text the way WordPress displays a comment (wpautop): a blank line starts a paragraph
 * and a single newline is a line break. `'html'` collapses whitespace as a browser does (Disqus messages).
 */
import { isAllowedHref } from '../../../core/schemas/comments.js';
import { parseTree, textOf, type El, type Node } from './tree.js';

export type NewlineMode = 'wordpress' | 'html';

/** Beyond this element depth the rest is taken as plain text. */
const MAX_DEPTH = 64;
const HARD_BREAK = '\\\n';
/** Paragraph separator inside an inline run; split on in `flush`. Never occurs in text (controls are stripped). */
const PARA = '\u0000';

/** Converts comment HTML to Markdown. */
export function htmlToMarkdown(html: string, newlines: NewlineMode): string {
  const root = parseTree(html.replace(/\r\n?/g, '\n').replace(/\u0000/g, ''), 'html');
  return blocks(root.children, newlines, 0).join('\n\n').trim();
}

/** Backslash-escapes what Markdown would read as syntax inside a line. */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>&]/g, '\\$&');
}

/** Escapes what Markdown would read as a block marker at the start of each line. */
function escapeLineStarts(md: string): string {
  return md
    .split('\n')
    .map((line) => line.replace(/^(\s*)([#>+\-=~])/, '$1\\$2').replace(/^(\s*\d{1,9})([.)])/, '$1\\$2'))
    .join('\n');
}

function blocks(nodes: Node[], mode: NewlineMode, depth: number): string[] {
  const out: string[] = [];
  let inline = '';
  const flush = (): void => {
    for (const para of inline.split(PARA)) {
      const s = para
        .replace(/[ \t]+\n/g, '\n')
        .replace(/^(?:\\\n|\s)+|(?:\\\n|\s)+$/g, '')
        .trim();
      if (s) out.push(escapeLineStarts(s));
    }
    inline = '';
  };
  for (const n of nodes) {
    if (typeof n === 'string') {
      inline += text(n, mode);
      continue;
    }
    if (depth >= MAX_DEPTH) {
      inline += text(textOf(n), mode);
      continue;
    }
    switch (n.name) {
      case 'p':
      case 'div':
      case 'section':
      case 'article':
      case 'header':
      case 'footer':
      case 'figure':
      case 'figcaption':
      case 'table':
      case 'tr':
      case 'dl':
        flush();
        out.push(...blocks(n.children, mode, depth + 1));
        break;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        flush();
        const s = inlines(n.children, mode, depth + 1)
          .replace(/\s+/g, ' ')
          .trim();
        if (s) out.push(`**${s}**`);
        break;
      }
      case 'blockquote': {
        flush();
        const inner = blocks(n.children, mode, depth + 1).join('\n\n');
        if (inner)
          out.push(
            inner
              .split('\n')
              .map((l) => (l ? `> ${l}` : '>'))
              .join('\n'),
          );
        break;
      }
      case 'pre': {
        flush();
        const code = textOf(n).replace(/^\n/, '').replace(/\n+$/, '');
        if (code.trim()) {
          const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
          out.push(`${fence}\n${code}\n${fence}`);
        }
        break;
      }
      case 'ul':
      case 'ol': {
        flush();
        const list = listMarkdown(n, mode, depth + 1);
        if (list) out.push(list);
        break;
      }
      case 'hr':
        flush();
        break;
      default:
        inline += inlineElement(n, mode, depth + 1);
    }
  }
  flush();
  return out;
}

function listMarkdown(list: El, mode: NewlineMode, depth: number): string {
  const ordered = list.name === 'ol';
  let n = ordered ? Number(list.attrs.start ?? '1') : 1;
  if (!Number.isSafeInteger(n) || n < 0) n = 1;
  const items: string[] = [];
  for (const item of list.children) {
    if (typeof item === 'string') continue;
    const body = blocks(item.name === 'li' ? item.children : [item], mode, depth).join('\n\n');
    if (!body) continue;
    const marker = ordered ? `${n++}. ` : '- ';
    const pad = ' '.repeat(marker.length);
    items.push(
      marker +
        body
          .split('\n')
          .map((l, i) => (i === 0 || !l ? l : pad + l))
          .join('\n'),
    );
  }
  return items.join('\n');
}

function inlines(nodes: Node[], mode: NewlineMode, depth: number): string {
  let s = '';
  for (const n of nodes) {
    if (typeof n === 'string') s += text(n, mode);
    else if (depth >= MAX_DEPTH) s += text(textOf(n), mode);
    else s += inlineElement(n, mode, depth + 1);
  }
  return s;
}

function inlineElement(el: El, mode: NewlineMode, depth: number): string {
  switch (el.name) {
    case 'script':
    case 'style':
    case 'template':
      return '';
    case 'br':
      return HARD_BREAK;
    case 'em':
    case 'i':
    case 'cite':
    case 'dfn':
      return wrap('*', inlines(el.children, mode, depth));
    case 'strong':
    case 'b':
      return wrap('**', inlines(el.children, mode, depth));
    case 'code':
    case 'tt':
    case 'kbd':
    case 'samp':
      return codeSpan(textOf(el).replace(/\s+/g, ' '));
    case 'a': {
      const label = inlines(el.children, mode, depth).replace(/\\\n|\u0000/g, ' ');
      const href = allowedHref(el.attrs.href);
      if (!href) return label;
      return `[${label.trim() ? label : escapeInline(href)}](${destination(href)})`;
    }
    case 'img': {
      const alt = escapeInline((el.attrs.alt ?? '').replace(/\s+/g, ' ').trim());
      const src = allowedHref(el.attrs.src);
      if (src) return `[${alt || escapeInline(src)}](${destination(src)})`;
      return alt;
    }
    case 'p':
    case 'div':
    case 'blockquote':
    case 'pre':
    case 'ul':
    case 'ol':
    case 'li':
      // A block inside inline markup (`<a><p>…</p></a>`): keep its text, as a paragraph break where it was one.
      return `${PARA}${inlines(el.children, mode, depth)}${PARA}`;
    default:
      return inlines(el.children, mode, depth);
  }
}

/** Text as Markdown: escaped, whitespace per `mode`. */
function text(s: string, mode: NewlineMode): string {
  if (mode === 'html') return escapeInline(s.replace(/\s+/g, ' '));
  return s
    .split(/\n[ \t]*\n\s*/)
    .map((para) =>
      para
        .split('\n')
        .map((line) => escapeInline(line.replace(/[ \t]+/g, ' ')))
        .join(HARD_BREAK),
    )
    .join(PARA);
}

/** `*x*` with surrounding spaces kept outside the delimiters, or nothing for empty content. */
function wrap(delim: string, inner: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  if (!m[2]) return inner;
  return `${m[1]}${delim}${m[2]}${delim}${m[3]}`;
}

function codeSpan(code: string): string {
  if (!code.trim()) return code;
  const ticks = '`'.repeat(longestRun(code, '`') + 1);
  const pad = code.startsWith('`') || code.endsWith('`') || (code.startsWith(' ') && code.endsWith(' ')) ? ' ' : '';
  return `${ticks}${pad}${code}${pad}${ticks}`;
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** The normalised href when it is one a comment may link to. */
function allowedHref(raw: string | undefined): string | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(trimmed)) return null;
  try {
    const href = new URL(trimmed).href;
    return isAllowedHref(href) ? href : null;
  } catch {
    return null;
  }
}

/** A link destination that Markdown reads back unchanged. */
function destination(href: string): string {
  return href.replace(/[()<> \\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
