import { sha256 } from '../util/hash.ts';

/**
 * What the output's search index holds, kept in the cache beside the page keys: the
 * search key its pages were made with, a digest of the stories it indexed, the clock, and
 * the published stories it leaves out, which `--defer-search` builds published after it
 * was made.
 */
export interface SearchRecord {
  readonly render: string;
  readonly indexed: string;
  /** The clock of the build that made or kept it: a story dated later was not published then. */
  readonly now: number;
  /** The clock of the build that first left out a story still pending (with none pending, `now`). */
  readonly since: number;
  /** URLs of published stories not in the index yet, sorted. */
  readonly pending: readonly string[];
}

/**
 * How long `--defer-search` may keep an index that lacks stories, counted from the build
 * that first left one out: a bound on how long a new story stays out of search when the
 * builds meant to index it (the workflow's run at 47 past) are cancelled, dropped or late.
 */
export const MAX_DEFER_MS = 2 * 60 * 60 * 1000;

/** A story as the search index holds it. */
export interface SearchedStory {
  readonly id: string;
  readonly url: string;
  /** What its page's searched part is made of besides the layouts: its content hash, its section's name. */
  readonly key: string;
  /** Its date (epoch ms): it was not published before then. */
  readonly date: number;
}

/** The digest of a set of stories as the index holds them, whatever their order. */
export function indexedDigest(stories: readonly Pick<SearchedStory, 'url' | 'key'>[]): string {
  return sha256(
    stories
      .map((story) => `${story.url}\0${story.key}`)
      .sort()
      .join('\n'),
  );
}

export interface SearchDecision {
  /**
   * `current`: the index holds exactly these stories; `deferred`: it holds every story it
   * held, unchanged, and lacks only newly published ones; `refresh`: it must be made again.
   */
  readonly kind: 'current' | 'deferred' | 'refresh';
  /** The record of the index kept (`current`, `deferred`). */
  readonly kept: SearchRecord;
  /** The record of an index made now of every story. */
  readonly fresh: SearchRecord;
}

/**
 * Whether the last search index can stay. It can when it indexed exactly the stories
 * published now, as they are now, with the same search key. With `defer`, it can also
 * when the only stories it lacks are newly published ones, while the first of them has
 * waited less than MAX_DEFER_MS.
 *
 * Which stories are new need not be known exactly. The candidates are the stories an
 * earlier build left out, those published anew since the last build (`changed`: new
 * articles, drafts published, stories whose errors were fixed, edits), and those dated
 * after the clock of the build that last kept the index (embargoes lifted since). The
 * stories left once the candidates are taken out must be exactly the ones it indexed,
 * unchanged: an edited story is a candidate, but its old version is in the index, so the
 * digests differ and the index is made again. So they do when a story was moved or
 * removed: search never shows words a story no longer has, nor a page that is gone.
 */
export function decideSearch(input: {
  readonly stories: readonly SearchedStory[];
  readonly render: string;
  readonly now: number;
  readonly record: SearchRecord | undefined;
  readonly changed: ReadonlySet<string>;
  readonly defer: boolean;
  /**
   * Since when the first story left out of any part of the index has waited, when that is
   * earlier than this record says (`decideVolumes`).
   */
  readonly waitingSince?: number | undefined;
}): SearchDecision {
  const { stories, render, record, now } = input;
  const all = indexedDigest(stories);
  const fresh: SearchRecord = { render, indexed: all, now, since: now, pending: [] };
  const refresh: SearchDecision = { kind: 'refresh', kept: fresh, fresh };
  if (record === undefined || record.render !== render) return refresh;
  if (record.indexed === all && record.pending.length === 0) return { kind: 'current', kept: record, fresh };
  const own = record.pending.length > 0 ? record.since : now;
  const since = input.waitingSince === undefined ? own : Math.min(own, input.waitingSince);
  // A clock set back before the wait began is no measure of it.
  if (!input.defer || now < since || now - since >= MAX_DEFER_MS) return refresh;
  const waiting = new Set(record.pending);
  const candidates = new Set(
    stories
      .filter((story) => waiting.has(story.url) || input.changed.has(story.id) || story.date > record.now)
      .map((story) => story.url),
  );
  const held = stories.filter((story) => !candidates.has(story.url));
  if (indexedDigest(held) !== record.indexed) return refresh;
  const pending = [...candidates].sort();
  return { kind: 'deferred', kept: { render, indexed: record.indexed, now, since, pending }, fresh };
}

/** A volume of the search index as this build would make it. */
export interface SearchedVolume {
  readonly name: string;
  readonly stories: readonly SearchedStory[];
}

/**
 * `decideSearch` for each volume of the index (a year's stories, each its own Pagefind
 * bundle), with what only the whole index shows. A story that left a volume (moved to
 * another year, say) is a candidate in the volume it joined, where it is missing: so no
 * volume is deferred while one must be made again, or one the records list is gone, as
 * one index would be made again whole. And the 2-hour bound counts from the first story
 * left out of any volume.
 */
export function decideVolumes(input: {
  readonly volumes: readonly SearchedVolume[];
  readonly render: string;
  readonly now: number;
  readonly records: Readonly<Record<string, SearchRecord>> | undefined;
  readonly changed: ReadonlySet<string>;
  readonly defer: boolean;
}): SearchDecision[] {
  const { volumes, records = {} } = input;
  const waiting = Object.values(records).filter((record) => record.pending.length > 0);
  const waitingSince = waiting.length > 0 ? Math.min(...waiting.map((record) => record.since)) : undefined;
  const decide = (defer: boolean) =>
    volumes.map((volume) =>
      decideSearch({
        stories: volume.stories,
        render: input.render,
        now: input.now,
        record: records[volume.name],
        changed: input.changed,
        defer,
        waitingSince,
      }),
    );
  const decided = decide(input.defer);
  const names = new Set(volumes.map((volume) => volume.name));
  const gone = Object.keys(records).some((name) => !names.has(name));
  return input.defer && (gone || decided.some((d) => d.kind === 'refresh')) ? decide(false) : decided;
}
