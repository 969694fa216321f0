import type { StorySummary } from '../content/story.ts';
import type { SiteIndex } from './site-index.ts';

/**
 * One part of the search index: the stories of one year (in the site time zone, as the
 * year archives group them), indexed by Pagefind on its own and merged by the search page
 * in the browser.
 *
 * Why years: Pagefind holds a whole index in memory while it makes it, and makes it again
 * whole for one story added. A volume a year bounds both by a year's stories: a new story
 * makes only the newest volume again, an edit only its year's, and an archive of a million
 * stories is indexed a year at a time. A past year's volume never changes unless one of
 * its stories does.
 */
export interface SearchVolume {
  /** The year, "2024": the volume's folder under pagefind/. */
  readonly name: string;
  /** Its stories, newest first, as the index lists them. */
  readonly stories: readonly StorySummary[];
}

/** The search index's volumes, newest first: every year with a published story. Never a preview's drafts. */
export function searchVolumes(index: SiteIndex): SearchVolume[] {
  const volumes: SearchVolume[] = [];
  for (const [key, group] of index.archives) {
    if (key.includes('/')) continue;
    const stories = group.stories.filter((story) => !story.preview);
    if (stories.length > 0) volumes.push({ name: key, stories });
  }
  return volumes.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}
