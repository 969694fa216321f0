import { movedPage } from './moved-page.ts';
import { ids, outputPath, type Route } from './route.ts';

/**
 * Old URLs keep working: every alias gets a small page that redirects (meta refresh, with a
 * canonical link and a plain link for people), and hosts that support redirect files get
 * `_redirects` (Netlify, Cloudflare Pages) and `redirects.json` (a map for other setups).
 */
export const redirectRoute: Route = function* ({ index, site, retired, vanished, full }) {
  const pairs = index.stories.flatMap((story) => story.aliases.map((alias) => ({ alias, story })));
  pairs.sort((a, b) => (a.alias < b.alias ? -1 : 1));
  for (const { alias, story } of pairs) {
    yield {
      type: 'data',
      output: outputPath(alias),
      lists: [story.id],
      render: () => {
        const { title } = full(story);
        return movedPage(site, {
          lang: story.lang,
          title: `Moved: ${title}`,
          to: story.url,
          text: 'This story has moved to ',
          label: title,
        });
      },
    };
  }
  // A retired URL answers 410 Gone with its "removed" page where the host reads the rule;
  // forced (!), since the page itself is a file at that path.
  const gone = retired.map((r) => `${site.path(r.url)} ${site.path(outputPath(r.url))} 410!\n`).join('');
  // A listing page no longer served leads to one that is, for now: the listing may come back.
  const moved = vanished.map((v) => `${site.path(v.url)} ${site.path(v.to)} 302\n`).join('');
  // Listings were once numbered from the newest (…/page/2/); their old pages lead to the
  // listing's first page now. Sections and years, tags, authors and months, then days.
  const pages = ['/:a', '/:a/:b', '/:a/:b/:c']
    .map((at) => `${site.path(`${at}/page/:n/`)} ${site.path(`${at}/`)} 301\n`)
    .join('');
  yield {
    type: 'data',
    output: '_redirects',
    lists: ids(pairs.map((p) => p.story)),
    ...(gone || moved ? { inputs: gone + moved } : {}),
    render: () =>
      pairs.map(({ alias, story }) => `${site.path(alias)} ${site.path(story.url)} 301\n`).join('') +
      gone +
      moved +
      pages,
  };
  yield {
    type: 'data',
    output: 'redirects.json',
    lists: ids(pairs.map((p) => p.story)),
    render: () =>
      `${JSON.stringify(Object.fromEntries(pairs.map(({ alias, story }) => [site.path(alias), site.path(story.url)])), null, 2)}\n`,
  };
};
