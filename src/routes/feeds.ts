import type { Feed, FeedItem } from '../feeds/feed.ts';
import { paths } from '../paths.ts';
import type { StorySummary } from '../story.ts';
import { ids, type PageJob, type Route, type RouteInput } from './route.ts';

/**
 * The writers, imported only when a feed is rendered: most rebuilds keep every feed, and
 * the HTML parser and XML serializer behind them take a while to load.
 */
const FORMATS = {
  rss: async () => (await import('../feeds/rss.ts')).rss,
  atom: async () => (await import('../feeds/atom.ts')).atom,
  json: async () => (await import('../feeds/json-feed.ts')).jsonFeed,
} as const;

/** RSS, Atom and JSON Feed for the whole site and for each section: the latest stories. */
export const feedRoute: Route = function* (input) {
  const { index, config, site } = input;
  yield* feedJobs(input, index.stories.slice(0, config.feeds.limit), paths.feed, '/', site.title, site.description);
  for (const [id, group] of index.sections) {
    yield* feedJobs(input, group.stories.slice(0, config.feeds.limit), paths.sectionFeed(id), paths.section(id), `${site.title}: ${group.name}`, config.sections.find((s) => s.id === id)?.description ?? '');
  }
};

function* feedJobs(
  input: RouteInput,
  stories: readonly StorySummary[],
  files: { rss: string; atom: string; json: string },
  home: string,
  title: string,
  description: string,
): Iterable<PageJob> {
  const { site, config } = input;
  // One body lookup shared by the three formats of this feed.
  let items: Promise<FeedItem[]> | undefined;
  const load = () =>
    (items ??= Promise.all([import('../feeds/feed.ts'), config.feeds.content === 'full' ? input.bodies(stories) : new Map<string, string>()]).then(([{ absoluteHtml, imageType }, bodies]) =>
      stories.map((story) => {
        const url = site.absolute(story.url);
        const body = bodies.get(story.id);
        const picture = story.image ?? story.gallery[0];
        return {
          story,
          url,
          html: body === undefined ? undefined : absoluteHtml(body, url),
          image: picture
            ? { url: site.resolve(picture.src), type: imageType(picture.src), length: input.fileSize(picture.src), alt: picture.alt }
            : undefined,
          section: story.section ? site.sectionName(story.section) : undefined,
        };
      }),
    ));
  // Enclosures give the picture's size: a picture replaced by another changes the feed
  // though no story did.
  const sizes = stories.map((story) => {
    const picture = story.image ?? story.gallery[0];
    return picture ? (input.fileSize(picture.src) ?? '') : '';
  });
  for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
    const self = files[format];
    yield {
      type: 'data',
      output: self.slice(1),
      lists: ids(stories),
      inputs: sizes.join(','),
      render: async (): Promise<string> => {
        const feed: Feed = {
          title,
          description,
          language: config.language,
          home: site.absolute(home),
          self: site.absolute(self),
          publisher: site.publisher.name,
          items: await load(),
        };
        return (await FORMATS[format]())(feed);
      },
    };
  }
}
