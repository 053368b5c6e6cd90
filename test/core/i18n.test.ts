// Locale matching and message filling, as pure functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchLocale, fill } from '../../src/core/i18n.js';
import { tagSuffix } from '../../src/core/define.js';
import { VERSION } from '../../src/core/version.js';
import { readFileSync } from 'node:fs';

test('matchLocale maps BCP 47 tags to the shipped catalogues', () => {
  assert.equal(matchLocale('en-GB'), 'en-GB');
  assert.equal(matchLocale('en'), 'en-GB');
  assert.equal(matchLocale('en-AU'), 'en-GB');
  assert.equal(matchLocale('en-US'), 'en-US');
  assert.equal(matchLocale('EN_us'), 'en-US');
  assert.equal(matchLocale('de-AT'), 'de');
  assert.equal(matchLocale('fr-CA'), 'fr');
  assert.equal(matchLocale('es-419'), 'es');
  assert.equal(matchLocale('nl'), undefined);
  assert.equal(matchLocale(''), undefined);
  assert.equal(matchLocale(null), undefined);
});

test('fill replaces known placeholders and leaves unknown ones visible', () => {
  assert.equal(fill('Share on {network}', { network: 'LinkedIn' }), 'Share on LinkedIn');
  assert.equal(fill('{a} and {b}', { a: 1 }), '1 and {b}');
});

test('tagSuffix reads ?suffix= from the script URL and rejects unsafe names', () => {
  assert.equal(tagSuffix('https://x.example/soleus.js?suffix=acme'), '-acme');
  assert.equal(tagSuffix('https://x.example/soleus.js?suffix=ACME-2'), '-acme-2');
  assert.equal(tagSuffix('https://x.example/soleus.js'), '');
  assert.equal(tagSuffix('https://x.example/soleus.js?suffix=%3Cscript%3E'), '');
  assert.equal(tagSuffix('https://x.example/soleus.js?suffix=1abc'), '');
  assert.equal(tagSuffix('not a url'), '');
});

test('the version in the code is the package version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
});
