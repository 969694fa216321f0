import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { emptyCache, type CacheEntry } from '../incremental/cache.ts';
import { loadSettingDigests } from '../incremental/load-key.ts';
import { checkOutputFolder } from '../output/output-folder.ts';
import { layoutsVersion } from '../render/layouts.ts';
import { NO_PHOTO_WORK, type PhotoWork } from '../photos/used.ts';
import { compiledLayoutsDir } from '../workers/render-task.ts';
import { createEnv } from './env.ts';
import { PART_RECORD, partArticles, partCacheFolder, partPhotoFolder, type PartRecord } from './part.ts';
import { Run } from './run.ts';
import type { ShardSpec } from './shard.ts';
import { discoverArticles, missingArticles, statArticles, unchangedSince } from './stages/discover.ts';
import { loadArticles } from './stages/load.ts';
import type { Progress } from './types.ts';

export interface LoadPartOptions {
  readonly part: ShardSpec;
  /** The part's folder: written, and read again when it is there from an earlier run. */
  readonly into: string;
  readonly cwd: string;
  readonly jobs?: number | undefined;
  readonly progress?: Progress | undefined;
}

export interface LoadPartResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly timings: readonly [string, number][];
  /** The articles of the part, and how many of them were parsed (the others were as the folder had them). */
  readonly articles: number;
  readonly parsed: number;
  readonly photos: PhotoWork;
}

/**
 * `broadsheet load --part I/N --into DIR`: load one part of the articles (discover, stat,
 * load: parse, validate, encode pictures) into a part folder that builds take with
 * `--loaded`. Nothing is published: problems in the articles are reported, as the build
 * given the part will report them again.
 */
export async function loadPart(config: ResolvedConfig, options: LoadPartOptions): Promise<LoadPartResult> {
  const run = new Run(options.progress);
  const done = (ok: boolean, articles = 0, parsed = 0, photos = NO_PHOTO_WORK): LoadPartResult => ({
    ok,
    diagnostics: run.result(ok, 0).diagnostics,
    timings: run.timings,
    articles,
    parsed,
    photos,
  });
  const unsafe = unsafePartFolder(config, options);
  if (unsafe) {
    run.report([unsafe]);
    return done(false);
  }
  const env = await createEnv(config, { cwd: options.cwd, ...(options.jobs ? { jobs: options.jobs } : {}) }, true, {
    cache: partCacheFolder(options.into),
    photos: partPhotoFolder(options.into),
  });
  try {
    const layouts = await run.stage('layouts', () => layoutsVersion(config.layouts, compiledLayoutsDir(env.cacheDir)));
    await env.workers.useLayouts(layouts);
    run.report(missingArticles(config, env.cwd));
    if (run.failed) return done(false);
    const found = await run.stage('discover', () => discoverArticles(config));
    const stats = await run.stage('stat', () => statArticles(found, undefined));
    const mine = partArticles(
      found.articles,
      stats.stats.map((s) => s?.size ?? 0),
      options.part,
    );
    const ids = mine.map((i) => found.articles[i]!);
    const cache = await run.stage('restore', () => env.store.read(env.key));
    const unchanged = unchangedSince(cache, found, stats);
    const loaded = await run.stage('load', () =>
      loadArticles(
        env,
        cache,
        {
          ids,
          paths: mine.map((i) => found.paths[i]!),
          unchanged: (n) => unchanged(mine[n]!),
        },
        layouts,
        run,
      ),
    );
    run.report(loaded.diagnostics);
    for (const id in loaded.entries) run.report(loaded.entries[id]!.loaded.diagnostics);
    if (loaded.diagnostics.length > 0) return done(false);

    const entries: Record<string, CacheEntry> = loaded.entries;
    await run.stage('save', () => env.writer.save({ ...emptyCache(env.key), entries }, true, run.started, true));
    const record: PartRecord = {
      version: 1,
      part: options.part.index,
      of: options.part.of,
      key: env.key,
      tool: env.tool,
      settings: loadSettingDigests(config),
      articles: ids.length,
      first: ids[0],
      last: ids.at(-1),
    };
    await mkdir(options.into, { recursive: true });
    await writeFile(path.join(options.into, PART_RECORD), `${JSON.stringify(record, null, 2)}\n`);
    return done(true, ids.length, loaded.parsed, loaded.photos);
  } finally {
    await env.workers.close();
  }
}

/**
 * The part folder may be written: it is not, and does not hold, the project or a source
 * folder, and it is empty, new or a part folder already.
 */
function unsafePartFolder(config: ResolvedConfig, options: LoadPartOptions): Diagnostic | undefined {
  const shown = path.relative(options.cwd, options.into) || '.';
  const sources = [config.articles, config.layouts, config.public];
  const protect = [config.root, ...sources, config.out, options.cwd];
  // Inside a source folder, the part's files would be read as sources (attachments, assets).
  const problem = checkOutputFolder(options.into, protect, { marks: [PART_RECORD], sources });
  return problem ? diagnostic('output-unsafe', { file: shown }, problem) : undefined;
}
