import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { humanize } from '../content/sections.ts';
import { foldName, slugify } from '../content/slug.ts';
import { fieldPlace, type StoryCore } from '../content/story.ts';

/** A tag or author name and the stable slug its pages live under. */
export interface Term {
  readonly name: string;
  readonly slug: string;
}

/**
 * How often a spelling is used, and where its newest and oldest uses come: names come in
 * the index's order, newest story first, so a later place is an older story.
 */
interface Uses {
  count: number;
  first: number;
  last: number;
  newest: StoryCore;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Give every distinct name (tag or author) a slug that stays its own. Spellings that
 * differ only in case or spaces are one name, shown as most of its stories write it
 * (ties: the one first published), with a warning at the others. Names that slug alike
 * ("C++" and "C" both give "c") are taken in the order of their oldest stories (then
 * sorted order), so a name that new stories bring never takes a listing URL the site has
 * served for another (only a story dated before all of the other's would): it gets "-2",
 * "-3"… with a warning at its newest story. `names` come newest story first.
 */
export function assignSlugs(
  names: Iterable<{ name: string; story: StoryCore }>,
  kind: 'tag' | 'author',
  fileOf: (story: StoryCore) => string,
): { slugs: ReadonlyMap<string, string>; names: ReadonlyMap<string, string>; diagnostics: Diagnostic[] } {
  const spellings = new Map<string, Uses>();
  let at = 0;
  for (const { name, story } of names) {
    const uses = spellings.get(name);
    if (uses) {
      uses.count++;
      uses.last = at;
    } else spellings.set(name, { count: 1, first: at, last: at, newest: story });
    at++;
  }
  const groups = new Map<string, [string, Uses][]>();
  for (const [name, uses] of spellings) {
    const key = foldName(name);
    const group = groups.get(key);
    if (group) group.push([name, uses]);
    else groups.set(key, [[name, uses]]);
  }
  const terms = [...groups.values()].map((group) => {
    group.sort(([a, x], [b, y]) => y.count - x.count || y.last - x.last || byText(a, b));
    const newest = group.reduce((a, b) => (b[1].first < a[1].first ? b : a))[1].newest;
    return { shown: group[0]![0], group, oldest: Math.max(...group.map(([, uses]) => uses.last)), newest };
  });
  terms.sort((a, b) => b.oldest - a.oldest || byText(a.shown, b.shown));

  const slugs = new Map<string, string>();
  const shownAt = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const warn = (story: StoryCore, reason: string) =>
    diagnostics.push(
      diagnostic('slug-collision', fieldPlace(fileOf(story), story, kind === 'tag' ? 'tags' : 'authors'), reason, {
        severity: 'warning',
      }),
    );
  for (const { shown, group, newest } of terms) {
    const base = slugify(shown) || kind;
    let slug = base;
    for (let n = 2; shownAt.has(slug); n++) slug = `${base}-${n}`;
    if (slug !== base)
      warn(
        newest,
        `${kind} "${shown}" and "${shownAt.get(base)}" both make the slug "${base}"; "${shown}" came later and is listed at "${slug}"`,
      );
    for (const [name, uses] of group.slice(1))
      warn(uses.newest, `${kind} "${name}" is written "${shown}" elsewhere: listed together as "${shown}"`);
    shownAt.set(slug, shown);
    for (const [name] of group) slugs.set(name, slug);
  }
  return { slugs, names: shownAt, diagnostics };
}

/**
 * The name of each section: the configured one; without configuration, the name most of
 * its stories give (ties: the first in sorted order), since names that make the same id
 * ("Customer Experience", "customer experience") share the section and its page. A
 * warning names each other spelling, at a story that uses it. Stories are grouped by id.
 */
export function sectionNames(
  bySection: ReadonlyMap<string, readonly StoryCore[]>,
  configured: ResolvedConfig['sections'],
  fileOf: (story: StoryCore) => string,
): { names: ReadonlyMap<string, string>; diagnostics: Diagnostic[] } {
  const names = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const [id, stories] of bySection) {
    const name = configured.find((s) => s.id === id)?.name;
    if (name !== undefined) {
      names.set(id, name);
      continue;
    }
    const uses = new Map<string, { count: number; story: StoryCore }>();
    for (const story of stories) {
      const written = story.sectionName ?? humanize(id);
      const use = uses.get(written);
      if (use) use.count++;
      else uses.set(written, { count: 1, story });
    }
    const ranked = [...uses].sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : a > b ? 1 : 0));
    const chosen = ranked[0]![0];
    names.set(id, chosen);
    for (const [other, { story }] of ranked.slice(1)) {
      diagnostics.push(
        diagnostic(
          'section-names-merged',
          { file: fileOf(story) },
          `sections "${other}" and "${chosen}" make the same URL segment "${id}": their stories are listed together as "${chosen}"`,
          { severity: 'warning' },
        ),
      );
    }
  }
  return { names, diagnostics };
}
