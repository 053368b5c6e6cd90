/**
 * Cleaning of what people type into a comment before it is stored: author names and Markdown bodies.
 *
 * Both lose NUL and the other C0/C1 control characters (bodies keep `\n` and `\t`; `\r\n` and `\r` become `\n`),
 * DEL, lone surrogates, noncharacters U+FFFE/U+FFFF and the byte-order mark, and the bidi embeddings, overrides and
 * isolates U+202A–U+202E and U+2066–U+2069 that reorder what follows them ("Trojan Source", CVE-2021-42574). Both are
 * NFC-normalised and length-limited on a grapheme boundary (an emoji or an accented letter is never cut in half).
 *
 * Names go further, since they are shown as an identity and go into email headers: line breaks and tabs become
 * spaces, runs of whitespace collapse, and the invisible characters that let "Jim" be faked (zero-width space, word
 * joiner, LRM/RLM/ALM marks, soft hyphen) go too. Bodies keep the bidi marks U+200E/U+200F/U+061C, which
 * right-to-left writers need and which cannot reorder text beyond their own neighbourhood; ZWJ/ZWNJ stay everywhere
 * (emoji sequences, Persian and Indic scripts need them).
 */
import { COMMENT_BODY_MAX, COMMENT_NAME_MAX } from '../../core/schemas/comments.js';

/** Lone (unpaired) UTF-16 surrogates. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Controls except `\t` and `\n`, DEL, C1, bidi embeddings/overrides/isolates, BOM, noncharacters. */

const BODY_STRIP = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g;
/** Everything BODY_STRIP takes, plus zero-width and bidi marks and the soft hyphen. */
const NAME_STRIP =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe\uffff]/g;

/** Removes lone surrogates: they are not text, and JSON or a database driver may turn them into anything. */
export function dropLoneSurrogates(s: string): string {
  return s.replace(LONE_SURROGATE, '');
}

/** Cuts `s` to at most `max` UTF-16 code units without splitting a grapheme cluster. */
export function limitLength(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return out;
}

/** An author name as stored: one line, no invisible tricks, NFC, trimmed, at most `max` (80) characters. */
export function cleanName(input: string, max = COMMENT_NAME_MAX): string {
  const s = dropLoneSurrogates(input)
    .replace(/[\t\n\r\u2028\u2029]/g, ' ')
    .replace(NAME_STRIP, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
  return limitLength(s, max).trim();
}

/**
 * A Markdown body as stored: `\n` line ends, no stray controls or bidi overrides, NFC, trailing whitespace trimmed,
 * at most `max` (5,000) characters. Leading spaces are kept: they are Markdown (indented code, list continuation).
 */
export function cleanBody(input: string, max = COMMENT_BODY_MAX): string {
  const s = dropLoneSurrogates(input)
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(BODY_STRIP, '')
    .normalize('NFC')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
  return limitLength(s, max).trimEnd();
}
