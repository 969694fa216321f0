// One cold or warm run of Broadsheet's photo engine over a folder of pictures, in its own
// process (for peak RSS): the lead slot (or the widths given) in every format, outputs
// copied into the output folder as a build would. Prints a JSON line of counts.
//
//   node bench/photos/ours.mjs ENGINE SRC STORE OUT [--widths 480,800,1200,1600] [--effort 3]
//     [--webp-effort 2] [--threads N] [--encodes N] [--sources N] [--full]
//
// ENGINE is the engine bundle bench/photos/run.mjs makes; --full adds the thumbnail and
// social crops a story's lead picture gets.
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    widths: { type: 'string', default: '480,800,1200,1600' },
    effort: { type: 'string', default: '3' },
    'webp-effort': { type: 'string', default: '2' },
    threads: { type: 'string' },
    encodes: { type: 'string' },
    sources: { type: 'string' },
    full: { type: 'boolean', default: false },
  },
});
const [engine, src, store, out] = positionals;
const { imagesSchema, processPhotos, photoFiles, PhotoStore, PHOTO_DIR } = await import(path.resolve(engine));
const config = imagesSchema.parse({
  quality: { avif: 50, webp: 75, jpeg: 80 },
  effort: { avif: Number(values.effort), webp: Number(values['webp-effort']) },
  slots: { lead: { widths: values.widths.split(',').map(Number) } },
});
const place = { file: 'bench.md', line: 1, column: 1 };
const names = (await readdir(src)).filter((n) => n.endsWith('.jpg')).sort();
const jobs = names.map((name) => ({
  path: path.join(src, name),
  src: name,
  uses: values.full
    ? [
        { slot: 'lead', social: true, place },
        { slot: 'thumbnail', place },
      ]
    : [{ slot: 'lead', place }],
}));
const num = (v) => (v === undefined ? undefined : Number(v));
const results = await processPhotos(jobs, {
  config,
  dir: store,
  threads: num(values.threads),
  encodes: num(values.encodes),
  sources: num(values.sources),
});
const problems = results.flatMap((r) => r.diagnostics);
if (problems.length) throw new Error(JSON.stringify(problems));
const photos = new PhotoStore(store);
const target = path.join(out, PHOTO_DIR);
await mkdir(target, { recursive: true });
let bytes = 0;
let copied = 0;
for (const name of photoFiles(results)) {
  const to = path.join(target, name);
  const size = (await stat(to).catch(() => undefined))?.size;
  if (size === undefined) {
    await copyFile(photos.file(name), to);
    copied++;
  }
  bytes += (await stat(to)).size;
}
console.log(
  JSON.stringify({
    encoded: results.reduce((n, r) => n + r.encoded, 0),
    files: photoFiles(results).length,
    copied,
    bytes,
  }),
);
