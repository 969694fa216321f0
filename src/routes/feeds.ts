import type { FeedItem, FeedMeta, FeedWriter } from '../render/feeds/feed.ts';
import { joinPieces, type Pieces } from './pieces.ts';
import { paths } from '../site/paths.ts';
import type { StoryCore } from '../content/story.ts';
import { ids, type PageJob, type Route, type RouteInput } from './route.ts';

/**
 * The writers, imported only when a feed is rendered: most rebuilds keep every feed, and
 * the HTML parser and XML serializer behind them take a while to load. Each feed is
 * pieced (one piece per item): a rebuild renders only the items of new or changed stories.
 */
const FORMATS = {
  rss: async () => (await import('../render/feeds/rss.ts')).rss,
  atom: async () => (await import('../render/feeds/atom.ts')).atom,
  json: async () => (await import('../render/feeds/json-feed.ts')).jsonFeed,
} as const;

/**
 * RSS, Atom and JSON Feed for the whole site and for each section: the latest stories. A
 * section the site no longer serves keeps its feeds, empty: readers subscribed to it get
 * nothing new rather than an error, and its stories again if it comes back.
 */
export const feedRoute: Route = function* (input) {
  const { index, config, site, vanished } = input;
  const description = (id: string) => config.sections.find((s) => s.id === id)?.description ?? '';
  yield* feedJobs(input, index.stories.slice(0, config.feeds.limit), paths.feed, '/', site.title, site.description);
  for (const [id, group] of index.sections) {
    const stories = group.stories.slice(0, config.feeds.limit);
    yield* feedJobs(
      input,
      stories,
      paths.sectionFeed(id),
      paths.section(id),
      `${site.title}: ${group.name}`,
      description(id),
    );
  }
  for (const { url, to } of vanished) {
    const id = paths.sectionOf(url);
    if (id === undefined || index.sections.has(id)) continue;
    yield* feedJobs(input, [], paths.sectionFeed(id), to, `${site.title}: ${site.sectionName(id)}`, description(id));
  }
};

function* feedJobs(
  input: RouteInput,
  cores: readonly StoryCore[],
  files: { rss: string; atom: string; json: string },
  home: string,
  title: string,
  description: string,
): Iterable<PageJob> {
  const { site, config } = input;
  const stories = cores.map(input.full);
  // Enclosures give the picture's size: a picture replaced by another changes the feed
  // though no story did.
  const sizes = stories.map((story) => {
    const picture = story.image ?? story.gallery[0];
    return picture ? (input.fileSize(picture.src) ?? '') : '';
  });
  // Items by position, made when a format first needs them and shared by the three.
  const items: (FeedItem | undefined)[] = new Array(stories.length);
  const makeItems = async (positions: readonly number[]) => {
    const wanted = positions.filter((at) => items[at] === undefined);
    if (wanted.length === 0) return;
    const [{ absoluteHtml, imageType }, bodies] = await Promise.all([
      import('../render/feeds/feed.ts'),
      config.feeds.content === 'full' ? input.bodies(wanted.map((at) => stories[at]!)) : new Map<string, string>(),
    ]);
    for (const at of wanted) {
      const story = stories[at]!;
      const url = site.absolute(story.url);
      const body = bodies.get(story.id);
      const picture = story.image ?? story.gallery[0];
      items[at] = {
        story,
        url,
        html: body === undefined ? undefined : absoluteHtml(body, url),
        image: picture
          ? {
              url: site.resolve(picture.src),
              type: imageType(picture.src),
              length: input.fileSize(picture.src),
              alt: picture.alt,
            }
          : undefined,
        section: story.section
          ? (input.index.sections.get(story.section)?.name ?? site.sectionName(story.section))
          : undefined,
      };
    }
  };
  let updated: number | undefined;
  for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
    const self = files[format];
    let writer: FeedWriter | undefined;
    let meta: FeedMeta | undefined;
    const pieces: Pieces = {
      async prepare(positions) {
        writer ??= await FORMATS[format]();
        updated ??= (await import('../render/feeds/feed.ts')).feedUpdated(stories);
        meta ??= {
          title,
          description,
          language: config.language,
          home: site.absolute(home),
          self: site.absolute(self),
          publisher: site.publisher.name,
          updated,
        };
        await makeItems(positions);
      },
      // Read only after prepare(), which sets writer and meta.
      get head() {
        return writer!.head(meta!, stories.length);
      },
      get separator() {
        return writer!.separator;
      },
      get tail() {
        return writer!.tail(stories.length);
      },
      piece: (at) => writer!.item(items[at]!, meta!),
      // A story's item shows its content and its picture's size.
      key: (at) => `${stories[at]!.hash}\0${sizes[at]}`,
    };
    yield {
      type: 'data',
      output: self.slice(1),
      lists: ids(stories),
      inputs: sizes.join(','),
      pieces,
      render: async () => (await joinPieces(pieces, stories.length)).text,
    };
  }
}
