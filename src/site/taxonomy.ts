import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { humanize } from '../content/sections.ts';
import { slugify } from '../content/slug.ts';
import type { StoryCore } from '../content/story.ts';

/** A tag or author name and the stable slug its pages live under. */
export interface Term {
  readonly name: string;
  readonly slug: string;
}

/**
 * Give every distinct name (tag or author) a unique slug. Names are taken in sorted order,
 * so the result does not depend on which story was read first; when two names slug alike
 * ("C++" and "C" both give "c"), later ones get "-2", "-3"… and a warning says so, naming
 * a story that uses the renamed term.
 */
export function assignSlugs(
  names: Iterable<{ name: string; story: StoryCore }>,
  kind: 'tag' | 'author',
  fileOf: (story: StoryCore) => string,
): { slugs: ReadonlyMap<string, string>; diagnostics: Diagnostic[] } {
  const firstUse = new Map<string, StoryCore>();
  for (const { name, story } of names) if (!firstUse.has(name)) firstUse.set(name, story);
  const sorted = [...firstUse.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const slugs = new Map<string, string>();
  const owner = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const name of sorted) {
    const base = slugify(name) || kind;
    let slug = base;
    for (let n = 2; owner.has(slug); n++) slug = `${base}-${n}`;
    if (slug !== base) {
      diagnostics.push(
        diagnostic(
          'slug-collision',
          { file: fileOf(firstUse.get(name)!) },
          `${kind} "${name}" and "${owner.get(base)}" both make the slug "${base}"; "${name}" is listed at "${slug}"`,
          {
            severity: 'warning',
          },
        ),
      );
    }
    owner.set(slug, name);
    slugs.set(name, slug);
  }
  return { slugs, diagnostics };
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
