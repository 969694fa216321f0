import type { CheckSummary } from '../check/check.ts';
import type { Diagnostic } from '../diagnostics/diagnostics.ts';
import { NO_PHOTO_WORK, type PhotoWork } from '../photos/used.ts';
import type { ShardSpec, ShardSummary } from './shard.ts';

/**
 * What a build is given and what it gives back: the types callers see (the CLI, watch
 * mode, tests). How a build goes is in pipeline.ts.
 */

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
   * Keep the last search index when the only stories it lacks were added since it was
   * made (`--defer-search`): they become searchable with the next build without this. A
   * story edited, moved or removed makes the index again. Default false.
   */
  readonly deferSearch?: boolean;
  /**
   * Keep the last build's index in memory and rebuild a story edited in place from it,
   * rendering only the pages that list it (watch mode). Default false.
   */
  readonly quick?: boolean;
  /** Write `.br` and `.gz` copies of text files (`--compress`). Default false. */
  readonly compress?: boolean;
  /**
   * Publish drafts and embargoed stories as well, each marked (`story.preview`) so that
   * layouts show it as a draft or as embargoed, and list them in the result (`previews`).
   * For watch mode's local preview only: such an output must never be published. The
   * search index leaves them out. Default false.
   */
  readonly preview?: boolean;
  /**
   * Check the finished site (`--check`) before it replaces the output: a site with broken
   * links, feeds or metadata fails the build and the output stays as it was. Default false.
   */
  readonly check?: boolean;
  /**
   * Record the URLs this build publishes in the URL ledger (`ledger` in the config).
   * Watch mode turns this off: a preview publishes nothing. Default true.
   */
  readonly recordUrls?: boolean;
  /**
   * Build one shard of the site (`--shard I/N`): its slice of the pages, and with shard 1
   * every file that is not a rendered page; `broadsheet merge` joins the shards. It uses
   * a cache folder of its own, and writes `.broadsheet/shard.json` instead of the manifest.
   */
  readonly shard?: ShardSpec | undefined;
  /**
   * Folders of loaded parts (`broadsheet load --part I/N --into DIR`, `--loaded DIR`):
   * their articles are taken as loaded there and not parsed again. A folder may be a part
   * or hold parts. Default none.
   */
  readonly loaded?: readonly string[] | undefined;
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
  /**
   * Local pictures of those articles the photo stage looked at, how many of them the
   * photo store had in full (nothing decoded), and the files it encoded.
   */
  readonly photos: PhotoWork;
  readonly stories: number;
  readonly drafts: number;
  readonly embargoed: number;
  /** Pages and data files produced by routes. */
  readonly pages: number;
  /** Pages actually rendered this time (the rest were unchanged). */
  readonly rendered: number;
  /**
   * Of the pages, those taken as the last build left them without being described again:
   * no story they can show was added, changed or moved.
   */
  readonly kept: number;
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
  /** With `preview`: the drafts and embargoed stories shown, newest first. */
  readonly previews?: readonly PreviewStory[];
  readonly threads: number;
  /** Output files written or deleted by this build (for live reload). */
  readonly changed: readonly string[];
  /** What `check` looked at, when the build was checked. */
  readonly checked?: CheckSummary;
  /**
   * Stories held back (`--hold-invalid`): each article, and what readers see meanwhile (its
   * last published version, its last pages as they were, or nothing).
   */
  readonly held?: readonly { readonly file: string; readonly kept: 'previous' | 'pages' | 'none' }[];
  /** A shard's slice and its estimated work against the mean (`shard`). */
  readonly shard?: ShardSummary;
  /** Published stories the search index leaves out for now (`deferSearch`). */
  readonly searchPending?: number;
}

/** A draft or embargoed story a preview build shows. */
export interface PreviewStory {
  /** The article file, as messages show it. */
  readonly file: string;
  readonly title: string;
  /** Site path of its page (without the base path). */
  readonly url: string;
  readonly status: 'draft' | 'embargoed';
  /** Its `date` (ISO 8601): when an embargoed story is published. */
  readonly date: string;
}

/** A builder keeps its cache and worker pool between builds (watch mode builds many times). */
export interface Builder {
  build(hint?: BuildHint): Promise<BuildResult>;
  /** Start worker threads and import the pipeline and layouts now, so the next build starts at once. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/** The counts of a build that did nothing (it failed before writing anything). */
export const NO_STATS: BuildStats = {
  loaded: 0,
  photos: NO_PHOTO_WORK,
  stories: 0,
  drafts: 0,
  embargoed: 0,
  pages: 0,
  rendered: 0,
  kept: 0,
  files: 0,
  bytes: 0,
  written: 0,
  deleted: 0,
};
