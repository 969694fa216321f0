import { createHash } from 'node:crypto';
import type { DataJob, JobProps, LayoutJob } from '../routes/route.ts';
import type { SiteIndex } from '../site/site-index.ts';
import type { StorySummary } from '../content/story.ts';
import { sha256 } from '../util/hash.ts';

/** The parts of a page's props that are not stories, per layout; stories are added by hash. */
const shapes: {
  [N in keyof JobProps]: (props: JobProps[N]) => { stories: readonly (StorySummary | undefined)[]; rest: unknown };
} = {
  story: ({ story, related, newer, older }) => ({ stories: [story, ...related, newer, older], rest: related.length }),
  front: ({ lead, secondary, sections, latest }) => ({
    stories: [lead, ...secondary, ...sections.flatMap((s) => [s.top, ...s.stories]), ...latest],
    rest: [secondary.length, sections.map((s) => [s.section, s.stories.length]), latest.length],
  }),
  listing: ({ stories, ...rest }) => ({ stories, rest }),
  notFound: ({ latest }) => ({ stories: latest, rest: latest.length }),
  search: ({ volumes }) => ({ stories: [], rest: volumes }),
};

const shapeOf = (job: LayoutJob) =>
  (shapes[job.layout] as (props: unknown) => { stories: readonly (StorySummary | undefined)[]; rest: unknown })(
    job.props,
  );

/** Every story a page's props show, in the order its key takes them. */
export const storiesOn = (job: LayoutJob): readonly (StorySummary | undefined)[] => shapeOf(job).stories;

/**
 * The key of a page's inputs: its layout, its props (stories stand in by their content
 * hash, since a summary is a function of it) and the slugs of the tags and authors those
 * stories link to. Together with the build's render key (tool, config, layouts, assets)
 * it decides whether a page must be rendered again.
 */
export function pageKey(job: LayoutJob, index: SiteIndex): string {
  const { stories, rest } = shapeOf(job);
  const part = fragmentsOf(index);
  let text = `${job.layout}\0${JSON.stringify(rest)}`;
  for (const story of stories) text += story ? part(story) : '\0-';
  return sha256(text);
}

/** What a story adds to the key of every page that shows it, worked out once per story and index. */
const fragments = new WeakMap<SiteIndex, (story: StorySummary) => string>();
function fragmentsOf(index: SiteIndex): (story: StorySummary) => string {
  let part = fragments.get(index);
  if (part) return part;
  const memo = new Map<StorySummary, string>();
  part = (story) => {
    let text = memo.get(story);
    if (text === undefined) {
      text = `\0${story.hash}`;
      for (const tag of story.tags) text += `\0t${index.tagSlugs.get(tag)}`;
      for (const author of story.authors) text += `\0a${index.authorSlugs.get(author.name)}`;
      memo.set(story, text);
    }
    return text;
  };
  fragments.set(index, part);
  return part;
}

/**
 * The key of a generated file's inputs: the stories it lists, by content hash, and what
 * else the route says it read (`inputs`). Feeds, sitemaps, redirects and stories.json are
 * functions of exactly those (and of the build's render key).
 */
/** What marks a data file's key in the cache: a partial build keeps the last build's pages, never its data files. */
export const DATA_KEY = 'd:';

export function dataKey(job: DataJob, index: SiteIndex): string {
  const hash = createHash('sha256').update('data\0').update(job.output);
  // The same bytes as one update per story, in batches: the calls cost more than the hashing.
  let text = '';
  for (const id of job.lists) {
    text += `\0${index.byId.get(id)?.hash ?? id}`;
    if (text.length > 1 << 16) {
      hash.update(text);
      text = '';
    }
  }
  hash.update(text);
  if (job.inputs !== undefined) hash.update('\0\0').update(job.inputs);
  return `${DATA_KEY}${hash.digest('hex')}`;
}
