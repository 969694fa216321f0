import { feedRoute } from './feeds.ts';
import { frontRoute } from './front.ts';
import { archiveRoute, authorRoute, sectionRoute, tagRoute } from './listings.ts';
import { notFoundRoute, searchRoute } from './misc-pages.ts';
import { redirectRoute } from './redirects.ts';
import type { Route } from './route.ts';
import { robotsRoute, sitemapRoute } from './sitemaps.ts';
import { storiesJsonRoute } from './stories-json.ts';
import { storyRoute } from './story.ts';

/** Every page kind the build writes, by name. Adding one is adding a file and a line here. */
export const routes = {
  story: storyRoute,
  front: frontRoute,
  section: sectionRoute,
  tag: tagRoute,
  author: authorRoute,
  archive: archiveRoute,
  feed: feedRoute,
  sitemap: sitemapRoute,
  robots: robotsRoute,
  redirect: redirectRoute,
  search: searchRoute,
  notFound: notFoundRoute,
  storiesJson: storiesJsonRoute,
} satisfies Record<string, Route>;
