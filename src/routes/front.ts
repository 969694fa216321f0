import { ids, type Route } from './route.ts';

/** The front page: the newest story as the lead, the latest ones, then a block per section. */
export const frontRoute: Route = function* ({ index, config, site }) {
  const [lead, ...rest] = index.stories;
  const latest = rest.slice(0, config.frontPage.latest);
  const sections = site.sections.flatMap((section) => {
    const stories = (index.sections.get(section.id)?.stories ?? []).slice(0, config.frontPage.perSection);
    return stories.length ? [{ section, stories }] : [];
  });
  yield {
    type: 'layout',
    output: 'index.html',
    layout: 'front',
    props: { lead, latest, sections },
    lists: [...new Set(ids([lead, ...latest, ...sections.flatMap((s) => s.stories)]))],
  };
};
