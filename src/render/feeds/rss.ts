import { x } from 'xastscript';
import type { FeedWriter } from './feed.ts';
import { XML_DECLARATION, xmlOf, xmlText } from './feed.ts';

const CLOSE = '</channel></rss>';

/** RSS 2.0 with Atom self link, Dublin Core creators, full content and Media RSS images. */
export const rss: FeedWriter = {
  head(feed) {
    const doc = x(
      'rss',
      {
        version: '2.0',
        'xmlns:atom': 'http://www.w3.org/2005/Atom',
        'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
        'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
        'xmlns:media': 'http://search.yahoo.com/mrss/',
      },
      x('channel', [
        x('title', xmlText(feed.title)),
        x('link', feed.home),
        x('description', xmlText(feed.description || feed.title)),
        x('language', feed.language),
        x('atom:link', { href: feed.self, rel: 'self', type: 'application/rss+xml' }),
        x('generator', 'Broadsheet'),
        ...(feed.updated ? [x('lastBuildDate', new Date(feed.updated).toUTCString())] : []),
      ]),
    );
    // The document without items, open where they go: the channel always has children, so it ends in CLOSE.
    return XML_DECLARATION + xmlOf(doc).slice(0, -CLOSE.length);
  },
  separator: '',
  tail: () => `${CLOSE}\n`,
  item: ({ story, url, html, image, section }) =>
    xmlOf(
      x('item', [
        x('title', xmlText(story.title)),
        x('link', url),
        x('guid', { isPermaLink: 'true' }, url),
        x('pubDate', new Date(story.date.epoch).toUTCString()),
        ...story.authors.map((a) => x('dc:creator', xmlText(a.name))),
        ...(section ? [x('category', xmlText(section))] : []),
        ...story.tags.map((t) => x('category', xmlText(t))),
        x('description', xmlText(story.dek ?? story.excerpt)),
        ...(html ? [x('content:encoded', xmlText(html))] : []),
        ...(image
          ? [
              // A remote picture's size is not known: the RSS Advisory Board's best practice
              // is a length of 0 rather than no enclosure.
              x('enclosure', { url: image.url, length: String(image.length ?? 0), type: image.type }),
              x('media:content', { url: image.url, medium: 'image', type: image.type }, [
                x('media:description', xmlText(image.alt)),
              ]),
            ]
          : []),
      ]),
    ),
};
