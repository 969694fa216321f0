import { availableParallelism, totalmem } from 'node:os';
import path from 'node:path';
import { configShown } from '../../config/config-file.ts';
import type { ResolvedConfig } from '../../config/config.ts';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import type { Output } from '../../output/output.ts';
import { COMPRESSED_SUFFIXES } from '../../publish/compress.ts';
import { outputPath, SEARCH_FOLDER } from '../../routes/route.ts';
import type { SiteIndex } from '../../site/site-index.ts';
import type { Env } from '../env.ts';
import { decideVolumes, type SearchRecord } from '../../incremental/search-record.ts';
import { searchVolumes, type SearchVolume } from '../../site/search-volumes.ts';

/** What the search stage did: its warnings, and the record of the index now in the output. */
export interface Searched {
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Each volume's record, by name. Undefined when the index is not one this stage can
   * vouch for (watch mode's, or one Pagefind reported errors for). A record's `pending`
   * are the stories left out of its volume for now.
   */
  readonly record: SearchRecords | undefined;
}

/** Made with the number of pages to index; told how many are indexed as they are. */
export type Ticker = (total: number) => (done: number) => void;

/** The records of the search index's volumes, by volume name. */
export type SearchRecords = Readonly<Record<string, SearchRecord>>;

/** Stories left out of the search index for now, over all its volumes. */
export const pendingStories = (records: SearchRecords | undefined): number =>
  Object.values(records ?? {}).reduce((sum, record) => sum + record.pending.length, 0);

/**
 * search: the Pagefind index of every story page, in volumes of a year each, or of a
 * month or a day where a year is large (`searchVolumes`); a shard's, of the volumes
 * whose pages are all its own. A volume is kept as the last build made it when it
 * indexed exactly its stories published now (same content, same search key), or with
 * `deferSearch` when it lacks only newly published ones (`decideSearch`): they are
 * searchable after the next build without it. Any other volume is made again, alone.
 * Watch mode keeps the volumes it has and makes only missing ones.
 */
export async function indexSearch(
  env: Env,
  index: SiteIndex,
  input: {
    /** The plan's search key. */
    readonly render: string;
    /** The name layouts show for a section. */
    readonly sectionName: (id: string) => string;
    readonly record: SearchRecords | undefined;
    /** Ids of the stories published anew since the last build (`publishedAnew`). */
    readonly changed: ReadonlySet<string>;
    /**
     * The story pages this build writes, for a shard (`--shard`): it makes only the
     * volumes whose every story page is its own, and leaves the others to merge.
     */
    readonly own?: ReadonlySet<string> | undefined;
    /** Told the pages indexed so far, of the volumes made again. */
    readonly progress?: Ticker | undefined;
  },
  output: Output,
): Promise<Searched> {
  const watching = env.options.refreshSearch === false;
  const records: Record<string, SearchRecord> = {};
  const again: SearchVolume[] = [];
  const { own } = input;
  const volumes = searchVolumes(index, env.config.searchVolumeLimit).filter(
    (volume) => !own || volume.stories.every((story) => own.has(outputPath(story.url))),
  );
  const decisions = decideVolumes({
    volumes: volumes.map((volume) => ({
      name: volume.name,
      stories: volume.stories.map((story) => ({
        id: story.id,
        url: story.url,
        key: `${story.hash}\0${story.section ? input.sectionName(story.section) : ''}`,
        date: story.date.epoch,
      })),
    })),
    render: input.render,
    now: env.config.now,
    records: input.record,
    changed: input.changed,
    // A shard's volumes are merged into a site whose other volumes merge makes whole.
    defer: !own && (env.options.deferSearch ?? false),
  });
  const keepVolume = volumeKeeper(output);
  for (const [i, volume] of volumes.entries()) {
    const decided = decisions[i]!;
    const keep = watching || decided.kind !== 'refresh';
    if (keep && keepVolume(volume.name)) records[volume.name] = decided.kept;
    else {
      again.push(volume);
      records[volume.name] = decided.fresh;
    }
  }
  const diagnostics = await searchVolumePages(env.config, env.cwd, again.map(volumeUrls), output, {
    jobs: env.options.jobs,
    progress: input.progress,
  });
  // A page Pagefind could not index is missing from it: the next build tries again.
  return { diagnostics, record: diagnostics.length === 0 && !watching ? records : undefined };
}

/**
 * A keeper of the previous output's search volumes: `keep(name)` keeps a volume's files
 * as they are, if it has any, and says whether it had. The output's files are sorted
 * into volumes once, not walked again for each volume.
 */
export function volumeKeeper(output: Output): (name: string) => boolean {
  const byVolume = new Map<string, string[]>();
  const prefix = `${SEARCH_FOLDER}/`;
  for (const rel in output.previous ?? {}) {
    // Its files, not the compressed copies of them, which the compress stage decides on.
    if (!rel.startsWith(prefix) || COMPRESSED_SUFFIXES.some((suffix) => rel.endsWith(suffix))) continue;
    const cut = rel.indexOf('/', prefix.length);
    if (cut === -1) continue;
    const name = rel.slice(prefix.length, cut);
    const list = byVolume.get(name);
    if (list) list.push(rel);
    else byVolume.set(name, [rel]);
  }
  return (name) => {
    const own = byVolume.get(name) ?? [];
    for (const rel of own) output.keep(rel);
    return own.length > 0;
  };
}

/** A volume's name and the URLs of its story pages, in the order Pagefind is given them. */
export interface VolumeUrls {
  readonly name: string;
  readonly urls: readonly string[];
}

/** What search gives Pagefind of a volume: every story page, described this time or not. */
export const volumeUrls = (volume: SearchVolume): VolumeUrls => ({
  name: volume.name,
  urls: volume.stories.map((story) => story.url),
});

/**
 * The Pagefind bundles of these volumes' story pages, read from the output (`broadsheet
 * merge` runs it over the shards' pages), each written to its volume's folder. URLs are
 * relative to the site: the search page gives Pagefind the base path.
 */
export async function searchVolumePages(
  config: ResolvedConfig,
  cwd: string,
  volumes: readonly VolumeUrls[],
  output: Output,
  /** Volumes made side by side at most (default: the cores), and who is told the pages indexed. */
  options: { readonly jobs?: number | undefined; readonly progress?: Ticker | undefined } = {},
): Promise<Diagnostic[]> {
  const { jobs = availableParallelism(), progress } = options;
  if (volumes.length === 0) return [];
  // Imported here: Pagefind is only needed when a volume is made again.
  const { buildSearchIndexes } = await import('../../publish/search-index.ts');
  const { errors } = await buildSearchIndexes(
    volumes.map((volume) => ({
      name: volume.name,
      pages: volume.urls.map((url) => ({
        url,
        content: async () => (await output.read(outputPath(url))).toString('utf8'),
      })),
    })),
    config.language,
    async (volume, files) => {
      for (const file of files) await output.write(`${SEARCH_FOLDER}/${volume.name}/${file.path}`, file.content);
    },
    searchThreads(volumes, jobs, machineMemory()),
    progress?.(volumes.reduce((sum, volume) => sum + volume.urls.length, 0)),
  );
  const shown = path.relative(cwd, config.out) || '.';
  return errors.map((message) => diagnostic('search-index', { file: shown }, message, { severity: 'warning' }));
}

/**
 * Pagefind's memory for a page while it makes an index, with a margin over what was
 * measured (docs/performance.md).
 */
const PAGEFIND_BYTES_A_PAGE = 256 * 1024;

/** The memory this process may use: a container's limit when it has one, else the machine's. */
function machineMemory(): number {
  const limit = process.constrainedMemory?.();
  return limit !== undefined && limit > 0 && limit < totalmem() ? limit : totalmem();
}

/**
 * How many volumes to make side by side: one a thread, but no more than the largest
 * volumes being made at once would fit in half the machine's memory.
 */
export function searchThreads(volumes: readonly VolumeUrls[], jobs: number, memory: number): number {
  const largest = Math.max(0, ...volumes.map((volume) => volume.urls.length));
  const fit = Math.floor(memory / 2 / Math.max(1, largest * PAGEFIND_BYTES_A_PAGE));
  return Math.max(1, Math.min(jobs, volumes.length, fit));
}

/** The warning of a site built without search. */
export function searchOff(config: ResolvedConfig, cwd: string): Diagnostic {
  const file = configShown(config, cwd);
  return diagnostic('search-off', { file }, 'search indexing is off (search: false): the site has no search page', {
    severity: 'warning',
  });
}
