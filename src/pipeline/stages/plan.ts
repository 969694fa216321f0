import path from 'node:path';
import type { AuthorProfile } from '../../site/authors-file.ts';
import type { StoryCore, StorySummary } from '../../content/story.ts';
import type { CacheData, CacheEntry } from '../../incremental/cache.ts';
import { publishable } from '../../incremental/last-good.ts';
import { placementDigest } from '../../incremental/placement.ts';
import type { FileDigest } from '../../output/manifest.ts';
import { fingerprintAssets, type CopiedFile } from '../../render/assets.ts';
import type { SiteIndex } from '../../site/site-index.ts';
import { createSite, type IconLink, type Site, type SiteData } from '../../render/site.ts';
import { sha256 } from '../../util/hash.ts';
import { portableConfig, type Env } from '../env.ts';

/**
 * What this build must redo: the incremental decisions, made once, as one value. Every
 * later stage reads them from here.
 */
export interface Plan {
  /** The site as layouts see it, and the fingerprinted layout assets. */
  readonly siteData: SiteData;
  readonly site: Site;
  readonly assets: readonly CopiedFile[];
  /** Tool, config, layouts, assets and sections: what every page is rendered with. */
  readonly renderKey: string;
  /** The last build rendered with the same render key: its page keys can be compared. */
  readonly sameRender: boolean;
  /** Where every published story sits (`placementDigest`), to record for the next build. */
  readonly placement: string;
  /** No story moved since the last build: a page listing none of `fresh` is as it left it. */
  readonly settled: boolean;
  /** Stories loaded anew (edited or added) when no story moved or stories were only added. */
  readonly fresh: ReadonlySet<string>;
  /**
   * What every story page's searched part is made with besides the story: tool, config,
   * layouts, assets. Not the sections' names, which each story's entry in the search
   * index carries, nor the breaking-news banner, which layouts show outside it.
   */
  readonly searchKey: string;
  /** Describe only the pages that can show a fresh story; the last build's others are kept. */
  readonly partial: boolean;
  /** The output as the last build left it (undefined: written anew). */
  readonly previous: Readonly<Record<string, FileDigest>> | undefined;
}

export interface PlanInput {
  readonly layouts: string;
  readonly cache: CacheData;
  readonly index: SiteIndex;
  readonly profiles: ReadonlyMap<string, AuthorProfile>;
  readonly published: readonly StoryCore[];
  readonly ids: readonly string[];
  readonly entries: Readonly<Record<string, CacheEntry>>;
  readonly previous: Readonly<Record<string, FileDigest>> | undefined;
  /** The favicon and touch-icon links every page's head carries. */
  readonly icons: readonly IconLink[];
  /** The whole summary of a story (`RouteInput.full`): the banner's words default to a headline. */
  readonly full: (story: StoryCore) => StorySummary;
}

/**
 * The data layouts are given about the site: settings, asset URLs, slugs, sections with
 * stories, icons, and the breaking-news banner of the newest story with one in force.
 */
export function siteDataOf(
  env: Env,
  index: SiteIndex,
  assetUrls: ReadonlyMap<string, string>,
  icons: readonly IconLink[],
  full: (story: StoryCore) => StorySummary,
): SiteData {
  const breaking = index.stories.find((story) => story.breaking);
  return {
    config: env.config,
    assets: Object.fromEntries(assetUrls),
    tagSlugs: Object.fromEntries(index.tagSlugs),
    authorSlugs: Object.fromEntries(index.authorSlugs),
    sectionsWithStories: [...index.sections.keys()],
    sectionNames: Object.fromEntries([...index.sections].map(([id, group]) => [id, group.name])),
    search: env.config.search,
    icons,
    ...(breaking?.breaking && {
      breaking: {
        url: breaking.url,
        text: breaking.breaking.text ?? full(breaking).title,
        until: breaking.breaking.until.iso,
        lang: breaking.lang,
        dir: breaking.dir,
      },
    }),
  };
}

/** plan: fingerprint the layout assets, work out the render key and whether any story moved. */
export async function planBuild(env: Env, input: PlanInput): Promise<Plan> {
  const { cache } = input;
  const assets = await fingerprintAssets(path.join(env.config.layouts, 'assets'));
  const siteData = siteDataOf(env, input.index, assets.urls, input.icons, input.full);
  const common = { tool: env.tool, config: portableConfig(env.config), layouts: input.layouts };
  const renderKey = sha256(
    JSON.stringify({
      ...common,
      assets: siteData.assets,
      sections: siteData.sectionNames,
      icons: siteData.icons,
      // Every page shows the banner.
      breaking: siteData.breaking ?? null,
    }),
  );
  const searchKey = sha256(JSON.stringify({ ...common, assets: siteData.assets, icons: siteData.icons }));
  const sameRender = cache.renderKey === renderKey;
  // Stories published now that the last build had no file for.
  const added = new Set(input.published.flatMap((s) => (cache.entries[s.id] ? [] : [s.id])));
  const digests = placementDigest(input.index, input.profiles, added);
  // No story moved and the profiles are the same: a page listing none of the stories
  // loaded anew shows what it showed, and its key is the one the cache holds.
  const settled = sameRender && cache.placement === digests.all;
  // Or stories were only added: every other story sits where it sat.
  const onlyAdded = !settled && sameRender && added.size > 0 && cache.placement === digests.without;
  const fresh = settled || onlyAdded ? loadedAnew(input.ids, input.entries, cache.entries) : new Set<string>();
  return {
    siteData,
    site: createSite(siteData),
    assets: assets.files,
    renderKey,
    sameRender,
    placement: digests.all,
    settled,
    fresh,
    searchKey,
    // The pages that can show no fresh story are then kept as the last build left them,
    // which the output's manifest must show.
    partial: (settled || onlyAdded) && everyKeyIn(cache.pages, input.previous),
    previous: input.previous,
  };
}

/**
 * The plan of a quick rebuild (watch mode): stories edited in place that kept their place,
 * on the last full build's site data and render key.
 */
export function quickPlan(
  siteData: SiteData,
  cache: CacheData,
  fresh: ReadonlySet<string>,
  previous: Readonly<Record<string, FileDigest>>,
): Plan {
  return {
    siteData,
    site: createSite(siteData),
    assets: [],
    renderKey: cache.renderKey,
    sameRender: true,
    placement: cache.placement ?? '',
    settled: true,
    fresh,
    searchKey: '',
    partial: true,
    previous,
  };
}

/**
 * The articles whose story is not the one the cache had: added, edited, or now failing to
 * load. Not those found unchanged under a new stat (a fresh checkout, a restored cache),
 * whose entry is new but whose story, and so every page showing it, is the same.
 */
export function loadedAnew(
  ids: readonly string[],
  entries: Readonly<Record<string, CacheEntry>>,
  cached: Readonly<Record<string, CacheEntry>>,
): Set<string> {
  return new Set(
    ids.filter((id) => {
      const now = entries[id]?.loaded;
      const before = cached[id]?.loaded;
      return now !== before && (now?.summary === undefined || now.summary.hash !== before?.summary?.hash);
    }),
  );
}

/**
 * The articles whose publishable version is not the last build's: added, edited, drafts
 * and stories with errors now publishable. A story held back (`--hold-invalid`) keeps its
 * last good version, which is not new.
 */
export function publishedAnew(
  ids: readonly string[],
  entries: Readonly<Record<string, CacheEntry>>,
  cached: Readonly<Record<string, CacheEntry>>,
): Set<string> {
  const shown = (entry: CacheEntry | undefined) =>
    (entry && (publishable(entry.loaded) ? entry.loaded : entry.good))?.summary?.hash;
  return new Set(
    ids.filter((id) => {
      const now = shown(entries[id]);
      return now !== undefined && now !== shown(cached[id]);
    }),
  );
}

/** Whether every key of `a` has a value in `b`; for…in, not an array of tens of thousands of keys. */
function everyKeyIn(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>> | undefined): boolean {
  for (const key in a) if (b?.[key] === undefined) return false;
  return true;
}
