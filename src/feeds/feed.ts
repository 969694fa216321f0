import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import type { StorySummary } from '../story.ts';

/** What every feed format is made from. URLs are absolute. */
export interface Feed {
  readonly title: string;
  readonly description: string;
  readonly language: string;
  /** The HTML page the feed mirrors (front page or section page). */
  readonly home: string;
  /** The feed's own URL. */
  readonly self: string;
  readonly publisher: string;
  readonly items: readonly FeedItem[];
}

export interface FeedItem {
  readonly story: StorySummary;
  readonly url: string;
  /** Full HTML content with absolute links, or undefined for summary feeds. */
  readonly html?: string | undefined;
  readonly image?: { readonly url: string; readonly type: string; readonly length?: number | undefined; readonly alt: string } | undefined;
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
export const imageType = (url: string): string => TYPES[/\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase() ?? ''] ?? 'image/jpeg';

/** Feed readers show content away from the site: make every link and image URL absolute. */
export function absoluteHtml(html: string, base: string): string {
  const tree = fromHtml(html, { fragment: true });
  visit(tree, 'element', (node) => {
    for (const key of ['href', 'src'] as const) {
      const value = node.properties[key];
      if (typeof value === 'string') node.properties[key] = new URL(value, base).href;
    }
    if (node.properties.loading) delete node.properties.loading;
  });
  return toHtml(tree);
}

/** The most recent change among the items, or the epoch for an empty feed. */
export const feedUpdated = (items: readonly FeedItem[]): number =>
  items.reduce((max, { story }) => Math.max(max, (story.updated ?? story.date).epoch), 0);

/** XML 1.0 forbids most control characters even when escaped: drop them. */
export const xmlText = (text: string): string => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
