import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type ResolvedConfig } from '../src/config/config.ts';
import { loadArticle } from '../src/content/load.ts';
import { createMarkdownProcessor, type MarkdownProcessor } from '../src/content/markdown/processor.ts';
import type { Picture } from '../src/content/picture.ts';
import { diagnostic } from '../src/diagnostics/diagnostics.ts';
import { processArticlePhotos, type ArticlePhotosInput } from '../src/photos/article.ts';
import type { PhotoJob, PhotoProcessor, PhotoResult } from '../src/photos/processor.ts';
import { sha256 } from '../src/util/hash.ts';
import { removeDir, select, selectAll, tempSite } from './helpers.ts';

/**
 * The photo stage of articles, with a processor that encodes nothing: it makes up each
 * use's files from the file's name, records the jobs it gets, and fails the files it is
 * told to, as the real one does (no pictures, a diagnostic per use).
 */
function fakeProcessor(options: { fail?: string[]; version?: string | undefined } = {}) {
  const jobs: PhotoJob[] = [];
  const process: PhotoProcessor = async (job) => {
    jobs.push(job);
    const name = path.basename(job.path, path.extname(job.path));
    if (options.fail?.includes(name))
      return {
        path: job.path,
        source: undefined,
        pictures: [],
        encoded: 0,
        decoded: false,
        diagnostics: job.uses.map((use) =>
          diagnostic('image-unreadable', use.place, `image "${job.src}": the image cannot be decoded`),
        ),
      } satisfies PhotoResult;
    const file = (format: 'jpeg' | 'avif', width: number) => ({
      format,
      width,
      height: (width * 2) / 3,
      name: `${name}${options.version ?? ''}-${width}.${format === 'jpeg' ? 'jpg' : format}`,
    });
    const pictures = job.uses.map((use): Picture => ({
      slot: use.slot,
      sizes: '100vw',
      width: 1200,
      height: 800,
      files: [file('avif', 480), file('avif', 1200), file('jpeg', 480), file('jpeg', 1200)],
      social: use.social ? { openGraph: file('jpeg', 1200), structuredData: [file('jpeg', 1200)] } : undefined,
    }));
    return {
      path: job.path,
      source: sha256(name),
      pictures,
      encoded: job.hash ? 0 : 4,
      decoded: !job.hash,
      diagnostics: [],
    };
  };
  return { jobs, process };
}

const STORY = `---
title: Harbour
date: 2024-01-01T10:00:00Z
image:
  src: pics/harbour.jpg
  alt: The harbour
  focus: 0.25,0.5
gallery:
  - src: pics/one.jpg
    alt: One
  - src: https://cdn.example.org/two.jpg
    alt: Two
    width: 800
    height: 600
  - src: pics/missing.jpg
    alt: Missing
---

First paragraph.

![Boats](pics/harbour.jpg "Boats at dawn | A. Photographer")

Text with ![a remote picture](https://cdn.example.org/remote.jpg) inside.

![Hidden](_private/secret.jpg)

![Market](pics/market.jpg)
`;

describe('the photo stage of an article', () => {
  let dir: string;
  let config: ResolvedConfig;
  let processor: MarkdownProcessor;
  const load = (text: string, id = 'story.md'): ArticlePhotosInput => {
    const loaded = loadArticle(
      { id, file: `articles/${id}`, text, hash: sha256(text) },
      { config, processor, key: 'test' },
    );
    return { summary: loaded.summary!, body: loaded.body!, assets: loaded.assets, file: `articles/${id}` };
  };
  const settings = () => ({ articles: config.articles, basePath: config.basePath });
  const body = (html: string): Root => fromHtml(html, { fragment: true });

  beforeAll(async () => {
    dir = await tempSite({
      'articles/pics/harbour.jpg': 'h',
      'articles/pics/one.jpg': 'o',
      'articles/pics/market.jpg': 'm',
      'articles/_private/secret.jpg': 's',
    });
    config = resolveConfig({ url: 'https://example.org/news/', articles: 'articles' }, { root: dir }).config!;
    processor = await createMarkdownProcessor(config);
  });
  afterAll(() => removeDir(dir));

  it('should ask once per file, with every use, and only for files it may publish', async () => {
    const { jobs, process } = fakeProcessor();
    const [done] = await processArticlePhotos([load(STORY)], settings(), process);
    expect(jobs.map((j) => [j.src, j.uses.map((u) => [u.slot, u.social ?? false, u.focus, u.place.line])])).toEqual([
      [
        'pics/harbour.jpg',
        [
          ['lead', true, { x: 0.25, y: 0.5 }, 5],
          ['thumbnail', false, { x: 0.25, y: 0.5 }, 5],
          ['inline', false, undefined, 21],
        ],
      ],
      ['pics/one.jpg', [['gallery', false, undefined, 9]]],
      ['pics/market.jpg', [['inline', false, undefined, 27]]],
    ]);
    expect(jobs.every((j) => path.isAbsolute(j.path) && j.hash === undefined)).toBe(true);
    // A missing file, a hidden one and a remote one are left as they are (the build warns of the missing one).
    expect(done!.photos.map((p) => [p.file, p.names.length])).toEqual([
      ['pics/harbour.jpg', 4],
      ['pics/one.jpg', 4],
      ['pics/market.jpg', 4],
    ]);
    expect(done!.work).toEqual({ pictures: 3, stored: 0, encoded: 12 });
  });

  it('should point the story at the made files and draw the body pictures as <picture>', async () => {
    const input = load(STORY);
    const [done] = await processArticlePhotos([input], settings(), fakeProcessor().process);
    const { summary } = done!;
    // src is the largest JPEG up to 1200 px: what feeds, stories.json and link previews use.
    expect(summary.image).toMatchObject({ src: '/news/_photos/harbour-1200.jpg', width: 1200, height: 800 });
    expect(Object.keys(summary.image!.pictures!)).toEqual(['lead', 'thumbnail']);
    expect(summary.image!.pictures!.lead!.social).toBeDefined();
    expect(summary.gallery.map((g) => [g.src, g.pictures?.gallery?.slot])).toEqual([
      ['/news/_photos/one-1200.jpg', 'gallery'],
      ['https://cdn.example.org/two.jpg', undefined],
      ['/news/pics/missing.jpg', undefined],
    ]);
    expect(summary.gallery[1]).toMatchObject({ width: 800, height: 600 });
    expect(summary.bodyImage).toMatchObject({ src: '/news/_photos/harbour-1200.jpg', alt: 'Boats' });
    expect(summary.hash).not.toBe(input.summary.hash);

    const tree = body(done!.body);
    const pictures = selectAll('picture', tree);
    expect(pictures).toHaveLength(2);
    const imgs = pictures.map((p) => select('img', p)!.properties);
    expect(imgs.map((p) => [p.src, p.alt, p.width, p.height, p.loading])).toEqual([
      ['/news/_photos/harbour-1200.jpg', 'Boats', 1200, 800, 'lazy'],
      ['/news/_photos/market-1200.jpg', 'Market', 1200, 800, 'lazy'],
    ]);
    expect(selectAll('picture > source', tree).map((s) => s.properties.type)).toEqual(['image/avif', 'image/avif']);
    // The figure keeps its caption; other images stay as they were.
    expect(select('figure figcaption', tree)).toBeDefined();
    const others = selectAll('img', tree)
      .filter((img) => !(img as Element).properties.srcSet)
      .map((img) => img.properties.src);
    expect(others).toEqual(['https://cdn.example.org/remote.jpg', '/news/_private/secret.jpg']);
  });

  it('should leave an article without local pictures exactly as it was', async () => {
    const input = load(
      '---\ntitle: Words\ndate: 2024-01-01\n---\n\nOnly ![a remote one](https://cdn.example.org/a.jpg).\n',
    );
    const { jobs, process } = fakeProcessor();
    const [done] = await processArticlePhotos([input], settings(), process);
    expect(jobs).toEqual([]);
    expect(done).toMatchObject({ summary: input.summary, body: input.body, photos: [], diagnostics: [] });
  });

  it('should change the story hash when a picture changes, and only then', async () => {
    const input = load(STORY);
    const hash = async (version?: string) =>
      (await processArticlePhotos([input], settings(), fakeProcessor({ version }).process))[0]!.summary.hash;
    expect(await hash()).toBe(await hash());
    expect(await hash('b')).not.toBe(await hash());
  });

  it('should report a picture that fails once at each place that uses it, and keep the rest', async () => {
    const [done] = await processArticlePhotos([load(STORY)], settings(), fakeProcessor({ fail: ['harbour'] }).process);
    expect(done!.diagnostics.map((d) => [d.rule, d.file, d.line])).toEqual([
      ['image-unreadable', 'articles/story.md', 5],
      ['image-unreadable', 'articles/story.md', 21],
    ]);
    expect(done!.summary.image!.src).toBe('/news/pics/harbour.jpg');
    expect(done!.summary.gallery[0]!.src).toBe('/news/_photos/one-1200.jpg');
    // A broken picture is recorded too: fixing it must load the article again.
    expect(done!.photos.find((p) => p.file === 'pics/harbour.jpg')).toMatchObject({ names: [] });
  });

  it('should pass the hash of a picture whose stat is as the cache saw it, so that the store need not read it', async () => {
    const first = load(STORY);
    const [before] = await processArticlePhotos([first], settings(), fakeProcessor().process);
    const { jobs, process } = fakeProcessor();
    await writeFile(path.join(dir, 'articles/pics/one.jpg'), 'changed');
    const [after] = await processArticlePhotos([{ ...first, known: before!.photos }], settings(), process);
    expect(jobs.map((j) => [j.src, j.hash])).toEqual([
      ['pics/harbour.jpg', sha256('harbour')],
      ['pics/one.jpg', undefined],
      ['pics/market.jpg', sha256('market')],
    ]);
    expect(after!.work).toEqual({ pictures: 3, stored: 2, encoded: 4 });
  });

  it('should make a picture two articles of a batch share once, giving each its own uses and problems', async () => {
    const other = load('---\ntitle: Other\ndate: 2024-01-02\n---\n\n![Boats again](pics/harbour.jpg)\n', 'other.md');
    const { jobs, process } = fakeProcessor({ fail: ['market'] });
    const [story, second] = await processArticlePhotos([load(STORY), other], settings(), process);
    expect(jobs.filter((j) => j.src === 'pics/harbour.jpg').map((j) => j.uses.map((u) => u.slot))).toEqual([
      ['lead', 'thumbnail', 'inline', 'inline'],
    ]);
    expect(select('picture img', body(second!.body))!.properties.alt).toBe('Boats again');
    expect(second!.diagnostics).toEqual([]);
    expect(story!.diagnostics.map((d) => d.file)).toEqual(['articles/story.md']);
    // The work is counted once, with the first article that uses the picture.
    expect([story!.work.pictures, second!.work.pictures]).toEqual([3, 0]);
  });
});
