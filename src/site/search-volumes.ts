import type { StoryCore } from '../content/story.ts';
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
 * its stories does. A year of more stories than the limit (`searchVolumeLimit`) would
 * outgrow a machine's memory, so it comes in months, and such a month in days: more
 * volumes for the browser to fetch, only where a year is that large.
 */
export interface SearchVolume {
  /** "2024", "2024-03" or "2024-03-15": the volume's folder under pagefind/. */
  readonly name: string;
  /** Its stories, newest first, as the index lists them. */
  readonly stories: readonly StoryCore[];
}

/**
 * The search index's volumes, newest first: every year with a published story, or its
 * months or days where it has more than `limit` stories. Never a preview's drafts.
 */
export function searchVolumes(index: SiteIndex, limit: number): SearchVolume[] {
  // Archive keys are "2024", "2024/03" and "2024/03/15": a key's parts are one level down.
  const parts = new Map<string, string[]>();
  for (const key of index.archives.keys()) {
    const cut = key.lastIndexOf('/');
    if (cut === -1) continue;
    const parent = key.slice(0, cut);
    const list = parts.get(parent);
    if (list) list.push(key);
    else parts.set(parent, [key]);
  }
  const volumes: SearchVolume[] = [];
  const add = (key: string): void => {
    const stories = index.archives.get(key)!.stories.filter((story) => !story.preview);
    if (stories.length === 0) return;
    const finer = parts.get(key);
    if (stories.length > limit && finer) for (const part of finer) add(part);
    else volumes.push({ name: key.replaceAll('/', '-'), stories });
  };
  for (const key of index.archives.keys()) if (!key.includes('/')) add(key);
  return volumes.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}
