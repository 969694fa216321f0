import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuthorProfile } from '../site/authors-file.ts';
import type { ResolvedConfig } from '../config/config.ts';
import { expandPermalink } from '../content/permalink.ts';
import { photoStoreFolder, PhotoStore } from '../photos/store.ts';
import type { StoryCore } from '../content/story.ts';
import { cacheFolder, CacheStore, type CacheData } from '../incremental/cache.ts';
import { CacheWriter } from '../incremental/cache-writer.ts';
import { loadKey } from '../incremental/load-key.ts';
import { StoryDetailsReader } from '../incremental/story-details.ts';
import { toolVersion } from '../incremental/tool-version.ts';
import type { FileDigest } from '../output/manifest.ts';
import type { Ledger } from '../site/ledger.ts';
import type { SiteIndex } from '../site/site-index.ts';
import type { SiteData } from '../render/site.ts';
import { sha256 } from '../util/hash.ts';
import { joinInside } from '../util/relative-path.ts';
import { shardCacheFolder } from './shard.ts';
import { Workers } from '../workers/workers.ts';
import type { BuildOptions } from './types.ts';

/**
 * What stays the same for every build of one builder: the settings, where the cache is,
 * and the resources builds share (the worker threads, the cache writer).
 */
export interface Env {
  readonly config: ResolvedConfig;
  readonly options: BuildOptions;
  /** Where paths in messages are relative to. */
  readonly cwd: string;
  readonly useCache: boolean;
  /** The builder builds a single time: its threads go as soon as the pages are rendered. */
  readonly once: boolean;
  /** toolVersion(): what identifies the running Broadsheet, for cache keys. */
  readonly tool: string;
  /** loadKey(): the settings loading depends on. */
  readonly key: string;
  /** The persistent cache folder, or with `--no-cache` a temporary one removed at close. */
  readonly cacheDir: string;
  /** The photo store's folder: beside the cache folder, or inside the temporary one with `--no-cache`. */
  readonly photos: string;
  readonly store: CacheStore;
  readonly writer: CacheWriter;
  /**
   * Stories' details, read back for the pages builds render. Kept by the builder: watch
   * mode's rebuilds then read again only the details of the stories they loaded anew.
   */
  readonly details: StoryDetailsReader;
  readonly workers: Workers;
  /** An article's path as messages show it. */
  readonly shown: (id: string) => string;
  /** A story under another slug (duplicate URLs get "-2"). */
  readonly relocate: (story: StoryCore, slug: string) => StoryCore;
  /** A story fixed at a URL it was published at (the URL ledger), its slug no longer derived. */
  readonly pin: (story: StoryCore, url: string) => StoryCore;
  /** A story with these aliases (the URLs it had before, which redirect to it). */
  readonly withAliases: (story: StoryCore, aliases: readonly string[]) => StoryCore;
}

/** What one build leaves for the next one of the same builder. */
export interface State {
  readonly cache?: CacheData | undefined;
  /** The output as the last build left it (read from disk only the first time). */
  readonly manifest?: Readonly<Record<string, FileDigest>> | undefined;
  /** What watch mode's quick rebuilds start from (`quick`). */
  readonly memo?: QuickMemo | undefined;
}

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
  readonly forward: ReadonlyMap<StoryCore, StoryCore>;
  readonly backward: ReadonlyMap<StoryCore, StoryCore>;
  readonly profiles: ReadonlyMap<string, AuthorProfile>;
  readonly siteData: SiteData;
  /** The URL ledger the full build read. */
  readonly ledger: Ledger;
}

/**
 * `folders` puts the cache and the photo store elsewhere than the project's (a loaded
 * part's folder, `broadsheet load`).
 */
export async function createEnv(
  config: ResolvedConfig,
  options: BuildOptions,
  once: boolean,
  folders?: { readonly cache: string; readonly photos: string },
): Promise<Env> {
  const cwd = options.cwd ?? process.cwd();
  const useCache = options.cache ?? true;
  const tool = toolVersion();
  const key = loadKey(config, tool);
  const persistent = options.shard ? shardCacheFolder(config.root, options.shard) : cacheFolder(config.root);
  const cacheDir = folders?.cache ?? (useCache ? persistent : await mkdtemp(path.join(tmpdir(), 'broadsheet-cache-')));
  const store = new CacheStore(cacheDir);
  const photos = folders?.photos ?? (useCache ? photoStoreFolder(config.root) : path.join(cacheDir, 'photos'));
  return {
    config,
    options,
    cwd,
    useCache,
    once,
    tool,
    key,
    cacheDir,
    photos,
    store,
    writer: new CacheWriter(store, new PhotoStore(photos)),
    details: new StoryDetailsReader(cacheDir),
    workers: new Workers(
      { config, cacheDir, key, photos },
      { jobs: options.jobs, isolate: options.isolateLayouts ?? false },
    ),
    shown: (id) => path.relative(cwd, joinInside(config.articles, id)),
    relocate: (story, slug) => {
      const url = expandPermalink(config.permalink, { ...story, slug }, config.timeZone) ?? story.url;
      // The URL is part of what pages show, so it is part of the story's hash too.
      return { ...story, slug, url, hash: sha256(`${story.hash}\0${url}`) };
    },
    pin: (story, url) => {
      // At the URL it has, only the slug's origin changes, which no page shows.
      if (url === story.url) return { ...story, derivedSlug: false };
      const slug = url.split('/').filter(Boolean).at(-1) ?? story.slug;
      return { ...story, slug, url, derivedSlug: false, hash: sha256(`${story.hash}\0${url}`) };
    },
    withAliases: (story, aliases) => ({
      ...story,
      aliases,
      hash: sha256(`${story.hash}\0aliases\0${aliases.join('\0')}`),
    }),
  };
}

/** The config without machine-specific paths, the clock or build-only switches, for cache keys that survive a move. */
export function portableConfig(config: ResolvedConfig) {
  const {
    root: _r,
    file: _f,
    articles: _a,
    layouts: _l,
    public: _p,
    out: _o,
    authors: _au,
    ledger: _le,
    now: _n,
    // Which stories a build holds back shows in the stories, not in how pages render.
    holdInvalid: _h,
    ...rest
  } = config;
  return rest;
}

/**
 * Whether this build publishes for real, and so records its URLs: not in watch mode, not
 * a preview of drafts and embargoed stories, not with drafts, not with a clock set ahead
 * of the real one (a look at the future).
 */
export const publishes = (env: Env): boolean =>
  env.options.recordUrls !== false && !env.options.preview && !env.config.drafts && !notYet(env.config.now);

/**
 * Whether a moment is still to come by the real clock, beyond the few minutes that
 * machines' clocks differ by: no build that publishes has had a clock as late.
 */
export const notYet = (epoch: number): boolean => epoch > Date.now() + CLOCK_SLACK_MS;

/** How far ahead of the real clock `--now` may be and still count as now (clocks differ a little). */
const CLOCK_SLACK_MS = 5 * 60 * 1000;
