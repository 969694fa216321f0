import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readJsonFile } from '../util/json-file.ts';
import { cutIntoRuns } from '../util/runs.ts';
import type { ShardSpec } from './shard.ts';

/**
 * Loaded parts (`broadsheet load --part I/N --into DIR`): the articles cut into N runs,
 * each loaded once (parsed, validated, its pictures encoded) on its own machine. A build
 * given every part (`build --loaded DIR`) starts from what they loaded and parses no
 * article again, so the shards of a large archive share the parsing instead of each
 * doing all of it.
 *
 * A part folder holds `part.json` (this record), `cache/` (the build cache of its
 * articles: their entries and body packs) and `photos/` (the photo store of their
 * pictures).
 */
export interface PartRecord {
  readonly version: 1;
  readonly part: number;
  readonly of: number;
  /** The load key (Broadsheet and every setting loading depends on): a build with another cannot use the part. */
  readonly key: string;
  /** The Broadsheet that loaded it (`toolVersion()`), to say which of the two differs. */
  readonly tool?: string | undefined;
  /** Each load setting's digest (`loadSettingDigests`), to say which setting differs. */
  readonly settings?: Readonly<Record<string, string>> | undefined;
  /** The articles it loaded: how many, and the first and last id. */
  readonly articles: number;
  readonly first?: string | undefined;
  readonly last?: string | undefined;
}

export const PART_RECORD = 'part.json';
export const partCacheFolder = (dir: string): string => path.join(dir, 'cache');
export const partPhotoFolder = (dir: string): string => path.join(dir, 'photos');

/**
 * The articles of part I of N: the sorted ids cut into contiguous runs of about equal
 * source bytes (a long story costs more to parse than a brief), so that every machine
 * cuts one checkout the same way.
 */
export function partArticles(ids: readonly string[], sizes: readonly number[], part: ShardSpec): number[] {
  const runs = cutIntoRuns(sizes, part.of);
  return ids.flatMap((_, i) => (runs[i] === part.index - 1 ? [i] : []));
}

/** A part folder as found: where it is and what it says of itself (undefined: unreadable). */
export interface FoundPart {
  readonly dir: string;
  readonly record: PartRecord | undefined;
}

/**
 * The parts a `--loaded` folder holds: the folder itself when it is a part, otherwise
 * each folder in it that is one (one artifact per part, downloaded side by side).
 */
export async function findParts(dir: string): Promise<FoundPart[]> {
  const read = async (folder: string): Promise<FoundPart> => ({ dir: folder, record: await readRecord(folder) });
  if (existsSync(path.join(dir, PART_RECORD))) return [await read(dir)];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const parts = names.filter((name) => existsSync(path.join(dir, name, PART_RECORD)));
  return Promise.all(parts.map((name) => read(path.join(dir, name))));
}

const isString = (value: unknown): value is string => typeof value === 'string';

async function readRecord(dir: string): Promise<PartRecord | undefined> {
  try {
    const record = (await readJsonFile(path.join(dir, PART_RECORD))) as Partial<PartRecord>;
    const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;
    if (
      record.version !== 1 ||
      !whole(record.part) ||
      !whole(record.of) ||
      record.part > record.of ||
      typeof record.key !== 'string'
    )
      return undefined;
    // The settings' digests only name what differs in a message: a record without them is read all the same.
    const { settings, ...rest } = record as PartRecord;
    const named = typeof settings === 'object' && settings !== null && Object.values(settings).every(isString);
    return named ? { ...rest, settings } : rest;
  } catch {
    return undefined;
  }
}
