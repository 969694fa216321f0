import type { Site } from '../render/site.ts';
import type { VanishedListing } from '../site/listing-promises.ts';
import { paths } from '../site/paths.ts';
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
  // A retired URL answers 410 Gone with its "removed" page where the host reads the rule.
  const gone = retired.map((r) => rule(site.path(r.url), site.path(outputPath(r.url)), '410')).join('');
  // A listing page no longer served leads to one that is, for now: the listing may come
  // back. A renamed section's leads to the section it is now for good, its feeds too.
  const moved = vanished
    .map((v) => rule(site.path(v.url), site.path(v.to), v.permanent ? '301' : '302'))
    .concat(vanished.filter((v) => v.permanent && paths.sectionOf(v.url) !== undefined).flatMap(feedMoves(site)))
    .join('');
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
      pairs.map(({ alias, story }) => rule(site.path(alias), site.path(story.url), '301')).join('') +
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

/**
 * One `_redirects` rule, forced ("!"): a file stands at every path a rule is written for
 * (the page that leads on, the "removed" page, an empty feed), and Netlify serves a file
 * over an unforced rule. None for a path with ":" or "*": the hosts read `:name` (Cloudflare
 * anywhere in a path) and `*` as placeholders, which would catch other URLs; the page at the
 * path still leads on, on every host.
 */
const rule = (from: string, to: string, status: string): string =>
  /[:*]|%2a|%3a/i.test(from) ? '' : `${from} ${to} ${status}!\n`;

/** The `_redirects` rules that send a renamed section's feeds to the section's feeds now. */
const feedMoves =
  (site: Site) =>
  (v: VanishedListing): string[] => {
    const from = paths.sectionFeed(paths.sectionOf(v.url)!);
    const to = paths.sectionFeed(paths.sectionOf(v.to)!);
    return (['rss', 'atom', 'json'] as const).map((kind) => rule(site.path(from[kind]), site.path(to[kind]), '301'));
  };
