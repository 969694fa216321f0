import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { newestFirst, type StorySummary } from '../content/story.ts';

export interface Selection<S extends StorySummary> {
  /** Stories that go into this build, newest first. */
  readonly published: readonly S[];
  /** Drafts left out (no `--drafts`). */
  readonly drafts: readonly S[];
  /** Stories dated after the build's clock, with the time they become publishable. */
  readonly embargoed: readonly S[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The index stage: decide what is published. Drafts are left out unless asked for;
 * stories dated after `now` are embargoed and appear nowhere in the output. Two stories
 * (or a story and an alias) claiming one URL are an error on both files.
 */
export function selectPublished<S extends StorySummary>(
  stories: readonly S[],
  config: Pick<ResolvedConfig, 'drafts' | 'now'>,
  fileOf: (story: S) => string,
  /** The story under another slug (its URL made again), for slugs derived from titles that collide. */
  relocate?: (story: S, slug: string) => S,
): Selection<S> {
  const published: S[] = [];
  const drafts: S[] = [];
  const embargoed: S[] = [];
  for (const story of stories) {
    if (story.draft && !config.drafts) drafts.push(story);
    else if (story.date.epoch > config.now) embargoed.push(story);
    else published.push(story);
  }
  published.sort(newestFirst);

  const diagnostics: Diagnostic[] = [];
  // Same-title stories on the same day make the same derived slug: the earlier one keeps
  // it, later ones get "-2", "-3"… (a warning suggests a slug of their own). Slugs written
  // in front matter are never changed: their collisions are errors below.
  const taken = new Set(published.map((s) => s.url));
  const byUrl = new Map<string, S[]>();
  for (const story of published) byUrl.set(story.url, [...(byUrl.get(story.url) ?? []), story]);
  for (const group of byUrl.values()) {
    if (group.length < 2) continue;
    const [first, ...later] = [...group].sort((a, b) => a.date.epoch - b.date.epoch || (a.id < b.id ? -1 : 1));
    for (const story of later) {
      if (!story.derivedSlug || !relocate) continue;
      let moved: S | undefined;
      for (let n = 2; !moved || taken.has(moved.url); n++) moved = relocate(story, `${story.slug}-${n}`);
      taken.add(moved.url);
      published[published.indexOf(story)] = moved;
      diagnostics.push(
        diagnostic(
          'duplicate-slug',
          { file: fileOf(story) },
          `${story.url} is taken by ${fileOf(first!)}; this story is published at ${moved.url}`,
          { severity: 'warning' },
        ),
      );
    }
  }
  const claims = new Map<string, S>();
  const claim = (url: string, story: S) => {
    const first = claims.get(url);
    if (!first) return void claims.set(url, story);
    if (first === story) return;
    for (const [who, other] of [
      [story, first],
      [first, story],
    ] as const) {
      diagnostics.push(diagnostic('duplicate-url', { file: fileOf(who) }, `${url} is claimed by ${fileOf(other)} too`));
    }
  };
  // Sorted input keeps "who was first" independent of discovery order.
  for (const story of published) claim(story.url, story);
  for (const story of published) for (const alias of story.aliases) claim(alias, story);
  return { published, drafts, embargoed, diagnostics };
}
