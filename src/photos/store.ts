import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { sameStat, type FileStat } from '../util/file-stat.ts';
import { sha256 } from '../util/hash.ts';
import type { PhotoFormat } from '../config/images.ts';
import type { EncodeSettings } from './encode.ts';
import type { Placeholder } from './placeholder.ts';
import type { Focus, Variant } from './plan.ts';

/**
 * Bumped whenever the same key would now make different pixels (a new resampling, a
 * changed placeholder): older stores are then left alone and fill again. Not bumped for
 * a new sharp or libvips: their outputs are equivalent, and re-encoding every photo of an
 * archive for it is what this store exists to avoid.
 */
export const STORE_VERSION = 1;

/**
 * Where a project's photo store lives: beside the versioned build cache (`v4/`), not in
 * it, so that a new cache version (which removes the old one's folder) keeps every photo.
 */
export const photoStoreFolder = (root: string): string => path.join(root, '.broadsheet', 'cache', 'photos');

/** Site folder of the outputs: `/_photos/<hash>-<width>.<ext>`. */
export const PHOTO_DIR = '_photos';

const EXTENSIONS: Record<PhotoFormat | 'svg', string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg', svg: 'svg' };

/** An output the store holds: its file name and size. */
export interface StoredVariant {
  readonly name: string;
  readonly bytes: number;
}

/**
 * What the store knows about one source picture, by the sha256 of its bytes: what
 * planning and markup need (size, placeholder, attention point) without decoding it
 * again, and every output made from it so far, by variant key.
 */
export interface SourceRecord {
  readonly version: number;
  readonly source: string;
  readonly width: number;
  readonly height: number;
  readonly format: string;
  /** Its frames, when it is an animation; absent for a still. */
  readonly frames?: number | undefined;
  readonly placeholder: Placeholder;
  readonly attention: Focus;
  readonly variants: Readonly<Record<string, StoredVariant>>;
}

/**
 * The key of one output: the source's hash and every setting that changes its bytes.
 * Two articles using the same picture the same way share it; a changed picture has a new
 * hash, so only its own outputs are made again.
 */
export function variantKey(source: string, variant: Variant, settings: EncodeSettings, credit: boolean): string {
  const { format } = variant;
  const encoder =
    format === 'jpeg'
      ? [settings.quality.jpeg]
      : format === 'webp'
        ? [settings.quality.webp, settings.effort.webp]
        : [settings.quality.avif, settings.effort.avif];
  const crop = variant.crop ? [variant.crop.left, variant.crop.top, variant.crop.width, variant.crop.height] : null;
  const key = [STORE_VERSION, source, format, variant.width, variant.height, crop, encoder, credit];
  return sha256(JSON.stringify(variant.animated ? [...key, 'animated'] : key));
}

/** The output's file name: content-addressed (its key), with its width for people reading URLs. */
export const variantName = (key: string, variant: Variant): string =>
  `${key.slice(0, 16)}-${variant.width}.${EXTENSIONS[variant.format]}`;

/** A sanitized SVG's file name: the hash of its text. */
export const svgName = (text: string): string => `${sha256(text).slice(0, 16)}.svg`;

/**
 * The content-addressed store of photo outputs, in a folder the caller chooses (such as
 * `.broadsheet/cache/photos`): `v1/files/` holds the outputs, `v1/sources/` a record per
 * source. Names inside are relative and keys depend only on content and settings, so a
 * store restored on another machine (a CI cache) hits. Files are written to a temporary
 * name and renamed, and a record only after its files: an interrupted build leaves
 * nothing that claims a file it does not have. Safe to share between threads and
 * processes: records are merged, never overwritten with less.
 */
export class PhotoStore {
  readonly root: string;

  constructor(dir: string) {
    this.root = path.join(dir, `v${STORE_VERSION}`);
  }

  /** Where an output is (to copy or link into the site). */
  file(name: string): string {
    return path.join(this.root, 'files', fanOut(name), name);
  }

  /**
   * The stat of every fan-out folder of the outputs, by name. Removing a file from a
   * folder changes the folder's stat, so while a folder's stat is the one recorded after
   * a build, every output that build saw in it is still there: a build checks those by
   * the folder, not one by one.
   */
  folderStats(): Record<string, FileStat> {
    const dir = path.join(this.root, 'files');
    const out: Record<string, FileStat> = {};
    if (!existsSync(dir)) return out;
    for (const name of readdirSync(dir).sort()) {
      const s = statSync(path.join(dir, name), { throwIfNoEntry: false });
      if (s) out[name] = { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
    }
    return out;
  }

  /** The fan-out folders whose stat is still the one recorded (`folderStats()` after a build). */
  settledFolders(recorded: Readonly<Record<string, FileStat>> | undefined): ReadonlySet<string> {
    const now = this.folderStats();
    const settled = new Set<string>();
    for (const name in recorded) if (now[name] && sameStat(now[name], recorded[name]!)) settled.add(name);
    return settled;
  }

  has(name: string): boolean {
    return existsSync(this.file(name));
  }

  private recordFile(source: string): string {
    return path.join(this.root, 'sources', source.slice(0, 2), `${source}.json`);
  }

  /** The record of a source, or undefined when the store has none (or an unreadable one). */
  read(source: string): SourceRecord | undefined {
    try {
      const record = JSON.parse(readFileSync(this.recordFile(source), 'utf8')) as SourceRecord;
      return record.version === STORE_VERSION && record.source === source ? record : undefined;
    } catch {
      return undefined;
    }
  }

  /** Add an output. */
  async put(name: string, data: Uint8Array): Promise<void> {
    await writeAtomically(this.file(name), data);
  }

  /** Save a record, keeping the variants another thread or process recorded meanwhile. */
  async save(record: SourceRecord): Promise<void> {
    const current = this.read(record.source);
    const merged: SourceRecord = current
      ? { ...record, variants: { ...current.variants, ...record.variants } }
      : record;
    await writeAtomically(this.recordFile(record.source), Buffer.from(JSON.stringify(merged)));
  }

  /**
   * Remove every output whose name is not in `live` (the names of every picture the site
   * still uses, from all its photo results), and the records left with none. Run it
   * after a complete build, never while another build writes to the store.
   */
  async collect(live: Iterable<string>): Promise<{ readonly files: number; readonly bytes: number }> {
    const keep = new Set(live);
    let files = 0;
    let bytes = 0;
    for (const file of await listFiles(path.join(this.root, 'files'))) {
      const name = path.basename(file);
      if (keep.has(name)) continue;
      bytes += (await stat(file).catch(() => ({ size: 0 }))).size;
      await rm(file, { force: true });
      files++;
    }
    for (const file of await listFiles(path.join(this.root, 'sources'))) {
      if (!file.endsWith('.json')) {
        await rm(file, { force: true });
        continue;
      }
      let record: SourceRecord;
      try {
        record = JSON.parse(await readFile(file, 'utf8')) as SourceRecord;
      } catch {
        await rm(file, { force: true });
        continue;
      }
      const variants = Object.fromEntries(Object.entries(record.variants).filter(([, v]) => keep.has(v.name)));
      const left = Object.keys(variants).length;
      if (left === 0) await rm(file, { force: true });
      else if (left < Object.keys(record.variants).length)
        await writeAtomically(file, Buffer.from(JSON.stringify({ ...record, variants })));
    }
    return { files, bytes };
  }
}

/** The fan-out folder an output's file is in. */
export const fanOut = (name: string): string => name.slice(0, 2);

/** Every file under `dir` (two levels: fan-out folders, then files); none when it does not exist. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function writeAtomically(target: string, data: Uint8Array): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
