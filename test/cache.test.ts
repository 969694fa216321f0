import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cacheFile,
  CACHE_VERSION,
  journalFile,
  CacheStore,
  type CacheData,
  type CacheEntry,
} from '../src/incremental/cache.ts';
import { removeDir } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const entry = (id: string, n: number): CacheEntry => ({
  stat: { size: n, mtimeMs: n, ctimeMs: n, ino: n },
  loaded: { id, source: `source-${id}-${n}`, assets: [], diagnostics: [] },
});

function cache(size: number): CacheData {
  const ids = Array.from({ length: size }, (_, i) => `story-${i}.md`);
  return {
    version: CACHE_VERSION,
    loadKey: 'load',
    renderKey: 'render',
    placement: 'placed',
    entries: Object.fromEntries(ids.map((id, i) => [id, entry(id, i)])),
    pages: Object.fromEntries(ids.map((id, i) => [`${id}/index.html`, `key-${i}`])),
    files: { 'public/logo.svg': { stat: { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1 }, size: 1, sha256: 'abc' } },
    pieces: { 'stories.json': { sha256: 'def', head: 10, tail: 3, keys: ids, lengths: ids.map((_, i) => 100 + i) } },
  };
}

describe('the build cache', () => {
  it('should save a small change as a journal beside the unchanged base file, and read back exactly what was saved', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-cache-test-'));
    dirs.push(dir);
    const store = new CacheStore(dir);
    const first = cache(50);
    await store.write(first);
    expect(existsSync(journalFile(dir))).toBe(false);
    const base = readFileSync(cacheFile(dir), 'utf8');

    const read = await store.read('load');
    expect(read).toEqual(first);
    const { 'story-3.md': _gone, ...kept } = read.entries;
    const { 'story-3.md/index.html': _page, ...pages } = read.pages;
    const second: CacheData = {
      ...read,
      renderKey: 'render-2',
      placement: undefined,
      entries: { ...kept, 'story-1.md': entry('story-1.md', 100), 'new.md': entry('new.md', 7) },
      pages: { ...pages, 'new.md/index.html': 'key-new', 'story-1.md/index.html': 'key-changed' },
      files: {},
      pieces: { 'stories.json': { sha256: 'ghi', head: 10, tail: 3, keys: ['a', 'b', 'c'], lengths: [1, 2, 3] } },
    };
    await store.write(second);
    expect(readFileSync(cacheFile(dir), 'utf8')).toBe(base);
    const journal = JSON.parse(readFileSync(journalFile(dir), 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(journal.entries).sort()).toEqual(['new.md', 'story-1.md', 'story-3.md']);
    expect(await store.read('load')).toEqual(second);
  });

  it("should save an entry's last good version kept, and dropped, beside the same loaded version", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-cache-test-'));
    dirs.push(dir);
    const store = new CacheStore(dir);
    await store.write(cache(50));
    const read = await store.read('load');
    const now = read.entries['story-1.md']!;
    const good = entry('story-1.md', 200).loaded;
    const withGood = { ...read, entries: { ...read.entries, 'story-1.md': { ...now, good } } };
    await store.write(withGood);
    const kept = await store.read('load');
    expect(kept.entries['story-1.md']!.good).toEqual(good);
    // Its problem gone with nothing else changed: the same loaded version and stat, no good one.
    const { good: _dropped, ...plain } = kept.entries['story-1.md']!;
    await store.write({ ...kept, entries: { ...kept.entries, 'story-1.md': plain } });
    expect((await store.read('load')).entries['story-1.md']!.good).toBeUndefined();
  });

  it('should rewrite the base once the journal grows large, and ignore a journal made for another base', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-cache-test-'));
    dirs.push(dir);
    const store = new CacheStore(dir);
    await store.write(cache(3000));
    const read = await store.read('load');
    const journalOfOldBase = async () => {
      const small = { ...read, entries: { ...read.entries, 'story-0.md': entry('story-0.md', 9) } };
      await store.write(small);
      return readFileSync(journalFile(dir), 'utf8');
    };
    const stale = await journalOfOldBase();

    // Every entry changed: a new base, and no journal.
    const all = cache(3000);
    const rewritten = {
      ...all,
      entries: Object.fromEntries(Object.entries(all.entries).map(([id], i) => [id, entry(id, i + 5000)])),
    };
    await store.write(rewritten);
    expect(existsSync(journalFile(dir))).toBe(false);
    expect(await store.read('load')).toEqual(rewritten);

    // A journal left by another process for the old base does not apply to the new one.
    writeFileSync(journalFile(dir), stale);
    expect(await store.read('load')).toEqual(rewritten);
  });

  it('should read a cut-off cache file as no cache at all', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-cache-test-'));
    dirs.push(dir);
    const store = new CacheStore(dir);
    await store.write(cache(200));
    expect(Object.keys((await store.read('load')).entries)).toHaveLength(200);
    truncateSync(cacheFile(dir), readFileSync(cacheFile(dir)).byteLength - 10);
    expect(await store.read('load')).toEqual({
      version: CACHE_VERSION,
      loadKey: 'load',
      renderKey: '',
      entries: {},
      pages: {},
    });
  });
});
