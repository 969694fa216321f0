import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Pictures for the photo tests, made with sharp: light and shapes (so that encoders and
 * the attention strategy have something to work on), with or without camera metadata.
 */

/** A photo-like JPEG: a gradient, a few shapes, and a bright subject at `subject` (fractions). */
export async function photo(
  width: number,
  height: number,
  options: { subject?: { x: number; y: number }; exif?: boolean; orientation?: number; xmp?: boolean } = {},
): Promise<Buffer> {
  const s = options.subject ?? { x: 0.5, y: 0.5 };
  const r = Math.round(Math.min(width, height) / 10);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#5b7d9a"/><stop offset="1" stop-color="#c9b48a"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <rect x="${width * 0.1}" y="${height * 0.6}" width="${width * 0.2}" height="${height * 0.3}" fill="#44553a"/>
    <circle cx="${s.x * width}" cy="${s.y * height}" r="${r}" fill="#ff2020"/>
    <circle cx="${s.x * width}" cy="${s.y * height}" r="${r / 3}" fill="#ffffff"/>
  </svg>`;
  let image = sharp(Buffer.from(svg));
  if (options.exif)
    image = image.withExif({
      IFD0: { Make: 'TestCam', Model: 'T1', Artist: 'Jane Photographer', Copyright: '(c) Jane Photographer' },
      IFD2: { ExposureTime: '1/250', DateTimeOriginal: '2026:12:01 10:00:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    });
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  if (options.xmp)
    image = image.withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.0N"/></rdf:RDF></x:xmpmeta>',
    );
  return image.jpeg({ quality: 90 }).toBuffer();
}

/**
 * A picture stored sideways with EXIF orientation 6 (turn 90° clockwise to view), GPS and
 * XMP, whose upright view is `width`×`height` with a red block in its top left corner.
 */
export async function sideways(width: number, height: number): Promise<Buffer> {
  const upright = await sharp({ create: { width, height, channels: 3, background: '#2040c0' } })
    .composite([
      {
        input: await sharp({ create: { width: width / 4, height: height / 4, channels: 3, background: '#ff0000' } })
          .png()
          .toBuffer(),
        left: 0,
        top: 0,
      },
    ])
    .png()
    .toBuffer();
  const stored = await sharp(upright).rotate(270).png().toBuffer();
  return sharp(stored)
    .withExif({
      IFD0: { Make: 'TestCam', Artist: 'Jane Photographer', Copyright: '(c) Jane Photographer' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.0N"/></rdf:RDF></x:xmpmeta>',
    )
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Two frames, red then blue, joined as the pages of one image. */
const twoFrames = async (width: number, height: number) => {
  const frame = (background: string) =>
    sharp({ create: { width, height, channels: 3, background } })
      .png()
      .toBuffer();
  return sharp([await frame('#f00'), await frame('#00f')], { join: { animated: true } });
};

/** An animated GIF of two frames, shown 0.3 and 0.7 s, looping forever. */
export async function animatedGif(width = 16, height = 16): Promise<Buffer> {
  return (await twoFrames(width, height)).gif({ delay: [300, 700], loop: 0 }).toBuffer();
}

/** An animated WebP of two frames, shown 0.3 and 0.7 s, looping 3 times; with an EXIF orientation when given. */
export async function animatedWebp(width: number, height: number, orientation?: number): Promise<Buffer> {
  const webp = (await twoFrames(width, height)).webp({ delay: [300, 700], loop: 3 });
  return (orientation ? webp.withMetadata({ orientation }) : webp).toBuffer();
}

/** A TIFF of two pages (a scanned document), which is no animation. */
export async function twoPageTiff(): Promise<Buffer> {
  return (await twoFrames(16, 16)).tiff().toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/**
 * A decompression bomb: a valid PNG header claiming `width`×`height` pixels, with a few
 * bytes of compressed zeros (a decoder that trusted it would allocate gigabytes).
 */
export function pngBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1 << 16))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small real PNG whose colour and size follow `n`: a picture that changes when `n` does. */
export async function swatch(n: number): Promise<Buffer> {
  const colour = { r: (n * 67) % 256, g: (n * 131 + 40) % 256, b: (n * 29 + 90) % 256 };
  return sharp({ create: { width: 48 + (n % 5) * 8, height: 32, channels: 3, background: colour } })
    .png()
    .toBuffer();
}
