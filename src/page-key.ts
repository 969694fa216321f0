import { createHash } from 'node:crypto';
import type { DataJob, LayoutJob } from './routes/route.ts';
import type { SiteIndex } from './site-index.ts';
import type { StorySummary } from './story.ts';

const isSummary = (value: unknown): value is StorySummary =>
  typeof value === 'object' && value !== null && 'hash' in value && 'url' in value && 'id' in value;

/**
 * The key of a page's inputs: its layout, its props (stories stand in by their content
 * hash, since a summary is a function of it) and the slugs of the tags and authors those
 * stories link to. Together with the build's render key (tool, config, layouts, assets)
 * it decides whether a page must be rendered again.
 */
export function pageKey(job: LayoutJob, index: SiteIndex): string {
  const stories: StorySummary[] = [];
  const props = JSON.stringify(job.props, (_key, value: unknown) => {
    if (isSummary(value)) {
      stories.push(value);
      return `#${value.hash}`;
    }
    return value;
  });
  const slugs: string[] = [];
  for (const story of stories) {
    for (const tag of story.tags) slugs.push(`t:${tag}=${index.tagSlugs.get(tag)}`);
    for (const author of story.authors) slugs.push(`a:${author.name}=${index.authorSlugs.get(author.name)}`);
  }
  return createHash('sha256').update(job.layout).update('\0').update(props).update('\0').update(slugs.join('\n')).digest('hex');
}

/**
 * The key of a generated file's inputs: the stories it lists, by content hash. Feeds,
 * sitemaps, redirects and stories.json are functions of exactly those (and of the
 * build's render key).
 */
export function dataKey(job: DataJob, index: SiteIndex): string {
  const hash = createHash('sha256').update('data\0').update(job.output);
  for (const id of job.lists) hash.update('\0').update(index.byId.get(id)?.hash ?? id);
  return hash.digest('hex');
}
