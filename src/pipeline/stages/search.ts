import path from 'node:path';
import { findConfigFile, type ResolvedConfig } from '../../config/config.ts';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import type { Output } from '../../output/output.ts';
import { COMPRESSED_SUFFIXES } from '../../publish/compress.ts';
import { outputPath } from '../../routes/route.ts';
import type { SiteIndex } from '../../site/site-index.ts';
import type { Env } from '../env.ts';

/**
 * search: the Pagefind index of every story page, made again when pages changed. The
 * index of the last build is kept when no page was rendered, or when the caller does not
 * want it refreshed (watch mode: Pagefind indexes the whole site each time).
 */
export async function indexSearch(env: Env, index: SiteIndex, rendered: number, output: Output): Promise<Diagnostic[]> {
  if ((rendered === 0 || env.options.refreshSearch === false) && keepSearchIndex(output)) return [];
  return searchPages(env.config, env.cwd, searchedUrls(index), output);
}

/** Keep the previous output's search index as it is, if it has one; whether it had. */
export function keepSearchIndex(output: Output): boolean {
  const previous = output.previous;
  if (previous === undefined || !Object.keys(previous).some((f) => f.startsWith('pagefind/'))) return false;
  // Its files, not the compressed copies of them, which the compress stage decides on.
  const ownFile = (rel: string) =>
    rel.startsWith('pagefind/') && !COMPRESSED_SUFFIXES.some((suffix) => rel.endsWith(suffix));
  for (const rel of Object.keys(previous)) if (ownFile(rel)) output.keep(rel);
  return true;
}

/**
 * The URLs search indexes, in the order Pagefind is given them: every story page,
 * described this time or not. Never a preview's drafts: watch mode keeps this index, and
 * a later build may keep it too.
 */
export const searchedUrls = (index: SiteIndex): string[] =>
  index.stories.flatMap((story) => (story.preview ? [] : [story.url]));

/**
 * The Pagefind index of these story pages, read from the output (`broadsheet merge` runs
 * it over the shards' pages). URLs are relative to the site: the search page gives
 * Pagefind the base path.
 */
export async function searchPages(
  config: ResolvedConfig,
  cwd: string,
  urls: readonly string[],
  output: Output,
): Promise<Diagnostic[]> {
  // Imported here: Pagefind is only needed when pages changed.
  const { buildSearchIndex } = await import('../../publish/search-index.ts');
  const { files, errors } = await buildSearchIndex(
    urls.map((url) => ({ url, content: async () => (await output.read(outputPath(url))).toString('utf8') })),
    config.language,
  );
  for (const file of files) await output.write(`pagefind/${file.path}`, file.content);
  const shown = path.relative(cwd, config.out) || '.';
  return errors.map((message) => diagnostic('search-index', { file: shown }, message, { severity: 'warning' }));
}

/** The warning of a site built without search. */
export function searchOff(config: ResolvedConfig, cwd: string): Diagnostic {
  const file = path.relative(cwd, findConfigFile(config.root) ?? path.join(config.root, 'broadsheet.config.ts'));
  return diagnostic('search-off', { file }, 'search indexing is off (search: false): the site has no search page', {
    severity: 'warning',
  });
}
