/**
 * Images and icons for link previews (issue 13 §2): re-encoded to small WebP thumbnails at fixed widths, metadata
 * stripped, so nothing active or identifying from the third party reaches the visitor; stored under a content key and
 * served under a signed ID, so the image route is no open proxy.
 *
 * Dependency: sharp 0.35.5 (libvips, prebuilt from npm; fast, streaming, has `limitInputPixels` against
 * decompression bombs and strips metadata unless asked to keep it).
 *
 * SVG is REFUSED, not rasterised. Rasterising means handing attacker XML to librsvg/libxml2 (entity expansion,
 * external `href`s to files or URLs, a large attack surface for an icon), and the formats are told apart by their
 * first bytes before sharp sees anything, so an SVG (or anything else not on the list) never reaches a decoder.
 * Accepted: PNG, JPEG, GIF (first frame), WebP, AVIF. ICO is not decoded by libvips and is refused likewise.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import sharp from 'sharp';

sharp.cache(false);

/** Widths made for a page image. */
export const IMAGE_WIDTHS: readonly number[] = [400, 800];
/** Widths made for an icon. */
export const ICON_WIDTHS: readonly number[] = [64];
/** At most this many input pixels are decoded (about 5,000 × 5,000). */
export const MAX_INPUT_PIXELS = 25_000_000;
/** Neither side may be longer than this. */
export const MAX_SIDE = 10_000;

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'avif';

/** The format by magic bytes, or why it is refused. */
export function sniffImage(
  bytes: Uint8Array,
): { ok: true; format: ImageFormat } | { ok: false; reason: 'svg' | 'unsupported' } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512));
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { ok: true, format: 'png' };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { ok: true, format: 'jpeg' };
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return { ok: true, format: 'gif' };
  if (
    b.length >= 12 &&
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return { ok: true, format: 'webp' };
  if (
    b.length >= 12 &&
    b.subarray(4, 8).toString('latin1') === 'ftyp' &&
    /^(avif|avis)$/.test(b.subarray(8, 12).toString('latin1'))
  )
    return { ok: true, format: 'avif' };
  const text = b
    .toString('latin1')
    .replace(/^\ufeff|^\xef\xbb\xbf/, '')
    .trimStart()
    .toLowerCase();
  if (text.startsWith('<?xml') || text.startsWith('<svg') || text.startsWith('<!doctype svg') || text.includes('<svg'))
    return { ok: false, reason: 'svg' };
  return { ok: false, reason: 'unsupported' };
}

/** One re-encoded size. */
export interface Thumbnail {
  readonly width: number;
  readonly height: number;
  readonly webp: Buffer;
  /** Content key: sha256 of the WebP, base64url; what the signed ID signs. */
  readonly key: string;
}

export type ThumbnailResult =
  | {
      readonly ok: true;
      readonly source: { readonly format: ImageFormat; readonly width: number; readonly height: number };
      readonly thumbnails: readonly Thumbnail[];
    }
  | {
      readonly ok: false;
      readonly reason: 'svg' | 'unsupported' | 'too_many_pixels' | 'broken';
      readonly message: string;
    };

/** The key a stored image is known by: sha256 of its bytes, base64url. */
export function imageKey(webp: Uint8Array): string {
  return createHash('sha256').update(webp).digest('base64url');
}

type Probe =
  | { readonly ok: true; readonly format: ImageFormat; readonly width: number; readonly height: number }
  | Extract<ThumbnailResult, { ok: false }>;

const openImage = (input: Buffer) =>
  sharp(input, {
    limitInputPixels: MAX_INPUT_PIXELS,
    failOn: 'error',
    animated: false,
    sequentialRead: true,
  }).timeout({ seconds: 10 });

/**
 * What a fetched image is, from its first bytes and its header only (no pixels decoded): refuses what is not a raster
 * format we accept, and decompression bombs by their declared dimensions.
 */
async function probe(input: Buffer): Promise<Probe> {
  const sniffed = sniffImage(input);
  if (!sniffed.ok) {
    return sniffed.reason === 'svg'
      ? { ok: false, reason: 'svg', message: 'SVG images are not shown in previews.' }
      : { ok: false, reason: 'unsupported', message: 'This image format is not supported.' };
  }
  let width: number;
  let height: number;
  try {
    const meta = await openImage(input).metadata();
    if (meta.format !== sniffed.format && !(sniffed.format === 'avif' && meta.format === 'heif')) {
      return { ok: false, reason: 'unsupported', message: 'The image is not what its first bytes say.' };
    }
    // The size as displayed, after the EXIF orientation that rotate() applies when encoding.
    width = meta.autoOrient?.width ?? meta.width ?? 0;
    height = meta.autoOrient?.height ?? meta.height ?? 0;
  } catch (e) {
    if (e instanceof Error && /pixel limit/i.test(e.message)) {
      return { ok: false, reason: 'too_many_pixels', message: 'The image is too large to decode.' };
    }
    return { ok: false, reason: 'broken', message: 'The image could not be read.' };
  }
  if (!width || !height) return { ok: false, reason: 'broken', message: 'The image has no size.' };
  if (width * height > MAX_INPUT_PIXELS || width > MAX_SIDE || height > MAX_SIDE) {
    return { ok: false, reason: 'too_many_pixels', message: `The image is ${width}×${height}, too large to decode.` };
  }
  return { ok: true, format: sniffed.format, width, height };
}

/** The widths made for a source `width` px wide: never enlarged; the source width when it is below them all. */
function targetWidths(width: number, kind: 'image' | 'icon'): number[] {
  const widths = (kind === 'icon' ? ICON_WIDTHS : IMAGE_WIDTHS).filter((w) => w <= width);
  return widths.length > 0 ? widths : [width];
}

/**
 * A fetched image accepted for a preview but not yet encoded: the preview answers at once with its thumbnail's size
 * and signed ID, and the image route encodes it on the first request for it (encoding a photo costs ~130 ms, more
 * than the whole rest of a preview). Only the WebP made from `source` is ever served, never `source` itself.
 */
export interface PendingImage {
  /** Key of the thumbnail to be: sha256 of the kind and the source bytes, base64url. */
  readonly key: string;
  readonly kind: 'image' | 'icon';
  readonly source: Buffer;
  /** The thumbnail's size (the largest width made, ≤ 800 px; 64 px for an icon). */
  readonly width: number;
  readonly height: number;
}

/** Checks a fetched image as {@link makeThumbnails} would, without decoding its pixels; see {@link PendingImage}. */
export async function inspectImage(
  input: Buffer,
  kind: 'image' | 'icon',
): Promise<{ readonly ok: true; readonly image: PendingImage } | Extract<ThumbnailResult, { ok: false }>> {
  const p = await probe(input);
  if (!p.ok) return p;
  const width = Math.max(...targetWidths(p.width, kind));
  const height = Math.max(1, Math.round((p.height * width) / p.width));
  const key = createHash('sha256').update(`soleus-preview-source\0${kind}\0`).update(input).digest('base64url');
  return { ok: true, image: { key, kind, source: input, width, height } };
}

/** The one WebP served for a {@link PendingImage}: its largest thumbnail. */
export async function encodePending(image: Pick<PendingImage, 'kind' | 'source'>): Promise<Thumbnail | null> {
  const t = await makeThumbnails(image.source, image.kind, 'largest');
  return t.ok ? t.thumbnails[t.thumbnails.length - 1]! : null;
}

/**
 * Re-encode a fetched image: refuse what is not a raster format we accept, refuse decompression bombs before
 * decoding (dimensions from the header) and while decoding (`limitInputPixels`), then make WebP thumbnails at the
 * kind's widths (never enlarged; one at the source width when it is smaller than all of them). `largest` makes only
 * the largest of them.
 */
export async function makeThumbnails(
  input: Buffer,
  kind: 'image' | 'icon',
  only?: 'largest',
): Promise<ThumbnailResult> {
  const p = await probe(input);
  if (!p.ok) return p;
  const { width, height } = p;
  const sniffed = { format: p.format };
  const open = () => openImage(input);
  let targets = targetWidths(width, kind);
  if (only === 'largest') targets = [Math.max(...targets)];
  const thumbnails: Thumbnail[] = [];
  try {
    // Decode once: orient (rotate() applies EXIF orientation) and scale to the largest width into raw pixels, then
    // encode every width from those pixels in parallel. Raw pixels carry no metadata at all, so nothing of the
    // source (EXIF, XMP, ICC, comments) can reach the WebP. WebP effort 2: measured here, 1200×630 photo → 400 + 800
    // in about 130 ms against 220 ms at effort 4, for files within 5 % of the size.
    const largest = Math.max(...targets);
    const { data, info } = await open()
      .rotate()
      .resize({ width: largest, withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
    const quality = kind === 'icon' ? 85 : 75;
    const encoded = await Promise.all(
      targets.map((w) =>
        sharp(data, raw)
          .resize({ width: w, withoutEnlargement: true })
          .webp({ quality, effort: 2 })
          .toBuffer({ resolveWithObject: true }),
      ),
    );
    for (const e of encoded) {
      thumbnails.push({ width: e.info.width, height: e.info.height, webp: e.data, key: imageKey(e.data) });
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : '';
    if (/pixel limit/i.test(msg))
      return { ok: false, reason: 'too_many_pixels', message: 'The image is too large to decode.' };
    return { ok: false, reason: 'broken', message: 'The image could not be decoded.' };
  }
  return { ok: true, source: { format: sniffed.format, width, height }, thumbnails };
}

const ID_CONTEXT = 'soleus-link-preview-image\0';
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** `<key>.<hmac>`: the only form the image route serves. The secret is the server's, never sent anywhere. */
export function signImageId(key: string, secret: string | Buffer): string {
  if (!KEY_PATTERN.test(key)) throw new Error('image key must be base64url');
  const mac = createHmac('sha256', secret)
    .update(ID_CONTEXT + key)
    .digest('base64url');
  return `${key}.${mac}`;
}

/** The key of a validly signed ID, or null (wrong secret, altered key, malformed). Constant-time comparison. */
export function verifyImageId(id: string, secret: string | Buffer): string | null {
  const dot = id.indexOf('.');
  if (dot <= 0 || id.indexOf('.', dot + 1) !== -1) return null;
  const key = id.slice(0, dot);
  if (!KEY_PATTERN.test(key)) return null;
  const expected = Buffer.from(signImageId(key, secret).slice(dot + 1));
  const given = Buffer.from(id.slice(dot + 1));
  return given.length === expected.length && timingSafeEqual(given, expected) ? key : null;
}
