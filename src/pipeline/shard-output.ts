import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { readFilesRecord, SHARD_MANIFEST_PATH, type FileDigest } from '../output/manifest.ts';
import { isPlainRelative } from '../util/relative-path.ts';
import type { VolumeUrls } from './stages/search.ts';

/** A shard's output folder as merge reads it. */
export interface ShardOutput {
  readonly dir: string;
  /** Its record, as messages show it. */
  readonly shown: string;
  readonly shard: number;
  readonly of: number;
  readonly key: string;
  /** The digests its key is made of, by part: what merge names when keys differ. */
  readonly parts?: Readonly<Record<string, string>> | undefined;
  readonly settings: string;
  readonly compress: boolean;
  /** The clock it was built with (epoch ms), when its record says. */
  readonly now?: number | undefined;
  readonly cost: number;
  /** Shard 1's: the story URLs search indexes, volume by volume, in order. */
  readonly search?: readonly VolumeUrls[];
  readonly files: Readonly<Record<string, FileDigest>>;
}

/** A shard's record, or the problem with it. */
export async function readShard(
  dir: string,
  shown: (file: string) => string,
): Promise<ShardOutput | { problem: Diagnostic }> {
  const file = path.join(dir, SHARD_MANIFEST_PATH);
  const record = await readFilesRecord(dir, SHARD_MANIFEST_PATH);
  const { shard, of, key, parts, settings, compress, now, cost, search } = record?.head ?? {};
  const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;
  if (
    !record ||
    !whole(shard) ||
    !whole(of) ||
    shard > of ||
    typeof key !== 'string' ||
    typeof settings !== 'string' ||
    typeof compress !== 'boolean' ||
    typeof cost !== 'number' ||
    (search !== undefined && !isVolumeList(search))
  ) {
    // Before search came in volumes, shard 1 listed its story URLs alone.
    const older = Array.isArray(search) && search.some((url) => typeof url === 'string');
    const reason = older
      ? `${shown(file)} was written by an earlier version of Broadsheet: build the shards again with this one`
      : record
        ? `${shown(file)} is not a shard's record (no shard number, count or key)`
        : !existsSync(dir)
          ? `${shown(dir)} does not exist`
          : !statSync(dir).isDirectory()
            ? `${shown(dir)} is a file, not a shard's output folder`
            : existsSync(file)
              ? `${shown(file)} cannot be read as a shard's record (it is not JSON, or another version wrote it)`
              : `${shown(dir)} has no ${SHARD_MANIFEST_PATH}: it is not the output of "broadsheet build --shard I/N" (a CI artifact leaves the record out unless hidden files are uploaded: include-hidden-files: true)`;
    return { problem: diagnostic('shard-invalid', { file: shown(record || existsSync(file) ? file : dir) }, reason) };
  }
  // A record lists the shard's own files: a path out of the folder is no output of a build.
  const outside = Object.keys(record.files).find((rel) => !isPlainRelative(rel));
  if (outside !== undefined) {
    const reason = `${shown(file)} lists ${JSON.stringify(outside)}, which is not a path inside an output folder`;
    return { problem: diagnostic('shard-invalid', { file: shown(file) }, reason) };
  }
  return {
    dir,
    shown: shown(file),
    shard,
    of,
    key,
    ...(parts && typeof parts === 'object' ? { parts: parts as Record<string, string> } : {}),
    settings,
    compress,
    ...(typeof now === 'number' ? { now } : {}),
    cost,
    ...(search ? { search } : {}),
    files: record.files,
  };
}

/** Whether a shard record's `search` is a list of volumes and their URLs. */
const isVolumeList = (value: unknown): value is VolumeUrls[] =>
  Array.isArray(value) &&
  value.every(
    (volume: { name?: unknown; urls?: unknown } | null) =>
      typeof volume?.name === 'string' &&
      Array.isArray(volume.urls) &&
      volume.urls.every((url) => typeof url === 'string'),
  );
