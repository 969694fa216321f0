#!/usr/bin/env node
// The sample site's pictures: scenes drawn for it (a night bus, swifts over an estuary, a
// rowing eight), made photo-like with soft focus and grain and saved as camera JPEGs with
// EXIF. The rowing picture also carries a GPS position and is stored sideways with an
// orientation tag, so that building the sample shows both being dealt with (the published
// files are upright and carry no metadata). The same bytes every run.
//
//   node scripts/sample-photos.mjs [--out articles/images]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
// The same seeded generator the photo benchmark draws its pictures with.
import { prng } from '../bench/photos/generate.mjs';

const WIDTH = 2400;
const HEIGHT = 1600;

const svg = (body) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${body}</svg>`);

function nightBus(random) {
  const windows = Array.from(
    { length: 14 },
    (_, i) =>
      `<rect x="${760 + (i % 7) * 130}" y="${i < 7 ? 640 : 860}" width="105" height="140" rx="10" fill="#ffd98a" opacity="${(0.75 + random() * 0.25).toFixed(2)}"/>`,
  ).join('');
  const stars = Array.from(
    { length: 60 },
    () =>
      `<circle cx="${(random() * WIDTH) | 0}" cy="${(random() * 420) | 0}" r="${(1 + random() * 2).toFixed(1)}" fill="#dfe6ff" opacity="0.6"/>`,
  ).join('');
  return svg(`
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#070b1f"/><stop offset="1" stop-color="#1d2a4a"/></linearGradient>
      <radialGradient id="lamp" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="#fff2c4" stop-opacity="0.95"/><stop offset="1" stop-color="#fff2c4" stop-opacity="0"/></radialGradient>
      <linearGradient id="road" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2b2b33"/><stop offset="1" stop-color="#111116"/></linearGradient>
    </defs>
    <rect width="${WIDTH}" height="${HEIGHT}" fill="url(#sky)"/>${stars}
    <rect x="0" y="420" width="700" height="760" fill="#141a2c"/><rect x="1820" y="360" width="580" height="820" fill="#121728"/>
    <rect x="0" y="1180" width="${WIDTH}" height="420" fill="url(#road)"/>
    <rect x="0" y="1330" width="${WIDTH}" height="14" fill="#c9c18f" opacity="0.5"/>
    <rect x="420" y="380" width="18" height="800" fill="#3a3d48"/><circle cx="430" cy="380" r="260" fill="url(#lamp)"/>
    <rect x="700" y="560" width="1000" height="620" rx="40" fill="#b3171d"/>
    <rect x="700" y="800" width="1000" height="26" fill="#7d0f13"/>${windows}
    <rect x="1590" y="1010" width="90" height="150" rx="8" fill="#ffe6a6"/>
    <circle cx="880" cy="1180" r="80" fill="#0d0d10"/><circle cx="1500" cy="1180" r="80" fill="#0d0d10"/>
    <ellipse cx="1690" cy="1110" rx="60" ry="26" fill="#fff7d6" opacity="0.9"/>
    <ellipse cx="1200" cy="1420" rx="700" ry="60" fill="#ffd98a" opacity="0.12"/>`);
}

function swifts(random) {
  const birds = Array.from({ length: 90 }, () => {
    const x = 150 + random() * 2100;
    const y = 180 + random() * 650;
    const s = 14 + random() * 26;
    return `<path d="M${x - s * 2} ${y} Q${x - s} ${y - s * 0.7} ${x} ${y} Q${x + s} ${y - s * 0.7} ${x + s * 2} ${y} Q${x + s} ${y - s * 0.3} ${x} ${y + s * 0.25} Q${x - s} ${y - s * 0.3} ${x - s * 2} ${y}Z" fill="#1c1420" opacity="${(0.65 + random() * 0.35).toFixed(2)}"/>`;
  }).join('');
  return svg(`
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3c4f7a"/><stop offset="0.55" stop-color="#e58d5b"/><stop offset="1" stop-color="#f6c27a"/></linearGradient>
      <linearGradient id="water" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#e7a26c"/><stop offset="1" stop-color="#4a5a78"/></linearGradient>
      <radialGradient id="sun" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="#fff3d0"/><stop offset="1" stop-color="#fff3d0" stop-opacity="0"/></radialGradient>
    </defs>
    <rect width="${WIDTH}" height="${HEIGHT}" fill="url(#sky)"/>
    <circle cx="1650" cy="1000" r="320" fill="url(#sun)"/>
    <rect x="0" y="1040" width="${WIDTH}" height="560" fill="url(#water)"/>
    <path d="M0 1180 C500 1120 900 1260 1400 1200 S2100 1150 2400 1230 L2400 1600 L0 1600Z" fill="#5b4a3c"/>
    <path d="M0 1330 C600 1290 1100 1400 1700 1340 S2200 1320 2400 1380 L2400 1600 L0 1600Z" fill="#3d3229"/>
    <path d="M0 1040 L2400 1040 L2400 1060 L0 1060Z" fill="#2e2b3a" opacity="0.6"/>${birds}`);
}

function rowing(random) {
  const ripples = Array.from(
    { length: 120 },
    () =>
      `<ellipse cx="${(random() * WIDTH) | 0}" cy="${(620 + random() * 980) | 0}" rx="${(40 + random() * 140) | 0}" ry="${(3 + random() * 6) | 0}" fill="#d9f0ee" opacity="${(0.15 + random() * 0.25).toFixed(2)}"/>`,
  ).join('');
  const trees = Array.from(
    { length: 26 },
    (_, i) =>
      `<circle cx="${i * 96 + ((random() * 40) | 0)}" cy="${(430 + random() * 80) | 0}" r="${(90 + random() * 60) | 0}" fill="${random() < 0.5 ? '#2f5d34' : '#3e7443'}"/>`,
  ).join('');
  const rowers = Array.from({ length: 8 }, (_, i) => {
    const x = 760 + i * 110;
    return `<circle cx="${x}" cy="925" r="22" fill="#f1c9a5"/><rect x="${x - 24}" y="945" width="48" height="60" rx="14" fill="#1f3f8f"/>
      <line x1="${x}" y1="985" x2="${x - 160}" y2="${i % 2 ? 900 : 1130}" stroke="#e8e2d0" stroke-width="9"/>
      <rect x="${x - 200}" y="${i % 2 ? 880 : 1118}" width="70" height="26" rx="8" fill="#1f3f8f"/>`;
  }).join('');
  return svg(`
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#9cc7e8"/><stop offset="1" stop-color="#e3f0f7"/></linearGradient>
      <linearGradient id="water" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4f8f93"/><stop offset="1" stop-color="#23525c"/></linearGradient>
    </defs>
    <rect width="${WIDTH}" height="${HEIGHT}" fill="url(#sky)"/>${trees}
    <rect x="0" y="560" width="${WIDTH}" height="60" fill="#4d6b3c"/>
    <rect x="0" y="610" width="${WIDTH}" height="990" fill="url(#water)"/>${ripples}
    <path d="M560 1010 L1700 1010 L1660 1040 L600 1040Z" fill="#f4f1e8"/>${rowers}
    <circle cx="1960" cy="1040" r="28" fill="#e3342f"/><circle cx="1960" cy="1380" r="28" fill="#e3342f"/>
    <rect x="1954" y="640" width="12" height="420" fill="#f4f1e8" opacity="0.7"/>`);
}

/** Grain and a little softness: a drawing becomes a picture an encoder has to work on. */
async function photograph(scene, random) {
  const grain = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let i = 0; i < grain.length; i += 3) {
    const n = (random() + random() - 1) * 36;
    grain[i] = 128 + n;
    grain[i + 1] = 128 + n + (random() - 0.5) * 6;
    grain[i + 2] = 128 + n + (random() - 0.5) * 6;
  }
  const soft = await sharp(scene).blur(1.4).png({ compressionLevel: 0 }).toBuffer();
  return sharp(soft)
    .composite([{ input: grain, raw: { width: WIDTH, height: HEIGHT, channels: 3 }, blend: 'soft-light' }])
    .png({ compressionLevel: 0 })
    .toBuffer();
}

const CAMERA = {
  IFD0: { Make: 'Broadsheet', Model: 'Sample scene', Artist: 'Broadsheet sample', Software: 'sharp' },
  IFD2: { ExposureTime: '1/125', FNumber: '40/10', ISOSpeedRatings: '800', DateTimeOriginal: '2026:11:20 18:30:00' },
};

const PICTURES = [
  { name: 'night-bus.jpg', draw: nightBus },
  { name: 'swifts.jpg', draw: swifts },
  {
    name: 'rowing.jpg',
    draw: rowing,
    gps: {
      GPSLatitudeRef: 'N',
      GPSLatitude: '51/1 28/1 4100/100',
      GPSLongitudeRef: 'W',
      GPSLongitude: '0/1 13/1 1200/100',
    },
    sideways: true,
  },
];

const { values } = parseArgs({
  options: { out: { type: 'string', default: path.join(import.meta.dirname, '../articles/images') } },
});
for (const [i, picture] of PICTURES.entries()) {
  const random = prng(2026 + i);
  let image = sharp(await photograph(picture.draw(random), random));
  // Stored as a camera held upright writes it: turned a quarter, with a tag to turn it back.
  if (picture.sideways) image = sharp(await image.rotate(-90).png({ compressionLevel: 0 }).toBuffer());
  image = image.withExif({ ...CAMERA, ...(picture.gps ? { IFD3: picture.gps } : {}) });
  if (picture.sideways) image = image.withMetadata({ orientation: 6 });
  const bytes = await image.jpeg({ quality: 82, mozjpeg: true }).toBuffer();
  writeFileSync(path.join(values.out, picture.name), bytes);
  console.log(`${picture.name}: ${(bytes.length / 1024).toFixed(0)} KiB`);
}
