import type { FeedWriter } from './feed.ts';

/** Where the items array opens in the feed without items (items are its last member). */
const EMPTY_ITEMS = '"items": []\n}';
/** Items are indented two levels (four spaces): JSON strings hold no raw line breaks, so every break is one to indent. */
const INDENT = '\n    ';

/** JSON Feed 1.1, indented as JSON.stringify(feed, null, 2) would. */
export const jsonFeed: FeedWriter = {
  head(feed, count) {
    const text = JSON.stringify(
      {
        version: 'https://jsonfeed.org/version/1.1',
        title: feed.title,
        home_page_url: feed.home,
        feed_url: feed.self,
        ...(feed.description ? { description: feed.description } : {}),
        language: feed.language,
        authors: [{ name: feed.publisher }],
        items: [],
      },
      null,
      2,
    );
    return text.slice(0, -EMPTY_ITEMS.length) + (count ? `"items": [${INDENT}` : '"items": [');
  },
  separator: `,${INDENT}`,
  tail: (count) => (count ? '\n  ]\n}\n' : ']\n}\n'),
  item: ({ story, url, html, image, section }) =>
    JSON.stringify(
      {
        id: url,
        url,
        title: story.title,
        summary: story.dek ?? story.excerpt,
        ...(html ? { content_html: html } : { content_text: story.dek ?? story.excerpt }),
        ...(image ? { image: image.url } : {}),
        date_published: story.date.iso,
        ...(story.updated ? { date_modified: story.updated.iso } : {}),
        authors: story.authors.map((a) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) })),
        tags: [...(section ? [section] : []), ...story.tags],
        language: story.lang,
        ...(story.canonical ? { external_url: story.canonical } : {}),
      },
      null,
      2,
    ).replaceAll('\n', INDENT),
};
