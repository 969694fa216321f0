import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { article, buildSite, removeDir, sameTrees, select, selectAll, tempSite, toString } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const NOW = Date.parse('2026-12-07T12:00:00Z');

/** The headline and the stories' headlines of a listing page. */
async function listing(built: Awaited<ReturnType<typeof buildSite>>, rel: string) {
  const page = await built.page(rel);
  return {
    name: toString(select('main h1', page)!),
    stories: selectAll('.story-list > li h2, .story-list > li h3', page).map((h) => toString(h)),
  };
}

describe('tag and byline pages over time', () => {
  it('should keep a tag at its URL when a later story writes it in other capitals', async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: 'Budget passes', date: '2026-11-20T10:00:00Z', tags: '[city council]' }),
    });
    dirs.push(dir);
    expect((await buildSite(dir, {}, { now: NOW })).result.ok).toBe(true);
    await writeFile(
      path.join(dir, 'articles/b.md'),
      article({ title: 'Mayor resigns', date: '2026-12-01T10:00:00Z', tags: '[City Council]' }),
    );
    const built = await buildSite(dir, {}, { now: NOW });
    expect(built.result.ok).toBe(true);
    expect(await listing(built, 'tags/city-council/index.html')).toEqual({
      name: 'city council',
      stories: ['Mayor resigns', 'Budget passes'],
    });
    expect(await built.files()).not.toContain('tags/city-council-2/index.html');
    const warnings = built.result.diagnostics.filter((d) => d.rule === 'slug-collision');
    expect(warnings.map((d) => [d.file, d.line, d.reason])).toEqual([
      ['articles/b.md', 4, 'tag "City Council" is written "city council" elsewhere: listed together as "city council"'],
    ]);
  });

  it('should point a story that lost its slug to another at the headline that made it', async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: 'Floods recede', date: '2026-11-20T08:00:00Z' }),
      'articles/b.md': `---\n# Second report\ndate: 2026-11-20T10:00:00Z\ntitle: Floods recede\n---\n\nText.\n`,
    });
    dirs.push(dir);
    const built = await buildSite(dir, {}, { now: NOW });
    expect(built.result.ok).toBe(true);
    const moved = built.result.diagnostics.filter((d) => d.rule === 'duplicate-slug');
    expect(moved.map((d) => [d.file, d.line, d.column])).toEqual([['articles/b.md', 4, 1]]);
  });

  it("should point a story page that takes a listing's URL at its slug, not at the listing's story", async () => {
    const dir = await tempSite({
      'articles/a.md': article({
        title: 'Golf club opens',
        date: '2026-11-20T10:00:00Z',
        tags: '[golf]',
        aliases: '[/golf-old/]',
      }),
      'articles/b.md': article({ title: 'Golf', date: '2026-11-21T10:00:00Z', slug: 'golf' }),
    });
    dirs.push(dir);
    const built = await buildSite(dir, { permalink: '/tags/:slug/' }, { now: NOW });
    expect(built.result.ok).toBe(false);
    const conflicts = built.result.diagnostics.filter((d) => d.rule === 'output-conflict');
    expect(conflicts.map((d) => [d.file, d.line, d.column])).toEqual([['articles/b.md', 4, 1]]);
    expect(conflicts[0]!.reason).toContain('tags/golf/index.html');
  });

  it('should leave a byline at its URL when a newer one makes the same slug', async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: 'Floods recede', date: '2026-11-20T10:00:00Z', authors: '[José Díaz]' }),
    });
    dirs.push(dir);
    expect((await buildSite(dir, {}, { now: NOW })).result.ok).toBe(true);
    await writeFile(
      path.join(dir, 'articles/b.md'),
      article({ title: 'Rail strike ends', date: '2026-12-01T10:00:00Z', authors: '[Jose Diaz]' }),
    );
    const built = await buildSite(dir, {}, { now: NOW });
    expect(built.result.ok).toBe(true);
    expect(await listing(built, 'authors/jose-diaz/index.html')).toEqual({
      name: 'José Díaz',
      stories: ['Floods recede'],
    });
    expect(await listing(built, 'authors/jose-diaz-2/index.html')).toEqual({
      name: 'Jose Diaz',
      stories: ['Rail strike ends'],
    });
    const warnings = built.result.diagnostics.filter((d) => d.rule === 'slug-collision');
    // At the newer story's authors line (line 4).
    expect(warnings.map((d) => [d.file, d.line])).toEqual([['articles/b.md', 4]]);
    expect(warnings[0]?.reason).toContain('"Jose Diaz" came later and is listed at "jose-diaz-2"');
  });

  it('should show a name as most stories now write it on every page of its listing, as a cold build does', async () => {
    const story = (i: number, tag: string) =>
      article({ title: `Story ${i}`, date: `2024-01-${String(i).padStart(2, '0')}T10:00:00Z`, tags: `[${tag}]` });
    const dir = await tempSite(
      Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`articles/s${i}.md`, story(i, 'City Council')])),
    );
    dirs.push(dir);
    const CONFIG = { listings: { pageSize: 2 } };
    expect((await buildSite(dir, CONFIG, { now: NOW })).result.ok).toBe(true);
    for (const i of [6, 7, 8, 9, 10, 11])
      await writeFile(path.join(dir, `articles/s${i}.md`), story(i, 'city council'));
    const built = await buildSite(dir, CONFIG, { now: NOW });
    expect(built.result.ok).toBe(true);
    expect((await listing(built, 'tags/city-council/archive/1/index.html')).name).toBe('city council (archive page 1)');
    const cold = await mkdtemp(path.join(tmpdir(), 'broadsheet-cold-'));
    dirs.push(cold);
    expect((await buildSite(dir, { ...CONFIG, out: cold }, { now: NOW, cache: false })).result.ok).toBe(true);
    await sameTrees(built.out, cold);
  });

  it('should list a story that writes a name twice once, and keep the profile of any spelling', async () => {
    const dir = await tempSite({
      'articles/a.md': article({
        title: 'Budget passes',
        date: '2026-11-20T10:00:00Z',
        tags: '[City Council, city council]',
        authors: '[Maya Okonkwo, maya okonkwo]',
      }),
      'articles/b.md': article({ title: 'Mayor resigns', date: '2026-11-21T10:00:00Z', authors: '[maya okonkwo]' }),
      'authors.yaml': 'Maya Okonkwo:\n  bio: City hall reporter.\n',
    });
    dirs.push(dir);
    const built = await buildSite(dir, {}, { now: NOW });
    expect(built.result.ok, JSON.stringify(built.result.diagnostics)).toBe(true);
    expect((await listing(built, 'tags/city-council/index.html')).stories).toEqual(['Budget passes']);
    const author = await listing(built, 'authors/maya-okonkwo/index.html');
    expect(author).toEqual({ name: 'maya okonkwo', stories: ['Mayor resigns', 'Budget passes'] });
    expect(toString(select('main', await built.page('authors/maya-okonkwo/index.html'))!)).toContain(
      'City hall reporter.',
    );
    const page = await built.page('2026/11/20/budget-passes/index.html');
    expect(selectAll('a[href="/tags/city-council/"]', page)).toHaveLength(1);
  });
});
