import { h } from 'hastscript';
import { renderDocument } from '../render/layouts.ts';
import type { Site } from '../render/site.ts';

/** What a page that sends its reader on says, and where to. */
interface Moved {
  readonly lang: string;
  readonly dir?: 'ltr' | 'rtl' | undefined;
  readonly title: string;
  /** The site path it leads to. */
  readonly to: string;
  /** The sentence before the link, and the link's text. */
  readonly text: string;
  readonly label: string;
}

/**
 * A small page that sends its reader on at once, for every host: a meta refresh, which
 * search engines follow as a permanent redirect, a canonical link to the same place (no
 * `noindex` beside it: Google may carry that over to the page it points at), and a
 * heading and a plain link for people.
 */
export function movedPage(site: Site, moved: Moved): string {
  const target = site.path(moved.to);
  return renderDocument(
    h('html', { lang: moved.lang, dir: moved.dir }, [
      h('head', [
        h('meta', { charset: 'utf-8' }),
        h('title', moved.title),
        h('link', { rel: 'canonical', href: site.absolute(moved.to) }),
        h('meta', { httpEquiv: 'refresh', content: `0; url=${target}` }),
      ]),
      h('body', [h('main', [h('h1', moved.title), h('p', [moved.text, h('a', { href: target }, moved.label), '.'])])]),
    ]),
  );
}
