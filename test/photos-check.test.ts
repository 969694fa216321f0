import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageChecker, imageFacts } from '../src/photos/check.ts';
import { imagesSchema } from '../src/config/images.ts';
import { figureElement } from '../src/photos/markup.ts';
import { photoFiles, processPhotos, type PhotoResult } from '../src/photos/processor.ts';
import { PHOTO_DIR, PhotoStore } from '../src/photos/store.ts';
import { removeDir, tempSite } from './helpers.ts';
import { photo } from './photo-images.ts';

let dir: string;
let site: string;
let result: PhotoResult;
const config = imagesSchema.parse({ slots: { inline: { widths: [200, 400] } } });

/** A built site folder: the outputs under _photos/, and a page that uses them. */
beforeAll(async () => {
  dir = await tempSite({
    'photos/a.jpg': await photo(600, 400, { exif: true }),
    'site/raw-gps.jpg': await photo(300, 200, { exif: true }),
    'site/plain-camera.jpg': await sharp(await photo(300, 200))
      .withExif({ IFD0: { Make: 'TestCam' } })
      .jpeg()
      .toBuffer(),
  });
  site = path.join(dir, 'site');
  const results = await processPhotos(
    [{ path: path.join(dir, 'photos/a.jpg'), src: 'a.jpg', uses: [{ slot: 'inline', place: { file: 'a.md' } }] }],
    { config, dir: path.join(dir, 'store') },
  );
  result = results[0]!;
  const store = new PhotoStore(path.join(dir, 'store'));
  await mkdir(path.join(site, PHOTO_DIR), { recursive: true });
  for (const name of photoFiles([result])) await copyFile(store.file(name), path.join(site, PHOTO_DIR, name));
});
afterAll(() => removeDir(dir));

const read = (rel: string) => readFile(path.join(site, rel)).catch(() => undefined);
/** The pages are at the site root: a URL "/x" or "x" is the file "x". */
const resolve = (url: string) =>
  /^[a-z]+:|^\/\//i.test(url) ? undefined : decodeURI(url.startsWith('/') ? url.slice(1) : url);
const pageHtml = () =>
  `<!doctype html><title>t</title><body>\n${toHtml(figureElement(result.pictures[0]!, { alt: 'x' }, { base: '/' }))}\n</body>`;
const check = (html: string, options = {}) => createImageChecker(read, options)(fromHtml(html), resolve);

describe('checking published images', () => {
  it('should find nothing wrong with what the engine made', async () => {
    expect(await check(pageHtml())).toEqual([]);
  });

  it('should report a srcset candidate that is not as wide as it claims', async () => {
    const name = result.pictures[0]!.files.find((f) => f.format === 'webp' && f.width === 200)!.name;
    const html = pageHtml().replace(`${name} 200w`, `${name} 250w`);
    expect(await check(html)).toMatchObject([
      { rule: 'image-wrong-width', line: 2, message: expect.stringContaining('250w but is 200 px wide') },
    ]);
  });

  it('should report width and height attributes of another shape than the files', async () => {
    const html = pageHtml().replace(/ height="267"/g, ' height="400"');
    const findings = await check(html);
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['image-wrong-aspect']));
    // Rounded heights of small files are not a different shape.
    expect(await check(pageHtml().replace(/ height="267"/g, ' height="266"'))).toEqual([]);
  });

  it('should report a srcset candidate that does not exist', async () => {
    const gone = result.pictures[0]!.files.find((f) => f.format === 'avif' && f.width === 400)!.name;
    await rm(path.join(site, PHOTO_DIR, gone));
    try {
      expect(await check(pageHtml())).toMatchObject([{ rule: 'broken-link', message: expect.stringContaining(gone) }]);
    } finally {
      await copyFile(new PhotoStore(path.join(dir, 'store')).file(gone), path.join(site, PHOTO_DIR, gone));
    }
  });

  it('should report GPS as an error and other camera metadata as a warning, once per file', async () => {
    const html =
      '<!doctype html><title>t</title><body>' +
      '<img src="/raw-gps.jpg" width="300" height="200" alt="">' +
      '<img src="/plain-camera.jpg" width="300" height="200" alt="">' +
      '<img src="/raw-gps.jpg" width="300" height="200" alt=""></body>';
    const findings = await check(html);
    expect(findings.map((f) => [f.rule, f.severity ?? 'error', f.message])).toEqual([
      ['image-metadata', 'error', '"/raw-gps.jpg" carries a GPS position'],
      ['image-metadata', 'warning', expect.stringContaining('"/plain-camera.jpg" carries EXIF tags Make (0x010f)')],
    ]);
  });

  it('should allow Artist and Copyright unless told otherwise', async () => {
    const credited = await sharp(await photo(100, 100))
      .withExif({ IFD0: { Artist: 'Jane', Copyright: '(c) Jane' } })
      .jpeg()
      .toBuffer();
    await writeFile(path.join(site, 'credited.jpg'), credited);
    const html = '<!doctype html><title>t</title><img src="/credited.jpg" width="100" height="100" alt="">';
    expect(await check(html)).toEqual([]);
    expect(await check(html, { allowCredit: false })).toMatchObject([{ rule: 'image-metadata', severity: 'warning' }]);
  });

  it('should leave remote and data: images alone, and not throw on a file that is not an image', async () => {
    await writeFile(path.join(site, 'fake.jpg'), 'not an image');
    const html =
      '<!doctype html><title>t</title>' +
      '<img src="https://cdn.example/x.jpg" srcset="https://cdn.example/x.jpg 999w" width="1" height="9" alt="">' +
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""><img src="/fake.jpg" alt="">';
    expect(await check(html)).toEqual([]);
    expect(await imageFacts(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
  });
});
