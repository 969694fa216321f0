#!/usr/bin/env node
// Photo-like JPEGs for the photo benchmark, the same bytes from the same seed: smooth
// light (a low-resolution colour field scaled up), shapes with hard and soft edges, and
// sensor-like grain, so that encoders work as hard as on camera pictures; flat colours
// would flatter every encoder. Some carry GPS, camera EXIF and an orientation tag.
//
//   node bench/photos/generate.mjs [--count 16] [--seed 1] [--out bench/work/photos/src]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

/** A seeded PRNG (mulberry32). */
export function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASPECTS = [
  [3, 2],
  [4, 3],
  [16, 9],
  [2, 3],
  [3, 4],
];

/** Size of photo `i`: long edge 2000–4000 px, one of the usual camera aspects. */
function sizeOf(random) {
  const long = 2000 + Math.round(random() * 2000);
  const [a, b] = ASPECTS[Math.floor(random() * ASPECTS.length)];
  return a >= b
    ? { width: long, height: Math.round((long * b) / a) }
    : { width: Math.round((long * a) / b), height: long };
}

/** Smooth light: a few pixels of random colour scaled up to the full size. */
async function light(random, width, height) {
  const w = 4 + Math.floor(random() * 5);
  const h = 3 + Math.floor(random() * 4);
  const raw = Buffer.alloc(w * h * 3);
  const base = [random() * 255, random() * 255, random() * 255];
  for (let i = 0; i < raw.length; i++) raw[i] = Math.max(0, Math.min(255, base[i % 3] + (random() - 0.5) * 160));
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

/**
 * Shapes: ellipses, polygons and bars with hard edges in `sharp`, and out-of-focus ones in
 * `soft` (drawn at a quarter of the size and scaled up: librsvg's blur filter on a full-size
 * canvas takes seconds).
 */
function shapes(random, width, height) {
  const colour = () => `rgb(${Math.floor(random() * 256)},${Math.floor(random() * 256)},${Math.floor(random() * 256)})`;
  const sharpParts = [];
  const softParts = [];
  const count = 25 + Math.floor(random() * 30);
  for (let i = 0; i < count; i++) {
    const x = random() * width;
    const y = random() * height;
    const r = (0.02 + random() * 0.2) * Math.min(width, height);
    const parts = random() < 0.5 ? softParts : sharpParts;
    const opacity = (0.35 + random() * 0.65).toFixed(2);
    const kind = random();
    if (kind < 0.4)
      parts.push(
        `<ellipse cx="${x | 0}" cy="${y | 0}" rx="${r | 0}" ry="${(r * (0.4 + random())) | 0}" fill="${colour()}" fill-opacity="${opacity}"/>`,
      );
    else if (kind < 0.75) {
      const points = Array.from({ length: 3 + Math.floor(random() * 5) }, () => {
        const a = random() * Math.PI * 2;
        return `${(x + Math.cos(a) * r * (0.5 + random())) | 0},${(y + Math.sin(a) * r * (0.5 + random())) | 0}`;
      }).join(' ');
      parts.push(`<polygon points="${points}" fill="${colour()}" fill-opacity="${opacity}"/>`);
    } else {
      // Thin bars: edges and fine detail like railings or window frames.
      for (let k = 0; k < 6; k++)
        parts.push(
          `<rect x="${(x + k * r * 0.2) | 0}" y="${y | 0}" width="${Math.max(2, (r * 0.04) | 0)}" height="${(r * 2) | 0}" fill="${colour()}" fill-opacity="${opacity}"/>`,
        );
    }
  }
  const svg = (parts, scale) =>
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.round(width * scale)}" height="${Math.round(height * scale)}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`,
    );
  return { soft: svg(softParts, 0.25), sharp: svg(sharpParts, 1) };
}

/** Grain: per-pixel noise around mid-grey, stronger in a few textured patches. */
function grain(random, width, height) {
  const raw = Buffer.alloc(width * height * 3);
  const patches = Array.from({ length: 4 }, () => ({
    x: random() * width,
    y: random() * height,
    r2: (random() * 0.25 * width) ** 2,
  }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let amplitude = 28;
      for (const p of patches) if ((x - p.x) ** 2 + (y - p.y) ** 2 < p.r2) amplitude = 90;
      const n = (random() + random() - 1) * amplitude;
      const i = (y * width + x) * 3;
      raw[i] = 128 + n;
      raw[i + 1] = 128 + n + (random() - 0.5) * 8;
      raw[i + 2] = 128 + n + (random() - 0.5) * 8;
    }
  }
  return raw;
}

/** EXIF as a camera writes it; `gps` adds a position (the thing that must never leak). */
function exif(random, gps) {
  const deg = (value) => {
    const d = Math.floor(value);
    const m = Math.floor((value - d) * 60);
    const s = Math.round(((value - d) * 60 - m) * 60 * 100);
    return `${d}/1 ${m}/1 ${s}/100`;
  };
  return {
    IFD0: { Make: 'BenchCam', Model: 'Generated 1', Artist: 'Bench Photographer', Copyright: '(c) Bench' },
    IFD2: { ExposureTime: '1/250', FNumber: '56/10', ISOSpeedRatings: '400' },
    ...(gps
      ? {
          IFD3: {
            GPSLatitudeRef: 'N',
            GPSLatitude: deg(40 + random() * 20),
            GPSLongitudeRef: 'E',
            GPSLongitude: deg(random() * 30),
          },
        }
      : {}),
  };
}

/** Photo number `index` of the set made from `seed`: its file name and JPEG bytes. */
export async function photo(seed, index) {
  const random = prng(seed * 7919 + index);
  const { width, height } = sizeOf(random);
  const base = await light(random, width, height);
  const layers = shapes(random, width, height);
  const soft = await sharp(layers.soft)
    .resize(width, height, { fit: 'fill' })
    .blur(3)
    .png({ compressionLevel: 0 })
    .toBuffer();
  const noise = grain(random, width, height);
  // Texture at a scale of a few pixels (foliage, fabric, brickwork): it survives downscaling,
  // where per-pixel grain is averaged away.
  const tw = Math.ceil(width / 5);
  const th = Math.ceil(height / 5);
  const texture = await sharp(grain(random, tw, th), { raw: { width: tw, height: th, channels: 3 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  const withShapes = await sharp(base)
    .composite([{ input: soft }, { input: layers.sharp }])
    .png({ compressionLevel: 0 })
    .toBuffer();
  const gps = index % 3 === 0;
  const orientation = index % 4 === 1 ? 6 : undefined;
  let image = sharp(withShapes)
    .composite([
      { input: texture, raw: { width, height, channels: 3 }, blend: 'soft-light' },
      { input: noise, raw: { width, height, channels: 3 }, blend: 'soft-light' },
    ])
    .withExif(exif(random, gps));
  if (orientation) image = image.withMetadata({ orientation });
  const bytes = await image.jpeg({ quality: 92, chromaSubsampling: '4:2:0' }).toBuffer();
  return { name: `photo-${String(index).padStart(3, '0')}.jpg`, bytes, width, height, gps, orientation };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '16' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: path.join(import.meta.dirname, '../work/photos/src') },
    },
  });
  mkdirSync(values.out, { recursive: true });
  for (let i = 0; i < Number(values.count); i++) {
    const p = await photo(Number(values.seed), i);
    writeFileSync(path.join(values.out, p.name), p.bytes);
    console.log(
      `${p.name} ${p.width}×${p.height} ${(p.bytes.length / 1e6).toFixed(1)} MB${p.gps ? ' GPS' : ''}${p.orientation ? ` orientation ${p.orientation}` : ''}`,
    );
  }
}
