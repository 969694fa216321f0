import { cp, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuilder } from '../src/pipeline/builder.ts';
import { CACHE_VERSION } from '../src/incremental/cache.ts';
import { compileLayouts } from '../src/render/compile-layouts.ts';
import { LAYOUT_FILES, layoutFile, type LayoutName } from '../src/render/layouts.ts';
import { resolveConfig } from '../src/config/config.ts';
import { PARALLEL_PAGES } from '../src/workers/pool.ts';
import { swatch } from './photo-images.ts';
import {
  buildSite,
  prng,
  REPO,
  removeDir,
  SAMPLE_LAYOUTS,
  SAMPLE_NOW,
  sameTrees,
  select,
  selectAll,
  tempSite,
  toString,
  xmlTexts,
} from './helpers.ts';

const SECTIONS = ['world', 'sport', 'culture'];
const TAGS = ['elections', 'energy', 'football', 'film', 'courts', 'C', 'C++'];

function story(rand: () => number, n: number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const day = 1 + Math.floor(rand() * 28);
  return [
    '---',
    `title: Story ${n} about ${pick(TAGS)}`,
    `date: 2024-02-${String(day).padStart(2, '0')}T${String(Math.floor(rand() * 24)).padStart(2, '0')}:00:00Z`,
    `section: ${pick(SECTIONS)}`,
    `tags: [${pick(TAGS)}, ${pick(TAGS)}]`,
    `authors: [${pick(['Ana Ruiz', 'Ben Okoro', 'Associated Press'])}]`,
    ...(rand() < 0.2 ? [`aliases: [/old/${n}/]`] : []),
    ...(rand() < 0.2 ? ['updated: 2024-03-01T00:00:00Z'] : []),
    '---',
    '',
    `Paragraph one of story ${n}. ${'Words '.repeat(Math.floor(rand() * 40))}`,
    '',
  ].join('\n');
}

describe('incremental builds', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempSite({});
    // A project of its own: layouts copied in, Broadsheet installed as a dependency.
    await cp(SAMPLE_LAYOUTS, path.join(dir, 'layouts'), { recursive: true });
    await mkdir(path.join(dir, 'node_modules'));
    await symlink(REPO, path.join(dir, 'node_modules', 'broadsheet'));
  });
  afterAll(() => removeDir(dir));

  it('should give byte-identical output to a cold build after every kind of edit', async () => {
    const rand = prng(42);
    const articles = path.join(dir, 'articles');
    await mkdir(articles, { recursive: true });
    let next = 0;
    const names: string[] = [];
    for (; next < 30; next++) {
      names.push(`s${next}.md`);
      await writeFile(path.join(articles, `s${next}.md`), story(rand, next));
    }
    let pageSize = 5;
    const user = () => ({ url: 'https://example.org/', layouts: 'layouts', listings: { pageSize } });
    const incremental = () => buildSite(dir, user(), { layouts: path.join(dir, 'layouts') });

    const first = await incremental();
    expect(first.result.ok).toBe(true);

    const edits: Record<string, () => Promise<void>> = {
      add: async () => {
        names.push(`s${next}.md`);
        await writeFile(path.join(articles, `s${next}.md`), story(rand, next++));
      },
      edit: async () => {
        const name = names[Math.floor(rand() * names.length)]!;
        await writeFile(path.join(articles, name), story(rand, Number(name.slice(1, -3))));
      },
      rename: async () => {
        const i = Math.floor(rand() * names.length);
        const to = `renamed-${next++}.md`;
        await rename(path.join(articles, names[i]!), path.join(articles, to));
        names[i] = to;
      },
      delete: async () => {
        const [name] = names.splice(Math.floor(rand() * names.length), 1);
        await rm(path.join(articles, name!));
      },
      layout: async () => {
        const file = path.join(dir, 'layouts/parts.tsx');
        const text = await readFile(file, 'utf8');
        await writeFile(
          file,
          text.replace(/class="excerpt"|class="excerpt standfirst"/, (m) =>
            m === 'class="excerpt"' ? 'class="excerpt standfirst"' : 'class="excerpt"',
          ),
        );
      },
      config: async () => {
        pageSize = pageSize === 5 ? 7 : 5;
      },
      nothing: async () => {},
    };
    const sequence = [
      'nothing',
      'edit',
      'add',
      'delete',
      'rename',
      'layout',
      'edit',
      'config',
      'add',
      'edit',
      'delete',
      'nothing',
    ];
    for (const [step, kind] of sequence.entries()) {
      await edits[kind]!();
      const warm = await incremental();
      expect(warm.result.ok, `${step}: ${kind}`).toBe(true);
      if (kind === 'nothing') expect(warm.result.stats.rendered, 'a build with no change renders nothing').toBe(0);
      const coldDir = await tempSite({});
      await cp(articles, path.join(coldDir, 'articles'), { recursive: true });
      const cold = await buildSite(coldDir, user(), { layouts: path.join(dir, 'layouts'), cache: false });
      expect(cold.result.ok).toBe(true);
      await sameTrees(warm.out, cold.out);
      await removeDir(coldDir);
    }
  });
});

describe('stories added one after another, with the URL ledger', () => {
  it('should give after each what a cold build reading the same ledger gives', async () => {
    // The ledger marks each story's URL as kept in the build after the one that published
    // it: the next addition must still be taken as "stories only added".
    const dir = await tempSite({});
    const rand = prng(7);
    const articles = path.join(dir, 'articles');
    await mkdir(articles, { recursive: true });
    for (let n = 0; n < 14; n++) await writeFile(path.join(articles, `s${n}.md`), story(rand, n));
    const user = { url: 'https://example.org/', ledger: 'published-urls.txt', listings: { pageSize: 4 } };
    const ledger = path.join(dir, 'published-urls.txt');
    expect((await buildSite(dir, user)).result.ok).toBe(true);
    for (let n = 14; n < 17; n++) {
      await writeFile(path.join(articles, `s${n}.md`), story(rand, n));
      const coldDir = await tempSite({});
      await cp(articles, path.join(coldDir, 'articles'), { recursive: true });
      await cp(ledger, path.join(coldDir, 'published-urls.txt'));
      const warm = await buildSite(dir, user);
      expect(warm.result.ok).toBe(true);
      expect(warm.result.stats.loaded).toBe(1);
      // Only the pages near the new story were described again: the others were kept as
      // they were (none was, when the previous story's URL entering the ledger counted as a move).
      expect(warm.result.stats.kept, `story ${n}`).toBeGreaterThan(0);
      const cold = await buildSite(coldDir, user, { cache: false });
      await sameTrees(warm.out, cold.out);
      await removeDir(coldDir);
    }
    // The ledger the last build wrote changes nothing it published: the next build repeats
    // it at the up-to-date check, and a cold build reading that ledger writes the same.
    const again = await buildSite(dir, user);
    expect(again.result.timings.map(([stage]) => stage)).not.toContain('restore');
    const coldDir = await tempSite({});
    await cp(articles, path.join(coldDir, 'articles'), { recursive: true });
    await cp(ledger, path.join(coldDir, 'published-urls.txt'));
    await sameTrees(again.out, (await buildSite(coldDir, user, { cache: false })).out);
    await removeDir(coldDir);
    await removeDir(dir);
  });
});

describe('parallel builds', () => {
  it('should write the same site with worker threads as on one thread', async () => {
    const rand = prng(7);
    const files: Record<string, string> = {};
    for (let n = 0; n < 320; n++) files[`articles/s${n}.md`] = story(rand, n);
    const a = await tempSite(files);
    const b = await tempSite(files);
    const one = await buildSite(a, {}, { jobs: 1, cache: false });
    const two = await buildSite(b, {}, { jobs: 2, cache: false });
    expect(one.result.threads).toBe(1);
    expect(two.result.threads).toBe(2);
    await sameTrees(one.out, two.out);
    // And again from the cache, rendering on two threads from stored bodies.
    await writeFile(path.join(b, 'articles/s0.md'), story(rand, 0));
    await writeFile(path.join(a, 'articles/s0.md'), await readFile(path.join(b, 'articles/s0.md'), 'utf8'));
    const oneAgain = await buildSite(a, {}, { jobs: 1, cache: false });
    const twoAgain = await buildSite(b, {}, { jobs: 2 });
    await sameTrees(oneAgain.out, twoAgain.out);
    // One story to load but every page to render (the title changed, and two stories a
    // listing page make over a thousand pages): the pages still go to the threads, not to
    // the thread that loaded the story.
    await writeFile(path.join(b, 'articles/s1.md'), story(rand, 1));
    await writeFile(path.join(a, 'articles/s1.md'), await readFile(path.join(b, 'articles/s1.md'), 'utf8'));
    const retitled = { title: 'Renamed', listings: { pageSize: 2 } };
    const oneRetitled = await buildSite(a, retitled, { jobs: 1, cache: false });
    const twoRetitled = await buildSite(b, retitled, { jobs: 2 });
    expect(twoRetitled.result.stats.loaded).toBe(1);
    expect(twoRetitled.result.stats.rendered).toBeGreaterThanOrEqual(PARALLEL_PAGES);
    expect(twoRetitled.result.threads).toBe(2);
    await sameTrees(oneRetitled.out, twoRetitled.out);
    await removeDir(a);
    await removeDir(b);
  });
});

describe('the up-to-date shortcut', () => {
  it('should rebuild when the clock lifts an embargo or moves the news window, though no file changed', async () => {
    const dir = await tempSite({
      'articles/now.md': '---\ntitle: Published story\ndate: 2024-05-01T12:00:00Z\n---\nx\n',
      'articles/later.md': '---\ntitle: Embargoed story\ndate: 2024-05-02T12:00:00Z\n---\nx\n',
    });
    const at = (iso: string) => buildSite(dir, {}, { now: Date.parse(iso) });
    const first = await at('2024-05-01T13:00:00Z');
    expect(first.result.stats.stories).toBe(1);
    const same = await at('2024-05-01T14:00:00Z');
    expect(same.result.timings.map(([name]) => name)).toEqual(['layouts', 'discover', 'stat', 'up-to-date']);
    expect(xmlTexts(await same.text('sitemap-news.xml'), 'loc').map((loc) => new URL(loc).pathname)).toEqual([
      expect.stringContaining('/published-story/'),
    ]);
    const lifted = await at('2024-05-02T12:00:00Z');
    expect(lifted.result.stats.stories).toBe(2);
    expect(JSON.parse(await lifted.text('stories.json')).stories.map((s: { title: string }) => s.title)).toEqual([
      'Embargoed story',
      'Published story',
    ]);
    const later = await at('2024-05-05T00:00:00Z');
    expect(later.result.stats.rendered).toBe(0);
    // No story of the last two days: robots.txt names no news sitemap (outputs.test.ts: none is written).
    expect(await later.text('robots.txt')).not.toContain('sitemap-news.xml');
    await removeDir(dir);
  });

  it('should take the shortcut while no input changed, the ledger the build wrote included, and only then', async () => {
    const dir = await tempSite({
      'articles/a.md': '---\ntitle: First story\ndate: 2024-05-01T12:00:00Z\n---\nx\n',
      'articles/notes.txt': 'an attachment',
      'public/about.txt': 'About us.',
    });
    const build = () => buildSite(dir, { ledger: 'published-urls.txt' }, { now: Date.parse('2024-05-02T00:00:00Z') });
    const shortcut = (built: Awaited<ReturnType<typeof build>>) =>
      built.result.timings.map(([name]) => name).at(-1) === 'up-to-date';
    // The first build writes the ledger; the digest it records has the ledger's new stat.
    expect(shortcut(await build())).toBe(false);
    expect(shortcut(await build())).toBe(true);
    for (const [rel, text] of [
      ['public/about.txt', 'About us, edited.'],
      ['articles/notes.txt', 'another attachment'],
      ['articles/a.md', '---\ntitle: First story, edited\ndate: 2024-05-01T12:00:00Z\n---\nx\n'],
    ]) {
      await writeFile(path.join(dir, rel!), text!);
      const changed = await build();
      expect(shortcut(changed), rel).toBe(false);
      expect(changed.result.stats.written, rel).toBeGreaterThan(0);
      expect(shortcut(await build()), rel).toBe(true);
    }
    // A public file removed, then the same name back as an article attachment.
    await rm(path.join(dir, 'public/about.txt'));
    expect(shortcut(await build())).toBe(false);
    await writeFile(path.join(dir, 'articles/about.txt'), 'About us.');
    expect(shortcut(await build())).toBe(false);
    expect(shortcut(await build())).toBe(true);
    await removeDir(dir);
  });
});

describe('pins and banners across builds', () => {
  it('should rebuild when a pin or banner ends or an embargo lifts, though no file changed, as a cold build would', async () => {
    const story = (title: string, date: string, extra = '') =>
      `---\ntitle: ${title}\ndate: ${date}\nsection: world\n${extra}---\n\nText of ${title}.\n`;
    const pictured = 'image:\n  src: https://example.org/picture.jpg\n  alt: A picture\n';
    const dir = await tempSite({
      'articles/old.md': story(
        'An old story pinned as lead',
        '2024-05-01T10:00:00Z',
        'pin:\n  to: lead\n  until: 2024-05-10T12:00:00Z\n',
      ),
      'articles/news.md': story(
        'Flood barrier closed',
        '2024-05-06T10:00:00Z',
        `${pictured}breaking:\n  until: 2024-05-10T18:00:00Z\n  text: Flood warning\n`,
      ),
      'articles/a.md': story('Council meets', '2024-05-05T10:00:00Z', pictured),
      'articles/b.md': story('Bakery opens', '2024-05-04T10:00:00Z'),
      'articles/c.md': story('Rowing title', '2024-05-03T10:00:00Z'),
      'articles/scheduled.md': story('Election result', '2024-05-11T00:00:00Z', 'pin: lead\n'),
    });
    const user = { url: 'https://example.org/', listings: { pageSize: 3 } };
    const warm = (iso: string) => buildSite(dir, user, { now: Date.parse(iso) });
    const coldAt = async (iso: string, warmOut: string) => {
      const coldDir = await tempSite({});
      await cp(path.join(dir, 'articles'), path.join(coldDir, 'articles'), { recursive: true });
      const cold = await buildSite(coldDir, user, { now: Date.parse(iso), cache: false });
      expect(cold.result.ok).toBe(true);
      await sameTrees(warmOut, cold.out);
      await removeDir(coldDir);
    };
    type Built = Awaited<ReturnType<typeof warm>>;
    const lead = async (built: Built) => toString(select('.lead-story h2', await built.page('index.html'))!);
    /** The banner's link on every page, one entry per page (undefined: no banner). */
    const banners = async (built: Built) => {
      const pages = (await built.files()).filter((f) => f.endsWith('.html'));
      return new Set(
        await Promise.all(
          pages.map(async (rel) => {
            const link = select('aside.breaking-news a', await built.page(rel));
            return link ? `${String(link.properties.href)} ${toString(link)}` : undefined;
          }),
        ),
      );
    };
    try {
      const first = await warm('2024-05-10T00:00:00Z');
      expect(first.result.ok).toBe(true);
      expect(await lead(first)).toBe('An old story pinned as lead');
      expect(await banners(first)).toEqual(new Set(['/2024/05/06/flood-barrier-closed/ Flood warning']));

      // Nothing changed and nothing ended: the shortcut.
      const same = await warm('2024-05-10T06:00:00Z');
      expect(same.result.timings.map(([name]) => name).at(-1)).toBe('up-to-date');

      // The pin ends: the newest story with a picture leads again.
      const unpinned = await warm('2024-05-10T12:00:00Z');
      expect(unpinned.result.timings.map(([name]) => name)).toContain('render');
      expect(await lead(unpinned)).toBe('Flood barrier closed');
      await coldAt('2024-05-10T12:00:00Z', unpinned.out);

      // The banner ends: gone from every page.
      const quiet = await warm('2024-05-10T18:00:00Z');
      expect(await banners(quiet)).toEqual(new Set([undefined]));
      await coldAt('2024-05-10T18:00:00Z', quiet.out);

      // The embargoed pinned story is published, and only now leads.
      const published = await warm('2024-05-11T00:00:00Z');
      expect(await lead(published)).toBe('Election result');
      await coldAt('2024-05-11T00:00:00Z', published.out);

      // A second lead pin, on an older story: the newer pinned lead still leads, with a warning.
      await writeFile(path.join(dir, 'articles/c.md'), story('Rowing title', '2024-05-03T10:00:00Z', 'pin: lead\n'));
      const two = await warm('2024-05-11T01:00:00Z');
      expect(await lead(two)).toBe('Election result');
      expect(two.result.diagnostics.map((d) => [d.rule, d.file])).toContainEqual([
        'pin-ignored',
        path.join('articles', 'c.md'),
      ]);
      const top = selectAll('.secondary .teaser h2', await two.page('index.html')).map((h) => toString(h));
      expect(top[0]).toBe('Rowing title');
      await coldAt('2024-05-11T01:00:00Z', two.out);
    } finally {
      await removeDir(dir);
    }
  });
});

describe('quick rebuilds (watch mode)', () => {
  it('should rebuild in-place edits from the last pages, byte-identical to a cold build, and fall back when a story moves', async () => {
    const rand = prng(7);
    const dir = await tempSite({});
    const articles = path.join(dir, 'articles');
    await mkdir(articles, { recursive: true });
    for (let n = 0; n < 24; n++) await writeFile(path.join(articles, `s${n}.md`), story(rand, n));
    const user = { url: 'https://example.org/news/', listings: { pageSize: 5 }, search: false, ledger: false as const };
    const { config } = resolveConfig(user, {
      root: dir,
      cwd: dir,
      overrides: { now: SAMPLE_NOW, layouts: SAMPLE_LAYOUTS },
    });
    const builder = createBuilder(config!, { cwd: dir, jobs: 1, quick: true });
    try {
      expect((await builder.build()).ok).toBe(true);
      const file = (n: number) => path.join(articles, `s${n}.md`);
      const change = async (n: number, edit: (text: string) => string) =>
        writeFile(file(n), edit(await readFile(file(n), 'utf8')));
      const steps: [name: string, edit: () => Promise<number[]>, quick: boolean][] = [
        ['body', async () => (await change(3, (t) => `${t}\nA new paragraph.\n`), [3]), true],
        [
          'dek and body of two stories',
          async () => (
            await change(4, (t) => t.replace('---\n\n', 'dek: A new standfirst\n---\n\nChanged. ')),
            await change(5, (t) => `${t}\nMore.\n`),
            [4, 5]
          ),
          true,
        ],
        [
          'title (a new slug: the story moves)',
          async () => (await change(6, (t) => t.replace(/^title: .*$/m, 'title: A wholly new headline')), [6]),
          false,
        ],
        ['tags', async () => (await change(7, (t) => t.replace(/^tags: .*$/m, 'tags: [courts]')), [7]), false],
        [
          'date',
          async () => (await change(8, (t) => t.replace(/^date: .*$/m, 'date: 2024-02-27T23:00:00Z')), [8]),
          false,
        ],
        ['an error', async () => (await change(9, (t) => t.replace(/^date: .*$/m, 'date: not a date')), [9]), false],
        [
          'the fix',
          async () => (await change(9, (t) => t.replace(/^date: .*$/m, 'date: 2024-02-03T10:00:00Z')), [9]),
          false,
        ],
        ['body again', async () => (await change(3, (t) => `${t}\nAnd another.\n`), [3]), true],
        [
          'a pin (the story moves to the lead)',
          async () => (await change(10, (t) => t.replace('---\n\n', 'pin: lead\n---\n\n')), [10]),
          false,
        ],
        [
          'a banner (every page shows it)',
          async () => (
            await change(11, (t) => t.replace('---\n\n', 'breaking:\n  until: 2027-01-01T00:00:00Z\n---\n\n')),
            [11]
          ),
          false,
        ],
        [
          "the banner's words",
          async () => (await change(11, (t) => t.replace('breaking:\n', 'breaking:\n  text: Words\n')), [11]),
          false,
        ],
        ['body of the pinned story', async () => (await change(10, (t) => `${t}\nPinned, edited.\n`), [10]), true],
      ];
      for (const [name, edit, quick] of steps) {
        const changed = await edit();
        const pages: string[][] = [];
        const result = await builder.build({
          articles: new Set(changed.map(file)),
          onPages: (paths) => pages.push([...paths]),
        });
        if (name === 'an error') {
          expect(result.ok, name).toBe(false);
          continue;
        }
        expect(result.ok, name).toBe(true);
        // A quick rebuild runs no discovery, and tells about the pages before feeds and sitemaps.
        expect(!result.timings.some(([stage]) => stage === 'discover'), name).toBe(quick);
        if (quick) {
          // The edited stories' own pages first, then the pages that list them.
          expect(pages.length).toBeGreaterThanOrEqual(1);
          expect(pages[0]!.every((p) => /^2024\/\d\d\/\d\d\/[^/]+\/index\.html$/.test(p))).toBe(true);
          expect(pages.flat().length).toBe(new Set(pages.flat()).size);
          expect(result.stats.rendered).toBeLessThan(result.stats.pages / 2);
        }
        const coldDir = await tempSite({});
        await cp(articles, path.join(coldDir, 'articles'), { recursive: true });
        const cold = await buildSite(coldDir, user, { cache: false });
        expect(cold.result.ok).toBe(true);
        await sameTrees(config!.out, cold.out);
        await removeDir(coldDir);
      }
    } finally {
      await builder.close();
      await removeDir(dir);
    }
  });
});

describe('compiled layouts', () => {
  it('should bundle the helpers the sample layouts use without the config schema and zod', async () => {
    // Each thread that renders imports the compiled layouts: what they take in is start-up time.
    const root = await tempSite({});
    try {
      const sources = Object.fromEntries(
        (Object.keys(LAYOUT_FILES) as LayoutName[]).map((name) => [name, layoutFile(SAMPLE_LAYOUTS, name)!]),
      );
      const compiled = await compileLayouts(SAMPLE_LAYOUTS, sources, root);
      expect('modules' in compiled).toBe(true);
      const [record] = JSON.parse(await readFile(path.join(root, 'index.json'), 'utf8')) as {
        inputs: [string, string][];
        externals: string[];
      }[];
      const inputs = record!.inputs.map(([file]) => path.relative(REPO, file));
      expect(inputs).toContain(path.join('src', 'render', 'metadata.ts'));
      expect(inputs).not.toContain(path.join('src', 'config', 'config.ts'));
      expect(record!.externals.filter((file) => file.includes(`${path.sep}zod${path.sep}`))).toEqual([]);
    } finally {
      await removeDir(root);
    }
  });

  it('should delete no folder its index names outside the cache, however the index was edited', async () => {
    const dir = await tempSite({ 'victim/keep.txt': 'keep me', 'cache/.keep': '' });
    try {
      const root = path.join(dir, 'cache');
      const dummy = (n: number) => ({
        dir: `${n}`.repeat(16),
        layoutsDir: '/nope',
        sources: {},
        inputs: [],
        externals: [],
        content: 'x',
      });
      // More records than are kept, the last naming a folder outside: the one a compile drops.
      const records = [1, 2, 3, 4, 5, 6].map(dummy).concat([{ ...dummy(7), dir: '../victim' }]);
      await writeFile(path.join(root, 'index.json'), JSON.stringify(records));
      const sources = Object.fromEntries(
        (Object.keys(LAYOUT_FILES) as LayoutName[]).map((name) => [name, layoutFile(SAMPLE_LAYOUTS, name)!]),
      );
      expect('modules' in (await compileLayouts(SAMPLE_LAYOUTS, sources, root))).toBe(true);
      expect(await readFile(path.join(dir, 'victim/keep.txt'), 'utf8')).toBe('keep me');
    } finally {
      await removeDir(dir);
    }
  });

  it('should re-render the pages when a module the layouts import from outside their folder changes', async () => {
    const page = (text: string) =>
      `import { label } from '../lib/label.ts';\nexport default () => ({ type: 'element', tagName: 'main', properties: {}, children: [{ type: 'text', value: label + ' ${text}' }] });\n`;
    const dir = await tempSite({
      'articles/a.md': '---\ntitle: A headline\ndate: 2024-01-02T10:00:00Z\n---\n\nBody.\n',
      'lib/label.ts': "export const label: string = 'first';\n",
      'layouts/story.tsx': page('story'),
      'layouts/front.tsx': page('front'),
      'layouts/listing.tsx': page('listing'),
      'layouts/404.tsx': page('404'),
      'layouts/search.tsx': page('search'),
    });
    try {
      const layouts = path.join(dir, 'layouts');
      const first = await buildSite(dir, {}, { layouts });
      expect(first.result.ok).toBe(true);
      expect(await first.text('index.html')).toContain('first front');
      await writeFile(path.join(dir, 'lib/label.ts'), "export const label: string = 'second';\n");
      const second = await buildSite(dir, {}, { layouts });
      expect(second.result.ok).toBe(true);
      expect(await second.text('index.html')).toContain('second front');
      const story = JSON.parse(await second.text('stories.json')).stories[0].path as string;
      expect(await second.text(`${story.slice(1)}index.html`)).toContain('second story');
    } finally {
      await removeDir(dir);
    }
  });
});

describe('a project moved to another folder', () => {
  it('should keep its pages: the layouts are the same wherever they sit', async () => {
    const page = (text: string) =>
      `export default () => ({ type: 'element', tagName: 'main', properties: {}, children: [{ type: 'text', value: '${text}' }] });\n`;
    const dir = await tempSite({
      'articles/a.md': '---\ntitle: A headline\ndate: 2024-01-02T10:00:00Z\n---\n\nBody.\n',
      'layouts/story.tsx': page('story'),
      'layouts/front.tsx': page('front'),
    });
    const moved = `${dir}-moved`;
    try {
      const first = await buildSite(dir, {}, { layouts: path.join(dir, 'layouts') });
      expect(first.result.ok).toBe(true);
      expect(first.result.stats.rendered).toBeGreaterThan(0);
      // As a CI workspace at another path, or a project moved on disk: the cache and output with it.
      await cp(dir, moved, { recursive: true });
      const again = await buildSite(moved, {}, { layouts: path.join(moved, 'layouts') });
      expect(again.result.ok).toBe(true);
      expect(again.result.stats.rendered).toBe(0);
      await sameTrees(first.out, again.out);
    } finally {
      await removeDir(dir);
      await removeDir(moved);
    }
  });
});

describe('caches of other versions', () => {
  it('should be removed by a build that saves its own, and nothing else beside them', async () => {
    const dir = await tempSite({
      'articles/a.md': '---\ntitle: A story\ndate: 2024-02-01T10:00:00Z\n---\n\nText.\n',
      '.broadsheet/cache/v1/build.json': '{}',
      [`.broadsheet/cache/v${CACHE_VERSION + 1}/build.json`]: '{}',
      '.broadsheet/cache/notes/keep.txt': 'kept',
      '.broadsheet/cache/v2-backup/keep.txt': 'kept',
    });
    try {
      expect((await buildSite(dir)).result.ok).toBe(true);
      expect((await readdir(path.join(dir, '.broadsheet', 'cache'))).sort()).toEqual(
        ['notes', `v${CACHE_VERSION}`, 'v2-backup'].sort(),
      );
    } finally {
      await removeDir(dir);
    }
  });
});

describe('a cache restored into another checkout', () => {
  it('should be used there, with or without the output, and give what a cold build gives', async () => {
    const rand = prng(9);
    /** A project of its own, as a checkout has it: sources, layouts, Broadsheet installed. */
    const checkout = async (from?: string) => {
      const dir = await tempSite({});
      await mkdir(path.join(dir, 'node_modules'));
      await symlink(REPO, path.join(dir, 'node_modules', 'broadsheet'));
      // Copied anew, as a clone writes them: other inodes and file times, another path.
      if (from)
        for (const part of ['articles', 'layouts', 'authors.yaml'])
          await cp(path.join(from, part), path.join(dir, part), { recursive: true });
      return dir;
    };
    const first = await checkout();
    const dirs = [first];
    try {
      await cp(SAMPLE_LAYOUTS, path.join(first, 'layouts'), { recursive: true });
      const articles = path.join(first, 'articles');
      await mkdir(path.join(articles, 'images'), { recursive: true });
      await writeFile(path.join(articles, 'images', 'a.png'), await swatch(1));
      for (let n = 0; n < 14; n++) await writeFile(path.join(articles, `s${n}.md`), story(rand, n));
      await writeFile(
        path.join(articles, 'pictured.md'),
        '---\ntitle: A pictured story\ndate: 2024-02-03T10:00:00Z\nimage:\n  src: images/a.png\n  alt: A picture\n---\n\nText.\n',
      );
      await writeFile(path.join(first, 'authors.yaml'), 'Ana Ruiz:\n  bio: Reporter.\n');
      const user = { url: 'https://example.org/', layouts: 'layouts', listings: { pageSize: 4 } };
      const built = await buildSite(first, user, { layouts: path.join(first, 'layouts') });
      expect(built.result.ok).toBe(true);
      const saved = await checkout();
      dirs.push(saved);
      await cp(path.join(first, '.broadsheet'), path.join(saved, '.broadsheet'), { recursive: true });
      await cp(path.join(first, 'dist'), path.join(saved, 'dist'), { recursive: true });
      const sources = await checkout(first);
      dirs.push(sources);
      // The first checkout is gone before the others build: nothing may point into it.
      await removeDir(first);

      const cold = await checkout(sources);
      dirs.push(cold);
      const expected = await buildSite(cold, user, { layouts: path.join(cold, 'layouts'), cache: false });
      expect(expected.result.ok).toBe(true);
      for (const withOutput of [false, true]) {
        const dir = await checkout(sources);
        dirs.push(dir);
        await cp(path.join(saved, '.broadsheet'), path.join(dir, '.broadsheet'), { recursive: true });
        if (withOutput) await cp(path.join(saved, 'dist'), path.join(dir, 'dist'), { recursive: true });
        const bodies = path.join(dir, '.broadsheet', 'cache', `v${CACHE_VERSION}`, 'bodies');
        /** Each body pack with its inode: a story parsed again writes its pack anew. */
        const packs = async () =>
          Promise.all(
            (await readdir(bodies)).sort().map(async (file) => `${file} ${(await stat(path.join(bodies, file))).ino}`),
          );
        const before = await packs();
        const warm = await buildSite(dir, user, { layouts: path.join(dir, 'layouts') });
        expect(warm.result.ok, JSON.stringify(warm.result.diagnostics)).toBe(true);
        // Every story hashed to what the cache holds: none was parsed again.
        expect(await packs(), `with output: ${withOutput}`).toEqual(before);
        // With the output restored too, nothing is written: the pages there are the pages.
        if (withOutput) expect(warm.result.stats.written, 'files written beside a restored output').toBe(0);
        else expect(warm.result.stats.written, 'files written into an empty output').toBe(warm.result.stats.files);
        await sameTrees(warm.out, expected.out);
      }
    } finally {
      for (const dir of dirs) await removeDir(dir);
    }
  });
});
