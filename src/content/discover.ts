import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** What discovery found under a folder: article sources and other files (images, attachments). */
export interface Discovered {
  /** Article files, relative to the folder, "/"-separated, sorted. */
  readonly articles: readonly string[];
  /** Every other file, relative to the folder, sorted: copied to the output as is. */
  readonly files: readonly string[];
}

const ARTICLE = /\.(md|markdown)$/i;

/** Is a file of this name an article (`.md`, `.markdown`)? */
export const isArticleName = (name: string): boolean => ARTICLE.test(name);

/** Which path segments a walk skips. */
export type Ignore = (segment: string) => boolean;

/**
 * Editors' and merge tools' leftovers: `story.md~`, `#story.md#`, `story.md.bak`, `.orig`,
 * `.rej`, `.swp`. Each is a copy of an article (a draft's, an embargoed story's) that is
 * not named `.md`, which would otherwise be published as a file, text and all.
 */
const LEFTOVER = /~$|^#.*#$|\.(bak|orig|rej|swp)$/i;

/**
 * For sources: dotfiles and dot-folders (editor swap files, `.git`), "_" notes kept out of
 * the build, and editors' backup copies (`LEFTOVER`).
 */
export const ignoreHiddenAndUnderscored: Ignore = (segment) =>
  segment.startsWith('.') || segment.startsWith('_') || LEFTOVER.test(segment);

/** For public/: only version-control and OS clutter; `_headers` and `.well-known/` are wanted. */
export const ignoreClutter: Ignore = (segment) =>
  segment === '.git' || segment === '.DS_Store' || segment === 'Thumbs.db';

/** Walk a folder for article sources and other files; a missing folder is empty. */
export async function discover(dir: string, ignore: Ignore = ignoreHiddenAndUnderscored): Promise<Discovered> {
  const articles: string[] = [];
  const files: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { articles, files };
    throw error;
  }
  // Relative folder and whether it is skipped, worked out once per folder, not per file.
  const folders = new Map<string, string | undefined>();
  const folderOf = (parent: string): string | undefined => {
    let rel = folders.get(parent);
    if (rel === undefined && !folders.has(parent)) {
      const relative = path.relative(dir, parent).split(path.sep).join('/');
      rel = relative !== '' && relative.split('/').some(ignore) ? undefined : relative;
      folders.set(parent, rel);
    }
    return rel;
  };
  for (const entry of entries) {
    if (!entry.isFile() || ignore(entry.name)) continue;
    const folder = folderOf(entry.parentPath);
    if (folder === undefined) continue;
    const rel = folder === '' ? entry.name : `${folder}/${entry.name}`;
    (ARTICLE.test(entry.name) ? articles : files).push(rel);
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { articles: articles.sort(byName), files: files.sort(byName) };
}
