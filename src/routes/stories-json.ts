import { toUtc } from '../content/dates.ts';
import { joinPieces, type Pieces } from './pieces.ts';
import type { Site } from '../render/site.ts';
import type { StorySummary } from '../content/story.ts';
import { ids, type Route } from './route.ts';

/** Version of the stories.json format; bumped on any incompatible change. */
export const STORIES_JSON_VERSION = 1;

/**
 * stories.json: every published story's metadata and URL, newest first, for other programs.
 * Not indented: it lists the whole archive, and indenting adds a quarter to its size.
 * It changes whenever any story does; a rebuild renders only the entries of stories
 * that changed and copies the rest from the previous file (`pieces`).
 */
export const storiesJsonRoute: Route = function* ({ index, site, full }) {
  const stories = index.stories;
  // JSON.stringify of the whole object, written out: the stories array is the pieces.
  const pieces: Pieces = {
    prepare: async () => undefined,
    head: `{"version":${STORIES_JSON_VERSION},"site":${JSON.stringify({ title: site.title, url: site.url, language: site.language })},"stories":[`,
    separator: ',',
    tail: ']}\n',
    piece: (at) => JSON.stringify(storyEntry(full(stories[at]!), site)),
    key: (at) => stories[at]!.hash,
  };
  yield {
    type: 'data',
    output: 'stories.json',
    lists: ids(stories),
    pieces,
    render: async () => (await joinPieces(pieces, stories.length)).text,
  };
};

export function storyEntry(story: StorySummary, site: Site) {
  return {
    id: story.id,
    url: site.absolute(story.url),
    path: site.path(story.url),
    title: story.title,
    dek: story.dek ?? null,
    kicker: story.kicker ?? null,
    excerpt: story.excerpt,
    datePublished: story.date.iso,
    datePublishedUtc: toUtc(story.date),
    dateModified: story.updated?.iso ?? null,
    authors: story.authors.map((a) => ({ name: a.name, url: a.url ?? null, role: a.role ?? null })),
    source: story.source ?? null,
    dateline: story.dateline ?? null,
    section: story.section ?? null,
    tags: story.tags,
    // The picture as one published file (the made JPEG for a local one), without its variants.
    image: story.image
      ? {
          src: site.resolve(story.image.src),
          alt: story.image.alt,
          caption: story.image.caption,
          credit: story.image.credit,
          width: story.image.width,
          height: story.image.height,
        }
      : null,
    lang: story.lang,
    wordCount: story.wordCount,
    readingMinutes: story.readingMinutes,
    canonical: story.canonical ?? null,
    corrections: story.corrections.map((c) => ({ date: c.date.iso, text: c.text })),
  };
}
