import { renderDocument } from '../layouts.ts';
import { outputPath, type Route } from './route.ts';

/** One page per published story, at its permalink. */
export const storyRoute: Route = function* ({ published, layouts, site }) {
  for (const story of published) {
    yield {
      output: outputPath(story.url),
      layout: 'story',
      source: story.id,
      lists: [story.id],
      render: () => renderDocument(layouts.story({ story, site })),
    };
  }
};
