import type { ImagesConfig, PhotoFormat, SlotConfig } from '../config/images.ts';
import type { Focus } from '../content/picture.ts';

export { parseFocus, type Focus } from '../content/picture.ts';

/** A picture's size in pixels, upright (after its EXIF orientation is applied). */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** A region of the upright picture, in its pixels. */
export interface Box extends Size {
  readonly left: number;
  readonly top: number;
}

/** One output file: which region of the picture, at what size, in what format. */
export interface Variant {
  readonly format: PhotoFormat;
  readonly width: number;
  readonly height: number;
  /** The region shown; absent: the whole picture. */
  readonly crop?: Box | undefined;
  /** Every frame of an animation (WebP); absent: a still, the first frame of one. */
  readonly animated?: true | undefined;
}

/** Social crops: og:image/twitter:image, and the JSON-LD images (16:9, 4:3, 1:1). */
export interface SocialPlan {
  readonly openGraph: Variant;
  readonly structuredData: readonly Variant[];
}

/** og:image as Facebook, LinkedIn and X draw it large. */
export const OPEN_GRAPH: Size = { width: 1200, height: 630 };
/** Google's Article guidance: several aspect ratios, high resolution. */
export const STRUCTURED_DATA_ASPECTS: readonly (readonly [number, number])[] = [
  [16, 9],
  [4, 3],
  [1, 1],
];
export const STRUCTURED_DATA_WIDTH = 1200;
/**
 * When the picture is narrower than some of a slot's widths, its own width is added,
 * unless it is within this factor of the largest width kept: a file that much larger
 * is hardly sharper.
 */
const OWN_WIDTH_STEP = 1.2;

/** The centre, for pictures without a focus. */
export const CENTRE: Focus = { x: 0.5, y: 0.5 };

/** The widths to make of a region `available` pixels wide: never wider, no duplicates, ascending. */
export function widthsFor(available: number, wanted: readonly number[]): number[] {
  const sorted = [...new Set(wanted)].sort((a, b) => a - b);
  const kept = sorted.filter((w) => w <= available);
  const largest = kept.at(-1);
  if (largest === undefined || (kept.length < sorted.length && available > largest * OWN_WIDTH_STEP))
    kept.push(available);
  return kept;
}

/**
 * The largest box of the given shape (width ÷ height) inside the picture, placed so the
 * focus is as near its centre as the picture's edges allow. The whole picture when it
 * has that shape already (to within a pixel).
 */
export function cropBox(source: Size, ratio: number, focus: Focus): Box {
  let width = source.width;
  let height = Math.round(width / ratio);
  if (height > source.height) {
    height = source.height;
    width = Math.round(height * ratio);
  }
  width = Math.max(1, Math.min(width, source.width));
  height = Math.max(1, Math.min(height, source.height));
  const place = (centre: number, size: number, total: number) =>
    Math.round(Math.min(Math.max(centre * total - size / 2, 0), total - size));
  return {
    left: place(focus.x, width, source.width),
    top: place(focus.y, height, source.height),
    width,
    height,
  };
}

/** The crop as a variant carries it: none when it is the whole picture. */
const cropOf = (source: Size, box: Box): Box | undefined =>
  Math.abs(box.width - source.width) <= 1 && Math.abs(box.height - source.height) <= 1 ? undefined : box;

/** `width` pixels of a region, and the height that keeps its shape. */
const scaled = (box: Size, width: number): Size => ({
  width,
  height: Math.max(1, Math.round((width * box.height) / box.width)),
});

/**
 * The variants of a picture for one slot: each of the slot's widths the picture (or its
 * crop, for slots with an aspect) can fill, in each format. Ordered by format, then width.
 */
export function planSlot(
  source: Size,
  slot: SlotConfig,
  formats: readonly PhotoFormat[],
  focus: Focus = CENTRE,
): Variant[] {
  const box = slot.aspect === undefined ? undefined : cropBox(source, slot.aspect, focus);
  const crop = box && cropOf(source, box);
  const region = crop ?? source;
  const sizes = widthsFor(region.width, slot.widths).map((w) =>
    // A crop's height follows the slot's shape exactly, not the rounding of its box.
    slot.aspect !== undefined ? { width: w, height: Math.max(1, Math.round(w / slot.aspect)) } : scaled(region, w),
  );
  return formats.flatMap((format) => sizes.map((size) => ({ format, ...size, crop })));
}

/**
 * Social crops (JPEG, which every crawler reads): og:image at 1200×630, or smaller when
 * the picture's 1.91:1 crop is narrower; JSON-LD images at 16:9, 4:3 and 1:1, 1200 px
 * wide where the crop has the pixels, at its own width otherwise.
 */
export function planSocial(source: Size, focus: Focus = CENTRE): SocialPlan {
  const variant = (ratio: number, maxWidth: number): Variant => {
    const box = cropBox(source, ratio, focus);
    const width = Math.min(maxWidth, box.width);
    return { format: 'jpeg', width, height: Math.max(1, Math.round(width / ratio)), crop: cropOf(source, box) };
  };
  return {
    openGraph: variant(OPEN_GRAPH.width / OPEN_GRAPH.height, OPEN_GRAPH.width),
    structuredData: STRUCTURED_DATA_ASPECTS.map(([w, h]) => variant(w / h, STRUCTURED_DATA_WIDTH)),
  };
}

/** Everything one use of a picture needs. */
export interface UsePlan {
  readonly variants: readonly Variant[];
  readonly social?: SocialPlan | undefined;
}

/**
 * The plan for a picture in `slot`, with social crops when asked and configured. An
 * animation moves in the slots of its own shape (a story's lead, inline and gallery
 * pictures): there it comes as animated WebP, the one output format that holds frames,
 * beside the JPEG of its first frame for clients without `<picture>`, and without AVIF,
 * whose still would win. A slot that crops (listing thumbnails) and the social crops
 * show the first frame, as they do a photo.
 */
export function planUse(
  source: Size,
  config: ImagesConfig,
  use: { readonly slot: keyof ImagesConfig['slots']; readonly social?: boolean | undefined },
  focus: Focus = CENTRE,
  animated = false,
): UsePlan {
  const slot = config.slots[use.slot];
  const moving = animated && slot.aspect === undefined;
  const variants = planSlot(source, slot, moving ? ['jpeg'] : config.formats, focus);
  return {
    variants: moving
      ? [...variants.map((v): Variant => ({ ...v, format: 'webp', animated: true })), ...variants]
      : variants,
    social: use.social && config.social ? planSocial(source, focus) : undefined,
  };
}

/**
 * Whether a plan needs a focus at all: the caller then finds one (sharp's attention
 * strategy) when the article gives none.
 */
export const needsFocus = (plan: UsePlan): boolean =>
  plan.social !== undefined || plan.variants.some((v) => v.crop !== undefined);

/**
 * The resolution every variant of a picture can be made from: the smallest scale of the
 * picture that still has, for every variant, at least the pixels of its output. 1 when
 * some variant needs the full resolution.
 */
export function masterScale(variants: readonly Variant[], source: Size): number {
  let scale = 0;
  for (const v of variants) {
    const region = v.crop ?? source;
    scale = Math.max(scale, v.width / region.width, v.height / region.height);
  }
  return Math.min(1, scale);
}
