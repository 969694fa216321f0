import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  article,
  buildSite,
  cli,
  listFiles,
  outputText,
  removeDir,
  select,
  selectAll,
  tempSite,
  toString,
} from './helpers.ts';

const NOW = '2026-11-27T12:00:00Z';

const page = async (dir: string, rel: string): Promise<Root> => fromHtml(await readFile(path.join(dir, rel), 'utf8'));

describe('building the sample site', () => {
  let tmp: string;
  let out: string;
  beforeAll(async () => {
    tmp = await tempSite();
    out = path.join(tmp, 'dist');
    const result = await cli(['build', '--no-cache', '--out', out, '--now', NOW]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
  afterAll(() => removeDir(tmp));

  it('should render the seed story faithfully', async () => {
    const tree = await page(out, '2021/05/05/russia-ready-to-promote-direct-israeli-palestinian-contacts/index.html');
    const article = select('main article', tree)!;
    expect(toString(select('h1', article)!)).toBe('Russia ready to promote direct Israeli-Palestinian contacts');
    expect(toString(select('.dek', article)!)).toMatch(
      /^Meeting with Palestinian counterpart, Sergey Lavrov calls for a meeting/,
    );
    expect(toString(select('.byline', article)!)).toContain('Associated Press');
    expect(toString(select('.dateline', article)!)).toBe('MOSCOW (AP) —');
    expect(select('time', article)!.properties.dateTime).toBe('2021-05-05T15:20:00+03:00');
    expect(select('link[rel=canonical]', tree)!.properties.href).toBe('https://www.ynetnews.com/article/BJ50Pfedu');

    const figures = selectAll('figure', article);
    expect(figures).toHaveLength(2);
    const [first, second] = figures.map((f) => ({
      alt: String(select('img', f)!.properties.alt),
      caption: toString(select('figcaption', f)!),
      credit: toString(select('figcaption .credit', f)!),
    }));
    expect(first!.caption).toContain('Lavrov, right, and Palestinian Foreign Minister Riyad Al-Maliki shake hands');
    expect(first!.credit).toBe('AP Photo/Alexander Zemlianichenko, Pool');
    expect(second!.caption).toContain(
      'Netanyahu and then-U.S. President Donald Trump participate in the signing ceremony of the Abraham Accords',
    );
    expect(second!.credit).toBe('Getty Images');
    for (const f of figures) expect(existsSync(path.join(out, String(select('img', f)!.properties.src)))).toBe(true);

    const body = toString(select('.story-body', article)!);
    expect(body).toContain('“is again aware of its responsibility in the Quartet....We expect');
    expect(body).toContain('fiercely divided over the core issues of the conflict.');
    for (const chrome of ['Follow Ynetnews', 'View gallery', 'Comments', 'privacy policy'])
      expect(body).not.toContain(chrome);
  });

  it('should lead the front page with the newest pictured story and show every other story once', async () => {
    const tree = await page(out, 'index.html');
    const main = select('main', tree)!;
    const lead = String(select('.lead-story h2 a', main)!.properties.href);
    // The two newest stories (26 November) have no picture; the swifts story of the 25th has.
    expect(lead).toBe('/2026/11/25/volunteers-count-a-record-number-of-swifts-over-the-estuary/');
    // Its picture is the lead-slot one the photo stage made of articles/images/swifts.jpg, loaded first.
    const leadImg = select('.lead-story picture > img', main)!;
    expect(String(leadImg.properties.src).startsWith('/_photos/')).toBe(true);
    expect(existsSync(path.join(out, String(leadImg.properties.src)))).toBe(true);
    expect(leadImg.properties).toMatchObject({ alt: expect.stringContaining('swifts'), fetchPriority: 'high' });
    const secondary = selectAll('.secondary h2 a', main).map((a) => String(a.properties.href));
    // 11:00+02:00 (09:00 UTC) is later than 08:15 UTC the same day.
    expect(secondary.slice(0, 2)).toEqual([
      '/2026/11/26/haifa-photo-exhibition/',
      '/2026/11/26/river-level-warning-lifted-after-three-days-of-dry-weather/',
    ]);
    const dates = secondary.map((h) => h.slice(1, 11));
    expect([...dates].sort().reverse()).toEqual(dates);
    const stories = selectAll('a', main)
      .map((a) => String(a.properties.href))
      .filter((href) => /^\/\d{4}\/\d{2}\/\d{2}\/./.test(href));
    expect(stories).toHaveLength(9);
    expect(new Set(stories).size).toBe(9);
    const text = toString(tree);
    expect(text).not.toContain('Draft: what the council');
    expect(text).not.toContain('Election result to be published');
  });

  it('should write stories.json newest first with every published story', async () => {
    const json = JSON.parse(await readFile(path.join(out, 'stories.json'), 'utf8'));
    expect(json.version).toBe(1);
    expect(json.stories).toHaveLength(9);
    const times = json.stories.map((s: { datePublishedUtc: string }) => Date.parse(s.datePublishedUtc));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const seed = json.stories.find((s: { title: string }) => s.title.startsWith('Russia ready'));
    expect(seed).toMatchObject({
      source: 'Associated Press',
      dateline: 'MOSCOW',
      section: 'world',
      url: 'https://example.org/2021/05/05/russia-ready-to-promote-direct-israeli-palestinian-contacts/',
    });
    expect(json.stories.some((s: { title: string }) => s.title.includes('Election result'))).toBe(false);
  });

  it('should leave the embargoed and draft stories out of every file', async () => {
    const files = await listFiles(out);
    // The search index too, decompressed: its fragments hold each page's URL and text.
    expect(files.some((rel) => rel.endsWith('.pf_fragment'))).toBe(true);
    for (const rel of files) {
      const text = await outputText(path.join(out, rel));
      expect(text).not.toContain('election-result');
      expect(text).not.toContain('budget-means-for-your');
    }
  });

  it('should render the Hebrew story right-to-left', async () => {
    const tree = await page(out, '2026/11/26/haifa-photo-exhibition/index.html');
    expect(select('article.story', tree)!.properties).toMatchObject({ lang: 'he', dir: 'rtl' });
    // The theme's English words are isolated as the site's, so that the Hebrew line reads
    // them whole instead of mixing their spaces and numbers into its own order.
    const english = selectAll('article.story [lang=en][dir=ltr]', tree).map((el) => toString(el));
    expect(english).toEqual(expect.arrayContaining(['By', '1 min read', 'Topics:', 'Culture']));
    // So is its section's name where a listing shows it.
    const front = await page(out, 'index.html');
    const teaser = selectAll('article.teaser[lang=he]', front)[0]!;
    expect(toString(select('.section-label [lang=en][dir=ltr]', teaser)!)).toBe('Culture');
    expect(english.some((text) => text.endsWith(' local time)'))).toBe(true);
    // In a story of the site's own language nothing is marked.
    const russia = await page(out, '2021/05/05/russia-ready-to-promote-direct-israeli-palestinian-contacts/index.html');
    expect(selectAll('article.story [lang]', russia)).toEqual([]);
  });

  it('should write 404.html, the fingerprinted stylesheet and the manifest', async () => {
    const files = await listFiles(out);
    expect(files).toContain('404.html');
    expect(files.filter((f) => /^assets\/style\.[0-9a-f]{10}\.css$/.test(f))).toHaveLength(1);
    const manifest = JSON.parse(await readFile(path.join(out, '.broadsheet/manifest.json'), 'utf8'));
    expect(Object.keys(manifest.files).sort()).toEqual(files.filter((f) => f !== '.broadsheet/manifest.json'));
  });

  it('should give byte-identical output on a second build', async () => {
    const again = path.join(tmp, 'again');
    expect((await cli(['build', '--no-cache', '--out', again, '--now', NOW])).code).toBe(0);
    const files = await listFiles(out);
    expect(await listFiles(again)).toEqual(files);
    for (const rel of files)
      expect((await readFile(path.join(again, rel))).equals(await readFile(path.join(out, rel)))).toBe(true);
  });

  it('should include drafts with --drafts and embargoed stories once their time comes', async () => {
    const later = path.join(tmp, 'later');
    expect((await cli(['build', '--no-cache', '--out', later, '--now', '2030-01-01T00:00:00Z', '--drafts'])).code).toBe(
      0,
    );
    const json = JSON.parse(await readFile(path.join(later, 'stories.json'), 'utf8'));
    expect(json.stories).toHaveLength(11);
    expect(json.stories[0].title).toBe('Election result to be published at midnight');
    // Published, it is pinned as lead (without a picture) and is breaking news on every page.
    expect(toString(select('.lead-story h2', await page(later, 'index.html'))!)).toBe(
      'Election result to be published at midnight',
    );
    const url = '/2030/01/01/election-result-to-be-published-at-midnight/';
    const pages = (await listFiles(later)).filter((f) => f.endsWith('.html'));
    for (const rel of pages) {
      const banner = select('aside.breaking-news[aria-label="Breaking news"]', await page(later, rel));
      expect(banner, rel).toBeDefined();
      expect(select('a', banner!)!.properties.href, rel).toBe(url);
      expect(toString(select('a', banner!)!), rel).toBe('Election result declared');
      // Landmark, not live region: nothing is announced on every page load.
      expect(banner!.properties.role ?? banner!.properties.ariaLive, rel).toBeUndefined();
    }
    // Before its date the story, its pin and its banner are nowhere.
    for (const rel of (await listFiles(out)).filter((f) => f.endsWith('.html')))
      expect(select('.breaking-news', await page(out, rel)), rel).toBeUndefined();
    expect(toString(select('.lead-story h2', await page(out, 'index.html'))!)).not.toContain('Election');
  });
});

/** Every same-site link, stylesheet and image in every page resolves to a file in the output. */
async function brokenLinks(out: string, base: string): Promise<string[]> {
  const broken: string[] = [];
  const origin = new URL(base);
  for (const rel of (await listFiles(out)).filter((f) => f.endsWith('.html'))) {
    const tree = await page(out, rel);
    const pageUrl = new URL(rel.replace(/index\.html$/, ''), base);
    for (const el of selectAll('a[href], link[href], img[src], script[src]', tree) as Element[]) {
      const ref = String(el.properties.href ?? el.properties.src);
      const url = new URL(ref, pageUrl);
      if (url.origin !== origin.origin) continue;
      if (!url.pathname.startsWith(origin.pathname)) {
        broken.push(`${rel}: ${ref} is outside ${origin.pathname}`);
        continue;
      }
      let target = decodeURIComponent(url.pathname.slice(origin.pathname.length));
      if (target === '' || target.endsWith('/')) target += 'index.html';
      if (!existsSync(path.join(out, target))) broken.push(`${rel}: ${ref}`);
    }
  }
  return broken;
}

describe('links', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await tempSite();
  });
  afterAll(() => removeDir(tmp));

  for (const base of ['https://example.org/', 'https://example.org/news/']) {
    it(`should all resolve with base URL ${base}`, async () => {
      const out = path.join(tmp, base.length > 21 ? 'sub' : 'root');
      expect((await cli(['build', '--no-cache', '--out', out, '--now', NOW, '--base-url', base])).code).toBe(0);
      expect(await brokenLinks(out, base)).toEqual([]);
      const front = await page(out, 'index.html');
      expect(String(select('link[rel=stylesheet]', front)!.properties.href).startsWith(new URL(base).pathname)).toBe(
        true,
      );
    });
  }
});

describe('every problem at once', () => {
  it('should tell a missing picture with the field errors of the same article', async () => {
    const dir = await tempSite({
      'articles/a.md': [
        '---',
        'title: A',
        'date: 2024-01-01',
        'image:',
        '  src: images/ferry.jpg',
        '  alt: A ferry',
        '  capton: On the river',
        '---',
        'Text.',
        '',
      ].join('\n'),
    });
    try {
      const { result } = await buildSite(dir, {});
      expect(result.diagnostics.map((d) => [d.rule, d.line]).sort()).toEqual([
        ['invalid-field', 7],
        ['missing-image', 5],
      ]);
    } finally {
      await removeDir(dir);
    }
  });
});

describe('dates to check', () => {
  it('should warn of an update dated later than the build, at its line, until the clock passes it', async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: 'Ferry', date: '2026-12-07T10:00:00Z', updated: '2027-06-01T10:00:00Z' }),
      'articles/b.md': article({ title: 'Bus', date: '2026-12-07T10:00:00Z', updated: '2026-12-07T12:00:00Z' }),
    });
    try {
      const now = Date.parse('2026-12-08T00:00:00Z');
      const early = await buildSite(dir, {}, { now });
      expect(early.result.ok).toBe(true);
      expect(
        early.result.diagnostics.filter((d) => d.rule === 'updated-future').map((d) => [d.file, d.line, d.severity]),
      ).toEqual([[path.join('articles', 'a.md'), 4, 'warning']]);
      const later = await buildSite(dir, {}, { now: Date.parse('2027-06-02T00:00:00Z') });
      expect(later.result.diagnostics.filter((d) => d.rule === 'updated-future')).toEqual([]);
    } finally {
      await removeDir(dir);
    }
  });
});
