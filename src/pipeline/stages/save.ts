import type { CacheData, CacheEntry } from '../../incremental/cache.ts';
import { sameStat } from '../../util/file-stat.ts';
import type { Env } from '../env.ts';

/**
 * save: the cache for the next build, unless it says what it said (a build that changed
 * nothing leaves the file as it is: it is large for a large archive). A one-off build
 * saves now and collects unused body packs; watch mode saves in the background and
 * collects at close. Returns the save to wait for, if any.
 */
export function saveCache(
  env: Env,
  previous: CacheData,
  next: CacheData,
  loaded: number,
  since: number,
): Promise<void> | undefined {
  if (!env.useCache || sameCache(previous, next, loaded)) return undefined;
  const collect = !(env.options.isolateLayouts ?? false);
  const saving = env.writer.save(next, collect, since, collect && photosDropped(previous, next));
  // Watch mode does not wait: the output is already in place, and close() waits for it.
  return collect ? saving : undefined;
}

/** Whether a cache snapshot says what the previous one said (entries by identity, keys by value). */
function sameCache(a: CacheData, b: CacheData, loaded: number): boolean {
  if (loaded > 0 || a.renderKey !== b.renderKey || a.placement !== b.placement || a.output !== b.output) return false;
  if (JSON.stringify(a.searchVolumes) !== JSON.stringify(b.searchVolumes)) return false;
  const sameKeys = <T>(x: Record<string, T>, y: Record<string, T>, same: (p: T, q: T) => boolean) => {
    const keys = Object.keys(y);
    return keys.length === Object.keys(x).length && keys.every((k) => x[k] !== undefined && same(x[k]!, y[k]!));
  };
  return (
    sameKeys(a.entries, b.entries, (p, q) => p === q) &&
    sameKeys(a.pages, b.pages, (p, q) => p === q) &&
    sameKeys(a.files ?? {}, b.files ?? {}, (p, q) => p.sha256 === q.sha256 && sameStat(p.stat, q.stat)) &&
    sameKeys(a.pieces ?? {}, b.pieces ?? {}, (p, q) => p === q)
  );
}

/**
 * Whether a picture may have gone out of use: an entry that changed or went no longer
 * names a photo file it named, or the previous cache had no entries to compare with.
 */
function photosDropped(previous: CacheData, next: CacheData): boolean {
  const names = (entry: CacheEntry | undefined) =>
    [entry?.loaded.photos, entry?.good?.photos].flatMap((list) => (list ?? []).flatMap((photo) => photo.names));
  let any = false;
  for (const id in previous.entries) {
    any = true;
    const before = previous.entries[id];
    const after = next.entries[id];
    if (before === after) continue;
    const kept = new Set(names(after));
    if (names(before).some((name) => !kept.has(name))) return true;
  }
  return !any;
}
