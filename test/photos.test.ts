import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesSchema, type ImagesUserConfig } from '../src/config/images.ts';
import { readExif } from '../src/photos/exif.ts';
import {
  createPhotoProcessor,
  photoFiles,
  processPhotos,
  type PhotoJob,
  type PhotoResult,
  type PhotoUse,
} from '../src/photos/processor.ts';
import { PhotoStore } from '../src/photos/store.ts';
import { removeDir, tempSite } from './helpers.ts';
import { animatedGif, animatedWebp, photo, pngBomb, sideways, twoPageTiff } from './photo-images.ts';

/** Small widths keep the encoders quick; 2000 is wider than any test picture. */
const TEST_CONFIG: ImagesUserConfig = {
  slots: {
    lead: { widths: [320, 640, 2000] },
    inline: { widths: [400] },
    thumbnail: { widths: [160, 320], aspect: '1:1' },
  },
};
const config = (extra: ImagesUserConfig = {}) => imagesSchema.parse({ ...TEST_CONFIG, ...extra });

let dir: string;
beforeAll(async () => {
  dir = await tempSite({
    'photos/wide.jpg': await photo(800, 600, { subject: { x: 0.85, y: 0.5 } }),
    'photos/sideways.jpg': await sideways(600, 800),
    'photos/camera.jpg': await photo(1600, 1200, { exif: true, xmp: true }),
  });
});
afterAll(() => removeDir(dir));

const at = (line: number) => ({ file: 'articles/story.md', line, column: 3 });
const use = (slot: PhotoUse['slot'], extra: Partial<PhotoUse> = {}): PhotoUse => ({ slot, place: at(4), ...extra });
const job = (file: string, uses: PhotoUse[], extra: Partial<PhotoJob> = {}): PhotoJob => ({
  path: path.join(dir, 'photos', file),
  src: file,
  uses,
  ...extra,
});
let stores = 0;
const newStore = () => path.join(dir, `store-${++stores}`);

/** Every output of a result, read back with sharp. */
async function outputs(result: PhotoResult, store: string) {
  const photos = new PhotoStore(store);
  return Promise.all(
    photoFiles([result]).map(async (name) => {
      const bytes = await readFile(photos.file(name));
      return { name, meta: await sharp(bytes).metadata(), bytes };
    }),
  );
}

describe('encoding', () => {
  it('should make every width in every format, as wide as claimed, never wider than the picture', async () => {
    const store = newStore();
    const [result] = await processPhotos([job('wide.jpg', [use('lead')])], { config: config(), dir: store });
    expect(result!.diagnostics).toEqual([]);
    const [picture] = result!.pictures;
    expect(picture!.files.map((f) => `${f.format} ${f.width}×${f.height}`)).toEqual([
      'avif 320×240',
      'avif 640×480',
      'avif 800×600',
      'webp 320×240',
      'webp 640×480',
      'webp 800×600',
      'jpeg 320×240',
      'jpeg 640×480',
      'jpeg 800×600',
    ]);
    const files = await outputs(result!, store);
    expect(files).toHaveLength(9);
    for (const file of files) {
      const claimed = picture!.files.find((f) => f.name === file.name)!;
      expect(file.meta.format).toBe(claimed.format === 'avif' ? 'heif' : claimed.format);
      expect([file.meta.width, file.meta.height]).toEqual([claimed.width, claimed.height]);
      expect(file.meta.width).toBeLessThanOrEqual(800);
    }
    expect([picture!.width, picture!.height]).toEqual([800, 600]);
    expect(result!.encoded).toBe(9);
  });

  it('should apply the orientation first and strip EXIF, GPS and XMP from every output', async () => {
    const store = newStore();
    const source = await sharp(path.join(dir, 'photos/sideways.jpg')).metadata();
    expect([source.width, source.height, source.orientation]).toEqual([800, 600, 6]);
    expect(readExif(source.exif!)?.gps).toBe(true);

    const [result] = await processPhotos([job('sideways.jpg', [use('lead'), use('thumbnail')])], {
      config: config(),
      dir: store,
    });
    expect(result!.diagnostics).toEqual([]);
    expect(result!.pictures[0]!.files.map((f) => [f.width, f.height])).toContainEqual([600, 800]);
    for (const file of await outputs(result!, store)) {
      expect(file.meta.exif, file.name).toBeUndefined();
      expect(file.meta.xmp, file.name).toBeUndefined();
      expect(file.meta.iptc, file.name).toBeUndefined();
      expect(file.meta.orientation ?? 1, file.name).toBe(1);
    }
    // Upright: the red block is in the top left corner of the lead picture.
    const lead = result!.pictures[0]!.files.find((f) => f.format === 'jpeg' && f.width === 600)!;
    const { data } = await sharp(new PhotoStore(store).file(lead.name))
      .extract({ left: 10, top: 10, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
    expect(data[2]).toBeLessThan(60);
  });

  it('should keep only Artist and Copyright when keepCopyright is set, never GPS', async () => {
    const store = newStore();
    const [result] = await processPhotos([job('sideways.jpg', [use('inline')])], {
      config: config({ keepCopyright: true }),
      dir: store,
    });
    const files = await outputs(result!, store);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const exif = readExif(file.meta.exif!)!;
      expect(exif.gps).toBe(false);
      expect(exif.copyright).toBe('(c) Jane Photographer');
      expect(exif.artist).toBe('Jane Photographer');
      expect(exif.tags).not.toContain(0x010f); // Make
      expect(file.meta.xmp).toBeUndefined();
    }
  });

  it('should make social crops at 1200×630 and at 16:9, 4:3 and 1:1, stripped like the rest', async () => {
    const store = newStore();
    const [result] = await processPhotos([job('camera.jpg', [use('lead', { social: true })])], {
      config: config(),
      dir: store,
    });
    const social = result!.pictures[0]!.social!;
    expect([social.openGraph.width, social.openGraph.height]).toEqual([1200, 630]);
    expect(social.structuredData.map((f) => [f.width, f.height])).toEqual([
      [1200, 675],
      [1200, 900],
      [1200, 1200],
    ]);
    for (const file of await outputs(result!, store)) {
      expect(file.meta.exif).toBeUndefined();
      expect(file.meta.xmp).toBeUndefined();
    }
    const og = await sharp(new PhotoStore(store).file(social.openGraph.name)).metadata();
    expect([og.format, og.width, og.height]).toEqual(['jpeg', 1200, 630]);
  });

  it('should crop around the focus when given, and around the subject sharp finds when not', async () => {
    /** Is the red subject (right side of wide.jpg) in the middle of the square thumbnail? */
    const centre = async (result: PhotoResult, store: string) => {
      const file = result.pictures[0]!.files.find((f) => f.format === 'jpeg' && f.width === 320)!;
      const { data } = await sharp(new PhotoStore(store).file(file.name)).raw().toBuffer({ resolveWithObject: true });
      // Sample the row through the middle: where is red?
      const row = 160 * 320 * 3;
      const red: number[] = [];
      for (let x = 0; x < 320; x++) if (data[row + x * 3]! > 200 && data[row + x * 3 + 1]! < 80) red.push(x);
      return red.length ? (red[0]! + red.at(-1)!) / 2 / 320 : undefined;
    };
    const store = newStore();
    const [left, right, auto] = await processPhotos(
      [
        job('wide.jpg', [use('thumbnail', { focus: { x: 0, y: 0.5 } })]),
        job('wide.jpg', [use('thumbnail', { focus: { x: 1, y: 0.5 } })]),
        job('wide.jpg', [use('thumbnail')]),
      ],
      { config: config(), dir: store, sources: 1 },
    );
    // The subject is at 85% across an 800×600 picture: a 600×600 crop from the left cannot show it.
    expect(await centre(left!, store)).toBeUndefined();
    // From the right (x 200–800), it is at (680 − 200) / 600 = 0.8 across.
    expect(await centre(right!, store)).toBeCloseTo(0.8, 1);
    expect(await centre(auto!, store)).toBeCloseTo(0.8, 1);
  });

  it('should make the same picture used twice the same way once, and give each use its picture', async () => {
    const store = newStore();
    const [result] = await processPhotos([job('wide.jpg', [use('inline'), use('inline', { place: at(9) })])], {
      config: config(),
      dir: store,
    });
    expect(result!.pictures).toHaveLength(2);
    expect(result!.pictures[0]).toEqual(result!.pictures[1]);
    expect(result!.encoded).toBe(3);
  });

  it('should give a small placeholder: a dominant colour, a ThumbHash and a data: URL', async () => {
    const [result] = await processPhotos([job('wide.jpg', [use('inline')])], { config: config(), dir: newStore() });
    const placeholder = result!.pictures[0]!.placeholder!;
    expect(placeholder.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(Buffer.from(placeholder.thumbhash, 'base64').length).toBeLessThan(40);
    expect(placeholder.dataUrl.startsWith('data:image/webp;base64,')).toBe(true);
    expect(placeholder.dataUrl.length).toBeLessThan(600);
    const drawn = await sharp(Buffer.from(placeholder.dataUrl.split(',')[1]!, 'base64')).metadata();
    expect(drawn.format).toBe('webp');
    const off = await processPhotos([job('wide.jpg', [use('inline')])], {
      config: config({ placeholder: false }),
      dir: newStore(),
    });
    expect(off[0]!.pictures[0]!.placeholder).toBeUndefined();
  });
});

describe('the store', () => {
  it('should encode nothing the second time, and not even read a picture whose hash it is given', async () => {
    const store = newStore();
    const jobs = [job('wide.jpg', [use('lead'), use('thumbnail')]), job('sideways.jpg', [use('inline')])];
    const first = await processPhotos(jobs, { config: config(), dir: store });
    expect(first.map((r) => r.encoded)).toEqual([15, 3]);
    expect(first.map((r) => r.decoded)).toEqual([true, true]);
    const second = await processPhotos(jobs, { config: config(), dir: store });
    expect(second.map((r) => [r.encoded, r.decoded])).toEqual([
      [0, false],
      [0, false],
    ]);
    expect(second).toEqual(first.map((r) => ({ ...r, encoded: 0, decoded: false })));
    // The file is not there, but the store knows its hash: nothing to read.
    const [known] = await processPhotos([{ ...jobs[0]!, path: path.join(dir, 'gone.jpg'), hash: first[0]!.source }], {
      config: config(),
      dir: store,
    });
    expect(known!.pictures).toEqual(first[0]!.pictures);
  });

  it('should re-encode only a changed picture, and only what a new setting needs', async () => {
    const store = newStore();
    const site = await tempSite({ 'a.jpg': await photo(800, 600), 'b.jpg': await photo(700, 500) });
    try {
      const jobs = ['a.jpg', 'b.jpg'].map((f) => ({ path: path.join(site, f), src: f, uses: [use('inline')] }));
      expect((await processPhotos(jobs, { config: config(), dir: store })).map((r) => r.encoded)).toEqual([3, 3]);
      await writeFile(path.join(site, 'b.jpg'), await photo(700, 500, { subject: { x: 0.2, y: 0.2 } }));
      const changed = await processPhotos(jobs, { config: config(), dir: store });
      expect(changed.map((r) => [r.encoded, r.decoded])).toEqual([
        [0, false],
        [3, true],
      ]);
      // A new width for inline pictures: only that width is made.
      const wider = config({ slots: { ...TEST_CONFIG.slots, inline: { widths: [400, 600] } } });
      expect((await processPhotos(jobs, { config: wider, dir: store })).map((r) => r.encoded)).toEqual([3, 3]);
    } finally {
      await removeDir(site);
    }
  });

  it('should hit when restored elsewhere: names are relative, keys depend on content', async () => {
    const store = newStore();
    const jobs = [job('wide.jpg', [use('thumbnail')])];
    const first = await processPhotos(jobs, { config: config(), dir: store });
    const moved = path.join(dir, 'restored-store');
    await cp(store, moved, { recursive: true });
    await rm(store, { recursive: true });
    const again = await processPhotos(jobs, { config: config(), dir: moved });
    expect(again[0]!.encoded).toBe(0);
    expect(again[0]!.pictures).toEqual(first[0]!.pictures);
  });

  it('should collect what no picture uses any more, and nothing else', async () => {
    const store = newStore();
    const keep = job('wide.jpg', [use('inline')]);
    const drop = job('sideways.jpg', [use('inline')]);
    const [kept] = await processPhotos([keep, drop], { config: config(), dir: store });
    const photos = new PhotoStore(store);
    const before = (await readdir(photos.root, { recursive: true })).filter((f) => /\.(avif|webp|jpg)$/.test(f));
    expect(before).toHaveLength(6);
    const collected = await photos.collect(photoFiles([kept!]));
    expect(collected.files).toBe(3);
    expect(collected.bytes).toBeGreaterThan(0);
    for (const name of photoFiles([kept!])) expect(photos.has(name)).toBe(true);
    expect((await processPhotos([keep], { config: config(), dir: store }))[0]!.encoded).toBe(0);
    expect((await processPhotos([drop], { config: config(), dir: store }))[0]!.encoded).toBe(3);
  });

  it('should make a missing output again when a file was deleted from the store', async () => {
    const store = newStore();
    const jobs = [job('wide.jpg', [use('inline')])];
    const [first] = await processPhotos(jobs, { config: config(), dir: store });
    await rm(new PhotoStore(store).file(first!.pictures[0]!.files[0]!.name));
    expect((await processPhotos(jobs, { config: config(), dir: store }))[0]!.encoded).toBe(1);
  });
});

describe('bad files', () => {
  let bad: string;
  beforeAll(async () => {
    const good = await photo(400, 300);
    const corrupt = Buffer.from(good);
    // Scramble the entropy-coded data past the headers.
    for (let i = Math.floor(corrupt.length / 3); i < corrupt.length - 2; i += 7) corrupt[i] = 0xff - corrupt[i]!;
    bad = await tempSite({
      'empty.jpg': Buffer.alloc(0),
      'truncated.jpg': good.subarray(0, Math.floor(good.length * 0.6)),
      'corrupt.jpg': corrupt,
      'random.jpg': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
      'page.jpg': '<!doctype html><html><body><script>alert(1)</script></body></html>',
      'bomb.png': pngBomb(30000, 30000),
      'pages.tif': await twoPageTiff(),
      'hostile.svg':
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><rect width="10" height="10"/></svg>',
      'not-xml.svg': '<svg><rect></svg>',
      // What a repository that keeps its pictures in Git LFS has in their place without it.
      'lfs.jpg':
        'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n',
      'ok.jpg': good,
    });
  });
  afterAll(() => removeDir(bad));

  const run = async (file: string, extra: ImagesUserConfig = {}) => {
    const uses = [
      use('lead', { place: at(3) }),
      use('inline', { place: { file: 'articles/other.md', line: 12, column: 1 } }),
    ];
    const [result] = await processPhotos([{ path: path.join(bad, file), src: `photos/${file}`, uses }], {
      config: config(extra),
      dir: path.join(bad, 'store'),
    });
    return result!;
  };

  it.each([
    ['empty.jpg', 'image-unreadable'],
    ['truncated.jpg', 'image-unreadable'],
    ['random.jpg', 'image-unsupported'],
    ['page.jpg', 'image-unsupported'],
    ['bomb.png', 'image-too-large'],
    ['pages.tif', 'image-unsupported'],
    ['not-xml.svg', 'image-unreadable'],
    ['missing.jpg', 'missing-image'],
  ])('%s: a positioned %s error for each article using it, no pictures, no throw', async (file, rule) => {
    const result = await run(file);
    expect(result.pictures).toEqual([]);
    expect(result.diagnostics).toMatchObject([
      { rule, severity: 'error', file: 'articles/story.md', line: 3, column: 3 },
      { rule, severity: 'error', file: 'articles/other.md', line: 12, column: 1 },
    ]);
    expect(result.diagnostics[0]!.reason).toContain(`photos/${file}`);
    expect(result.diagnostics[0]!.hint).not.toBe('');
  });

  it('should say a Git LFS pointer is one, and how to get the picture', async () => {
    const result = await run('lfs.jpg');
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['image-unreadable', 'image-unreadable']);
    expect(result.diagnostics[0]!.reason).toContain('is a Git LFS pointer, not the picture: fetch the pictures');
  });

  it('should refuse a picture over images.maxPixels, also one the store already has', async () => {
    expect((await run('ok.jpg')).diagnostics).toEqual([]);
    const result = await run('ok.jpg', { maxPixels: 100_000 });
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['image-too-large', 'image-too-large']);
    expect(result.diagnostics[0]!.reason).toContain('400×300');
  });

  it('should give a picture or a diagnostic for scrambled data, never throw', async () => {
    const result = await run('corrupt.jpg');
    if (result.pictures.length === 0) expect(result.diagnostics[0]!.rule).toBe('image-unreadable');
    else expect(result.diagnostics).toEqual([]);
  });

  it('should publish an SVG only sanitized, with a warning naming what went', async () => {
    const result = await run('hostile.svg');
    expect(result.diagnostics.map((d) => [d.rule, d.severity])).toEqual([
      ['svg-sanitized', 'warning'],
      ['svg-sanitized', 'warning'],
    ]);
    expect(result.diagnostics[0]!.reason).toContain('<script>');
    const [file] = result.pictures[0]!.files;
    expect(file!.format).toBe('svg');
    const published = await readFile(new PhotoStore(path.join(bad, 'store')).file(file!.name), 'utf8');
    expect(published).not.toContain('script');
    expect(published).not.toContain('onload');
    expect(published).toContain('<rect');
  });

  it('should keep working with one processor after a bad file', async () => {
    const processor = createPhotoProcessor({ config: config(), dir: path.join(bad, 'store-2') });
    const broken = await processor({ path: path.join(bad, 'truncated.jpg'), src: 't', uses: [use('inline')] });
    const fine = await processor({ path: path.join(bad, 'ok.jpg'), src: 'o', uses: [use('inline')] });
    expect(broken.diagnostics).toHaveLength(1);
    expect(fine.diagnostics).toEqual([]);
    expect(fine.pictures[0]!.files.length).toBe(3);
  });
});

describe('animations', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await tempSite({
      'spin.gif': await animatedGif(400, 300),
      'loop.webp': await animatedWebp(400, 300),
      'turned.webp': await animatedWebp(300, 100, 6),
    });
  });
  afterAll(() => removeDir(folder));

  const process = (
    uses: PhotoUse[],
    extra: ImagesUserConfig = {},
    store = path.join(folder, 'store'),
    file = 'spin.gif',
  ) => processPhotos([{ path: path.join(folder, file), src: file, uses }], { config: config(extra), dir: store });
  const frames = async (name: string, store = path.join(folder, 'store')) =>
    sharp(await readFile(new PhotoStore(store).file(name)), { animated: true }).metadata();

  it('should publish an animated GIF as animated WebP with its timing, and a JPEG of its first frame', async () => {
    const [result] = await process([use('lead', { social: true }), use('thumbnail')]);
    expect(result!.diagnostics).toEqual([]);
    const [lead, thumbnail] = result!.pictures;
    expect(lead!.files.map((f) => [f.format, f.width, f.height])).toEqual([
      ['webp', 320, 240],
      ['webp', 400, 300],
      ['jpeg', 320, 240],
      ['jpeg', 400, 300],
    ]);
    for (const file of lead!.files.filter((f) => f.format === 'webp')) {
      const meta = await frames(file.name);
      expect(meta).toMatchObject({ format: 'webp', pages: 2, width: file.width, pageHeight: file.height });
      expect(meta.delay).toEqual([300, 700]);
      expect(meta.loop).toBe(0);
    }
    for (const file of lead!.files.filter((f) => f.format === 'jpeg')) {
      const meta = await frames(file.name);
      expect(meta.pages ?? 1).toBe(1);
      const { dominant } = await sharp(
        await readFile(new PhotoStore(path.join(folder, 'store')).file(file.name)),
      ).stats();
      expect(dominant.r).toBeGreaterThan(200); // the first frame: red
    }
    // A cropped slot and the social crops show the first frame, in every configured format.
    expect(new Set(thumbnail!.files.map((f) => f.format))).toEqual(new Set(['avif', 'webp', 'jpeg']));
    for (const file of thumbnail!.files) expect((await frames(file.name)).pages ?? 1).toBe(1);
    expect((await frames(lead!.social!.openGraph.name)).pages ?? 1).toBe(1);
  });

  it('should make it again from the store without decoding it, and count its frames against the pixel limit', async () => {
    const store = path.join(folder, 'store-2');
    const first = await process([use('inline')], {}, store);
    expect(first[0]!.decoded).toBe(true);
    const again = await process([use('inline')], {}, store);
    expect(again[0]).toMatchObject({ encoded: 0, decoded: false });
    expect(again[0]!.pictures).toEqual(first[0]!.pictures);
    // 400×300 is 0.12 megapixels a frame, 0.24 in all: over a limit of 0.2.
    for (const where of [store, path.join(folder, 'store-3')]) {
      const [refused] = await process([use('inline')], { maxPixels: 200_000 }, where);
      expect(refused!.pictures).toEqual([]);
      expect(refused!.diagnostics.map((d) => d.rule)).toEqual(['image-too-large']);
      expect(refused!.diagnostics[0]!.reason).toContain(
        '2 frames of 400×300 are 0.24 megapixels, over the limit of 0.20',
      );
    }
  });

  it('should keep an animated WebP moving, with its own loop count', async () => {
    const [result] = await process([use('inline')], {}, undefined, 'loop.webp');
    expect(result!.diagnostics).toEqual([]);
    const moving = result!.pictures[0]!.files.filter((f) => f.format === 'webp');
    expect(moving.map((f) => [f.width, f.height])).toEqual([[400, 300]]);
    expect(await frames(moving[0]!.name)).toMatchObject({ pages: 2, pageHeight: 300, loop: 3 });
  });

  it('should publish an animation that asks to be turned (EXIF orientation) as its first frame, upright', async () => {
    const [result] = await process([use('inline')], {}, undefined, 'turned.webp');
    expect(result!.diagnostics).toEqual([]);
    const files = result!.pictures[0]!.files;
    expect(new Set(files.map((f) => f.format))).toEqual(new Set(['avif', 'webp', 'jpeg']));
    for (const file of files) {
      expect([file.width, file.height]).toEqual([100, 300]);
      const meta = await frames(file.name);
      expect(meta.pages ?? 1).toBe(1);
      expect([meta.width, meta.height]).toEqual([100, 300]);
    }
  });
});
