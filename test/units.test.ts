import { describe, expect, it } from 'vitest';
import {
  dateParts,
  formatDate,
  formatLocalTime,
  formatWithLuxon,
  hasOwnOffset,
  parseDate,
  toUtc,
} from '../src/content/dates.ts';
import { expandPermalink } from '../src/content/permalink.ts';
import { selectPublished } from '../src/site/select.ts';
import { slugify } from '../src/content/slug.ts';
import type { StorySummary } from '../src/content/story.ts';
import { isSafeUrl, safeSitePath } from '../src/content/urls.ts';
import { sliceWhole } from '../src/util/slice-whole.ts';
import { absoluteUrl } from '../src/render/site.ts';
import { joinInside, relativeTo } from '../src/util/relative-path.ts';
import { Output } from '../src/output/output.ts';
import { toolVersion } from '../src/incremental/tool-version.ts';
import { validUntil } from '../src/incremental/up-to-date.ts';
import { placementKey } from '../src/incremental/placement.ts';
import type { CacheEntry } from '../src/incremental/cache.ts';
import { loadedAnew } from '../src/pipeline/stages/plan.ts';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { h } from 'hastscript';
import { createReuse, serializeHtml } from '../src/render/html.ts';
import { urlSetXml } from '../src/render/sitemap-xml.ts';
import { fromXml } from 'xast-util-from-xml';
import { toXml } from 'xast-util-to-xml';
import { x } from 'xastscript';
import { atom } from '../src/render/feeds/atom.ts';
import { feedUpdated, writeFeed } from '../src/render/feeds/feed.ts';
import { jsonFeed } from '../src/render/feeds/json-feed.ts';
import { rss } from '../src/render/feeds/rss.ts';
import { listFiles, removeDir, select, selectAll, tempSite, toString } from './helpers.ts';
import { checkOutputPath } from '../src/output/output-folder.ts';
import { MANIFEST_PATH } from '../src/output/manifest.ts';

describe('slugify', () => {
  it('should transliterate non-Latin scripts', () => {
    expect(slugify('Россия готова')).toBe('rossiya-gotova');
    expect(slugify('Ελλάδα')).toBe('ellada');
    expect(slugify('北京 news')).toBe('bei-jing-news');
    expect(slugify('مرحبا')).toMatch(/^[a-z]+$/);
    expect(slugify('Zürich: café & bar')).toBe('zurich-cafe-and-bar');
  });
});

describe('urls', () => {
  it('should refuse dangerous schemes however they are disguised', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:x',
      'java\nscript:x',
      'data:text/html,x',
      'vbscript:x',
      '//evil.example',
    ]) {
      expect(isSafeUrl(bad)).toBe(false);
    }
    for (const good of ['https://a.example/', 'http://a.example', '/path/', 'images/a.jpg', 'mailto:a@b.example']) {
      expect(isSafeUrl(good)).toBe(true);
    }
  });

  it('should cut text only between characters as readers see them', () => {
    const flag = '\u{1F1EC}\u{1F1E7}';
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    expect(sliceWhole('abcdef', 3)).toBe('abc');
    expect(sliceWhole('ab', 10)).toBe('ab');
    expect(sliceWhole(`a${flag}`, 3)).toBe('a');
    expect(sliceWhole(`a${flag}b`, 5)).toBe(`a${flag}`);
    expect(sliceWhole(`x${family}y`, 6)).toBe('x');
    expect(sliceWhole(`x${family}y`, 9)).toBe(`x${family}`);
    expect(sliceWhole('a\u{1F389}', 2)).toBe('a');
  });

  it('should normalise site paths and refuse escapes', () => {
    expect(safeSitePath('old/story')).toBe('/old/story/');
    expect(safeSitePath('/old/story.html')).toBe('/old/story.html');
    // Written with its closing slash, a segment with a dot is still a folder.
    expect(safeSitePath('/blog/2020/10/27/social-change-at-change.org/')).toBe(
      '/blog/2020/10/27/social-change-at-change.org/',
    );
    expect(safeSitePath('/guides/node.js/')).toBe('/guides/node.js/');
    expect(safeSitePath('/guides/node.js')).toBe('/guides/node.js');
    // A colon inside a segment is a character of the path; at its start, a placeholder.
    expect(safeSitePath('/wiki/Special:Random/')).toBe('/wiki/Special:Random/');
    expect(safeSitePath(`/${'a'.repeat(200)}/`)).toBe(`/${'a'.repeat(200)}/`);
    for (const bad of [
      // Wildcards and placeholders of _redirects, which would catch URLs never named.
      '/*',
      '/news/*',
      '/%2A/',
      '/:splat/x/',
      // Longer than a file name may be.
      `/${'a'.repeat(201)}/`,
      `/${'é'.repeat(101)}/`,
      '../x',
      '/a/../../x',
      '%2e%2e/x',
      '%252e%252e/x',
      '/a\\b',
      'https://x.example/',
      '//x.example',
      '/',
      '',
    ]) {
      expect(safeSitePath(bad)).toBeUndefined();
    }
  });

  it('should make absolute URLs as the URL parser makes them', () => {
    const paths = [
      '/',
      '/2024/05/05/a-story/',
      '/news/world/page/2/',
      "/tags/o'neil/",
      '/a:b@c/~x/',
      '/assets/style.3f2a.css',
      '/a b/',
      '/caf\u00e9/',
      '/a/./b/',
      '/a/../b/',
      '/a/.',
      '/a/..',
      '//evil.example/x',
      '/a//b/',
      '/a%2e%2e/b',
      '/a?q=1',
      '/a#f',
      '/a\\b',
      '/x"y/',
      '/<x>/',
      '/`x`/',
      '/{x}/',
    ];
    for (const base of [
      'https://example.org/',
      'https://example.org/news/',
      'http://localhost:8080/',
      'https://EXAMPLE.org:443/a/',
    ]) {
      for (const p of paths) expect(absoluteUrl(p, base), `${p} on ${base}`).toBe(new URL(p, base).href);
    }
  });

  it('should refuse output paths outside the output folder', () => {
    for (const bad of ['../x', '/etc/passwd', 'a/../../x', 'a\\b', 'C:/x', ''])
      expect(() => checkOutputPath(bad)).toThrow();
    expect(checkOutputPath('a/b/index.html')).toBe('a/b/index.html');
  });
});

describe('dates', () => {
  it('should give the calendar day in UTC as a time zone formatter does, at the edges of the year range too', () => {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const epochs = [
      Date.UTC(999, 11, 31, 23, 59),
      Date.UTC(1000, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59),
      Date.UTC(10000, 0, 1),
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      0,
      -1,
    ];
    // And a spread of instants over four centuries, at odd minutes.
    for (let i = 0; i < 2000; i++) epochs.push(Date.UTC(1900, 0, 1) + i * 6_311_111_117);
    for (const epoch of epochs) {
      const [yyyy, mm, dd] = intl.format(epoch).split('-');
      expect([epoch, dateParts({ iso: '', epoch, offset: 'Z' }, 'UTC')]).toEqual([epoch, { yyyy, mm, dd }]);
    }
  });

  it('should write any date as the UTC instant, to the second when it has no milliseconds', () => {
    const written = [
      '2021-05-05T12:20:00Z',
      '2021-05-05T15:20:00+03:00',
      '2021-05-05T12:20:00.250Z',
      '2021-05-05',
      '0999-01-01T00:00:00Z',
      '2024-02-29T23:59:59-00:30',
    ];
    for (const text of written) {
      const date = parseDate(text, 'UTC')!;
      expect([text, toUtc(date)]).toEqual([text, new Date(date.epoch).toISOString().replace('.000Z', 'Z')]);
    }
  });

  it('should keep the written offset and format in the story language', () => {
    const date = parseDate('2021-05-05T15:20:00+03:00', 'UTC')!;
    expect(date.epoch).toBe(Date.parse('2021-05-05T12:20:00Z'));
    expect(formatDate(date, 'en')).toBe('May 5, 2021, 3:20 PM UTC+3');
    expect(parseDate('2021-02-30', 'UTC')).toBeUndefined();
  });

  it('should write offsets, including half hours and UTC, as ISO 8601', () => {
    expect(parseDate('2021-05-05 15:20', 'Asia/Kolkata')!.iso).toBe('2021-05-05T15:20:00+05:30');
    expect(parseDate('2021-05-05T15:20:00-03:30', 'UTC')!.iso).toBe('2021-05-05T15:20:00-03:30');
    expect(parseDate('2021-05-05', 'UTC')!.iso).toBe('2021-05-05T00:00:00Z');
  });

  it('should give each locale, day and time its own text when dates are formatted many times', () => {
    const morning = parseDate('2021-05-05T08:00:00+03:00', 'UTC')!;
    const evening = parseDate('2021-05-05T21:45:00+03:00', 'UTC')!;
    expect(formatDate(morning, 'en', { time: false })).toBe('May 5, 2021');
    expect(formatDate(evening, 'en', { time: false })).toBe('May 5, 2021');
    expect(formatDate(evening, 'fr', { time: false })).toBe('5 mai 2021');
    expect(formatDate(morning, 'en')).toBe('May 5, 2021, 8:00 AM UTC+3');
    expect(formatDate(evening, 'en')).toBe('May 5, 2021, 9:45 PM UTC+3');
  });

  it('should give a day the same text whatever the offset and whichever story came first', () => {
    const utc = parseDate('1912-01-01T10:00:00Z', 'UTC')!;
    const moscow = parseDate('1912-01-01T14:00:00+03:00', 'UTC')!;
    expect(formatDate(utc, 'ru', { time: false })).toBe('1 января 1912 г.');
    expect(formatDate(moscow, 'ru', { time: false })).toBe('1 января 1912 г.');
    expect(formatDate(utc, 'en')).toBe('January 1, 1912, 10:00 AM UTC');
    expect(formatDate(parseDate('1912-01-01T15:30:00+05:30', 'UTC')!, 'en-u-ca-gregory')).toBe(
      'January 1, 1912, 3:30 PM UTC+5:30',
    );
  });

  it('should write what luxon writes, for every offset, locale and calendar', () => {
    const offsets = ['Z', '+03:00', '-05:00', '+05:30', '+05:45', '-03:30', '-09:30', '+12:45', '+14:00', '-12:00'];
    const locales = [
      'en',
      'en-GB',
      'de',
      'fr',
      'ar-EG',
      'fa',
      'he',
      'hi',
      'ja',
      'th',
      'zh-Hans',
      'ru',
      'pt-BR',
      'en-u-ca-buddhist',
      'en-x-private',
    ];
    let checked = 0;
    for (const offset of offsets) {
      for (const locale of locales) {
        for (let i = 0; i < 6; i++) {
          // Spread over centuries, with odd minutes, around midnight and noon.
          const utc = Date.UTC(
            1890 + ((i * 37 + locale.length * 11) % 250),
            (i * 5) % 12,
            1 + ((i * 11) % 28),
            (i * 7 + 11) % 24,
            (i * 13) % 60,
          );
          const sign = offset.startsWith('-') ? -1 : 1;
          const minutes = offset === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
          const wall = new Date(utc + minutes * 60_000).toISOString().slice(0, 19);
          const date = parseDate(`${wall}${offset}`, 'UTC')!;
          // luxon kept U+202F for some offsets and not others (see formatFast()).
          expect(formatDate(date, locale), `${date.iso} ${locale}`).toBe(
            formatWithLuxon(date, locale, true).replace(/\u202f/g, ' '),
          );
          expect(formatDate(date, locale, { time: false }), `${date.iso} ${locale}`).toBe(
            formatWithLuxon(date, locale, false).replace(/\u202f/g, ' '),
          );
          checked++;
        }
      }
    }
    expect(checked).toBe(offsets.length * locales.length * 6);
  });
});

describe('formatDate in a zone', () => {
  it("should show a date in the site's zone with the zone's name", () => {
    const winter = parseDate('2026-11-20T18:45:00Z', 'UTC')!;
    expect(formatDate(winter, 'en', { zone: 'Europe/London' })).toBe('November 20, 2026, 6:45 PM GMT');
    expect(formatDate(winter, 'en', { zone: 'America/New_York' })).toBe('November 20, 2026, 1:45 PM EST');
    const summer = parseDate('2021-05-05T15:20:00+03:00', 'UTC')!;
    expect(formatDate(summer, 'en', { zone: 'Europe/London' })).toBe('May 5, 2021, 1:20 PM BST');
    expect(formatDate(summer, 'en-GB', { zone: 'Europe/London' })).toBe('5 May 2021, 13:20 BST');
    expect(formatDate(summer, 'en', { zone: 'UTC' })).toBe('May 5, 2021, 12:20 PM UTC');
  });

  it("should give the calendar day in the zone, not in the date's own offset", () => {
    const late = parseDate('2021-05-05T23:30:00-05:00', 'UTC')!;
    expect(formatDate(late, 'en', { time: false })).toBe('May 5, 2021');
    expect(formatDate(late, 'en', { time: false, zone: 'Europe/London' })).toBe('May 6, 2021');
    expect(formatDate(late, 'en', { time: false, zone: 'America/Chicago' })).toBe('May 5, 2021');
  });

  it('should format locales that luxon handles the same way, in the zone', () => {
    const date = parseDate('2026-07-01T12:00:00Z', 'UTC')!;
    expect(formatDate(date, 'en-u-ca-gregory', { zone: 'Europe/London' })).toBe('July 1, 2026, 1:00 PM BST');
  });

  it('should tell a dateline offset from the site zone and from UTC', () => {
    const moscow = parseDate('2021-05-05T15:20:00+03:00', 'UTC')!;
    expect(hasOwnOffset(moscow, 'Europe/London')).toBe(true);
    expect(formatLocalTime(moscow, 'en')).toBe('3:20 PM UTC+3');
    // Written in UTC, or in the site's own offset at that moment: nothing of its own.
    expect(hasOwnOffset(parseDate('2026-07-01T12:00:00Z', 'UTC')!, 'Europe/London')).toBe(false);
    expect(hasOwnOffset(parseDate('2026-07-01T12:00:00+01:00', 'UTC')!, 'Europe/London')).toBe(false);
    expect(hasOwnOffset(parseDate('2026-07-01 12:00', 'America/New_York')!, 'America/New_York')).toBe(false);
    expect(hasOwnOffset(parseDate('2026-01-01T12:00:00+01:00', 'UTC')!, 'Europe/London')).toBe(true);
  });
});

describe('expandPermalink', () => {
  const date = parseDate('2021-05-05T23:30:00-05:00', 'UTC')!;
  it('should expand tokens with dates in the site time zone', () => {
    expect(expandPermalink('/:yyyy/:mm/:dd/:slug/', { slug: 'x', date }, 'UTC')).toBe('/2021/05/06/x/');
    expect(expandPermalink('/:section/:slug/', { slug: 'x', date, section: 'world' }, 'UTC')).toBe('/world/x/');
    expect(expandPermalink('/:yyyy/:mm/:dd/:slug/', { slug: 'x', date }, 'America/New_York')).toBe('/2021/05/06/x/');
    expect(expandPermalink('/:yyyy/:mm/:dd/:slug/', { slug: 'x', date }, 'America/Chicago')).toBe('/2021/05/05/x/');
  });
});

describe('selectPublished', () => {
  const story = (id: string, date: string, extra: Partial<StorySummary> = {}) =>
    ({ id, url: `/${id}/`, date: parseDate(date, 'UTC')!, draft: false, aliases: [], ...extra }) as StorySummary;
  const now = Date.parse('2024-01-10T00:00:00Z');

  it('should leave out drafts and embargoed stories and sort newest first', () => {
    const s = selectPublished(
      [
        story('a', '2024-01-01'),
        story('b', '2024-01-05'),
        story('c', '2024-01-03', { draft: true }),
        story('d', '2024-02-01'),
      ],
      { drafts: false, now },
      (x) => x.id,
    );
    expect(s.published.map((x) => x.id)).toEqual(['b', 'a']);
    expect(s.drafts.map((x) => x.id)).toEqual(['c']);
    expect(s.embargoed.map((x) => x.id)).toEqual(['d']);
    expect(
      selectPublished([story('c', '2024-01-03', { draft: true })], { drafts: true, now }, (x) => x.id).published,
    ).toHaveLength(1);
  });

  it('should publish a story dated exactly now', () => {
    expect(
      selectPublished([story('a', '2024-01-10T00:00:00Z')], { drafts: false, now }, (x) => x.id).published,
    ).toHaveLength(1);
  });

  it('should report both files of a duplicate URL, and aliases that collide', () => {
    const s = selectPublished(
      [story('a', '2024-01-01', { url: '/x/' }), story('b', '2024-01-02', { url: '/x/' })],
      { drafts: false, now },
      (x) => `${x.id}.md`,
    );
    expect(s.diagnostics.map((d) => [d.rule, d.file])).toEqual([
      ['duplicate-url', 'a.md'],
      ['duplicate-url', 'b.md'],
    ]);
    const t = selectPublished(
      [story('a', '2024-01-01'), story('b', '2024-01-02', { aliases: ['/a/'] })],
      { drafts: false, now },
      (x) => x.id,
    );
    expect(t.diagnostics).toHaveLength(2);
  });

  it('should number the later of two stories whose titles made the same slug, with a warning', () => {
    const relocate = (s: StorySummary, slug: string) => ({ ...s, slug, url: `/${slug}/` });
    const same = (id: string, date: string) => story(id, date, { url: '/same/', slug: 'same', derivedSlug: true });
    const s = selectPublished(
      [same('b', '2024-01-02'), same('a', '2024-01-01'), same('c', '2024-01-03')],
      { drafts: false, now },
      (x) => x.id,
      relocate,
    );
    expect(s.published.map((x) => [x.id, x.url])).toEqual([
      ['c', '/same-3/'],
      ['b', '/same-2/'],
      ['a', '/same/'],
    ]);
    expect(s.diagnostics.map((d) => [d.rule, d.severity, d.file])).toEqual([
      ['duplicate-slug', 'warning', 'b'],
      ['duplicate-slug', 'warning', 'c'],
    ]);
  });
});

describe('the order of stories published at the same moment', () => {
  it('should be the same when their numbered URLs are made and when they are kept (the next build)', () => {
    const at = parseDate('2024-01-01T10:00:00Z', 'UTC')!;
    const now = Date.parse('2024-01-10T12:00:00Z');
    const relocate = (s: StorySummary, slug: string) => ({ ...s, slug, url: `/${slug}/` });
    const same = (id: string, url: string, derivedSlug: boolean) =>
      ({
        id,
        hash: id,
        url,
        slug: url.slice(1, -1),
        derivedSlug,
        date: at,
        draft: false,
        aliases: [],
      }) as Partial<StorySummary> as StorySummary;
    const order = (stories: StorySummary[]) =>
      selectPublished(stories, { drafts: false, now }, (x) => x.id, relocate).published.map((x) => [x.id, x.url]);
    const first = order([same('a', '/same/', true), same('b', '/same/', true)]);
    expect(first).toEqual(order([same('a', '/same/', false), same('b', '/same-2/', false)]));
    expect(first.map(([, url]) => url).sort()).toEqual(['/same-2/', '/same/']);
  });

  it("should not count as moved when the URL ledger first keeps a story's URL (the build after it was published)", () => {
    // The ledger marks a story whose URL it holds as no longer derived from its title. Had
    // that counted as a move, every build after a story was added would find the site
    // rearranged and describe every page again, instead of the pages near the new story.
    const story = (derivedSlug: boolean) =>
      ({
        id: 'a.md',
        url: '/2024/01/01/a/',
        slug: 'a',
        derivedSlug,
        date: parseDate('2024-01-01T10:00:00Z', 'UTC')!,
        tags: ['energy'],
        authors: [{ name: 'Zoe Novak' }],
        draft: false,
        aliases: [],
        lang: 'en',
      }) as Partial<StorySummary> as StorySummary;
    expect(placementKey(story(false))).toBe(placementKey(story(true)));
    expect(placementKey({ ...story(false), url: '/2024/01/01/a-2/' })).not.toBe(placementKey(story(true)));
  });
});

describe('pins, banners and previews in selectPublished', () => {
  const at = (iso: string) => parseDate(iso, 'UTC')!;
  const story = (id: string, date: string, extra: Partial<StorySummary> = {}) =>
    ({ id, hash: `h-${id}`, url: `/${id}/`, date: at(date), draft: false, aliases: [], ...extra }) as StorySummary;
  const now = Date.parse('2024-01-10T12:00:00Z');
  const select = (stories: StorySummary[], preview = false, drafts = false) =>
    selectPublished(stories, { drafts, now }, (x) => `${x.id}.md`, undefined, preview);

  it('should keep a pin until its time, then drop it and give the story a new hash', () => {
    const pinned = (until: string) => story('a', '2024-01-09', { pin: { to: 'lead', until: at(until) } });
    const before = select([pinned('2024-01-10T12:00:01Z')]).published[0]!;
    expect(before.pin?.to).toBe('lead');
    expect(before.hash).toBe('h-a');
    // `until` is the first moment without the pin.
    const after = select([pinned('2024-01-10T12:00:00Z')]).published[0]!;
    expect(after.pin).toBeUndefined();
    expect(after.hash).not.toBe('h-a');
    // A pin without an end stays.
    expect(select([story('a', '2024-01-01', { pin: { to: 'top' } })]).published[0]!.pin?.to).toBe('top');
  });

  it('should end a breaking-news banner at its time, apart from a pin ending', () => {
    const both = (pinUntil: string, bannerUntil: string) =>
      story('a', '2024-01-09', {
        pin: { to: 'top', until: at(pinUntil) },
        breaking: { until: at(bannerUntil) },
      });
    const kept = select([both('2024-01-11', '2024-01-11')]).published[0]!;
    expect(kept.breaking?.until.iso).toBe('2024-01-11T00:00:00Z');
    const pinGone = select([both('2024-01-10', '2024-01-11')]).published[0]!;
    const bannerGone = select([both('2024-01-11', '2024-01-10')]).published[0]!;
    const bothGone = select([both('2024-01-10', '2024-01-10')]).published[0]!;
    expect([pinGone.pin, pinGone.breaking?.until.iso]).toEqual([undefined, '2024-01-11T00:00:00Z']);
    expect([bannerGone.pin?.to, bannerGone.breaking]).toEqual(['top', undefined]);
    expect([bothGone.pin, bothGone.breaking]).toEqual([undefined, undefined]);
    // Each state of the story is a hash of its own: pages that show it are keyed by it.
    expect(new Set([kept.hash, pinGone.hash, bannerGone.hash, bothGone.hash]).size).toBe(4);
  });

  it('should not publish an embargoed pinned story, nor let it lead, until its date', () => {
    const stories = [story('old', '2024-01-01'), story('scheduled', '2024-01-11', { pin: { to: 'lead' } })];
    const before = select(stories);
    expect(before.published.map((x) => x.id)).toEqual(['old']);
    expect(before.embargoed.map((x) => x.id)).toEqual(['scheduled']);
    const after = selectPublished(stories, { drafts: false, now: Date.parse('2024-01-11') }, (x) => x.id);
    expect(after.published.map((x) => [x.id, x.pin?.to])).toEqual([
      ['scheduled', 'lead'],
      ['old', undefined],
    ]);
  });

  it('should warn about pinned leads and banners a newer story outranks', () => {
    const s = select([
      story('a', '2024-01-01', { pin: { to: 'lead' }, breaking: { until: at('2024-01-11') } }),
      story('b', '2024-01-03', { pin: { to: 'lead' } }),
      story('c', '2024-01-02', { pin: { to: 'top' }, breaking: { until: at('2024-01-11') } }),
    ]);
    expect(s.diagnostics.map((d) => [d.rule, d.severity, d.file])).toEqual([
      ['pin-ignored', 'warning', 'a.md'],
      ['pin-ignored', 'warning', 'a.md'],
    ]);
    expect(s.diagnostics.map((d) => d.reason)).toEqual([
      'b.md is pinned as lead too and is newer: it leads, and this story is shown among the top stories',
      'c.md is breaking news too and is newer: the banner shows it, not this story',
    ]);
  });

  it('should publish drafts and embargoed stories in a preview, marked, and list them as before', () => {
    const stories = [
      story('live', '2024-01-05'),
      story('draft', '2024-01-04', { draft: true }),
      story('scheduled', '2024-02-01'),
      story('both', '2024-02-02', { draft: true }),
    ];
    const s = select(stories, true);
    expect(s.published.map((x) => [x.id, x.preview])).toEqual([
      ['both', 'draft'],
      ['scheduled', 'embargoed'],
      ['live', undefined],
      ['draft', 'draft'],
    ]);
    expect(s.drafts.map((x) => x.id)).toEqual(['draft', 'both']);
    expect(s.embargoed.map((x) => x.id)).toEqual(['scheduled']);
    for (const x of s.published) expect(x.hash === `h-${x.id}`, x.id).toBe(x.preview === undefined);
    // With --drafts a draft is published as a build publishes it: not marked.
    expect(select(stories, true, true).published.find((x) => x.id === 'draft')?.preview).toBeUndefined();
    // Without preview, as always.
    expect(select(stories).published.map((x) => x.id)).toEqual(['live']);
  });
});

describe('validUntil', () => {
  const at = (iso: string) => parseDate(iso, 'UTC')!;
  const now = Date.parse('2024-01-10T12:00:00Z');
  const story = (extra: Partial<StorySummary>) => ({ date: at('2023-01-01'), ...extra }) as StorySummary;

  it('should end at the first pin or banner to end, an embargo to lift, or a story to leave the news sitemap', () => {
    expect(validUntil([story({})], [], now)).toBeNull();
    expect(validUntil([story({ pin: { to: 'lead' } })], [], now)).toBeNull();
    const pin = story({ pin: { to: 'lead', until: at('2024-01-12T00:00:00Z') } });
    const banner = story({ breaking: { until: at('2024-01-11T00:00:00Z') } });
    expect(validUntil([pin], [], now)).toBe(Date.parse('2024-01-12T00:00:00Z'));
    expect(validUntil([pin, banner], [], now)).toBe(Date.parse('2024-01-11T00:00:00Z'));
    expect(validUntil([pin, banner], [story({ date: at('2024-01-10T18:00:00Z') })], now)).toBe(
      Date.parse('2024-01-10T18:00:00Z'),
    );
  });
});

describe('toolVersion', () => {
  it('should change with the source code of Broadsheet itself, not only with its version and lockfile', async () => {
    const root = await tempSite({
      'package.json': '{"version":"1.2.3"}',
      'package-lock.json': '{}',
      'src/a.ts': 'export const a = 1;\n',
    });
    try {
      const first = toolVersion(root);
      expect(first).toMatch(/^1\.2\.3\+[0-9a-f]{16}$/);
      expect(toolVersion(root)).toBe(first);
      await writeFile(path.join(root, 'src/a.ts'), 'export const a = 2;\n');
      const edited = toolVersion(root);
      expect(edited).not.toBe(first);
      await mkdir(path.join(root, 'src/sub'));
      await writeFile(path.join(root, 'src/sub/b.ts'), '');
      expect(toolVersion(root)).not.toBe(edited);
      await rm(path.join(root, 'src/sub'), { recursive: true });
      await writeFile(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
      expect(toolVersion(root)).not.toBe(edited);
      await writeFile(path.join(root, 'package-lock.json'), '{}');
      await writeFile(path.join(root, 'src/a.ts'), 'export const a = 1;\n');
      expect(toolVersion(root)).toBe(first);
    } finally {
      await removeDir(root);
    }
  });
});

describe('site.reuse', () => {
  it('should render a part once per key and give the same HTML, escaped, as the page would', () => {
    const reuse = createReuse();
    let renders = 0;
    const part = () => {
      renders++;
      return h('p', { title: '"><script>x</script>' }, '<b>&</b>');
    };
    const first = reuse('k', part);
    const again = reuse('k', part);
    expect(renders).toBe(1);
    expect(again).toBe(first);
    expect(first.type).toBe('raw');
    // Inside a page, the reused part is what the same tree serializes to in place.
    const inPage = serializeHtml(h('li', [first]));
    expect(inPage).toBe(serializeHtml(h('li', [part()])));
    const parsed = fromHtml(inPage, { fragment: true });
    expect(selectAll('script, b', parsed)).toEqual([]);
    expect(select('p', parsed)!.properties.title).toBe('"><script>x</script>');
    expect(toString(select('p', parsed)!)).toBe('<b>&</b>');
    reuse('other', part);
    expect(renders).toBe(3);
  });
});

describe('urlSetXml', () => {
  it('should write the bytes xast-util-to-xml writes for the same sitemap, escapes and all', () => {
    const entries = [
      { loc: 'https://example.org/', lastmod: '2025-01-01T00:00:00.000Z' },
      { loc: 'https://example.org/search/?q=a&b=<c>', lastmod: undefined },
      { loc: 'https://example.org/odd\u0001path/', lastmod: '2025-01-02T00:00:00.000Z' },
    ];
    const tree = x(
      'urlset',
      { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' },
      entries.map((e) => x('url', [x('loc', e.loc), ...(e.lastmod ? [x('lastmod', e.lastmod)] : [])])),
    );
    const written = urlSetXml(entries);
    expect(written).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n${toXml(tree)}\n`);
    expect(urlSetXml([])).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(x('urlset', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' }))}\n`,
    );
    // And it parses back to the same locations.
    const parsed = fromXml(written);
    const locs: string[] = [];
    const walk = (node: { type: string; name?: string; children?: unknown[]; value?: string }) => {
      if (node.type === 'element' && node.name === 'loc')
        locs.push((node.children as { value: string }[]).map((c) => c.value).join(''));
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    walk(parsed);
    expect(locs).toEqual([
      'https://example.org/',
      'https://example.org/search/?q=a&b=<c>',
      'https://example.org/oddpath/',
    ]);
  });
});

describe('relative paths', () => {
  const dirs = ['/srv/site/articles', '/srv/site/articles/', '/'];
  const rels = [
    'story.md',
    'a/b/story.md',
    'photos/caf\u00e9 1.jpg',
    '.hidden',
    '..x',
    'x..',
    'a/.b/c',
    'a/...',
    './a',
    'a/./b',
    'a/../b',
    '../a',
    '..',
    '.',
    'a//b',
    'a/',
    '/a',
    '',
  ];
  it('joinInside() should give what path.join() gives, plain or not', () => {
    for (const dir of dirs)
      for (const rel of rels) expect([dir, rel, joinInside(dir, rel)]).toEqual([dir, rel, path.join(dir, rel)]);
  });
  it('relativeTo() should give what path.relative() gives for files inside the folder and out of it', () => {
    for (const dir of dirs)
      for (const rel of rels) {
        const file = path.join(dir, rel);
        expect([dir, file, relativeTo(dir, file)]).toEqual([dir, file, path.relative(dir, file)]);
      }
  });
});

describe('the output manifest', () => {
  it('should be laid out as JSON.stringify(…, null, 1) lays it out, paths that need escaping too', async () => {
    const dir = await tempSite({});
    try {
      const out = path.join(dir, 'dist');
      const output = new Output(out, undefined);
      await output.open();
      const names = [
        'index.html',
        'caf\u00e9/na\u00efve.html',
        'say "hi".txt',
        'tab\u007f.txt',
        'emoji-\u{1F4F0}.txt',
        'b/a.css',
        'B.txt',
      ];
      for (const name of names) await output.write(name, `content of ${name}`);
      await output.commit();
      const files = Object.fromEntries([...output.files.keys()].sort().map((rel) => [rel, output.files.get(rel)]));
      expect(await readFile(path.join(out, MANIFEST_PATH), 'utf8')).toBe(
        `${JSON.stringify({ version: 1, generator: 'broadsheet', files }, null, 1)}\n`,
      );
      expect(Object.keys(files)).toEqual([...names].sort());
    } finally {
      await removeDir(dir);
    }
  });

  it('should be the same JSON when it is longer than one chunk of text, and when there are no files', async () => {
    const dir = await tempSite({});
    try {
      for (const count of [0, 1500]) {
        const out = path.join(dir, `dist-${count}`);
        const output = new Output(out, undefined);
        await output.open();
        // Some names need escaping, so escaped and plain text meet at chunk boundaries too.
        for (let i = 0; i < count; i++)
          await output.write(i % 7 === 0 ? `caf\u00e9-${i}/"${i}".html` : `page-${i}/index.html`, `page ${i}`);
        await output.commit();
        const files = Object.fromEntries([...output.files.keys()].sort().map((rel) => [rel, output.files.get(rel)]));
        const text = await readFile(path.join(out, MANIFEST_PATH), 'utf8');
        expect(text).toBe(`${JSON.stringify({ version: 1, generator: 'broadsheet', files }, null, 1)}\n`);
        expect(Object.keys(JSON.parse(text).files)).toHaveLength(count);
      }
    } finally {
      await removeDir(dir);
    }
  });
});

describe('copies into the output', () => {
  it('should copy into shared and nested folders, all at once, and again in a second first build in the same process', async () => {
    const dir = await tempSite({ 'src/a.jpg': 'A', 'src/b.jpg': 'B', 'src/c.txt': 'C' });
    try {
      const out = path.join(dir, 'dist');
      const copies = {
        'images/a.jpg': 'a.jpg',
        'images/b.jpg': 'b.jpg',
        'images/deep/er/c.txt': 'c.txt',
        'top.txt': 'c.txt',
      };
      for (const round of [1, 2]) {
        // No previous manifest both times: each build stages the whole tree in a folder of the same name.
        await removeDir(out);
        const output = new Output(out, undefined);
        await output.open();
        await Promise.all(Object.entries(copies).map(([to, from]) => output.copy(path.join(dir, 'src', from), to)));
        await output.commit();
        expect(await listFiles(out), `round ${round}`).toEqual([MANIFEST_PATH, ...Object.keys(copies)].sort());
        expect(await readFile(path.join(out, 'images/deep/er/c.txt'), 'utf8')).toBe('C');
      }
    } finally {
      await removeDir(dir);
    }
  });
});

describe('feed writers', () => {
  const story = (n: number, extra: Partial<StorySummary> = {}) =>
    ({
      id: `s${n}.md`,
      hash: `h${n}`,
      url: `/s${n}/`,
      title: `Story "${n}" <b>`,
      dek: `Dek ${n}\nacross a line`,
      excerpt: `Excerpt ${n}`,
      date: parseDate(`2024-01-0${n}T10:00:00Z`, 'UTC')!,
      authors: [{ name: `Writer ${n}` }],
      tags: ['a & b', `t${n}`],
      lang: 'en',
      ...extra,
    }) as StorySummary;
  const item = (n: number, extra: Partial<StorySummary> = {}) => ({
    story: story(n, extra),
    url: `https://example.org/s${n}/`,
    html: `<p>Body ${n} with <a href="https://example.org/x">a link</a></p>\n<p>Two</p>`,
    image: { url: `https://example.org/p${n}.jpg`, type: 'image/jpeg', length: 100 + n, alt: `Alt ${n}` },
    section: 'World',
  });
  const feed = (items: ReturnType<typeof item>[]) => ({
    title: 'Site & "Co"',
    description: 'About',
    language: 'en',
    home: 'https://example.org/',
    self: 'https://example.org/feed.json',
    publisher: 'Site',
    updated: feedUpdated(items.map((i) => i.story)),
    items,
  });
  const sizes = [[], [item(1)], [item(3), item(2, { lang: 'fr' }), item(1)]];

  it('should write JSON Feed as JSON.stringify(feed, null, 2) would, pieces and all', () => {
    for (const items of sizes) {
      const text = writeFeed(jsonFeed, feed(items));
      const parsed = JSON.parse(text) as { items: { id: string; content_html: string }[] };
      expect(text).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
      expect(parsed.items.map((i) => i.id)).toEqual(items.map((i) => i.url));
      if (items.length) expect(parsed.items[0]!.content_html).toBe(items[0]!.html);
    }
  });

  it('should write RSS and Atom whose items sit inside the channel and feed, in order', () => {
    type XNode = {
      type: string;
      name?: string;
      value?: string;
      attributes?: Record<string, string>;
      children?: XNode[];
    };
    const kids = (node: XNode, name: string) =>
      (node.children ?? []).filter((c) => c.type === 'element' && c.name === name);
    const text = (node: XNode): string => node.value ?? (node.children ?? []).map(text).join('');
    for (const items of sizes) {
      const channel = kids(kids(fromXml(writeFeed(rss, feed(items))) as XNode, 'rss')[0]!, 'channel')[0]!;
      expect(kids(channel, 'item').map((i) => text(kids(i, 'link')[0]!))).toEqual(items.map((i) => i.url));
      expect(kids(channel, 'lastBuildDate')).toHaveLength(items.length ? 1 : 0);
      const entries = kids(kids(fromXml(writeFeed(atom, feed(items))) as XNode, 'feed')[0]!, 'entry');
      expect(entries.map((e) => text(kids(e, 'id')[0]!))).toEqual(items.map((i) => i.url));
      expect(entries.map((e) => e.attributes?.['xml:lang'])).toEqual(
        items.map((i) => (i.story.lang === 'en' ? undefined : i.story.lang)),
      );
    }
  });
});

describe('the stories a build loaded anew', () => {
  const entry = (hash: string | undefined, size = 1): CacheEntry => ({
    stat: { size, mtimeMs: 1, ctimeMs: 1, ino: 1 },
    loaded: {
      id: 'x',
      source: `source-${hash}`,
      summary: hash === undefined ? undefined : ({ hash } as StorySummary),
      assets: [],
      diagnostics: [],
    },
  });
  it('should be the added, edited and failing ones, not those found unchanged under a new stat', () => {
    const cached = {
      kept: entry('k'),
      restatted: entry('r'),
      edited: entry('e1'),
      failing: entry('f'),
      gone: entry('g'),
    };
    const entries: Record<string, CacheEntry> = {
      kept: cached.kept,
      // A fresh checkout: the entry is new (new stats, pictures confirmed by their bytes), the story the same.
      restatted: {
        ...cached.restatted,
        stat: { ...cached.restatted.stat, ino: 2 },
        loaded: { ...cached.restatted.loaded },
      },
      edited: entry('e2'),
      failing: entry(undefined),
      added: entry('a'),
    };
    const ids = ['added', 'edited', 'failing', 'kept', 'restatted'];
    expect([...loadedAnew(ids, entries, cached)].sort()).toEqual(['added', 'edited', 'failing']);
  });
});
