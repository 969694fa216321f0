import { paths } from '../site/paths.ts';
import { movedPage } from './moved-page.ts';
import { outputPath, type Route } from './route.ts';

/**
 * A listing page the site served once and serves no more (a tag whose last story lost
 * it, an archive page of a listing that shrank) leads to the nearest page it does serve,
 * as an alias leads to its story: a small page that redirects at once, for every host,
 * and a `302` in `_redirects` (temporary, since the listing may come back).
 */
export const vanishedRoute: Route = function* ({ vanished, site, config }) {
  for (const { url, to, permanent } of vanished) {
    yield {
      type: 'data',
      output: outputPath(url),
      lists: [],
      inputs: permanent ? `${to} 301` : to,
      render: () =>
        movedPage(site, {
          lang: config.language,
          dir: site.dir,
          title: `Moved | ${site.title}`,
          to,
          text: permanent ? 'This section is now ' : 'Nothing is listed here now. Go to ',
          label: to === paths.front ? `the front page of ${site.title}` : site.absolute(to),
        }),
    };
  }
};
