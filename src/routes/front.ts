import type { FrontSection } from '../render/layouts.ts';
import type { StoryCore } from '../content/story.ts';
import { ids, type Route } from './route.ts';

/**
 * The front page: a lead with a picture, the top stories, a block per section, then the
 * newest headlines left. Editors choose with pins (`pin:` in front matter): the newest
 * story pinned as lead leads, and the other pinned stories come first among the top
 * stories. Each part takes the newest stories the parts before it left, so no story is
 * shown twice.
 */
export const frontRoute: Route = function* ({ index, config, site, full, pictured }) {
  const { leadCandidates, secondary: secondaryCount, perSection, latest: latestCount } = config.frontPage;
  const shown = new Set<string>();
  const take = (stories: readonly StoryCore[], count: number): StoryCore[] => {
    const taken: StoryCore[] = [];
    for (const story of stories) {
      if (taken.length >= count) break;
      if (shown.has(story.id)) continue;
      shown.add(story.id);
      taken.push(story);
    }
    return taken;
  };

  const { lead, pinned } = chooseFront(index.stories, leadCandidates, pictured);
  if (lead) shown.add(lead.id);
  const secondary = take(pinned, secondaryCount);
  secondary.push(...take(index.stories, secondaryCount - secondary.length));
  const sections = site.sections.flatMap((section): FrontSection[] => {
    const stories = take(index.sections.get(section.id)?.stories ?? [], perSection);
    const top = stories.find(pictured) ?? stories[0];
    return top ? [{ section, top: full(top), stories: stories.filter((story) => story !== top).map(full) }] : [];
  });
  const latest = take(index.stories, latestCount);

  yield {
    type: 'layout',
    output: 'index.html',
    layout: 'front',
    props: { lead: lead && full(lead), secondary: secondary.map(full), sections, latest: latest.map(full) },
    lists: ids([lead, ...secondary, ...sections.flatMap((s) => [s.top, ...s.stories]), ...latest]),
  };
};

/**
 * The lead and the pinned top stories, from the published stories newest first (their
 * pins are those in force). The newest story pinned as lead leads; other stories pinned
 * as lead are pinned top stories. Without a lead pin, `chooseLead` decides.
 */
export function chooseFront<S extends StoryCore>(
  stories: readonly S[],
  candidates: number,
  pictured: (story: S) => boolean,
): { lead: S | undefined; pinned: readonly S[] } {
  const pinned = stories.filter((story) => story.pin);
  const lead = pinned.find((story) => story.pin?.to === 'lead') ?? chooseLead(stories, candidates, pictured);
  return { lead, pinned: pinned.filter((story) => story !== lead) };
}

/**
 * The newest story with a picture among the newest `candidates`, else the newest story: a
 * front page leads with a picture, but not with a days-old story over the latest news.
 */
export function chooseLead<S extends StoryCore>(
  stories: readonly S[],
  candidates: number,
  pictured: (story: S) => boolean,
): S | undefined {
  return stories.slice(0, candidates).find(pictured) ?? stories[0];
}
