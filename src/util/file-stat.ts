import { lstatSync, statSync } from 'node:fs';
/** What identifies a file's content cheaply; any difference means "hash it again". */
export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** Same size, modification and change time and inode: the file was not written since. */
export const sameStat = (a: FileStat, b: FileStat): boolean =>
  a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/**
 * Stat many files; a file that vanished is undefined. Synchronously: for the tens of
 * thousands of files of an archive, a loop of stat calls is several times faster than
 * the same calls through promises.
 */
export async function statAll(files: readonly (string | undefined)[]): Promise<(FileStat | undefined)[]> {
  return files.map((file) => {
    if (file === undefined) return undefined;
    const s = statSync(file, { throwIfNoEntry: false });
    return s ? { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino } : undefined;
  });
}

/** The stat of a regular file itself (a link is not followed); undefined for anything else or nothing. */
export function regularFileStat(file: string): FileStat | undefined {
  const s = lstatSync(file, { throwIfNoEntry: false });
  return s?.isFile() ? { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino } : undefined;
}
