import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { slugify } from '../content/slug.ts';
import type { StorySummary } from '../content/story.ts';

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
  names: Iterable<{ name: string; story: StorySummary }>,
  kind: 'tag' | 'author',
  fileOf: (story: StorySummary) => string,
): { slugs: ReadonlyMap<string, string>; diagnostics: Diagnostic[] } {
  const firstUse = new Map<string, StorySummary>();
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
