import { readFileSync } from 'node:fs';
import type { UsedPhoto } from '../content/picture.ts';
import { regularFileStat, sameStat, type FileStat } from '../util/file-stat.ts';
import { sha256 } from '../util/hash.ts';
import { joinInside } from '../util/relative-path.ts';
import { fanOut, type PhotoStore } from './store.ts';

/**
 * Whether an article's pictures are as the cache saw them by their stat. When not, the
 * article is not taken from the cache without a look (`confirmPhotos`). `statted` holds
 * the stats the up-to-date check took of the same files, when it ran: for a regular file
 * the stat is the one its link would give, and a file that is now a link to another has
 * another inode.
 */
export function photosUnchanged(
  photos: readonly UsedPhoto[] | undefined,
  articles: string,
  statted?: ReadonlyMap<string, FileStat | undefined>,
): boolean {
  return (photos ?? []).every((photo) => {
    const file = joinInside(articles, photo.file);
    const now = statted?.has(file) ? statted.get(file) : regularFileStat(file);
    return now !== undefined && sameStat(photo.stat, now);
  });
}

/**
 * Whether a picture an article names, which was missing when the article was loaded, is
 * there now: the article is loaded again for the photo stage to make it, as a cold build
 * would. (Its load left the reference as written and the build failed with missing-image.)
 */
export function picturesAppeared(
  loaded: { readonly assets: readonly { readonly file: string }[]; readonly photos?: readonly UsedPhoto[] | undefined },
  articles: string,
  statted?: ReadonlyMap<string, FileStat | undefined>,
): boolean {
  // Nearly always every picture named was found: one found picture for each name.
  if (loaded.assets.length <= (loaded.photos?.length ?? 0)) return false;
  const had = new Set((loaded.photos ?? []).map((photo) => photo.file));
  return loaded.assets.some(({ file: rel }) => {
    if (had.has(rel) || rel.startsWith('..') || rel.startsWith('/')) return false;
    const file = joinInside(articles, rel);
    return (statted?.has(file) ? statted.get(file) : regularFileStat(file)) !== undefined;
  });
}

/**
 * Whether the photo store still holds what was made of an article's pictures, checked by
 * the first file of each (the store is collected as a whole). When not, the article is
 * loaded again, even unchanged, to make them again. A file in a fan-out folder of
 * `settled` (its stat as recorded after the last build) is there without a look.
 */
export const photosStored = (
  photos: readonly UsedPhoto[] | undefined,
  store: PhotoStore,
  settled: ReadonlySet<string>,
): boolean =>
  (photos ?? []).every((photo) => {
    const name = photo.names[0];
    return name === undefined || settled.has(fanOut(name)) || store.has(name);
  });

/**
 * An unchanged article's pictures, looked at closer: a picture whose stat changed but
 * whose bytes hash as before (a checkout elsewhere, a cache restored in CI) is the same
 * picture, recorded with its new stat. Undefined when one changed or went: the article is
 * loaded again, and only the changed picture is encoded again (the store is
 * content-addressed).
 */
export function confirmPhotos(photos: readonly UsedPhoto[], articles: string): readonly UsedPhoto[] | undefined {
  const confirmed: UsedPhoto[] = [];
  for (const photo of photos) {
    const file = joinInside(articles, photo.file);
    const now = regularFileStat(file);
    if (now === undefined) return undefined;
    if (sameStat(photo.stat, now)) confirmed.push(photo);
    else if (photo.source !== undefined && sha256(readFileSync(file)) === photo.source)
      confirmed.push({ ...photo, stat: now });
    else return undefined;
  }
  return confirmed.every((photo, i) => photo === photos[i]) ? photos : confirmed;
}

/** The names of the photo files of these pictures, each once, sorted. */
export function photoNames(photos: Iterable<readonly UsedPhoto[] | undefined>): string[] {
  const names = new Set<string>();
  for (const list of photos) for (const photo of list ?? []) for (const name of photo.names) names.add(name);
  return [...names].sort();
}

/** What the photo stage did: pictures looked at, those the store had in full, files encoded. */
export interface PhotoWork {
  readonly pictures: number;
  readonly stored: number;
  readonly encoded: number;
}

export const NO_PHOTO_WORK: PhotoWork = { pictures: 0, stored: 0, encoded: 0 };
