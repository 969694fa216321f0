import type { ResolvedConfig } from '../config/config.ts';
import type {
  FrontPageProps,
  LayoutName,
  ListingPageProps,
  NotFoundPageProps,
  SearchPageProps,
  StoryPageProps,
} from '../render/layouts.ts';
import type { Pieces } from './pieces.ts';
import type { Site } from '../render/site.ts';
import type { Retired } from '../site/ledger.ts';
import type { VanishedListing } from '../site/listing-promises.ts';
import type { SiteIndex } from '../site/site-index.ts';
import type { StoryCore, StorySummary } from '../content/story.ts';

/** The output folder Pagefind writes the search index into; nothing else may write there. */
export const SEARCH_FOLDER = 'pagefind';

/** Everything a route may read. Routes never write: they describe pages. */
export interface RouteInput {
  readonly index: SiteIndex;
  readonly site: Site;
  readonly config: ResolvedConfig;
  /**
   * A story as pages show it, headline and pictures too: the index holds only what places
   * stories (`StoryCore`), and routes ask for the rest of the stories they put on a page.
   */
  readonly full: (story: StoryCore) => StorySummary;
  /**
   * Whether a story has a picture, which decides which stories some pages show (the front
   * page's lead and its sections' top stories). Routes ask this, not `full`: a shard's
   * layout routes get the stories' cores from `full` until its own pages are hydrated.
   */
  readonly pictured: (story: StoryCore) => boolean;
  /** Sanitized body HTML of stories, for full-content feeds. */
  readonly bodies: (stories: readonly StorySummary[]) => Promise<ReadonlyMap<string, string>>;
  /** Size in bytes of a file the output will contain (for feed enclosures), if known. */
  readonly fileSize: (sitePath: string) => number | undefined;
  /**
   * Set when the last build's pages can mostly stay: no story moved since, or stories were
   * only added. The ids of the stories loaded anew (edited or added): a layout route may
   * leave out the pages that cannot show one of them (a listing none of them is in, a
   * story page out of their reach), which the build keeps as they are; it describes every
   * page of a list holding one, since an added story shifts the pages after it. Data
   * routes describe every file.
   */
  readonly only?: ReadonlySet<string> | undefined;
  /** URLs retired on purpose (the URL ledger) that no page serves: each gets a "removed" page. */
  readonly retired: readonly Retired[];
  /** Listing pages the site served once (the URL ledger) and serves no more: each leads to one it serves. */
  readonly vanished: readonly VanishedListing[];
}

/** Layout props as plain data: without `site`, and a story without its body. */
export interface JobProps {
  readonly story: Omit<StoryPageProps, 'site' | 'story'> & { readonly story: StorySummary };
  readonly front: Omit<FrontPageProps, 'site'>;
  readonly listing: Omit<ListingPageProps, 'site'>;
  readonly notFound: Omit<NotFoundPageProps, 'site'>;
  readonly search: Omit<SearchPageProps, 'site'>;
}

/** A page rendered through a layout. Plain data, so a worker can render it. */
export interface LayoutJob<N extends LayoutName = LayoutName> {
  readonly type: 'layout';
  /** Output path relative to the output folder, e.g. "2021/05/05/x/index.html". */
  readonly output: string;
  readonly layout: N;
  readonly props: JobProps[N];
  /** Ids of the stories whose metadata the page shows: what it must be rebuilt for. */
  readonly lists: readonly string[];
}

/** A file made by code in the build (feeds, sitemaps, JSON, redirects). */
export interface DataJob {
  readonly type: 'data';
  readonly output: string;
  readonly lists: readonly string[];
  /** What else the file is made of besides the listed stories, for its key (e.g. enclosure sizes). */
  readonly inputs?: string;
  /**
   * The file shows only where the listed stories sit (URLs, dates), nothing of their
   * content: while no story moves it stays as it is (sitemaps).
   */
  readonly placementOnly?: true;
  /**
   * The file is one piece per listed story, in `lists` order, between a head and a tail:
   * `render()` returns exactly head + pieces joined by the separator + tail. A rebuild
   * then renders only the pieces of changed stories (stories.json).
   */
  readonly pieces?: Pieces;
  render(): string | Promise<string>;
}

export type PageJob = { [N in LayoutName]: LayoutJob<N> }[LayoutName] | DataJob;

/** A page kind: a function from the site index to the pages of that kind. */
export type Route = (input: RouteInput) => Iterable<PageJob>;

/** "/a/b/" → "a/b/index.html", "/a.html" → "a.html", "/" → "index.html". */
export function outputPath(sitePath: string): string {
  const rel = sitePath.replace(/^\/+/, '');
  return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
}

/** Does a list of stories need its pages described, given `only`? */
export const wanted = (only: ReadonlySet<string> | undefined, stories: readonly StoryCore[]): boolean =>
  only === undefined || stories.some((story) => only.has(story.id));

export function ids(stories: readonly (StoryCore | undefined)[]): string[] {
  // A plain loop: this runs for every page of the site on every build.
  const out: string[] = [];
  for (const story of stories) if (story) out.push(story.id);
  return out;
}
