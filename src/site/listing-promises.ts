import { retiredUrls, type Ledger, type Retired, type ServedListing } from './ledger.ts';
import { paths } from './paths.ts';
import type { SiteIndex } from './site-index.ts';

/**
 * Listing pages are promises too: a tag's page, a byline's, a section's or a day's, and
 * their archive pages, are linked from other sites and kept in bookmarks, but a listing
 * goes when its last story does (a tag taken off, a story retired) and an archive page
 * goes when its listing shrinks. The ledger records each listing with the archive pages
 * it has had, and a page that went leads to the nearest one still served.
 */

/** Every listing the site serves, with how many archive pages it has. */
export function servedListings(index: SiteIndex, pageSize: number): ServedListing[] {
  const out: ServedListing[] = [];
  const add = (url: string, count: number) => out.push({ url, pages: paths.archivePages(count, pageSize) });
  for (const [id, group] of index.sections) add(paths.section(id), group.stories.length);
  for (const [slug, group] of index.tags) add(paths.tag(slug), group.stories.length);
  for (const [slug, group] of index.authors) add(paths.author(slug), group.stories.length);
  for (const [key, group] of index.archives) add(paths.archive(key), group.stories.length);
  return out;
}

/** A listing page the site served once and serves no more, and the page it leads to now. */
export interface VanishedListing {
  readonly url: string;
  readonly to: string;
  /** A renamed section's page, leading to the section it is now for good (301), not for now (302). */
  readonly permanent?: boolean | undefined;
}

/**
 * The ledger's listing pages this build does not serve, each with where it leads: an
 * archive page to its listing's first page, a renamed section's pages to the section it
 * is now, a listing to the nearest listing above it (a day to its month, a month to its
 * year), else to the front page. A retired listing's
 * pages are the "removed" page's (`pagePromises`), and URLs that something else answers
 * now (`taken`: a story, an alias, a retired URL, a copied file) are left to it.
 */
export function vanishedListings(
  ledger: Ledger,
  served: readonly ServedListing[],
  taken: (url: string) => boolean,
  /** Sections renamed: each former id and the id it has now (config `formerly`). */
  renamed: ReadonlyMap<string, string> = new Map(),
): VanishedListing[] {
  const now = new Map(served.map((l) => [l.url, l.pages]));
  // A renamed section's pages lead to the section it is now, while that is served.
  const successor = (url: string): string | undefined => {
    const id = renamed.get(paths.sectionOf(url) ?? '');
    return id !== undefined && now.has(paths.section(id)) ? paths.section(id) : undefined;
  };
  const up = (url: string): string => {
    const parts = url.split('/').filter(Boolean);
    for (let n = parts.length - 1; n > 0; n--) {
      const parent = `/${parts.slice(0, n).join('/')}/`;
      if (now.has(parent)) return parent;
    }
    return paths.front;
  };
  const out: VanishedListing[] = [];
  const lead = (url: string, to: string, permanent: boolean) => {
    if (!taken(url)) out.push(permanent ? { url, to, permanent } : { url, to });
  };
  for (const [url, had] of ledger.listings) {
    if (ledger.entries.get(url)?.kind === 'retired') continue;
    const pages = now.get(url);
    const moved = pages === undefined ? successor(url) : undefined;
    const to = moved ?? (pages === undefined ? up(url) : url);
    if (pages === undefined) lead(url, to, moved !== undefined);
    for (let n = (pages ?? 0) + 1; n <= had; n++) lead(paths.archivePage(url, n), to, moved !== undefined);
  }
  return out.sort((a, b) => (a.url < b.url ? -1 : 1));
}

/** Whether the ledger promises an archive page: its listing has had that many. */
export function promisedArchivePage(ledger: Ledger, url: string): boolean {
  const page = paths.archivePageOf(url);
  return page !== undefined && (ledger.listings.get(page.listing) ?? 0) >= page.n;
}

/** Every page of the listings served: first pages and archive pages. */
export function listingPages(served: readonly ServedListing[]): Set<string> {
  const out = new Set<string>();
  for (const { url, pages } of served) {
    out.add(url);
    for (let n = 1; n <= pages; n++) out.add(paths.archivePage(url, n));
  }
  return out;
}

/** What the ledger asks of this build's pages besides the stories' own. */
export interface PagePromises {
  /** Retired URLs that no page serves: each gets a "removed" page. */
  readonly retired: readonly Retired[];
  /** Retired URLs a listing still serves: its page stays until it lists no story. */
  readonly retiredListings: readonly string[];
  readonly vanished: readonly VanishedListing[];
}

/**
 * The pages the ledger promises besides the stories' own: retired URLs answer "removed"
 * (a retired listing's archive pages too, once not served), and listing pages that went
 * lead on. `isFile` tells a URL that a copied file (public/) answers.
 */
export function pagePromises(
  ledger: Ledger,
  index: SiteIndex,
  published: readonly { readonly url: string; readonly aliases: readonly string[] }[],
  pageSize: number,
  isFile: (url: string) => boolean = () => false,
  renamed: ReadonlyMap<string, string> = new Map(),
): PagePromises {
  const listings = servedListings(index, pageSize);
  const pages = listingPages(listings);
  const unserved = retiredUrls(ledger, published);
  const retired = unserved.filter((r) => !pages.has(r.url));
  const retiredListings = unserved.filter((r) => pages.has(r.url)).map((r) => r.url);
  // A retired listing's archive pages go with it, with its day and reason.
  for (const r of unserved) {
    const had = ledger.listings.get(r.url) ?? 0;
    for (let n = 1; n <= had; n++) {
      const url = paths.archivePage(r.url, n);
      if (!pages.has(url) && !ledger.entries.has(url)) retired.push({ ...r, url });
    }
  }
  retired.sort((a, b) => (a.url < b.url ? -1 : 1));
  // Made only when a listing went, which few builds see.
  let stories: Set<string> | undefined;
  const vanished = vanishedListings(
    ledger,
    listings,
    (url) => {
      stories ??= new Set(published.flatMap((s) => [s.url, ...s.aliases]));
      return stories.has(url) || ledger.entries.get(url)?.kind === 'retired' || isFile(url);
    },
    renamed,
  );
  return { retired, retiredListings, vanished };
}

/** Each former section id of the config's sections (`formerly`) and the id it has now. */
export const renamedSections = (
  sections: readonly { readonly id: string; readonly formerly?: readonly string[] | undefined }[],
): Map<string, string> => new Map(sections.flatMap((s) => (s.formerly ?? []).map((old) => [old, s.id] as const)));
