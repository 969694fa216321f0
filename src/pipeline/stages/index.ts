import { loadAuthorProfiles, type AuthorProfile } from '../../site/authors-file.ts';
import type { StoryCore } from '../../content/story.ts';
import type { Diagnostic } from '../../diagnostics/diagnostics.ts';
import { buildSiteIndex, type SiteIndex } from '../../site/site-index.ts';
import type { Env } from '../env.ts';

/**
 * index: sections, tags and authors (slug collisions resolved), date archives, related
 * stories and neighbours, from the published stories' metadata and the author profiles.
 */
export async function indexSite(
  env: Env,
  published: readonly StoryCore[],
): Promise<{ index: SiteIndex; profiles: ReadonlyMap<string, AuthorProfile>; diagnostics: readonly Diagnostic[] }> {
  const authors = await loadAuthorProfiles(env.config.authors, env.cwd);
  const index = buildSiteIndex(published, env.config, authors.profiles, (s) => env.shown(s.id));
  return { index, profiles: authors.profiles, diagnostics: [...authors.diagnostics, ...index.diagnostics] };
}
