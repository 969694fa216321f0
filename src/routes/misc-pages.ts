import { paths } from '../site/paths.ts';
import { ids, outputPath, type Route } from './route.ts';

/** 404.html, which static hosts serve for unknown paths: links are absolute from the base. */
export const notFoundRoute: Route = function* ({ index }) {
  const latest = index.stories.slice(0, 5);
  yield { type: 'layout', output: '404.html', layout: 'notFound', props: { latest }, lists: ids(latest) };
};

/** The search page, when search is on. */
export const searchRoute: Route = function* ({ config }) {
  if (!config.search) return;
  yield { type: 'layout', output: outputPath(paths.search), layout: 'search', props: {}, lists: [] };
};
