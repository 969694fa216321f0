import { renderDocument } from '../layouts.ts';
import type { Route } from './route.ts';

/** 404.html, which static hosts serve for unknown paths: links are absolute from the base. */
export const notFoundRoute: Route = function* ({ published, layouts, site }) {
  const latest = published.slice(0, 5);
  yield {
    output: '404.html',
    layout: '404',
    lists: latest.map((s) => s.id),
    render: () => renderDocument(layouts.notFound({ latest, site })),
  };
};
