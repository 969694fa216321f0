import { renderDocument } from '../layouts.ts';
import type { Route } from './route.ts';

/** The front page: the newest story as the lead, then the latest ones. */
export const frontRoute: Route = function* ({ published, layouts, site, config }) {
  const [lead, ...rest] = published;
  const latest = rest.slice(0, config.frontPage.latest);
  yield {
    output: 'index.html',
    layout: 'front',
    lists: [lead, ...latest].flatMap((s) => (s ? [s.id] : [])),
    render: () => renderDocument(layouts.front({ lead, latest, site })),
  };
};
