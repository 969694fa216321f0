import { describe, expect, it } from 'vitest';
import { resolveConfig, type UserConfig } from '../src/config/config.ts';
import { parseDate } from '../src/content/dates.ts';
import type { StorySummary } from '../src/content/story.ts';
import { pageKey } from '../src/incremental/page-key.ts';
import type { LayoutJob } from '../src/routes/route.ts';
import { chooseFront, chooseLead, frontRoute } from '../src/routes/front.ts';
import { buildSiteIndex } from '../src/site/site-index.ts';
import { createSite } from '../src/render/site.ts';

const NOW = Date.parse('2024-02-01T00:00:00Z');

/** A story of day `day` of January 2024 (a later day is newer), with a picture when `pictured`. */
function story(
  n: number,
  options: { day?: number; section?: string; pictured?: boolean; pin?: 'lead' | 'top' } = {},
): StorySummary {
  const day = options.day ?? n;
  return {
    id: `s${n}.md`,
    hash: `h${n}`,
    slug: `s${n}`,
    derivedSlug: false,
    url: `/s/${n}/`,
    title: `Story ${n}`,
    date: parseDate(`2024-01-${String(day).padStart(2, '0')}T10:00:00Z`, 'UTC')!,
    authors: [],
    section: options.section,
    tags: [],
    image: options.pictured ? { src: `/img/${n}.jpg`, alt: `Picture ${n}` } : undefined,
    gallery: [],
    draft: false,
    aliases: [],
    corrections: [],
    lang: 'en',
    dir: 'ltr',
    wordCount: 1,
    readingMinutes: 1,
    excerpt: '',
    pin: options.pin ? { to: options.pin } : undefined,
    data: {},
  };
}

/** The front page's job for these stories (newest first, as the index keeps them). */
function front(stories: StorySummary[], user: UserConfig = {}): LayoutJob<'front'> {
  const { config } = resolveConfig(
    {
      url: 'https://example.org/',
      sections: [
        { id: 'world', name: 'World' },
        { id: 'sport', name: 'Sport' },
        { id: 'culture', name: 'Culture' },
      ],
      ...user,
    },
    { root: '/tmp', overrides: { now: NOW } },
  );
  const index = buildSiteIndex(stories, config!, new Map(), (s) => s.id);
  const site = createSite({
    config: config!,
    assets: {},
    tagSlugs: {},
    authorSlugs: {},
    sectionsWithStories: [...index.sections.keys()],
    search: false,
  });
  const jobs = [
    ...frontRoute({
      index,
      site,
      config: config!,
      bodies: async () => new Map(),
      full: (s) => s as StorySummary,
      pictured: (s) => (s as StorySummary).image !== undefined,
      fileSize: () => undefined,
      retired: [],
      vanished: [],
    }),
  ];
  expect(jobs).toHaveLength(1);
  return jobs[0] as LayoutJob<'front'>;
}

/** Every story the page shows, in page order. */
const shown = (job: LayoutJob<'front'>) => {
  const { lead, secondary, sections, latest } = job.props;
  return [lead, ...secondary, ...sections.flatMap((s) => [s.top, ...s.stories]), ...latest].map((s) => s!.id);
};

describe('the front page', () => {
  it('should lead with the newest story that has a picture, not the newest story', () => {
    const job = front([story(5), story(4), story(3, { pictured: true }), story(2, { pictured: true }), story(1)]);
    expect(job.props.lead?.id).toBe('s3.md');
    expect(job.props.secondary.map((s) => s.id)).toEqual(['s5.md', 's4.md', 's2.md', 's1.md']);
  });

  it('should lead with the newest story when none of the newest has a picture', () => {
    const stories = [story(12), story(11), story(10), story(9), story(1, { pictured: true })];
    expect(front(stories, { frontPage: { leadCandidates: 4 } }).props.lead?.id).toBe('s12.md');
    expect(front(stories, { frontPage: { leadCandidates: 5 } }).props.lead?.id).toBe('s1.md');
    expect(chooseLead([], 10, () => true)).toBeUndefined();
  });

  it('should show every story at most once and list exactly the stories it shows', () => {
    const stories = [
      story(20, { section: 'world' }),
      story(19, { section: 'world', pictured: true }),
      story(18, { section: 'sport' }),
      story(17, { section: 'world' }),
      story(16, { section: 'sport' }),
      story(15, { section: 'sport', pictured: true }),
      story(14, { section: 'culture' }),
      story(13),
      story(12, { section: 'world', pictured: true }),
      story(11, { section: 'world' }),
      story(10, { section: 'sport' }),
      story(9),
    ];
    const job = front(stories, { frontPage: { secondary: 3, perSection: 2, latest: 10 } });
    const ids = shown(job);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...job.lists].sort()).toEqual([...ids].sort());
    expect(job.props.lead?.id).toBe('s19.md');
    expect(job.props.secondary.map((s) => s.id)).toEqual(['s20.md', 's18.md', 's17.md']);
    // Each block takes its section's newest stories left; a pictured one is its top story.
    const blocks = job.props.sections.map((b) => [b.section.id, b.top.id, b.stories.map((s) => s.id)]);
    expect(blocks).toEqual([
      ['world', 's12.md', ['s11.md']],
      ['sport', 's15.md', ['s16.md']],
      ['culture', 's14.md', []],
    ]);
    expect(job.props.latest.map((s) => s.id)).toEqual(['s13.md', 's10.md', 's9.md']);
  });

  it('should leave out a section whose stories are all shown above', () => {
    const job = front([story(3, { section: 'sport', pictured: true }), story(2, { section: 'world' }), story(1)]);
    expect(job.props.sections.map((b) => b.section.id)).toEqual([]);
    expect(shown(job)).toEqual(['s3.md', 's2.md', 's1.md']);
  });

  it('should lead with a story pinned as lead, picture or not, however old', () => {
    const stories = [story(9, { pictured: true }), story(8), story(2, { pin: 'lead' }), story(1)];
    const job = front(stories, { frontPage: { secondary: 2 } });
    expect(job.props.lead?.id).toBe('s2.md');
    expect(job.props.secondary.map((s) => s.id)).toEqual(['s9.md', 's8.md']);
    expect(chooseFront(stories, 10, (s) => s.image !== undefined).lead?.id).toBe('s2.md');
  });

  it('should lead with the newest of several pinned leads and put the others first among the top stories', () => {
    const stories = [
      story(9, { pictured: true }),
      story(7, { pin: 'lead' }),
      story(5, { pin: 'top' }),
      story(4, { pin: 'lead' }),
      story(3),
      story(1, { pin: 'lead' }),
    ];
    const job = front(stories, { frontPage: { secondary: 4 } });
    expect(job.props.lead?.id).toBe('s7.md');
    // The outranked leads are pinned top stories: newest first with the other pins, before the unpinned.
    expect(job.props.secondary.map((s) => s.id)).toEqual(['s5.md', 's4.md', 's1.md', 's9.md']);
    const ids = shown(job);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should put pinned top stories first, newest first, as many as there are places for', () => {
    const stories = [
      story(9, { pictured: true }),
      story(8),
      story(6, { pin: 'top' }),
      story(5),
      story(3, { pin: 'top' }),
      story(2, { pin: 'top' }),
    ];
    const job = front(stories, { frontPage: { secondary: 2, latest: 10 } });
    // Without a lead pin the lead is chosen as always: the newest with a picture.
    expect(job.props.lead?.id).toBe('s9.md');
    expect(job.props.secondary.map((s) => s.id)).toEqual(['s6.md', 's3.md']);
    // The pin that found no place is shown where it would be without one.
    expect(job.props.latest.map((s) => s.id)).toEqual(['s8.md', 's5.md', 's2.md']);
    expect([...job.lists].sort()).toEqual([...shown(job)].sort());
  });

  it('should not lead with a story pinned as top only', () => {
    const job = front([story(3, { pin: 'top' }), story(2, { pictured: true }), story(1)]);
    expect(job.props.lead?.id).toBe('s2.md');
    expect(job.props.secondary.map((s) => s.id)).toEqual(['s3.md', 's1.md']);
  });

  it('should give the page a new key when a story moves between its parts', () => {
    const index = (stories: StorySummary[]) =>
      buildSiteIndex(stories, { timeZone: 'UTC', sections: [] }, new Map(), (s) => s.id);
    const a = [story(3), story(2, { pictured: true }), story(1)];
    const b = [story(3), story(2), story(1)];
    const keyA = pageKey(front(a), index(a));
    expect(pageKey(front(a), index(a))).toBe(keyA);
    // The same stories, the lead changed: the hashes are the same, the page is not.
    expect(pageKey(front(b), index(b))).not.toBe(keyA);
  });
});
