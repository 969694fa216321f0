import { h } from 'hastscript';
import { formatDate, parseDate } from '../content/dates.ts';
import { renderDocument } from '../render/layouts.ts';
import type { Site } from '../render/site.ts';
import { outputPath, type Route } from './route.ts';

/**
 * A URL retired on purpose (`broadsheet retire`) keeps answering: a small page says the
 * story was removed, when and why, and asks search engines to drop it; hosts that read
 * `_redirects` send it with 410 Gone (the redirect route writes that rule).
 */
export const retiredRoute: Route = function* ({ retired, site, config }) {
  // The site's stylesheet and masthead, as the default theme names them: the page reads as
  // the site's, and a theme of other names still gets the stylesheet.
  const stylesheet = stylesheetOf(site);
  for (const { url, date, reason } of retired) {
    yield {
      type: 'data',
      output: outputPath(url),
      lists: [],
      inputs: `${date}\0${reason}\0${stylesheet ?? ''}`,
      render: () =>
        renderDocument(
          h('html', { lang: config.language, dir: site.dir }, [
            h('head', [
              h('meta', { charset: 'utf-8' }),
              h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
              h('meta', { name: 'color-scheme', content: 'light dark' }),
              h('title', `Removed | ${site.title}`),
              h('meta', { name: 'robots', content: 'noindex' }),
              stylesheet === undefined ? undefined : h('link', { rel: 'stylesheet', href: stylesheet }),
            ]),
            h('body', [
              h('header.masthead', [h('div.brand-row.wrap', [h('a.brand', { href: site.path('/') }, site.title)])]),
              h('main.wrap', [
                h('h1', 'This story has been removed'),
                h('p', [
                  `It was removed from ${site.title} on `,
                  h('time', { dateTime: date }, dayOf(date, config.language)),
                  '.',
                  reason ? ` ${reason}` : '',
                ]),
                h('p', [h('a', { href: site.path('/') }, 'Go to the front page'), '.']),
              ]),
            ]),
          ]),
        ),
    };
  }
};

/** The site's style.css, fingerprinted; none for layouts without one. */
function stylesheetOf(site: Site): string | undefined {
  try {
    return site.asset('style.css');
  } catch {
    return undefined;
  }
}

/** "December 7, 2026" for "2026-12-07", as the site's pages write a day. */
function dayOf(day: string, language: string): string {
  const date = parseDate(day, 'UTC');
  return date ? formatDate(date, language, { time: false, zone: 'UTC' }) : day;
}
