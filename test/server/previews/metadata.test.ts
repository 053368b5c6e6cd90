/** The metadata parser over a corpus of page shapes (fixtures/), whole and streamed. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  DESCRIPTION_MAX,
  MetadataParser,
  isHtmlResponse,
  parseMetadata,
  prescanCharset,
  respectNoindex,
  type PageMetadata,
} from '../../../src/server/previews/metadata.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const bytes = (name: string) => readFileSync(join(fixtures, name));
const PAGE = 'https://www.example.com/blog/post?x=1';
const parse = (name: string, contentType = 'text/html') => parseMetadata(bytes(name), { url: PAGE, contentType });

/** Feed in small chunks, as the network does, stopping when the parser says so. */
function streamed(data: Buffer, chunk: number, contentType = 'text/html', maxBytes?: number): PageMetadata {
  const p = new MetadataParser({ url: PAGE, contentType, maxBytes });
  for (let i = 0; i < data.length; i += chunk) if (p.write(data.subarray(i, i + chunk))) break;
  return p.end();
}

describe('metadata corpus', () => {
  test('Open Graph only: title trimmed and decoded, image and size resolved, site name, canonical, locale', () => {
    const m = parse('og-only.html');
    assert.equal(m.title, 'Marathon training hub & plans/tips');
    assert.equal(m.description, 'Sixteen weeks, four runs a week: the plan our physios give runners.');
    assert.equal(m.siteName, 'Kinetic Physio');
    assert.deepEqual(m.image, {
      url: 'https://www.example.com/img/hub.png?size=large&v=2',
      width: 1200,
      height: 630,
      alt: 'A runner on a bridge at dawn',
    });
    assert.equal(m.canonical, 'https://www.example.com/hub');
    assert.equal(m.lang, 'en-GB');
    assert.equal(m.headComplete, true);
  });

  test('Twitter card only, with <base href>: icons ranked (SVG last), manifest', () => {
    const m = parse('twitter-only.html');
    assert.equal(m.title, 'Twitter card title');
    assert.equal(m.description, 'Described for Twitter only.');
    assert.deepEqual(m.image, { url: 'https://static.example.org/assets/cards/run.jpg', alt: 'Shoes on a track' });
    assert.equal(m.icons[0].url, 'https://static.example.org/assets/favicon-96.png');
    assert.equal(m.icons.at(-1)?.type, 'image/svg+xml');
    assert.equal(m.icons.length, 4);
    assert.equal(m.manifest, 'https://static.example.org/site.webmanifest');
    assert.equal(m.siteName, undefined, 'a @handle is not a site name');
  });

  test('JSON-LD only: headline, image object, publisher, language; a broken block is skipped', () => {
    const m = parse('jsonld-only.html');
    assert.equal(m.title, 'Ten mistakes first-time marathoners make');
    assert.equal(m.description, 'From pacing to gels: what the data says.');
    assert.deepEqual(m.image, {
      url: 'https://www.example.com/photos/start-line.jpg',
      width: 1600,
      height: 900,
      alt: 'The start line',
    });
    assert.equal(m.siteName, 'The Running Times');
    assert.equal(m.lang, 'en-US');
    assert.deepEqual(m.icons, [{ url: 'https://www.example.com/logo-512.png', rel: 'publisher-logo' }]);
  });

  test('nothing but a <title>: whitespace collapsed, entities decoded, SVG <title> ignored', () => {
    const m = parse('title-only.html');
    assert.equal(m.title, 'Tom & Jerry — a history of the chase …');
    assert.equal(m.description, undefined);
    assert.equal(m.image, undefined);
    assert.deepEqual(m.icons, []);
  });

  test('windows-1252 declared by <meta http-equiv>', () => {
    const m = parse('windows-1252-meta.html');
    assert.equal(m.charset, 'windows-1252');
    assert.equal(m.charsetSource, 'meta');
    assert.equal(m.title, 'Café “crème” — 10 €');
    assert.equal(m.description, 'Naïve résumé');
  });

  test('ISO-8859-1 from the Content-Type header only (decoded as windows-1252, as browsers do)', () => {
    const m = parse('iso-8859-1-header.html', 'text/html; charset=ISO-8859-1');
    assert.equal(m.charsetSource, 'header');
    assert.equal(m.charset, 'windows-1252');
    assert.equal(m.title, 'Olé ¿qué tal? © 2026');
    // Without the header, the bytes are not UTF-8, so the default is windows-1252 too.
    assert.equal(parse('iso-8859-1-header.html').title, 'Olé ¿qué tal? © 2026');
  });

  test('Shift_JIS from <meta charset>, also when every multi-byte character is split across chunks', () => {
    const m = parse('shift_jis.html');
    assert.equal(m.charset, 'shift_jis');
    assert.equal(m.title, '日本語のページ：マラソン練習');
    assert.equal(m.description, '東京マラソンに向けて');
    const s = streamed(bytes('shift_jis.html'), 1);
    assert.equal(s.title, m.title);
    assert.equal(s.description, m.description);
  });

  test('a <meta charset> after the first 1024 bytes restarts decoding once', () => {
    const data = bytes('late-charset.html');
    assert.equal(prescanCharset(data), null, 'not in the prescan window');
    for (const m of [parse('late-charset.html'), streamed(data, 100)]) {
      assert.equal(m.title, 'Grüße aus Köln');
      assert.equal(m.charset, 'windows-1252');
    }
  });

  test('a BOM beats the header; UTF-16 by BOM', () => {
    const m = parse('bom-beats-header.html', 'text/html; charset=windows-1252');
    assert.equal(m.charsetSource, 'bom');
    assert.equal(m.title, 'Zürich');
    const u = parse('utf16le-bom.html');
    assert.equal(u.charset, 'utf-16le');
    assert.equal(u.title, 'UTF-16 page ✓');
  });

  test('a huge page: stops reading right after </head>', () => {
    const data = Buffer.concat([bytes('huge-head.html'), Buffer.alloc(8 * 1024 * 1024, '<p>filler</p>')]);
    const p = new MetadataParser({ url: PAGE, contentType: 'text/html' });
    let offered = 0;
    for (let i = 0; i < data.length; i += 16 * 1024) {
      offered += Math.min(16 * 1024, data.length - i);
      if (p.write(data.subarray(i, i + 16 * 1024))) break;
    }
    const m = p.end();
    assert.equal(m.title, 'Huge page');
    assert.equal(m.headComplete, true);
    assert.equal(offered, 16 * 1024, 'the first chunk was enough');
    assert.equal(m.bytesRead, 16 * 1024);
  });

  test('a head that never ends: stops at 1 MB', () => {
    const head = Buffer.from('<html><head><title>Endless</title>');
    const data = Buffer.concat([head, Buffer.alloc(4 * 1024 * 1024, '<meta name="x" content="y">')]);
    const m = streamed(data, 64 * 1024);
    assert.equal(m.bytesRead, 1024 * 1024);
    assert.equal(m.headComplete, false);
    assert.equal(m.title, 'Endless');
  });

  test('an HTML page served as text/plain is not read as HTML (unavailable); no type at all is sniffed', () => {
    const data = bytes('text-plain.html');
    assert.equal(isHtmlResponse('text/plain', data), false);
    assert.equal(isHtmlResponse('text/plain; charset=utf-8', data), false);
    assert.equal(isHtmlResponse('application/octet-stream', data), false);
    assert.equal(isHtmlResponse('text/html', data), true);
    assert.equal(isHtmlResponse('application/xhtml+xml', data), true);
    assert.equal(isHtmlResponse(null, data), true, 'no Content-Type: sniffed as HTML');
    assert.equal(isHtmlResponse(null, Buffer.from('just some words')), false);
    assert.equal(isHtmlResponse('', Buffer.from('\n  <HTML><head>')), true);
  });

  test('robots noindex: only the title is kept', () => {
    const m = parse('noindex.html');
    assert.equal(m.robotsNoindex, true);
    const shown = respectNoindex(m, false);
    assert.equal(shown.title, 'Private notes');
    assert.equal(shown.description, undefined);
    assert.equal(shown.image, undefined);
    // The X-Robots-Tag header does the same for a page without the meta.
    const h = respectNoindex(parse('og-only.html'), true);
    assert.deepEqual(Object.keys(h).sort(), [
      'bytesRead',
      'charset',
      'charsetSource',
      'headComplete',
      'icons',
      'robotsNoindex',
      'title',
    ]);
  });

  test('hostile values: no javascript:/data: URLs, control characters gone, lengths capped, title is text', () => {
    const m = parse('hostile.html');
    assert.equal(m.image, undefined);
    assert.equal(m.canonical, undefined);
    assert.deepEqual(m.icons, []);
    assert.equal(m.siteName, 'Bell site');
    assert.ok(m.description && Array.from(m.description).length <= DESCRIPTION_MAX);
    assert.ok(m.description?.endsWith('…'));
    // <title> is RCDATA: the markup is its text, shown as text by the widget, never parsed.
    assert.equal(m.title, 'Hi<script>alert(1)</script>');
  });

  test('every fixture gives the same result whole and in 7-byte chunks', () => {
    for (const f of [
      'og-only.html',
      'twitter-only.html',
      'jsonld-only.html',
      'title-only.html',
      'windows-1252-meta.html',
      'shift_jis.html',
      'noindex.html',
    ]) {
      const whole = parse(f);
      const parts = streamed(bytes(f), 7);
      assert.deepEqual({ ...parts, bytesRead: 0 }, { ...whole, bytesRead: 0 }, f);
    }
  });
});
