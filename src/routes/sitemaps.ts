import { lastModified } from '../render/metadata.ts';
import { paths } from '../site/paths.ts';
import type { Group } from '../site/site-index.ts';
import type { StoryCore } from '../content/story.ts';
import { ids, type Route } from './route.ts';
import type { SitemapEntry } from '../render/sitemap-xml.ts';

/** The sitemaps protocol's limit of URLs per file. */
export const SITEMAP_CHUNK = 50_000;
/** Google News sitemaps list stories of the last two days, at most 1,000. */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
export const NEWS_MAX = 1000;

/** The XML writer, imported only when a sitemap is rendered. */
const writer = () => import('../render/sitemap-xml.ts');

/**
 * sitemap.xml (an index) over sitemap-N.xml chunks of at most 50,000 URLs: every story
 * and the first page of every listing, with the last change as lastmod (a listing's: that
 * of the stories its first page shows); and
 * sitemap-news.xml for Google News, when a story is recent enough for it.
 */
export const sitemapRoute: Route = function* ({ index, site, config, full }) {
  // A listing's first page changes with any story it shows: its last change is theirs.
  const shown = config.listings.pageSize;
  const newest = (group: Group) => latest(group.stories, shown);
  // Syndicated copy (a story with `canonical`) is either canonical elsewhere or noindex
  // (`wireCopy`): a sitemap lists only the site's own pages to index.
  const stories = index.stories.filter((s) => s.canonical === undefined);
  // Entries are made only when a sitemap is rendered: most rebuilds keep the previous files.
  let made: SitemapEntry[][] | undefined;
  const chunks = () =>
    (made ??= (() => {
      // Stories from the oldest, then the listings' first pages: a new story and the
      // listings it changes land in the last chunk, and the full chunks before it stay as
      // they were.
      const entries = [
        ...[...stories].reverse().map((s) => ({ loc: site.absolute(s.url), lastmod: lastModified(s) })),
        // The front page shows at least its lead, top stories and latest headlines of the newest.
        {
          loc: site.absolute('/'),
          lastmod: lastOf(latest(index.stories, 1 + config.frontPage.secondary + config.frontPage.latest)),
        },
        ...[...index.sections].map(([id, g]) => ({
          loc: site.absolute(paths.section(id)),
          lastmod: lastOf(newest(g)),
        })),
        ...[...index.tags].map(([slug, g]) => ({ loc: site.absolute(paths.tag(slug)), lastmod: lastOf(newest(g)) })),
        ...[...index.authors].map(([slug, g]) => ({
          loc: site.absolute(paths.author(slug)),
          lastmod: lastOf(newest(g)),
        })),
        ...[...index.archives].map(([key, g]) => ({
          loc: site.absolute(paths.archive(key)),
          lastmod: lastOf(newest(g)),
        })),
      ];
      const out: (typeof entries)[] = [];
      for (let i = 0; i < entries.length; i += SITEMAP_CHUNK) out.push(entries.slice(i, i + SITEMAP_CHUNK));
      return out.length ? out : [[]];
    })());
  const count = 1 + index.sections.size + index.tags.size + index.authors.size + index.archives.size + stories.length;
  const chunkCount = Math.max(1, Math.ceil(count / SITEMAP_CHUNK));
  const all = ids(index.stories);

  yield {
    type: 'data',
    output: 'sitemap.xml',
    lists: all,
    placementOnly: true,
    render: async () => (await writer()).sitemapIndexXml(chunks(), (n) => site.absolute(`/sitemap-${n}.xml`)),
  };
  for (let i = 0; i < chunkCount; i++) {
    yield {
      type: 'data',
      output: `sitemap-${i + 1}.xml`,
      lists: all,
      // Locations and last changes (`updated`, else the date) only.
      placementOnly: true,
      render: async () => (await writer()).urlSetXml(chunks()[i]!),
    };
  }

  // The news sitemap's schema needs at least one <url>: with no story of the last two
  // days there is no news sitemap (and robots.txt does not name one) until the next story.
  const news = newsStories(stories, config.now);
  if (news.length === 0) return;
  yield {
    type: 'data',
    output: 'sitemap-news.xml',
    lists: ids(news),
    render: async () =>
      (await writer()).newsXml(
        news.map((story) => ({
          loc: site.absolute(story.url),
          publisher: site.publisher.name,
          language: newsLanguage(story.lang),
          date: story.date.iso,
          title: full(story).title,
        })),
      ),
  };
};

const lastOf = (story: StoryCore | undefined) => (story ? lastModified(story) : undefined);

/** Of the first `count` stories, the one changed last (`updated`, else its date). */
function latest(stories: readonly StoryCore[], count: number): StoryCore | undefined {
  let last = stories[0];
  for (const story of stories.slice(1, count))
    if ((story.updated ?? story.date).epoch > (last!.updated ?? last!.date).epoch) last = story;
  return last;
}

/** Stories published in the two days up to `now`, newest first, at most 1,000. */
export function newsStories(stories: readonly StoryCore[], now: number): StoryCore[] {
  return stories.filter((s) => s.date.epoch <= now && now - s.date.epoch <= NEWS_WINDOW_MS).slice(0, NEWS_MAX);
}

/** Google News wants ISO 639 codes, except zh-cn and zh-tw. */
function newsLanguage(lang: string): string {
  const lower = lang.toLowerCase();
  if (lower === 'zh-cn' || lower === 'zh-hans') return 'zh-cn';
  if (lower === 'zh-tw' || lower === 'zh-hant') return 'zh-tw';
  return lower.split('-')[0]!;
}

/** robots.txt pointing at the sitemaps, the news one while it exists. (Crawlers read it only at the host root.) */
export const robotsRoute: Route = function* ({ index, site, config }) {
  const news =
    newsStories(
      index.stories.filter((s) => s.canonical === undefined),
      config.now,
    ).length > 0;
  yield {
    type: 'data',
    output: 'robots.txt',
    lists: [],
    inputs: news ? 'news' : '',
    render: () =>
      `User-agent: *\nAllow: /\n\nSitemap: ${site.absolute('/sitemap.xml')}\n${news ? `Sitemap: ${site.absolute('/sitemap-news.xml')}\n` : ''}`,
  };
};
