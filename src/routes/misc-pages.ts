import { paths } from '../site/paths.ts';
import { searchVolumes } from '../site/search-volumes.ts';
import { ids, outputPath, SEARCH_FOLDER, type Route } from './route.ts';

/** 404.html, which static hosts serve for unknown paths: links are absolute from the base. */
export const notFoundRoute: Route = function* ({ index, full }) {
  const latest = index.stories.slice(0, 5);
  yield {
    type: 'layout',
    output: '404.html',
    layout: 'notFound',
    props: { latest: latest.map(full) },
    lists: ids(latest),
  };
};

/** The search page, when search is on. */
export const searchRoute: Route = function* ({ config, index }) {
  if (!config.search) return;
  const volumes = searchVolumes(index, config.searchVolumeLimit).map(({ name }) => ({ name, path: volumePath(name) }));
  yield { type: 'layout', output: outputPath(paths.search), layout: 'search', props: { volumes }, lists: [] };
};

/** Where a search volume's Pagefind bundle is, from the site's root: "/pagefind/2024/", "/pagefind/2024-03/". */
const volumePath = (name: string): string => `/${SEARCH_FOLDER}/${name}/`;
