import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The files of a built site, wherever they are: a folder, or a build not yet committed. */
export interface SiteFiles {
  /** Every file, "/"-separated, relative to the site root, sorted. */
  readonly list: readonly string[];
  read(rel: string): Promise<Buffer>;
  /** How a file is named in messages (relative to the working directory). */
  shown(rel: string): string;
}

/** The files of an output folder on disk. */
export async function folderFiles(dir: string, cwd: string): Promise<SiteFiles> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const list = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  return {
    list,
    read: (rel) => readFile(path.join(dir, rel)),
    shown: (rel) => path.relative(cwd, path.join(dir, rel)),
  };
}
