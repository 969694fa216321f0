import sharp from 'sharp';
import { rgbaToThumbHash, thumbHashToRGBA } from 'thumbhash';
import type { Placeholder } from '../content/picture.ts';

export type { Placeholder } from '../content/picture.ts';

/** ThumbHash takes at most 100×100 pixels. */
export const PLACEHOLDER_INPUT = 100;

const hex = (n: number) => Math.round(n).toString(16).padStart(2, '0');

/**
 * The placeholder of a picture, from a version of it at most 100 px on its longer side
 * (RGBA, not premultiplied).
 */
export async function makePlaceholder(rgba: Uint8Array, width: number, height: number): Promise<Placeholder> {
  const hash = rgbaToThumbHash(width, height, rgba);
  const { dominant } = await sharp(rgba, { raw: { width, height, channels: 4 } }).stats();
  const drawn = thumbHashToRGBA(hash);
  const webp = await sharp(drawn.rgba, { raw: { width: drawn.w, height: drawn.h, channels: 4 } })
    .webp({ quality: 60, effort: 6 })
    .toBuffer();
  return {
    color: `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}`,
    thumbhash: Buffer.from(hash).toString('base64'),
    dataUrl: `data:image/webp;base64,${webp.toString('base64')}`,
  };
}
