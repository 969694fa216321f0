import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../../config/config.ts';
import { discover, isArticleName } from '../../content/discover.ts';
import { shownName, UNSAFE_NAME, UNSAFE_NAME_TOLD, withheldKind, type WithheldKind } from '../../content/file-kind.ts';
import { isPictureFile } from '../../content/picture.ts';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import type { CacheData } from '../../incremental/cache.ts';
import { sameStat, statAll, type FileStat } from '../../util/file-stat.ts';
import { mapConcurrently } from '../../util/concurrently.ts';
import { joinInside } from '../../util/relative-path.ts';
import { fileUrl, versionUrls } from '../../site/attachments.ts';
import type { Ledger } from '../../site/ledger.ts';
import { publishes, type Env } from '../env.ts';
import type { BuildHint } from '../types.ts';

/** The articles folder as discovered. */
export interface Found {
  /** Article ids: paths relative to the articles folder, "/"-separated, sorted. */
  readonly articles: readonly string[];
  /** Every other file there (pictures, attachments), copied as it is; likewise. */
  readonly files: readonly string[];
  /**
   * Files there that are not copied though neither articles nor pictures by name: an
   * article saved under another name, a picture under a name the photo stage does not
   * read, a kind of file not published from there, a name no URL can hold (`WithheldKind`;
   * `withheldWarnings` tells of them).
   */
  readonly withheld: readonly { readonly file: string; readonly kind: WithheldKind }[];
  readonly fileSet: ReadonlySet<string>;
  /** Each article's absolute path, joined once: later stages ask for it article by article. */
  readonly paths: readonly string[];
}

/** discover: walk the articles folder. */
export async function discoverArticles(config: ResolvedConfig): Promise<Found> {
  const discovered = await discover(config.articles);
  // An article's path is the URL ledger's name for it: one no line of text can hold is none.
  const unnamed = discovered.articles.filter((id) => UNSAFE_NAME.test(id));
  const articles = unnamed.length ? discovered.articles.filter((id) => !UNSAFE_NAME.test(id)) : discovered.articles;
  const all = discovered.files;
  // Pictures go through the photo stage and are never copied as they are; other files may be.
  const others = all.filter((file) => !isPictureFile(file) || UNSAFE_NAME.test(file));
  const kinds = await mapConcurrently(others, 16, (file) => withheldKind(joinInside(config.articles, file), file));
  const withheld = [
    ...unnamed.map((file) => ({ file, kind: 'name' as const })),
    ...others.flatMap((file, i) => (kinds[i] ? [{ file, kind: kinds[i] }] : [])),
  ];
  const left = new Set(withheld.map((w) => w.file));
  const files = left.size ? all.filter((file) => !left.has(file)) : all;
  return {
    articles,
    files,
    withheld,
    fileSet: new Set(files),
    paths: articles.map((id) => joinInside(config.articles, id)),
  };
}

/** What a build says of each file it withholds (`Found.withheld`), and what to do. */
const WITHHELD: Record<Exclude<WithheldKind, 'article'>, { reason: string; hint: string }> = {
  picture: {
    reason:
      "is a picture under a name the photo stage does not read: it is not published, as it may carry the camera's GPS position",
    hint: 'Rename it with the extension of its format (.jpg, .png, .webp…): the photo stage then publishes it, without its metadata.',
  },
  kind: {
    reason:
      'is not a kind of file published from the articles folder (documents, data, archives, audio and subtitles are): it is not published, as a page, script or XML document would run script on the site',
    hint: 'A file of another kind the site needs belongs in public/, which is published as it is; docs/article-format.md lists the kinds.',
  },
  name: UNSAFE_NAME_TOLD,
};

/** A warning for each file withheld (`Found.withheld`): none is published, as a story or as a file. */
export function withheldWarnings(found: Found, config: ResolvedConfig, cwd: string): Diagnostic[] {
  return found.withheld.map(({ file, kind }) => {
    const shown = path.relative(cwd, joinInside(config.articles, file));
    // A name with a line break or a tab is shown escaped, on the message's one line.
    const place = { file: kind === 'name' ? shownName(shown) : shown, line: 1, column: 1 };
    const name = path.posix.basename(file);
    if (kind !== 'article')
      return diagnostic('file-withheld', place, `${shownName(name)} ${WITHHELD[kind].reason}`, {
        severity: 'warning',
        hint: WITHHELD[kind].hint,
      });
    const stem = name.replace(/\.[^.]*$/, '');
    const as = isArticleName(stem) ? stem : `${stem}.md`;
    return diagnostic(
      'article-misnamed',
      place,
      `${name} begins with front matter like an article but is not named .md: it is not published, as a story or as a file`,
      { severity: 'warning', hint: `Rename it ${as} to publish it as a story, or delete it if it is a copy.` },
    );
  });
}

/**
 * Files withheld that an earlier build published (the URL ledger's `file` lines): a URL
 * that would break, unless retired. A preview only warns of it, as of any broken URL.
 */
export function withheldPromised(found: Found, ledger: Ledger, env: Env): Diagnostic[] {
  if (found.withheld.length === 0 || !ledger.files?.size) return [];
  const published = versionUrls(ledger.files);
  return found.withheld.flatMap(({ file }) => {
    const url = fileUrl(file);
    if (!published.has(url) || ledger.entries.get(url)?.kind === 'retired') return [];
    return [
      diagnostic(
        'url-broken',
        { file: env.shown(file) },
        `published URL ${url} would break: the file is withheld now (see its file-withheld warning)`,
        {
          severity: publishes(env) ? 'error' : 'warning',
          hint: 'Move the file to public/, which is published as it is, or retire its URL with `broadsheet retire` if it is to go.',
        },
      ),
    ];
  });
}

/**
 * The articles folder is missing: every story would be gone, and the URL ledger would
 * report each of them as broken. A build run in the wrong folder, or given a misspelt
 * `--articles`, hears that instead.
 */
export function missingArticles(config: ResolvedConfig, cwd: string): Diagnostic[] {
  if (existsSync(config.articles)) return [];
  const shown = path.relative(cwd, config.articles) || '.';
  return [diagnostic('articles-missing', { file: shown }, `the articles folder ${shown} does not exist`)];
}

/** Each article's stat, and whether it is trusted to be as it was without one. */
export interface ArticleStats {
  readonly stats: readonly (FileStat | undefined)[];
  readonly trusted: (i: number) => boolean;
}

/**
 * stat: every article's stat. With a hint (watch mode), only the articles named in it can
 * have changed: the others are trusted and not even statted.
 */
export async function statArticles(found: Found, hint: BuildHint | undefined): Promise<ArticleStats> {
  const trusted = (i: number) => hint !== undefined && !hint.articles.has(found.paths[i]!);
  const stats = await statAll(found.paths.map((file, i) => (trusted(i) ? undefined : file)));
  return { stats, trusted };
}

/** Whether the article at a position is as the cache saw it: trusted, or statted the same. */
export function unchangedSince(cache: CacheData, found: Found, articles: ArticleStats): (i: number) => boolean {
  return (i) => {
    const before = cache.entries[found.articles[i]!];
    const now = articles.stats[i];
    return before !== undefined && (articles.trusted(i) || (now !== undefined && sameStat(before.stat, now)));
  };
}
