import type { Element, Root } from 'hast';
import type { ResolvedConfig } from '../config/config.ts';
import { createReuse } from './html.ts';
import { paths } from '../site/paths.ts';
import { humanize } from '../content/sections.ts';
import { directionOf, type SafeHtml } from '../content/story.ts';
import { encodeUrl } from '../content/urls.ts';

/** A configured section. */
export interface Section {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

/** A `<link>` to an icon or web manifest in every page's head, e.g. `{ rel: 'icon', href: '/favicon.ico', sizes: '48x48' }`. */
export interface IconLink {
  readonly rel: 'icon' | 'apple-touch-icon' | 'manifest';
  /** Site path of the file (not yet passed through `site.path`). */
  readonly href: string;
  readonly sizes?: string | undefined;
  readonly type?: string | undefined;
}

/** The breaking-news banner every page shows: the newest story with `breaking` in force. */
export interface BreakingNews {
  /** Site path of the story (not yet passed through `site.path`). */
  readonly url: string;
  /** The banner's words: `breaking.text`, else the headline. */
  readonly text: string;
  /** When the banner goes (ISO 8601); the build after that leaves it out. */
  readonly until: string;
  /** The story's language and direction, for the banner's text. */
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
}

/**
 * Everything a Site is made from, as plain data: a worker receives this and builds the
 * same Site as the main thread.
 */
export interface SiteData {
  readonly config: ResolvedConfig;
  /** layouts/assets name → site path of the fingerprinted file. */
  readonly assets: Readonly<Record<string, string>>;
  /** Tag name → slug and author name → slug, collisions already resolved. */
  readonly tagSlugs: Readonly<Record<string, string>>;
  readonly authorSlugs: Readonly<Record<string, string>>;
  /** Section ids that have stories (and so a page). */
  readonly sectionsWithStories: readonly string[];
  /**
   * Section id → name, for sections the config does not list (the index's names: as the
   * stories write them). Without it such a section is named after its id.
   */
  readonly sectionNames?: Readonly<Record<string, string>> | undefined;
  /** Whether the search page exists. */
  readonly search: boolean;
  /**
   * Icons the build writes (from `siteIcons()` in render/icons.ts), for every page's head.
   * Default none: no links, since a link to a file that is not written is a broken link.
   */
  readonly icons?: readonly IconLink[] | undefined;
  /** The breaking-news banner, when a story has one in force. Default none. */
  readonly breaking?: BreakingNews | undefined;
}

/**
 * What layouts know about the site: its settings and helpers that turn site paths into
 * links, so that every link works at a domain root and under a sub-path alike.
 */
export interface Site {
  readonly title: string;
  readonly description: string;
  /** Absolute base URL with trailing "/", e.g. "https://example.org/news/". */
  readonly url: string;
  readonly language: string;
  /** Text direction of the site language. */
  readonly dir: 'ltr' | 'rtl';
  readonly publisher: { readonly name: string; readonly logo?: string | undefined };
  /** Sections that have at least one story: in configured order, or by id when none are configured. */
  readonly sections: readonly Section[];
  /** Whether full-text search is built (and the search page exists). */
  readonly search: boolean;
  /** Favicon, touch icon and manifest links for the page head; empty when the build writes none. */
  readonly icons: readonly IconLink[];
  /** The breaking-news banner for every page (`breaking:` in a story's front matter), while it is in force. */
  readonly breaking?: BreakingNews | undefined;
  readonly config: ResolvedConfig;
  /** A site path ("/2021/05/05/x/") as a link from any page: "/news/2021/05/05/x/". */
  path(sitePath: string): string;
  /** A site path as an absolute URL: "https://example.org/news/2021/05/05/x/". */
  absolute(sitePath: string): string;
  /** A link as used in a page (e.g. an image `src` from a story) as an absolute URL. */
  resolve(link: string): string;
  /** The fingerprinted URL of a file in layouts/assets/, e.g. asset("style.css"). */
  asset(name: string): string;
  /** Display name of a section id: the configured name, else the name its stories give. */
  sectionName(id: string): string;
  /** Links to listing pages (already passed through `path()`). */
  sectionUrl(id: string): string;
  tagUrl(name: string): string;
  authorUrl(name: string): string;
  /**
   * A part of a page rendered once per build (and thread), then reused as HTML wherever
   * the same key comes again: a teaser shown on many listings, the masthead. The key must
   * name everything the part shows besides the site, e.g. `teaser:${story.hash}` (a
   * story's hash covers all of its metadata and its URL). Escaped like the rest of the page.
   */
  reuse(key: string, render: () => Element | Root): SafeHtml;
}

export function createSite(data: SiteData): Site {
  const { config } = data;
  const base = config.basePath;
  const path = (sitePath: string) =>
    /^[a-z][a-z0-9+.-]*:/i.test(sitePath) ? sitePath : encodeUrl(base + sitePath.replace(/^\/+/, ''));
  const withSlug = (slugs: Readonly<Record<string, string>>, kind: string, name: string) => {
    const slug = slugs[name];
    if (slug === undefined) throw new Error(`no ${kind} page for "${name}"`);
    return slug;
  };
  const origin = new URL(config.url).origin;
  const active = new Set(data.sectionsWithStories);
  const sectionName = (id: string) =>
    config.sections.find((s) => s.id === id)?.name ?? data.sectionNames?.[id] ?? humanize(id);
  // Configured sections keep their order; without configuration, every section used is listed.
  const sections =
    config.sections.length > 0
      ? config.sections.filter((s) => active.has(s.id))
      : [...active].sort().map((id) => ({ id, name: sectionName(id), description: '' }));
  return {
    title: config.title,
    description: config.description,
    url: config.url,
    language: config.language,
    dir: directionOf(config.language),
    publisher: config.publisher,
    sections,
    search: data.search,
    icons: data.icons ?? [],
    breaking: data.breaking,
    config,
    path,
    absolute: (sitePath) => absoluteUrl(path(sitePath), config.url, origin),
    resolve: (link) => new URL(link, config.url).href,
    asset: (name) => {
      const sitePath = data.assets[name];
      if (sitePath === undefined)
        throw new Error(
          `no asset "${name}" in layouts/assets/ nor in Broadsheet's own (have: ${Object.keys(data.assets).join(', ') || 'none'})`,
        );
      return path(sitePath);
    },
    sectionName,
    sectionUrl: (id) => path(paths.section(id)),
    tagUrl: (name) => path(paths.tag(withSlug(data.tagSlugs, 'tag', name))),
    authorUrl: (name) => path(paths.author(withSlug(data.authorSlugs, 'author', name))),
    reuse: createReuse(),
  };
}

/** Characters a URL path keeps as they are (no percent-encoding, no special meaning). */
const KEPT_AS_IS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;

/**
 * `new URL(sitePath, siteUrl).href` for a site path. A plain one (nearly all: permalinks,
 * listings, assets) needs nothing of the URL parser and is the origin followed by the path;
 * a sitemap alone asks this for every page of the site.
 */
export function absoluteUrl(sitePath: string, siteUrl: string, origin = new URL(siteUrl).origin): string {
  const plain =
    sitePath.startsWith('/') &&
    KEPT_AS_IS.test(sitePath) &&
    !sitePath.includes('//') &&
    !sitePath.includes('/./') &&
    !sitePath.includes('/../') &&
    !sitePath.endsWith('/.') &&
    !sitePath.endsWith('/..');
  return plain ? origin + sitePath : new URL(sitePath, siteUrl).href;
}
