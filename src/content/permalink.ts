import { dateParts, type StoryDate } from './dates.ts';
import { safeSitePath } from './urls.ts';

/**
 * Expand a permalink pattern such as "/:yyyy/:mm/:dd/:slug/" for one story. Dates are
 * taken in the site time zone, so a story's URL does not depend on the offset it was
 * filed with. Returns undefined if the result is not a safe site path.
 */
export function expandPermalink(
  pattern: string,
  story: { slug: string; date: StoryDate; section?: string | undefined },
  timeZone: string,
): string | undefined {
  const parts = dateParts(story.date, timeZone);
  const values: Record<string, string> = { ...parts, slug: story.slug, section: story.section ?? 'news' };
  const expanded = pattern.replace(/:(yyyy|mm|dd|slug|section)\b/g, (_, token: string) => values[token]!);
  return safeSitePath(expanded);
}
