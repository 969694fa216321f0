// The sitemaps' XML, apart from the route that decides what they list (sitemaps.ts): it is
// imported only when a sitemap is rendered, and most rebuilds keep the previous files.
import { stringifyEntitiesLight } from 'stringify-entities';
import { x } from 'xastscript';
import { xmlOf, xmlText } from './feeds/feed.ts';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

export interface SitemapEntry {
  readonly loc: string;
  readonly lastmod: string | undefined;
}

export interface NewsEntry {
  readonly loc: string;
  readonly publisher: string;
  readonly language: string;
  readonly date: string;
  readonly title: string;
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const xml = (tree: Parameters<typeof xmlOf>[0]) => `${DECLARATION}${xmlOf(tree)}\n`;

/** sitemap.xml: one `<sitemap>` per chunk file, with the latest change among its entries. */
export function sitemapIndexXml(chunks: readonly (readonly SitemapEntry[])[], chunkUrl: (n: number) => string): string {
  return xml(
    x(
      'sitemapindex',
      { xmlns: SITEMAP_NS },
      chunks.map((chunk, i) => {
        const latest = chunk.reduce<string | undefined>(
          (max, e) => (e.lastmod && (!max || e.lastmod > max) ? e.lastmod : max),
          undefined,
        );
        return x('sitemap', [x('loc', chunkUrl(i + 1)), ...(latest ? [x('lastmod', latest)] : [])]);
      }),
    ),
  );
}

/** The control characters xast-util-to-xml drops from text. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const NEEDS_WORK = /[&<\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** Text as xast-util-to-xml writes it: control characters dropped, `&` and `<` as references. */
const text = (value: string): string =>
  // Nearly every location and date has nothing to escape.
  NEEDS_WORK.test(value) ? stringifyEntitiesLight(value.replace(CONTROL, ''), { subset: ['&', '<'] }) : value;

/**
 * sitemap-N.xml: one `<url>` per entry. Written straight out, in the bytes toXml() would
 * give the same tree: a chunk holds up to 50,000 URLs, and building and serializing the
 * tree of them was a large part of every build that adds or removes a story.
 */
export function urlSetXml(entries: readonly SitemapEntry[]): string {
  let out = `${DECLARATION}<urlset xmlns="${SITEMAP_NS}">`;
  for (const e of entries)
    out += `<url><loc>${text(e.loc)}</loc>${e.lastmod ? `<lastmod>${text(e.lastmod)}</lastmod>` : ''}</url>`;
  return `${out}</urlset>\n`;
}

/** sitemap-news.xml: Google News entries. */
export function newsXml(entries: readonly NewsEntry[]): string {
  return xml(
    x(
      'urlset',
      { xmlns: SITEMAP_NS, 'xmlns:news': NEWS_NS },
      entries.map((e) =>
        x('url', [
          x('loc', e.loc),
          x('news:news', [
            x('news:publication', [x('news:name', xmlText(e.publisher)), x('news:language', e.language)]),
            x('news:publication_date', e.date),
            x('news:title', xmlText(e.title)),
          ]),
        ]),
      ),
    ),
  );
}
