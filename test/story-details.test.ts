import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDate } from '../src/content/dates.ts';
import { DETAIL_KEYS, type StoryCore, type StorySummary } from '../src/content/story.ts';
import { cacheFile, cacheFolder } from '../src/incremental/cache.ts';
import { StoryDetailsReader, storeDetails } from '../src/incremental/story-details.ts';
import { article, buildSite, removeDir, tempSite } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const date = (iso: string) => parseDate(iso, 'UTC')!;

/** A summary with every field set, nested and non-ASCII values among them. */
function summary(n: number): StorySummary {
  return {
    id: `2024/story-${n}.md`,
    hash: `hash-${n}`,
    slug: `story-${n}`,
    derivedSlug: n % 2 === 0,
    url: `/2024/03/0${n}/story-${n}/`,
    title: `Headline ${n}: «Zürich» & <b>`,
    dek: n % 3 === 0 ? undefined : `The dek of story ${n}, “quoted”.`,
    kicker: 'Analysis',
    date: date(`2024-03-0${n}T10:00:00+01:00`),
    updated: n % 2 ? date(`2024-03-0${n}T12:00:00Z`) : undefined,
    authors: [{ name: 'Ana Ruiz', role: 'Correspondent' }],
    source: 'Associated Press',
    dateline: 'MOSCOW',
    section: 'world',
    sectionName: 'World',
    tags: ['energy', 'Énergie'],
    image: {
      src: `/_photos/${n}.jpg`,
      alt: 'A picture',
      caption: 'A caption',
      credit: 'Photographer/AP',
      width: 1200,
      height: 800,
      focus: { x: 0.25, y: 0.75 },
      pictures: {
        lead: {
          slot: 'lead',
          sizes: '100vw',
          width: 1200,
          height: 800,
          files: [{ format: 'avif', width: 1200, height: 800, name: `${n}-1200.avif` }],
        },
      },
    } as StorySummary['image'],
    gallery: n === 1 ? [{ src: '/_photos/g.jpg', alt: 'Gallery' }] : [],
    bodyImage: undefined,
    draft: false,
    canonical: n === 2 ? 'https://example.com/elsewhere/' : undefined,
    aliases: n === 3 ? ['/old/'] : [],
    corrections: [{ date: date('2024-03-10T00:00:00Z'), text: 'An earlier version misspelt a name.' }],
    lang: n === 2 ? 'ar' : 'en',
    dir: n === 2 ? 'rtl' : 'ltr',
    wordCount: 100 * n,
    readingMinutes: n,
    excerpt: `Excerpt ${n} — with a dash.`,
    pin: n === 1 ? { to: 'lead' } : undefined,
    breaking: undefined,
    data: { series: { name: 'Elections', part: n }, flags: [true, null] },
    storyId: n === 3 ? 'abc' : undefined,
  };
}

async function cacheDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-details-test-'));
  dirs.push(dir);
  return dir;
}

describe("stories' details kept apart from their cores", () => {
  it('should give back each summary whole, read alone or a pack at a time', async () => {
    const dir = await cacheDir();
    const whole = [1, 2, 3, 4].map(summary);
    const cores = storeDetails(dir, whole);
    for (const core of cores) {
      expect(core.details).toBeDefined();
      for (const key of DETAIL_KEYS) expect(key in core).toBe(false);
    }
    // Read back one by one, by a reader of a later build.
    const alone = new StoryDetailsReader(dir);
    expect(cores.map(alone.full)).toEqual(whole);
    // A pack at a time, for some of its stories, then the rest on demand.
    const ahead = new StoryDetailsReader(dir);
    ahead.prefetch([cores[3]!, cores[1]!]);
    expect(cores.map(ahead.full)).toEqual(whole);
    // Made once: every page listing a story gets the same object.
    expect(ahead.full(cores[3]!)).toBe(ahead.full(cores[3]!));
    for (const story of cores.map(ahead.full)) expect('details' in story).toBe(false);
  });

  it('should keep what the select stage changed in a core and take the rest from the details', async () => {
    const dir = await cacheDir();
    const [core] = storeDetails(dir, [summary(1)]);
    const moved: StoryCore = {
      ...core!,
      url: '/moved/',
      slug: 'moved',
      hash: 'moved-hash',
      aliases: ['/2024/03/01/story-1/'],
    };
    expect(new StoryDetailsReader(dir).full(moved)).toEqual({
      ...summary(1),
      url: '/moved/',
      slug: 'moved',
      hash: 'moved-hash',
      aliases: ['/2024/03/01/story-1/'],
    });
  });

  it('should give a whole summary back as it is', async () => {
    const reader = new StoryDetailsReader(await cacheDir());
    const whole = summary(2);
    expect(reader.full(whole)).toBe(whole);
  });

  it("should keep only the cores in the cache's entries", async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: 'First story', dek: 'Its dek.', date: '2024-03-01T10:00:00Z' }),
      'articles/b.md': article({ title: 'Second story', date: '2024-03-02T10:00:00Z' }, 'A first paragraph.'),
    });
    dirs.push(dir);
    await buildSite(dir);
    const lines = (await readFile(cacheFile(cacheFolder(dir)), 'utf8')).trim().split('\n').slice(4);
    const cores = lines.map((line) => (JSON.parse(line) as [string, { loaded: { summary: StoryCore } }])[1]);
    expect(cores.map((e) => e.loaded.summary.id).sort()).toEqual(['a.md', 'b.md']);
    const reader = new StoryDetailsReader(cacheFolder(dir));
    for (const { loaded } of cores) {
      for (const key of DETAIL_KEYS) expect(key in loaded.summary).toBe(false);
      expect(reader.full(loaded.summary).title).toBe(loaded.summary.id === 'a.md' ? 'First story' : 'Second story');
    }
    expect(reader.full(cores.find((e) => e.loaded.summary.id === 'b.md')!.loaded.summary).excerpt).toBe(
      'A first paragraph.',
    );
  });
});
