import { createHash } from 'node:crypto';
import type { AuthorProfile } from './authors-file.ts';
import type { SiteIndex } from './site-index.ts';
import type { StorySummary } from './story.ts';

/**
 * Where stories sit in the site. When no story moved, every listing, feed and sitemap keeps
 * its membership and order, so only the pages that list a changed story can change: watch
 * mode's quick rebuilds and the full path's page keys both rely on that.
 */

/** Everything about a story that decides where it appears and in what order. */
export function placementKey(story: StorySummary): string {
  return JSON.stringify([
    story.id,
    story.url,
    story.slug,
    story.derivedSlug,
    story.date.epoch,
    story.date.iso,
    story.updated?.iso ?? null,
    story.section ?? null,
    story.tags,
    story.authors.map((a) => a.name),
    story.source ?? null,
    story.draft,
    story.canonical ?? null,
    story.aliases,
    story.lang,
  ]);
}

/**
 * Everything besides the stories' own content that a page's key depends on, for the whole
 * site: every published story's placement, in order, and the author profiles. The render
 * key (tool, config, layouts, assets) is compared separately.
 */
export function placementDigest(index: SiteIndex, profiles: ReadonlyMap<string, AuthorProfile>): string {
  const hash = createHash('sha256').update(JSON.stringify([...profiles]));
  for (const story of index.stories) hash.update('\0').update(placementKey(story));
  return hash.digest('hex');
}
