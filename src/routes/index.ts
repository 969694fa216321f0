import { feedRoute } from './feeds.ts';
import { frontRoute } from './front.ts';
import { archiveRoute, authorRoute, sectionRoute, tagRoute } from './listings.ts';
import { notFoundRoute, searchRoute } from './misc-pages.ts';
import { redirectRoute } from './redirects.ts';
import { retiredRoute } from './retired.ts';
import { vanishedRoute } from './vanished.ts';
import type { Route } from './route.ts';
import { robotsRoute, sitemapRoute } from './sitemaps.ts';
import { storiesJsonRoute } from './stories-json.ts';
import { storyRoute } from './story.ts';

/** Page kinds rendered through layouts. */
export const layoutRoutes = {
  story: storyRoute,
  front: frontRoute,
  section: sectionRoute,
  tag: tagRoute,
  author: authorRoute,
  archive: archiveRoute,
  search: searchRoute,
  notFound: notFoundRoute,
} satisfies Record<string, Route>;

/** Files made by code: feeds, sitemaps, redirects, stories.json. Cheap to describe (rendering is lazy). */
export const dataRoutes = {
  feed: feedRoute,
  sitemap: sitemapRoute,
  robots: robotsRoute,
  redirect: redirectRoute,
  retired: retiredRoute,
  vanished: vanishedRoute,
  storiesJson: storiesJsonRoute,
} satisfies Record<string, Route>;

/** Every page kind the build writes, by name. Adding one is adding a file and a line here. */
export const routes = { ...layoutRoutes, ...dataRoutes } satisfies Record<string, Route>;
