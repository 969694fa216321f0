/**
 * Where listing pages live. Story URLs come from the permalink pattern; everything else
 * is fixed here so that routes, layouts and the checker agree on one set of paths.
 */
export const paths = {
  front: '/',
  section: (id: string) => `/${id}/`,
  tag: (slug: string) => `/tags/${slug}/`,
  author: (slug: string) => `/authors/${slug}/`,
  /** key is "yyyy", "yyyy/mm" or "yyyy/mm/dd". */
  archive: (key: string) => `/${key}/`,
  search: '/search/',
  feed: { rss: '/feed.xml', atom: '/atom.xml', json: '/feed.json' },
  sectionFeed: (id: string) => ({ rss: `/${id}/feed.xml`, atom: `/${id}/atom.xml`, json: `/${id}/feed.json` }),
  /** The section whose first page is at `url`, if it is one: "/culture/" → "culture" (years are numbers, sections never). */
  sectionOf: (url: string): string | undefined => /^\/([^/]*[^/\d][^/]*)\/$/.exec(url)?.[1],
  /** Archive page n (1 = the oldest stories) of a listing at `first`. */
  archivePage: (first: string, n: number) => `${first}archive/${n}/`,
  /** The listing an archive page belongs to, and its number: "/tags/x/archive/3/" → "/tags/x/", 3. */
  archivePageOf: (url: string): { readonly listing: string; readonly n: number } | undefined => {
    const match = /^(\/.*\/)archive\/([1-9]\d{0,8})\/$/.exec(url);
    return match ? { listing: match[1]!, n: Number(match[2]) } : undefined;
  },
  /** How many archive pages a listing of `count` stories has: full pages only, the rest are on its first page. */
  archivePages: (count: number, size: number) => Math.floor(count / size),
} as const;
