import path from 'node:path';
import { calendar } from './old-dates.ts';
import type { HugoConfig } from './hugo-config.ts';
import { getKey } from './site-files.ts';

/** What Hugo's URL of a page depends on. */
export interface HugoPage {
  /** Path inside the content folder, "/"-separated. */
  readonly rel: string;
  readonly fields: Readonly<Record<string, unknown>>;
  /** The page's date, normalised. */
  readonly date?: string | undefined;
  /** A leaf bundle (`name/index.md`) or a section page (`_index.md`). */
  readonly kind: 'page' | 'bundle' | 'section';
  /** The file name after its date, when dates come from file names. */
  readonly nameAfterDate?: string | undefined;
}

/** Hugo's urlize: spaces become "-", characters outside a path's usual ones are dropped. */
export function urlize(text: string, keepCase: boolean): string {
  const made = text
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}\p{M}./_\-#+~]/gu, '');
  return keepCase ? made : made.toLowerCase();
}

/**
 * The URL path Hugo published a page at: its `url` if it has one; else its section's
 * permalink pattern from the config; else its folder and its slug (or file or bundle
 * name). `uglyURLs` turns a trailing "/" into ".html"; `baseURL`'s path comes first.
 */
export function hugoUrl(page: HugoPage, config: HugoConfig): string | { problem: string } {
  const field = (key: string) => {
    const value = getKey(page.fields, key);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const prefix = (url: string) =>
    `${config.basePath}${config.languagePrefix.slice(1)}${url.replace(/^\//, '')}`.replace(/\/{2,}/g, '/');
  const explicit = field('url');
  if (explicit) return prefix(explicit.startsWith('/') ? explicit : `/${explicit}`);

  const parts = page.rel.split('/');
  const fileName = parts.at(-1)!;
  const dirs = page.kind === 'bundle' ? parts.slice(0, -2) : parts.slice(0, -1);
  const section = parts.length > 1 ? parts[0]! : '';
  const bundleName = page.kind === 'bundle' ? parts.at(-2) : undefined;
  const baseName = bundleName ?? fileName.replace(/\.[^.]+$/, '').replace(/\.[a-z]{2}(-[a-z]+)?$/i, '');
  const name = page.nameAfterDate || baseName;
  const slug = field('slug');
  const title = field('title') ?? '';
  const keep = config.keepCase;

  if (page.kind === 'section') return prefix(`/${dirs.map((d) => urlize(d, keep)).join('/')}/`);
  const pattern = config.permalink(section);
  let url: string;
  if (pattern) {
    const when = page.date ? calendar(page.date, config.timeZone) : undefined;
    const values: Record<string, string | undefined> = {
      year: when?.toFormat('yyyy'),
      month: when?.toFormat('MM'),
      monthname: when?.setLocale('en').toFormat('MMMM'),
      day: when?.toFormat('dd'),
      weekday: when ? String(when.weekday % 7) : undefined,
      weekdayname: when?.setLocale('en').toFormat('cccc'),
      yearday: when ? String(when.ordinal) : undefined,
      section: urlize(section, keep),
      sections: dirs.map((d) => urlize(d, keep)).join('/'),
      title: urlize(title, keep),
      slug: urlize(slug ?? title, keep),
      filename: urlize(name, keep),
      contentbasename: urlize(name, keep),
      slugorfilename: urlize(slug ?? name, keep),
      slugorcontentbasename: urlize(slug ?? name, keep),
    };
    let problem: string | undefined;
    const filled = pattern.replace(/:(\w+)(\[[^\]]*\])?/g, (token, key: string) => {
      const value = values[key.toLowerCase()];
      if (value === undefined)
        problem ??= `permalink token "${token}" is not one the importer knows, or the page has no date`;
      return value ?? token;
    });
    if (problem) return { problem };
    url = `/${filled}`.replace(/\/{2,}/g, '/');
  } else {
    url = `/${[...dirs.map((d) => urlize(d, keep)), slug ? urlize(slug, keep) : urlize(name, keep)].join('/')}/`;
  }
  if (config.ugly(section) && url.endsWith('/') && url !== '/') url = `${url.slice(0, -1)}.html`;
  return prefix(url);
}

/**
 * Aliases as Hugo reads them, as paths of the old site: one with a leading "/" is below
 * `baseURL`'s path; one without is relative to the page's folder.
 */
export function hugoAliases(aliases: unknown, oldUrl: string | undefined, basePath: string): string[] {
  const list = Array.isArray(aliases) ? aliases : aliases === undefined || aliases === null ? [] : [aliases];
  const folder = oldUrl ? path.posix.dirname(oldUrl.endsWith('/') ? oldUrl.slice(0, -1) : oldUrl) : undefined;
  return list
    .filter((a): a is string | number => typeof a === 'string' || typeof a === 'number')
    .map(String)
    .map((a) => (a.startsWith('/') || !folder ? `${basePath}${a.replace(/^\//, '')}` : path.posix.join(folder, a)));
}
