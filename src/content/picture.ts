import type { PhotoFormat, SlotName } from '../config/images.ts';
import type { FileStat } from '../util/file-stat.ts';

/**
 * A processed picture as stories carry it: plain data (safe to cache and to send between
 * threads) describing the files made of one use of a local picture. The photo stage
 * (src/photos/) makes them; layouts draw them with the markup helpers.
 */

/** The point a crop keeps in view, as fractions of the width and height (0–1, from the top left). */
export interface Focus {
  readonly x: number;
  readonly y: number;
}

/**
 * `focus: 0.3,0.4` from front matter (or `[0.3, 0.4]`, `{x, y}`): a Focus, or a message
 * saying what is wrong.
 */
export function parseFocus(value: unknown): Focus | { readonly error: string } {
  let x: unknown;
  let y: unknown;
  if (typeof value === 'string') [x, y] = value.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
  else if (Array.isArray(value)) [x, y] = value;
  else if (value && typeof value === 'object') ({ x, y } = value as { x?: unknown; y?: unknown });
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1;
  return valid(x) && valid(y)
    ? { x, y }
    : { error: 'focus must be two numbers from 0 to 1, across then down, such as "0.5,0.3"' };
}

/** What a page shows while a picture loads. */
export interface Placeholder {
  /** Dominant colour, "#rrggbb". */
  readonly color: string;
  /** The ThumbHash (about 25 bytes), base64: for layouts that decode it themselves. */
  readonly thumbhash: string;
  /**
   * The ThumbHash drawn as a tiny WebP, as a `data:` URL of a few hundred bytes: an
   * `<img>` source, which the default Content-Security-Policy allows (`img-src data:`)
   * where an inline `style` background would be blocked.
   */
  readonly dataUrl: string;
}

/** One output file, as markup and `check` refer to it. */
export interface PictureFile {
  readonly format: PhotoFormat | 'svg';
  readonly width: number;
  readonly height: number;
  /** File name in the site's photo folder (`_photos/`): `<hash>-<width>.<ext>`. */
  readonly name: string;
}

/** Everything a layout needs to draw one use of a picture. */
export interface Picture {
  readonly slot: SlotName;
  /** The slot's `sizes` attribute. */
  readonly sizes: string;
  /** Size of the largest file: its aspect ratio is every file's. */
  readonly width: number;
  readonly height: number;
  /** Every file: by format (the config's order), then by width. */
  readonly files: readonly PictureFile[];
  /** Present when `images.placeholder` is on (never for SVG). */
  readonly placeholder?: Placeholder | undefined;
  /**
   * Narrower than any width its slot asks for (an icon, a small chart): drawn at its own
   * width, not stretched to the column, as a picture is never enlarged. Not for thumbnails,
   * whose grid sizes them.
   */
  readonly natural?: true | undefined;
  readonly social?: { readonly openGraph: PictureFile; readonly structuredData: readonly PictureFile[] } | undefined;
}

/**
 * A local picture an article uses, as the build cache remembers it: its stat (a changed
 * stat loads the article again, even when the article itself is unchanged), the hash of
 * its bytes (passed back while the stat holds, so the photo store answers without reading
 * the file) and the photo files made of it (published with the story, and kept by the
 * store's collection).
 */
export interface UsedPhoto {
  /** Path relative to the articles folder, "/"-separated. */
  readonly file: string;
  readonly stat: FileStat;
  /** sha256 of the file; absent when it could not be read. */
  readonly source?: string | undefined;
  /** Names of the files made of it in the photo store (and in the site's `_photos/`). */
  readonly names: readonly string[];
}

/**
 * Pictures in the articles folder are published only through the photo stage, never
 * copied as they are: an original may carry the camera's GPS position.
 */
export const isPictureFile = (file: string): boolean =>
  /\.(jpe?g|jfif|png|webp|avif|tiff?|gif|svgz?|heic|heif|bmp)$/i.test(file);
