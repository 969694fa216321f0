import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { Output } from '../output/output.ts';
import type { DataJob } from '../routes/route.ts';
import { joinPieces, type Pieces } from '../routes/pieces.ts';

/** A data job made of pieces (stories.json, feeds): a rebuild copies the unchanged ones. */
export type PiecedJob = DataJob & { readonly pieces: Pieces };

const hasPieces = (job: DataJob): job is PiecedJob => job.pieces !== undefined;

/** What the cache keeps of a pieced file: its digest, its head's and tail's byte lengths, and each piece's key and byte length, in order. */
export interface PieceIndex {
  readonly sha256: string;
  /** Byte lengths of the head and the tail: they may change while the pieces stay (a feed's date). */
  readonly head: number;
  readonly tail: number;
  readonly keys: readonly string[];
  readonly lengths: readonly number[];
}

const keysOf = (job: PiecedJob): string[] => job.lists.map((_, at) => job.pieces.key(at));

/**
 * Write a generated file: a pieced one through `writePieced` (`before` is what the cache
 * knows of its previous version, made with the same settings), any other rendered whole.
 * Returns what the cache should keep of a pieced file.
 */
export async function writeDataJob(output: Output, job: DataJob, before?: PieceIndex): Promise<PieceIndex | undefined> {
  if (hasPieces(job)) return writePieced(output, job, before);
  await output.write(job.output, await job.render());
  return undefined;
}

/**
 * Write a pieced data job. Given what the cache knows of the previous build's file (made
 * with the same settings), pieces whose key is unchanged are copied from it; otherwise the
 * file is rendered whole. Returns what the cache should keep of the new file.
 */
export async function writePieced(output: Output, job: PiecedJob, before?: PieceIndex): Promise<PieceIndex> {
  const spliced = before ? await splicePieces(output, job, before) : undefined;
  if (spliced) return spliced;
  const { text, head, tail, lengths } = await joinPieces(job.pieces, job.lists.length);
  const digest = await output.write(job.output, text);
  return { sha256: digest.sha256, head, tail, keys: keysOf(job), lengths };
}

/** Bytes read from the previous file at a time. */
const CHUNK = 1 << 20;

/**
 * Write a pieced file from the previous build's: runs of pieces it already holds, in the
 * same order, are copied as byte ranges; the rest are rendered. Returns undefined, having
 * written nothing, when the previous file is not the one `before` describes.
 */
async function splicePieces(output: Output, job: PiecedJob, before: PieceIndex): Promise<PieceIndex | undefined> {
  const previous = output.previous?.[job.output];
  if (
    !previous ||
    previous.sha256 !== before.sha256 ||
    before.keys.length !== before.lengths.length ||
    typeof before.head !== 'number' ||
    typeof before.tail !== 'number'
  )
    return undefined;
  const where = new Map(before.keys.map((key, i) => [key, i]));
  const keys = keysOf(job);
  await job.pieces.prepare(keys.flatMap((key, at) => (where.has(key) ? [] : [at])));
  const { head, separator, tail } = job.pieces;
  const headBytes = Buffer.from(head);
  const tailBytes = Buffer.from(tail);
  const separatorBytes = Buffer.from(separator);
  // Where each old piece starts. Only pieces are copied: the head and tail are written anew.
  const offsets: number[] = new Array(before.lengths.length);
  let size = before.head;
  before.lengths.forEach((length, i) => {
    if (i > 0) size += separatorBytes.length;
    offsets[i] = size;
    size += length;
  });
  size += before.tail;
  if (size !== previous.size) return undefined;

  let fd: number;
  try {
    fd = openSync(path.join(output.dir, job.output), 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const readAt = (position: number, length: number): Buffer => {
      const into = length <= buffer.length ? buffer : Buffer.allocUnsafe(length);
      for (let done = 0; done < length;) {
        const n = readSync(fd, into, done, length - done, position + done);
        if (n === 0) throw new Error(`${job.output} ended before the cache said it would`);
        done += n;
      }
      return into.subarray(0, length);
    };
    // A file changed behind the build's back is not the one described. (Pieces are made
    // with the settings of this build: the caller passes `before` only when they are the same.)
    if (fstatSync(fd).size !== size) return undefined;

    const lengths: number[] = new Array(keys.length);
    const digest = await output.writeChunks(job.output, (put) => {
      // The byte range of old pieces waiting to be copied, and the old piece it ends with.
      let from = 0;
      let to = 0;
      let last = -1;
      const flush = () => {
        for (let at = from; at < to; at += CHUNK) put(readAt(at, Math.min(CHUNK, to - at)));
        from = to = 0;
        last = -1;
      };
      put(headBytes);
      keys.forEach((key, i) => {
        const old = where.get(key);
        if (old !== undefined && last >= 0 && old === last + 1) {
          // The next old piece, and the separator before it, as they were.
          to = offsets[old]! + before.lengths[old]!;
          last = old;
          lengths[i] = before.lengths[old]!;
          return;
        }
        flush();
        if (i > 0) put(separatorBytes);
        if (old !== undefined) {
          from = offsets[old]!;
          to = from + before.lengths[old]!;
          last = old;
          lengths[i] = before.lengths[old]!;
        } else {
          const piece = Buffer.from(job.pieces.piece(i));
          put(piece);
          lengths[i] = piece.length;
        }
      });
      flush();
      put(tailBytes);
    });
    return { sha256: digest.sha256, head: headBytes.length, tail: tailBytes.length, keys, lengths };
  } finally {
    closeSync(fd);
  }
}
