import { h } from 'hastscript';
import { renderDocument } from '../render/layouts.ts';
import { paths } from '../site/paths.ts';
import { outputPath, type Route } from './route.ts';

/**
 * A listing page the site served once and serves no more (a tag whose last story lost
 * it, an archive page of a listing that shrank) leads to the nearest page it does serve,
 * as an alias leads to its story: a small page that redirects at once, for every host,
 * and a `302` in `_redirects` (temporary, since the listing may come back).
 */
export const vanishedRoute: Route = function* ({ vanished, site, config }) {
  for (const { url, to } of vanished) {
    const target = site.path(to);
    const where = to === paths.front ? `the front page of ${site.title}` : site.absolute(to);
    yield {
      type: 'data',
      output: outputPath(url),
      lists: [],
      inputs: to,
      render: () =>
        renderDocument(
          h('html', { lang: config.language, dir: site.dir }, [
            h('head', [
              h('meta', { charset: 'utf-8' }),
              h('title', `Moved | ${site.title}`),
              h('meta', { name: 'robots', content: 'noindex' }),
              h('link', { rel: 'canonical', href: site.absolute(to) }),
              h('meta', { httpEquiv: 'refresh', content: `0; url=${target}` }),
            ]),
            h('body', [
              h('main', [h('p', ['Nothing is listed here now. Go to ', h('a', { href: target }, where), '.'])]),
            ]),
          ]),
        ),
    };
  }
};
