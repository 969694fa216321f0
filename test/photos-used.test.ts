import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UsedPhoto } from '../src/content/picture.ts';
import { PhotoStore } from '../src/photos/store.ts';
import { isPictureFile } from '../src/content/picture.ts';
import { confirmPhotos, photoNames, photosStored, photosUnchanged } from '../src/photos/used.ts';
import { sameStat, statAll } from '../src/util/file-stat.ts';
import { sha256 } from '../src/util/hash.ts';
import { removeDir, tempSite } from './helpers.ts';

/** What the build cache remembers of an article's pictures, and how a build decides to trust it. */

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function site() {
  const dir = await tempSite({ 'articles/a.jpg': 'picture a', 'articles/b.jpg': 'picture b' });
  dirs.push(dir);
  const articles = path.join(dir, 'articles');
  const stats = await statAll(['a.jpg', 'b.jpg'].map((f) => path.join(articles, f)));
  const photos: UsedPhoto[] = ['a.jpg', 'b.jpg'].map((file, i) => ({
    file,
    stat: stats[i]!,
    source: sha256(`picture ${file[0]}`),
    names: [`${file[0]}-480.avif`, `${file[0]}-480.jpg`],
  }));
  return { dir, articles, photos };
}

describe('the pictures an article uses', () => {
  it('should hold while every file is statted as it was, and not once one changed or went', async () => {
    const { articles, photos } = await site();
    expect(photosUnchanged(photos, articles)).toBe(true);
    expect(photosUnchanged(undefined, articles)).toBe(true);
    await writeFile(path.join(articles, 'b.jpg'), 'picture B');
    expect(photosUnchanged(photos, articles)).toBe(false);
    expect(photosUnchanged(photos.slice(0, 1), articles)).toBe(true);
    await rm(path.join(articles, 'a.jpg'));
    expect(photosUnchanged(photos.slice(0, 1), articles)).toBe(false);
  });

  it('should take a picture statted anew but with the same bytes for the same picture, with its new stat', async () => {
    const { dir, articles, photos } = await site();
    expect(confirmPhotos(photos, articles)).toBe(photos);
    // A checkout elsewhere: new inodes and times, the same bytes.
    const copy = path.join(dir, 'copy');
    await cp(articles, copy, { recursive: true });
    const confirmed = confirmPhotos(photos, copy)!;
    expect(confirmed.map((p) => [p.file, p.source, p.names])).toEqual(photos.map((p) => [p.file, p.source, p.names]));
    expect(confirmed[0]!.stat).not.toEqual(photos[0]!.stat);
    expect(photosUnchanged(confirmed, copy)).toBe(true);
    await writeFile(path.join(copy, 'a.jpg'), 'another picture');
    expect(confirmPhotos(photos, copy)).toBeUndefined();
    await rm(path.join(copy, 'b.jpg'));
    expect(confirmPhotos(photos.slice(1), copy)).toBeUndefined();
  });

  it('should know whether the store still has what was made of each picture', async () => {
    const { dir, photos } = await site();
    const store = new PhotoStore(path.join(dir, 'store'));
    const none = new Set<string>();
    expect(photosStored(photos, store, none)).toBe(false);
    await store.put('a-480.avif', Buffer.from('a'));
    await store.put('b-480.avif', Buffer.from('b'));
    expect(photosStored(photos, store, none)).toBe(true);
    // A picture that could not be made has nothing to lose.
    expect(photosStored([{ ...photos[0]!, file: 'c.jpg', names: [] }], store, none)).toBe(true);
  });

  it("should see a file removed from the store in its folder's stat, and trust only folders that kept theirs", async () => {
    const { dir, photos } = await site();
    const store = new PhotoStore(path.join(dir, 'store'));
    await store.put('a-480.avif', Buffer.from('a'));
    await store.put('b-480.avif', Buffer.from('b'));
    const recorded = store.folderStats();
    expect(Object.keys(recorded)).toEqual(['a-', 'b-']);
    await rm(store.file('a-480.avif'));
    const now = store.folderStats();
    expect(sameStat(now['a-']!, recorded['a-']!)).toBe(false);
    expect(sameStat(now['b-']!, recorded['b-']!)).toBe(true);
    // The folder that kept its stat is trusted without a look; the other is looked in.
    expect(photosStored(photos, store, new Set(['b-']))).toBe(false);
    expect(photosStored(photos.slice(1), store, new Set(['b-']))).toBe(true);
    expect(new PhotoStore(path.join(dir, 'nothing')).folderStats()).toEqual({});
  });

  it('should use the stats the up-to-date check took, and stat a picture itself only when it has none', async () => {
    const { articles, photos } = await site();
    const [a, b] = ['a.jpg', 'b.jpg'].map((f) => path.join(articles, f));
    // The check saw b.jpg change (or go): the article's pictures are not as the cache saw them.
    expect(photosUnchanged(photos, articles, new Map([[b!, undefined]]))).toBe(false);
    expect(photosUnchanged(photos, articles, new Map([[a!, photos[0]!.stat]]))).toBe(true);
    await writeFile(b!, 'picture B');
    expect(photosUnchanged(photos, articles, new Map([[a!, photos[0]!.stat]]))).toBe(false);
  });

  it('should name each photo file once, sorted, and know pictures by their extension', () => {
    const used = (names: string[]): UsedPhoto => ({
      file: 'x.jpg',
      stat: { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1 },
      names,
    });
    expect(photoNames([[used(['b.jpg', 'a.avif'])], undefined, [used(['a.avif', 'c.webp'])]])).toEqual([
      'a.avif',
      'b.jpg',
      'c.webp',
    ]);
    for (const file of ['a.jpg', 'b/c.JPEG', 'd.png', 'e.webp', 'f.avif', 'g.svg', 'h.gif', 'i.tif', 'j.heic'])
      expect(isPictureFile(file), file).toBe(true);
    for (const file of ['report.pdf', 'clip.mp4', 'data.json', 'jpg', 'notes.md'])
      expect(isPictureFile(file), file).toBe(false);
  });
});
