import path from 'node:path';
import { findConfigFile, type ResolvedConfig } from '../../config/config.ts';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import type { Output } from '../../output/output.ts';
import { COMPRESSED_SUFFIXES } from '../../publish/compress.ts';
import { outputPath, SEARCH_FOLDER } from '../../routes/route.ts';
import type { SiteIndex } from '../../site/site-index.ts';
import type { Env } from '../env.ts';
import { decideSearch, type SearchRecord } from '../../incremental/search-record.ts';

/** What the search stage did: its warnings, and the record of the index now in the output. */
export interface Searched {
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Undefined when the index is not one this stage can vouch for (watch mode's, or one
   * Pagefind reported errors for). Its `pending` are the stories left out for now.
   */
  readonly record: SearchRecord | undefined;
}

/**
 * search: the Pagefind index of every story page. The last build's index is kept when it
 * indexed exactly the stories published now (same content, same search key), or with
 * `deferSearch` when it lacks only newly published ones (`decideSearch`): they are
 * searchable after the next build without it. Watch mode keeps the index it has (Pagefind
 * indexes the whole site each time).
 */
export async function indexSearch(
  env: Env,
  index: SiteIndex,
  input: {
    /** The plan's search key. */
    readonly render: string;
    /** The name layouts show for a section. */
    readonly sectionName: (id: string) => string;
    readonly record: SearchRecord | undefined;
    /** Ids of the stories published anew since the last build (`publishedAnew`). */
    readonly changed: ReadonlySet<string>;
  },
  output: Output,
): Promise<Searched> {
  if (env.options.refreshSearch === false && keepSearchIndex(output)) return { diagnostics: [], record: undefined };
  const decided = decideSearch({
    stories: searched(index).map((story) => ({
      id: story.id,
      url: story.url,
      key: `${story.hash}\0${story.section ? input.sectionName(story.section) : ''}`,
      date: story.date.epoch,
    })),
    render: input.render,
    now: env.config.now,
    record: input.record,
    changed: input.changed,
    defer: env.options.deferSearch ?? false,
  });
  const { kept, fresh } = decided;
  if (decided.kind !== 'refresh' && keepSearchIndex(output)) return { diagnostics: [], record: kept };
  const diagnostics = await searchPages(env.config, env.cwd, searchedUrls(index), output);
  // A page Pagefind could not index is missing from it: the next build tries again.
  return { diagnostics, record: diagnostics.length === 0 ? fresh : undefined };
}

/** Keep the previous output's search index as it is, if it has one; whether it had. */
export function keepSearchIndex(output: Output): boolean {
  const previous = output.previous;
  if (previous === undefined || !Object.keys(previous).some((f) => f.startsWith(`${SEARCH_FOLDER}/`))) return false;
  // Its files, not the compressed copies of them, which the compress stage decides on.
  const ownFile = (rel: string) =>
    rel.startsWith(`${SEARCH_FOLDER}/`) && !COMPRESSED_SUFFIXES.some((suffix) => rel.endsWith(suffix));
  for (const rel of Object.keys(previous)) if (ownFile(rel)) output.keep(rel);
  return true;
}

/**
 * The URLs search indexes, in the order Pagefind is given them: every story page,
 * described this time or not. Never a preview's drafts: watch mode keeps this index, and
 * a later build may keep it too.
 */
export const searchedUrls = (index: SiteIndex): string[] => searched(index).map((story) => story.url);

/** The stories search indexes: every published story page, never a preview's. */
const searched = (index: SiteIndex) => index.stories.filter((story) => !story.preview);

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
  for (const file of files) await output.write(`${SEARCH_FOLDER}/${file.path}`, file.content);
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
