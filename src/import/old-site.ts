import type { Diagnostic } from '../diagnostics/diagnostics.ts';
import type { RawFields } from './front-matter.ts';

/** The generators Broadsheet imports from. */
export const GENERATORS = ['hugo', 'jekyll', 'eleventy'] as const;
export type Generator = (typeof GENERATORS)[number];

/** Which template language a post body is written in, and so which converter reads it. */
export type TagLanguage = 'hugo' | 'liquid' | 'nunjucks' | 'none';

/** A post file of the old site, read but not parsed. */
export interface RawPost {
  /** Path shown in messages (relative to the working directory). */
  readonly file: string;
  /** Absolute path. */
  readonly path: string;
  /** Path inside the old site's content root, "/"-separated (e.g. "posts/hello/index.md"). */
  readonly rel: string;
  /** Text with BOM removed and line endings normalised to "\n". */
  readonly text: string;
  /** Files of a page bundle (Hugo) or a post's own folder, relative to the post's folder. */
  readonly resources: readonly string[];
  /** Modification time in milliseconds, for the date of a post that has none. */
  readonly mtime: number;
}

/** Where site-rooted paths of the old site ("/images/a.png") are found on disk. */
export interface StaticRoot {
  /** URL path prefix with leading and trailing "/", e.g. "/" or "/img/". */
  readonly prefix: string;
  /** Absolute folder served at that prefix. */
  readonly dir: string;
}

/** An author profile of the old site's data files (`_data/authors.yml`, `data/authors.yaml`). */
export interface AuthorProfile {
  readonly name: string;
  readonly url?: string | undefined;
}

/**
 * A post after its generator read it: the front matter with the generator's defaults
 * applied, its date, and the URL the old site published it at. Everything the common
 * conversion needs and nothing generator-specific.
 */
export interface ReadPost {
  readonly raw: RawPost;
  /** Front matter as written in the file (after `--rename`). */
  readonly fields: RawFields;
  /** Values the generator gave the post besides its front matter: Jekyll `defaults`, Eleventy directory data, Hugo `cascade`. */
  readonly inherited: RawFields;
  /** Where a top-level key was written; line 1 for keys that came from defaults. */
  readonly locate: (key: string) => { line: number; column: number };
  readonly body: string;
  /** 1-based line of the file on which `body` starts. */
  readonly bodyLine: number;
  /** The date, normalised to ISO 8601 (offset kept as written), or undefined when none could be found. */
  readonly date?: string | undefined;
  /** The title the generator shows when the front matter has none (Jekyll's, from the file name). */
  readonly title?: string | undefined;
  /** The path the old site published the post at ("/2016/01/01/hello.html"), or why it is unknown. */
  readonly oldUrl: string | { readonly problem: string };
  /** Other paths of the old site that led to the post (Hugo `aliases`, Jekyll `redirect_from`), with its base path. */
  readonly aliases: readonly string[];
  /** Tags the generator derives (Jekyll categories from folders), added to those of the front matter. */
  readonly categories: readonly string[];
  /** Variables the generator gives a page besides its front matter (Eleventy's `page.fileSlug`). */
  readonly pageVars: Readonly<Record<string, unknown>>;
  /** Template tags in the body: which language, if any. */
  readonly tags: TagLanguage;
  readonly draft: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * What a generator's reader found in the old site: its posts and everything the
 * conversion needs to resolve names in them.
 */
export interface OldSite {
  readonly generator: Generator;
  /** Absolute folder of the site. */
  readonly root: string;
  readonly posts: readonly ReadPost[];
  /** Files that were not imported, and problems with the site's own settings. */
  readonly diagnostics: readonly Diagnostic[];
  /** Site variables for `{{ site.x }}` (Jekyll), `{{< param >}}` (Hugo) and global data (Eleventy). */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly staticRoots: readonly StaticRoot[];
  /** Every file of the site a post may refer to, by absolute path. */
  readonly files: ReadonlySet<string>;
  /** The path the old site was served under ("/" or "/blog/"), which its URLs begin with. */
  readonly basePath: string;
  /** Tags that only put a post in a collection (Eleventy's `posts`), not topics. */
  readonly collectionTags: ReadonlySet<string>;
  /** Include files by name ("note.html" → its text), for `{% include %}`. */
  readonly includes: ReadonlyMap<string, string>;
  /** Author ids of the data files, for `author: jdoe`. */
  readonly authors: ReadonlyMap<string, AuthorProfile>;
  /** The old site's time zone, for dates written without an offset. */
  readonly timeZone?: string | undefined;
  /**
   * What the reader chose to import when not told (Hugo's sections), said for the summary:
   * `section "blog", the one with the most pages (blog 77, docs 40)`.
   */
  readonly chosen?: string | undefined;
  /** Whether the old site showed emoji shortcodes (`:lock:`) as emoji. */
  readonly emoji?: boolean | undefined;
  /** The absolute URL of the old site, when its config names one (for `{{ site.url }}`). */
  readonly url?: string | undefined;
  /**
   * Resolve a link target written in a post (`ref`, `post_url`, `link`) to the absolute
   * path of a content file, and the old URL of files that are pages, not imported posts.
   */
  readonly resolveLink: (from: RawPost, kind: LinkKind, target: string) => LinkTarget | undefined;
}

/**
 * The old site's URL as its config writes it, when that is an absolute http(s) URL: a
 * config's `baseURL: /` or `url: ""` names no site, and its links stay as written.
 */
export function siteUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return /^https?:$/.test(new URL(value).protocol) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The site path an absolute URL of the old site names, whether written with `https:`,
 * `http:` or none (`//news.example.org/a/`), as old posts link their site's pages and
 * files in each form; undefined for any other link, or when the old site names no URL.
 */
export function oldSitePath(link: string, site: string | undefined): string | undefined {
  if (site === undefined || !/^(?:https?:)?\/\//i.test(link)) return undefined;
  try {
    const url = new URL(link, 'https://relative.invalid/');
    return url.host === new URL(site).host ? url.pathname + url.search + url.hash : undefined;
  } catch {
    return undefined;
  }
}

/** What a reader needs to know besides the site's folder. */
export interface ReaderOptions {
  /** Where paths in messages are relative to. */
  readonly cwd: string;
  /** Jekyll: also read `_drafts/`. */
  readonly drafts: boolean;
  /** `--rename FROM=TO`: front-matter fields read under another name. */
  readonly renames: ReadonlyMap<string, string>;
  /** Hugo: the content sections to import (default: `mainSections`, else the largest). */
  readonly sections: readonly string[];
  /** Eleventy: the collections (tags) whose posts to import (default: posts, post, blog). */
  readonly collections: readonly string[];
}

export type LinkKind = 'ref' | 'post_url' | 'link';

export interface LinkTarget {
  /** Absolute path of the target file. */
  readonly path: string;
  /** Its URL on the old site, for pages that are not imported posts. */
  readonly oldUrl?: string | undefined;
}
