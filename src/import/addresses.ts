import type { ResolvedConfig } from '../config/config.ts';
import { parseDate } from '../content/dates.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { expandPermalink } from '../content/permalink.ts';
import { isValidSlug, slugify } from '../content/slug.ts';
import { safeSitePath } from '../content/urls.ts';

/** What a post's new address depends on. */
export interface AddressInput {
  /** Path shown in messages. */
  readonly file: string;
  readonly title: string;
  /** Normalised ISO 8601 date. */
  readonly date: string;
  readonly section?: string | undefined;
  /** The path the old site published the post at (with its base path), or why it is unknown. */
  readonly oldUrl: string | { readonly problem: string };
  /** Other old paths that led to the post (Hugo `aliases`, Jekyll `redirect_from`). */
  readonly aliases: readonly string[];
  /** The old site published the post (it was no draft there): its old URL needs a redirect. */
  readonly published: boolean;
}

/** Where a post lives in Broadsheet: its slug, URL, the old URLs that redirect to it, and its folder. */
export interface Address {
  readonly slug: string;
  /** The story's path below the site's base path, e.g. "/2016/01/05/hello/". */
  readonly url: string;
  /** Old paths (below the new base path) that redirect to the story, sorted. */
  readonly aliases: readonly string[];
  /** The folder (and name) of the article in the output, e.g. "2016/hello". */
  readonly name: string;
}

/**
 * Plan every post's address at once, in input order. The slug is the last segment of the
 * old URL ("why-90-days.html" → why-90-days), so a site whose permalink pattern matches
 * Broadsheet's keeps its URLs; where the new URL differs, the old one becomes an alias, so
 * Broadsheet redirects it. A slug taken by an earlier post on the same URL gets "-2"; an
 * old URL two posts claim, or one that is another story's URL, stays with the first; each
 * with a warning.
 */
export function planAddresses(
  posts: readonly AddressInput[],
  config: Pick<ResolvedConfig, 'permalink' | 'timeZone' | 'basePath'>,
): { addresses: (Address | undefined)[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const warn = (rule: 'import-url' | 'import-field', file: string, reason: string, hint?: string) =>
    diagnostics.push(diagnostic(rule, { file }, reason, { severity: 'warning', ...(hint ? { hint } : {}) }));
  const urls = new Map<string, number>();
  const names = new Set<string>();
  const planned = posts.map((post, index) => {
    const date = parseDate(post.date, config.timeZone);
    if (!date) return undefined;
    if (typeof post.oldUrl !== 'string') warn('import-url', post.file, post.oldUrl.problem);
    const base =
      slugFrom(typeof post.oldUrl === 'string' ? post.oldUrl : undefined) ?? (slugify(post.title) || 'story');
    let slug = base;
    let url = expandPermalink(config.permalink, { slug, date, section: post.section }, config.timeZone);
    for (let n = 2; url !== undefined && urls.has(url); n++) {
      slug = `${base}-${n}`;
      url = expandPermalink(config.permalink, { slug, date, section: post.section }, config.timeZone);
    }
    if (url === undefined) return undefined;
    if (slug !== base)
      warn(
        'import-field',
        post.file,
        `another post already has the URL for slug "${base}"; this one gets "${slug}"`,
        'Give one of the two posts a slug of its own if this one is not the one that should move.',
      );
    urls.set(url, index);
    const year = post.date.slice(0, 4);
    let name = `${year}/${slug}`;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${year}/${slug}-${n}`;
    names.add(name.toLowerCase());
    return { slug, url, name };
  });

  const claimed = new Map<string, number>();
  const addresses = planned.map((plan, index): Address | undefined => {
    if (!plan) return undefined;
    const post = posts[index]!;
    const aliases: string[] = [];
    for (const old of [...(typeof post.oldUrl === 'string' && post.published ? [post.oldUrl] : []), ...post.aliases]) {
      const alias = belowBase(old, config.basePath);
      if (alias === undefined) {
        warn(
          'import-url',
          post.file,
          `old URL "${old}" is not a path below ${config.basePath}, where the new site is served; no redirect is made for it`,
        );
        continue;
      }
      if (alias === plan.url || aliases.includes(alias)) continue;
      const owner = urls.get(alias) ?? claimed.get(alias);
      if (owner !== undefined && owner !== index) {
        warn(
          'import-url',
          post.file,
          `old URL "${old}" is also ${urls.has(alias) ? 'the new URL' : 'an old URL'} of ${posts[owner]!.file}; it stays with that post`,
        );
        continue;
      }
      claimed.set(alias, index);
      aliases.push(alias);
    }
    return { ...plan, aliases: aliases.sort() };
  });
  return { addresses, diagnostics };
}

/** The slug an old URL suggests: its last segment, without ".html", made a valid slug. */
function slugFrom(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const segments = url.split('/').filter(Boolean);
  let last = segments.pop();
  if (last && /^index\.(html?|php)$/i.test(last)) last = segments.pop();
  if (!last) return undefined;
  let segment = last.replace(/\.(html?|php|aspx?)$/i, '');
  try {
    segment = decodeURIComponent(segment);
  } catch {
    // Keep it as written: slugify() makes it safe either way.
  }
  if (isValidSlug(segment) && segment === segment.toLowerCase()) return segment;
  return slugify(segment) || undefined;
}

/** An old path as an alias of the new site: below its base path, normalised; undefined outside it. */
function belowBase(old: string, basePath: string): string | undefined {
  const normal = safeSitePath(old);
  if (normal === undefined || !normal.startsWith(basePath)) return undefined;
  return safeSitePath(`/${normal.slice(basePath.length)}`);
}
