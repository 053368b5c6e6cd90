import type { CommentBlock, CommentInline, CommentListItem, CommentRoot } from '../../../core/schemas/comments.js';

/**
 * The Preview tab's Markdown: a small reading of the comment subset (paragraphs, line breaks, emphasis, strong, inline
 * code, fenced code, quotes, lists, links and autolinks) into the same tree the server answers with, so the preview
 * goes through the same Lit renderer and never through innerHTML. It asks nothing from the server: a preview works
 * offline and sends nobody's draft anywhere. The server's markdown-it stays the authority; on odd input (nested
 * emphasis, reference links) the two may differ a little. Bundled with the widget: as an on-demand file it cost
 * some 150 B brotli more in total (its own compression, the import), and the budget counts it either way.
 */
export function preview(source: string, allowed: (href: string) => boolean): CommentRoot {
  ok = allowed;
  return { type: 'root', children: blocks(source.replace(/\r\n?/g, '\n').split('\n'), 0) };
}

/** The link rule (`allowedHref`), passed in by the widget. */
let ok: (href: string) => boolean = () => false;

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*(\S*)/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^ {0,3}(?:[-*+]|(\d{1,9})[.)])(?: +|$)/;

function blocks(lines: string[], depth: number): CommentBlock[] {
  const out: CommentBlock[] = [];
  let i = 0;
  let m: RegExpExecArray | null;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
    } else if ((m = FENCE.exec(line))) {
      const code: string[] = [];
      while (++i < lines.length && !lines[i]!.trim().startsWith(m[1]!)) code.push(lines[i]!);
      i++;
      out.push(m[2] ? { type: 'code', lang: m[2], value: code.join('\n') } : { type: 'code', value: code.join('\n') });
    } else if (depth < 8 && QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) inner.push(lines[i++]!.replace(QUOTE, ''));
      out.push({ type: 'blockquote', children: blocks(inner, depth + 1) });
    } else if (depth < 8 && (m = ITEM.exec(line))) {
      const ordered = !!m[1];
      const start = Number(m[1]);
      const items: CommentListItem[] = [];
      while (i < lines.length && (m = ITEM.exec(lines[i]!)) && !!m[1] == ordered) {
        const item = [lines[i++]!.slice(m[0].length)];
        while (i < lines.length && /^ {2,}\S/.test(lines[i]!)) item.push(lines[i++]!.replace(/^ {2,4}/, ''));
        items.push({ type: 'listItem', children: blocks(item, depth + 1) });
      }
      out.push(
        ordered && start != 1
          ? { type: 'list', ordered, start, children: items }
          : { type: 'list', ordered, children: items },
      );
    } else {
      const para = [lines[i++]!];
      while (
        i < lines.length &&
        lines[i]!.trim() &&
        !FENCE.test(lines[i]!) &&
        !QUOTE.test(lines[i]!) &&
        !ITEM.test(lines[i]!)
      )
        para.push(lines[i++]!);
      out.push({ type: 'paragraph', children: inline(para.join('\n').trim(), 0) });
    }
  }
  return out;
}

// Code span · strong · emphasis · [text](href) · <autolink> · backslash escape · hard break.
const INLINE =
  /(`+)([^]*?[^`])\1(?!`)|(\*\*|__)(?=\S)([^]*?\S)\3|([*_])(?=\S)([^]*?\S)\5|\[([^\]]*)\]\(\s*(\S+?)\s*\)|<((?:https?|mailto):[^>\s]+)>|\\([!-/:-@[-`{-~])|(?: {2,}|\\)\n/;

function inline(src: string, depth: number): CommentInline[] {
  const out: CommentInline[] = [];
  const text = (value: string) => {
    const last = out[out.length - 1];
    if (last?.type == 'text') last.value += value;
    else if (value) out.push({ type: 'text', value });
  };
  let m: RegExpExecArray | null;
  while (src && (m = INLINE.exec(src))) {
    text(src.slice(0, m.index));
    src = src.slice(m.index + m[0].length);
    const [all, , code, , strong, , em, label, href, auto, escaped] = m;
    const kids = (s: string) => (depth < 8 ? inline(s, depth + 1) : [{ type: 'text' as const, value: s }]);
    if (code) out.push({ type: 'inlineCode', value: code.replace(/^ (.*) $/s, '$1') });
    else if (strong) out.push({ type: 'strong', children: kids(strong) });
    else if (em) out.push({ type: 'emphasis', children: kids(em) });
    else if (href !== undefined)
      if (ok(href)) out.push({ type: 'link', href, children: label ? kids(label) : [{ type: 'text', value: href }] });
      else text(all);
    else if (auto) {
      if (ok(auto)) out.push({ type: 'link', href: auto, children: [{ type: 'text', value: auto }] });
      else text(all);
    } else if (escaped) text(escaped);
    else out.push({ type: 'break' });
  }
  text(src);
  return out;
}
