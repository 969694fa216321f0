import path from 'node:path';
import { readJsonFileDigest } from '../util/json-file.ts';
import { isPlainRelative } from '../util/relative-path.ts';

/** Version of dist/.broadsheet/manifest.json. */
export const MANIFEST_VERSION = 1;
export const MANIFEST_PATH = '.broadsheet/manifest.json';
/** A shard's record of its files (`build --shard`), in place of the manifest: its output is not a site. */
export const SHARD_MANIFEST_PATH = '.broadsheet/shard.json';

export interface FileDigest {
  readonly size: number;
  readonly sha256: string;
}

/**
 * The manifest's field saying how many drafts and embargoed stories an output shows:
 * written by `broadsheet dev`'s preview, absent from a build's.
 */
export const previewHead = (previews: number): Record<string, number> => ({ preview: previews });

/** How many drafts and embargoed stories a manifest says its output shows (`previewHead`): 0 for a build's. */
export function previewsIn(manifest: unknown): number {
  const preview = (manifest as { preview?: unknown } | null)?.preview;
  return typeof preview === 'number' && preview > 0 ? preview : 0;
}

/** Read the manifest of a previous build, if the folder has one. */
export async function readManifest(outDir: string): Promise<Record<string, FileDigest> | undefined> {
  return (await readOutputRecord(outDir, MANIFEST_PATH))?.files;
}

/**
 * The record of an output folder's files (`readFilesRecord`) that a build may go by: its
 * paths are what the build keeps and deletes, so one that names a path outside the folder
 * (edited, or restored from a cache or an artifact) is no record, and the output is
 * written anew as without one.
 */
export async function readOutputRecord(dir: string, rel: string): ReturnType<typeof readFilesRecord> {
  const record = await readFilesRecord(dir, rel);
  return record && Object.keys(record.files).every(isPlainRelative) ? record : undefined;
}

/**
 * A record of files with the fields before them (the manifest, or a shard's `shard.json`)
 * and the digest of its bytes, or undefined when the folder has none or it does not parse.
 */
export async function readFilesRecord(
  dir: string,
  rel: string,
): Promise<{ head: Record<string, unknown>; files: Record<string, FileDigest>; sha256: string } | undefined> {
  try {
    const { value, sha256 } = await readJsonFileDigest(path.join(dir, rel));
    const { files, version, ...head } = value as Record<string, unknown>;
    if (version !== MANIFEST_VERSION || typeof files !== 'object' || files === null) return undefined;
    return { head, files: files as Record<string, FileDigest>, sha256 };
  } catch {
    return undefined;
  }
}

/**
 * Every file with size and hash, sorted: deterministic, for deploy steps. The bytes of
 * `JSON.stringify(…, null, 1)` of the manifest, written out without first building an
 * object of every file (tens of thousands of keys for a large archive), and turned into
 * bytes a chunk at a time so that the pieces of one long string do not all stay alive.
 */
export function manifestBytes(
  files: ReadonlyMap<string, FileDigest>,
  /** More fields, written before `files` (a shard's number and key). */
  head: Readonly<Record<string, unknown>> = {},
): Buffer {
  // The default sort compares UTF-16 code units, as `<` does, and is much faster than a comparator.
  const keys = [...files.keys()].sort();
  const parts: Buffer[] = [];
  let text = `{\n "version": ${MANIFEST_VERSION},\n "generator": "broadsheet",\n`;
  for (const [name, value] of Object.entries(head)) text += ` ${JSON.stringify(name)}: ${JSON.stringify(value)},\n`;
  text += ` "files": ${keys.length ? '{\n' : '{}'}`;
  keys.forEach((rel, i) => {
    const { size, sha256 } = files.get(rel)!;
    text += `${i ? ',\n' : ''}  ${quoted(rel)}: {\n   "size": ${size},\n   "sha256": ${quoted(sha256)}\n  }`;
    if (text.length < MANIFEST_CHUNK) return;
    parts.push(Buffer.from(text));
    text = '';
  });
  parts.push(Buffer.from(`${text}${keys.length ? '\n }' : ''}\n}\n`));
  return Buffer.concat(parts);
}

/** Characters of the manifest's text gathered before they are turned into bytes. */
const MANIFEST_CHUNK = 1 << 16;

/** Text as a JSON string, quoted as it is when there is nothing to escape (nearly every path and digest). */
const quoted = (text: string): string => (PLAIN_JSON.test(text) ? `"${text}"` : JSON.stringify(text));

/** Text JSON.stringify() writes as it is, between quotes: no quote, backslash, control or non-ASCII character. */
const PLAIN_JSON = /^[^"\\\u0000-\u001f\u007f-\uffff]*$/;
