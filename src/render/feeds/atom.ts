import { x } from 'xastscript';
import type { FeedWriter } from './feed.ts';
import { XML_DECLARATION, xmlOf, xmlText } from './feed.ts';

const CLOSE = '</feed>';

/** Atom 1.0 (RFC 4287). */
export const atom: FeedWriter = {
  head(feed) {
    const doc = x('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': feed.language }, [
      x('id', feed.self),
      x('title', xmlText(feed.title)),
      ...(feed.description ? [x('subtitle', xmlText(feed.description))] : []),
      x('updated', new Date(feed.updated).toISOString().replace('.000Z', 'Z')),
      x('link', { rel: 'self', type: 'application/atom+xml', href: feed.self }),
      x('link', { rel: 'alternate', type: 'text/html', href: feed.home }),
      x('author', [x('name', xmlText(feed.publisher))]),
      x('generator', 'Broadsheet'),
    ]);
    // The document without entries, open where they go (it always has children, so it ends in CLOSE).
    return XML_DECLARATION + xmlOf(doc).slice(0, -CLOSE.length);
  },
  separator: '',
  tail: () => `${CLOSE}\n`,
  item: ({ story, url, html, image, section }, feed) =>
    xmlOf(
      x('entry', { ...(story.lang !== feed.language ? { 'xml:lang': story.lang } : {}) }, [
        x('id', url),
        x('title', xmlText(story.title)),
        x('link', { rel: 'alternate', type: 'text/html', href: url }),
        x('published', story.date.iso),
        x('updated', (story.updated ?? story.date).iso),
        ...(story.authors.length ? story.authors : [{ name: story.source ?? feed.publisher }]).map((a) =>
          x('author', [x('name', xmlText(a.name))]),
        ),
        ...(section ? [x('category', { term: section })] : []),
        ...story.tags.map((t) => x('category', { term: xmlText(t) })),
        x('summary', xmlText(story.dek ?? story.excerpt)),
        ...(html ? [x('content', { type: 'html' }, xmlText(html))] : []),
        ...(image
          ? [
              x('link', {
                rel: 'enclosure',
                type: image.type,
                href: image.url,
                ...(image.length !== undefined ? { length: String(image.length) } : {}),
              }),
            ]
          : []),
      ]),
    ),
};
