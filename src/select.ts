import type { ResolvedConfig } from './config.ts';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import { newestFirst, type StorySummary } from './story.ts';

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
