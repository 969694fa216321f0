import { isSafeUrl } from '../content/urls.ts';
import type { AuthorProfile } from './old-site.ts';

/** Keys other generators' author data use for a personal URL, in order of preference. */
const URL_KEYS = ['url', 'uri', 'website', 'web', 'homepage', 'link'];

/**
 * Author profiles from a data file (`_data/authors.yml`, Hugo's `data/authors.yaml`):
 * a mapping of ids to `{name, url…}` (or to a name), or a list of `{id, name, url…}`.
 */
export function readAuthors(data: unknown): ReadonlyMap<string, AuthorProfile> {
  const out = new Map<string, AuthorProfile>();
  const add = (id: string, value: unknown) => {
    const profile = profileOf(value, id);
    if (profile) out.set(id, profile);
  };
  if (Array.isArray(data)) {
    for (const item of data)
      if (item && typeof item === 'object') {
        const record = item as Record<string, unknown>;
        const id = record.id ?? record.key ?? record.username ?? record.name;
        if (typeof id === 'string') add(id, item);
      }
  } else if (data && typeof data === 'object') {
    for (const [id, value] of Object.entries(data)) add(id, value);
  }
  return out;
}

/** A name and URL from what a post or a data file says about an author. */
export function profileOf(value: unknown, fallbackName?: string): AuthorProfile | undefined {
  if (typeof value === 'string' || typeof value === 'number') return { name: String(value) };
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return fallbackName ? { name: fallbackName } : undefined;
  const record = value as Record<string, unknown>;
  const name = [record.name, record.display_name, record.displayName, record.title, fallbackName].find(
    (n): n is string => typeof n === 'string' && n.trim() !== '',
  );
  if (!name) return undefined;
  const url = URL_KEYS.map((k) => record[k]).find(
    (u): u is string => typeof u === 'string' && /^https?:\/\//i.test(u) && isSafeUrl(u),
  );
  return url ? { name, url } : { name };
}

/** A Markdown link in an author string: `[Austin Parker](https://github.com/austinlparker)`. */
const MARKDOWN_LINK = /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g;

/**
 * An author string written as Markdown, as some sites' templates render it
 * (`[Austin Parker](https://…) (Honeycomb), [Jane Doe](https://…)`): each link is a
 * byline with its URL, and `note` says what was read and what is left besides
 * separators. Anything else is as it was.
 */
export function markdownBylines(value: unknown): { items: unknown[]; note?: string } {
  if (typeof value !== 'string' || !value.includes('](')) return { items: [value] };
  const links = [...value.matchAll(MARKDOWN_LINK)];
  if (links.length === 0) return { items: [value] };
  const left = value
    .replace(MARKDOWN_LINK, ' ')
    .split(/\s*(?:,|;|&|\band\b)\s*/)
    .map((part) => part.trim())
    .filter(Boolean);
  const names = links.map((m) => `"${m[1]!.trim()}"`).join(', ');
  const read =
    links.length === 1 ? `the byline ${names} with its link` : `${links.length} bylines ${names} with their links`;
  return {
    items: links.map((m) => ({ name: m[1]!.trim(), url: m[2]! })),
    note: `"${value}" is Markdown: read as ${read}${left.length ? `; left out: ${left.join(', ')}` : ''}`,
  };
}
