// One cold or warm run of Eleventy Image over a folder of pictures, in its own process:
// the same widths and formats as bench/photos/ours.mjs, every picture requested at once
// as an Eleventy build does (its own queue limits how many run). Prints a JSON line.
//
//   node bench/photos/eleventy.mjs SRC OUT [--widths 480,800,1200,1600] [--effort 4] [--webp-effort 4]
//
// Without --effort, sharp's defaults (AVIF 4, WebP 4): what Eleventy Image users get.
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const Image = require('../node_modules/@11ty/eleventy-img');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    widths: { type: 'string', default: '480,800,1200,1600' },
    effort: { type: 'string' },
    'webp-effort': { type: 'string' },
  },
});
const [src, out] = positionals;
const started = Date.now();
const names = (await readdir(src)).filter((n) => n.endsWith('.jpg')).sort();
const outputDir = path.join(out, 'img');
const effort = (value) => (value === undefined ? {} : { effort: Number(value) });
await Promise.all(
  names.map((name) =>
    Image(path.join(src, name), {
      widths: values.widths.split(',').map(Number),
      formats: ['avif', 'webp', 'jpeg'],
      outputDir,
      urlPath: '/img/',
      sharpAvifOptions: { quality: 50, ...effort(values.effort) },
      sharpWebpOptions: { quality: 75, ...effort(values['webp-effort']) },
      sharpJpegOptions: { quality: 80, progressive: true },
    }),
  ),
);
let bytes = 0;
let encoded = 0;
const files = await readdir(outputDir);
for (const name of files) {
  const s = await stat(path.join(outputDir, name));
  bytes += s.size;
  if (s.mtimeMs >= started) encoded++;
}
console.log(JSON.stringify({ encoded, files: files.length, bytes }));
