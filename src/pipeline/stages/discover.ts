import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../../config/config.ts';
import { discover } from '../../content/discover.ts';
import { isPictureFile } from '../../content/picture.ts';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import type { CacheData } from '../../incremental/cache.ts';
import { sameStat, statAll, type FileStat } from '../../util/file-stat.ts';
import { mapConcurrently } from '../../util/concurrently.ts';
import { joinInside } from '../../util/relative-path.ts';
import type { BuildHint } from '../types.ts';

/** The articles folder as discovered. */
export interface Found {
  /** Article ids: paths relative to the articles folder, "/"-separated, sorted. */
  readonly articles: readonly string[];
  /** Every other file there (pictures, attachments), copied as it is; likewise. */
  readonly files: readonly string[];
  /**
   * Files that begin with front matter but are not named `.md` (`budget.md.txt`): an
   * article saved under the wrong name, never copied (`misnamedArticles` tells of them).
   */
  readonly misnamed: readonly string[];
  readonly fileSet: ReadonlySet<string>;
  /** Each article's absolute path, joined once: later stages ask for it article by article. */
  readonly paths: readonly string[];
}

/** discover: walk the articles folder. */
export async function discoverArticles(config: ResolvedConfig): Promise<Found> {
  const { articles, files: all } = await discover(config.articles);
  // Pictures go through the photo stage and are never copied as they are; any other file is.
  const others = all.filter((file) => !isPictureFile(file));
  const flags = await mapConcurrently(others, 16, (file) => startsWithFrontMatter(joinInside(config.articles, file)));
  const misnamed = others.filter((_, i) => flags[i]);
  const withheld = new Set(misnamed);
  const files = withheld.size ? all.filter((file) => !withheld.has(file)) : all;
  return {
    articles,
    files,
    misnamed,
    fileSet: new Set(files),
    paths: articles.map((id) => joinInside(config.articles, id)),
  };
}

/** Whether a file begins as an article does: a `---` line (after a byte-order mark). */
async function startsWithFrontMatter(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const text = head
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return /^---[ \t]*\r?\n/.test(text);
  } finally {
    await handle.close();
  }
}

/** A warning for each misnamed article (`Found.misnamed`): it is not published, as a story or as a file. */
export function misnamedArticles(found: Found, config: ResolvedConfig, cwd: string): Diagnostic[] {
  return found.misnamed.map((file) => {
    const shown = path.relative(cwd, joinInside(config.articles, file));
    const named = `${path.posix.basename(file).replace(/\.[^.]*$/, '')}`;
    const as = /\.(md|markdown)$/i.test(named) ? named : `${named}.md`;
    return diagnostic(
      'article-misnamed',
      { file: shown, line: 1, column: 1 },
      `${path.posix.basename(file)} begins with front matter like an article but is not named .md: it is not published, as a story or as a file`,
      { severity: 'warning', hint: `Rename it ${as} to publish it as a story, or delete it if it is a copy.` },
    );
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
