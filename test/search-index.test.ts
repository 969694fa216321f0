import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { select } from 'hast-util-select';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decideSearch,
  decideVolumes,
  indexedDigest,
  MAX_DEFER_MS,
  type SearchRecord,
} from '../src/incremental/search-record.ts';
import { searchThreads } from '../src/pipeline/stages/search.ts';
import { article, buildSite, cli, removeDir, sameTrees, tempSite } from './helpers.ts';

const NOW = Date.parse('2024-03-01T12:00:00Z');
const LATER = Date.parse('2024-03-01T13:00:00Z');

/**
 * What the site's search index holds: each indexed page's URL and words, from the fragment
 * files of every volume's Pagefind bundle, with the volume that holds it.
 */
async function volumes(out: string): Promise<Map<string, { volume: string; content: string }>> {
  const pages = new Map<string, { volume: string; content: string }>();
  for (const volume of await readdir(path.join(out, 'pagefind'))) {
    const dir = path.join(out, 'pagefind', volume, 'fragment');
    for (const name of await readdir(dir)) {
      const text = gunzipSync(await readFile(path.join(dir, name))).toString('utf8');
      // Pagefind's fragments are a signature, then the page as JSON.
      const page = JSON.parse(text.slice(text.indexOf('{'))) as { url: string; content: string };
      expect(pages.has(page.url), page.url).toBe(false);
      pages.set(page.url, { volume, content: page.content });
    }
  }
  return pages;
}

/** Each indexed page's URL and words. */
const indexed = async (out: string): Promise<Map<string, string>> =>
  new Map([...(await volumes(out))].map(([url, page]) => [url, page.content]));

const story = (title: string, date: string, body: string) => article({ title, date }, body);

describe('the search index', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await removeDir(dir);
  });
  const site = async (files: Record<string, string>) => {
    const dir = await tempSite(files);
    dirs.push(dir);
    return dir;
  };
  const build = (
    dir: string,
    options: { deferSearch?: boolean; now?: number; cache?: boolean; check?: boolean; jobs?: number } = {},
  ) => buildSite(dir, { search: true }, { now: NOW, ...options });

  /** The output of a build of the same articles in a folder of their own (no cache, no output yet). */
  const anew = async (dir: string, options: Parameters<typeof build>[1] = {}) => {
    const copy = await site({});
    await cp(path.join(dir, 'articles'), path.join(copy, 'articles'), { recursive: true });
    return (await build(copy, options)).out;
  };

  it('should publish a new story at once with --defer-search and index it with the next build', async () => {
    const dir = await site({
      'articles/a.md': story('Harbour reopens', '2024-02-01T10:00:00Z', 'The harbour reopened on Monday.'),
      'articles/b.md': story('Council votes', '2024-02-02T10:00:00Z', 'The council voted on the budget.'),
    });
    const first = await build(dir);
    expect([...(await indexed(first.out)).keys()].sort()).toEqual([
      '/2024/02/01/harbour-reopens/',
      '/2024/02/02/council-votes/',
    ]);
    const before = await readFile(path.join(first.out, 'pagefind/2024/pagefind-entry.json'), 'utf8');

    await writeFile(path.join(dir, 'articles/c.md'), story('Storm warning', '2024-02-03T10:00:00Z', 'Gales expected.'));
    const deferred = await build(dir, { deferSearch: true });
    expect(deferred.result.ok).toBe(true);
    expect(deferred.result.searchPending).toBe(1);
    // Published everywhere but search: its page, the front page, stories.json.
    expect(await deferred.files()).toContain('2024/02/03/storm-warning/index.html');
    const { stories } = JSON.parse(await deferred.text('stories.json')) as { stories: { url: string }[] };
    expect(stories.some((s) => s.url.endsWith('/2024/02/03/storm-warning/'))).toBe(true);
    expect((await indexed(deferred.out)).has('/2024/02/03/storm-warning/')).toBe(false);
    expect(await readFile(path.join(deferred.out, 'pagefind/2024/pagefind-entry.json'), 'utf8')).toBe(before);

    // Nothing changed, still deferring: still left out, and the output is not taken as current.
    const again = await build(dir, { deferSearch: true });
    expect(again.result.searchPending).toBe(1);

    const caught = await build(dir);
    expect(caught.result.searchPending).toBeUndefined();
    expect((await indexed(caught.out)).get('/2024/02/03/storm-warning/')).toContain('Gales expected.');
    // As a build from nothing makes it.
    await sameTrees(path.join(caught.out, 'pagefind'), path.join(await anew(dir, { cache: false }), 'pagefind'));
  });

  it('should index each year as a volume of its own, and make again only the volumes that changed', async () => {
    const dir = await site({
      'articles/a.md': story('Harbour reopens', '2023-06-01T10:00:00Z', 'The harbour reopened on Monday.'),
      'articles/b.md': story('Council votes', '2024-02-02T10:00:00Z', 'The council voted on the budget.'),
    });
    const first = await build(dir);
    expect(Object.fromEntries([...(await volumes(first.out))].map(([url, page]) => [url, page.volume]))).toEqual({
      '/2023/06/01/harbour-reopens/': '2023',
      '/2024/02/02/council-votes/': '2024',
    });
    // The search page runs Pagefind from the newest volume and merges the others into it.
    const searchPage = await first.page('search/index.html');
    expect(JSON.parse(String(select('#search', searchPage)!.properties.dataBundles))).toEqual([
      '/pagefind/2024/',
      '/pagefind/2023/',
    ]);
    expect(select('script[src="/pagefind/2024/pagefind-ui.js"]', searchPage)).toBeDefined();
    // Volumes made side by side, each in a thread with a Pagefind of its own: the same bytes.
    await sameTrees(path.join(await anew(dir, { jobs: 2 }), 'pagefind'), path.join(first.out, 'pagefind'));

    const touched = (changed: readonly string[], volume: string) =>
      changed.filter((f) => f.startsWith(`pagefind/${volume}/`)).length;
    await writeFile(path.join(dir, 'articles/c.md'), story('Storm warning', '2024-02-03T10:00:00Z', 'Gales.'));
    const added = await build(dir);
    expect(touched(added.result.changed, '2024')).toBeGreaterThan(0);
    expect(touched(added.result.changed, '2023')).toBe(0);
    expect((await indexed(added.out)).get('/2024/02/03/storm-warning/')).toContain('Gales.');

    await writeFile(path.join(dir, 'articles/a.md'), story('Harbour reopens', '2023-06-01T10:00:00Z', 'Corrected.'));
    const edited = await build(dir);
    expect(touched(edited.result.changed, '2023')).toBeGreaterThan(0);
    expect(touched(edited.result.changed, '2024')).toBe(0);
    expect((await indexed(edited.out)).get('/2023/06/01/harbour-reopens/')).toContain('Corrected.');

    // A year left with no story leaves the index, and the search page.
    await rm(path.join(dir, 'articles/a.md'));
    const removed = await build(dir);
    expect(await readdir(path.join(removed.out, 'pagefind'))).toEqual(['2024']);
    const after = await removed.page('search/index.html');
    expect(JSON.parse(String(select('#search', after)!.properties.dataBundles))).toEqual(['/pagefind/2024/']);
    // As a build from nothing makes it.
    await sameTrees(path.join(removed.out, 'pagefind'), path.join(await anew(dir, { cache: false }), 'pagefind'));
  });

  it('should split a year of more stories than searchVolumeLimit into months, and such a month into days', async () => {
    const dir = await site({
      'articles/a.md': story('Harbour reopens', '2023-06-01T10:00:00Z', 'The harbour reopened.'),
      'articles/b.md': story('Council votes', '2024-02-02T10:00:00Z', 'The council voted.'),
      'articles/c.md': story('Storm warning', '2024-02-03T10:00:00Z', 'Gales expected.'),
      'articles/d.md': story('Ferry returns', '2024-03-01T10:00:00Z', 'The ferry is back.'),
    });
    // The search stage tells the pages it has indexed as it goes.
    const ticks: [number, number][] = [];
    const progress = {
      tick: (stage: string, done: number, total: number) => stage === 'search' && ticks.push([done, total]),
    };
    const limited = () => buildSite(dir, { search: true, searchVolumeLimit: 2 }, { now: NOW, progress });
    const volumeOf = async (out: string) =>
      Object.fromEntries([...(await volumes(out))].map(([url, page]) => [url, page.volume]));
    const bundles = async (built: Awaited<ReturnType<typeof build>>) =>
      JSON.parse(String(select('#search', await built.page('search/index.html'))!.properties.dataBundles));

    const first = await limited();
    expect(await volumeOf(first.out)).toEqual({
      '/2023/06/01/harbour-reopens/': '2023',
      '/2024/02/02/council-votes/': '2024-02',
      '/2024/02/03/storm-warning/': '2024-02',
      '/2024/03/01/ferry-returns/': '2024-03',
    });
    expect(await bundles(first)).toEqual(['/pagefind/2024-03/', '/pagefind/2024-02/', '/pagefind/2023/']);
    expect(ticks.at(-1)).toEqual([4, 4]);
    expect(ticks.every(([done], i) => i === 0 || done >= ticks[i - 1]![0])).toBe(true);

    // A third story in February splits the month into days; the month's volume goes.
    await writeFile(path.join(dir, 'articles/e.md'), story('Snow falls', '2024-02-04T10:00:00Z', 'Snow.'));
    const split = await limited();
    expect(await volumeOf(split.out)).toMatchObject({
      '/2024/02/02/council-votes/': '2024-02-02',
      '/2024/02/03/storm-warning/': '2024-02-03',
      '/2024/02/04/snow-falls/': '2024-02-04',
      '/2024/03/01/ferry-returns/': '2024-03',
    });
    expect(split.result.changed.filter((file) => file.startsWith('pagefind/2023/'))).toEqual([]);
    expect((await readdir(path.join(split.out, 'pagefind'))).sort()).toEqual([
      '2023',
      '2024-02-02',
      '2024-02-03',
      '2024-02-04',
      '2024-03',
    ]);
    expect(await bundles(split)).toEqual([
      '/pagefind/2024-03/',
      '/pagefind/2024-02-04/',
      '/pagefind/2024-02-03/',
      '/pagefind/2024-02-02/',
      '/pagefind/2023/',
    ]);
    // As a build from nothing makes it.
    const copy = await site({});
    await cp(path.join(dir, 'articles'), path.join(copy, 'articles'), { recursive: true });
    const cold = await buildSite(copy, { search: true, searchVolumeLimit: 2 }, { now: NOW, cache: false });
    await sameTrees(path.join(split.out, 'pagefind'), path.join(cold.out, 'pagefind'));
  });

  it('should not leave out a story moved to another year, even with --defer-search', async () => {
    const dir = await site({
      'articles/a.md': story('Harbour reopens', '2023-06-01T10:00:00Z', 'The harbour reopened.'),
      'articles/b.md': story('Council votes', '2024-02-02T10:00:00Z', 'The council voted.'),
      'articles/c.md': story('Storm warning', '2024-02-05T10:00:00Z', 'Gales expected.'),
    });
    await build(dir);
    await writeFile(path.join(dir, 'articles/c.md'), story('Storm warning', '2023-02-05T10:00:00Z', 'Gales expected.'));
    const moved = await build(dir, { deferSearch: true });
    expect(moved.result.searchPending).toBeUndefined();
    expect(Object.fromEntries([...(await volumes(moved.out))].map(([url, page]) => [url, page.volume]))).toEqual({
      '/2023/06/01/harbour-reopens/': '2023',
      '/2023/02/05/storm-warning/': '2023',
      '/2024/02/02/council-votes/': '2024',
    });
  });

  it("should index a story's words, not its section, times and reading length, which would start its excerpt", async () => {
    const dir = await site({
      'articles/a.md': article(
        { title: 'Schools closed by snow', date: '2024-03-01T09:00:00Z', section: 'education', authors: 'Tom Ellis' },
        'Every school in the county shut its doors on Friday.',
      ),
    });
    const content = (await indexed((await build(dir)).out)).get('/2024/03/01/schools-closed-by-snow/')!;
    expect(content).toContain('Schools closed by snow');
    expect(content).toContain('Tom Ellis');
    expect(content).toContain('Every school in the county');
    expect(content).not.toMatch(/Education|min read|2024/);
  });

  it('should make a search page with nothing to load while the site has no story', async () => {
    const dir = await site({ 'articles/.keep': '' });
    const empty = await build(dir);
    expect(empty.result.ok).toBe(true);
    const page = await empty.page('search/index.html');
    expect(select('#search', page)).toBeUndefined();
    expect(select('script[src*="pagefind"]', page)).toBeUndefined();
  });

  it('should index again at once when a story is edited or removed, even with --defer-search', async () => {
    const dir = await site({
      'articles/a.md': story('Harbour reopens', '2024-02-01T10:00:00Z', 'The harbour reopened on Monday.'),
      'articles/b.md': story('Council votes', '2024-02-02T10:00:00Z', 'The council voted on the budget.'),
    });
    await build(dir);
    // An edit (a legal correction, say) with a new story beside it: search must not keep the old words.
    await writeFile(path.join(dir, 'articles/a.md'), story('Harbour reopens', '2024-02-01T10:00:00Z', 'Corrected.'));
    await writeFile(path.join(dir, 'articles/c.md'), story('Storm warning', '2024-02-03T10:00:00Z', 'Gales.'));
    const edited = await build(dir, { deferSearch: true });
    expect(edited.result.searchPending).toBeUndefined();
    const pages = await indexed(edited.out);
    expect(pages.get('/2024/02/01/harbour-reopens/')).toContain('Corrected.');
    expect(pages.get('/2024/02/01/harbour-reopens/')).not.toContain('Monday');
    expect(pages.has('/2024/02/03/storm-warning/')).toBe(true);

    await rm(path.join(dir, 'articles/b.md'));
    const removed = await build(dir, { deferSearch: true });
    expect(removed.result.ok).toBe(true);
    expect([...(await indexed(removed.out)).keys()].sort()).toEqual([
      '/2024/02/01/harbour-reopens/',
      '/2024/02/03/storm-warning/',
    ]);
  });

  it('should count a story whose embargo lifted as new, and index it later', async () => {
    const dir = await site({
      'articles/a.md': story('Harbour reopens', '2024-02-01T10:00:00Z', 'The harbour reopened.'),
      'articles/e.md': story('Budget day', '2024-03-01T12:30:00Z', 'Embargoed budget story.'),
    });
    const first = await build(dir);
    expect([...(await indexed(first.out)).keys()]).toEqual(['/2024/02/01/harbour-reopens/']);
    const lifted = await build(dir, { deferSearch: true, now: LATER });
    expect(lifted.result.searchPending).toBe(1);
    expect(await lifted.files()).toContain('2024/03/01/budget-day/index.html');
    expect((await indexed(lifted.out)).has('/2024/03/01/budget-day/')).toBe(false);
    const caught = await build(dir, { now: LATER });
    expect((await indexed(caught.out)).get('/2024/03/01/budget-day/')).toContain('Embargoed budget story.');
  });

  it('should check only the pages a rebuild wrote when the files it deleted were the old index', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 6; i++)
      files[`articles/s${i}.md`] = story(`Story ${i}`, `2024-02-0${i}T10:00:00Z`, `Words of story ${i}.`);
    const dir = await site(files);
    const first = await build(dir, { check: true });
    expect(first.result.ok).toBe(true);
    await writeFile(path.join(dir, 'articles/s7.md'), story('Story 7', '2024-02-07T10:00:00Z', 'Words of story 7.'));
    const added = await build(dir, { check: true });
    expect(added.result.ok).toBe(true);
    // The index was made again: Pagefind's content-named files were replaced.
    expect(added.result.stats.deleted).toBeGreaterThan(0);
    expect((await indexed(added.out)).has('/2024/02/07/story-7/')).toBe(true);
    // Its own page and the listings near it, not the pages of the six stories before it.
    expect(added.result.checked!.pages).toBeLessThan(first.result.checked!.pages);
    expect(added.result.checked!.pages).toBe(
      (await added.files()).filter((f) => f.endsWith('.html') && added.result.changed.includes(f)).length,
    );
  });

  it('should defer a new breaking story, a new section and a draft published, and refuse files in pagefind/', async () => {
    const dir = await site({
      'articles/a.md': story('Harbour reopens', '2024-02-01T10:00:00Z', 'The harbour reopened.'),
      'articles/d.md': article(
        { title: 'Quiet draft', date: '2024-02-02T10:00:00Z', draft: 'true', section: 'Politics' },
        'A draft.',
      ),
    });
    await build(dir);
    // Breaking news in a section no story had: the banner and the section list change every page.
    await writeFile(
      path.join(dir, 'articles/b.md'),
      article(
        { title: 'Dam bursts', date: '2024-02-03T10:00:00Z', section: 'Weather', breaking: 'true' },
        'Breaking words.',
      ),
    );
    const breaking = await build(dir, { deferSearch: true });
    expect(breaking.result.ok).toBe(true);
    expect(breaking.result.searchPending).toBe(1);
    await writeFile(
      path.join(dir, 'articles/d.md'),
      article({ title: 'Quiet draft', date: '2024-02-02T10:00:00Z', section: 'Politics' }, 'Now published.'),
    );
    const published = await build(dir, { deferSearch: true });
    expect(published.result.searchPending).toBe(2);
    expect(await published.files()).toContain('2024/02/02/quiet-draft/index.html');
    const caught = await build(dir);
    expect([...(await indexed(caught.out)).keys()].sort()).toEqual([
      '/2024/02/01/harbour-reopens/',
      '/2024/02/02/quiet-draft/',
      '/2024/02/03/dam-bursts/',
    ]);

    await mkdir(path.join(dir, 'public/pagefind'), { recursive: true });
    await writeFile(path.join(dir, 'public/pagefind/extra.js'), 'console.log(1);\n');
    const refused = await build(dir);
    expect(refused.result.ok).toBe(false);
    const conflict = refused.result.diagnostics.find((d) => d.rule === 'output-conflict');
    expect(conflict?.file).toBe(path.join('public', 'pagefind', 'extra.js'));
    expect(conflict?.reason).toContain('the search index');
  });

  it('should still check every link when a file in pagefind/ is deleted with search off', async () => {
    const dir = await site({
      'public/pagefind/guide.pdf': '%PDF-1.4\n',
      'articles/a.md': story('Harbour reopens', '2024-02-01T10:00:00Z', 'See [the guide](/pagefind/guide.pdf).'),
      'articles/b.md': story('Council votes', '2024-02-02T10:00:00Z', 'The council voted.'),
    });
    const off = (check: boolean) => buildSite(dir, { search: false }, { now: NOW, check });
    expect((await off(true)).result.ok).toBe(true);
    await rm(path.join(dir, 'public/pagefind/guide.pdf'));
    await writeFile(path.join(dir, 'articles/b.md'), story('Council votes', '2024-02-02T10:00:00Z', 'Edited.'));
    const broken = await off(true);
    expect(broken.result.ok).toBe(false);
    expect(broken.result.diagnostics.map((d) => d.rule)).toContain('broken-link');
  });

  it('should refuse a page in pagefind/, and defer beside a story held back', async () => {
    const dir = await site({
      'articles/a.md': story('Harbour reopens', '2024-02-01T10:00:00Z', 'The harbour reopened.'),
      'articles/b.md': story('Council votes', '2024-02-02T10:00:00Z', 'The council voted.'),
    });
    const first = await buildSite(dir, { search: true, holdInvalid: true }, { now: NOW });
    expect(first.result.ok).toBe(true);
    // b's new version is invalid: its last good one stays published, and indexed.
    await writeFile(path.join(dir, 'articles/b.md'), article({ title: 'Council votes', date: 'not a date' }, 'x'));
    await writeFile(path.join(dir, 'articles/c.md'), story('Storm warning', '2024-02-03T10:00:00Z', 'Gales.'));
    const held = await buildSite(dir, { search: true, holdInvalid: true }, { now: NOW, deferSearch: true });
    expect(held.result.held?.map((h) => h.kept)).toEqual(['previous']);
    expect(held.result.searchPending).toBe(1);
    await writeFile(path.join(dir, 'articles/d.md'), story('Tide tables', '2024-02-04T10:00:00Z', 'High water.'));
    const again = await buildSite(dir, { search: true, holdInvalid: true }, { now: NOW, deferSearch: true });
    expect(again.result.searchPending).toBe(2);

    await writeFile(
      path.join(dir, 'articles/a.md'),
      article({ title: 'Harbour reopens', date: '2024-02-01T10:00:00Z', aliases: '[/pagefind/harbour/]' }, 'x'),
    );
    const refused = await buildSite(dir, { search: true, holdInvalid: true }, { now: NOW });
    expect(refused.result.ok).toBe(false);
    const conflict = refused.result.diagnostics.find((d) => d.rule === 'output-conflict');
    // At the alias that makes the page (line 4), not the top of the file.
    expect(conflict).toMatchObject({ file: path.join('articles', 'a.md'), line: 4, column: 1 });
    expect(conflict?.reason).toContain('pagefind/harbour/index.html');
  });

  it('should fail, not hang, when a Pagefind process dies while it works, on one thread or more', async () => {
    const dir = await site({
      'broadsheet.config.json': JSON.stringify({ url: 'https://example.org/' }),
      'articles/a.md': story('Harbour reopens', '2023-06-01T10:00:00Z', 'The harbour reopened.'),
      'articles/b.md': story('Council votes', '2024-02-02T10:00:00Z', 'The council voted.'),
      // Stands in for Pagefind: reads the first request, then dies without an answer.
      'dying-pagefind.sh': '#!/bin/sh\nhead -c 1 >/dev/null\nexit 3\n',
    });
    await chmod(path.join(dir, 'dying-pagefind.sh'), 0o755);
    const env = { PAGEFIND_EXTENDED_BINARY_PATH: path.join(dir, 'dying-pagefind.sh') };
    for (const jobs of ['1', '2']) {
      const run = await cli(['build', '--now', '2024-03-01T12:00:00Z', '--jobs', jobs], dir, env);
      expect(run.code, run.stderr).toBe(70);
      expect(run.stderr).toContain('the Pagefind process stopped (exit code 3)');
      expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    }
  });

  it('should say on the command line what it left out', async () => {
    const dir = await site({
      'broadsheet.config.json': JSON.stringify({ url: 'https://example.org/' }),
      'articles/a.md': story('Harbour reopens', '2024-02-01T10:00:00Z', 'The harbour reopened.'),
    });
    const args = ['build', '--now', '2024-03-01T12:00:00Z'];
    expect((await cli(args, dir)).code).toBe(0);
    await writeFile(path.join(dir, 'articles/c.md'), story('Storm warning', '2024-02-03T10:00:00Z', 'Gales.'));
    const deferred = await cli([...args, '--defer-search'], dir);
    expect(deferred.code).toBe(0);
    expect(deferred.stdout).toContain('1 story not in the search index yet (a build without --defer-search adds them)');
    const help = await cli(['build', '--help'], dir);
    expect(help.stdout).toContain('--defer-search');
  });
});

describe('decideSearch', () => {
  const a = { id: 'a.md', url: '/a/', key: 'h-a', date: Date.parse('2024-01-01T00:00:00Z') };
  const b = { id: 'b.md', url: '/b/', key: 'h-b', date: Date.parse('2024-01-02T00:00:00Z') };
  const c = { id: 'c.md', url: '/c/', key: 'h-c', date: Date.parse('2024-01-03T00:00:00Z') };
  const now = Date.parse('2024-02-01T00:00:00Z');
  const record: SearchRecord = { render: 'r', indexed: indexedDigest([a, b]), now, since: now, pending: [] };
  const decide = (
    stories: (typeof a)[],
    more: { defer?: boolean; changed?: string[]; render?: string; at?: number } = {},
  ) =>
    decideSearch({
      stories,
      render: more.render ?? 'r',
      now: more.at ?? now + 1,
      record,
      changed: new Set(more.changed ?? []),
      defer: more.defer ?? true,
    }).kind;

  it('should keep an index of exactly the stories published, and defer only stories newly published', () => {
    expect(decide([b, a])).toBe('current');
    expect(decide([a, b, c], { changed: ['c.md'] })).toBe('deferred');
    expect(decide([a, b, c], { changed: ['c.md'], defer: false })).toBe('refresh');
    // c was not loaded anew, is dated before the index was made, and is not in it: something changed.
    expect(decide([a, b, c])).toBe('refresh');
    // b edited: loaded anew, but its old version is in the index.
    expect(decide([a, { ...b, key: 'edited' }, c], { changed: ['b.md', 'c.md'] })).toBe('refresh');
    expect(decide([a, c], { changed: ['c.md'] })).toBe('refresh');
    expect(decide([a, b, { ...c, date: now + 1 }])).toBe('deferred');
    expect(decide([a, b], { render: 'other layouts' })).toBe('refresh');
    // A new story after a quiet spell waits: the bound counts from the first story left out.
    const day = 24 * 60 * 60 * 1000;
    const deferred = decideSearch({
      stories: [a, b, c],
      render: 'r',
      now: now + day,
      record,
      changed: new Set(['c.md']),
      defer: true,
    });
    expect(deferred.kind).toBe('deferred');
    expect(deferred.kept.since).toBe(now + day);
    const later = (at: number) =>
      decideSearch({ stories: [a, b, c], render: 'r', now: at, record: deferred.kept, changed: new Set(), defer: true })
        .kind;
    expect(later(now + day + MAX_DEFER_MS - 1)).toBe('deferred');
    expect(later(now + day + MAX_DEFER_MS)).toBe('refresh');
    // A clock set back before the wait began does not extend it.
    expect(later(now)).toBe('refresh');
  });
  it('should defer no volume while another must be made again or is gone, and bound the wait over all', () => {
    const d = { id: 'd.md', url: '/d/', key: 'h-d', date: Date.parse('2023-05-01T00:00:00Z') };
    const records = {
      '2024': record,
      '2023': { render: 'r', indexed: indexedDigest([d]), now, since: now, pending: [] },
    };
    const volumes = (y2024: (typeof a)[], y2023: (typeof a)[]) => [
      { name: '2024', stories: y2024 },
      { name: '2023', stories: y2023 },
    ];
    const kinds = (
      list: ReturnType<typeof volumes>,
      more: { changed?: string[]; at?: number; from?: typeof records } = {},
    ) =>
      decideVolumes({
        volumes: list,
        render: 'r',
        now: more.at ?? now + 1,
        records: more.from ?? records,
        changed: new Set(more.changed ?? []),
        defer: true,
      }).map((decision) => decision.kind);
    expect(kinds(volumes([a, b, c], [d]), { changed: ['c.md'] })).toEqual(['deferred', 'current']);
    // b moved to 2023 (its date edited): 2024 must be made again, so 2023, where b is new, is too.
    const moved = { ...b, url: '/b-2023/', date: Date.parse('2023-06-01T00:00:00Z') };
    expect(kinds(volumes([a], [moved, d]), { changed: ['b.md'] })).toEqual(['refresh', 'refresh']);
    // d's year emptied (d moved to 2024): the gone volume's story is new in 2024's.
    const d2024 = { ...d, url: '/d-2024/', date: Date.parse('2024-01-05T00:00:00Z') };
    expect(kinds([{ name: '2024', stories: [a, b, d2024] }], { changed: ['d.md'] })).toEqual(['refresh']);
    // c waits in 2024; a story new in 2023 later waits no longer than c's 2 hours.
    const waiting = {
      '2024': { ...record, pending: ['/c/'], since: now },
      '2023': records['2023'],
    };
    const e = { id: 'e.md', url: '/e/', key: 'h-e', date: Date.parse('2023-07-01T00:00:00Z') };
    expect(kinds(volumes([a, b, c], [d, e]), { changed: ['e.md'], at: now + MAX_DEFER_MS - 1, from: waiting })).toEqual(
      ['deferred', 'deferred'],
    );
    expect(kinds(volumes([a, b, c], [d, e]), { changed: ['e.md'], at: now + MAX_DEFER_MS, from: waiting })).toEqual([
      'refresh',
      'refresh',
    ]);
  });
});

describe('searchThreads', () => {
  const volume = (name: string, stories: number) => ({
    name,
    urls: Array.from({ length: stories }, (_, i) => `/${name}/${i}/`),
  });
  it('should make volumes side by side, one a thread, while the largest fit in half the memory', () => {
    const GiB = 2 ** 30;
    const three = [volume('2024', 3000), volume('2023', 3000), volume('2022', 3000)];
    expect(searchThreads(three, 2, 24 * GiB)).toBe(2);
    expect(searchThreads(three, 8, 24 * GiB)).toBe(3);
    expect(searchThreads([volume('2024', 3000)], 4, 24 * GiB)).toBe(1);
    // A year of 50,000 stories takes about 12 GiB in Pagefind: one at a time on 24 GiB.
    expect(searchThreads([volume('2024', 50_000), volume('2023', 10)], 4, 24 * GiB)).toBe(1);
    expect(searchThreads([], 4, 24 * GiB)).toBe(1);
  });
});
