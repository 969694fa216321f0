import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatLedger,
  keepPromises,
  parseLedger,
  recordServed,
  recordsServed,
  sameLedger,
  type ServedStory,
} from '../src/site/ledger.ts';
import { article, buildSite, cli, removeDir, select, serveCli, tempSite, toString } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const LEDGER = { ledger: 'published-urls.txt' } as const;
const NOW = Date.parse('2026-11-27T12:00:00Z');

async function site(files: Record<string, string>) {
  const dir = await tempSite(files);
  dirs.push(dir);
  return dir;
}

/** The ledger file as entries, read back with the parser. */
const ledgerOf = async (dir: string) =>
  parseLedger(await readFile(path.join(dir, 'published-urls.txt'), 'utf8')).ledger.entries;

describe('the URL ledger file', () => {
  it('should name a retired line whose day is not on the calendar', () => {
    const { problems } = parseLedger('/a/\tretired\tyesterday\tGone\n/b/\tretired\t2026-02-30\tGone\n');
    expect(problems).toEqual([
      { line: 1, reason: '"yesterday", the day /a/ was retired, is not a day (YYYY-MM-DD)' },
      { line: 2, reason: '"2026-02-30", the day /b/ was retired, is not a day (YYYY-MM-DD)' },
    ]);
  });

  it('should read back what it wrote, sorted by URL, and name a malformed line', () => {
    const { ledger } = parseLedger(
      '# comment\n/b/\tstory\tb.md\n/a/\talias\tid:story-a\n/z/\tretired\t2026-12-06\tRemoved on request\n',
    );
    const text = formatLedger(ledger);
    expect(text.split('\n').filter((l) => l.startsWith('/'))).toEqual([
      '/a/\talias\tid:story-a',
      '/b/\tstory\tb.md',
      '/z/\tretired\t2026-12-06\tRemoved on request',
    ]);
    expect(parseLedger(text).ledger.entries).toEqual(ledger.entries);
    expect(parseLedger('/a/\tstory\n\nnot a path\tstory\tx.md\n').problems.map((p) => p.line)).toEqual([1, 3]);
  });

  it('should keep the furthest state of a URL two merged ledgers both list, in either order', () => {
    // What git's union merge of two machines' ledgers leaves: both lines, in any order.
    const state = (text: string) => {
      const { ledger, problems } = parseLedger(text);
      expect(problems).toEqual([]);
      return [...ledger.entries.values()].map((e) => e.kind);
    };
    const story = '/x/\tstory\tx.md\n';
    const alias = '/x/\talias\tx.md\n';
    const retired = '/x/\tretired\t2026-12-06\tRemoved on request\n';
    expect(state(retired + story)).toEqual(['retired']);
    expect(state(story + retired)).toEqual(['retired']);
    expect(state(alias + story)).toEqual(['alias']);
    expect(state(story + alias + retired + story)).toEqual(['retired']);
    expect(state(story + story)).toEqual(['story']);
    // Two stories claiming one URL: a person decides.
    expect(parseLedger(`${story}/x/\tstory\ty.md\n`).problems).toEqual([
      { line: 2, reason: '/x/ is listed for two stories: x.md (line 1) and y.md' },
    ]);
  });

  it("should keep each version of a file a story published, however two machines' lines merge", () => {
    const [a, b] = ['a'.repeat(64), 'b'.repeat(64)];
    const merged = `/2026/plan.pdf\tfile\t${b}\n/2026/plan.pdf\tfile\t${a}\n/2026/plan.pdf\tfile\t${b}\n`;
    const { ledger, problems } = parseLedger(merged);
    expect(problems).toEqual([]);
    expect([...(ledger.files ?? [])].sort()).toEqual([`/2026/plan.pdf\t${a}`, `/2026/plan.pdf\t${b}`]);
    expect(
      formatLedger(ledger)
        .split('\n')
        .filter((line) => line.includes('\tfile\t')),
    ).toEqual([`/2026/plan.pdf\tfile\t${a}`, `/2026/plan.pdf\tfile\t${b}`]);
    // A line without its digest, or with something else in its place, is a problem.
    for (const line of ['/2026/plan.pdf\tfile', '/2026/plan.pdf\tfile\tnot-a-digest'])
      expect(parseLedger(`${line}\n`).problems.map((p) => p.line)).toEqual([1]);
    // Recording a version the ledger has leaves it as it is; a new one is added beside it.
    const same = recordServed(ledger, [], [], [`/2026/plan.pdf\t${a}`]);
    expect(recordsServed(ledger, [], [], [`/2026/plan.pdf\t${a}`])).toBe(true);
    expect(sameLedger(ledger, same)).toBe(true);
    const c = 'c'.repeat(64);
    expect(recordsServed(ledger, [], [], [`/2026/plan.pdf\t${c}`])).toBe(false);
    expect(recordServed(ledger, [], [], [`/2026/plan.pdf\t${c}`]).files?.size).toBe(3);
  });

  it("should keep every URL it had, and make a moved story's old page an alias", () => {
    const { ledger } = parseLedger('/old/\tstory\ta.md\n/gone/\tstory\tb.md\n');
    const next = recordServed(ledger, [{ id: 'a.md', url: '/new/', aliases: [] }]);
    expect(Object.fromEntries([...next.entries].map(([url, e]) => [url, e.kind]))).toEqual({
      '/old/': 'alias',
      '/gone/': 'story',
      '/new/': 'story',
    });
  });

  it('should tell, without recording, whether recording would leave the ledger as it is', () => {
    const text = [
      '/a/\tstory\ta.md',
      '/a-old/\talias\ta.md',
      '/b/\tstory\tid:b',
      '/c/\tstory\tc.md',
      '/c-first/\tstory\tc.md',
      '/gone/\tretired\t2026-12-01\tTaken down',
    ].join('\n');
    const { ledger } = parseLedger(text);
    const a: ServedStory = { id: 'a.md', url: '/a/', aliases: ['/a-old/'] };
    const b: ServedStory = { id: 'b.md', storyId: 'b', url: '/b/', aliases: [] };
    const c: ServedStory = { id: 'c.md', url: '/c/', aliases: [] };
    const cases: Record<string, ServedStory[]> = {
      'as recorded, but a story with two pages': [a, b, c],
      'as recorded, a story left out': [a, b],
      'a new story': [{ id: 'new.md', url: '/new/', aliases: [] }, a, b],
      'a moved story': [{ ...a, url: '/a-2/' }, b],
      'a new alias': [{ ...a, aliases: ['/a-old/', '/a-older/'] }, b],
      'an alias now a page': [{ ...a, url: '/a-old/', aliases: ['/a/'] }, b],
      'a retired URL served again': [{ ...b, aliases: ['/gone/'] }, a],
      'another story at a page': [a, { ...b, url: '/a/' }],
      'the key changed': [a, { ...b, storyId: 'b2' }],
    };
    const answers = Object.fromEntries(
      Object.entries(cases).map(([name, stories]) => {
        const stays = sameLedger(ledger, recordServed(ledger, stories));
        expect(recordsServed(ledger, stories), name).toBe(stays);
        return [name, stays];
      }),
    );
    // Both answers occur, so the comparison above can fail either way.
    expect(answers).toMatchObject({
      'as recorded, but a story with two pages': false,
      'as recorded, a story left out': true,
      'a new story': false,
      'a retired URL served again': true,
    });
  });

  it('should read lines ending in CR LF, and report a story line without a story', () => {
    const { ledger, problems } = parseLedger('/a/\tstory\ta.md\r\n/b/\tstory\t\r\n/c/\talias\tc.md\textra\n');
    expect([...ledger.entries.values()]).toEqual([{ url: '/a/', kind: 'story', key: 'a.md' }]);
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
  });

  it('should pin a derived slug to its first URL and alias every URL a story had', () => {
    const { ledger } = parseLedger('/first/\tstory\ta.md\n/older/\talias\ta.md\n');
    const story = { id: 'a.md', url: '/second/', derived: true, aliases: [] as string[] };
    const kept = keepPromises([story], ledger, {
      url: (s) => s.url,
      derived: (s) => s.derived,
      aliases: (s) => s.aliases,
      pin: (s, url) => ({ ...s, url, derived: false }),
      alias: (s, aliases) => ({ ...s, aliases: [...aliases] }),
    });
    expect(kept.stories).toEqual([{ id: 'a.md', url: '/first/', derived: false, aliases: ['/older/'] }]);
    expect(kept.frozen.map((f) => f.was)).toEqual(['/first/']);
  });
});

describe('published URLs', () => {
  it('should keep a story at its URL when the headline changes, and move it (with a redirect) when its slug does', async () => {
    const dir = await site({ 'articles/a.md': article({ title: 'First headline', date: '2026-11-20T10:00:00Z' }) });
    expect((await buildSite(dir, LEDGER, { now: NOW })).result.ok).toBe(true);
    const first = '/2026/11/20/first-headline/';
    expect((await ledgerOf(dir)).get(first)).toEqual({ url: first, kind: 'story', key: 'a.md' });

    await writeFile(
      path.join(dir, 'articles/a.md'),
      article({ title: 'A better headline', date: '2026-11-20T10:00:00Z' }),
    );
    const edited = await buildSite(dir, LEDGER, { now: NOW });
    expect(edited.result.ok).toBe(true);
    const kept = edited.result.diagnostics.find((d) => d.rule === 'url-kept');
    // At the headline that made the URL (line 2), not the top of the file.
    expect(kept).toMatchObject({ file: 'articles/a.md', line: 2, column: 1 });
    expect(kept?.hint).toContain(
      'Write `slug: first-headline` in its front matter to keep the URL without this warning',
    );
    const page = await edited.page('2026/11/20/first-headline/index.html');
    expect(toString(select('h1', page)!)).toBe('A better headline');
    expect(await edited.files()).not.toContain('2026/11/20/a-better-headline/index.html');

    await writeFile(
      path.join(dir, 'articles/a.md'),
      article({ title: 'A better headline', slug: 'better', date: '2026-11-20T10:00:00Z' }),
    );
    const moved = await buildSite(dir, LEDGER, { now: NOW });
    expect(moved.result.ok).toBe(true);
    expect(await moved.files()).toContain('2026/11/20/better/index.html');
    expect(await moved.text('_redirects')).toContain(`${first} /2026/11/20/better/ 301!`);
    expect((await ledgerOf(dir)).get(first)?.kind).toBe('alias');
  });

  it('should follow a renamed file, fail a build that drops a story, and serve a retired URL as removed', async () => {
    const dir = await site({
      'articles/a.md': article({ title: 'Story A', date: '2026-11-20T10:00:00Z' }),
      'articles/b.md': article({ title: 'Story B', date: '2026-11-21T10:00:00Z' }),
    });
    const LEDGER = { ledger: 'published-urls.txt', url: 'https://example.org/' } as const;
    expect((await buildSite(dir, LEDGER, { now: NOW })).result.ok).toBe(true);
    await rename(path.join(dir, 'articles/a.md'), path.join(dir, 'articles/renamed.md'));
    expect((await buildSite(dir, LEDGER, { now: NOW })).result.ok).toBe(true);
    expect((await ledgerOf(dir)).get('/2026/11/20/story-a/')).toMatchObject({ kind: 'story', key: 'renamed.md' });

    await rm(path.join(dir, 'articles/b.md'));
    const dropped = await buildSite(dir, LEDGER, { now: NOW });
    expect(dropped.result.ok).toBe(false);
    const broken = dropped.result.diagnostics.find((d) => d.rule === 'url-broken')!;
    expect(broken).toMatchObject({ file: 'published-urls.txt', severity: 'error' });
    expect(broken.reason).toContain('/2026/11/21/story-b/');

    await writeFile(
      path.join(dir, 'broadsheet.config.json'),
      JSON.stringify({ ...LEDGER, url: 'https://example.org/' }),
    );
    // Not a page's address: refused as bad usage, the ledger as it was.
    const before = await readFile(path.join(dir, 'published-urls.txt'), 'utf8');
    for (const bad of ['# Published URLs: every URL this site has published', '/a/../b/', '/story-b/?x=1']) {
      const refused = await cli(['retire', bad, '--reason', 'x'], dir);
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr, bad).toContain('is not a path of this site');
    }
    // A URL the site never published, or a day not on the calendar: nothing is retired.
    const typo = await cli(['retire', '/2026/11/21/story-c/', '/2026/11/21/story-b/', '--reason', 'x'], dir);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('/2026/11/21/story-c/ is not in published-urls.txt: this site has not published it');
    const day = await cli(['retire', '/2026/11/21/story-b/', '--reason', 'x', '--date', '2026-13-45'], dir);
    expect(day.code).toBe(2);
    expect(day.stderr).toContain('--date "2026-13-45" is not a day of the calendar');
    expect(await readFile(path.join(dir, 'published-urls.txt'), 'utf8')).toBe(before);
    const older = await cli(['retire', '/2009/old-cms/story.html', '--reason', 'Gone', '--unlisted'], dir);
    expect(older.code, older.stderr).toBe(0);
    expect((await ledgerOf(dir)).get('/2009/old-cms/story.html')).toMatchObject({ kind: 'retired' });
    const retire = await cli(
      ['retire', 'https://example.org/2026/11/21/story-b/', '--reason', 'Removed on request.', '--date', '2026-12-01'],
      dir,
    );
    expect(retire.code).toBe(0);
    expect((await ledgerOf(dir)).get('/2026/11/21/story-b/')).toEqual({
      url: '/2026/11/21/story-b/',
      kind: 'retired',
      date: '2026-12-01',
      reason: 'Removed on request.',
    });
    // Retired once, the first record stays unless --replace says otherwise; no day to come.
    const again = await cli(['retire', '/2026/11/21/story-b/', '--reason', 'again'], dir);
    expect([again.code, again.stderr.trim()]).toEqual([
      1,
      'broadsheet retire: /2026/11/21/story-b/ was retired on 2026-12-01 ("Removed on request."); give --replace to record this reason and day instead',
    ]);
    const ahead = await cli(['retire', '/2009/old-cms/story.html', '--reason', 'x', '--date', '2999-01-01'], dir);
    expect(ahead.code).toBe(2);
    expect(ahead.stderr).toContain('--date 2999-01-01 is after today');
    expect((await ledgerOf(dir)).get('/2026/11/21/story-b/')).toMatchObject({ reason: 'Removed on request.' });
    const replaced = await cli(
      ['retire', '/2026/11/21/story-b/', '--reason', 'Removed on legal advice.', '--date', '2026-12-02', '--replace'],
      dir,
    );
    expect(replaced.code, replaced.stderr).toBe(0);
    expect((await ledgerOf(dir)).get('/2026/11/21/story-b/')).toMatchObject({
      date: '2026-12-02',
      reason: 'Removed on legal advice.',
    });
    // Retired while its story is still there (the takedown's second push not yet made): a
    // build keeps the retirement and the story, with a warning.
    await writeFile(path.join(dir, 'articles/b.md'), article({ title: 'Story B', date: '2026-11-21T10:00:00Z' }));
    const between = await buildSite(dir, LEDGER, { now: NOW });
    expect(between.result.ok).toBe(true);
    expect(between.result.diagnostics.filter((d) => d.rule === 'retired-url-served')).toMatchObject([
      { file: 'articles/b.md', severity: 'warning' },
    ]);
    expect((await ledgerOf(dir)).get('/2026/11/21/story-b/')).toMatchObject({ kind: 'retired' });
    expect(toString(select('h1', await between.page('2026/11/21/story-b/index.html'))!)).toBe('Story B');
    await rm(path.join(dir, 'articles/b.md'));

    const after = await buildSite(dir, LEDGER, { now: NOW });
    expect(after.result.ok).toBe(true);
    const removed = await after.page('2026/11/21/story-b/index.html');
    expect(toString(select('h1', removed)!)).toBe('This story has been removed');
    // The day as the site writes days; the reason as written.
    expect(toString(select('main p', removed)!)).toBe(
      'It was removed from Broadsheet on December 2, 2026. Removed on legal advice.',
    );
    expect(select('main time', removed)?.properties.dateTime).toBe('2026-12-02');
    // Served as a host that reads _redirects serves it: 410 Gone, with the page.
    const served = await serveCli(dir, [after.out]);
    try {
      const gone = await fetch(new URL('2026/11/21/story-b/', served.url));
      expect(gone.status).toBe(410);
      expect(await gone.text()).toContain('This story has been removed');
      expect((await fetch(new URL('2026/11/20/story-a/', served.url))).status).toBe(200);
    } finally {
      await served.stop();
    }
    expect(select('meta[name=robots]', removed)?.properties.content).toBe('noindex');
    // In the site's dress: its stylesheet, and its name linking to the front page.
    const stylesheet = String(select('link[rel=stylesheet]', removed)?.properties.href);
    expect(stylesheet).toMatch(/^\/assets\/style\.[0-9a-f]+\.css$/);
    expect(existsSync(path.join(after.out, stylesheet))).toBe(true);
    expect(select('header a', removed)?.properties.href).toBe('/');
    expect(select('main h1', removed)).toBeDefined();
    expect((await after.text('_redirects')).split('\n')).toContain(
      '/2026/11/21/story-b/ /2026/11/21/story-b/index.html 410!',
    );

    // `check` holds the built site to the ledger: every URL answers.
    await writeFile(
      path.join(dir, 'broadsheet.config.json'),
      JSON.stringify({ ...LEDGER, url: 'https://example.org/', search: false }),
    );
    expect((await cli(['check', after.out], dir)).code).toBe(0);
    await rm(path.join(after.out, '2026/11/21/story-b/index.html'));
    const checked = await cli(['check', after.out, '--json'], dir);
    expect(checked.code).toBe(1);
    const report = JSON.parse(checked.stdout) as { problems: { rule: string; file: string }[] };
    expect(report.problems.filter((p) => p.rule === 'promise-broken').map((p) => p.file)).toEqual([
      'published-urls.txt',
    ]);
  });

  it("should retire a story's aliases and earlier URLs with its page, so that the story can go", async () => {
    const dir = await site({
      'articles/a.md': article({ title: 'Library reopens', date: '2026-11-20T10:00:00Z', aliases: '[/library/]' }),
      'articles/b.md': article({ title: 'Pool closes', date: '2026-11-21T10:00:00Z', aliases: '[/pool/]' }),
    });
    const LEDGER = { ledger: 'published-urls.txt', url: 'https://example.org/' } as const;
    await writeFile(path.join(dir, 'broadsheet.config.json'), JSON.stringify(LEDGER));
    expect((await buildSite(dir, LEDGER, { now: NOW })).result.ok).toBe(true);
    // A new slug: the first URL becomes an address of the story's too.
    await writeFile(
      path.join(dir, 'articles/a.md'),
      article({ title: 'Library reopens', date: '2026-11-20T10:00:00Z', aliases: '[/library/]', slug: 'library' }),
    );
    expect((await buildSite(dir, LEDGER, { now: NOW })).result.ok).toBe(true);

    // A server started before the takedown answers as the site after it.
    const served = await serveCli(dir, [path.join(dir, 'dist')]);
    const status = async (url: string) => (await fetch(new URL(url.slice(1), served.url))).status;
    try {
      expect(await status('/library/')).toBe(200);
      const retired = await cli(['retire', '/2026/11/20/library/', '--reason', 'Duplicate.'], dir);
      expect(retired.code, retired.stderr).toBe(0);
      expect(retired.stdout.trim().split('\n').sort()).toEqual([
        'retired /2026/11/20/library-reopens/',
        'retired /2026/11/20/library/',
        'retired /library/',
      ]);
      expect(retired.stderr).toContain('/library/: an old address of a.md too');
      const ledger = await ledgerOf(dir);
      for (const url of ['/2026/11/20/library/', '/2026/11/20/library-reopens/', '/library/'])
        expect(ledger.get(url), url).toMatchObject({ kind: 'retired', reason: 'Duplicate.' });
      // The other story keeps its own.
      expect(ledger.get('/pool/')).toMatchObject({ kind: 'alias', key: 'b.md' });

      await rm(path.join(dir, 'articles/a.md'));
      const gone = await buildSite(dir, LEDGER, { now: NOW });
      expect(gone.result.ok, JSON.stringify(gone.result.diagnostics)).toBe(true);
      expect(toString(select('h1', await gone.page('library/index.html'))!)).toBe('This story has been removed');
      expect([await status('/library/'), await status('/2026/11/20/library/'), await status('/pool/')]).toEqual([
        410, 410, 200,
      ]);
    } finally {
      await served.stop();
    }
  });

  it('should not call a story with errors, or a whole missing folder, gone', async () => {
    const dir = await site({ 'articles/a.md': article({ title: 'Story A', date: '2026-11-20T10:00:00Z' }) });
    expect((await buildSite(dir, LEDGER, { now: NOW })).result.ok).toBe(true);
    await writeFile(path.join(dir, 'articles/a.md'), article({ title: 'Story A', date: '2026-11-20T10:00:00+25:00' }));
    const broken = await buildSite(dir, LEDGER, { now: NOW });
    expect(broken.result.ok).toBe(false);
    // The article's own error, not "its story is gone: retire its URL".
    expect(broken.result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule)).toEqual([
      'invalid-date',
    ]);

    await writeFile(path.join(dir, 'broadsheet.config.json'), JSON.stringify(LEDGER));
    const elsewhere = await cli(['build', '--articles', 'nope'], dir);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain('nope:1:1: error the articles folder nope does not exist [articles-missing]');
    expect(elsewhere.stderr).not.toContain('url-broken');
  });

  it('should refuse a line of a wildcard, a placeholder or a climb out, which _redirects would widen', () => {
    const { ledger, problems } = parseLedger(
      [
        '/*\tretired\t2026-01-01\tgone',
        '/news/:splat/\talias\ta.md',
        '/a/../b/\tstory\tb.md',
        '/ok/\tstory\tok.md',
        // A file's name may hold "*": it is never a redirect.
        `/files/a*b.pdf\tfile\t${'0'.repeat(64)}`,
        `/files/../x.pdf\tfile\t${'0'.repeat(64)}`,
      ].join('\n'),
    );
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [1, '"/*" is not a site path'],
      [2, '"/news/:splat/" is not a site path'],
      [3, '"/a/../b/" is not a site path'],
      [6, '"/files/../x.pdf" is not a site path'],
    ]);
    expect([...ledger.entries.keys()]).toEqual(['/ok/']);
    expect([...(ledger.files ?? [])]).toEqual([`/files/a*b.pdf\t${'0'.repeat(64)}`]);
  });

  it('should refuse an id with a line break or a tab, which would write lines of its own', async () => {
    const dir = await site({
      'articles/a.md': article({ title: 'Story A', id: '"x\\n/*\\tretired\\t2026-01-01\\tgone"' }),
    });
    const built = await buildSite(dir, LEDGER, { now: NOW });
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics.map((d) => [d.file, d.line, d.rule])).toEqual([
      [path.join('articles', 'a.md'), 4, 'invalid-field'],
    ]);
    expect(existsSync(path.join(dir, 'published-urls.txt'))).toBe(false);
  });

  it('should point a broken or shared URL at the field that made it', async () => {
    const dir = await site({
      'articles/a.md': article({ title: 'A', date: '2024-01-01T10:00:00Z' }),
      'articles/b.md': article({ title: 'B', date: '2024-01-01T10:00:00Z' }),
    });
    expect((await buildSite(dir, LEDGER, { now: NOW })).result.ok).toBe(true);
    await writeFile(
      path.join(dir, 'articles/a.md'),
      article({ title: 'A', date: '2024-01-01T10:00:00Z', draft: 'true' }),
    );
    await writeFile(path.join(dir, 'articles/b.md'), article({ title: 'B', date: '2024-01-01T10:00:00Z', slug: 'c' }));
    await writeFile(path.join(dir, 'articles/c.md'), article({ title: 'C', date: '2024-01-01T10:00:00Z', slug: 'c' }));
    const built = await buildSite(dir, LEDGER, { now: NOW });
    const at = (rule: string) =>
      built.result.diagnostics.filter((d) => d.rule === rule).map((d) => [path.basename(d.file), d.line]);
    // Each line 4: the field after title and date.
    expect(at('url-broken')).toEqual([['a.md', 4]]);
    expect(at('duplicate-url')).toEqual([
      ['b.md', 4],
      ['c.md', 4],
    ]);
  });

  it('should know a story by its id: across a rename that changes its URL', async () => {
    const dir = await site({
      'articles/a.md': article({ title: 'Story A', id: 'story-a', date: '2026-11-20T10:00:00Z' }),
    });
    expect((await buildSite(dir, LEDGER, { now: NOW })).result.ok).toBe(true);
    await rm(path.join(dir, 'articles/a.md'));
    await writeFile(
      path.join(dir, 'articles/renamed.md'),
      article({ title: 'Story A, updated', id: 'story-a', date: '2026-11-20T10:00:00Z' }),
    );
    const built = await buildSite(dir, LEDGER, { now: NOW });
    expect(built.result.ok).toBe(true);
    expect(await built.files()).toContain('2026/11/20/story-a/index.html');
    expect((await ledgerOf(dir)).get('/2026/11/20/story-a/')).toMatchObject({ key: 'id:story-a' });
  });

  it('should record nothing in a preview: with drafts, or a clock ahead of the real one', async () => {
    const dir = await site({
      'articles/a.md': article({ title: 'Draft', draft: 'true', date: '2026-11-20T10:00:00Z' }),
    });
    expect((await buildSite(dir, LEDGER, { now: NOW, drafts: true })).result.ok).toBe(true);
    await writeFile(path.join(dir, 'articles/b.md'), article({ title: 'Future', date: '2099-01-01T00:00:00Z' }));
    expect((await buildSite(dir, LEDGER, { now: Date.parse('2099-06-01T00:00:00Z') })).result.ok).toBe(true);
    await expect(readFile(path.join(dir, 'published-urls.txt'), 'utf8')).rejects.toThrow();
  });
});
