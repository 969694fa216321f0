import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/config.ts';
import { humanize, readSection, sectionId } from '../src/content/sections.ts';
import type { StorySummary } from '../src/content/story.ts';
import { createSite } from '../src/render/site.ts';
import { sectionNames } from '../src/site/taxonomy.ts';
import { article, buildSite, removeDir, select, selectAll, tempSite, toString } from './helpers.ts';

describe('section ids', () => {
  it('should be URL segments made from any name', () => {
    expect(sectionId('Customer Experience')).toBe('customer-experience');
    expect(sectionId('A/B Testing')).toBe('a-b-testing');
    expect(sectionId('rec mng')).toBe('rec-mng');
    expect(sectionId('Économie & Société')).toBe('economie-and-societe');
    expect(sectionId('Спорт')).toBe('sport');
    for (const taken of ['Tags', 'authors', 'Search', 'assets', 'pagefind', '2021'])
      expect(sectionId(taken)).toBe(`${sectionId(taken).replace(/-section$/, '')}-section`);
    expect(sectionId('???')).toBe('section');
  });

  it('should read a configured section by id, name or slug, and nothing else', () => {
    const sections = [{ id: 'world', name: 'World News', description: '' }];
    expect(readSection('world', sections)).toEqual({ id: 'world', name: 'World News' });
    expect(readSection(' world news ', sections)).toEqual({ id: 'world', name: 'World News' });
    expect(readSection('World', sections)).toEqual({ id: 'world', name: 'World News' });
    expect(readSection('Sport', sections)).toBeUndefined();
    expect(readSection('A/B Testing', [])).toEqual({ id: 'a-b-testing', name: 'A/B Testing' });
    expect(readSection('world', [])).toEqual({ id: 'world', name: 'World' });
  });

  it('should name an id for people when nothing better is known', () => {
    expect(humanize('customer-experience')).toBe('Customer experience');
  });
});

describe('section names', () => {
  const story = (id: string, sectionName: string) =>
    ({ id, section: 'customer-experience', sectionName }) as StorySummary;

  it('should take the configured name, else the spelling most stories use, and warn about the others', () => {
    const bySection = new Map([
      [
        'customer-experience',
        [
          story('a.md', 'customer experience'),
          story('b.md', 'Customer Experience'),
          story('c.md', 'Customer Experience'),
        ],
      ],
    ]);
    const { names, diagnostics } = sectionNames(bySection, [], (s) => `articles/${s.id}`);
    expect(names.get('customer-experience')).toBe('Customer Experience');
    expect(diagnostics).toMatchObject([
      {
        rule: 'section-names-merged',
        severity: 'warning',
        file: 'articles/a.md',
        reason: expect.stringContaining('"customer experience" and "Customer Experience"'),
      },
    ]);
    const configured = sectionNames(
      bySection,
      [{ id: 'customer-experience', name: 'CX', description: '' }],
      (s) => s.id,
    );
    expect(configured.names.get('customer-experience')).toBe('CX');
    expect(configured.diagnostics).toEqual([]);
  });

  it("should be what the site calls a section: configured, the index's, else made from the id", () => {
    const { config } = resolveConfig({ sections: [] }, { root: '/tmp' });
    const data = { config: config!, assets: {}, tagSlugs: {}, authorSlugs: {}, search: false };
    const site = createSite({
      ...data,
      sectionsWithStories: ['a-b-testing', 'rec-mng'],
      sectionNames: { 'a-b-testing': 'A/B Testing' },
    });
    expect(site.sections.map((s) => [s.id, s.name])).toEqual([
      ['a-b-testing', 'A/B Testing'],
      ['rec-mng', 'Rec mng'],
    ]);
    expect(site.sectionUrl('a-b-testing')).toBe('/a-b-testing/');
  });
});

describe('a site whose sections are not configured', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(removeDir));
  });

  it('should publish each section at a slug, titled with its name, and keep the URLs of configured ones', async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: 'One', section: 'Customer Experience' }),
      'articles/b.md': article({ title: 'Two', section: 'A/B Testing', date: '2024-01-03T10:00:00Z' }),
      'articles/c.md': article({ title: 'Three', section: 'world', date: '2024-01-04T10:00:00Z' }),
    });
    dirs.push(dir);
    const { result, files, page } = await buildSite(dir);
    expect(result.ok).toBe(true);
    const all = await files();
    for (const listing of ['customer-experience/index.html', 'a-b-testing/index.html', 'world/index.html'])
      expect(all).toContain(listing);
    expect(all.some((f) => /[A-Z ]/.test(f))).toBe(false);
    expect(toString(select('h1', await page('a-b-testing/index.html'))!)).toBe('A/B Testing');
    const story = await page('2024/01/03/two/index.html');
    expect(selectAll('a', story).map((a) => a.properties.href)).toContain('/a-b-testing/');

    // A configured section keeps the id (and URL) it had.
    const configured = await buildSite(dir, {
      sections: [
        { id: 'cx', name: 'Customer Experience' },
        { id: 'ab', name: 'A/B Testing' },
        { id: 'world', name: 'World' },
      ],
    });
    expect(configured.result.ok).toBe(true);
    expect(await configured.files()).toEqual(
      expect.arrayContaining(['cx/index.html', 'ab/index.html', 'world/index.html']),
    );
  });
});
