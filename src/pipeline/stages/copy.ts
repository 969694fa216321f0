import type { ResolvedConfig } from '../../config/config.ts';
import type { CacheData } from '../../incremental/cache.ts';
import type { Output } from '../../output/output.ts';
import type { CopiedFile } from '../../render/assets.ts';
import { mapConcurrently } from '../../util/concurrently.ts';
import { sameStat, statAll, type FileStat } from '../../util/file-stat.ts';
import { relativeTo } from '../../util/relative-path.ts';

/** What the cache keeps of copied files, by path relative to the project. */
export type Copied = NonNullable<CacheData['files']>;

/**
 * copy: public files, pictures and assets, each only if its bytes changed. A file whose
 * stat is as the cache saw it keeps its digest: unchanged files are not even read. It runs
 * alongside rendering, on the file system and the main thread's idle time.
 */
export async function copyFiles(
  config: ResolvedConfig,
  copies: readonly CopiedFile[],
  known: Copied,
  /** Stats the up-to-date check already took, by absolute path. */
  statted: ReadonlyMap<string, FileStat | undefined>,
  output: Output,
): Promise<Copied> {
  const copied: Copied = {};
  const unstatted = await statAll(copies.map((c) => (statted.has(c.from) ? undefined : c.from)));
  const stats = copies.map((c, i) => (statted.has(c.from) ? statted.get(c.from) : unstatted[i]));
  const keys = copies.map(({ from }) => relativeTo(config.root, from));
  // A file whose stat is as the cache saw it, and whose bytes the output already has, is
  // recorded here and now: for an archive's pictures that is nearly all of them, and tens
  // of thousands of small async steps cost more than the check.
  const rest: number[] = [];
  copies.forEach(({ to }, i) => {
    const seen = known[keys[i]!];
    const now = stats[i];
    if (seen && now && sameStat(seen.stat, now) && output.keepUnchanged(to, { size: seen.size, sha256: seen.sha256 }))
      copied[keys[i]!] = seen;
    else rest.push(i);
  });
  await mapConcurrently(rest, 16, async (i) => {
    const { from, to } = copies[i]!;
    const key = keys[i]!;
    const seen = known[key];
    const now = stats[i];
    const digest = await output.copy(
      from,
      to,
      seen && now && sameStat(seen.stat, now) ? { size: seen.size, sha256: seen.sha256 } : undefined,
    );
    if (now) copied[key] = { stat: now, size: digest.size, sha256: digest.sha256 };
  });
  return copied;
}
