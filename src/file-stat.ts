import { stat } from 'node:fs/promises';
import type { FileStat } from './cache.ts';
import { mapConcurrently } from './concurrently.ts';

/** Same size, modification and change time and inode: the file was not written since. */
export const sameStat = (a: FileStat, b: FileStat): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/** Stat many files, a bounded number at a time; a file that vanished is undefined. */
export function statAll(files: readonly (string | undefined)[]): Promise<(FileStat | undefined)[]> {
  return mapConcurrently(files, 64, async (file) => {
    if (file === undefined) return undefined;
    try {
      const s = await stat(file);
      return { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
    } catch {
      return undefined;
    }
  });
}
