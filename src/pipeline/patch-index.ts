import type { Group, SiteIndex } from '../site/site-index.ts';
import type { StoryCore } from '../content/story.ts';

/**
 * Watch mode's shortcut for the commonest edit, a change to a story's text: when a story
 * keeps its place in the site (URL, date, section, tags, authors, status), every listing,
 * feed and sitemap keeps its membership and order, so the pages to render again are
 * exactly those that list the story, and their props are the old props with the new
 * summary in place of the old. Anything else takes the full path.
 */

/** Summaries never contain summaries: the walk need not look inside one that stays. */
const isSummary = (value: object): boolean => {
  const v = value as Partial<StoryCore>;
  return typeof v.hash === 'string' && typeof v.id === 'string' && typeof v.url === 'string';
};

/**
 * A copy of `value` with every object found in `replace` swapped for its replacement.
 * Arrays, Maps and plain objects are copied only where something inside them changed.
 */
export function swapObjects<T>(value: T, replace: ReadonlyMap<object, object>): T {
  if (value === null || typeof value !== 'object') return value;
  const swapped = replace.get(value as object);
  if (swapped) return swapped as T;
  if (value instanceof Map) {
    let copy: Map<unknown, unknown> | undefined;
    for (const [key, item] of value) {
      const next = swapObjects(item, replace);
      if (next !== item) (copy ??= new Map(value)).set(key, next);
    }
    return (copy ?? value) as T;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = swapObjects(item, replace);
      if (next !== item) (copy ??= [...value])[i] = next;
    });
    return (copy ?? value) as T;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype || isSummary(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = swapObjects(item, replace);
    if (next !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
  }
  return (copy ?? value) as T;
}

type GroupMaps = Pick<SiteIndex, 'sections' | 'tags' | 'authors' | 'archives'>;
const GROUP_MAPS = ['sections', 'tags', 'authors', 'archives'] as const;

/** Which groups each story of an index is in, worked out once per index. */
const memberships = new WeakMap<SiteIndex, Map<StoryCore, [keyof GroupMaps, string][]>>();
function membershipOf(index: SiteIndex): Map<StoryCore, [keyof GroupMaps, string][]> {
  let where = memberships.get(index);
  if (where) return where;
  where = new Map();
  for (const name of GROUP_MAPS) {
    for (const [key, group] of index[name] as ReadonlyMap<string, Group>) {
      for (const story of group.stories) {
        const list = where.get(story);
        if (list) list.push([name, key]);
        else where.set(story, [[name, key]]);
      }
    }
  }
  memberships.set(index, where);
  return where;
}

/**
 * The site index of a full build with some stories replaced by new versions that kept
 * their place: every list holds the new objects (only the groups a replaced story is in
 * are copied), and related stories and neighbours (worked out from the full build's
 * lists) answer with them too. `forward` maps the full build's summaries to their current
 * versions, `backward` the other way.
 */
export function patchIndex(
  base: SiteIndex,
  forward: ReadonlyMap<StoryCore, StoryCore>,
  backward: ReadonlyMap<StoryCore, StoryCore>,
): SiteIndex {
  const where = membershipOf(base);
  const copies: Partial<Record<keyof GroupMaps, Map<string, Group>>> = {};
  for (const [old, now] of forward) {
    for (const [name, key] of where.get(old) ?? []) {
      const map = (copies[name] ??= new Map(base[name] as ReadonlyMap<string, Group>));
      const group = map.get(key)!;
      map.set(key, { ...group, stories: group.stories.map((s) => (s === old ? now : s)) });
    }
  }
  const byId = new Map(base.byId);
  for (const now of forward.values()) byId.set(now.id, now);
  const swap = <T>(value: T) => swapObjects(value, forward);
  return {
    ...base,
    stories: base.stories.map((s) => forward.get(s) ?? s),
    byId,
    ...(copies as Partial<GroupMaps>),
    related: (story) => swap(base.related(backward.get(story) ?? story)),
    neighbours: (story) => swap(base.neighbours(backward.get(story) ?? story)),
    relatedFrom: (story) => swap(base.relatedFrom(backward.get(story) ?? story)),
  };
}
