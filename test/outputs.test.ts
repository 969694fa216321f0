import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Element } from 'hast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/config.ts';
import { parseDate } from '../src/content/dates.ts';
import { routes } from '../src/routes/index.ts';
import { SITEMAP_CHUNK } from '../src/routes/sitemaps.ts';
import { buildSiteIndex } from '../src/site/site-index.ts';
import { placementDigest } from '../src/incremental/placement.ts';
import { ogLocale } from '../src/render/metadata.ts';
import { createSite } from '../src/render/site.ts';
import type { StorySummary } from '../src/content/story.ts';
import {
  article,
  buildSite,
  outputText,
  readFeed,
  removeDir,
  select,
  selectAll,
  tempSite,
  toString,
  xmlTexts,
} from './helpers.ts';
import { photo } from './photo-images.ts';

const run = promisify(execFile);
const XSD = path.resolve(import.meta.dirname, '../../shared/xsd');
/** The official schemas live beside the clone (CI has them); a clone on its own, say in a GitHub workflow, skips these two tests. */
const schemas = existsSync(XSD);
const NOW = Date.parse('2024-03-10T12:00:00Z');

/** 45 stories: 30 in world, 15 in sport, one per 12 hours back from NOW, plus special cases. */
function fixture(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 45; i++) {
    const date = new Date(NOW - i * 12 * 3600 * 1000).toISOString().replace('.000Z', 'Z');
    const section = i % 3 === 2 ? 'sport' : 'world';
    const tags = i % 2 ? '[C++, elections]' : '[C, elections]';
    files[`articles/story-${String(i).padStart(2, '0')}.md`] = [
      '---',
      `title: Story number ${i}`,
      `dek: Dek of story ${i}`,
      `date: ${date}`,
      `section: ${section}`,
      `tags: ${tags}`,
      `authors: [${i % 4 === 0 ? 'Associated Press' : 'Jane Doe'}]`,
      ...(i === 0
        ? [
            'image: {src: images/a.jpg, alt: A picture, caption: Caption, credit: AP Photo}',
            'updated: 2024-03-10T12:00:00Z',
          ]
        : []),
      ...(i === 1
        ? [
            'aliases: [/old/story-one/, /legacy/one.html]',
            'corrections: [{date: 2024-03-10, text: An earlier version misspelled a name.}, {date: "2024-03-10 15:20", text: The time of the vote was wrong.}]',
          ]
        : []),
      ...(i === 2 ? ['canonical: https://wire.example/original', 'source: Associated Press'] : []),
      ...(i === 3 ? ['title: "Headline with </script><script>alert(1)</script> in it"'].slice(0, 0) : []),
      '---',
      '',
      `Body of story ${i} with **bold** text.`,
      '',
    ].join('\n');
  }
  files['articles/evil.md'] = [
    '---',
    'title: "Headline with </script><script>alert(1)</script> in it"',
    'date: 2022-01-01T00:00:00Z',
    'section: world',
    '---',
    'x',
  ].join('\n');
  files['articles/future.md'] =
    '---\ntitle: Embargoed future story\ndate: 2030-01-01T00:00:00Z\nsection: world\ntags: [secret-tag]\n---\nx\n';
  files['authors.yaml'] =
    'Jane Doe:\n  bio: Jane covers elections.\n  links: [{label: Website, url: "https://jane.example/"}]\n';
  return files;
}

const config = {
  title: 'Test Gazette',
  url: 'https://example.org/news/',
  listings: { pageSize: 10 },
  feeds: { limit: 5 },
  publisher: { logo: '/logo.png' },
} as const;

describe('newsroom outputs', () => {
  let dir: string;
  let built: Awaited<ReturnType<typeof buildSite>>;
  beforeAll(async () => {
    dir = await tempSite({ ...fixture(), 'articles/images/a.jpg': await photo(1600, 1000) });
    built = await buildSite(dir, config, { now: NOW });
    expect(built.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
  afterAll(() => removeDir(dir));
  /** The lead picture's JPEG as stories.json gives it (site-relative). */
  const leadJpeg = async () => {
    const { stories } = JSON.parse(await built.text('stories.json')) as {
      stories: { id: string; image: { src: string } | null }[];
    };
    const src = stories.find((s) => s.id === 'story-00.md')!.image!.src;
    expect(src.startsWith('https://example.org/news/_photos/') && src.endsWith('.jpg')).toBe(true);
    return src.slice('https://example.org/news/'.length);
  };

  describe('listings', () => {
    it('should paginate a section with stable archive pages numbered from the oldest, and rel prev/next', async () => {
      const files = await built.files();
      // 31 world stories (30 + evil.md) at 10 a page: the newest 10 on the first page, and
      // three full archive pages (the oldest 30); the newest story is on the first page only.
      expect(files.filter((f) => /^world\/(archive\/\d+\/)?index\.html$/.test(f))).toEqual([
        'world/archive/1/index.html',
        'world/archive/2/index.html',
        'world/archive/3/index.html',
        'world/index.html',
      ]);
      const first = await built.page('world/index.html');
      expect(selectAll('.story-list > li', first)).toHaveLength(10);
      expect(select('link[rel=prev]', first)).toBeUndefined();
      expect(select('link[rel=next]', first)!.properties.href).toBe('/news/world/archive/3/');
      const newest = await built.page('world/archive/3/index.html');
      expect(selectAll('.story-list > li', newest)).toHaveLength(10);
      expect(select('link[rel=prev]', newest)!.properties.href).toBe('/news/world/');
      expect(select('link[rel=next]', newest)!.properties.href).toBe('/news/world/archive/2/');
      const oldest = await built.page('world/archive/1/index.html');
      expect(select('link[rel=prev]', oldest)!.properties.href).toBe('/news/world/archive/2/');
      expect(select('link[rel=next]', oldest)).toBeUndefined();
      // Old newest-first page URLs lead to the listing's first page.
      expect((await built.text('_redirects')).split('\n')).toContain('/news/:a/page/:n/ /news/:a/ 301');
    });

    it('should never change a full archive page when stories are added', async () => {
      const story = (i: number) => [
        `articles/s${i}.md`,
        article({ title: `Story ${i}`, section: 'world', date: `2024-01-${String(i + 1).padStart(2, '0')}T10:00:00Z` }),
      ];
      const dir = await tempSite(Object.fromEntries(Array.from({ length: 7 }, (_, i) => story(i))));
      try {
        const before = await buildSite(dir, { listings: { pageSize: 3 } }, { now: NOW });
        const pages = async (site: typeof before) =>
          Object.fromEntries(
            await Promise.all(
              (await site.files())
                .filter((f) => f.startsWith('world/archive/'))
                .map(async (f) => [
                  f,
                  selectAll('.story-list h2, .story-list h3', await site.page(f)).map((h) => toString(h)),
                ]),
            ),
          );
        const was = await pages(before);
        expect(Object.keys(was)).toEqual(['world/archive/1/index.html', 'world/archive/2/index.html']);
        for (let i = 7; i < 12; i++) {
          const [file, text] = story(i);
          await writeFile(path.join(dir, file!), text!);
          const now = await pages(await buildSite(dir, { listings: { pageSize: 3 } }, { now: NOW }));
          for (const [file, stories] of Object.entries(was)) expect(now[file], file).toEqual(stories);
          expect(Object.keys(now)).toHaveLength(Math.floor((i + 1) / 3));
        }
      } finally {
        await removeDir(dir);
      }
    });

    it('should link the first page, the oldest and the nearby archive pages of a long listing, not all of them', async () => {
      const dir = await tempSite(
        Object.fromEntries(
          Array.from({ length: 20 }, (_, i) => [
            `articles/s${i}.md`,
            article({
              title: `Story ${i}`,
              section: 'world',
              date: `2024-01-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
            }),
          ]),
        ),
      );
      try {
        const site = await buildSite(dir, { listings: { pageSize: 2 } }, { now: NOW });
        const numbers = async (rel: string) =>
          selectAll('.pagination li', await site.page(rel)).map((li) => toString(li));
        // 20 stories, 2 a page: the first page and 10 archive pages, the newest first.
        expect(await numbers('world/index.html')).toEqual(['Latest', '10', '9', '…', '1']);
        // An archive page links no further than the next newer one: it never changes again.
        expect(await numbers('world/archive/5/index.html')).toEqual(['Latest', '6', '5', '4', '3', '2', '1']);
        expect(await numbers('world/archive/1/index.html')).toEqual(['Latest', '2', '1']);
        expect(await numbers('world/archive/10/index.html')).toEqual(['Latest', '10', '9', '8', '…', '1']);
        const page6 = await site.page('world/archive/6/index.html');
        expect(toString(select('.pagination [aria-current=page]', page6)!)).toBe('6');
        expect(select('.pagination a[href="/world/archive/7/"]', page6)).toBeDefined();
        expect(select('.pagination a[href="/world/archive/8/"]', page6)).toBeUndefined();
        // Archive page 1 holds the two oldest stories, newest first.
        expect(
          selectAll('.story-list h2, .story-list h3', await site.page('world/archive/1/index.html')).map((h) =>
            toString(h),
          ),
        ).toEqual(['Story 1', 'Story 0']);
      } finally {
        await removeDir(dir);
      }
    });

    it('should keep tags that slug alike apart, and warn', async () => {
      const files = await built.files();
      expect(files).toContain('tags/c/index.html');
      expect(files).toContain('tags/c-2/index.html');
      const titles = await Promise.all(
        ['tags/c/index.html', 'tags/c-2/index.html'].map(async (f) => toString(select('h1', await built.page(f))!)),
      );
      expect(titles.sort()).toEqual(['C', 'C++']);
      expect(built.result.diagnostics.some((d) => d.rule === 'slug-collision' && d.reason.includes('"C++"'))).toBe(
        true,
      );
    });

    it('should give authors and agencies pages, with the profile from authors.yaml', async () => {
      const jane = await built.page('authors/jane-doe/index.html');
      expect(toString(select('.dek', jane)!)).toBe('Jane covers elections.');
      expect(select('.profile-links a', jane)!.properties.href).toBe('https://jane.example/');
      expect(existsSync(path.join(built.out, 'authors/associated-press/index.html'))).toBe(true);
    });

    it('should write date archives in the site time zone', async () => {
      const day = await built.page('2024/03/10/index.html');
      expect(selectAll('.story-list > li', day)).toHaveLength(2);
      expect(existsSync(path.join(built.out, '2024/index.html'))).toBe(true);
      expect(existsSync(path.join(built.out, '2024/02/index.html'))).toBe(true);
    });

    it('should link every story to its section, tags and authors, with related and neighbouring stories', async () => {
      const story = await built.page('2024/03/09/story-number-2/index.html');
      const hrefs = selectAll('a', story).map((a) => String(a.properties.href));
      expect(hrefs).toContain('/news/sport/');
      expect(hrefs).toContain('/news/tags/c/');
      expect(hrefs).toContain('/news/tags/elections/');
      expect(hrefs).toContain('/news/authors/jane-doe/');
      expect(selectAll('.related li', story).length).toBeGreaterThan(0);
      expect(select('.section-nav a[rel=prev]', story)).toBeDefined();
    });

    it('should give the front page a block per section', async () => {
      const front = await built.page('index.html');
      expect(selectAll('.section-block h2 a', front).map((a) => toString(a))).toEqual(['Sport', 'World']);
    });
  });

  describe('feeds', () => {
    const parse = readFeed;

    it('should write RSS and Atom that a feed reader parses, newest first, with images and full content', async () => {
      for (const file of ['feed.xml', 'atom.xml', 'world/feed.xml', 'sport/atom.xml']) {
        const { meta, items } = await parse(await built.text(file));
        expect(meta.title).toMatch(/^Test Gazette/);
        expect(items).toHaveLength(5);
        const times = items.map((i) => i.pubdate!.getTime());
        expect([...times].sort((a, b) => b - a)).toEqual(times);
      }
      const { items } = await parse(await built.text('feed.xml'));
      expect(items[0]!.title).toBe('Story number 0');
      expect(items[0]!.link).toBe('https://example.org/news/2024/03/10/story-number-0/');
      // The enclosure is the picture's JPEG as the photo stage made it, never the original.
      const lead = await leadJpeg();
      expect(items[0]!.enclosures[0]).toMatchObject({
        url: `https://example.org/news/${lead}`,
        type: 'image/jpeg',
        length: String((await stat(path.join(built.out, lead))).size),
      });
      expect(items[0]!.description).toContain('<strong>bold</strong>');
    });

    it.runIf(schemas)('should write Atom valid against RFC 4287', async () => {
      const atom = path.join(built.out, 'atom.xml');
      await run('jing', ['-c', path.join(XSD, 'atom.rnc'), atom]);
    });

    it('should write JSON Feed 1.1 with updated dates', async () => {
      const feed = JSON.parse(await built.text('feed.json'));
      expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
      expect(feed.feed_url).toBe('https://example.org/news/feed.json');
      expect(feed.items).toHaveLength(5);
      expect(feed.items[0]).toMatchObject({
        title: 'Story number 0',
        date_modified: '2024-03-10T12:00:00Z',
        image: `https://example.org/news/${await leadJpeg()}`,
      });
    });

    it('should be linked from page heads', async () => {
      const front = await built.page('index.html');
      const types = selectAll('link[rel=alternate]', front).map((l) => l.properties.type);
      expect(types).toEqual(['application/rss+xml', 'application/atom+xml', 'application/feed+json']);
      const section = await built.page('sport/index.html');
      expect(selectAll('link[rel=alternate]', section).map((l) => l.properties.href)).toContain('/news/sport/feed.xml');
    });
  });

  describe('sitemaps', () => {
    const xmllint = (schema: string, file: string) =>
      run('xmllint', ['--noout', '--schema', path.join(XSD, schema), path.join(built.out, file)]);

    it.runIf(schemas)('should validate against the official schemas', async () => {
      await xmllint('siteindex.xsd', 'sitemap.xml');
      await xmllint('sitemap.xsd', 'sitemap-1.xml');
      await xmllint('sitemap-with-extensions.xsd', 'sitemap-news.xml');
    });

    it('should list stories of the last two days only in the news sitemap', async () => {
      const xml = await built.text('sitemap-news.xml');
      const locs = xmlTexts(xml, 'loc');
      // Stories every 12 hours: now, -12h, -24h, -36h, -48h; the one at -24h is wire copy.
      expect(locs).toHaveLength(4);
      expect(locs[0]).toBe('https://example.org/news/2024/03/10/story-number-0/');
      expect(locs).not.toContain('https://example.org/news/2024/03/09/story-number-2/');
      expect(xmlTexts(xml, 'news:name')).toEqual(Array(4).fill('Test Gazette'));
      expect(xmlTexts(xml, 'news:language')).toEqual(Array(4).fill('en'));
    });

    it('should point robots.txt at both sitemaps', async () => {
      const robots = await built.text('robots.txt');
      expect(robots).toContain('Sitemap: https://example.org/news/sitemap.xml');
      expect(robots).toContain('Sitemap: https://example.org/news/sitemap-news.xml');
    });

    it('should split at 50,000 URLs', () => {
      const { config: resolved } = resolveConfig(
        { url: 'https://example.org/' },
        { root: '/tmp', overrides: { now: NOW } },
      );
      const date = parseDate('2024-01-01T00:00:00Z', 'UTC')!;
      const stories = Array.from({ length: SITEMAP_CHUNK + 5 }, (_, i) => ({
        id: `s${i}.md`,
        hash: `h${i}`,
        slug: `s${i}`,
        derivedSlug: false,
        url: `/s/${i}/`,
        title: `S${i}`,
        date,
        authors: [],
        tags: [],
        gallery: [],
        draft: false,
        aliases: [],
        corrections: [],
        lang: 'en',
        dir: 'ltr',
        wordCount: 1,
        readingMinutes: 1,
        excerpt: '',
        data: {},
      })) as StorySummary[];
      const index = buildSiteIndex(stories, resolved!, new Map(), (s) => s.id);
      const site = createSite({
        config: resolved!,
        assets: {},
        tagSlugs: {},
        authorSlugs: {},
        sectionsWithStories: [],
        search: false,
      });
      const jobs = [
        ...routes.sitemap({
          index,
          site,
          config: resolved!,
          bodies: async () => new Map(),
          full: (s) => s as StorySummary,
          pictured: (s) => (s as StorySummary).image !== undefined,
          fileSize: () => undefined,
          retired: [],
          vanished: [],
        }),
      ];
      // No story of the last two days: no news sitemap.
      expect(jobs.map((j) => j.output)).toEqual(['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml']);
    });
  });

  describe('placement digest', () => {
    it('should leave out exactly the stories named, and nothing when none are', () => {
      const { config: resolved } = resolveConfig(
        { url: 'https://example.org/' },
        { root: '/tmp', overrides: { now: NOW } },
      );
      const date = parseDate('2024-01-01T00:00:00Z', 'UTC')!;
      const stories = Array.from({ length: 5 }, (_, i) => ({
        id: `s${i}.md`,
        hash: `h${i}`,
        slug: `s${i}`,
        derivedSlug: false,
        url: `/s/${i}/`,
        title: `S${i}`,
        date,
        authors: [],
        tags: [],
        gallery: [],
        draft: false,
        aliases: [],
        corrections: [],
        lang: 'en',
        dir: 'ltr',
        wordCount: 1,
        readingMinutes: 1,
        excerpt: '',
        data: {},
      })) as StorySummary[];
      const digest = (list: StorySummary[], without?: Set<string>) =>
        placementDigest(
          buildSiteIndex(list, resolved!, new Map(), (s) => s.id),
          new Map(),
          without,
        );
      const all = digest(stories);
      expect(all.without).toBe(all.all);
      expect(digest(stories, new Set(['not-a-story.md']))).toEqual(all);
      const withoutTwo = digest(stories, new Set(['s2.md']));
      expect(withoutTwo.all).toBe(all.all);
      expect(withoutTwo.without).toBe(digest(stories.filter((s) => s.id !== 's2.md')).all);
      expect(withoutTwo.without).not.toBe(all.all);
    });
  });

  describe('structured data', () => {
    const jsonLd = (tree: Parameters<typeof selectAll>[1]) =>
      selectAll('script[type="application/ld+json"]', tree).map(
        (s) => JSON.parse(toString(s)) as Record<string, unknown>,
      );

    it('should describe a story as a NewsArticle with breadcrumbs', async () => {
      const page = await built.page('2024/03/10/story-number-0/index.html');
      const [article, crumbs] = jsonLd(page);
      expect(article).toMatchObject({
        '@type': 'NewsArticle',
        headline: 'Story number 0',
        datePublished: '2024-03-10T12:00:00Z',
        dateModified: '2024-03-10T12:00:00Z',
        author: [
          {
            '@type': 'Organization',
            name: 'Associated Press',
            url: 'https://example.org/news/authors/associated-press/',
          },
        ],
        publisher: {
          '@type': 'Organization',
          name: 'Test Gazette',
          logo: { '@type': 'ImageObject', url: 'https://example.org/news/logo.png' },
        },
      });
      // Google's Article guidance: 16:9, 4:3 and 1:1 crops, 1200 px wide where the picture allows.
      const crops = await Promise.all(
        (article!.image as string[]).map(async (url) => {
          expect(url.startsWith('https://example.org/news/_photos/')).toBe(true);
          const { width, height } = await sharp(
            path.join(built.out, url.slice('https://example.org/news/'.length)),
          ).metadata();
          return [width, height];
        }),
      );
      expect(crops).toEqual([
        [1200, 675],
        [1200, 900],
        [1000, 1000],
      ]);
      expect(crumbs).toMatchObject({
        '@type': 'BreadcrumbList',
        itemListElement: [{ position: 1 }, { position: 2, name: 'World' }, { position: 3 }],
      });
      const meta = (p: string) => (select(`meta[property="${p}"]`, page) as Element | undefined)?.properties.content;
      expect(meta('og:type')).toBe('article');
      expect(meta('article:published_time')).toBe('2024-03-10T12:00:00Z');
      expect(meta('article:section')).toBe('World');
      expect(selectAll('meta[property="article:tag"]', page).map((m) => m.properties.content)).toEqual([
        'C',
        'elections',
      ]);
      expect(select('meta[name="twitter:card"]', page)!.properties.content).toBe('summary_large_image');
      expect(select('meta[name=robots]', page)!.properties.content).toBe('max-image-preview:large');
      expect(select('link[rel=canonical]', page)!.properties.href).toBe(
        'https://example.org/news/2024/03/10/story-number-0/',
      );
    });

    it('should credit wire copy and point its canonical link at the original', async () => {
      const page = await built.page('2024/03/09/story-number-2/index.html');
      expect(jsonLd(page)[0]).toMatchObject({
        isBasedOn: 'https://wire.example/original',
        sourceOrganization: { name: 'Associated Press' },
      });
      expect(select('link[rel=canonical]', page)!.properties.href).toBe('https://wire.example/original');
    });

    it('should keep a </script> in a headline inside its JSON-LD', async () => {
      const files = await built.files();
      const page = await built.page(files.find((f) => f.startsWith('2022/01/01/headline'))!);
      // The page's only scripts are JSON-LD and files of its own (src): nothing from the headline runs.
      expect(
        selectAll('script', page).filter(
          (s) =>
            s.properties.type !== 'application/ld+json' && !String(s.properties.src ?? '').startsWith('/news/assets/'),
        ),
      ).toEqual([]);
      expect(jsonLd(page)[0]!.headline).toBe('Headline with </script><script>alert(1)</script> in it');
    });

    it('should describe the front page as a WebSite and Organization', async () => {
      const types = jsonLd(await built.page('index.html')).map((d) => d['@type']);
      expect(types).toEqual(['WebSite', 'Organization']);
    });
  });

  describe('corrections, redirects and embargoes', () => {
    it('should print corrections at the foot of the story', async () => {
      const page = await built.page('2024/03/10/story-number-1/index.html');
      const items = selectAll('.corrections li', page);
      expect(toString(items[0]!)).toContain('An earlier version misspelled a name.');
      expect(select('time', items[0])!.properties.dateTime).toBe('2024-03-10T00:00:00Z');
      // A correction written with its time says it: two on one day are told apart.
      expect([toString(select('time', items[0])!), toString(select('time', items[1])!)]).toEqual([
        'March 10, 2024',
        'March 10, 2024, 3:20 PM UTC',
      ]);
    });

    it('should redirect every alias to the story', async () => {
      const page = await built.page('old/story-one/index.html');
      expect(select('meta[http-equiv=refresh]', page)!.properties.content).toBe(
        '0; url=/news/2024/03/10/story-number-1/',
      );
      expect(select('link[rel=canonical]', page)!.properties.href).toBe(
        'https://example.org/news/2024/03/10/story-number-1/',
      );
      // A heading for people; no noindex beside the canonical link, which it could carry over to the story.
      expect(toString(select('main h1', page)!)).toMatch(/^Moved: /);
      expect(select('meta[name=robots]', page)).toBeUndefined();
      expect(existsSync(path.join(built.out, 'legacy/one.html'))).toBe(true);
      expect((await built.text('_redirects')).split('\n')).toContain(
        '/news/old/story-one/ /news/2024/03/10/story-number-1/ 301!',
      );
      expect(JSON.parse(await built.text('redirects.json'))['/news/legacy/one.html']).toBe(
        '/news/2024/03/10/story-number-1/',
      );
    });

    it('should keep an embargoed story out of every page, feed, sitemap and index', async () => {
      for (const rel of await built.files()) {
        const text = await outputText(path.join(built.out, rel));
        expect(text, rel).not.toContain('Embargoed future story');
        expect(text, rel).not.toContain('secret-tag');
      }
    });
  });
});

describe('site settings', () => {
  it('should use noindex instead of a foreign canonical under the noindex wire-copy policy', async () => {
    const dir = await tempSite({
      'articles/a.md':
        '---\ntitle: Wire\ndate: 2024-01-01\ncanonical: https://wire.example/x\nsource: Reuters\n---\nx\n',
    });
    const { page } = await buildSite(dir, { url: 'https://example.org/', wireCopy: 'noindex' }, { now: NOW });
    const tree = await page('2024/01/01/wire/index.html');
    expect(select('link[rel=canonical]', tree)!.properties.href).toBe('https://example.org/2024/01/01/wire/');
    expect(select('meta[name=robots]', tree)!.properties.content).toBe('noindex, max-image-preview:large');
    expect(toString(select('.credit', tree)!)).toContain('Reuters');
    await removeDir(dir);
  });

  it('should leave syndicated copy out of the sitemaps under either wire-copy policy, and keep it in the feed', async () => {
    const dir = await tempSite({
      'articles/a.md':
        '---\ntitle: Wire\ndate: 2024-03-10 09:00\ncanonical: https://wire.example/x\nsource: Reuters\n---\nx\n',
      'articles/b.md': '---\ntitle: Own\ndate: 2024-03-10 08:00\n---\ny\n',
    });
    for (const wireCopy of ['canonical', 'noindex'] as const) {
      const built = await buildSite(dir, { url: 'https://example.org/', wireCopy }, { now: NOW });
      const own = 'https://example.org/2024/03/10/own/';
      const wire = 'https://example.org/2024/03/10/wire/';
      const sitemap = xmlTexts(await built.text('sitemap-1.xml'), 'loc');
      expect(sitemap, wireCopy).toContain(own);
      expect(sitemap, wireCopy).not.toContain(wire);
      expect(xmlTexts(await built.text('sitemap-news.xml'), 'loc'), wireCopy).toEqual([own]);
      expect(xmlTexts(await built.text('feed.xml'), 'link'), wireCopy).toContain(wire);
    }
    await removeDir(dir);
  });

  it('should mark languages, rebase profile links, secure http pictures and date listings by their stories', async () => {
    const dir = await tempSite({
      'authors.yaml': 'Ana Lima:\n  links:\n    - { label: About, url: /about/ana/ }\n',
      'articles/a.md':
        '---\ntitle: افتتاح معرض\nslug: maarad\ndate: 2024-03-02 10:00\nlang: ar\nsection: world\nauthors: [Ana Lima]\nimage: {src: "http://images.example.com/a.jpg", alt: A hall}\n---\nنص.\n',
      'articles/c.md':
        '---\ntitle: Older story\ndate: 2024-03-03 10:00\nupdated: 2024-03-05 18:00\nsection: world\n---\nx ![Logo](//cdn.example.org/logo.png)\n\n<iframe src="//www.youtube.com/embed/86VcHcaurRQ"></iframe>\n',
      'articles/d.md': '---\ntitle: Newest story\ndate: 2024-03-04 10:00\nsection: world\n---\ny\n',
    });
    const url = 'https://example.org/news/';
    const built = await buildSite(dir, { url, search: false }, { now: NOW });
    expect(built.result.ok).toBe(true);
    expect(built.result.diagnostics.filter((d) => d.rule === 'image-http').map((d) => [d.file, d.line])).toEqual([
      ['articles/a.md', 8],
    ]);
    const arabic = await built.page('2024/03/02/maarad/index.html');
    const meta = (key: string) => select(`meta[property="${key}"]`, arabic)?.properties.content;
    expect([meta('og:image'), meta('og:locale')]).toEqual(['https://images.example.com/a.jpg', undefined]);
    const older = await built.page('2024/03/03/older-story/index.html');
    // Protocol-relative sources are other hosts', over https.
    expect([select('main img', older)?.properties.src, select('main iframe', older)?.properties.src]).toEqual([
      'https://cdn.example.org/logo.png',
      'https://www.youtube.com/embed/86VcHcaurRQ',
    ]);
    expect(
      selectAll('.section-nav .title', older).map((title) => [
        toString(title),
        title.properties.lang,
        title.properties.dir,
      ]),
    ).toEqual([
      ['افتتاح معرض', 'ar', 'rtl'],
      ['Newest story', undefined, undefined],
    ]);
    const profile = await built.page('authors/ana-lima/index.html');
    expect(selectAll('.profile-links a', profile).map((a) => a.properties.href)).toEqual(['/news/about/ana/']);
    const sitemap = await built.text('sitemap-1.xml');
    const lastmod = Object.fromEntries(
      xmlTexts(sitemap, 'loc').map((loc, i) => [loc, xmlTexts(sitemap, 'lastmod')[i]]),
    );
    expect([lastmod[`${url}world/`], lastmod[url], lastmod[`${url}2024/03/04/newest-story/`]]).toEqual([
      '2024-03-05T18:00:00Z',
      '2024-03-05T18:00:00Z',
      '2024-03-04T10:00:00Z',
    ]);
    await removeDir(dir);
  });

  it("should give Open Graph a locale only with a territory, and the front page's sitemap date from every story it shows", async () => {
    expect(['en', 'en-GB', 'zh-Hant-TW', 'es-419'].map(ogLocale)).toEqual([undefined, 'en_GB', 'zh_TW', undefined]);
    const stories = Object.fromEntries(
      Array.from({ length: 22 }, (_, i) => [
        `articles/s${i + 1}.md`,
        article({
          title: `Story ${i + 1}`,
          date: `2024-02-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
          ...(i === 0 ? { updated: '2024-03-01T09:00:00Z' } : {}),
          ...(i === 1 ? { authors: '[Ana Lima]' } : {}),
        }),
      ]),
    );
    const dir = await tempSite({
      ...stories,
      'authors.yaml': 'Ana Lima:\n  links:\n    - { label: Contact, url: "#contact" }\n',
    });
    const built = await buildSite(dir, { url: 'https://example.org/', search: false }, { now: NOW });
    const sitemap = await built.text('sitemap-1.xml');
    const lastmod = Object.fromEntries(
      xmlTexts(sitemap, 'loc').map((loc, i) => [loc, xmlTexts(sitemap, 'lastmod')[i]]),
    );
    expect(lastmod['https://example.org/']).toBe('2024-03-01T09:00:00Z');
    // A profile link to a part of the page stays one.
    const profile = await built.page('authors/ana-lima/index.html');
    expect(select('.profile-links a', profile)?.properties.href).toBe('#contact');
    await removeDir(dir);
  });

  it('should build a search index and page, or warn when search is off', async () => {
    const dir = await tempSite({ 'articles/a.md': '---\ntitle: Searchable\ndate: 2024-01-01\n---\nFind me.\n' });
    const on = await buildSite(dir, { search: true }, { now: NOW });
    expect(on.result.ok).toBe(true);
    const files = await on.files();
    expect(files).toContain('search/index.html');
    expect(files.some((f) => /^pagefind\/\d{4}\/pagefind-entry\.json$/.test(f))).toBe(true);
    expect(select('[data-pagefind-body]', await on.page('2024/01/01/searchable/index.html'))).toBeDefined();
    await writeFile(path.join(dir, 'articles/b.md'), '---\ntitle: Second\ndate: 2024-01-02\n---\nx\n');
    const off = await buildSite(dir, { search: false }, { now: NOW });
    expect(off.result.ok).toBe(true);
    expect(off.result.diagnostics.map((d) => d.rule)).toContain('search-off');
    expect((await off.files()).some((f) => f.startsWith('pagefind/') || f.startsWith('search/'))).toBe(false);
    await removeDir(dir);
  });
});

describe('pictures for link previews and structured data', () => {
  const cdn = 'https://cdn.example.org/';
  const stories = {
    'articles/lead.md': article(
      { title: 'Lead', image: `{src: ${cdn}lead.jpg, alt: The lead}` },
      `![Body](${cdn}body.jpg)`,
    ),
    'articles/body.md': article(
      { title: 'Body only' },
      `Text.\n\n![A chart of rents](${cdn}chart.png)\n\n![Second](${cdn}second.png)`,
    ),
    'articles/none.md': article({ title: 'None' }, 'Only words.'),
    // An SVG makes no link preview: the body's JPEG does, and without one the site's picture.
    'articles/chart.md': article(
      { title: 'Chart', image: `{src: ${cdn}chart.svg, alt: A chart}` },
      `![Photo](${cdn}photo.jpg)`,
    ),
    'articles/diagram.md': article({ title: 'Diagram', image: `{src: ${cdn}diagram.svg, alt: A diagram}` }),
  };
  const meta = (tree: Parameters<typeof select>[1], key: string) =>
    (select(`meta[property="${key}"], meta[name="${key}"]`, tree) as Element | undefined)?.properties.content;
  const ldImage = (tree: Parameters<typeof select>[1]) =>
    (JSON.parse(toString(select('script[type="application/ld+json"]', tree)!)) as { image?: string[] }).image;

  it('should give every story page an image: its lead, its first body picture, the social image, the logo', async () => {
    const dir = await tempSite(stories);
    const url = 'https://example.org/news/';
    const social = await buildSite(dir, {
      url,
      social: { image: '/social.png', imageAlt: 'The Gazette' },
      publisher: { logo: '/logo.svg' },
    });
    expect(social.result.ok).toBe(true);
    const lead = await social.page('2024/01/02/lead/index.html');
    expect(meta(lead, 'og:image')).toBe(`${cdn}lead.jpg`);
    expect(ldImage(lead)).toEqual([`${cdn}lead.jpg`, `${cdn}body.jpg`]);
    const body = await social.page('2024/01/02/body-only/index.html');
    expect([meta(body, 'og:image'), meta(body, 'og:image:alt'), meta(body, 'twitter:image')]).toEqual([
      `${cdn}chart.png`,
      'A chart of rents',
      `${cdn}chart.png`,
    ]);
    expect(meta(body, 'twitter:card')).toBe('summary_large_image');
    expect(ldImage(body)).toEqual([`${cdn}chart.png`]);
    const none = await social.page('2024/01/02/none/index.html');
    expect([meta(none, 'og:image'), meta(none, 'og:image:alt'), ldImage(none)]).toEqual([
      `${url}social.png`,
      'The Gazette',
      [`${url}social.png`],
    ]);
    // A remote lead picture is an enclosure too, its size unknown.
    const leadItem = (await readFeed(await social.text('feed.xml'))).items.find((i) => i.title === 'Lead');
    expect(leadItem!.enclosures).toEqual([
      expect.objectContaining({ url: `${cdn}lead.jpg`, type: 'image/jpeg', length: '0' }),
    ]);
    const chart = await social.page('2024/01/02/chart/index.html');
    expect([meta(chart, 'og:image'), meta(chart, 'twitter:image'), ldImage(chart)]).toEqual([
      `${cdn}photo.jpg`,
      `${cdn}photo.jpg`,
      [`${cdn}photo.jpg`],
    ]);
    const diagram = await social.page('2024/01/02/diagram/index.html');
    expect([meta(diagram, 'og:image'), ldImage(diagram)]).toEqual([`${url}social.png`, [`${url}social.png`]]);

    const logo = await buildSite(dir, { url, publisher: { logo: '/logo.svg' } });
    const withLogo = await logo.page('2024/01/02/none/index.html');
    // Link previews and Google take no SVG: the icon made from it stands in.
    expect([
      meta(withLogo, 'og:image'),
      meta(withLogo, 'og:image:width'),
      meta(withLogo, 'twitter:card'),
      ldImage(withLogo),
    ]).toEqual([`${url}icon-512.png`, '512', 'summary', [`${url}icon-512.png`]]);
    const png = await buildSite(dir, { url, publisher: { logo: '/logo.png' } });
    expect(ldImage(await png.page('2024/01/02/none/index.html'))).toEqual([`${url}logo.png`]);
    const bare = await buildSite(dir, { url });
    const nothing = await bare.page('2024/01/02/none/index.html');
    expect([meta(nothing, 'og:image'), ldImage(nothing)]).toEqual([undefined, undefined]);
    await removeDir(dir);
  });
});

describe('redirect rules', () => {
  it('should write no rule a host would read as a placeholder, and refuse a drive-letter path', async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: 'Colon', aliases: '["/wiki/Special:Random/", "/2:y/1:m/"]' }),
    });
    const built = await buildSite(dir, { url: 'https://example.org/' });
    expect(built.result.ok).toBe(true);
    // The page at each alias still leads on, on every host; no rule catches other URLs.
    expect(select('meta[http-equiv=refresh]', await built.page('wiki/Special:Random/index.html'))).toBeDefined();
    const rules = (await built.text('_redirects')).split('\n').filter((l) => l.includes(':') && !l.includes('/:a'));
    expect(rules).toEqual([]);
    await writeFile(path.join(dir, 'articles/b.md'), article({ title: 'Drive', aliases: '["/c:x/"]' }));
    const drive = await buildSite(dir, { url: 'https://example.org/' });
    expect(drive.result.diagnostics.map((d) => [d.rule, d.reason])).toContainEqual([
      'unsafe-path',
      'alias "/c:x/" is not a path inside the site',
    ]);
    await removeDir(dir);
  });
});

describe('text cut short', () => {
  it('should never cut an emoji in half, in the headline or the excerpt', async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: `"${'🎉'.repeat(60)} and more words"` }, `a${'🎉'.repeat(150)}`),
    });
    const built = await buildSite(dir, { url: 'https://example.org/' });
    expect(built.result.ok).toBe(true);
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const page = await built.page((await built.files()).find((f) => /^2024\/01\/02\/[^/]+\/index\.html$/.test(f))!);
    const ld = JSON.parse(toString(select('script[type="application/ld+json"]', page)!)) as Record<string, string>;
    const description = select('meta[name="description"]', page)!.properties.content as string;
    const feed = JSON.parse(await built.text('feed.json')) as { items: { summary: string }[] };
    const texts = [ld.headline!, ld.description!, description, feed.items[0]!.summary];
    for (const text of texts) {
      expect(text.endsWith('…'), text).toBe(true);
      expect(lone.test(text), text).toBe(false);
      expect(text).not.toContain('\uFFFD');
    }
    await removeDir(dir);
  });
});

describe('XML files', () => {
  it('should stay well-formed with "]]>" in a headline, a dek, a body and a byline', async () => {
    const dir = await tempSite({
      'articles/a.md': article(
        {
          title: "'Markup ends with ]]> here'",
          dek: "'a ]]> b'",
          authors: "['X ]]> Y']",
          date: '2024-01-02T09:00:00Z',
        },
        'The body has ]]> in it.',
      ),
    });
    const now = Date.parse('2024-01-02T10:00:00Z');
    const built = await buildSite(dir, { url: 'https://example.org/' }, { now, cache: false });
    expect(built.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Each parses (xmlTexts throws on what is not well-formed) and says what the story says.
    for (const file of ['feed.xml', 'atom.xml']) {
      const xml = await built.text(file);
      expect(xmlTexts(xml, 'title'), file).toContain('Markup ends with ]]> here');
      expect(xmlTexts(xml, 'name').concat(xmlTexts(xml, 'dc:creator')), file).toContain('X ]]> Y');
    }
    expect(xmlTexts(await built.text('feed.xml'), 'description')).toContain('a ]]> b');
    expect(xmlTexts(await built.text('atom.xml'), 'content')[0]).toContain('<p>The body has ]]> in it.</p>');
    expect(xmlTexts(await built.text('sitemap-news.xml'), 'news:title')).toEqual(['Markup ends with ]]> here']);
    await removeDir(dir);
  });
});

describe('the news sitemap', () => {
  it('should not be written, nor named in robots.txt, while no story is recent; and validate when one is', async () => {
    const dir = await tempSite({ 'articles/a.md': article({ title: 'Old news', date: '2024-01-01T10:00:00Z' }) });
    const old = await buildSite(dir, { url: 'https://example.org/' }, { now: NOW, cache: false });
    expect(old.result.ok).toBe(true);
    expect(await old.files()).not.toContain('sitemap-news.xml');
    expect(await old.text('robots.txt')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n');
    const fresh = await buildSite(
      dir,
      { url: 'https://example.org/' },
      { now: Date.parse('2024-01-02T09:00:00Z'), cache: false },
    );
    expect(xmlTexts(await fresh.text('sitemap-news.xml'), 'loc')).toEqual(['https://example.org/2024/01/01/old-news/']);
    expect(await fresh.text('robots.txt')).toContain('Sitemap: https://example.org/sitemap-news.xml');
    if (schemas)
      await run('xmllint', [
        '--noout',
        '--schema',
        path.join(XSD, 'sitemap-with-extensions.xsd'),
        path.join(fresh.out, 'sitemap-news.xml'),
      ]);
    await removeDir(dir);
  });
});
