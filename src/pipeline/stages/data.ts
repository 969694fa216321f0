import type { CacheData } from '../../incremental/cache.ts';
import { dataKey } from '../../incremental/page-key.ts';
import { writeDataJob, type PieceIndex } from '../../incremental/splice.ts';
import type { Output } from '../../output/output.ts';
import type { PageJob } from '../../routes/route.ts';
import type { SiteIndex } from '../../site/site-index.ts';
import type { Plan } from './plan.ts';

export interface Data {
  /** The key of every generated file's inputs, by output path, for the next build. */
  readonly pages: Record<string, string>;
  /** What the cache keeps of pieced files (stories.json, feeds). */
  readonly pieces: Record<string, PieceIndex>;
}

/**
 * data: feeds, sitemaps, redirects and stories.json, in the main thread. A file whose
 * inputs are unchanged is kept; a pieced file made with the same settings is spliced from
 * the previous one, rendering only the pieces of changed stories.
 */
export async function writeData(
  jobs: readonly PageJob[],
  plan: Plan,
  index: SiteIndex,
  cache: Pick<CacheData, 'pages' | 'pieces'>,
  output: Output,
): Promise<Data> {
  const pages: Record<string, string> = {};
  const pieces: Record<string, PieceIndex> = {};
  for (const job of jobs) {
    if (job.type !== 'data') continue;
    const before = cache.pages[job.output];
    const beforePieces = cache.pieces?.[job.output];
    if (plan.settled && job.placementOnly && before !== undefined && output.keep(job.output)) {
      pages[job.output] = before;
      continue;
    }
    const key = dataKey(job, index);
    pages[job.output] = key;
    if (plan.sameRender && before === key && output.keep(job.output)) {
      if (beforePieces) pieces[job.output] = beforePieces;
      continue;
    }
    // Made with the same settings, its unchanged stories' pieces are as they were.
    const written = await writeDataJob(output, job, plan.sameRender ? beforePieces : undefined);
    if (written) pieces[job.output] = written;
  }
  return { pages, pieces };
}
