import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { identifyingTags, readExif, TAG } from '../src/photos/exif.ts';
import { prng } from './helpers.ts';
import { photo } from './photo-images.ts';

describe('reading EXIF', () => {
  it('should find the GPS position, the camera tags and the credit of a camera picture', async () => {
    const meta = await sharp(await photo(64, 48, { exif: true })).metadata();
    const exif = readExif(meta.exif!)!;
    expect(exif.gps).toBe(true);
    expect(exif.artist).toBe('Jane Photographer');
    expect(exif.copyright).toBe('(c) Jane Photographer');
    expect(exif.tags).toContain(0x010f); // Make
    expect(identifyingTags(exif, true)).not.toContain(TAG.artist);
    expect(identifyingTags(exif, false)).toContain(TAG.artist);
  });

  it('should never throw on hostile bytes: truncated, looping or random', async () => {
    const meta = await sharp(await photo(64, 48, { exif: true })).metadata();
    const real = meta.exif!;
    for (let cut = 0; cut < real.length; cut += 3) expect(() => readExif(real.subarray(0, cut))).not.toThrow();
    const random = prng(29);
    for (let i = 0; i < 500; i++) {
      const bytes = Buffer.from(real);
      for (let k = 0; k < 8; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      expect(() => readExif(bytes)).not.toThrow();
    }
    // An IFD that points at itself.
    const loop = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x25, 0x88, 4, 0, 1, 0, 0, 0, 8, 0, 0, 0]);
    expect(readExif(loop)).toMatchObject({ gps: true });
    expect(readExif(Buffer.from('not exif'))).toBeUndefined();
  });
});
