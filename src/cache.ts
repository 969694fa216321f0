import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { BodyRef } from './body-store.ts';
import type { LoadedArticle } from './load.ts';

/** Bumped whenever the cache layout or the meaning of a key changes: older caches are ignored. */
export const CACHE_VERSION = 2;

/** What identifies a file's content cheaply; any difference means "hash it again". */
export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** A load result as cached: the body replaced by where it is stored. */
export type CachedArticle = Omit<LoadedArticle, 'body'> & { readonly body?: BodyRef | undefined };

export interface CacheEntry {
  readonly stat: FileStat;
  readonly loaded: CachedArticle;
}

/**
 * The persistent build cache (.broadsheet/cache/v2/): what each article loaded to, and the
 * input key of every page last rendered. Paths inside are relative, and a stat match is
 * only a shortcut to skip hashing: on another machine (a CI cache restore) every stat
 * differs, the sources are hashed, and equal hashes still hit.
 */
export interface CacheData {
  readonly version: number;
  /** The load settings key the entries were made with. */
  readonly loadKey: string;
  /** The render key (tool, config, layouts, assets) the page keys were made with. */
  readonly renderKey: string;
  readonly entries: Record<string, CacheEntry>;
  /** Output path → key of the inputs it was rendered from. */
  readonly pages: Record<string, string>;
  /**
   * Where every published story sat, with the author profiles (`placementDigest`), at the
   * last successful build of these pages. While it holds, a page that lists no changed
   * story keeps its key without working it out again.
   */
  readonly placement?: string | undefined;
  /** Copied files (images, public/, assets) by path relative to the project: stat and content digest. */
  readonly files?: Record<string, { readonly stat: FileStat; readonly size: number; readonly sha256: string }>;
}

export const emptyCache = (loadKey: string): CacheData => ({ version: CACHE_VERSION, loadKey, renderKey: '', entries: {}, pages: {} });

export const cacheFile = (dir: string) => path.join(dir, 'build.json');

/** Read the cache; anything unreadable, of another version or made with other load settings, is empty. */
export async function readCache(dir: string, loadKey: string): Promise<CacheData> {
  try {
    const data = JSON.parse(await readFile(cacheFile(dir), 'utf8')) as CacheData;
    if (data.version !== CACHE_VERSION) return emptyCache(loadKey);
    if (data.loadKey !== loadKey) return { ...emptyCache(loadKey), renderKey: data.renderKey, pages: data.pages };
    return data;
  } catch {
    return emptyCache(loadKey);
  }
}

/**
 * Write the cache atomically, so an interrupted build leaves the previous one readable.
 * Written entry by entry: for a large archive the file is tens of megabytes, and one
 * JSON string of it (and its bytes) would be the largest allocation of the whole build.
 */
export async function writeCache(dir: string, data: CacheData): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = `${cacheFile(dir)}.${process.pid}.tmp`;
  const file = await open(tmp, 'w');
  try {
    let chunk = '';
    const put = async (text: string) => {
      chunk += text;
      if (chunk.length < CHUNK) return;
      await file.write(chunk);
      chunk = '';
    };
    const { entries, ...rest } = data;
    await put(`${JSON.stringify(rest).slice(0, -1)},"entries":{`);
    let first = true;
    for (const [id, entry] of Object.entries(entries)) {
      await put(`${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(entry)}`);
      first = false;
    }
    await put('}}');
    await file.write(chunk);
  } finally {
    await file.close();
  }
  await rename(tmp, cacheFile(dir));
}

/** Bytes gathered before each write of the cache file. */
const CHUNK = 1 << 20;

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
