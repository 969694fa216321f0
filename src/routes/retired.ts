import { h } from 'hastscript';
import { renderDocument } from '../render/layouts.ts';
import { outputPath, type Route } from './route.ts';

/**
 * A URL retired on purpose (`broadsheet retire`) keeps answering: a small page says the
 * story was removed, when and why, and asks search engines to drop it; hosts that read
 * `_redirects` send it with 410 Gone (the redirect route writes that rule).
 */
export const retiredRoute: Route = function* ({ retired, site, config }) {
  for (const { url, date, reason } of retired) {
    yield {
      type: 'data',
      output: outputPath(url),
      lists: [],
      inputs: `${date}\0${reason}`,
      render: () =>
        renderDocument(
          h('html', { lang: config.language }, [
            h('head', [
              h('meta', { charset: 'utf-8' }),
              h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
              h('title', `Removed | ${site.title}`),
              h('meta', { name: 'robots', content: 'noindex' }),
            ]),
            h('body', [
              h('main', [
                h('h1', 'This story has been removed'),
                h('p', [`It was removed from ${site.title} on ${date}.`, reason ? ` ${reason}` : '']),
                h('p', [h('a', { href: site.path('/') }, 'Go to the front page'), '.']),
              ]),
            ]),
          ]),
        ),
    };
  }
};
