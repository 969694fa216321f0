import type { Diagnostic } from '../../diagnostics/diagnostics.ts';
import { publishable, type CacheData, type CacheEntry } from '../../incremental/cache.ts';
import type { LoadInput } from '../../workers/load-task.ts';
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
  request.ids.forEach((id, i) => {
    const previous = cache.entries[id];
    if (previous && request.unchanged(i)) entries[id] = previous;
    else needed.push({ id, path: request.paths[i]!, file: env.shown(id), known: previous?.loaded.source });
  });
  const byHash = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  let parsed = 0;
  if (needed.length > 0) {
    const executor = await env.workers.for({ articles: needed.length }, layouts);
    const { outputs, threads } = await executor.load(needed, run.ticker('load', needed.length));
    outputs.forEach((out, i) => {
      if ('error' in out) diagnostics.push(out.error);
      else if ('unchanged' in out) entries[out.id] = { stat: out.stat, loaded: cache.entries[out.id]!.loaded };
      else {
        parsed++;
        // An article that gets an error keeps its last good version beside it.
        const before = cache.entries[out.id];
        const good = publishable(out.loaded)
          ? undefined
          : (before?.good ?? (before && publishable(before.loaded) ? before.loaded : undefined));
        entries[out.id] = good ? { stat: out.stat, loaded: out.loaded, good } : { stat: out.stat, loaded: out.loaded };
        if (out.loaded.summary) byHash.set(out.loaded.summary.hash, threads[i]!);
      }
    });
  }
  return {
    entries,
    count: needed.length,
    parsed,
    owners: { generation: env.workers.generation, byHash },
    diagnostics,
  };
}
