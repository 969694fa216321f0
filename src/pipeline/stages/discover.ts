import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../../config/config.ts';
import { discover } from '../../content/discover.ts';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import type { CacheData } from '../../incremental/cache.ts';
import { sameStat, statAll, type FileStat } from '../../util/file-stat.ts';
import { joinInside } from '../../util/relative-path.ts';
import type { BuildHint } from '../types.ts';

/** The articles folder as discovered. */
export interface Found {
  /** Article ids: paths relative to the articles folder, "/"-separated, sorted. */
  readonly articles: readonly string[];
  /** Every other file there (pictures, attachments), copied as it is; likewise. */
  readonly files: readonly string[];
  readonly fileSet: ReadonlySet<string>;
  /** Each article's absolute path, joined once: later stages ask for it article by article. */
  readonly paths: readonly string[];
}

/** discover: walk the articles folder. */
export async function discoverArticles(config: ResolvedConfig): Promise<Found> {
  const { articles, files } = await discover(config.articles);
  return { articles, files, fileSet: new Set(files), paths: articles.map((id) => joinInside(config.articles, id)) };
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
