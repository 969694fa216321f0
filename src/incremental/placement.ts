import { createHash } from 'node:crypto';
import type { AuthorProfile } from '../site/authors-file.ts';
import type { SiteIndex } from '../site/site-index.ts';
import type { StoryCore } from '../content/story.ts';

/**
 * Where stories sit in the site. When no story moved, every listing, feed and sitemap keeps
 * its membership and order, so only the pages that list a changed story can change: watch
 * mode's quick rebuilds and the full path's page keys both rely on that. When stories were
 * only added, only the lists holding them and the pages near them can change.
 */

/**
 * Everything about a story that decides where it appears and in what order. A pin moves
 * the story on the front page and a banner shows it on every page, so both count, as the
 * select stage left them (in force now, or gone). Whether the slug was derived from the
 * title does not: it only decides which of two colliding stories is renumbered, whose
 * outcome is the URL, and it changes when the URL ledger first records a story's URL, in
 * the build after the one that published it.
 */
export function placementKey(story: StoryCore): string {
  return JSON.stringify([
    story.id,
    story.url,
    story.slug,
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
    story.pin ? [story.pin.to, story.pin.until?.iso ?? null] : null,
    story.breaking ? [story.breaking.until.iso, story.breaking.text ?? null] : null,
    story.preview ?? null,
  ]);
}

/** Characters hashed at a time. */
const BATCH = 1 << 16;

/**
 * Everything besides the stories' own content that a page's key depends on, for the whole
 * site: every published story's placement, in order, with the slugs its tags and authors
 * link to, the names and profiles their listings show, and the author profiles. The render key (tool, config, layouts, assets) is
 * compared separately.
 *
 * `without` also gives the digest that leaves those stories out (worked out in the same
 * pass). When the digest without the stories added since the last build equals that
 * build's digest, every other story sits where it sat, in the same order and under the
 * same slugs: only pages near the added ones can change.
 */
export function placementDigest(
  index: SiteIndex,
  profiles: ReadonlyMap<string, AuthorProfile>,
  without: ReadonlySet<string> = new Set(),
): { all: string; without: string } {
  // With the name each tag and byline listing shows, and its profile: the commonest
  // spelling of a name can change with stories added elsewhere.
  const profileKey = JSON.stringify([
    [...profiles],
    [...index.tags].map(([slug, group]) => [slug, group.name]),
    [...index.authors].map(([slug, group]) => [slug, group.name, group.profile ?? null]),
  ]);
  const all = createHash('sha256').update(profileKey);
  // Leaving nothing out (no story added), the second digest is the first.
  const rest = without.size > 0 ? createHash('sha256').update(profileKey) : undefined;
  // Hashed a batch of stories at a time: one call into the hash per story costs more than the hashing.
  let allText = '';
  let restText = '';
  for (const story of index.stories) {
    let text = `\0${placementKey(story)}`;
    for (const tag of story.tags) text += `\0${index.tagSlugs.get(tag)}`;
    for (const author of story.authors) text += `\0${index.authorSlugs.get(author.name)}`;
    allText += text;
    if (rest && !without.has(story.id)) restText += text;
    if (allText.length > BATCH) {
      all.update(allText);
      allText = '';
      rest?.update(restText);
      restText = '';
    }
  }
  all.update(allText);
  rest?.update(restText);
  const digest = all.digest('hex');
  return { all: digest, without: rest ? rest.digest('hex') : digest };
}
