import { ids, outputPath, type Route } from './route.ts';

/** One page per published story, at its permalink, with related and neighbouring stories. */
export const storyRoute: Route = function* ({ index }) {
  for (const story of index.stories) {
    const related = index.related(story);
    const { newer, older } = index.neighbours(story);
    yield {
      type: 'layout',
      output: outputPath(story.url),
      layout: 'story',
      props: { story, related, newer, older },
      lists: ids([story, ...related, newer, older]),
    };
  }
};
