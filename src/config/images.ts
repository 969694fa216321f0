import * as z from 'zod';

/** Output formats, in the order a `<picture>` offers them: the first the browser takes wins. */
export const FORMATS = ['avif', 'webp', 'jpeg'] as const;
export type PhotoFormat = (typeof FORMATS)[number];

/** Where a picture appears in a layout; each slot has its own widths, `sizes` and shape. */
export const SLOTS = ['lead', 'inline', 'thumbnail', 'gallery'] as const;
export type SlotName = (typeof SLOTS)[number];

/** "3:2" → 1.5. */
const aspect = z
  .string()
  .regex(/^\d+(\.\d+)?:\d+(\.\d+)?$/, 'a ratio such as "3:2" or "16:9"')
  .transform((text) => {
    const [w, h] = text.split(':').map(Number) as [number, number];
    return w / h;
  })
  .refine((ratio) => Number.isFinite(ratio) && ratio >= 0.2 && ratio <= 5, 'between 1:5 and 5:1');

const widths = z
  .array(z.int().min(16).max(8192))
  .min(1)
  .transform((list) => [...new Set(list)].sort((a, b) => a - b));

function slot(defaults: { widths: number[]; sizes: string; aspect?: string }) {
  return z
    .strictObject({
      /** Widths in pixels to make; never more than the picture (or its crop) has. */
      widths: widths.default(defaults.widths),
      /** The `sizes` attribute: how wide the slot is drawn, for the browser to pick a width. */
      sizes: z.string().min(1).default(defaults.sizes),
      /** Crop to this shape ("3:2"); absent: the picture's own shape. */
      aspect: defaults.aspect === undefined ? aspect.optional() : aspect.prefault(defaults.aspect),
    })
    .prefault({});
}

const quality = z.int().min(1).max(100);

/**
 * The `images` section of broadsheet.config.ts: how local pictures are resized, encoded
 * and marked up. Every field is optional.
 */
export const imagesSchema = z
  .strictObject({
    /**
     * Formats to make, offered in this order. JPEG is required: it is the `<img src>` for
     * clients without `<picture>` and the format of social images. Default ["avif", "webp", "jpeg"].
     */
    formats: z
      .array(z.enum(FORMATS))
      .min(1)
      .transform((list) => FORMATS.filter((f) => list.includes(f)))
      .refine((list) => list.includes('jpeg'), 'must include "jpeg" (the fallback and social format)')
      .default(['avif', 'webp', 'jpeg']),
    /** Encoder quality per format (1–100). Defaults: avif 50, webp 75, jpeg 80. */
    quality: z
      .strictObject({
        avif: quality.default(50),
        webp: quality.default(75),
        jpeg: quality.default(80),
      })
      .prefault({}),
    /**
     * Encoder effort: higher is slower for slightly smaller files. Defaults: avif 3 (of 0–9),
     * webp 2 (of 0–6); measured in bench/RESULTS.md ("Photos").
     */
    effort: z
      .strictObject({
        avif: z.int().min(0).max(9).default(3),
        webp: z.int().min(0).max(6).default(2),
      })
      .prefault({}),
    /**
     * Layout slots. Defaults: lead 480–1600 px drawn up to 40rem wide; inline 480–1200 px;
     * thumbnail 320 and 640 px cropped to 3:2; gallery 400–1200 px in two columns.
     */
    slots: z
      .strictObject({
        lead: slot({ widths: [480, 800, 1200, 1600], sizes: '(min-width: 42rem) 40rem, 100vw' }),
        inline: slot({ widths: [480, 800, 1200], sizes: '(min-width: 42rem) 40rem, 100vw' }),
        thumbnail: slot({ widths: [320, 640], sizes: '(min-width: 48rem) 17rem, 100vw', aspect: '3:2' }),
        gallery: slot({ widths: [400, 800, 1200], sizes: '(min-width: 42rem) 20rem, 100vw' }),
      })
      .prefault({}),
    /**
     * Social crops of pictures used with `social`: og:image and twitter:image at 1200×630,
     * and NewsArticle JSON-LD images at 16:9, 4:3 and 1:1, 1200 px wide where the picture
     * has the pixels. Default true.
     */
    social: z.boolean().default(true),
    /**
     * Keep the EXIF Artist and Copyright of the source in every output. Everything else
     * (camera, GPS, XMP, IPTC) is always removed. Default false.
     */
    keepCopyright: z.boolean().default(false),
    /**
     * Refuse pictures with more pixels than this (decompression bombs). Default 100,000,000:
     * above every camera but 100-megapixel medium format.
     */
    maxPixels: z.int().positive().default(100_000_000),
    /** Show a blurred preview (from the picture's ThumbHash) while the picture loads. Default true. */
    placeholder: z.boolean().default(true),
  })
  .prefault({});

/** The `images` config as written by a user: every field optional. */
export type ImagesUserConfig = z.input<typeof imagesSchema>;
/** The `images` config with defaults applied. */
export type ImagesConfig = z.output<typeof imagesSchema>;
export type SlotConfig = ImagesConfig['slots'][SlotName];

/** The defaults, for callers (tests, tools) without a site config. */
export const defaultImagesConfig = (): ImagesConfig => imagesSchema.parse(undefined);
