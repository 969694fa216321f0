import type { ListingPageProps } from '../render/layouts.ts';
import { paths } from '../site/paths.ts';
import type { Group } from '../site/site-index.ts';
import type { StoryCore, StorySummary } from '../content/story.ts';
import { archiveOf, paginate } from './paginate.ts';
import { ids, outputPath, wanted, type PageJob, type Route } from './route.ts';

function* listing(
  group: Group,
  first: string,
  size: number,
  props: Pick<ListingPageProps, 'kind' | 'title' | 'description' | 'section' | 'profile'>,
  only: ReadonlySet<string> | undefined,
  full: (story: StoryCore) => StorySummary,
): Iterable<PageJob> {
  if (!wanted(only, group.stories)) return;
  // Given the stories loaded anew, an archive page older than the oldest of them is as it
  // was (its stories keep their places counted from the oldest), but for the links of the
  // page just before it, which was the newest and led to the first page; the first page
  // and the newest two (a new page, and the links to it) can change when stories are added.
  const pages = paginate(group.stories, size, first);
  const last = pages.length - 1;
  let from = Math.max(1, last - 1);
  if (only)
    group.stories.forEach((story, i) => {
      const page = only.has(story.id) ? archiveOf(i, group.stories.length, size) : 0;
      if (page > 0 && page - 1 < from) from = Math.max(1, page - 1);
    });
  for (const page of pages) {
    if (only && page.archive > 0 && page.archive < from) continue;
    yield {
      type: 'layout',
      output: outputPath(page.path),
      layout: 'listing',
      props: { ...props, path: page.path, stories: page.items.map(full), pagination: page.pagination },
      lists: ids(page.items),
    };
  }
}

/** /world/, /world/archive/1/ … for every section with stories. */
export const sectionRoute: Route = function* ({ index, config, only, full }) {
  for (const [id, group] of index.sections) {
    const description = config.sections.find((s) => s.id === id)?.description || undefined;
    yield* listing(
      group,
      paths.section(id),
      config.listings.pageSize,
      { kind: 'section', title: group.name, description, section: id },
      only,
      full,
    );
  }
};

/** /tags/<slug>/ for every tag. */
export const tagRoute: Route = function* ({ index, config, only, full }) {
  for (const [slug, group] of index.tags) {
    yield* listing(group, paths.tag(slug), config.listings.pageSize, { kind: 'tag', title: group.name }, only, full);
  }
};

/** /authors/<slug>/ for every byline, agencies included, with the profile from authors.yaml. */
export const authorRoute: Route = function* ({ index, config, only, full }) {
  for (const [slug, group] of index.authors) {
    yield* listing(
      group,
      paths.author(slug),
      config.listings.pageSize,
      {
        kind: 'author',
        title: group.name,
        description: group.profile?.bio,
        profile: group.profile,
      },
      only,
      full,
    );
  }
};

/** /2021/, /2021/05/, /2021/05/05/: date archives in the site time zone. */
export const archiveRoute: Route = function* ({ index, config, only, full }) {
  // One formatter for all the (thousands of) archive pages.
  const dayTitle = new Intl.DateTimeFormat(config.language, { dateStyle: 'long', timeZone: 'UTC' });
  const monthTitle = new Intl.DateTimeFormat(config.language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  for (const [key, group] of index.archives) {
    const [yyyy, mm, dd] = key.split('/');
    const date = Date.UTC(Number(yyyy), Number(mm ?? 1) - 1, Number(dd ?? 1));
    const title = dd ? dayTitle.format(date) : mm ? monthTitle.format(date) : yyyy!;
    yield* listing(
      group,
      paths.archive(key),
      config.listings.pageSize,
      { kind: 'archive', title: `Stories from ${title}` },
      only,
      full,
    );
  }
};
