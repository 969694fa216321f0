import type { Pagination } from '../render/layouts.ts';
import { paths } from '../site/paths.ts';

/**
 * A listing's pages: its first page (`first`) shows the newest stories; archive pages
 * (`first/archive/1/`, …) hold the older ones in full pages numbered from the oldest, so
 * a full archive page never changes again when stories are added, and its URL always
 * shows the same stories. The stories too new to fill an archive page are on the first
 * page, which links to the newest archive page. `items` are newest first.
 */
export function paginate<T>(
  items: readonly T[],
  size: number,
  first: string,
): { path: string; items: readonly T[]; pagination: Pagination; archive: number }[] {
  const full = paths.archivePages(items.length, size);
  const all = Array.from({ length: full }, (_, k) => paths.archivePage(first, k + 1));
  // Archive page k (1 = oldest) holds the stories k·size−size … k·size−1 counted from the oldest.
  const archive = (k: number) => {
    const end = items.length - (k - 1) * size;
    return items.slice(end - size, end);
  };
  const front = {
    path: first,
    items: items.slice(0, size),
    pagination: { page: 0, pages: full, first, next: all[full - 1], all },
    archive: 0,
  };
  // An archive page links no further than the next newer page: then it stays as it is while
  // newer pages are added after it.
  const pages = all.map((path, i) => {
    const known = all.slice(0, Math.min(full, i + 2));
    return {
      path,
      items: archive(i + 1),
      pagination: {
        page: i + 1,
        pages: known.length,
        first,
        prev: i + 1 === full ? first : all[i + 1],
        next: all[i - 1],
        all: known,
      },
      archive: i + 1,
    };
  });
  return [front, ...pages];
}

/** The archive page (1 = oldest) holding the story at `index` of a newest-first list; 0: only on the first page. */
export function archiveOf(index: number, count: number, size: number): number {
  const fromOldest = count - 1 - index;
  const page = Math.floor(fromOldest / size) + 1;
  return page <= Math.floor(count / size) ? page : 0;
}
