import type { SiteIndex } from '../site/site-index.ts';
import type { StoryCore } from '../content/story.ts';
import { ids, outputPath, type Route } from './route.ts';

/** One page per published story, at its permalink, with related and neighbouring stories. */
export const storyRoute: Route = function* ({ index, only, full }) {
  for (const story of only ? showing(index, only) : index.stories) {
    const related = index.related(story);
    const { newer, older } = index.neighbours(story);
    yield {
      type: 'layout',
      output: outputPath(story.url),
      layout: 'story',
      props: {
        story: full(story),
        related: related.map(full),
        newer: newer && full(newer),
        older: older && full(older),
      },
      lists: ids([story, ...related, newer, older]),
    };
  }
};

/**
 * The stories whose pages can show one of `only`, or change because one arrived: those
 * stories themselves, their section neighbours and the stories whose related lists reach
 * them (an added story also shifts what those lists reach); in index order.
 */
function showing(index: SiteIndex, only: ReadonlySet<string>): StoryCore[] {
  const found = new Set<StoryCore>();
  for (const id of only) {
    const story = index.byId.get(id);
    if (!story) continue;
    found.add(story);
    const { newer, older } = index.neighbours(story);
    if (newer) found.add(newer);
    if (older) found.add(older);
    for (const other of index.relatedFrom(story)) found.add(other);
  }
  return index.stories.filter((story) => found.has(story));
}
