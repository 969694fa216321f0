#!/usr/bin/env node
// Encoder effort against time, size and fidelity, one encode at a time (CPU time, so a busy
// machine skews it less than wall time): AVIF and WebP at the qualities Broadsheet uses,
// on pictures of the generated set scaled to 1200 px. Fidelity is PSNR against the scaled
// picture; sizes and PSNR at equal quality show what a lower effort costs.
//
//   node bench/photos/effort.mjs [--count 4] [--seed 1] [--width 1200]
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    width: { type: 'string', default: '1200' },
  },
});
const work = path.join(import.meta.dirname, '../work/photos');
const folder = readdirSync(work)
  .filter((d) => d.startsWith(`src-${values.seed}-`))
  .sort((a, b) => Number(b.split('-')[2]) - Number(a.split('-')[2]))[0];
if (!folder) throw new Error('no generated photos: run bench/photos/run.mjs (or generate.mjs) first');
const files = readdirSync(path.join(work, folder)).sort().slice(0, Number(values.count));
sharp.concurrency(1);
sharp.cache(false);

const psnr = (a, b) => {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i] - b[i]) ** 2;
  return 10 * Math.log10((255 * 255) / (se / a.length));
};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const refs = [];
for (const f of files)
  refs.push(
    await sharp(readFileSync(path.join(work, folder, f)))
      .rotate()
      .resize(Number(values.width))
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
console.log(`${files.length} pictures at ${values.width} px, means per picture:\n`);
console.log('| format | quality | effort | CPU ms | KiB | PSNR dB |');
console.log('|---|---|---|---|---|---|');
const rows = [
  ...[0, 1, 2, 3, 4, 5].map((effort) => ['avif', { quality: 50, effort }]),
  ...[0, 2, 4, 6].map((effort) => ['webp', { quality: 75, effort }]),
  ['jpeg', { quality: 80, progressive: true }],
  ['jpeg', { quality: 80, progressive: true, mozjpeg: true }],
];
for (const [format, options] of rows) {
  let time = 0;
  let bytes = 0;
  let fidelity = 0;
  for (const ref of refs) {
    const start = cpu();
    const out = await sharp(ref.data, { raw: ref.info })[format](options).toBuffer();
    time += cpu() - start;
    bytes += out.length;
    fidelity += psnr(ref.data, await sharp(out).raw().toBuffer());
  }
  const n = refs.length;
  console.log(
    `| ${format}${options.mozjpeg ? ' (mozjpeg)' : ''} | ${options.quality} | ${options.effort ?? '–'} | ${(time / n).toFixed(0)} | ${(bytes / n / 1024).toFixed(0)} | ${(fidelity / n).toFixed(2)} |`,
  );
}
