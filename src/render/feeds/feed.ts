import { toXml } from 'xast-util-to-xml';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { hastToHtml } from '../hast-to-html.ts';
import { visit } from 'unist-util-visit';
import type { StorySummary } from '../../content/story.ts';

/** The XML declaration the RSS and Atom feeds start with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

/** A feed apart from its items. URLs are absolute. */
export interface FeedMeta {
  readonly title: string;
  readonly description: string;
  readonly language: string;
  /** The HTML page the feed mirrors (front page or section page). */
  readonly home: string;
  /** The feed's own URL. */
  readonly self: string;
  readonly publisher: string;
  /** When the newest item last changed (`feedUpdated`). */
  readonly updated: number;
}

/** What every feed format is made from. */
export interface Feed extends FeedMeta {
  readonly items: readonly FeedItem[];
}

/**
 * A feed format, written as a head, one piece per item and a tail: an item's text depends
 * on that item and the feed's settings alone, so a rebuild renders only new items and
 * copies the rest from the previous file (`Pieces`).
 */
export interface FeedWriter {
  /** Everything before the first item; `count` items follow. */
  head(feed: FeedMeta, count: number): string;
  readonly separator: string;
  tail(count: number): string;
  item(item: FeedItem, feed: FeedMeta): string;
}

/** A whole feed in one string. */
export const writeFeed = (writer: FeedWriter, feed: Feed): string =>
  writer.head(feed, feed.items.length) +
  feed.items.map((item) => writer.item(item, feed)).join(writer.separator) +
  writer.tail(feed.items.length);

export interface FeedItem {
  readonly story: StorySummary;
  readonly url: string;
  /** Full HTML content with absolute links, or undefined for summary feeds. */
  readonly html?: string | undefined;
  readonly image?:
    | { readonly url: string; readonly type: string; readonly length?: number | undefined; readonly alt: string }
    | undefined;
  readonly section?: string | undefined;
}

const TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** Media type of an image from its file name. */
export const imageType = (url: string): string =>
  TYPES[/\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase() ?? ''] ?? 'image/jpeg';

/**
 * Feed readers show content away from the site: make every link and image URL absolute.
 * A picture becomes its `<img>` (JPEG, with its srcset): readers rarely take `<source>`
 * or AVIF, and some show a `hidden` placeholder.
 */
export function absoluteHtml(html: string, base: string): string {
  const tree = fromHtml(html, { fragment: true });
  visit(tree, 'element', (node, index, parent) => {
    const picture = pictureImg(node);
    if (picture && parent && index !== undefined) {
      parent.children[index] = picture;
      node = picture;
    }
    for (const key of ['href', 'src'] as const) {
      const value = node.properties[key];
      if (typeof value === 'string') node.properties[key] = new URL(value, base).href;
    }
    const srcset: unknown = node.properties.srcSet;
    const candidates = Array.isArray(srcset) ? srcset.map(String) : typeof srcset === 'string' ? srcset.split(',') : [];
    if (candidates.length > 0)
      node.properties.srcSet = candidates
        .map((candidate) => {
          const [url, ...rest] = candidate.trim().split(/\s+/);
          return [new URL(url!, base).href, ...rest].join(' ');
        })
        .join(', ');
    if (node.properties.loading) delete node.properties.loading;
    if (node.properties.fetchPriority) delete node.properties.fetchPriority;
  });
  return hastToHtml(tree);
}

/** The `<img>` of a `<picture>`, or of a photo with its placeholder (`span.photo`). */
function pictureImg(node: Element): Element | undefined {
  const child = (parent: Element, tag: string) =>
    parent.children.find((c): c is Element => c.type === 'element' && c.tagName === tag);
  if (node.tagName === 'picture') return child(node, 'img');
  const classes = node.properties.className;
  if (node.tagName === 'span' && Array.isArray(classes) && classes.includes('photo')) {
    const inner = child(node, 'picture');
    return inner && child(inner, 'img');
  }
  return undefined;
}

/** The most recent change among the stories, or the epoch for an empty feed. */
export const feedUpdated = (stories: readonly StorySummary[]): number =>
  stories.reduce((max, story) => Math.max(max, (story.updated ?? story.date).epoch), 0);

/**
 * A tree as XML text. xast-util-to-xml escapes `&` and `<` in text, not `>`, and XML 1.0
 * forbids `]]>` in text as it is: one story with it in its headline or body would make
 * every feed it is in unreadable. In an attribute, where it is allowed, `]]&gt;` is the
 * same value.
 */
export const xmlOf = (tree: Parameters<typeof toXml>[0]): string => toXml(tree).replaceAll(']]>', ']]&gt;');

/** XML 1.0 forbids most control characters even when escaped: drop them. */
export const xmlText = (text: string): string =>
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
