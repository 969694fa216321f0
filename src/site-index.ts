import type { ResolvedConfig } from './config.ts';
import { dateParts } from './dates.ts';
import type { Diagnostic } from './diagnostics.ts';
import { assignSlugs } from './taxonomy.ts';
import type { AuthorProfile } from './authors-file.ts';
import type { StorySummary } from './story.ts';

/** Stories filed under one name: a section, tag, author or date. Newest first. */
export interface Group {
  readonly name: string;
  readonly slug: string;
  readonly stories: readonly StorySummary[];
}

/**
 * The index stage's result: every way the published stories are grouped, computed once
 * from metadata alone (no bodies), so routes only read from it.
 */
export interface SiteIndex {
  /** Published stories, newest first. */
  readonly stories: readonly StorySummary[];
  readonly byId: ReadonlyMap<string, StorySummary>;
  /** By section id. */
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
  related(story: StorySummary): readonly StorySummary[];
  /** The next newer and older story in the same section. */
  neighbours(story: StorySummary): { readonly newer?: StorySummary | undefined; readonly older?: StorySummary | undefined };
  readonly diagnostics: readonly Diagnostic[];
}

export const RELATED = 4;
/** How many stories either side, in each shared tag's timeline, are considered for "related". */
const WINDOW = 8;

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

export function buildSiteIndex(
  stories: readonly StorySummary[],
  config: Pick<ResolvedConfig, 'timeZone' | 'sections'>,
  profiles: ReadonlyMap<string, AuthorProfile>,
  fileOf: (story: StorySummary) => string,
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

  const bySection = new Map<string, StorySummary[]>();
  const byTag = new Map<string, StorySummary[]>();
  const byAuthor = new Map<string, StorySummary[]>();
  const byDate = new Map<string, StorySummary[]>();
  for (const story of stories) {
    if (story.section) push(bySection, story.section, story);
    for (const tag of story.tags) push(byTag, tagTerms.slugs.get(tag)!, story);
    for (const author of new Set(story.authors.map((a) => a.name))) push(byAuthor, authorTerms.slugs.get(author)!, story);
    const { yyyy, mm, dd } = dateParts(story.date, config.timeZone);
    push(byDate, yyyy, story);
    push(byDate, `${yyyy}/${mm}`, story);
    push(byDate, `${yyyy}/${mm}/${dd}`, story);
  }
  const nameOf = (slugs: ReadonlyMap<string, string>) => new Map([...slugs].map(([name, slug]) => [slug, name]));
  const tagNames = nameOf(tagTerms.slugs);
  const authorNames = nameOf(authorTerms.slugs);
  const sectionName = (id: string) => config.sections.find((s) => s.id === id)?.name ?? id;
  const sorted = <V>(map: Map<string, V>) => new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

  const sections = sorted(new Map([...bySection].map(([id, list]) => [id, { name: sectionName(id), slug: id, stories: list }])));
  const tags = sorted(new Map([...byTag].map(([slug, list]) => [slug, { name: tagNames.get(slug)!, slug, stories: list }])));
  const authors = sorted(
    new Map(
      [...byAuthor].map(([slug, list]) => {
        const name = authorNames.get(slug)!;
        return [slug, { name, slug, stories: list, profile: profiles.get(name) }];
      }),
    ),
  );
  const archives = sorted(new Map([...byDate].map(([key, list]) => [key, { name: key, slug: key, stories: list }])));

  // Position of each story in each list, for O(1) windows and neighbours.
  const positions = new Map<readonly StorySummary[], Map<StorySummary, number>>();
  const positionIn = (list: readonly StorySummary[], story: StorySummary) => {
    let map = positions.get(list);
    if (!map) {
      map = new Map(list.map((s, i) => [s, i]));
      positions.set(list, map);
    }
    return map.get(story) ?? -1;
  };

  const related = (story: StorySummary): StorySummary[] => {
    const scores = new Map<StorySummary, number>();
    const lists: (readonly StorySummary[])[] = story.tags.map((t) => byTag.get(tagTerms.slugs.get(t)!) ?? []);
    for (const list of lists) {
      const at = positionIn(list, story);
      for (let i = Math.max(0, at - WINDOW); i <= Math.min(list.length - 1, at + WINDOW); i++) {
        const other = list[i]!;
        if (other !== story) scores.set(other, (scores.get(other) ?? 0) + 2);
      }
    }
    const sectionList = story.section ? (bySection.get(story.section) ?? []) : [];
    const at = positionIn(sectionList, story);
    for (let i = Math.max(0, at - 3); i <= Math.min(sectionList.length - 1, at + 3); i++) {
      const other = sectionList[i]!;
      if (other !== story) scores.set(other, (scores.get(other) ?? 0) + 1);
    }
    // The best RELATED by score, then closeness in time, then URL: a linear pass keeping a
    // short sorted list, not a sort of every candidate (this runs for every story).
    const better = (a: StorySummary, sa: number, b: StorySummary, sb: number) =>
      sa !== sb ? sa > sb : Math.abs(a.date.epoch - story.date.epoch) !== Math.abs(b.date.epoch - story.date.epoch)
        ? Math.abs(a.date.epoch - story.date.epoch) < Math.abs(b.date.epoch - story.date.epoch)
        : a.url < b.url;
    const top: [StorySummary, number][] = [];
    for (const [other, score] of scores) {
      if (top.length === RELATED && !better(other, score, ...top[RELATED - 1]!)) continue;
      let at = top.length;
      while (at > 0 && better(other, score, ...top[at - 1]!)) at--;
      top.splice(at, 0, [other, score]);
      if (top.length > RELATED) top.pop();
    }
    return top.map(([s]) => s);
  };

  const neighbours = (story: StorySummary) => {
    const list = story.section ? bySection.get(story.section) : undefined;
    if (!list) return {};
    const at = positionIn(list, story);
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
    diagnostics: [...tagTerms.diagnostics, ...authorTerms.diagnostics],
  };
}
