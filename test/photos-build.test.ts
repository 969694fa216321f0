import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Element as XmlElement, Root as XmlRoot } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { checkSite } from '../src/check/check.ts';
import { folderFiles } from '../src/check/site-files.ts';
import { photoStoreFolder } from '../src/photos/store.ts';
import { sha256 } from '../src/util/hash.ts';
import { buildSite, listFiles, removeDir, select, selectAll, tempSite, toString } from './helpers.ts';
import { photo, sideways, swatch } from './photo-images.ts';

/**
 * The photo stage in a build: a story with camera-size pictures (one carrying GPS, one
 * stored sideways), a gallery, an SVG with a script and remote pictures, built, rebuilt
 * after edits, and checked, all read back from the files.
 */

const URL = 'https://example.org/news/';
const NOW = Date.parse('2024-03-01T12:00:00Z');
const STORY_PAGE = '2024/02/01/harbour-reopens/index.html';

const CHART = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" onload="alert(1)">
<script>alert(2)</script><rect width="400" height="300" fill="#3366aa"/></svg>`;

const story = (extra = '') => `---
title: Harbour reopens
date: 2024-02-01T10:00:00Z
section: world
image:
  src: pics/harbour.jpg
  alt: Boats in the harbour
  caption: The harbour at dawn.
  credit: Jane Photographer
  focus: 0.7,0.3
gallery:
  - src: pics/detail.jpg
    alt: A mooring rope
    caption: Detail.
  - src: https://cdn.example.org/crane.jpg
    alt: The crane
    width: 800
    height: 600
---

The harbour reopened on Thursday.${extra}

![The fish market](pics/market.jpg "The market | Jane Photographer")

![A chart of landings](pics/chart.svg)

A remote picture: ![remote](https://cdn.example.org/remote.jpg)
`;

const other = `---
title: Quay works begin
date: 2024-01-20T10:00:00Z
section: world
---

Words only.
`;

/** The candidates of a srcset, as hast gives it (a list) or as written. */
const candidates = (value: unknown) =>
  (Array.isArray(value) ? value.map(String) : String(value ?? '').split(','))
    .map((c) => c.trim().split(/\s+/))
    .filter(([url]) => url)
    .map(([url, w]) => ({ url: url!, width: Number(w!.slice(0, -1)) }));

describe('photos in a build', () => {
  let dir: string;
  let built: Awaited<ReturnType<typeof buildSite>>;
  let originals: Map<string, Buffer>;
  const rel = (url: string) => decodeURI(url.replace(URL, '').replace(/^\/news\//, ''));
  const size = async (url: string) => {
    const { width, height } = await sharp(path.join(built.out, rel(url))).metadata();
    return [width, height];
  };
  const build = (user: Record<string, unknown> = {}) => buildSite(dir, { url: URL, ...user }, { now: NOW });
  /** The photo store's files with their modification times. */
  const store = async () => {
    const files = path.join(photoStoreFolder(dir), 'v1', 'files');
    const names = (await readdir(files, { recursive: true })).filter((f) => /\.(avif|webp|jpg|svg)$/.test(f));
    return new Map(
      await Promise.all(names.map(async (f) => [path.basename(f), (await stat(path.join(files, f))).mtimeMs] as const)),
    );
  };

  beforeAll(async () => {
    originals = new Map([
      ['pics/harbour.jpg', await photo(3000, 2000, { exif: true, subject: { x: 0.7, y: 0.3 } })],
      ['pics/market.jpg', await sideways(2000, 3000)],
      ['pics/detail.jpg', await photo(1600, 1200, { exif: true })],
      ['pics/chart.svg', Buffer.from(CHART)],
    ]);
    dir = await tempSite({
      'articles/harbour.md': story(),
      'articles/quay.md': other,
      ...Object.fromEntries([...originals].map(([file, bytes]) => [`articles/${file}`, bytes])),
    });
    built = await build();
    expect(built.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  }, 120_000);
  afterAll(() => removeDir(dir));

  it('should draw each local picture as a <picture> of files that exist at the widths they claim', async () => {
    const page = await built.page(STORY_PAGE);
    const main = select('main', page)!;
    const pictures = selectAll('picture', main);
    // Lead, gallery item, body photo.
    expect(pictures).toHaveLength(3);
    for (const picture of pictures) {
      expect(selectAll('source', picture).map((s) => s.properties.type)).toEqual(['image/avif', 'image/webp']);
      for (const element of [...selectAll('source', picture), select('img', picture)!]) {
        const list = candidates(element.properties.srcSet);
        expect(list.length).toBeGreaterThan(0);
        for (const { url, width } of list) expect((await size(url))[0], url).toBe(width);
      }
    }
    // Every picture from the site has its size: no layout shift.
    for (const img of selectAll('img', main)) {
      const src = String(img.properties.src);
      if (src.startsWith('https://cdn.example.org/remote')) continue;
      expect([typeof img.properties.width, typeof img.properties.height], src).toEqual(['number', 'number']);
    }
    // The remote gallery picture has the size its front matter gives.
    expect(select('img[src="https://cdn.example.org/crane.jpg"]', main)!.properties).toMatchObject({
      width: 800,
      height: 600,
    });
  });

  it('should load the lead first and every other picture lazily', async () => {
    const main = select('main', await built.page(STORY_PAGE))!;
    const lead = select('.lead-figure picture > img', main)!;
    expect(lead.properties).toMatchObject({ loading: 'eager', fetchPriority: 'high', alt: 'Boats in the harbour' });
    const others = selectAll('img', main).filter((img) => img !== lead && !img.properties.hidden);
    expect(others.length).toBeGreaterThanOrEqual(4);
    for (const img of others) expect(img.properties.loading, String(img.properties.src)).toBe('lazy');
    expect(selectAll('[fetchpriority]', main)).toHaveLength(1);
    // Teasers: the front page's lead shows the lead picture first; listings the 3:2 thumbnail.
    const front = await built.page('index.html');
    expect(select('.lead-story picture > img', front)!.properties.fetchPriority).toBe('high');
    const listing = await built.page('world/index.html');
    const thumb = select('.teaser .thumb picture > img', listing)!;
    expect(thumb.properties.loading).toBe('lazy');
    const [w, h] = await size(String(thumb.properties.src));
    expect(w! / h!).toBeCloseTo(1.5, 2);
  });

  it('should publish no original and no metadata: every image upright, without EXIF, XMP or IPTC', async () => {
    const files = await built.files();
    const digests = new Set([...originals.values()].map((bytes) => sha256(bytes)));
    expect(files.filter((f) => f.startsWith('pics/'))).toEqual([]);
    const images = files.filter((f) => /\.(jpe?g|png|webp|avif)$/.test(f));
    expect(images.length).toBeGreaterThan(30);
    for (const file of images) {
      const bytes = await readFile(path.join(built.out, file));
      expect(digests.has(sha256(bytes)), file).toBe(false);
      const meta = await sharp(bytes).metadata();
      expect([meta.exif, meta.xmp, meta.iptc, meta.orientation], file).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    }
    // The sideways picture is published upright: portrait, its red corner at the top left.
    const market = select('figure picture > img[alt="The fish market"]', await built.page(STORY_PAGE))!;
    const smallest = candidates(market.properties.srcSet)[0]!;
    const [w, h] = await size(smallest.url);
    expect(h).toBeGreaterThan(w!);
    const { data } = await sharp(path.join(built.out, rel(smallest.url)))
      .extract({ left: 2, top: 2, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
    expect(data[2]).toBeLessThan(60);
  });

  it('should give link previews the 1200×630 crop and structured data the 16:9, 4:3 and 1:1 crops', async () => {
    const page = await built.page(STORY_PAGE);
    const meta = (key: string) => select(`meta[property="${key}"], meta[name="${key}"]`, page)?.properties.content;
    expect(await size(String(meta('og:image')))).toEqual([1200, 630]);
    expect([meta('og:image:width'), meta('og:image:height')]).toEqual(['1200', '630']);
    expect(meta('twitter:image')).toBe(meta('og:image'));
    const article = JSON.parse(toString(select('script[type="application/ld+json"]', page)!)) as { image: string[] };
    expect(await Promise.all(article.image.map(size))).toEqual([
      [1200, 675],
      [1200, 900],
      [1200, 1200],
    ]);
  });

  it('should publish an SVG only rebuilt without its script, with a warning at its line', async () => {
    const warning = built.result.diagnostics.find((d) => d.rule === 'svg-sanitized')!;
    expect(warning).toMatchObject({ severity: 'warning', file: 'articles/harbour.md', line: 25 });
    const img = select('img[alt="A chart of landings"]', await built.page(STORY_PAGE))!;
    const svg: XmlRoot = fromXml(await built.text(rel(String(img.properties.src))));
    const elements: XmlElement[] = [];
    const walk = (node: XmlRoot | XmlElement) => {
      for (const child of node.children)
        if (child.type === 'element') {
          elements.push(child);
          walk(child);
        }
    };
    walk(svg);
    expect(elements.map((e) => e.name)).toEqual(['svg', 'rect']);
    expect(elements.flatMap((e) => Object.keys(e.attributes)).filter((a) => a.startsWith('on'))).toEqual([]);
  });

  it('should point feeds and stories.json at one made JPEG, and feeds at plain <img>s', async () => {
    const { stories } = JSON.parse(await built.text('stories.json')) as {
      stories: { id: string; image: Record<string, unknown> }[];
    };
    const image = stories.find((s) => s.id === 'harbour.md')!.image;
    expect(Object.keys(image).sort()).toEqual(['alt', 'caption', 'credit', 'height', 'src', 'width']);
    expect(await size(String(image.src))).toEqual([image.width, image.height]);
    const feed = JSON.parse(await built.text('feed.json')) as { items: { image?: string; content_html: string }[] };
    const item = feed.items.find((i) => i.image === image.src)!;
    const content: Root = fromHtml(item.content_html, { fragment: true });
    expect(selectAll('picture, source, img[hidden]', content)).toEqual([]);
    for (const img of selectAll('img', content) as Element[]) {
      expect(String(img.properties.src)).toMatch(/^https:\/\//);
      for (const { url } of candidates(img.properties.srcSet)) expect(url.startsWith(`${URL}_photos/`)).toBe(true);
    }
  });

  it('should pass broadsheet check, which finds a published image carrying GPS', async () => {
    const checked = await checkSite({ siteUrl: URL, files: await folderFiles(built.out, built.out) });
    expect(checked.diagnostics).toEqual([]);
    await writeFile(path.join(built.out, 'leak.jpg'), originals.get('pics/harbour.jpg')!);
    const leaked = await checkSite({ siteUrl: URL, files: await folderFiles(built.out, built.out), manifest: false });
    expect(leaked.diagnostics.map((d) => [d.rule, d.severity, d.file])).toEqual([
      ['image-metadata', 'error', 'leak.jpg'],
    ]);
    await rm(path.join(built.out, 'leak.jpg'));
  });

  it('should encode nothing after a text edit, read no picture, and keep the store as it was', async () => {
    const before = await store();
    await writeFile(path.join(dir, 'articles/harbour.md'), story('\n\nA sentence added.'));
    const again = await build();
    expect(again.result.ok).toBe(true);
    expect(again.result.stats.loaded).toBe(1);
    expect(again.result.stats.photos).toEqual({ pictures: 4, stored: 4, encoded: 0 });
    expect(await store()).toEqual(before);
    expect(toString(select('.story-body', await again.page(STORY_PAGE))!)).toContain('A sentence added.');
  });

  it('should make a picture the photo store lost again, though its article did not change', async () => {
    const files = path.join(photoStoreFolder(dir), 'v1', 'files');
    // The first by name: a picture is checked by the first of its files.
    const [lost] = [...(await store()).keys()].sort();
    await rm(path.join(files, lost!.slice(0, 2), lost!));
    // Another story edited, so that the build does not stop at the up-to-date check.
    await writeFile(path.join(dir, 'articles/quay.md'), other.replace('---\n\n', '---\n\nEdited. '));
    const again = await build();
    expect(again.result.ok).toBe(true);
    expect(again.result.stats.loaded).toBe(2);
    expect(again.result.stats.photos.encoded).toBeGreaterThan(0);
    expect((await store()).has(lost!)).toBe(true);
    // The next build takes every picture from the store's folders as this one left them.
    await writeFile(path.join(dir, 'articles/quay.md'), other);
    const next = await build();
    expect(next.result.stats.loaded).toBe(1);
    expect(next.result.stats.photos.encoded).toBe(0);
  });

  it('should encode only a changed picture again, and collect what no story uses', async () => {
    const before = await store();
    await writeFile(
      path.join(dir, 'articles/pics/detail.jpg'),
      await photo(1600, 1200, { subject: { x: 0.2, y: 0.8 } }),
    );
    const changed = await build();
    expect(changed.result.ok).toBe(true);
    // The article is loaded again for its picture: the three others come from the store whole.
    expect(changed.result.stats.photos).toMatchObject({ pictures: 4, stored: 3 });
    expect(changed.result.stats.photos.encoded).toBeGreaterThan(0);
    const after = await store();
    const made = [...after.keys()].filter((name) => !before.has(name));
    expect(made).toHaveLength(changed.result.stats.photos.encoded);
    const gallery = select('.gallery picture', await changed.page(STORY_PAGE))!;
    const shown = new Set(
      [...selectAll('source', gallery), select('img', gallery)!].flatMap((e) =>
        candidates(e.properties.srcSet).map((c) => path.basename(c.url)),
      ),
    );
    for (const name of made) expect(shown.has(name), name).toBe(true);
    // The old detail's files are no longer used by any story: the build removed them.
    const gone = [...before.keys()].filter((name) => !after.has(name));
    expect(gone.length).toBeGreaterThan(0);
    for (const name of gone) expect((await changed.files()).includes(`_photos/${name}`)).toBe(false);
  });

  it('should stop at a corrupt picture, naming the article and the field, or hold that story back', async () => {
    const jpeg = await photo(1200, 800);
    await writeFile(path.join(dir, 'articles/pics/broken.jpg'), jpeg.subarray(0, 600));
    await writeFile(
      path.join(dir, 'articles/broken.md'),
      '---\ntitle: A broken picture\ndate: 2024-02-02T10:00:00Z\nimage:\n  src: pics/broken.jpg\n  alt: Nothing\n---\n\nText.\n',
    );
    const failed = await build();
    expect(failed.result.ok).toBe(false);
    const errors = failed.result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.rule, d.file, d.line, d.column])).toEqual([
      ['image-unreadable', 'articles/broken.md', 5, 3],
    ]);
    expect(errors[0]!.reason).toContain('"pics/broken.jpg"');
    const held = await build({ holdInvalid: true });
    expect(held.result.ok).toBe(true);
    expect(held.result.held).toEqual([{ file: 'articles/broken.md', kept: 'none' }]);
    expect(await held.files()).toContain(STORY_PAGE);
    // Fixed, the picture alone loads the story again.
    await writeFile(path.join(dir, 'articles/pics/broken.jpg'), jpeg);
    const fixed = await build();
    expect(fixed.result.ok).toBe(true);
    expect(fixed.result.stats.loaded).toBe(1);
    await rm(path.join(dir, 'articles/broken.md'));
  });

  it('should make every picture again without the cache, into a store of its own', async () => {
    const small = await tempSite({
      'articles/a.md': '---\ntitle: A\ndate: 2024-01-01\nimage: {src: a.png, alt: A swatch}\n---\n\nText.\n',
      'articles/a.png': await swatch(3),
    });
    try {
      for (let i = 0; i < 2; i++) {
        const cold = await buildSite(small, { url: URL }, { now: NOW, cache: false });
        expect(cold.result.stats.photos).toMatchObject({ pictures: 1, stored: 0 });
        expect((await cold.files()).filter((f) => f.startsWith('_photos/')).length).toBeGreaterThan(0);
      }
      // Nothing was kept beside the project's cache.
      expect((await listFiles(small)).filter((f) => f.startsWith('.broadsheet/cache/photos/'))).toEqual([]);
    } finally {
      await removeDir(small);
    }
  });
});

describe('a picture narrower than its slot', () => {
  it('should be drawn at its own width in the story, and fill the front page lead frame', async () => {
    const dir = await tempSite({
      'articles/icon.md': `---\ntitle: Icon\ndate: 2024-02-01T10:00:00Z\nimage:\n  src: icon.png\n  alt: An icon\n---\n\nText.\n`,
    });
    await writeFile(path.join(dir, 'articles/icon.png'), await photo(40, 30));
    try {
      const built = await buildSite(dir, { url: URL }, { now: NOW });
      expect(built.result.ok).toBe(true);
      const classes = (el: Element | undefined) => (el?.properties.className as string[] | undefined) ?? [];
      const story = await built.page('2024/02/01/icon/index.html');
      expect(classes(select('main picture', story))).toContain('natural');
      const front = await built.page('index.html');
      const lead = selectAll('.lead-story .thumb, .lead-story picture', front);
      expect(lead.length).toBeGreaterThan(0);
      for (const el of lead) expect(classes(el)).not.toContain('natural');
    } finally {
      await removeDir(dir);
    }
  });
});
