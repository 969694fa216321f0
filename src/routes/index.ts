import { frontRoute } from './front.ts';
import { notFoundRoute } from './not-found.ts';
import type { Route } from './route.ts';
import { storiesJsonRoute } from './stories-json.ts';
import { storyRoute } from './story.ts';

/** Every page kind the build writes, by name. Adding one is adding a file and a line here. */
export const routes = {
  story: storyRoute,
  front: frontRoute,
  notFound: notFoundRoute,
  storiesJson: storiesJsonRoute,
} satisfies Record<string, Route>;
