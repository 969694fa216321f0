import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Root } from 'hast';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLedger, parseLedger, recordServed, recordsServed, type Ledger } from '../src/site/ledger.ts';
import { vanishedListings } from '../src/site/listing-promises.ts';
import { article, buildSite, cli, readFeed, removeDir, sameTrees, select, tempSite } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const NOW = Date.parse('2026-11-27T12:00:00Z');
const CONFIG = { ledger: 'published-urls.txt', url: 'https://example.org/', listings: { pageSize: 1 } } as const;

const ledger = (text: string): Ledger => {
  const { ledger, problems } = parseLedger(text);
  expect(problems).toEqual([]);
  return ledger;
};

/** Where a page that only redirects sends its reader: its meta refresh's URL, or none for a real page. */
const refreshOf = (page: Root): string | undefined =>
  select('meta[http-equiv="refresh"]', page)
    ?.properties.content?.toString()
    .replace(/^0; url=/, '');

describe('listings in the URL ledger', () => {
  it('should read and write a listing with its archive pages, keeping the most pages two merged lines give', () => {
    const text = formatLedger(ledger('/tags/golf/\tlisting\t3\n/2026/\tlisting\t0\n'));
    expect(text.split('\n').filter((l) => l.startsWith('/'))).toEqual([
      '/2026/\tlisting\t0',
      '/tags/golf/\tlisting\t3',
    ]);
    for (const merged of ['/x/\tlisting\t2\n/x/\tlisting\t5\n', '/x/\tlisting\t5\n/x/\tlisting\t2\n'])
      expect(ledger(merged).listings.get('/x/')).toBe(5);
    // A listing retired keeps its line, and with it its archive pages, whatever the order
    // a union merge left the two lines in.
    for (const merged of [
      '/x/\tretired\t2026-12-01\tGone\n/x/\tlisting\t7\n',
      '/x/\tlisting\t7\n/x/\tretired\t2026-12-01\tGone\n',
    ]) {
      const both = ledger(merged);
      expect([both.entries.get('/x/')?.kind, both.listings.get('/x/')]).toEqual(['retired', 7]);
      expect(formatLedger(both).split('\n').slice(3, -1)).toEqual([
        '/x/\tlisting\t7',
        '/x/\tretired\t2026-12-01\tGone',
      ]);
    }
    expect(parseLedger('/x/\tlisting\tmany\n').problems).toEqual([
      {
        line: 1,
        reason:
          '"/x/\tlisting\tmany" is not "URL<tab>story|alias<tab>STORY", "URL<tab>retired<tab>DATE<tab>REASON", "URL<tab>listing<tab>PAGES" or "URL<tab>file<tab>SHA256"',
      },
    ]);
  });

  it('should record new listings and more archive pages, and never fewer', () => {
    const before = ledger('/tags/golf/\tlisting\t3\n');
    expect(recordsServed(before, [], [{ url: '/tags/golf/', pages: 2 }])).toBe(true);
    expect(recordServed(before, [], [{ url: '/tags/golf/', pages: 2 }]).listings.get('/tags/golf/')).toBe(3);
    const more = [
      { url: '/tags/golf/', pages: 4 },
      { url: '/2026/', pages: 0 },
    ];
    expect(recordsServed(before, [], more)).toBe(false);
    expect(
      formatLedger(recordServed(before, [], more))
        .split('\n')
        .slice(3, -1),
    ).toEqual(['/2026/\tlisting\t0', '/tags/golf/\tlisting\t4']);
  });

  it('should lead a page no longer served to its listing, or to the nearest listing above it', () => {
    const recorded = ledger(
      [
        '/2026/12/07/\tlisting\t1',
        '/2026/12/\tlisting\t0',
        '/tags/chess/\tlisting\t2',
        '/culture/\tlisting\t4',
        '/sport/\tlisting\t0',
      ].join('\n'),
    );
    const served = [
      { url: '/2026/12/', pages: 0 },
      { url: '/culture/', pages: 2 },
      { url: '/sport/', pages: 0 },
    ];
    expect(vanishedListings(recorded, served, (url) => url === '/culture/archive/4/')).toEqual([
      { url: '/2026/12/07/', to: '/2026/12/' },
      { url: '/2026/12/07/archive/1/', to: '/2026/12/' },
      { url: '/culture/archive/3/', to: '/culture/' },
      { url: '/tags/chess/', to: '/' },
      { url: '/tags/chess/archive/1/', to: '/' },
      { url: '/tags/chess/archive/2/', to: '/' },
    ]);
  });
});

describe('listing pages that go', () => {
  async function project() {
    const dir = await tempSite({
      'broadsheet.config.json': JSON.stringify(CONFIG),
      'articles/a.md': article({ title: 'Story A', date: '2026-11-20T10:00:00Z', section: 'culture', tags: '[golf]' }),
      'articles/b.md': article({ title: 'Story B', date: '2026-11-21T10:00:00Z', section: 'culture', tags: '[chess]' }),
      'articles/c.md': article({ title: 'Story C', date: '2026-11-22T10:00:00Z', section: 'culture', tags: '[golf]' }),
    });
    dirs.push(dir);
    return dir;
  }

  it('should redirect a tag taken off its last story and an archive page its listing lost, as a cold build does', async () => {
    const dir = await project();
    expect((await buildSite(dir, CONFIG, { now: NOW })).result.ok).toBe(true);
    const first = ledger(await readFile(path.join(dir, 'published-urls.txt'), 'utf8'));
    expect(first.listings.get('/culture/')).toBe(3);
    expect(first.listings.get('/tags/chess/')).toBe(1);

    await writeFile(
      path.join(dir, 'articles/b.md'),
      article({ title: 'Story B', date: '2026-11-21T10:00:00Z', section: 'sport', tags: '[golf]' }),
    );
    const built = await buildSite(dir, CONFIG, { now: NOW });
    expect(built.result.ok).toBe(true);
    expect(refreshOf(await built.page('tags/chess/index.html'))).toBe('/');
    expect(refreshOf(await built.page('tags/chess/archive/1/index.html'))).toBe('/');
    expect(refreshOf(await built.page('culture/archive/3/index.html'))).toBe('/culture/');
    expect(refreshOf(await built.page('culture/archive/2/index.html'))).toBeUndefined();
    const rules = (await built.text('_redirects')).split('\n');
    expect(rules).toEqual(
      expect.arrayContaining([
        '/culture/archive/3/ /culture/ 302!',
        '/tags/chess/ / 302!',
        '/tags/chess/archive/1/ / 302!',
      ]),
    );
    // The ledger keeps what the site once served.
    const after = ledger(await readFile(path.join(dir, 'published-urls.txt'), 'utf8'));
    expect(after.listings.get('/culture/')).toBe(3);
    expect(after.listings.get('/tags/chess/')).toBe(1);
    const checked = await cli(['check'], dir);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);

    // A cold build of the same articles and ledger writes the same site.
    const cold = await mkdtemp(path.join(tmpdir(), 'broadsheet-cold-'));
    dirs.push(cold);
    const again = await buildSite(dir, { ...CONFIG, out: cold }, { now: NOW, cache: false });
    expect(again.result.ok).toBe(true);
    await sameTrees(built.out, cold);

    // The tag back on a story: its listing page again, and no rule sending it away.
    await writeFile(
      path.join(dir, 'articles/d.md'),
      article({ title: 'Story D', date: '2026-11-23T10:00:00Z', section: 'sport', tags: '[chess]' }),
    );
    const back = await buildSite(dir, CONFIG, { now: NOW });
    expect(back.result.ok).toBe(true);
    const tag = await back.page('tags/chess/index.html');
    expect(refreshOf(tag)).toBeUndefined();
    expect(select('main h1', tag)).toBeDefined();
    expect(refreshOf(await back.page('tags/chess/archive/1/index.html'))).toBeUndefined();
    expect((await back.text('_redirects')).split('\n')).not.toContain('/tags/chess/ / 302!');
  });

  it('should keep a retired listing while it lists stories, with a warning, and show it removed after', async () => {
    const dir = await project();
    expect((await buildSite(dir, CONFIG, { now: NOW })).result.ok).toBe(true);
    const retire = await cli(['retire', '/tags/chess/', '--reason', 'Named a private person.'], dir);
    expect(retire.code, retire.stderr).toBe(0);
    expect(retire.stderr).toContain(
      '/tags/chess/: a listing page, with its archive pages; it stays up while it lists stories',
    );
    expect(retire.stderr).toContain('take the tag, byline or section off the stories the listings show');
    // An archive page the ledger promises is one to retire as well, without --unlisted.
    const archive = await cli(['retire', '/culture/archive/1/', '--reason', 'Test.'], dir);
    expect(archive.code, archive.stderr).toBe(0);
    expect(archive.stderr).toContain('/culture/archive/1/: a listing page; it stays up while it lists stories');

    for (const cache of [true, false]) {
      const built = await buildSite(dir, CONFIG, { now: NOW, cache });
      expect(built.result.ok, JSON.stringify(built.result.diagnostics)).toBe(true);
      const warnings = built.result.diagnostics.filter((d) => d.rule === 'retired-url-served');
      expect(warnings.map((d) => d.reason.split(' ')[0])).toEqual(['/culture/archive/1/', '/tags/chess/']);
      const warning = warnings[1];
      expect(warning).toMatchObject({ file: 'published-urls.txt', severity: 'warning' });
      expect(warning?.reason).toContain('/tags/chess/ is retired, but it is a listing page with stories on it');
      const page = await built.page('tags/chess/index.html');
      expect(select('title', page)?.children).toEqual([
        expect.objectContaining({ value: expect.stringMatching(/^chess/) }),
      ]);
    }

    await writeFile(
      path.join(dir, 'articles/b.md'),
      article({ title: 'Story B', date: '2026-11-21T10:00:00Z', section: 'culture', tags: '[golf]' }),
    );
    const gone = await buildSite(dir, CONFIG, { now: NOW });
    const still = gone.result.diagnostics.filter((d) => d.rule === 'retired-url-served');
    expect(still.map((d) => d.reason.split(' ')[0])).toEqual(['/culture/archive/1/']);
    // The listing is removed, its archive page with it; the culture listing is served whole.
    const removed = (page: Root) => select('h1', page)?.children;
    for (const rel of ['tags/chess/index.html', 'tags/chess/archive/1/index.html'])
      expect(removed(await gone.page(rel)), rel).toEqual([
        expect.objectContaining({ value: 'This story has been removed' }),
      ]);
    expect(refreshOf(await gone.page('culture/archive/1/index.html'))).toBeUndefined();
    expect((await gone.text('_redirects')).split('\n')).toEqual(
      expect.arrayContaining([
        '/tags/chess/ /tags/chess/index.html 410!',
        '/tags/chess/archive/1/ /tags/chess/archive/1/index.html 410!',
      ]),
    );
    const checked = await cli(['check'], dir);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });

  it("should keep a section's feeds, empty, once its last story leaves it, and fill them when one comes back", async () => {
    const dir = await project();
    const opinion = (section: string) =>
      article({ title: 'Story O', date: '2026-11-24T10:00:00Z', section, tags: '[golf]' });
    await writeFile(path.join(dir, 'articles/o.md'), opinion('opinion'));
    expect((await buildSite(dir, CONFIG, { now: NOW })).result.ok).toBe(true);

    await writeFile(path.join(dir, 'articles/o.md'), opinion('culture'));
    const built = await buildSite(dir, CONFIG, { now: NOW });
    expect(built.result.ok, JSON.stringify(built.result.diagnostics)).toBe(true);
    expect(refreshOf(await built.page('opinion/index.html'))).toBe('/');
    for (const file of ['opinion/feed.xml', 'opinion/atom.xml']) {
      const { meta, items } = await readFeed(await built.text(file));
      expect([meta.title, items.length], file).toEqual(['Broadsheet: Opinion', 0]);
    }
    const json = JSON.parse(await built.text('opinion/feed.json')) as { title: string; items: unknown[] };
    expect([json.title, json.items]).toEqual(['Broadsheet: Opinion', []]);
    const checked = await cli(['check'], dir);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    const cold = await mkdtemp(path.join(tmpdir(), 'broadsheet-cold-'));
    dirs.push(cold);
    expect((await buildSite(dir, { ...CONFIG, out: cold }, { now: NOW, cache: false })).result.ok).toBe(true);
    await sameTrees(built.out, cold);

    await writeFile(path.join(dir, 'articles/o.md'), opinion('opinion'));
    const back = await buildSite(dir, CONFIG, { now: NOW });
    expect(back.result.ok).toBe(true);
    const { items } = await readFeed(await back.text('opinion/feed.xml'));
    expect(items.map((i) => i.title)).toEqual(['Story O']);
  });

  it('should lead a renamed section, its archive pages and its feeds to the section it is now, for good', async () => {
    const dir = await project();
    const story = (section: string, n: number) =>
      article({ title: `Vote ${n}`, date: `2026-11-2${n}T10:00:00Z`, section });
    for (const n of [1, 2, 3]) await writeFile(path.join(dir, `articles/v${n}.md`), story('politics', n));
    const sections = (politics: { id: string; name: string; formerly?: string[] }) => ({
      ...CONFIG,
      sections: [{ id: 'culture', name: 'Culture' }, politics],
    });
    expect((await buildSite(dir, sections({ id: 'politics', name: 'Politics' }), { now: NOW })).result.ok).toBe(true);

    // Articles may keep the old id: it is the section it became.
    for (const n of [1, 2]) await writeFile(path.join(dir, `articles/v${n}.md`), story('government', n));
    const renamed = sections({ id: 'government', name: 'Government', formerly: ['politics'] });
    const built = await buildSite(dir, renamed, { now: NOW });
    expect(built.result.ok, JSON.stringify(built.result.diagnostics)).toBe(true);
    expect(await built.page('government/archive/3/index.html')).toBeDefined();
    for (const page of ['politics/index.html', 'politics/archive/1/index.html', 'politics/archive/2/index.html'])
      expect(refreshOf(await built.page(page)), page).toBe('/government/');
    const rules = (await built.text('_redirects')).split('\n');
    expect(rules).toEqual(
      expect.arrayContaining([
        '/politics/ /government/ 301!',
        '/politics/archive/2/ /government/ 301!',
        '/politics/feed.xml /government/feed.xml 301!',
        '/politics/atom.xml /government/atom.xml 301!',
        '/politics/feed.json /government/feed.json 301!',
      ]),
    );
    // Without `formerly`, the section that went leads to the front page, for now.
    await writeFile(path.join(dir, 'articles/v3.md'), story('government', 3));
    const plain = await buildSite(dir, sections({ id: 'government', name: 'Government' }), { now: NOW });
    expect(refreshOf(await plain.page('politics/index.html'))).toBe('/');
    expect((await plain.text('_redirects')).split('\n')).toContain('/politics/ / 302!');
    const checked = await cli(['check'], dir);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });

  it('should leave a listing page that went to a file of public/ at its URL', async () => {
    const dir = await project();
    expect((await buildSite(dir, CONFIG, { now: NOW })).result.ok).toBe(true);
    await writeFile(
      path.join(dir, 'articles/b.md'),
      article({ title: 'Story B', date: '2026-11-21T10:00:00Z', section: 'culture', tags: '[golf]' }),
    );
    await mkdir(path.join(dir, 'public/tags/chess'), { recursive: true });
    const landing = '<!doctype html><title>Chess</title><p>Our chess coverage has moved.</p>\n';
    await writeFile(path.join(dir, 'public/tags/chess/index.html'), landing);
    for (const cache of [true, false]) {
      const built = await buildSite(dir, CONFIG, { now: NOW, cache });
      expect(built.result.ok, JSON.stringify(built.result.diagnostics)).toBe(true);
      expect(await built.text('tags/chess/index.html')).toBe(landing);
      expect(refreshOf(await built.page('tags/chess/archive/1/index.html'))).toBe('/');
      expect((await built.text('_redirects')).split('\n')).not.toContain('/tags/chess/ / 302!');
    }
  });
});
