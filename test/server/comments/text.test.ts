import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanBody, cleanName, dropLoneSurrogates, limitLength } from '../../../src/server/comments/text.js';

test('names lose controls, line breaks, bidi overrides and isolates, zero-width tricks; whitespace collapses', () => {
  assert.equal(cleanName('  Jim\u0000 \t\n Bob\r\n'), 'Jim Bob');
  assert.equal(cleanName('\u202eevil\u202c name'), 'evil name');
  assert.equal(cleanName('\u2066Jim\u2069'), 'Jim');
  assert.equal(cleanName('J\u200bi\u200em\u200f\u00ad'), 'Jim');
  assert.equal(cleanName('x\u0085y\u009b\u007f'), 'xy');
  assert.equal(cleanName('\ufeffAnna\u2028Lee'), 'Anna Lee');
});

test('names are NFC and cut to 80 characters on a grapheme boundary', () => {
  assert.equal(cleanName('Jose\u0301'), 'Jos\u00e9');
  assert.equal(cleanName('a'.repeat(100)).length, 80);
  const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // one grapheme, 8 code units, ZWJ kept
  const name = cleanName('b'.repeat(75) + family + family);
  assert.equal(name, 'b'.repeat(75));
  assert.equal(cleanName('b'.repeat(70) + family), 'b'.repeat(70) + family);
});

test('bodies keep newlines, tabs, bidi marks and ZWJ/ZWNJ; lose other controls and overrides', () => {
  assert.equal(cleanBody('a\r\nb\rc\u2028d'), 'a\nb\nc\nd');
  assert.equal(cleanBody('x\ty\u0000z\u0007\u001b[31m'), 'x\tyz[31m');
  assert.equal(cleanBody('\u202eabc\u202d \u2067d\u2069'), 'abc d');
  assert.equal(cleanBody('\u05e9\u05dc\u05d5\u05dd\u200f 1\u200e'), '\u05e9\u05dc\u05d5\u05dd\u200f 1\u200e');
  assert.equal(
    cleanBody('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645'),
    '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645',
  );
  assert.equal(cleanBody('\ufeffhi\ufffe\uffff'), 'hi');
});

test('bodies: leading blank lines and trailing whitespace go, leading indentation stays (Markdown), NFC', () => {
  assert.equal(cleanBody('\n \n    code\n\n  '), '    code');
  assert.equal(cleanBody('Cafe\u0301'), 'Caf\u00e9');
  assert.equal(cleanBody('a'.repeat(6000)).length, 5000);
  assert.equal(cleanBody('abc', 2), 'ab');
});

test('lone surrogates are dropped, pairs kept', () => {
  assert.equal(dropLoneSurrogates('a\ud800b\udc00c\ud83d\ude00'), 'abc\ud83d\ude00');
  assert.equal(cleanBody('x\ud800'), 'x');
  assert.equal(cleanName('\udfffAnn'), 'Ann');
});

test('limitLength never splits a grapheme', () => {
  assert.equal(limitLength('e\u0301e\u0301', 3), 'e\u0301');
  assert.equal(limitLength('short', 10), 'short');
  assert.equal(limitLength('\u{1F600}\u{1F600}', 3), '\u{1F600}');
});
