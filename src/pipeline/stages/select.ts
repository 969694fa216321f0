import type { StorySummary } from '../../content/story.ts';
import type { Diagnostic } from '../../diagnostics/diagnostics.ts';
import type { CacheEntry } from '../../incremental/cache.ts';
import { gatherArticles } from '../../site/gather.ts';
import { selectPublished, type Selection } from '../../site/select.ts';
import type { Env } from '../env.ts';

/**
 * select: the loaded articles gathered in discovery order (their diagnostics, missing
 * pictures), then what is published: drafts, embargoes, duplicate URLs, the pins and
 * banners in force. With `preview`, drafts and embargoed stories too, marked.
 */
export function selectStories(
  env: Env,
  ids: readonly string[],
  entries: Readonly<Record<string, CacheEntry>>,
  files: ReadonlySet<string>,
): { selection: Selection<StorySummary>; diagnostics: readonly Diagnostic[] } {
  const gathered = gatherArticles(ids, entries, files, env.shown);
  const selection = selectPublished(
    gathered.summaries,
    env.config,
    (s) => env.shown(s.id),
    env.relocate,
    env.options.preview ?? false,
  );
  return { selection, diagnostics: [...gathered.diagnostics, ...selection.diagnostics] };
}
