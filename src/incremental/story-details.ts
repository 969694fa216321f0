import { DETAIL_KEYS, wholeSummary, type StoryCore, type StoryDetails, type StorySummary } from '../content/story.ts';
import type { PackRef } from '../util/pack-ref.ts';
import { BodyReader, writePack } from './body-store.ts';

/**
 * A story's details (its text and pictures, `DETAIL_KEYS`) live in pack files beside the
 * bodies, and the cache's entries keep the rest: restoring the cache of a large archive
 * then reads and keeps a little over half of what it did, and a rebuild reads back only
 * the details of the stories on the pages it renders.
 */

const DETAILS: ReadonlySet<string> = new Set(DETAIL_KEYS);

/**
 * Store the details of a batch of summaries in one pack, and give each summary back as its
 * core with where its details are.
 */
export function storeDetails(dir: string, summaries: readonly StorySummary[]): StoryCore[] {
  const split = summaries.map((summary) => {
    const core: Record<string, unknown> = {};
    const details: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(summary)) (DETAILS.has(key) ? details : core)[key] = value;
    return { core, json: JSON.stringify(details) };
  });
  // writePack names each piece; here by its place in the batch.
  const refs = writePack(
    dir,
    split.map(({ json }, i) => ({ hash: String(i), html: json })),
  );
  return split.map(({ core }, i) => ({ ...core, details: refs.get(String(i)) }) as StoryCore);
}

/**
 * Whole summaries for the pages builds render, read back from the packs. One per builder:
 * it keeps what it made, so a story listed on many pages, or shown again by the next
 * rebuild in watch mode, is read once.
 */
export class StoryDetailsReader {
  private readonly reader: BodyReader;
  private readonly made = new WeakMap<StoryCore, StorySummary>();

  constructor(cacheDir: string) {
    this.reader = new BodyReader(cacheDir);
  }

  /** The whole summary of a story: a core's details read back, or the summary itself. */
  readonly full = (story: StoryCore): StorySummary => this.made.get(story) ?? this.keep(story, this.whole(story));

  /**
   * The whole summary of a story, kept only if it was already: for files that show every
   * story once (stories.json), where keeping them all would hold every story's details at
   * once. Each is read on its own: the stories such files show come in no pack's order.
   */
  readonly passing = (story: StoryCore): StorySummary => this.made.get(story) ?? this.whole(story);

  /**
   * Read the details of many stories ahead, pack by pack (a build that renders every page
   * needs them all): one read of each pack file rather than one a story.
   */
  prefetch(stories: readonly StoryCore[]): void {
    const byPack = new Map<string, StoryCore[]>();
    // A story listed on many pages is asked for many times, and read once.
    const queued = new Set<StoryCore>();
    for (const story of stories) {
      if (story.details === undefined || this.made.has(story) || queued.has(story)) continue;
      queued.add(story);
      const list = byPack.get(story.details.pack);
      if (list) list.push(story);
      else byPack.set(story.details.pack, [story]);
    }
    for (const cores of byPack.values())
      for (const story of cores)
        this.keep(
          story,
          this.whole(story, (ref) => this.reader.read(ref)),
        );
  }

  /** A core with its details read back (by default alone, not disturbing the pack kept in memory). */
  private whole(story: StoryCore, read = (ref: PackRef) => this.reader.readOne(ref)): StorySummary {
    if (story.details === undefined) return story as StorySummary;
    return wholeSummary(story, JSON.parse(read(story.details)) as StoryDetails);
  }

  private keep(story: StoryCore, whole: StorySummary): StorySummary {
    this.made.set(story, whole);
    return whole;
  }
}
