import type { Element } from 'hast';
import { h } from 'hastscript';
import { toUtc } from '../content/dates.ts';
import { socialImages } from '../photos/markup.ts';
import { LARGEST_ICON } from './icons.ts';
import { paths } from '../site/paths.ts';
import type { Site } from './site.ts';
import type { StorySummary } from '../content/story.ts';
import { sliceWhole } from '../util/slice-whole.ts';

/**
 * Machine-readable metadata for page heads: canonical links, robots, feeds, Open Graph,
 * Twitter cards and schema.org JSON-LD. Broadsheet owns this (not the layouts) so that
 * every layout gets it right: layouts only place the elements in <head>.
 */

/** Google truncates longer headlines in structured data. */
const HEADLINE_MAX = 110;

/** News agencies whose bylines are organisations, not people. */
const AGENCIES = new Set([
  'associated press',
  'ap',
  'reuters',
  'agence france-presse',
  'afp',
  'bloomberg',
  'pa media',
  'press association',
  'dpa',
  'efe',
  'ansa',
  'kyodo',
  'xinhua',
  'upi',
  'united press international',
  'canadian press',
  'aap',
  'anadolu agency',
]);

export const isAgency = (name: string, story?: StorySummary): boolean =>
  AGENCIES.has(name.toLowerCase()) || (story?.source !== undefined && story.source === name);

/**
 * JSON-LD as a <script> element. The JSON is escaped so that no text inside it, such as a
 * headline containing "</script>", can end the element early.
 */
export function jsonLd(data: unknown): Element {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return h('script', { type: 'application/ld+json' }, json);
}

const meta = (property: string, content: string | undefined, attribute: 'property' | 'name' = 'property'): Element[] =>
  content ? [h('meta', { [attribute]: property, content })] : [];

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = sliceWhole(text, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length).trimEnd()}…`;
}

/** Feed <link rel="alternate"> elements: the site's, and a section's when given. */
export function feedLinks(site: Site, section?: string): Element[] {
  const sets: [string, { rss: string; atom: string; json: string }][] = [[site.title, paths.feed]];
  if (section) sets.push([`${site.title}: ${site.sectionName(section)}`, paths.sectionFeed(section)]);
  return sets.flatMap(([title, feed]) => [
    h('link', { rel: 'alternate', type: 'application/rss+xml', title: `${title} (RSS)`, href: site.path(feed.rss) }),
    h('link', { rel: 'alternate', type: 'application/atom+xml', title: `${title} (Atom)`, href: site.path(feed.atom) }),
    h('link', {
      rel: 'alternate',
      type: 'application/feed+json',
      title: `${title} (JSON Feed)`,
      href: site.path(feed.json),
    }),
  ]);
}

/** The URL search engines should treat as the page's own, under the site's wire-copy policy. */
export function canonicalOf(story: StorySummary, site: Site): string {
  return story.canonical && site.config.wireCopy === 'canonical' ? story.canonical : site.absolute(story.url);
}

function authorLd(story: StorySummary, site: Site) {
  return story.authors.map((a) => ({
    '@type': isAgency(a.name, story) ? 'Organization' : 'Person',
    name: a.name,
    url: a.url ? site.resolve(a.url) : site.resolve(site.authorUrl(a.name)),
  }));
}

function publisherLd(site: Site) {
  return {
    '@type': 'Organization',
    name: site.publisher.name,
    url: site.url,
    ...(site.publisher.logo
      ? { logo: { '@type': 'ImageObject', url: site.resolve(site.path(site.publisher.logo)) } }
      : {}),
  };
}

/** schema.org NewsArticle as Google documents it for article rich results. */
/** A picture for link previews and structured data: an absolute URL, what it shows, and whose it is. */
export interface PreviewImage {
  readonly url: string;
  readonly alt?: string | undefined;
  /** "story": one of the story's own pictures; "site": the configured social image or the logo. */
  readonly from: 'story' | 'site';
  /** Known for the social crop of a local lead picture. */
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

const SVG = /\.svg(?:[?#]|$)/i;

/**
 * Open Graph's locale, language_TERRITORY, of a language tag with a region ("en-GB",
 * "zh-Hant-TW" → "zh_TW"); none for a language alone, which names no territory.
 */
export function ogLocale(lang: string): string | undefined {
  const [language, ...rest] = lang.split('-');
  const region = rest.find((part) => /^[a-z]{2}$/i.test(part));
  return region ? `${language!.toLowerCase()}_${region.toUpperCase()}` : undefined;
}

/**
 * Every picture that stands for a story, best first: its lead picture (as its 1200×630
 * social crop when the photo stage made one), its gallery, the first picture of its body.
 * A story with none gets the site's: `social.image` from the config, else the publisher
 * logo, or for an SVG logo (which link previews and Google do not take) the site's 512 px
 * icon made from it. Empty only when there is none of these.
 */
export function storyImages(story: StorySummary, site: Site): PreviewImage[] {
  const crops = leadSocial(story, site);
  const own = [story.image, ...story.gallery, story.bodyImage].flatMap((image, i) => {
    // A local picture the photo stage did not make (its file is missing) would be a
    // broken preview: the site's picture stands in.
    if (!image || (!image.pictures && !/^https?:/i.test(image.src))) return [];
    // Nor does an SVG make one: link previews, X's cards and Google's Article take no SVG.
    if (SVG.test(image.src)) return [];
    const alt = image.alt || undefined;
    if (i === 0 && crops) {
      const { url, width, height } = crops.openGraph;
      return [{ url: site.resolve(url), alt, from: 'story' as const, width, height }];
    }
    return [{ url: site.resolve(image.src), alt, from: 'story' as const }];
  });
  const unique = own.filter((image, i) => own.findIndex((other) => other.url === image.url) === i);
  if (unique.length > 0) return unique;
  const { social } = site.config;
  if (social?.image) return [{ url: site.resolve(site.path(social.image)), alt: social.imageAlt, from: 'site' }];
  const logo = site.publisher.logo;
  if (logo && !SVG.test(logo)) return [{ url: site.resolve(site.path(logo)), from: 'site' }];
  // Link previews and Google take no SVG: the site's largest icon, made from the logo, stands in.
  if (logo && site.icons.length > 0)
    return [
      {
        url: site.resolve(site.path(`/${LARGEST_ICON.path}`)),
        from: 'site',
        width: LARGEST_ICON.size,
        height: LARGEST_ICON.size,
      },
    ];
  return [];
}

/** The social crops of a story's lead picture, when the photo stage made them. */
const leadSocial = (story: StorySummary, site: Site) => {
  const lead = story.image?.pictures?.lead;
  return lead && socialImages(lead, site.config.basePath);
};

export function newsArticle(story: StorySummary, site: Site) {
  // Google's Article guidance: the lead picture at 16:9, 4:3 and 1:1, when the photo stage made them.
  const crops = leadSocial(story, site)?.structuredData;
  const images = crops?.length
    ? crops.map((url) => site.resolve(url))
    : storyImages(story, site).map((image) => image.url);
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: truncate(story.title, HEADLINE_MAX),
    ...(story.dek ? { description: story.dek } : story.excerpt ? { description: story.excerpt } : {}),
    ...(images.length ? { image: images } : {}),
    datePublished: story.date.iso,
    dateModified: (story.updated ?? story.date).iso,
    // Without a byline the story is the newsroom's own: Google asks for an author either way.
    author: story.authors.length
      ? authorLd(story, site)
      : [
          {
            '@type': 'Organization',
            name: story.source ?? site.publisher.name,
            ...(story.source ? {} : { url: site.url }),
          },
        ],
    publisher: publisherLd(site),
    mainEntityOfPage: { '@type': 'WebPage', '@id': site.absolute(story.url) },
    ...(story.section ? { articleSection: site.sectionName(story.section) } : {}),
    ...(story.tags.length ? { keywords: story.tags.join(', ') } : {}),
    inLanguage: story.lang,
    wordCount: story.wordCount,
    ...(story.dateline ? { locationCreated: { '@type': 'Place', name: story.dateline } } : {}),
    ...(story.source ? { sourceOrganization: { '@type': 'Organization', name: story.source } } : {}),
    ...(story.canonical ? { isBasedOn: story.canonical } : {}),
  };
}

/** Home › Section › Story. */
export function breadcrumbs(story: StorySummary, site: Site) {
  const items = [
    { name: site.title, item: site.absolute('/') },
    ...(story.section
      ? [{ name: site.sectionName(story.section), item: site.absolute(paths.section(story.section)) }]
      : []),
    { name: story.title, item: site.absolute(story.url) },
  ];
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((entry, i) => ({ '@type': 'ListItem', position: i + 1, ...entry })),
  };
}

/** Everything a story page needs in <head> besides title, description and stylesheet. */
export function storyHead(story: StorySummary, site: Site): Element[] {
  const canonical = canonicalOf(story, site);
  const syndicatedNoindex = story.canonical !== undefined && site.config.wireCopy === 'noindex';
  const image = storyImages(story, site)[0];
  // A large card for a picture of the story or a chosen social image, a small one for a logo.
  const large = image !== undefined && (image.from === 'story' || Boolean(site.config.social.image));
  return [
    h('link', { rel: 'canonical', href: canonical }),
    ...meta('robots', syndicatedNoindex ? 'noindex, max-image-preview:large' : 'max-image-preview:large', 'name'),
    ...meta('author', story.authors.map((a) => a.name).join(', ') || story.source, 'name'),
    ...feedLinks(site, story.section),
    ...meta('og:type', 'article'),
    ...meta('og:site_name', site.title),
    ...meta('og:title', story.title),
    ...meta('og:description', story.dek ?? story.excerpt),
    ...meta('og:url', canonical),
    ...meta('og:locale', ogLocale(story.lang)),
    ...(image
      ? [
          ...meta('og:image', image.url),
          ...meta('og:image:width', image.width?.toString()),
          ...meta('og:image:height', image.height?.toString()),
          ...meta('og:image:alt', image.alt),
        ]
      : []),
    ...meta('article:published_time', story.date.iso),
    ...meta('article:modified_time', story.updated?.iso),
    ...meta('article:section', story.section ? site.sectionName(story.section) : undefined),
    ...story.tags.flatMap((tag) => meta('article:tag', tag)),
    ...meta('twitter:card', large ? 'summary_large_image' : 'summary', 'name'),
    ...meta('twitter:title', story.title, 'name'),
    ...meta('twitter:description', story.dek ?? story.excerpt, 'name'),
    ...(image ? [...meta('twitter:image', image.url, 'name'), ...meta('twitter:image:alt', image.alt, 'name')] : []),
    jsonLd(newsArticle(story, site)),
    jsonLd(breadcrumbs(story, site)),
  ];
}

/** The front page's head: canonical, feeds, WebSite and Organization structured data. */
export function frontHead(site: Site): Element[] {
  return [
    h('link', { rel: 'canonical', href: site.absolute('/') }),
    ...meta('robots', 'max-image-preview:large', 'name'),
    ...feedLinks(site),
    ...meta('og:type', 'website'),
    ...meta('og:site_name', site.title),
    ...meta('og:title', site.title),
    ...meta('og:description', site.description),
    ...meta('og:url', site.absolute('/')),
    jsonLd({
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: site.title,
      url: site.url,
      inLanguage: site.language,
      publisher: publisherLd(site),
    }),
    jsonLd({ '@context': 'https://schema.org', ...publisherLd(site) }),
  ];
}

/** A listing page's head: canonical, pagination links, feeds. */
export function listingHead(
  site: Site,
  page: {
    readonly path: string;
    readonly prev?: string | undefined;
    readonly next?: string | undefined;
    readonly section?: string | undefined;
  },
): Element[] {
  return [
    h('link', { rel: 'canonical', href: site.absolute(page.path) }),
    ...(page.prev ? [h('link', { rel: 'prev', href: site.path(page.prev) })] : []),
    ...(page.next ? [h('link', { rel: 'next', href: site.path(page.next) })] : []),
    ...feedLinks(site, page.section),
  ];
}

/** For feeds and sitemaps: the last time a story changed. */
export const lastModified = (story: Pick<StorySummary, 'date' | 'updated'>): string =>
  toUtc(story.updated ?? story.date);
