import sharp, { type Metadata, type Sharp } from 'sharp';
import type { ImagesConfig, PhotoFormat } from '../config/images.ts';
import { readExif, type ExifSummary } from './exif.ts';
import { makePlaceholder, PLACEHOLDER_INPUT, type Placeholder } from './placeholder.ts';
import { masterScale, type Focus, type Size, type Variant } from './plan.ts';

/** Formats decoded as photos. SVG is sanitized instead (svg.ts); the rest are refused. */
const READABLE = new Set(['jpeg', 'png', 'webp', 'heif', 'tiff', 'gif']);

/** Why a file cannot be used, as the catalogue names it. */
export interface Unusable {
  readonly rule: 'image-unreadable' | 'image-unsupported' | 'image-too-large';
  readonly reason: string;
}

/** What the header of a usable picture says. */
export interface Probe {
  /** Upright size: EXIF orientations 5–8 swap width and height. */
  readonly size: Size;
  readonly format: string;
  readonly exif?: ExifSummary | undefined;
  /** The frames of an animated GIF or WebP; absent for a still. */
  readonly frames?: number | undefined;
}

/** Formats whose pages are an animation's frames; other formats' pages are refused. */
const ANIMATED = new Set(['gif', 'webp']);

/** What decoding a picture once yields, besides its variants. */
export interface Analysis {
  readonly placeholder: Placeholder;
  /** Where sharp's attention strategy finds the interest, for crops without a focus. */
  readonly attention: Focus;
}

/** Encoder settings taken from the config. */
export type EncodeSettings = Pick<ImagesConfig, 'quality' | 'effort' | 'keepCopyright' | 'maxPixels'>;

/** Sharp's options for untrusted input: a pixel limit, and a truncated file is an error, not a grey band. */
const input = (maxPixels: number) => ({ limitInputPixels: maxPixels, failOn: 'truncated' as const });

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/** A repository that keeps its pictures in Git LFS, checked out without it, has these small text files in their place. */
const LFS_POINTER = Buffer.from('version https://git-lfs.');
const isLfsPointer = (bytes: Uint8Array): boolean =>
  bytes.byteLength >= LFS_POINTER.length &&
  bytes.byteLength < 1024 &&
  Buffer.from(bytes.buffer, bytes.byteOffset, LFS_POINTER.length).equals(LFS_POINTER);

/**
 * Read a picture's header: its upright size, format and EXIF, or why it cannot be used.
 * Cheap: nothing is decoded, so a decompression bomb is refused before it costs memory.
 */
export async function probe(bytes: Uint8Array, maxPixels: number): Promise<Probe | Unusable> {
  if (bytes.byteLength === 0) return { rule: 'image-unreadable', reason: 'the file is empty' };
  if (isLfsPointer(bytes))
    return {
      rule: 'image-unreadable',
      reason:
        'the file is a Git LFS pointer, not the picture: fetch the pictures (git lfs pull; in a CI checkout, turn LFS on)',
    };
  let meta: Metadata;
  try {
    // The header alone, without the pixel limit, so that a bomb is named with its size.
    meta = await sharp(bytes, { ...input(maxPixels), limitInputPixels: false }).metadata();
  } catch (error) {
    const text = message(error);
    return /unsupported image format/i.test(text)
      ? { rule: 'image-unsupported', reason: 'the file is not an image in a format Broadsheet reads' }
      : { rule: 'image-unreadable', reason: `the image cannot be read (${text})` };
  }
  if (!READABLE.has(meta.format)) {
    return {
      rule: 'image-unsupported',
      reason:
        meta.format === 'svg'
          ? 'an SVG drawing where a photo is expected'
          : `${meta.format.toUpperCase()} images are not supported`,
    };
  }
  if (meta.format === 'heif' && meta.compression !== 'av1')
    return { rule: 'image-unsupported', reason: 'HEIC images are not supported (only AVIF of the HEIF family)' };
  const frames = meta.pages ?? 1;
  if (frames > 1 && !ANIMATED.has(meta.format))
    return { rule: 'image-unsupported', reason: `a multi-page image (${frames} pages)` };
  const pixels = meta.width * meta.height;
  if (!(pixels > 0)) return { rule: 'image-unreadable', reason: 'the image has no pixels' };
  // An animation is decoded whole, every frame at once: the limit is on all of them.
  if (pixels * frames > maxPixels)
    return { rule: 'image-too-large', reason: tooLarge(meta.width, meta.height, maxPixels, frames) };
  const upright = meta.autoOrient ?? { width: meta.width, height: meta.height };
  // Sharp cannot turn the frames of an animation upright: one that asks to be turned
  // (EXIF orientation, which only a WebP can carry) is published as its first frame.
  const moves = frames > 1 && (meta.orientation ?? 1) === 1;
  return {
    size: { width: upright.width, height: upright.height },
    format: meta.format,
    exif: meta.exif ? readExif(meta.exif) : undefined,
    ...(moves ? { frames } : {}),
  };
}

export const tooLarge = (width: number, height: number, maxPixels: number, frames = 1): string =>
  `${frames > 1 ? `${frames} frames of ` : ''}${width}×${height} ${frames > 1 ? 'are' : 'is'} ${megapixels(width * height * frames)} megapixels, over the limit of ${megapixels(maxPixels)} (images.maxPixels)`;

/** Megapixels to a tenth, or to a hundredth under one, so that a small picture over a small limit says by how much. */
const megapixels = (pixels: number): string => (pixels / 1e6).toFixed(pixels < 1e6 ? 2 : 1);

export const isUnusable = (value: object): value is Unusable => 'rule' in value;

/** The picture decoded once, upright, in sRGB, at the smallest scale every variant can be made from. */
export interface Master {
  readonly data: Buffer;
  readonly info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
  /** Master pixels per source pixel. */
  readonly scale: number;
}

async function decodeMaster(bytes: Uint8Array, source: Size, scale: number, maxPixels: number): Promise<Master> {
  let pipeline = sharp(bytes, input(maxPixels)).rotate();
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  if (width !== source.width || height !== source.height) pipeline = pipeline.resize(width, height, { fit: 'fill' });
  const { data, info } = await pipeline
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data, info: { width: info.width, height: info.height, channels: info.channels }, scale };
}

const fromMaster = (master: Master): Sharp => sharp(master.data, { raw: master.info });

/** The master of a picture seen for the first time has at least this many pixels on its longer side. */
const ANALYSIS_SIZE = 512;
/** Attention is found on a square this many pixels wide: enough for faces and subjects. */
const ATTENTION_SIDE = 256;

/** Placeholder and attention point, from the master. */
async function analyse(master: Master): Promise<Analysis> {
  const small = await fromMaster(master)
    .resize(PLACEHOLDER_INPUT, PLACEHOLDER_INPUT, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const placeholder = await makePlaceholder(small.data, small.info.width, small.info.height);
  // A square crop: sharp scales the picture to cover the square, then reports the centre
  // of interest in the scaled picture's pixels.
  const { width, height } = master.info;
  const side = Math.min(width, height, ATTENTION_SIDE);
  const cover = side / Math.min(width, height);
  const { info } = await fromMaster(master)
    .resize(side, side, { fit: 'cover', position: 'attention' })
    .toBuffer({ resolveWithObject: true });
  const clamp = (n: number) => Math.min(1, Math.max(0, n));
  return {
    placeholder,
    attention: {
      x: info.attentionX === undefined ? 0.5 : clamp(info.attentionX / (width * cover)),
      y: info.attentionY === undefined ? 0.5 : clamp(info.attentionY / (height * cover)),
    },
  };
}

/** One encoder call with the config's settings; JPEG has no alpha, so transparency turns white. */
function encoder(pipeline: Sharp, format: PhotoFormat, settings: EncodeSettings, hasAlpha: boolean): Sharp {
  switch (format) {
    case 'avif':
      return pipeline.avif({ quality: settings.quality.avif, effort: settings.effort.avif });
    case 'webp':
      return pipeline.webp({ quality: settings.quality.webp, effort: settings.effort.webp });
    case 'jpeg':
      return (hasAlpha ? pipeline.flatten({ background: '#ffffff' }) : pipeline).jpeg({
        quality: settings.quality.jpeg,
        progressive: true,
      });
  }
}

/** Runs at most `limit` tasks at once. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function limiter(limit: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(task) {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      try {
        return await task();
      } finally {
        active--;
        waiting.shift()?.();
      }
    },
  };
}

/**
 * Decode a picture once: upright (orientation applied first), in sRGB, at the smallest
 * scale the given variants can all be made from. With `analyse`, also find its
 * placeholder and attention point (a picture seen for the first time). Throws what sharp
 * throws; the caller makes it a diagnostic.
 */
export async function openPicture(
  bytes: Uint8Array,
  probe: Probe,
  variants: readonly Variant[],
  options: { readonly analyse: boolean; readonly maxPixels: number; readonly limit: Limiter },
): Promise<{ readonly master: Master; readonly analysis?: Analysis | undefined }> {
  const { size } = probe;
  // Analysis looks at a copy of at least ANALYSIS_SIZE pixels on the longer side.
  const least = options.analyse ? Math.min(1, ANALYSIS_SIZE / Math.max(size.width, size.height)) : 0;
  const scale = Math.max(masterScale(variants, size), least);
  const master = await options.limit.run(() => decodeMaster(bytes, size, scale, options.maxPixels));
  const analysis = options.analyse ? await options.limit.run(() => analyse(master)) : undefined;
  return { master, analysis };
}

/**
 * Make each variant from the decoded picture: crop, resize once per size, encode each
 * format, handing every output to `put` as soon as it is made, so that no picture's
 * outputs pile up in memory. Sharp writes no metadata unless told to, so every output is
 * stripped of EXIF, XMP, IPTC and ICC; with `keepCopyright` the source's EXIF Artist and
 * Copyright alone are written back.
 */
export async function encodeVariants(
  master: Master,
  probe: Probe,
  variants: readonly Variant[],
  settings: EncodeSettings,
  limit: Limiter,
  put: (variant: Variant, data: Buffer) => Promise<void>,
): Promise<void> {
  const credit = settings.keepCopyright ? creditOf(probe.exif) : undefined;
  const hasAlpha = master.info.channels === 2 || master.info.channels === 4;
  // Variants of the same region and size share one resize.
  const groups = new Map<string, Variant[]>();
  for (const v of variants) {
    const key = JSON.stringify([v.crop, v.width, v.height]);
    const list = groups.get(key);
    if (list) list.push(v);
    else groups.set(key, [v]);
  }
  // Largest first, and AVIF (the slowest) first within a size, in the limiter's queue: the
  // long encodes start early and short ones fill the gaps, instead of one long encode
  // running alone at the end.
  const order = [...groups.values()].sort((a, b) => b[0]!.width * b[0]!.height - a[0]!.width * a[0]!.height);
  await Promise.all(
    order.map(async (group) => {
      const resized = await limit.run(() => resize(master, group[0]!, probe.size));
      await Promise.all(
        group.map((variant) =>
          limit.run(async () => {
            let pipeline = sharp(resized.data, { raw: resized.info });
            if (credit) pipeline = pipeline.withExif({ IFD0: credit });
            await put(variant, await encoder(pipeline, variant.format, settings, hasAlpha).toBuffer());
          }),
        ),
      );
    }),
  );
}

/**
 * An animated variant, every frame resized from the source and encoded as animated WebP,
 * with the source's frame delays and loop count and, as for stills, no metadata but the
 * credit fields when kept. Animated variants never crop (`planUse`).
 */
export async function encodeAnimated(
  bytes: Uint8Array,
  probe: Probe,
  variant: Variant,
  settings: EncodeSettings,
  limit: Limiter,
): Promise<Buffer> {
  const credit = settings.keepCopyright ? creditOf(probe.exif) : undefined;
  return limit.run(async () => {
    let pipeline = sharp(bytes, { ...input(settings.maxPixels), animated: true })
      .resize(variant.width, variant.height, { fit: 'fill' })
      .webp({ quality: settings.quality.webp, effort: settings.effort.webp });
    if (credit) pipeline = pipeline.withExif({ IFD0: credit });
    return pipeline.toBuffer();
  });
}

/** The variant's region of the master, at the variant's size, as raw pixels. */
async function resize(master: Master, variant: Variant, source: Size) {
  const region = variant.crop ?? { left: 0, top: 0, ...source };
  const s = master.scale;
  const left = Math.min(Math.round(region.left * s), master.info.width - 1);
  const top = Math.min(Math.round(region.top * s), master.info.height - 1);
  const box = {
    left,
    top,
    width: Math.max(1, Math.min(Math.round(region.width * s), master.info.width - left)),
    height: Math.max(1, Math.min(Math.round(region.height * s), master.info.height - top)),
  };
  let pipeline = fromMaster(master);
  if (box.width !== master.info.width || box.height !== master.info.height) pipeline = pipeline.extract(box);
  if (box.width !== variant.width || box.height !== variant.height)
    pipeline = pipeline.resize(variant.width, variant.height, { fit: 'fill' });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, info: { width: info.width, height: info.height, channels: info.channels } };
}

/** The EXIF credit fields to write back, when the source has any. */
function creditOf(exif: ExifSummary | undefined): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  if (exif?.artist) fields.Artist = exif.artist;
  if (exif?.copyright) fields.Copyright = exif.copyright;
  return Object.keys(fields).length ? fields : undefined;
}
