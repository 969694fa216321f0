import { statSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fingerprintAssets, plainFiles, type CopiedFile } from '../render/assets.ts';
import { loadAuthorProfiles } from '../config/authors-file.ts';
import { packFileName, storyBodies } from '../incremental/body-store.ts';
import { CACHE_VERSION, readCache, writeCache, type CacheData, type CacheEntry } from '../incremental/cache.ts';
import { findConfigFile, type ResolvedConfig } from '../config/config.ts';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { discover } from '../content/discover.ts';
import { layoutsVersion } from '../render/layouts.ts';
import { loadKey } from '../incremental/load-key.ts';
import { toolVersion } from '../incremental/tool-version.ts';
import { Output } from '../output/output.ts';
import { dataKey, pageKey } from '../incremental/page-key.ts';
import { mapConcurrently } from '../util/concurrently.ts';
import { createExecutor, defaultJobs, worthThreads, type Executor, type Work } from '../workers/pool.ts';
import { routes } from '../routes/index.ts';
import { outputPath, type LayoutJob, type PageJob, type RouteInput } from '../routes/route.ts';
import { selectPublished } from '../site/select.ts';
import { buildSiteIndex } from '../site/site-index.ts';
import { createSite, type SiteData } from '../site/site.ts';
import { expandPermalink } from '../content/permalink.ts';
import type { StorySummary } from '../content/story.ts';
import { compiledLayoutsDir, type RenderInput } from '../workers/tasks.ts';
import { checkUpToDate, validUntil, writeState } from '../incremental/up-to-date.ts';
import { sameStat, statAll } from '../util/file-stat.ts';
import { gatherArticles } from '../site/gather.ts';
import { placementDigest } from '../incremental/placement.ts';
import { writeDataJob, type PieceIndex } from '../incremental/splice.ts';
import { quickBuild, rememberStories, type QuickMemo } from './quick-build.ts';
import { joinInside, relativeTo } from '../util/relative-path.ts';
import type { CheckSummary } from '../check/check.ts';
import { COMPRESSED_SUFFIXES, compressible, precompress } from '../publish/compress.ts';
import { HEADERS_FILE, headerRules, renderHeaders } from '../publish/headers.ts';
import { sha256 } from '../util/hash.ts';
import type { FileStat } from '../util/file-stat.ts';
import { checkOutputFolder } from '../output/output-folder.ts';
import { readManifest, type FileDigest } from '../output/manifest.ts';

/** Progress callbacks; the CLI prints them, tests ignore them. */
export interface Progress {
  stage?(name: string): void;
  tick?(stage: string, done: number, total: number): void;
}

export interface BuildOptions {
  /** Where paths in messages are relative to. Default: process.cwd(). */
  readonly cwd?: string;
  readonly progress?: Progress;
  /** Worker threads. Default: one per available core; small sites always build on one thread. */
  readonly jobs?: number;
  /** Use and update the persistent cache in .broadsheet/cache/. Default true. */
  readonly cache?: boolean;
  /**
   * Render in worker threads even for small sites, and start new ones when the layouts
   * change: a long-lived process (watch mode) then always runs the current layout code,
   * since a module once imported cannot be unloaded. Default false.
   */
  readonly isolateLayouts?: boolean;
  /**
   * Re-index search when pages changed. Watch mode turns this off: Pagefind indexes the
   * whole site each time, which would dominate a one-story rebuild; the index from the
   * first build is kept. Default true.
   */
  readonly refreshSearch?: boolean;
  /**
   * Keep the last build's pages in memory and rebuild a story edited in place from them,
   * rendering only the pages that list it (watch mode). Default false.
   */
  readonly quick?: boolean;
  /** Write `.br` and `.gz` copies of text files (`--compress`). Default false. */
  readonly compress?: boolean;
  /**
   * Check the finished site (`--check`) before it replaces the output: a site with broken
   * links, feeds or metadata fails the build and the output stays as it was. Default false.
   */
  readonly check?: boolean;
}

/** What changed since the last build, when the caller knows (watch mode); otherwise everything is checked. */
export interface BuildHint {
  /** Absolute paths of article files that were added, changed or removed. */
  readonly articles: ReadonlySet<string>;
  /**
   * Called when a quick rebuild (`quick`) has put the pages in place, before the feeds,
   * sitemaps and stories.json that follow them: watch mode reloads the browser then.
   */
  readonly onPages?: (changed: readonly string[]) => void;
}

export interface BuildStats {
  /** Articles read and parsed this time (the rest came from the cache). */
  readonly loaded: number;
  readonly stories: number;
  readonly drafts: number;
  readonly embargoed: number;
  /** Pages and data files produced by routes. */
  readonly pages: number;
  /** Pages actually rendered this time (the rest were unchanged). */
  readonly rendered: number;
  readonly files: number;
  readonly bytes: number;
  readonly written: number;
  readonly deleted: number;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: BuildStats;
  /** Milliseconds per stage, in the order they ran. */
  readonly timings: readonly (readonly [stage: string, ms: number])[];
  /** Embargoed stories and when they may be published, for the CLI summary. */
  readonly embargoes: readonly { readonly id: string; readonly date: string }[];
  readonly threads: number;
  /** Output files written or deleted by this build (for live reload). */
  readonly changed: readonly string[];
  /** What `check` looked at, when the build was checked. */
  readonly checked?: CheckSummary;
}

/** A builder keeps its cache and worker pool between builds (watch mode builds many times). */
export interface Builder {
  build(hint?: BuildHint): Promise<BuildResult>;
  /** Start worker threads and import the pipeline and layouts now, so the next build starts at once. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/** Build once and release the worker pool. */
export async function build(config: ResolvedConfig, options: BuildOptions = {}): Promise<BuildResult> {
  const builder = createBuilder(config, options, { once: true });
  try {
    return await builder.build();
  } finally {
    await builder.close();
  }
}

/**
 * `once`: the builder builds a single time (`build()`), so its worker threads are let go as
 * soon as the pages are rendered: their heaps would otherwise stay through the feeds,
 * copies and cache write, which is where a large build's memory peaks.
 */
export function createBuilder(config: ResolvedConfig, options: BuildOptions = {}, { once = false } = {}): Builder {
  const cwd = options.cwd ?? process.cwd();
  const useCache = options.cache ?? true;
  const tool = toolVersion();
  const key = loadKey(config, tool);
  let cacheDir: string | undefined;
  let cache: CacheData | undefined;
  let executor: Executor | undefined;
  let executorLayouts: string | undefined;
  /** The manifest of the output as the last build left it (read from disk only the first time). */
  let manifest: Readonly<Record<string, FileDigest>> | undefined;
  let cacheWrite: Promise<void> = Promise.resolve();
  /** The persistent cache, or with `--no-cache` a temporary folder removed at close. */
  const cacheFolder = async () =>
    useCache
      ? path.join(config.root, '.broadsheet', 'cache', `v${CACHE_VERSION}`)
      : mkdtemp(path.join(tmpdir(), 'broadsheet-cache-'));
  const newExecutor = (work: Work) =>
    createExecutor(options.jobs ?? defaultJobs(), { config, cacheDir: cacheDir!, key }, work, {
      isolate: options.isolateLayouts ?? false,
    });

  const shown = (id: string) => path.relative(cwd, joinInside(config.articles, id));
  const relocate = (story: StorySummary, slug: string): StorySummary => {
    const url = expandPermalink(config.permalink, { ...story, slug }, config.timeZone) ?? story.url;
    // The URL is part of what pages show, so it is part of the story's hash too.
    return { ...story, slug, url, hash: sha256(`${story.hash}\0${url}`) };
  };
  /** The last full build's pages, for quick rebuilds (`quick`). */
  let memo: QuickMemo | undefined;
  let saveTimer: NodeJS.Timeout | undefined;
  /**
   * Save the cache once quick rebuilds have stopped for a while (and at close): writing
   * it blocks the main thread for a moment, which an editor saving often would feel.
   */
  const scheduleSave = () => {
    if (!useCache) return;
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      const saving = cache;
      if (saving && cacheDir) cacheWrite = cacheWrite.then(() => saveCache(cacheDir!, saving, false));
    }, 60_000);
    saveTimer.unref();
  };

  return {
    async warm() {
      cacheDir ??= await cacheFolder();
      const layoutsHash = await layoutsVersion(config.layouts, compiledLayoutsDir(cacheDir));
      if (executor && executorLayouts !== layoutsHash) {
        await executor.close();
        executor = undefined;
      }
      executor ??= newExecutor({ articles: 0 });
      executorLayouts = layoutsHash;
      await executor.warm(config.layouts, cwd, cacheDir);
    },

    async close() {
      const unsaved = saveTimer !== undefined;
      clearTimeout(saveTimer);
      saveTimer = undefined;
      await cacheWrite;
      // Watch mode saves at the end, collecting body packs no entry refers to any more.
      const collect = options.isolateLayouts ?? false;
      if (useCache && cache && cacheDir && (collect || unsaved)) await saveCache(cacheDir, cache, collect);
      await executor?.close();
      executor = undefined;
      if (!useCache && cacheDir) await rm(cacheDir, { recursive: true, force: true });
    },

    async build(hint) {
      const started = Date.now();
      const progress = options.progress ?? {};
      const timings: [string, number][] = [];
      const diagnostics: Diagnostic[] = [];
      const stage = async <T>(name: string, run: () => Promise<T> | T): Promise<T> => {
        progress.stage?.(name);
        const start = performance.now();
        try {
          return await run();
        } finally {
          timings.push([name, performance.now() - start]);
        }
      };
      const empty: BuildStats = {
        loaded: 0,
        stories: 0,
        drafts: 0,
        embargoed: 0,
        pages: 0,
        rendered: 0,
        files: 0,
        bytes: 0,
        written: 0,
        deleted: 0,
      };
      const result = (
        ok: boolean,
        stats = empty,
        embargoes: BuildResult['embargoes'] = [],
        checked?: CheckSummary,
      ): BuildResult => ({
        ok,
        diagnostics: sortDiagnostics(diagnostics),
        stats,
        timings,
        embargoes,
        threads: executor?.threads ?? released ?? 1,
        changed,
        ...(checked ? { checked } : {}),
      });
      let changed: string[] = [];
      /** Threads of a pool already let go (`once`). */
      let released: number | undefined;

      const problem = checkOutputFolder(config.out, [config.root, config.articles, config.layouts, config.public, cwd]);
      if (problem) {
        diagnostics.push(diagnostic('output-unsafe', { file: path.relative(cwd, config.out) || '.' }, problem));
        return result(false);
      }

      cacheDir ??= await cacheFolder();
      const layoutsHash = await stage('layouts', () => layoutsVersion(config.layouts, compiledLayoutsDir(cacheDir!)));
      if (options.isolateLayouts && executor && executorLayouts !== layoutsHash) {
        // New layout code: new threads, since an imported module cannot be replaced.
        await executor.close();
        executor = undefined;
      }
      if (hint && memo && executor && cache && manifest && !options.compress && !options.check) {
        const quick = await quickBuild({
          config,
          cwd,
          cacheDir,
          executor,
          cache,
          manifest,
          memo,
          layoutsHash,
          changed: hint.articles,
          shown,
          relocate,
          stage,
          onPages: hint.onPages,
        });
        if (quick) {
          diagnostics.push(...quick.diagnostics);
          ({ cache, manifest, memo } = quick);
          changed = [...quick.changed];
          scheduleSave();
          const { selection } = quick;
          return result(
            true,
            {
              loaded: quick.loaded,
              stories: selection.published.length,
              drafts: selection.drafts.length,
              embargoed: selection.embargoed.length,
              pages: quick.pages,
              rendered: quick.rendered,
              files: quick.files,
              bytes: quick.bytes,
              written: quick.written,
              deleted: quick.deleted,
            },
            selection.embargoed.map((s) => ({ id: shown(s.id), date: s.date.iso })),
          );
        }
      }
      memo = undefined;
      await executor?.reset();
      const entries: Record<string, CacheEntry> = {};
      /** Which thread loaded a story this build (it still holds the body), by story hash. */
      const owners = new Map<string, number>();
      /**
       * The executor for a stage's work. One made on the calling thread for a little (a stage
       * that loaded one story, or an earlier build) is replaced by threads once a stage has
       * many: rendering every page after a layout change, say. Bodies it loaded are in the packs.
       */
      const executorFor = async (work: Work): Promise<Executor> => {
        if (executor?.threads === 1 && worthThreads(options.jobs ?? defaultJobs(), work)) {
          await executor.close();
          executor = undefined;
          owners.clear();
        }
        executor ??= newExecutor(work);
        executorLayouts = layoutsHash;
        return executor;
      };

      // discover
      const found = await stage('discover', () => discover(config.articles));
      const files = new Set(found.files);
      /** Each article's absolute path, joined once: the stages below ask for it article by article. */
      const articlePaths = found.articles.map((id) => joinInside(config.articles, id));
      /** With a hint, only the articles named in it can have changed; the others are not even statted. */
      const trusted = (i: number) => hint !== undefined && !hint.articles.has(articlePaths[i]!);

      // up to date? Everything a build reads, by stat, against the last successful build.
      const articleStats = await stage('stat', () =>
        statAll(articlePaths.map((file, i) => (trusted(i) ? undefined : file))),
      );
      const shortcut = useCache && !hint && !options.isolateLayouts;
      let inputs = '';
      /** Stats of the files the up-to-date check looked at, by absolute path. */
      let statted: ReadonlyMap<string, FileStat | undefined> = new Map();
      if (shortcut) {
        const result = await stage('up-to-date', async () => {
          const checked = await checkUpToDate<BuildResult>({
            config,
            cacheDir: cacheDir!,
            settings: JSON.stringify({
              tool,
              key,
              config: portableConfig(config),
              drafts: config.drafts,
              layouts: layoutsHash,
              out: config.out,
              compress: options.compress,
              check: options.check,
            }),
            articles: found.articles.map((id, i) => [id, articleStats[i]] as const),
            articleFiles: found.files,
          });
          inputs = checked.inputs;
          statted = checked.stats;
          return checked.result;
        });
        if (result)
          return {
            ...result,
            timings,
            changed: [],
            stats: { ...result.stats, loaded: 0, rendered: 0, written: 0, deleted: 0 },
          };
      }
      // Read only now: for a large archive the cache is the biggest file a build reads.
      cache ??= await stage('restore', () => readCache(cacheDir!, key));

      // load: stat every article; only new or changed files are read, hashed and parsed.
      let loadedCount = 0;
      await stage('load', async () => {
        const needed = found.articles.flatMap((id, i) => {
          const previous = cache!.entries[id];
          const now = articleStats[i];
          if (previous && (trusted(i) || (now && sameStat(previous.stat, now)))) {
            entries[id] = previous;
            return [];
          }
          return [{ id, path: articlePaths[i]!, file: shown(id), known: previous?.loaded.source }];
        });
        loadedCount = needed.length;
        if (needed.length === 0) return;
        const { outputs, threads } = await (
          await executorFor({ articles: needed.length })
        ).load(needed, (done) => progress.tick?.('load', done, needed.length));
        outputs.forEach((out, i) => {
          if ('error' in out) diagnostics.push(out.error);
          else if ('unchanged' in out) entries[out.id] = { stat: out.stat, loaded: cache!.entries[out.id]!.loaded };
          else {
            entries[out.id] = { stat: out.stat, loaded: out.loaded };
            if (out.loaded.summary) owners.set(out.loaded.summary.hash, threads[i]!);
          }
        });
      });

      const selection = await stage('select', () => {
        const gathered = gatherArticles(found.articles, entries, files, shown);
        diagnostics.push(...gathered.diagnostics);
        return selectPublished(gathered.summaries, config, (s) => shown(s.id), relocate);
      });
      diagnostics.push(...selection.diagnostics);
      const nextCache: CacheData = { ...cache, entries };
      if (hasErrors(diagnostics)) {
        // The output is untouched, so the page keys still describe it; the loaded articles are
        // kept. Their pages were not rendered, so the next build may not take the entries
        // as what the pages show (`placement` is what allows that).
        cache = { ...nextCache, placement: undefined };
        if (useCache) {
          const saving = cache;
          cacheWrite = cacheWrite.then(() => saveCache(cacheDir!, saving, false));
        }
        return result(false);
      }

      // index
      let profiles: QuickMemo['profiles'] = new Map();
      const index = await stage('index', async () => {
        const authors = await loadAuthorProfiles(config.authors, cwd);
        diagnostics.push(...authors.diagnostics);
        profiles = authors.profiles;
        const built = buildSiteIndex(selection.published, config, authors.profiles, (s) => shown(s.id));
        diagnostics.push(...built.diagnostics);
        return built;
      });
      if (hasErrors(diagnostics)) return result(false);

      // prepare: the site and its render key, what changed since the last build, the output and its manifest.
      const { assets, siteData, site, renderKey, sameRender, placement, settled, fresh, partial, output } = await stage(
        'prepare',
        async () => {
          const assets = await fingerprintAssets(path.join(config.layouts, 'assets'));
          const siteData: SiteData = {
            config,
            assets: Object.fromEntries(assets.urls),
            tagSlugs: Object.fromEntries(index.tagSlugs),
            authorSlugs: Object.fromEntries(index.authorSlugs),
            sectionsWithStories: [...index.sections.keys()],
            search: config.search,
          };
          const renderKey = sha256(
            JSON.stringify({
              tool,
              config: portableConfig(config),
              layouts: layoutsHash,
              assets: siteData.assets,
              sections: siteData.sectionsWithStories,
            }),
          );
          const sameRender = cache!.renderKey === renderKey;
          // Stories published now that the last build had no file for.
          const added = new Set(selection.published.flatMap((s) => (cache!.entries[s.id] ? [] : [s.id])));
          const digests = placementDigest(index, profiles, added);
          const placement = digests.all;
          // No story moved and the profiles are the same: a page listing none of the stories
          // loaded anew shows what it showed, and its key is the one the cache holds.
          const settled = sameRender && cache!.placement === placement;
          // Or stories were only added: every other story sits where it sat.
          const onlyAdded = !settled && sameRender && added.size > 0 && cache!.placement === digests.without;
          const fresh = new Set(
            settled || onlyAdded
              ? found.articles.filter((id) => entries[id]?.loaded !== cache!.entries[id]?.loaded)
              : [],
          );
          const output = new Output(config.out, useCache ? (manifest ?? (await readManifest(config.out))) : undefined);
          await output.open();
          // Then the pages that can show no fresh story need not even be described: each is
          // kept as the last build left it (which the manifest must show). Watch mode's
          // quick rebuilds start from every page, so a builder that keeps them describes all.
          const partial = (settled || onlyAdded) && !options.quick && everyKeyIn(cache!.pages, output.previous);
          return {
            assets,
            siteData,
            site: createSite(siteData),
            renderKey,
            sameRender,
            placement,
            settled,
            fresh,
            partial,
            output,
          };
        },
      );

      // Every way out waits for the copies (started after routing) before the staging folder is removed.
      let copying: Promise<void> = Promise.resolve();
      const abort = async () => {
        await copying.catch(() => undefined);
        await output.abort();
      };
      try {
        // route: every page and generated file as data, and the files copied as they are.
        const { jobs, copies, kept } = await stage('route', async () => {
          const copies: CopiedFile[] = [
            ...(await plainFiles(config.public)),
            ...found.files.map((rel) => ({ from: joinInside(config.articles, rel), to: rel })),
            ...assets.files,
          ];
          const copiedFrom = new Map(copies.map((c) => [c.to, c.from]));
          const input: RouteInput = {
            index,
            site,
            config,
            bodies: storyBodies(cacheDir!, (id) => entries[id]?.loaded.body),
            fileSize: (link) => {
              const rel = link.startsWith(config.basePath) ? decodeURI(link.slice(config.basePath.length)) : undefined;
              const from = rel === undefined ? undefined : copiedFrom.get(rel);
              return from ? statSync(from).size : undefined;
            },
            only: partial ? fresh : undefined,
          };
          const jobs = Object.values(routes).flatMap((route) => [...route(input)]);
          // The last build's pages that were not described this time, kept as they are.
          const described = new Set(jobs.map((job) => job.output));
          const kept = partial ? Object.keys(cache!.pages).filter((rel) => !described.has(rel)) : [];
          diagnostics.push(...conflicts(jobs, kept, copies, (id) => shown(id)));
          return { jobs, copies, kept };
        });
        if (hasErrors(diagnostics)) {
          await output.abort();
          return result(false);
        }

        // copy, alongside render and data: public files, pictures and assets, each only if
        // its bytes changed. A file whose stat is as the cache saw it keeps its digest:
        // unchanged files are not even read.
        const copied: NonNullable<CacheData['files']> = {};
        copying = (async () => {
          const known = cache!.files ?? {};
          const unstatted = await statAll(copies.map((c) => (statted.has(c.from) ? undefined : c.from)));
          const stats = copies.map((c, i) => (statted.has(c.from) ? statted.get(c.from) : unstatted[i]));
          const keys = copies.map(({ from }) => relativeTo(config.root, from));
          // A file whose stat is as the cache saw it, and whose bytes the output already has,
          // is recorded here and now: for an archive's pictures that is nearly all of them,
          // and tens of thousands of small async steps cost more than the check.
          const rest: number[] = [];
          copies.forEach(({ to }, i) => {
            const seen = known[keys[i]!];
            const now = stats[i];
            if (
              seen &&
              now &&
              sameStat(seen.stat, now) &&
              output.keepUnchanged(to, { size: seen.size, sha256: seen.sha256 })
            )
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
        })();
        copying.catch(() => undefined);

        // render: pages whose inputs are unchanged since the last build are kept as they are.
        const pages: Record<string, string> = {};
        const todo: RenderInput[] = [];
        await stage('render', async () => {
          for (const rel of kept) {
            pages[rel] = cache!.pages[rel]!;
            output.keep(rel);
          }
          for (const job of jobs) {
            if (job.type !== 'layout') continue;
            const before = cache!.pages[job.output];
            if (settled && before !== undefined && !job.lists.some((id) => fresh.has(id)) && output.keep(job.output)) {
              pages[job.output] = before;
              continue;
            }
            const k = pageKey(job, index);
            pages[job.output] = k;
            if (sameRender && cache!.pages[job.output] === k && output.keep(job.output)) continue;
            const body = job.layout === 'story' ? entries[job.props.story.id]?.loaded.body : undefined;
            todo.push({ job, previous: output.previous?.[job.output], body });
          }
          if (todo.length === 0) return;
          // Story pages in pack order, so a thread that reads bodies from disk reads each pack once.
          todo.sort((a, b) =>
            a.body && b.body
              ? a.body.pack < b.body.pack
                ? -1
                : a.body.pack > b.body.pack
                  ? 1
                  : a.body.offset - b.body.offset
              : a.body
                ? -1
                : b.body
                  ? 1
                  : 0,
          );
          const runner = await executorFor({ pages: todo.length });
          const problems = await runner.prepareRender({
            site: siteData,
            layoutsDir: config.layouts,
            cacheDir: cacheDir!,
            staging: output.staging,
            cwd,
          });
          diagnostics.push(...problems);
          if (problems.length) return;
          const rendered = await runner.render(
            todo,
            (item) =>
              item.job.layout === 'story' ? owners.get((item.job as LayoutJob<'story'>).props.story.hash) : undefined,
            (done) => progress.tick?.('render', done, todo.length),
          );
          for (const r of rendered) {
            if ('error' in r) diagnostics.push(r.error);
            else output.record(r.output, r.digest, r.staged);
          }
          if (once) {
            released = runner.threads;
            await runner.close();
            executor = undefined;
          }
        });
        if (hasErrors(diagnostics)) {
          await abort();
          return result(false);
        }

        const pieces: Record<string, PieceIndex> = {};
        await stage('data', async () => {
          for (const job of jobs) {
            if (job.type !== 'data') continue;
            const before = cache!.pages[job.output];
            const beforePieces = cache!.pieces?.[job.output];
            if (settled && job.placementOnly && before !== undefined && output.keep(job.output)) {
              pages[job.output] = before;
              continue;
            }
            const k = dataKey(job, index);
            pages[job.output] = k;
            if (sameRender && cache!.pages[job.output] === k && output.keep(job.output)) {
              if (beforePieces) pieces[job.output] = beforePieces;
              continue;
            }
            // Made with the same settings, its unchanged stories' pieces are as they were.
            const written = await writeDataJob(output, job, sameRender ? beforePieces : undefined);
            if (written) pieces[job.output] = written;
          }
        });
        // The copies were started before rendering (they need only the main thread's
        // idle time and the file system): this is what is left of them.
        await stage('copy', () => copying);

        if (config.search) {
          await stage('search', async () => {
            const hasIndex =
              output.previous !== undefined && Object.keys(output.previous).some((f) => f.startsWith('pagefind/'));
            if (hasIndex && (todo.length === 0 || options.refreshSearch === false)) {
              // Its files, not the compressed copies of them, which the compress stage decides on.
              const ownFile = (rel: string) =>
                rel.startsWith('pagefind/') && !COMPRESSED_SUFFIXES.some((suffix) => rel.endsWith(suffix));
              for (const rel of Object.keys(output.previous ?? {})) if (ownFile(rel)) output.keep(rel);
              return;
            }
            // Every story page, described this time or not.
            const storyPages = index.stories.map((story) => ({ url: story.url, output: outputPath(story.url) }));
            // Imported here: Pagefind is only needed when pages changed.
            const { buildSearchIndex } = await import('./search.ts');
            const { files: bundle, errors } = await buildSearchIndex(
              storyPages.map((page) => ({
                // Relative to the site: the search page gives Pagefind the base path (`baseUrl`).
                url: page.url,
                content: async () => (await output.read(page.output)).toString('utf8'),
              })),
              config.language,
            );
            for (const message of errors)
              diagnostics.push(
                diagnostic('search-index', { file: path.relative(cwd, config.out) || '.' }, message, {
                  severity: 'warning',
                }),
              );
            for (const file of bundle) await output.write(`pagefind/${file.path}`, file.content);
          });
        } else {
          const configFile = path.relative(
            cwd,
            findConfigFile(config.root) ?? path.join(config.root, 'broadsheet.config.ts'),
          );
          diagnostics.push(
            diagnostic(
              'search-off',
              { file: configFile },
              'search indexing is off (search: false): the site has no search page',
              { severity: 'warning' },
            ),
          );
        }

        if (options.compress) {
          await stage('compress', async () => {
            const targets = [...output.files].filter(([rel, digest]) => compressible(rel, digest.size));
            await mapConcurrently(targets, 8, async ([rel]) => {
              const siblings = COMPRESSED_SUFFIXES.map((suffix) => rel + suffix);
              // An unchanged file keeps the copies the previous build made of the same bytes.
              if (!output.isStaged(rel) && siblings.every((s) => output.previous?.[s])) {
                for (const s of siblings) output.keep(s);
                return;
              }
              const { br, gz } = await precompress(rel, await output.read(rel));
              await output.write(`${rel}.br`, br);
              await output.write(`${rel}.gz`, gz);
            });
          });
        }
        // After compressing, so its rules cover the copies. A `_headers` in public/ is the user's own and wins.
        if (config.headers.file && !output.files.has(HEADERS_FILE)) {
          await output.write(HEADERS_FILE, renderHeaders(headerRules(config, output.files.keys())));
        }
        let checked: CheckSummary | undefined;
        if (options.check) {
          // Imported only for --check: its HTML and XML parsers are not needed otherwise.
          const { checkSite } = await import('../check/check.ts');
          const report = await stage('check', () =>
            checkSite({
              siteUrl: config.url,
              manifest: false,
              files: {
                list: [...output.files.keys()].sort(),
                read: (rel) => output.read(rel),
                shown: (rel) => path.relative(cwd, path.join(config.out, rel)),
              },
              progress: (done, total) => progress.tick?.('check', done, total),
            }),
          );
          diagnostics.push(...report.diagnostics);
          checked = report.summary;
          if (!report.ok) {
            await abort();
            return result(false);
          }
        }

        const changes = output.changes();
        changed = [...changes.paths];
        await stage('commit', () => output.commit());
        // For the next build of this builder; a builder that builds once has none.
        manifest = once ? undefined : Object.fromEntries(output.files);
        if (options.quick) {
          const layoutJobs = jobs.flatMap((j) => (j.type === 'layout' ? [j as LayoutJob] : []));
          memo = {
            layoutsHash,
            renderKey,
            articleIds: found.articles,
            files,
            index,
            baseIndex: index,
            forward: new Map(),
            backward: new Map(),
            profiles,
            siteData,
            layoutJobs,
            byStory: rememberStories(layoutJobs),
          };
        }
        const previous = cache!;
        cache = { ...nextCache, renderKey, pages, files: copied, placement, pieces };
        // A build that changed nothing leaves the cache file as it is (it is large for a large archive).
        if (useCache && !sameCache(previous, cache, loadedCount)) {
          // Watch mode saves in the background (the output is already in place; close() waits
          // for it) and collects unused bodies only at close: a later build may already have
          // written packs that this snapshot does not know.
          const saving = cache;
          const collect = !options.isolateLayouts;
          cacheWrite = cacheWrite.then(() => saveCache(cacheDir!, saving, collect, started));
          if (collect) await stage('save', () => cacheWrite);
        }

        let bytes = 0;
        for (const file of output.files.values()) bytes += file.size;
        const done = result(
          true,
          {
            loaded: loadedCount,
            stories: selection.published.length,
            drafts: selection.drafts.length,
            embargoed: selection.embargoed.length,
            pages: jobs.length + kept.length,
            rendered: todo.length,
            files: output.files.size,
            bytes,
            written: changes.written,
            deleted: changes.deleted,
          },
          selection.embargoed.map((s) => ({ id: shown(s.id), date: s.date.iso })),
          checked,
        );
        if (shortcut) {
          const { timings: _t, changed: _c, ...rest } = done;
          await writeState(cacheDir!, {
            version: 1,
            inputs,
            validUntil: validUntil(selection.published, selection.embargoed, config.now),
            result: { ...rest, timings: [], changed: [] },
          });
        }
        return done;
      } catch (error) {
        await abort();
        throw error;
      }
    },
  };
}

/** The config without machine-specific paths or the clock, for cache keys that survive a move. */
function portableConfig(config: ResolvedConfig) {
  const { root: _r, articles: _a, layouts: _l, public: _p, out: _o, authors: _au, now: _n, ...rest } = config;
  return rest;
}

/** Two pages, or a page and a copied file, writing the same output path. */
function conflicts(
  jobs: readonly PageJob[],
  kept: readonly string[],
  copies: readonly CopiedFile[],
  shown: (id: string) => string,
): Diagnostic[] {
  const owners = new Map<string, string>();
  const out: Diagnostic[] = [];
  const describe = (job: PageJob) =>
    (job.type === 'layout' ? `the ${job.layout} page` : 'a generated file') +
    (job.lists.length === 1 ? ` of ${shown(job.lists[0]!)}` : '');
  const claim = (rel: string, who: string, file: string) => {
    const first = owners.get(rel);
    if (first === undefined) owners.set(rel, who);
    else out.push(diagnostic('output-conflict', { file }, `${rel} would be written by ${who} and by ${first}`));
  };
  for (const job of jobs) claim(job.output, describe(job), job.lists.length === 1 ? shown(job.lists[0]!) : job.output);
  for (const rel of kept) claim(rel, 'a page kept from the last build', rel);
  for (const copy of copies) claim(copy.to, `the file ${copy.from}`, copy.from);
  return out;
}

/** Whether every key of `a` has a value in `b`; for…in, not an array of tens of thousands of keys. */
function everyKeyIn(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>> | undefined): boolean {
  for (const key in a) if (b?.[key] === undefined) return false;
  return true;
}

/** Whether a cache snapshot says what the previous one said (entries by identity, keys by value). */
function sameCache(a: CacheData, b: CacheData, loaded: number): boolean {
  if (loaded > 0 || a.renderKey !== b.renderKey || a.placement !== b.placement) return false;
  const sameKeys = <T>(x: Record<string, T>, y: Record<string, T>, same: (p: T, q: T) => boolean) => {
    const keys = Object.keys(y);
    return keys.length === Object.keys(x).length && keys.every((k) => x[k] !== undefined && same(x[k]!, y[k]!));
  };
  return (
    sameKeys(a.entries, b.entries, (p, q) => p === q) &&
    sameKeys(a.pages, b.pages, (p, q) => p === q) &&
    sameKeys(a.files ?? {}, b.files ?? {}, (p, q) => p.sha256 === q.sha256 && sameStat(p.stat, q.stat)) &&
    sameKeys(a.pieces ?? {}, b.pieces ?? {}, (p, q) => p === q)
  );
}

/**
 * Save the cache and, when `collect`, drop body packs no entry refers to any more, and the
 * caches other cache versions left beside this one (`v2/` beside `v3/`): this version
 * never reads them, and an archive's cache is large (105 MB at 16,000 stories).
 */
async function saveCache(dir: string, data: CacheData, collect: boolean, since = 0): Promise<void> {
  await writeCache(dir, data);
  if (!collect) return;
  const live = new Set(
    Object.values(data.entries).flatMap((e) => (e.loaded.body ? [packFileName(e.loaded.body.pack)] : [])),
  );
  const root = path.join(dir, 'bodies');
  for (const file of await readdir(root).catch(() => [] as string[])) {
    if (live.has(file)) continue;
    // A pack written after this build started may belong to another build running at the same time.
    const written = await stat(path.join(root, file)).then(
      (s) => s.mtimeMs,
      () => Infinity,
    );
    if (written < since) await rm(path.join(root, file), { recursive: true, force: true });
  }
  const versions = path.dirname(dir);
  for (const other of await readdir(versions).catch(() => [] as string[])) {
    if (/^v\d+$/.test(other) && other !== path.basename(dir))
      await rm(path.join(versions, other), { recursive: true, force: true });
  }
}
