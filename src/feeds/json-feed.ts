import type { Feed } from './feed.ts';

/** JSON Feed 1.1. */
export function jsonFeed(feed: Feed): string {
  return `${JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: feed.title,
      home_page_url: feed.home,
      feed_url: feed.self,
      ...(feed.description ? { description: feed.description } : {}),
      language: feed.language,
      authors: [{ name: feed.publisher }],
      items: feed.items.map(({ story, url, html, image, section }) => ({
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
      })),
    },
    null,
    2,
  )}\n`;
}
