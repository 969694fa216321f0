import type { ResolvedConfig } from '../config/config.ts';
import { dateParts } from '../content/dates.ts';
import type { Diagnostic } from '../diagnostics/diagnostics.ts';
import { assignSlugs, sectionNames } from './taxonomy.ts';
import type { AuthorProfile } from './authors-file.ts';
import type { StoryCore } from '../content/story.ts';

/** Stories filed under one name: a section, tag, author or date. Newest first. */
export interface Group {
  readonly name: string;
  readonly slug: string;
  readonly stories: readonly StoryCore[];
}

/**
 * The index stage's result: every way the published stories are grouped, computed once
 * from metadata alone (no bodies), so routes only read from it.
 */
export interface SiteIndex {
  /** Published stories, newest first. */
  readonly stories: readonly StoryCore[];
  readonly byId: ReadonlyMap<string, StoryCore>;
  /** By section id; the name is the configured one, else the one most of its stories give. */
  readonly sections: ReadonlyMap<string, Group>;
  /** By tag slug. */
  readonly tags: ReadonlyMap<string, Group>;
  /** By author slug; agencies that appear as authors included. */
  readonly authors: ReadonlyMap<string, Group & { readonly profile?: AuthorProfile | undefined }>;
  /** By "yyyy", "yyyy/mm" and "yyyy/mm/dd" in the site time zone. */
  readonly archives: ReadonlyMap<string, Group>;
  /** Tag name → slug and author name → slug, collisions resolved. */
  readonly tagSlugs: ReadonlyMap<string, string>;
  readonly authorSlugs: ReadonlyMap<string, string>;
  /** Up to `RELATED` stories sharing tags or section, deterministic. */
  related(story: StoryCore): readonly StoryCore[];
  /** The next newer and older story in the same section. */
  neighbours(story: StoryCore): {
    readonly newer?: StoryCore | undefined;
    readonly older?: StoryCore | undefined;
  };
  /**
   * Every story whose `related()` can list this one: those within reach of it in a shared
   * tag or its section (reach is symmetric, so this is where `related()` looks from them).
   */
  relatedFrom(story: StoryCore): readonly StoryCore[];
  readonly diagnostics: readonly Diagnostic[];
}

export const RELATED = 4;
/** How many stories either side, in each shared tag's timeline, are considered for "related". */
const WINDOW = 8;
/** The same in the story's section, which counts for less. */
const SECTION_WINDOW = 3;

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): V[] => {
  let list = map.get(key);
  if (list) list.push(value);
  else map.set(key, (list = [value]));
  return list;
};

/** Where a story sits in one of its lists, the list given by story numbers. */
type Spot = readonly [numbers: readonly number[], at: number];

export function buildSiteIndex(
  stories: readonly StoryCore[],
  config: Pick<ResolvedConfig, 'timeZone' | 'sections'>,
  profiles: ReadonlyMap<string, AuthorProfile>,
  fileOf: (story: StoryCore) => string,
): SiteIndex {
  const tagTerms = assignSlugs(
    stories.flatMap((story) => story.tags.map((name) => ({ name, story }))),
    'tag',
    fileOf,
  );
  const authorTerms = assignSlugs(
    stories.flatMap((story) => story.authors.map((a) => ({ name: a.name, story }))),
    'author',
    fileOf,
  );

  const bySection = new Map<string, StoryCore[]>();
  const byTag = new Map<string, StoryCore[]>();
  const byAuthor = new Map<string, StoryCore[]>();
  const byDate = new Map<string, StoryCore[]>();
  // For related(): each story's number, and its spot in each of its tag lists and its section.
  const numbers = new Map<StoryCore, number>();
  const numberLists = new Map<readonly StoryCore[], number[]>();
  const tagSpots: Spot[][] = [];
  const sectionSpots: (Spot | undefined)[] = [];
  /** The story numbered n was just added to `list`: the same list by number, and where. */
  const spot = (list: readonly StoryCore[], n: number): Spot => {
    let numbered = numberLists.get(list);
    if (!numbered) numberLists.set(list, (numbered = []));
    numbered.push(n);
    return [numbered, numbered.length - 1];
  };
  for (const story of stories) {
    const n = numbers.size;
    numbers.set(story, n);
    sectionSpots.push(story.section ? spot(push(bySection, story.section, story), n) : undefined);
    // Tags are one a spelling when an article is read; a byline written twice (two
    // spellings of one name) is filed once.
    tagSpots.push(story.tags.map((tag) => spot(push(byTag, tagTerms.slugs.get(tag)!, story), n)));
    const bylines = story.authors.map((a) => authorTerms.slugs.get(a.name)!);
    for (const slug of bylines.length > 1 ? new Set(bylines) : bylines) push(byAuthor, slug, story);
    const { yyyy, mm, dd } = dateParts(story.date, config.timeZone);
    push(byDate, yyyy, story);
    push(byDate, `${yyyy}/${mm}`, story);
    push(byDate, `${yyyy}/${mm}/${dd}`, story);
  }
  const tagNames = tagTerms.names;
  const authorNames = authorTerms.names;
  // A byline written in several spellings has the profile of the one shown, else of the
  // commonest spelling that has one.
  const spelledProfile = new Map<string, AuthorProfile>();
  for (const [name, slug] of authorTerms.slugs) {
    const profile = profiles.get(name);
    if (profile && !spelledProfile.has(slug)) spelledProfile.set(slug, profile);
  }
  const names = sectionNames(bySection, config.sections, fileOf);
  const sorted = <V>(map: Map<string, V>) => new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

  const sections = sorted(
    new Map([...bySection].map(([id, list]) => [id, { name: names.names.get(id)!, slug: id, stories: list }])),
  );
  const tags = sorted(
    new Map([...byTag].map(([slug, list]) => [slug, { name: tagNames.get(slug)!, slug, stories: list }])),
  );
  const authors = sorted(
    new Map(
      [...byAuthor].map(([slug, list]) => {
        const name = authorNames.get(slug)!;
        return [slug, { name, slug, stories: list, profile: profiles.get(name) ?? spelledProfile.get(slug) }];
      }),
    ),
  );
  const archives = sorted(new Map([...byDate].map(([key, list]) => [key, { name: key, slug: key, stories: list }])));

  // Scores by story number, reset after each call: a typed array, not a Map per story,
  // because this runs for every story of the archive on every build.
  const scores = new Int32Array(stories.length);
  const related = (story: StoryCore): StoryCore[] => {
    const n = numbers.get(story);
    if (n === undefined) return [];
    const touched: number[] = [];
    const score = ([list, at]: Spot, reach: number, points: number) => {
      for (let i = Math.max(0, at - reach), end = Math.min(list.length - 1, at + reach); i <= end; i++) {
        if (i === at) continue;
        const other = list[i]!;
        if (scores[other] === 0) touched.push(other);
        scores[other] = scores[other]! + points;
      }
    };
    for (const tagSpot of tagSpots[n]!) score(tagSpot, WINDOW, 2);
    const sectionSpot = sectionSpots[n];
    if (sectionSpot) score(sectionSpot, SECTION_WINDOW, 1);
    // The best RELATED by score, then closeness in time, then URL: a linear pass keeping a
    // short sorted list, not a sort of every candidate.
    const epoch = story.date.epoch;
    const top: { story: StoryCore; score: number; distance: number }[] = [];
    const better = (score: number, distance: number, url: string, than: (typeof top)[number]) =>
      score !== than.score
        ? score > than.score
        : distance !== than.distance
          ? distance < than.distance
          : url < than.story.url;
    for (const other of touched) {
      const score = scores[other]!;
      scores[other] = 0;
      const candidate = stories[other]!;
      const distance = Math.abs(candidate.date.epoch - epoch);
      if (top.length === RELATED && !better(score, distance, candidate.url, top[RELATED - 1]!)) continue;
      let at = top.length;
      while (at > 0 && better(score, distance, candidate.url, top[at - 1]!)) at--;
      top.splice(at, 0, { story: candidate, score, distance });
      if (top.length > RELATED) top.pop();
    }
    return top.map((c) => c.story);
  };

  const relatedFrom = (story: StoryCore): StoryCore[] => {
    const n = numbers.get(story);
    if (n === undefined) return [];
    const near = new Set<number>();
    const collect = ([list, at]: Spot, reach: number) => {
      for (let i = Math.max(0, at - reach), end = Math.min(list.length - 1, at + reach); i <= end; i++)
        if (i !== at) near.add(list[i]!);
    };
    for (const tagSpot of tagSpots[n]!) collect(tagSpot, WINDOW);
    const sectionSpot = sectionSpots[n];
    if (sectionSpot) collect(sectionSpot, SECTION_WINDOW);
    return [...near].map((m) => stories[m]!);
  };

  const neighbours = (story: StoryCore) => {
    const n = numbers.get(story);
    const at = n === undefined ? undefined : sectionSpots[n]?.[1];
    const list = story.section ? bySection.get(story.section) : undefined;
    if (at === undefined || !list) return {};
    return { newer: list[at - 1], older: list[at + 1] };
  };

  return {
    stories,
    byId: new Map(stories.map((s) => [s.id, s])),
    sections,
    tags,
    authors,
    archives,
    tagSlugs: tagTerms.slugs,
    authorSlugs: authorTerms.slugs,
    related,
    neighbours,
    relatedFrom,
    diagnostics: [...names.diagnostics, ...tagTerms.diagnostics, ...authorTerms.diagnostics],
  };
}
