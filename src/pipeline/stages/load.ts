import type { Diagnostic } from '../../diagnostics/diagnostics.ts';
import { NO_PHOTO_WORK, photosStored, photosUnchanged, picturesAppeared, type PhotoWork } from '../../photos/used.ts';
import { PhotoStore } from '../../photos/store.ts';
import type { CacheData, CacheEntry } from '../../incremental/cache.ts';
import { lastGood } from '../../incremental/last-good.ts';
import type { LoadInput } from '../../workers/load-task.ts';
import type { FileStat } from '../../util/file-stat.ts';
import type { Env } from '../env.ts';
import type { Run } from '../run.ts';

/** Which thread loaded a story this build (it still holds the body), by story hash. */
export interface Owners {
  /** The executor generation the thread numbers belong to. */
  readonly generation: number;
  readonly byHash: ReadonlyMap<string, number>;
}

export interface Loaded {
  /** Every article's cache entry: kept from the cache, or loaded now. */
  readonly entries: Record<string, CacheEntry>;
  /** Articles read this time. */
  readonly count: number;
  /** Of those, the ones whose bytes had changed, loaded anew. */
  readonly parsed: number;
  /** What the photo stage did for them. */
  readonly photos: PhotoWork;
  /** The photo store's fan-out folders after it (`CacheData.photoFolders`); none when not checked. */
  readonly photoFolders: CacheData['photoFolders'];
  readonly owners: Owners;
  readonly diagnostics: readonly Diagnostic[];
}

export interface LoadRequest {
  /** The articles to consider, with their absolute paths. */
  readonly ids: readonly string[];
  readonly paths: readonly string[];
  /** Whether the article at a position is as the cache saw it: then it is not read. */
  readonly unchanged: (i: number) => boolean;
  /** Entries of the articles not considered (a quick rebuild's other articles). */
  readonly others?: Readonly<Record<string, CacheEntry>> | undefined;
  /** Stats the up-to-date check took of the articles folder's other files, by absolute path. */
  readonly statted?: ReadonlyMap<string, FileStat | undefined> | undefined;
}

/**
 * load: new or changed articles are read, hashed and loaded (in worker threads when there
 * are many); a file whose bytes hash as the cache has them is not loaded again. Every
 * article's diagnostics stay with its entry.
 */
export async function loadArticles(
  env: Env,
  cache: CacheData,
  request: LoadRequest,
  layouts: string,
  run: Run,
): Promise<Loaded> {
  const entries: Record<string, CacheEntry> = { ...request.others };
  const needed: LoadInput[] = [];
  const store = new PhotoStore(env.photos);
  // A shard other than the first copies no photo file: the names its pages show are in the entries.
  const copiesPhotos = !env.options.shard || env.options.shard.index === 1;
  // Looked at once a picture is to be checked: a quick rebuild's one story may have none.
  let settled: ReadonlySet<string> | undefined;
  const stored = (photos: CacheEntry['loaded']['photos']) =>
    photosStored(photos, store, (settled ??= store.settledFolders(cache.photoFolders)));
  request.ids.forEach((id, i) => {
    const previous = cache.entries[id];
    const photos = previous?.loaded.photos;
    // Pictures the store lost are made again, and one that was missing and is there now is
    // made: the article is loaded, even unchanged.
    const kept =
      previous !== undefined &&
      (!copiesPhotos || !photos?.length || stored(photos)) &&
      !picturesAppeared(previous.loaded, env.config.articles, request.statted);
    if (kept && request.unchanged(i) && photosUnchanged(photos, env.config.articles, request.statted))
      entries[id] = previous;
    else
      needed.push({
        id,
        path: request.paths[i]!,
        file: env.shown(id),
        known: kept ? previous.loaded.source : undefined,
        photos,
      });
  });
  const byHash = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  let parsed = 0;
  const photos = { ...NO_PHOTO_WORK };
  if (needed.length > 0) {
    const executor = await env.workers.for({ articles: needed.length }, layouts);
    const { outputs, threads } = await executor.load(needed, run.ticker('load', needed.length));
    outputs.forEach((out, i) => {
      if ('error' in out) diagnostics.push(out.error);
      else if ('unchanged' in out) {
        const { loaded: cached, good } = cache.entries[out.id]!;
        const loaded = out.photos ? { ...cached, photos: out.photos } : cached;
        entries[out.id] = good ? { stat: out.stat, loaded, good } : { stat: out.stat, loaded };
      } else {
        parsed++;
        photos.pictures += out.work?.pictures ?? 0;
        photos.stored += out.work?.stored ?? 0;
        photos.encoded += out.work?.encoded ?? 0;
        // An article that gets an error keeps its last good version beside it.
        const before = cache.entries[out.id];
        const good = lastGood(out.loaded, before);
        entries[out.id] = good ? { stat: out.stat, loaded: out.loaded, good } : { stat: out.stat, loaded: out.loaded };
        if (out.loaded.summary) byHash.set(out.loaded.summary.hash, threads[i]!);
      }
    });
  }
  return {
    entries,
    count: needed.length,
    parsed,
    photos,
    // After the photo stage every picture the entries name is in the store, when all were
    // checked here: not a quick rebuild's (`others`).
    photoFolders: copiesPhotos && !request.others ? store.folderStats() : undefined,
    owners: { generation: env.workers.generation, byHash },
    diagnostics,
  };
}
