import type { StoryCore } from '../../content/story.ts';
import type { CacheEntry } from '../../incremental/cache.ts';
import { SHARD_MANIFEST_PATH } from '../../output/manifest.ts';
import type { FilesRecord } from '../../output/output.ts';
import type { LayoutJob, PageJob } from '../../routes/route.ts';
import type { SiteIndex } from '../../site/site-index.ts';
import type { Env } from '../env.ts';
import {
  jobCost,
  mergeSettings,
  shardKey,
  shardKeyParts,
  sliceJobs,
  type ShardSpec,
  type ShardSummary,
  type SliceOrder,
} from '../shard.ts';
import type { Routed } from './route.ts';
import { volumeUrls } from './search.ts';
import { searchVolumes, type SearchVolume } from '../../site/search-volumes.ts';

/** A shard's part of the routed site, and what it records for `broadsheet merge`. */
export interface Slice {
  /** The jobs this shard writes: its layout pages, and with shard 1 the data files and kept pages. */
  readonly routed: Routed;
  readonly summary: ShardSummary;
  /** Where the shard's record of its files goes (`.broadsheet/shard.json`) and its fields, for the commit. */
  readonly record: FilesRecord;
}

/**
 * slice (`--shard I/N`): every shard routed the whole site; it keeps its slice of the
 * layout pages (balanced by estimated work, `sliceJobs`), and shard 1 keeps the data files
 * too. The key covers what every shard must share (tool, settings, every story, every
 * page and its cost), so merge can refuse shards of different inputs.
 */
export function sliceSite(
  env: Env,
  shard: ShardSpec,
  input: {
    readonly routed: Routed;
    readonly entries: Readonly<Record<string, CacheEntry>>;
    readonly renderKey: string;
    readonly published: readonly StoryCore[];
    readonly index: SiteIndex;
  },
): Slice {
  const { routed, entries } = input;
  const cost = (job: PageJob) => jobCost(job, entries, env.config.search);
  // What search indexes, volume by volume: what merge gives Pagefind, and the slicing order.
  const volumes = env.config.search ? searchVolumes(input.index, env.config.searchVolumeLimit) : undefined;
  const order = volumes ? volumeOrder(volumes) : {};
  const { slices, loads } = sliceJobs(routed.jobs, shard.of, cost, order);
  const first = shard.index === 1;
  const mine = slices[shard.index - 1]!;
  const compress = env.options.compress ?? false;
  const settings = mergeSettings(env.config, compress);
  const parts = shardKeyParts({
    tool: env.tool,
    load: env.key,
    render: input.renderKey,
    settings,
    stories: input.published,
    jobs: routed.jobs,
    cost,
  });
  const key = shardKey(parts);
  const summary: ShardSummary = {
    ...shard,
    pages: mine.length,
    allPages: slices.reduce((n, s) => n + s.length, 0),
    cost: loads[shard.index - 1]!,
    mean: loads.reduce((a, b) => a + b, 0) / shard.of,
    key,
  };
  const head = {
    shard: shard.index,
    of: shard.of,
    key,
    parts,
    settings,
    compress,
    // The clock, which every shard must share: merge names it when shards' differ.
    now: env.config.now,
    cost: summary.cost,
    // What merge gives Pagefind, in the order a single build does.
    ...(first && volumes ? { search: volumes.map(volumeUrls) } : {}),
  };
  return {
    routed: {
      jobs: first ? [...mine, ...routed.jobs.filter((job) => job.type === 'data')] : mine,
      // Pages kept as the last build left them (held stories'): one shard keeps them, the one that writes the rest.
      kept: first ? routed.kept : [],
      diagnostics: routed.diagnostics,
    },
    summary,
    record: { path: SHARD_MANIFEST_PATH, head },
  };
}

/**
 * The order pages are sliced in with search on: story pages first, volume by volume, so
 * that each cut between shards splits at most one volume of the search index, whatever
 * the permalink (a shard makes the volumes whose pages are all its own, merge the cut
 * ones); then the other pages, by output path. A volume that costs no more than a
 * shard's share is not cut at all (`sliceJobs`).
 */
function volumeOrder(volumes: readonly SearchVolume[]): SliceOrder {
  const volumeOf = new Map<string, string>();
  for (const volume of volumes) for (const story of volume.stories) volumeOf.set(story.id, volume.name);
  const group = (job: PageJob) => {
    const story = job.type === 'layout' && job.layout === 'story' ? (job as LayoutJob<'story'>).props.story : undefined;
    return story && volumeOf.get(story.id);
  };
  return {
    group,
    key: (job) => {
      const volume = group(job);
      // "\0" sorts before any path: story pages first.
      return volume === undefined ? job.output : `\0${volume}\0${job.output}`;
    },
  };
}
