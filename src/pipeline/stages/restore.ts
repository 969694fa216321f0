import type { CacheData } from '../../incremental/cache.ts';
import type { Env } from '../env.ts';

/**
 * restore: read the cache, made with these load settings, or an empty one. Read only once
 * the build knows it has work to do: for a large archive the cache is the biggest file a
 * build reads.
 */
export function restoreCache(env: Env): Promise<CacheData> {
  return env.store.read(env.key);
}
