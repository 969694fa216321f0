import path from 'node:path';
import type { ResolvedConfig } from '../config/config.ts';
import { CACHE_VERSION, type CacheEntry } from '../incremental/cache.ts';
import { defaultPolicy } from '../publish/csp.ts';
import type { LayoutJob, PageJob } from '../routes/route.ts';
import { sha256 } from '../util/hash.ts';
import { cutIntoRuns } from '../util/runs.ts';

/**
 * Sharded builds (`broadsheet build --shard I/N`): every shard routes the whole site, then
 * renders only its slice of the pages; shard 1 also writes every file that is not a
 * rendered page. `broadsheet merge` joins the shards' outputs into the site.
 */

/** Which shard of how many, counted from 1. */
export interface ShardSpec {
  readonly index: number;
  readonly of: number;
}

/** What a shard says of itself in its result and its record. */
export interface ShardSummary extends ShardSpec {
  /** Layout pages in its slice (rendered or kept), of every shard's. */
  readonly pages: number;
  readonly allPages: number;
  /** Its estimated work, and the mean of every shard's. */
  readonly cost: number;
  readonly mean: number;
  /** The inputs and settings every shard of one build shares, which merge compares. */
  readonly key: string;
}

/** `--shard I/N` (or another option's I/N) read; a string is the problem to report. */
export function parseShard(value: string, option = '--shard'): ShardSpec | string {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const [index, of] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(of))
    return `${option} "${value}" must be I/N, the number and how many there are (e.g. 2/4)`;
  if (of < 1) return `${option} "${value}": there must be at least one (N is 1 or more)`;
  if (index < 1 || index > of) return `${option} "${value}": the number must be from 1 to ${of}`;
  return { index, of };
}

/** A shard's own cache folder: shards built one after another in one project keep their page keys apart. */
export const shardCacheFolder = (root: string, shard: ShardSpec): string =>
  path.join(root, '.broadsheet', 'cache', `shard-${shard.index}-of-${shard.of}`, `v${CACHE_VERSION}`);

/**
 * Estimated work of a page, in about the time it takes to render: a page's frame, plus a
 * story's body (by its length), or a teaser per story a listing shows. A teaser weighs
 * more than its bytes: each formats its dates and builds its picture's sources, and
 * listings rendered about three times slower a page than story pages (docs/sharding.md).
 * Data files (feeds, sitemaps, stories.json) cost per story they list; they are all
 * shard 1's. With search on, a story page costs its indexing too: its shard makes the
 * search volumes whose pages are all its own, and Pagefind takes about three times as
 * long for a page as rendering it (docs/sharding.md).
 */
export function jobCost(job: PageJob, entries: Readonly<Record<string, CacheEntry>>, search: boolean): number {
  if (job.type === 'data') return DATA_ITEM * job.lists.length;
  if (job.layout === 'story') {
    const { story } = (job as LayoutJob<'story'>).props;
    return PAGE + (entries[story.id]?.loaded.body?.length ?? 0) + (search ? SEARCH_PAGE : 0);
  }
  return PAGE + TEASER * job.lists.length;
}
const PAGE = 4000;
const TEASER = 1200;
const DATA_ITEM = 300;
const SEARCH_PAGE = 25_000;

/** How `sliceJobs` orders pages, and which pages it keeps together. */
export interface SliceOrder {
  /** A page's place in the fixed order (default: its output path). */
  readonly key?: (job: PageJob) => string;
  /**
   * The group a page belongs to (a search volume), if any; pages of a group must be next
   * to each other in the order. A group that costs no more than a shard's share is never
   * cut between shards.
   */
  readonly group?: (job: PageJob) => string | undefined;
}

/**
 * Each shard's layout pages: the pages in a fixed order (`order.key`: their output path by
 * default), cut into N runs of about equal estimated work, each page going to the shard
 * in whose share of the total its middle falls. Shard 1 starts with the data files'
 * cost, since it writes them. Runs of a fixed order keep a page on its shard from one
 * build to the next: an added story or an edited body moves only a page or two at each
 * cut, so each shard's cache and last output stay of use. (Greedy longest-processing-time
 * balances as well, but one added story there moves a third of the pages to other
 * shards.) Every machine slices the same jobs the same way, whatever order the routes
 * listed them in.
 *
 * Pages of one group (`order.group`) that cost no more than a shard's share go together,
 * as one item whose middle decides: a search volume cut between shards is made by merge,
 * on one machine after all the shards, while one kept whole costs its shard at most half
 * of it more at each of its two cuts. Such a group moves between shards whole, when a
 * change takes its middle across a cut.
 */
export function sliceJobs(
  jobs: readonly PageJob[],
  of: number,
  cost: (job: PageJob) => number,
  order: SliceOrder = {},
): { slices: PageJob[][]; loads: number[] } {
  const { key = (job: PageJob) => job.output, group = () => undefined } = order;
  const loads = Array.from({ length: of }, () => 0);
  const slices: PageJob[][] = Array.from({ length: of }, () => []);
  const pages: { job: PageJob; cost: number; key: string }[] = [];
  for (const job of jobs) {
    if (job.type === 'data') loads[0]! += cost(job);
    else pages.push({ job, cost: cost(job), key: key(job) });
  }
  // Code-unit order, as `<` compares: the same on every machine and locale.
  pages.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const items = groupPages(
    pages.map((page) => ({ cost: page.cost, group: group(page.job) })),
    pages.reduce((sum, page) => sum + page.cost, loads[0]!) / of,
  );
  const runs = cutIntoRuns(
    items.map((item) => item.cost),
    of,
    loads[0]!,
  );
  items.forEach((item, i) => {
    for (let p = item.first; p < item.first + item.count; p++) {
      slices[runs[i]!]!.push(pages[p]!.job);
      loads[runs[i]!]! += pages[p]!.cost;
    }
  });
  return { slices, loads };
}

/**
 * The pages as the items slicing cuts between: each page on its own, but the pages of a
 * group that costs at most `share` as one item. A larger group is cut page by page (it
 * would weigh one shard down by more than a share).
 */
function groupPages(
  pages: readonly { readonly cost: number; readonly group: string | undefined }[],
  share: number,
): { first: number; count: number; cost: number }[] {
  const items: { first: number; count: number; cost: number }[] = [];
  let first = 0;
  while (first < pages.length) {
    const name = pages[first]!.group;
    let end = first + 1;
    while (name !== undefined && end < pages.length && pages[end]!.group === name) end++;
    const group = pages.slice(first, end);
    const cost = group.reduce((sum, page) => sum + page.cost, 0);
    if (name !== undefined && cost <= share) items.push({ first, count: group.length, cost });
    else group.forEach((page, i) => items.push({ first: first + i, count: 1, cost: page.cost }));
    first = end;
  }
  return items;
}

/** What merge does with the config (search, `_headers`, compression): the shards' and merge's must agree. */
export function mergeSettings(config: ResolvedConfig, compress: boolean): string {
  return sha256(
    JSON.stringify({
      url: config.url,
      basePath: config.basePath,
      search: config.search,
      language: config.language,
      headers: config.headers,
      policy: config.headers.contentSecurityPolicy ?? defaultPolicy(config),
      compress,
    }),
  );
}

/**
 * What every shard of one build shares, each part as a digest: the tool, what articles
 * load and pages render with, the merge settings, every story, every page's place and
 * cost. A shard records them, so that merge can say which part differs.
 */
export function shardKeyParts(parts: {
  readonly tool: string;
  readonly load: string;
  readonly render: string;
  readonly settings: string;
  readonly stories: readonly { readonly id: string; readonly hash: string }[];
  readonly jobs: readonly PageJob[];
  readonly cost: (job: PageJob) => number;
}): Record<ShardKeyPart, string> {
  return {
    tool: parts.tool,
    load: parts.load,
    render: parts.render,
    settings: parts.settings,
    stories: sha256(parts.stories.map((story) => `${story.id}\0${story.hash}`).join('\n')),
    pages: sha256(parts.jobs.map((job) => `${job.output}\0${parts.cost(job)}`).join('\n')),
  };
}

export type ShardKeyPart = 'tool' | 'load' | 'render' | 'settings' | 'stories' | 'pages';

/** The key every shard of one build shares: its parts, hashed. */
export const shardKey = (parts: Record<ShardKeyPart, string>): string => sha256(JSON.stringify(parts));

/** What a shard made otherwise than another did, as a person would fix it, by key part. */
export const SHARD_PART_NAMES: Readonly<Record<ShardKeyPart, string>> = {
  tool: 'another version of Broadsheet',
  load: 'other load settings (the URL, Markdown, permalink, time zone, sections, language or images of the config)',
  render: 'other layouts or render settings',
  settings: 'another site URL, search, language or _headers setting',
  stories: 'other articles (a story added, edited or removed since)',
  pages: 'other pages (another --now, or a story held back)',
};
