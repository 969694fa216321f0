import path from 'node:path';
import type { AuthorProfile } from '../config/authors-file.ts';
import type { BuildStats } from './build.ts';
import { storyBodies } from '../incremental/body-store.ts';
import type { CacheData, CacheEntry } from '../incremental/cache.ts';
import type { ResolvedConfig } from '../config/config.ts';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { gatherArticles } from '../site/gather.ts';
import { Output } from '../output/output.ts';
import { dataKey, pageKey } from '../incremental/page-key.ts';
import type { Executor } from '../workers/pool.ts';
import { placementKey } from '../incremental/placement.ts';
import { writeDataJob } from '../incremental/splice.ts';
import { patchIndex, swapObjects } from './patch-index.ts';
import { dataRoutes } from '../routes/index.ts';
import type { LayoutJob, RouteInput } from '../routes/route.ts';
import { selectPublished, type Selection } from '../site/select.ts';
import type { SiteIndex } from '../site/site-index.ts';
import { createSite, type SiteData } from '../site/site.ts';
import type { StorySummary } from '../content/story.ts';
import type { RenderInput } from '../workers/tasks.ts';
import type { FileDigest } from '../output/manifest.ts';

/** What a full build leaves for quick rebuilds after it (watch mode keeps it in memory). */
export interface QuickMemo {
  readonly layoutsHash: string;
  readonly renderKey: string;
  /** Article ids and other files of the articles folder, as discovered. */
  readonly articleIds: readonly string[];
  readonly files: ReadonlySet<string>;
  /** The index as it is now, and the full build's with the maps between their summaries. */
  readonly index: SiteIndex;
  readonly baseIndex: SiteIndex;
  readonly forward: ReadonlyMap<StorySummary, StorySummary>;
  readonly backward: ReadonlyMap<StorySummary, StorySummary>;
  readonly profiles: ReadonlyMap<string, AuthorProfile>;
  readonly siteData: SiteData;
  readonly layoutJobs: readonly LayoutJob[];
  /** Story id → positions in `layoutJobs` of the pages that list it. */
  readonly byStory: ReadonlyMap<string, readonly number[]>;
}

export interface QuickInput {
  readonly config: ResolvedConfig;
  readonly cwd: string;
  readonly cacheDir: string;
  readonly executor: Executor;
  readonly cache: CacheData;
  readonly manifest: Readonly<Record<string, FileDigest>>;
  readonly memo: QuickMemo;
  readonly layoutsHash: string;
  /** Absolute paths of the changed articles. */
  readonly changed: ReadonlySet<string>;
  readonly shown: (id: string) => string;
  readonly relocate: (story: StorySummary, slug: string) => StorySummary;
  readonly stage: <T>(name: string, run: () => Promise<T> | T) => Promise<T>;
  /** Called once the pages are in place, before feeds, sitemaps and stories.json follow. */
  readonly onPages?: ((changed: readonly string[]) => void) | undefined;
}

/** A quick rebuild's outcome: the build's counts (stories and skips come from `selection`) and the state after it. */
export interface QuickResult extends Omit<BuildStats, 'stories' | 'drafts' | 'embargoed'> {
  readonly diagnostics: readonly Diagnostic[];
  readonly cache: CacheData;
  readonly manifest: Record<string, FileDigest>;
  readonly memo: QuickMemo;
  readonly selection: Selection<StorySummary>;
  readonly changed: readonly string[];
}

/** How long phase 2 waits after the pages are in place, for the browser's reload to be served. */
const SETTLE_MS = 120;

export function rememberStories(layoutJobs: readonly LayoutJob[]): Map<string, number[]> {
  const byStory = new Map<string, number[]>();
  layoutJobs.forEach((job, i) => {
    for (const id of job.lists) {
      const list = byStory.get(id);
      if (list) list.push(i);
      else byStory.set(id, [i]);
    }
  });
  return byStory;
}

/**
 * Rebuild after articles changed in place, from the last build's pages: load the changed
 * files, and if every story kept its place, render only the pages and files that list
 * one of them. Returns undefined whenever the full path is needed (a new or deleted file,
 * an error, a story that moved, new layouts): that path then does the whole job.
 */
export async function quickBuild(input: QuickInput): Promise<QuickResult | undefined> {
  const { config, memo, cache, executor, stage } = input;
  if (input.layoutsHash !== memo.layoutsHash || cache.renderKey !== memo.renderKey) return undefined;
  const known = new Set(memo.articleIds);
  const ids = [...input.changed].map((file) => path.relative(config.articles, file).split(path.sep).join('/'));
  if (ids.length === 0 || ids.some((id) => !known.has(id) || !cache.entries[id])) return undefined;

  // load
  const needed = ids.map((id) => ({
    id,
    path: path.join(config.articles, id),
    file: input.shown(id),
    known: cache.entries[id]!.loaded.source,
  }));
  const { outputs, threads } = await stage('load', () => executor.load(needed));
  const entries: Record<string, CacheEntry> = { ...cache.entries };
  const owners = new Map<string, number>();
  for (const [i, out] of outputs.entries()) {
    // A file that vanished or cannot be read is for the full path to report.
    if ('error' in out) return undefined;
    if ('unchanged' in out) entries[out.id] = { stat: out.stat, loaded: entries[out.id]!.loaded };
    else {
      entries[out.id] = { stat: out.stat, loaded: out.loaded };
      if (out.loaded.summary) owners.set(out.loaded.summary.hash, threads[i]!);
    }
  }

  // select and index, from metadata: cheap, and the same functions as a full build.
  const gathered = gatherArticles(memo.articleIds, entries, memo.files, input.shown);
  const diagnostics = [...gathered.diagnostics];
  if (hasErrors(diagnostics)) return undefined;
  const selection = selectPublished(gathered.summaries, config, (s) => input.shown(s.id), input.relocate);
  diagnostics.push(...selection.diagnostics);
  if (hasErrors(diagnostics)) return undefined;
  const published = new Map(selection.published.map((s) => [s.id, s]));
  const replace = new Map<StorySummary, StorySummary>();
  for (const id of ids) {
    const before = memo.index.byId.get(id);
    const after = published.get(id);
    if (!before && !after) continue; // a draft or embargoed story, still unpublished
    if (!before || !after || placementKey(before) !== placementKey(after)) return undefined;
    if (before !== after) replace.set(before, after);
  }
  // The same index a full build would make (every story kept its place), without making it.
  const forward = new Map(memo.forward);
  const backward = new Map(memo.backward);
  for (const [before, after] of replace) {
    const base = memo.backward.get(before) ?? before;
    forward.set(base, after);
    backward.delete(before);
    backward.set(after, base);
  }
  const index = patchIndex(memo.baseIndex, forward, backward);

  const site = createSite(memo.siteData);
  const changedIds = new Set(ids);
  const layoutJobs = [...memo.layoutJobs];
  const pages: Record<string, string> = { ...cache.pages };
  const pieces = { ...cache.pieces };

  // Phase 1, the pages: an editor is looking at one of them.
  const first = new Output(config.out, input.manifest);
  await first.open();
  const todo: RenderInput[] = [];
  const own = (item: RenderInput) =>
    item.job.layout === 'story' && changedIds.has((item.job as LayoutJob<'story'>).props.story.id);
  const shownEarly: string[] = [];
  try {
    for (const i of new Set(ids.flatMap((id) => memo.byStory.get(id) ?? []))) {
      const job = swapObjects(layoutJobs[i]!, replace);
      layoutJobs[i] = job;
      const k = pageKey(job, index);
      if (pages[job.output] === k && first.keep(job.output)) continue;
      pages[job.output] = k;
      const body =
        job.layout === 'story' ? entries[(job as LayoutJob<'story'>).props.story.id]?.loaded.body : undefined;
      todo.push({ job, previous: input.manifest[job.output], body });
    }
    if (todo.length) {
      await stage('render', async () => {
        const problems = await executor.prepareRender({
          site: memo.siteData,
          layoutsDir: config.layouts,
          cacheDir: input.cacheDir,
          staging: first.staging,
          cwd: input.cwd,
        });
        diagnostics.push(...problems);
        if (problems.length) return;
        const owner = (item: RenderInput) =>
          item.job.layout === 'story' ? owners.get((item.job as LayoutJob<'story'>).props.story.hash) : undefined;
        // The pages of the edited stories first, and in place at once: that is where the
        // editor is looking. Then the listings and other stories' pages that show them.
        for (const [batch, early] of [
          [todo.filter(own), true],
          [todo.filter((item) => !own(item)), false],
        ] as const) {
          if (batch.length === 0) continue;
          const rendered = await executor.render(batch, owner);
          for (const r of rendered) {
            if ('error' in r) diagnostics.push(r.error);
            else first.record(r.output, r.digest, r.staged);
          }
          if (hasErrors(diagnostics)) return;
          if (early) {
            const moved = await first.moveNow(batch.map((item) => item.job.output));
            if (moved.length) {
              shownEarly.push(...moved);
              input.onPages?.(moved);
            }
          }
        }
      });
    }
    if (hasErrors(diagnostics)) {
      await first.abort();
      return undefined;
    }
    keepTheRest(first, input.manifest);
    await stage('commit', () => first.commit({ manifest: false }));
  } catch (error) {
    await first.abort();
    throw error;
  }
  const pageChanges = first.changes();
  const rest = pageChanges.paths.filter((rel) => !shownEarly.includes(rel));
  if (input.onPages && pageChanges.paths.length) {
    if (rest.length) input.onPages(rest);
    // Phase 2 keeps the main thread busy for a while (stories.json and the sitemaps list
    // every story): let the dev server answer the browser's reload first.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }

  // Phase 2: feeds, sitemaps, stories.json and redirects that list a changed story.
  const afterPages = Object.fromEntries(first.files);
  const second = new Output(config.out, afterPages);
  await second.open();
  let dataPages = 0;
  try {
    await stage('data', async () => {
      const routeInput: RouteInput = {
        index,
        site,
        config,
        bodies: storyBodies(input.cacheDir, (id) => entries[id]?.loaded.body),
        // Enclosure sizes are of copied files, which have not changed: the last build's.
        fileSize: (link) => {
          const rel = link.startsWith(config.basePath) ? decodeURI(link.slice(config.basePath.length)) : undefined;
          return rel === undefined ? undefined : afterPages[rel]?.size;
        },
      };
      for (const route of Object.values(dataRoutes)) {
        for (const job of route(routeInput)) {
          dataPages++;
          if (job.type !== 'data' || !job.lists.some((id) => changedIds.has(id))) continue;
          const k = dataKey(job, index);
          if (pages[job.output] === k && second.keep(job.output)) continue;
          pages[job.output] = k;
          // The settings are the full build's: unchanged stories' pieces are as they were.
          const written = await writeDataJob(second, job, pieces[job.output]);
          if (written) pieces[job.output] = written;
        }
      }
    });
    keepTheRest(second, afterPages);
    await stage('commit', () => second.commit({ manifest: 'always' }));
  } catch (error) {
    await second.abort();
    throw error;
  }
  const dataChanges = second.changes();
  let bytes = 0;
  for (const file of second.files.values()) bytes += file.size;
  return {
    diagnostics,
    cache: { ...cache, entries, pages, pieces },
    manifest: Object.fromEntries(second.files),
    memo: { ...memo, index, forward, backward, layoutJobs },
    selection,
    loaded: outputs.filter((o) => 'loaded' in o).length,
    pages: layoutJobs.length + dataPages,
    rendered: todo.length,
    files: second.files.size,
    bytes,
    written: pageChanges.written + dataChanges.written,
    deleted: pageChanges.deleted + dataChanges.deleted,
    changed: [...new Set([...pageChanges.paths, ...dataChanges.paths])].sort(),
  };
}

/** Keep every file of the last build that this one has not written. */
function keepTheRest(output: Output, previous: Readonly<Record<string, FileDigest>>): void {
  for (const rel of Object.keys(previous)) if (!output.files.has(rel)) output.keep(rel);
}
