import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BodyRef } from './body-store.ts';
import { readJsonFile, readJsonLines } from '../util/json-file.ts';
import { sameStat, type FileStat } from '../util/file-stat.ts';
import type { LoadedArticle } from '../content/load.ts';
import type { StoryCore } from '../content/story.ts';
import type { SearchRecord } from './search-record.ts';
import type { PieceIndex } from './splice.ts';

/** Bumped whenever the cache layout or the meaning of a key changes: older caches are ignored. */
export const CACHE_VERSION = 4;

/** A load result as cached: the body replaced by where it is stored, the summary by its core. */
export type CachedArticle = Omit<LoadedArticle, 'body' | 'summary'> & {
  readonly body?: BodyRef | undefined;
  readonly summary?: StoryCore | undefined;
};

export interface CacheEntry {
  readonly stat: FileStat;
  readonly loaded: CachedArticle;
  /**
   * The article's last version without errors, kept while the current one has errors:
   * what `--hold-invalid` publishes meanwhile.
   */
  readonly good?: CachedArticle | undefined;
}

/**
 * The persistent build cache (.broadsheet/cache/v4/): what each article loaded to (its
 * story as a core, whose details are in packs: `story-details.ts`), and the input key of
 * every page last rendered. Paths inside are relative, and a stat match is only a
 * shortcut to skip hashing: on another machine (a CI cache restore) every stat differs,
 * the sources are hashed, and equal hashes still hit.
 */
export interface CacheData {
  readonly version: number;
  /** The load settings key the entries were made with. */
  readonly loadKey: string;
  /** The render key (tool, config, layouts, assets) the page keys were made with. */
  readonly renderKey: string;
  readonly entries: Record<string, CacheEntry>;
  /** Output path → key of the inputs it was rendered from. */
  readonly pages: Record<string, string>;
  /**
   * Where every published story sat, with the author profiles (`placementDigest`), at the
   * last successful build of these pages. While it holds, a page that lists no changed
   * story keeps its key without working it out again.
   */
  readonly placement?: string | undefined;
  /** Copied files (images, public/, assets) by path relative to the project: stat and content digest. */
  readonly files?: Record<string, { readonly stat: FileStat; readonly size: number; readonly sha256: string }>;
  /** Generated files made of one piece per story (stories.json), by output path: their digest and each piece's key and length. */
  readonly pieces?: Record<string, PieceIndex>;
  /**
   * The photo store's fan-out folders, by name, as the last load left them, when every
   * picture the entries name was in the store: a folder with the same stat now has lost
   * none of them (`PhotoStore.folderStats`).
   */
  readonly photoFolders?: Record<string, FileStat> | undefined;
  /**
   * The SHA-256 of the output's manifest (or a shard's record) as the build that made
   * `pages`, `pieces` and `placement` left it. They describe that output alone: a build
   * into another folder, or into this one changed since, keeps nothing by them.
   */
  readonly output?: string | undefined;
  /** What each volume of the output's search index holds, by name; like the page keys, it describes `output`. */
  readonly searchVolumes?: Readonly<Record<string, SearchRecord>> | undefined;
}

export const emptyCache = (loadKey: string): CacheData => ({
  version: CACHE_VERSION,
  loadKey,
  renderKey: '',
  entries: {},
  pages: {},
});

export const cacheFile = (dir: string) => path.join(dir, 'build.json');
/** Changes since build.json was written, applied on top of it when read. */
export const journalFile = (dir: string) => path.join(dir, 'build.changes.json');

/**
 * What changed since the base file (build.json) was written: whole values, `null` for
 * removed keys. A rebuild that touched one story writes a few kilobytes here instead of
 * rewriting the base, which for a large archive is tens of megabytes; the base is
 * rewritten once the journal grows past a tenth of it.
 */
interface Journal {
  readonly base: string;
  readonly loadKey: string;
  readonly renderKey: string;
  readonly placement?: string | undefined;
  readonly photoFolders?: CacheData['photoFolders'];
  readonly output?: string | undefined;
  readonly searchVolumes?: Readonly<Record<string, SearchRecord>> | undefined;
  readonly entries: Record<string, CacheEntry | null>;
  readonly pages: Record<string, string | null>;
  readonly files: Record<string, NonNullable<CacheData['files']>[string] | null>;
  readonly pieces?: Record<string, PieceIndex | null>;
}

/** What is on disk for a cache folder, as this store last read or wrote it. */
interface OnDisk {
  readonly base: string;
  readonly state: CacheData;
  readonly journal: Journal;
}

/**
 * build.json is JSON Lines: a head (version, base id and keys), then the pages, the copied
 * files and the pieces, one line each, then one line per entry, `[id, entry]`. It is read
 * line by line: read whole, a large archive's cache would be its size in bytes and again
 * in a string before a single value is parsed.
 */
async function readBase(file: string): Promise<(CacheData & { base?: string }) | undefined> {
  const parts: unknown[] = [];
  const entries: Record<string, CacheEntry> = {};
  type Head = Omit<CacheData, 'entries' | 'pages' | 'files' | 'pieces'> & { base?: string };
  let head = undefined as Head | undefined;
  await readJsonLines(file, (value) => {
    if (head === undefined) {
      head = value as Head;
      return head.version === CACHE_VERSION;
    }
    if (parts.length < 3) parts.push(value);
    else {
      const [id, entry] = value as [string, CacheEntry];
      entries[id] = entry;
    }
  });
  if (head?.version !== CACHE_VERSION || parts.length < 3) return undefined;
  const [pages, files, pieces] = parts as [
    CacheData['pages'],
    NonNullable<CacheData['files']>,
    NonNullable<CacheData['pieces']>,
  ];
  return { ...head, entries, pages, files, pieces };
}

const emptyJournal = (base: string, data: CacheData): Journal => ({
  base,
  loadKey: data.loadKey,
  renderKey: data.renderKey,
  placement: data.placement,
  photoFolders: data.photoFolders,
  output: data.output,
  searchVolumes: data.searchVolumes,
  entries: {},
  pages: {},
  files: {},
  pieces: {},
});

/** The base with the journal's changes applied, in place: the base was parsed for this alone. */
function applyJournal(data: CacheData, journal: Journal): CacheData {
  // Record by record, not copies: for a large archive copying the records costs more.
  const apply = <T>(into: Record<string, T>, changes: Record<string, T | null> | undefined) => {
    for (const key in changes) {
      const value = changes[key]!;
      if (value === null) delete into[key];
      else into[key] = value;
    }
    return into;
  };
  return {
    ...data,
    loadKey: journal.loadKey,
    renderKey: journal.renderKey,
    placement: journal.placement,
    photoFolders: journal.photoFolders,
    output: journal.output,
    searchVolumes: journal.searchVolumes,
    entries: apply(data.entries, journal.entries),
    pages: apply(data.pages, journal.pages),
    files: apply(data.files ?? {}, journal.files),
    pieces: apply(data.pieces ?? {}, journal.pieces),
  };
}

/** Keys whose value differs between two records (`same` decides), with `null` for removed ones. */
function changesBetween<T>(
  before: Record<string, T>,
  after: Record<string, T>,
  same: (a: T, b: T) => boolean,
): Record<string, T | null> {
  // for…in, not Object.entries: no pair array per key for records of tens of thousands of keys.
  const out: Record<string, T | null> = {};
  for (const key in after) {
    const old = before[key];
    const value = after[key]!;
    if (old === undefined || !same(old, value)) out[key] = value;
  }
  for (const key in before) if (!(key in after)) out[key] = null;
  return out;
}

/**
 * One cache folder, as this process reads and writes it. The store remembers what it last
 * read or wrote, so that a save can be a small journal of what changed since.
 */
export class CacheStore {
  private disk: OnDisk | undefined;

  constructor(readonly dir: string) {}

  /** Read the cache; anything unreadable, of another version or made with other load settings, is empty. */
  async read(loadKey: string): Promise<CacheData> {
    const dir = this.dir;
    this.disk = undefined;
    try {
      const [base, journal] = await Promise.all([
        readBase(cacheFile(dir)),
        readJsonFile(journalFile(dir)).catch(() => undefined) as Promise<Journal | undefined>,
      ]);
      if (base === undefined) return emptyCache(loadKey);
      const { base: id, ...data } = base;
      const current = id !== undefined && journal?.base === id ? applyJournal(data, journal) : data;
      if (current.loadKey !== loadKey)
        return { ...emptyCache(loadKey), renderKey: current.renderKey, pages: current.pages };
      if (id !== undefined)
        this.disk = {
          base: id,
          state: current,
          journal: id === journal?.base ? journal : emptyJournal(id, current),
        };
      return current;
    } catch {
      return emptyCache(loadKey);
    }
  }

  /**
   * Save the cache: as a journal of what changed since the base file when this process knows
   * what is on disk and the journal stays small, otherwise as a new base file. Each file is
   * written to a temporary name and renamed, so an interrupted build leaves a readable cache.
   */
  async write(data: CacheData): Promise<void> {
    const dir = this.dir;
    await mkdir(dir, { recursive: true });
    const disk = this.disk;
    if (disk && (await baseIdOnDisk(dir)) === disk.base) {
      const { state, journal } = disk;
      const next: Journal = {
        base: disk.base,
        loadKey: data.loadKey,
        renderKey: data.renderKey,
        placement: data.placement,
        photoFolders: data.photoFolders,
        output: data.output,
        searchVolumes: data.searchVolumes,
        // An entry kept from the last build is the same object; one re-read has a new stat,
        // and one whose last good version was kept or dropped a new `good`.
        entries: {
          ...journal.entries,
          ...changesBetween(
            state.entries,
            data.entries,
            (a, b) => a === b || (a.loaded === b.loaded && a.good === b.good && sameStat(a.stat, b.stat)),
          ),
        },
        pages: { ...journal.pages, ...changesBetween(state.pages, data.pages, (a, b) => a === b) },
        files: {
          ...journal.files,
          ...changesBetween(
            state.files ?? {},
            data.files ?? {},
            (a, b) => a.sha256 === b.sha256 && a.size === b.size && sameStat(a.stat, b.stat),
          ),
        },
        pieces: { ...journal.pieces, ...changesBetween(state.pieces ?? {}, data.pieces ?? {}, (a, b) => a === b) },
      };
      const changed =
        Object.keys(next.entries).length +
        Object.keys(next.pages).length +
        Object.keys(next.files).length +
        Object.keys(next.pieces ?? {}).length;
      const size =
        Object.keys(data.entries).length + Object.keys(data.pages).length + Object.keys(data.files ?? {}).length;
      if (changed <= Math.max(JOURNAL_MIN, size / 10)) {
        await writeAtomically(journalFile(dir), async (put) => put(JSON.stringify(next)));
        this.disk = { base: disk.base, state: data, journal: next };
        return;
      }
    }
    const base = randomBytes(8).toString('hex');
    await writeAtomically(cacheFile(dir), async (put) => {
      // Line by line (readBase): for a large archive one JSON string of the whole cache (and
      // its bytes) would be the largest allocation of the build.
      const { version, entries, pages, files, pieces, ...keys } = data;
      await put(`${JSON.stringify({ version, base, ...keys })}\n`);
      await put(`${JSON.stringify(pages)}\n${JSON.stringify(files ?? {})}\n${JSON.stringify(pieces ?? {})}\n`);
      for (const id in entries) await put(`${JSON.stringify([id, entries[id]])}\n`);
    });
    await rm(journalFile(dir), { force: true });
    this.disk = { base, state: data, journal: emptyJournal(base, data) };
  }
}

/** A journal of up to this many changed keys is always kept, however small the cache. */
const JOURNAL_MIN = 1000;

/** The base id at the start of build.json: another process may have rewritten it since. */
async function baseIdOnDisk(dir: string): Promise<string | undefined> {
  try {
    const file = await open(cacheFile(dir), 'r');
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(64), 0, 64, 0);
      return /"base":"([0-9a-f]+)"/.exec(buffer.subarray(0, bytesRead).toString('latin1'))?.[1];
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
}

/** Write a file through a temporary name, in chunks of about CHUNK characters. */
async function writeAtomically(
  target: string,
  fill: (put: (text: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const tmp = `${target}.${process.pid}.tmp`;
  const file = await open(tmp, 'w');
  try {
    let chunk = '';
    await fill(async (text) => {
      chunk += text;
      if (chunk.length < CHUNK) return;
      await file.write(chunk);
      chunk = '';
    });
    await file.write(chunk);
  } finally {
    await file.close();
  }
  await rename(tmp, target);
}

/** Bytes gathered before each write of the cache file. */
const CHUNK = 1 << 20;

/** Where a project's cache of this version lives. */
export const cacheFolder = (root: string): string => path.join(root, '.broadsheet', 'cache', `v${CACHE_VERSION}`);

/**
 * Remove the caches other cache versions left beside this one (`v3/` beside `v4/`): this
 * version never reads them, and an archive's cache is large.
 */
export async function removeOtherVersions(dir: string): Promise<void> {
  const versions = path.dirname(dir);
  for (const other of await readdir(versions).catch(() => [] as string[])) {
    if (/^v\d+$/.test(other) && other !== path.basename(dir))
      await rm(path.join(versions, other), { recursive: true, force: true });
  }
}
