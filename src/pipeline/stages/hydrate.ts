import type { StoryCore, StorySummary } from '../../content/story.ts';
import { storiesOn } from '../../incremental/page-key.ts';
import type { StoryDetailsReader } from '../../incremental/story-details.ts';
import type { JobProps, LayoutJob, PageJob } from '../../routes/route.ts';

/**
 * A shard describes every page of the site, so that every shard slices the same list, but
 * renders only its slice. Its layout routes put each story's core on the pages in place of
 * the whole story (`coreOnly`): what slicing and the shard key read of a page (its output
 * path, the ids it lists, its story's body length) is all in the core. hydrate then gives
 * the pages of the slice their stories whole, the details read pack by pack, and no other
 * shard's page reads a story's details: at a million stories in 32 shards, each shard reads
 * and keeps the details of the stories its own pages show instead of every story's.
 */
export const coreOnly = (story: StoryCore): StorySummary =>
  // Until hydrated: the pages holding it are read only by the steps named above.
  story as StorySummary;

/** The pages with their stories whole (layout pages; data jobs read theirs when written). */
export function hydratePages(jobs: readonly PageJob[], details: StoryDetailsReader): PageJob[] {
  const cores: StoryCore[] = [];
  for (const job of jobs) if (job.type === 'layout') for (const story of storiesOn(job)) if (story) cores.push(story);
  details.prefetch(cores);
  const whole = (story: StorySummary) => details.full(story);
  return jobs.map((job) => (job.type === 'layout' ? withStories(job, whole) : job));
}

/** A layout page with `each` applied to every story in its props, each field where it was. */
function withStories(job: LayoutJob, each: (story: StorySummary) => StorySummary): PageJob {
  const maybe = (story: StorySummary | undefined) => story && each(story);
  const props = (): JobProps[keyof JobProps] => {
    switch (job.layout) {
      case 'story': {
        const p = job.props as JobProps['story'];
        return {
          ...p,
          story: each(p.story),
          related: p.related.map(each),
          newer: maybe(p.newer),
          older: maybe(p.older),
        };
      }
      case 'front': {
        const p = job.props as JobProps['front'];
        return {
          ...p,
          lead: maybe(p.lead),
          secondary: p.secondary.map(each),
          sections: p.sections.map((s) => ({ ...s, top: each(s.top), stories: s.stories.map(each) })),
          latest: p.latest.map(each),
        };
      }
      case 'listing': {
        const p = job.props as JobProps['listing'];
        return { ...p, stories: p.stories.map(each) };
      }
      case 'notFound': {
        const p = job.props as JobProps['notFound'];
        return { ...p, latest: p.latest.map(each) };
      }
      case 'search':
        return job.props;
    }
  };
  return { ...job, props: props() } as PageJob;
}
