import type { Pagination } from '../render/layouts.ts';
import { paths } from '../site/paths.ts';

/** Split a list into pages at `first`, `first/page/2/`, …; an empty list still has page 1. */
export function paginate<T>(
  items: readonly T[],
  size: number,
  first: string,
): { path: string; items: readonly T[]; pagination: Pagination }[] {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const all = Array.from({ length: pages }, (_, i) => paths.page(first, i + 1));
  return all.map((path, i) => ({
    path,
    items: items.slice(i * size, (i + 1) * size),
    pagination: { page: i + 1, pages, prev: all[i - 1], next: all[i + 1], all },
  }));
}
