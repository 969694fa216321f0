import type { CacheEntry, CachedArticle } from './cache.ts';

/**
 * An article's last good version: what `--hold-invalid` publishes while its current
 * version has errors, its own (found when it is loaded) or another stage's (a published
 * URL it would break).
 */

/** Whether a loaded article can be published: it made a story and has no error. */
export const publishable = (loaded: CachedArticle): boolean =>
  loaded.summary !== undefined && !loaded.diagnostics.some((d) => d.severity === 'error');

/**
 * The version an article with errors keeps beside it (what `--hold-invalid` publishes
 * meanwhile): its entry's earlier good version, or that entry itself when it was good.
 * None for an article that can be published as it is.
 */
export function lastGood(loaded: CachedArticle, before: CacheEntry | undefined): CachedArticle | undefined {
  if (publishable(loaded) || !before) return undefined;
  return before.good ?? (publishable(before.loaded) ? before.loaded : undefined);
}

/**
 * The entries with the last good version beside each article that loaded without errors
 * but that a later stage found one in (`failing`, by id): the version of the last build
 * when it was another one, or the one it already kept. An article no stage finds an error
 * in keeps none. The same entries when nothing changes.
 */
export function keepGood(
  entries: Readonly<Record<string, CacheEntry>>,
  before: Readonly<Record<string, CacheEntry>>,
  failing: ReadonlySet<string>,
): Readonly<Record<string, CacheEntry>> {
  let out: Record<string, CacheEntry> | undefined;
  const put = (id: string, entry: CacheEntry) => ((out ??= { ...entries })[id] = entry);
  for (const id in entries) {
    const entry = entries[id]!;
    if (!publishable(entry.loaded)) continue;
    if (!failing.has(id)) {
      if (entry.good) put(id, { stat: entry.stat, loaded: entry.loaded });
      continue;
    }
    if (entry.good) continue;
    const was = before[id];
    const good = was?.good ?? (was && publishable(was.loaded) ? was.loaded : undefined);
    if (good && good.source !== entry.loaded.source) put(id, { ...entry, good });
  }
  return out ?? entries;
}
