import { cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBuilder, type Builder } from '../src/pipeline/builder.ts';
import { resolveConfig } from '../src/config/config.ts';
import { buildSite, cli, listFiles, prng, REPO, removeDir, SAMPLE_LAYOUTS, tempSite } from './helpers.ts';
import { sha256 } from '../src/util/hash.ts';
import { swatch } from './photo-images.ts';

/**
 * Randomized edit sequences, each followed by an incremental build that must equal a cold
 * build of the same sources byte for byte. Two seeds run in the suite; when hunting a bug,
 * FUZZ_SEEDS=1-200 runs a range, FUZZ_STEPS=N sets the steps per sequence (10) and
 * FUZZ_DEBUG=1 prints the manifest entries that differ.
 */

const SECTIONS = ['world', 'sport', 'culture', 'business'];
const TAGS = ['elections', 'energy', 'football', 'film', 'courts', 'C', 'C++', 'Énergie'];
const AUTHORS = ['Ana Ruiz', 'Ben Okoro', 'Associated Press', 'Chen Wei'];
const IMAGES = ['a.png', 'b.png', 'c.png'];
const NOW = Date.parse('2024-03-10T12:00:00Z');

interface Fields {
  title: string;
  dek?: string | undefined;
  slug?: string | undefined;
  date: string;
  updated?: string | undefined;
  section: string;
  tags: string[];
  authors: string[];
  draft: boolean;
  image?: string | undefined;
  body: string;
  aliases: string[];
  gallery: string[];
  corrections: string[];
  kicker?: string | undefined;
  dateline?: string | undefined;
  source?: string | undefined;
  lang?: string | undefined;
  canonical?: string | undefined;
  /** A picture placed in the body with Markdown image syntax. */
  bodyPicture?: string | undefined;
}

function render(f: Fields): string {
  return [
    '---',
    `title: ${JSON.stringify(f.title)}`,
    ...(f.dek ? [`dek: ${JSON.stringify(f.dek)}`] : []),
    ...(f.slug ? [`slug: ${f.slug}`] : []),
    `date: ${f.date}`,
    ...(f.updated ? [`updated: ${f.updated}`] : []),
    `section: ${f.section}`,
    `tags: ${JSON.stringify(f.tags)}`,
    `authors: ${JSON.stringify(f.authors)}`,
    ...(f.draft ? ['draft: true'] : []),
    ...(f.image ? ['image:', `  src: images/${f.image}`, '  alt: A picture', '  credit: Photographer/AP'] : []),
    ...(f.aliases.length ? [`aliases: ${JSON.stringify(f.aliases)}`] : []),
    ...(f.gallery.length
      ? [
          'gallery:',
          ...f.gallery.flatMap((g, i) => [
            `  - src: images/${g}`,
            `    alt: Gallery picture ${i}`,
            `    caption: Caption ${i}`,
          ]),
        ]
      : []),
    ...(f.corrections.length
      ? [
          'corrections:',
          ...f.corrections.flatMap((text, i) => [
            `  - date: 2024-03-${String(11 + i).padStart(2, '0')}`,
            `    text: ${JSON.stringify(text)}`,
          ]),
        ]
      : []),
    ...(f.kicker ? [`kicker: ${JSON.stringify(f.kicker)}`] : []),
    ...(f.dateline ? [`dateline: ${JSON.stringify(f.dateline)}`] : []),
    ...(f.source ? [`source: ${JSON.stringify(f.source)}`] : []),
    ...(f.lang ? [`lang: ${f.lang}`] : []),
    ...(f.canonical ? [`canonical: ${f.canonical}`] : []),
    '---',
    '',
    f.body,
    ...(f.bodyPicture ? ['', `![A picture in the text](images/${f.bodyPicture})`] : []),
    '',
  ].join('\n');
}

function sequence(seed: number) {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const some = <T>(list: readonly T[]): T[] => [...new Set([pick(list), pick(list)])];
  const date = () => {
    // Mostly past, sometimes after the build's clock (embargoed until the clock moves).
    const day = 1 + Math.floor(rand() * 16);
    return `2024-03-${String(day).padStart(2, '0')}T${String(Math.floor(rand() * 24)).padStart(2, '0')}:${pick(['00', '30'])}:00${pick(['Z', '+02:00', '-05:00'])}`;
  };
  const fields = (n: number): Fields => ({
    title: `Story ${n} on ${pick(TAGS)}`,
    date: date(),
    section: pick(SECTIONS),
    tags: some(TAGS),
    authors: some(AUTHORS),
    draft: rand() < 0.1,
    ...(rand() < 0.5 ? { image: pick(IMAGES) } : {}),
    body: `Paragraph one of story ${n}. ${'Words here. '.repeat(1 + Math.floor(rand() * 30))}\n\n## A heading\n\nMore [text](https://example.com/${n}).`,
    aliases: rand() < 0.15 ? [`/old/${n}/`] : [],
    gallery: [],
    corrections: [],
  });
  return { rand, pick, some, fields, date };
}

/** Every file of a folder with a digest of its bytes. */
async function treeDigest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of await listFiles(dir)) out[rel] = sha256(await readFile(path.join(dir, rel)));
  return out;
}

async function sameTrees(a: string, b: string, step: string) {
  const files = await listFiles(a);
  expect(await listFiles(b), step).toEqual(files);
  for (const rel of files) {
    const [x, y] = await Promise.all([readFile(path.join(a, rel)), readFile(path.join(b, rel))]);
    if (!x.equals(y) && rel.endsWith('.json') && process.env.FUZZ_DEBUG) {
      const [p, q] = [JSON.parse(x.toString()), JSON.parse(y.toString())];
      for (const k of Object.keys(p.files ?? {}))
        if (JSON.stringify(p.files[k]) !== JSON.stringify(q.files?.[k])) console.log(step, k, p.files[k], q.files?.[k]);
    }
    expect(x.equals(y), `${step}: ${rel}`).toBe(true);
  }
}

/**
 * `cli`: a new build each step, as `broadsheet build` runs. `watch`: one long-lived builder
 * told which articles changed, as `broadsheet dev` drives it (quick rebuilds included); a
 * config change starts a new builder, as dev does, and the clock stands still. Odd seeds
 * run dev's builder on two worker threads.
 */
async function run(seed: number, steps: number, mode: 'cli' | 'watch') {
  const { rand, pick, some, fields } = sequence(seed);
  const dir = await tempSite({});
  let builder: Builder | undefined;
  /** Article files written, renamed or deleted since the last build (what dev's watcher reports). */
  const touched = new Set<string>();
  let others = false;
  try {
    await cp(SAMPLE_LAYOUTS, path.join(dir, 'layouts'), { recursive: true });
    await mkdir(path.join(dir, 'node_modules'));
    await symlink(REPO, path.join(dir, 'node_modules', 'broadsheet'));
    const articles = path.join(dir, 'articles');
    // A picture's path is read from its article's folder: stories move into sub/ and out.
    for (const folder of ['images', 'sub/images']) {
      await mkdir(path.join(articles, folder), { recursive: true });
      for (const [i, name] of IMAGES.entries()) await writeFile(path.join(articles, folder, name), await swatch(i));
    }
    const stories = new Map<string, Fields>();
    let next = 0;
    const write = (name: string) => {
      touched.add(path.join(articles, name));
      return writeFile(path.join(articles, name), render(stories.get(name)!));
    };
    for (; next < 12; next++) {
      stories.set(`s${next}.md`, fields(next));
      await write(`s${next}.md`);
    }
    const settings = {
      pageSize: 3,
      title: 'Fuzz Times',
      timeZone: 'UTC',
      now: NOW,
      permalink: '/:yyyy/:mm/:dd/:slug/',
      language: 'en',
      feedContent: 'full' as 'full' | 'summary',
      latest: 20,
      gfm: false,
      sections: [] as { id: string; name: string }[],
    };
    const user = () => ({
      url: 'https://example.org/',
      title: settings.title,
      timeZone: settings.timeZone,
      permalink: settings.permalink,
      language: settings.language,
      sections: settings.sections,
      feeds: { content: settings.feedContent },
      frontPage: { latest: settings.latest },
      markdown: { gfm: settings.gfm },
      layouts: 'layouts',
      listings: { pageSize: settings.pageSize },
    });
    const layouts = path.join(dir, 'layouts');
    /**
     * A layout imported once stays imported in this process, partials and all; after a
     * layout edit, builds that stand for a fresh `broadsheet build` run as one.
     */
    let layoutsEdited = false;
    const build = async (
      target: string,
      cache: boolean,
    ): Promise<{ ok: boolean; diagnostics: readonly { severity: string; message?: string }[]; out: string }> => {
      if (!layoutsEdited) {
        const { result, out } = await buildSite(target, user(), { layouts, cache, now: settings.now });
        return { ok: result.ok, diagnostics: result.diagnostics, out };
      }
      await writeFile(
        path.join(target, 'broadsheet.config.json'),
        // Without the URL ledger, as buildSite() builds: the cold build has none to keep.
        JSON.stringify({ articles: 'articles', search: false, ledger: false, ...user() }),
      );
      const args = [
        'build',
        '--layouts',
        layouts,
        '--now',
        new Date(settings.now).toISOString(),
        '--quiet',
        '--jobs',
        '1',
        ...(cache ? [] : ['--no-cache']),
      ];
      const { code, stderr } = await cli(args, target);
      return {
        ok: code === 0,
        diagnostics: code === 0 ? [] : [{ severity: 'error', message: stderr }],
        out: path.join(target, 'dist'),
      };
    };
    const newBuilder = () => {
      const { config } = resolveConfig(
        { articles: 'articles', search: false, ledger: false, ...user() },
        { root: dir, cwd: dir, overrides: { now: settings.now, layouts } },
      );
      return createBuilder(config!, {
        cwd: dir,
        isolateLayouts: true,
        refreshSearch: false,
        quick: true,
        jobs: 1 + (seed % 2),
      });
    };
    const warmBuild = async () => {
      if (mode === 'cli') return build(dir, true);
      builder ??= newBuilder();
      const hint = others ? undefined : { articles: new Set(touched) };
      touched.clear();
      others = false;
      return builder.build(hint);
    };
    expect((await warmBuild()).ok).toBe(true);

    const anyStory = () => pick([...stories.keys()]);
    /** A story's fields before its last edit, for `undo`. */
    const earlier = new Map<string, Fields>();
    const change = async (mutate: (f: Fields) => void) => {
      if (stories.size === 0) return;
      const name = anyStory();
      if (!earlier.has(name)) earlier.set(name, structuredClone(stories.get(name)!));
      mutate(stories.get(name)!);
      await write(name);
    };
    const edits: Record<string, () => Promise<void>> = {
      add: async () => {
        const name = rand() < 0.3 ? `sub/s${next}.md` : `s${next}.md`;
        await mkdir(path.dirname(path.join(articles, name)), { recursive: true });
        stories.set(name, fields(next++));
        await write(name);
      },
      body: () => change((f) => (f.body += `\n\nAn added paragraph ${Math.floor(rand() * 1000)}.`)),
      // What listings show of a story, changed without moving it.
      dek: () => change((f) => (f.dek = f.dek ? undefined : `A standfirst, version ${next++}.`)),
      lead: () => change((f) => (f.body = `A new first paragraph ${next++}.\n\n${f.body}`)),
      retitle: () =>
        change((f) => {
          f.slug ??= `kept-${next++}`;
          f.title = `Headline ${next++} on ${pick(TAGS)}`;
        }),
      title: () => change((f) => (f.title = `Retitled ${next++} on ${pick(TAGS)}`)),
      slug: () => change((f) => (f.slug = f.slug ? undefined : `fixed-${next++}`)),
      date: () => change((f) => (f.date = sequence(seed + next++).date())),
      updated: () => change((f) => (f.updated = f.updated ? undefined : '2024-03-20T09:00:00Z')),
      tags: () => change((f) => (f.tags = rand() < 0.2 ? [] : [pick(TAGS)])),
      section: () => change((f) => (f.section = pick(SECTIONS))),
      authors: () => change((f) => (f.authors = [pick(AUTHORS)])),
      draft: () => change((f) => (f.draft = !f.draft)),
      image: () => change((f) => (f.image = f.image ? undefined : pick(IMAGES))),
      alias: () => change((f) => (f.aliases = f.aliases.length ? [] : [`/moved/${next++}/`])),
      // Same-title stories on one day derive one URL: which keeps it, and which gets "-2",
      // must not depend on what was cached.
      collide: () =>
        change((f) => {
          f.slug = undefined;
          f.title = 'Shared headline';
          f.date = pick(['2024-03-05T08:00:00Z', '2024-03-05T12:00:00Z', '2024-03-05T16:30:00+02:00']);
        }),
      gallery: () => change((f) => (f.gallery = f.gallery.length ? [] : some(IMAGES))),
      correction: () =>
        change((f) => (f.corrections = rand() < 0.3 ? [] : [...f.corrections, `Corrected fact ${next++}.`])),
      furniture: () =>
        change((f) => {
          const which = pick(['kicker', 'dateline', 'source', 'lang', 'canonical'] as const);
          if (which === 'kicker') f.kicker = f.kicker ? undefined : `Analysis ${next++}`;
          if (which === 'dateline') f.dateline = f.dateline ? undefined : pick(['KYIV, Ukraine', 'LIMA, Peru']);
          if (which === 'source') f.source = f.source ? undefined : 'Associated Press';
          if (which === 'lang') f.lang = f.lang ? undefined : pick(['fr', 'he']);
          if (which === 'canonical') f.canonical = f.canonical ? undefined : `https://wire.example.com/${next++}`;
        }),
      bodyPicture: () => change((f) => (f.bodyPicture = f.bodyPicture ? undefined : pick(IMAGES))),
      // An invalid article fails its build and leaves the output as it was; fixed, builds go on.
      broken: async () => {
        if (stories.size === 0) return;
        const name = anyStory();
        const before = await treeDigest(path.join(dir, 'dist'));
        const good = render(stories.get(name)!);
        touched.add(path.join(articles, name));
        await writeFile(path.join(articles, name), good.replace(/^date: .*$/m, 'date: not a date'));
        const failed = await warmBuild();
        expect(failed.ok, `seed ${seed}: a build with a broken article`).toBe(false);
        expect(await treeDigest(path.join(dir, 'dist')), `seed ${seed}: output after a failed build`).toEqual(before);
        await write(name);
      },
      rename: async () => {
        if (stories.size === 0) return;
        const from = anyStory();
        const to = `renamed-${next++}.md`;
        await rename(path.join(articles, from), path.join(articles, to));
        touched.add(path.join(articles, from)).add(path.join(articles, to));
        stories.set(to, stories.get(from)!);
        stories.delete(from);
      },
      delete: async () => {
        if (stories.size <= 1) return;
        const name = anyStory();
        await rm(path.join(articles, name));
        touched.add(path.join(articles, name));
        stories.delete(name);
      },
      picture: async () => {
        others = true;
        // The same file name with new bytes: the photo files, and the pages showing them, change.
        await writeFile(path.join(articles, 'images', pick(IMAGES)), await swatch(100 + next++));
      },
      profiles: async () => {
        others = true;
        const file = path.join(dir, 'authors.yaml');
        if (rand() < 0.3) await rm(file, { force: true });
        else await writeFile(file, `${pick(AUTHORS)}:\n  bio: Reporter number ${next++}.\n`);
      },
      layout: async () => {
        others = true;
        layoutsEdited = true;
        const file = path.join(layouts, 'parts.tsx');
        const text = await readFile(file, 'utf8');
        await writeFile(
          file,
          text.replace(/class="excerpt"|class="excerpt standfirst"/, (m) =>
            m === 'class="excerpt"' ? 'class="excerpt standfirst"' : 'class="excerpt"',
          ),
        );
      },
      stylesheet: async () => {
        others = true;
        await writeFile(
          path.join(layouts, 'assets', 'style.css'),
          `${await readFile(path.join(layouts, 'assets', 'style.css'), 'utf8')}\n/* ${next++} */\n`,
        );
      },
      publicFile: async () => {
        others = true;
        await mkdir(path.join(dir, 'public'), { recursive: true });
        await writeFile(path.join(dir, 'public', 'robots-extra.txt'), `note ${next++}\n`);
      },
      config: async () => {
        await builder?.close();
        builder = undefined;
        const which = pick([
          'pageSize',
          'title',
          'timeZone',
          'permalink',
          'language',
          'feeds',
          'latest',
          'gfm',
          'sections',
        ]);
        if (which === 'language') settings.language = settings.language === 'en' ? 'en-GB' : 'en';
        if (which === 'feeds') settings.feedContent = settings.feedContent === 'full' ? 'summary' : 'full';
        if (which === 'latest') settings.latest = settings.latest === 20 ? 2 : 20;
        if (which === 'gfm') settings.gfm = !settings.gfm;
        // Named sections: every story's section must be one of them, so all four always are.
        if (which === 'sections')
          settings.sections = settings.sections.length
            ? []
            : SECTIONS.map((id) => ({ id, name: `The ${id} desk ${next++}` }));
        if (which === 'pageSize') settings.pageSize = settings.pageSize === 3 ? 4 : 3;
        if (which === 'title') settings.title = `Fuzz Times ${next++}`;
        if (which === 'timeZone') settings.timeZone = settings.timeZone === 'UTC' ? 'America/New_York' : 'UTC';
        // Section URLs make two stories of one section with one slug collide across days.
        if (which === 'permalink')
          settings.permalink = settings.permalink === '/:section/:slug/' ? '/:yyyy/:mm/:dd/:slug/' : '/:section/:slug/';
      },
      clock: async () => {
        if (mode === 'watch') return; // dev keeps the clock it started with
        // Time passes: embargoes lift, the news sitemap's window moves.
        settings.now += Math.floor(rand() * 4) * 24 * 3600 * 1000;
      },
      // The same bytes written again: a new modification time, nothing else.
      touch: async () => {
        if (stories.size === 0) return;
        await write(anyStory());
      },
      // A story as it was a few edits ago: its bytes are what an earlier build loaded.
      undo: async () => {
        const name = [...earlier.keys()].find((n) => stories.has(n));
        if (!name) return;
        stories.set(name, earlier.get(name)!);
        earlier.delete(name);
        await write(name);
      },
      // A second file with a story's text: one body, two stories, two URLs. Without its
      // old URLs (aliases): two stories claiming one fail the build (units.test.ts).
      duplicate: async () => {
        if (stories.size === 0) return;
        const name = `copy-${next++}.md`;
        stories.set(name, { ...structuredClone(stories.get(anyStory())!), aliases: [] });
        await write(name);
      },
      // A file beside the articles that is no article: copied as it is, deleted with it.
      attachment: async () => {
        others = true;
        const docs = path.join(articles, 'docs');
        const present = await readdir(docs).catch(() => [] as string[]);
        if (present.length && rand() < 0.5) await rm(path.join(docs, pick(present)));
        else {
          await mkdir(docs, { recursive: true });
          await writeFile(path.join(docs, `report-${next++}.pdf`), `%PDF-1.4 report ${next}\n`);
        }
      },
      // A story moved into or out of a subfolder; its URL comes from its front matter, not its path.
      move: async () => {
        if (stories.size === 0) return;
        const from = anyStory();
        const to = from.startsWith('sub/') ? `moved-${next++}.md` : `sub/moved-${next++}.md`;
        await mkdir(path.dirname(path.join(articles, to)), { recursive: true });
        await rename(path.join(articles, from), path.join(articles, to));
        touched.add(path.join(articles, from)).add(path.join(articles, to));
        stories.set(to, stories.get(from)!);
        stories.delete(from);
      },
      nothing: async () => {},
    };
    const kinds = Object.keys(edits);
    for (let step = 0; step < steps; step++) {
      // One to three edits between builds; a quarter of the steps only publish new
      // stories, as a newsroom does all day (the rebuild then keeps most pages undescribed).
      const done: string[] = [];
      const publishing = rand() < 0.25;
      for (let k = 1 + Math.floor(rand() * (publishing ? 2 : 3)); k > 0; k--) {
        const kind = publishing ? 'add' : pick(kinds);
        done.push(kind);
        await edits[kind]!();
      }
      const label = `seed ${seed} step ${step} (${done.join(', ')})`;
      const warm = await warmBuild();
      expect(warm.ok, `${label}: ${JSON.stringify(warm.diagnostics.filter((d) => d.severity === 'error'))}`).toBe(true);
      const coldDir = await tempSite({});
      try {
        await cp(articles, path.join(coldDir, 'articles'), { recursive: true });
        for (const extra of ['authors.yaml', 'public']) {
          await cp(path.join(dir, extra), path.join(coldDir, extra), { recursive: true }).catch(() => undefined);
        }
        const cold = await build(coldDir, false);
        expect(cold.ok, label).toBe(true);
        await sameTrees(path.join(dir, 'dist'), cold.out, label);
      } finally {
        await removeDir(coldDir);
      }
    }
  } finally {
    await builder?.close();
    await removeDir(dir);
  }
}

const seeds = (() => {
  const range = process.env.FUZZ_SEEDS?.match(/^(\d+)-(\d+)$/);
  if (!range) return [7, 1234];
  const out: number[] = [];
  for (let s = Number(range[1]); s <= Number(range[2]); s++) out.push(s);
  return out;
})();

describe('incremental builds on random edit sequences', () => {
  const steps = Number(process.env.FUZZ_STEPS ?? 10);
  for (const seed of seeds) {
    it(`should equal a cold build after every step of a build (seed ${seed})`, () => run(seed, steps, 'cli'), 600_000);
    it(
      `should equal a cold build after every rebuild in watch mode (seed ${seed})`,
      () => run(seed, steps, 'watch'),
      600_000,
    );
  }
});
