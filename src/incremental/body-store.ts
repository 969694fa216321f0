import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { sha256 } from '../util/hash.ts';
import type { PackRef } from '../util/pack-ref.ts';

/** Where a story body is kept: a byte range of a pack file in the cache. */
export type BodyRef = PackRef;

const packPath = (dir: string, pack: string) => path.join(dir, 'bodies', `${pack}.pack`);

/**
 * Story bodies live in pack files (many bodies per file, one write per batch) rather than
 * one file each: on the file systems builds run on, opening and creating files costs more
 * than rendering Markdown. Packs are named by their content, so writing one twice is harmless.
 */
export function writePack(
  dir: string,
  bodies: readonly { readonly hash: string; readonly html: string }[],
): Map<string, BodyRef> {
  const refs = new Map<string, BodyRef>();
  if (bodies.length === 0) return refs;
  const buffers = bodies.map((b) => Buffer.from(b.html));
  const data = Buffer.concat(buffers);
  const pack = sha256(data).slice(0, 32);
  let offset = 0;
  bodies.forEach((body, i) => {
    const length = buffers[i]!.byteLength;
    refs.set(body.hash, { pack, offset, length });
    offset += length;
  });
  mkdirSync(path.join(dir, 'bodies'), { recursive: true });
  // Written aside and renamed: another build reading this pack never sees half of it.
  const file = packPath(dir, pack);
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
  return refs;
}

/** Reads bodies back, keeping the most recent pack in memory (render jobs come grouped by pack). */
export class BodyReader {
  private last?: { pack: string; data: Buffer } | undefined;

  constructor(private readonly dir: string) {}

  read(ref: BodyRef): string {
    if (this.last?.pack !== ref.pack) {
      this.last = { pack: ref.pack, data: readFileSync(packPath(this.dir, ref.pack)) };
    }
    return this.last.data.toString('utf8', ref.offset, ref.offset + ref.length);
  }

  /** One body without disturbing the pack kept in memory (feeds read a few from anywhere). */
  readOne(ref: BodyRef): string {
    if (this.last?.pack === ref.pack) return this.read(ref);
    const fd = openSync(packPath(this.dir, ref.pack), 'r');
    try {
      const buffer = Buffer.alloc(ref.length);
      readSync(fd, buffer, 0, ref.length, ref.offset);
      return buffer.toString('utf8');
    } finally {
      closeSync(fd);
    }
  }
}

export const packFileName = (pack: string) => `${pack}.pack`;

/** Bodies of stories by id, read from their packs (full-content feeds need them in the main thread). */
export function storyBodies(
  cacheDir: string,
  refOf: (id: string) => BodyRef | undefined,
): (stories: readonly { readonly id: string }[]) => Promise<ReadonlyMap<string, string>> {
  return async (stories) => {
    const reader = new BodyReader(cacheDir);
    return new Map(
      stories.flatMap((s) => {
        const ref = refOf(s.id);
        return ref ? [[s.id, reader.readOne(ref)] as const] : [];
      }),
    );
  };
}

/**
 * Remove body packs no cache entry refers to. A pack written after `since` (the start of
 * this build) is kept: it may belong to another build running at the same time.
 */
export async function collectPacks(dir: string, live: ReadonlySet<string>, since: number): Promise<void> {
  const root = path.join(dir, 'bodies');
  for (const file of await readdir(root).catch(() => [] as string[])) {
    if (live.has(file)) continue;
    const written = await stat(path.join(root, file)).then(
      (s) => s.mtimeMs,
      () => Infinity,
    );
    if (written < since) await rm(path.join(root, file), { recursive: true, force: true });
  }
}
