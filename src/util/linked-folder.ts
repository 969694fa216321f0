import { lstat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The first folder between `root` and the file `rel` (relative to it) that is a symbolic
 * link, or undefined: a write, a delete or a copy through it would reach wherever it
 * points. `seen` keeps each folder's answer, by absolute path, across calls.
 */
export async function linkedFolder(
  root: string,
  rel: string,
  seen: Map<string, Promise<boolean>>,
): Promise<string | undefined> {
  const folders: string[] = [];
  for (let d = path.dirname(rel); d !== '.'; d = path.dirname(d)) folders.unshift(path.join(root, d));
  for (const folder of folders) {
    let linked = seen.get(folder);
    if (!linked) {
      linked = lstat(folder).then(
        (found) => found.isSymbolicLink(),
        () => false,
      );
      seen.set(folder, linked);
    }
    if (await linked) return folder;
  }
  return undefined;
}
