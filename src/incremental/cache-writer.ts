import { collectPacks, packFileName } from './body-store.ts';
import type { PhotoStore } from '../photos/store.ts';
import { photoNames } from '../photos/used.ts';
import { removeOtherVersions, type CacheData, type CacheStore } from './cache.ts';

/** How long watch mode waits after its last quick rebuild before saving the cache. */
const QUIET_MS = 60_000;

/**
 * Saves the cache, one save after another. A one-off build saves at its end and collects
 * what no entry refers to any more (photo files before the cache is written, so that it
 * records the photo store's folders as the collection leaves them; body packs after).
 * Watch mode saves in the background (the output is already in place) and collects only
 * at close, since a later build may already have written packs that an earlier snapshot
 * does not know.
 */
export class CacheWriter {
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: CacheStore,
    /** The photo store, collected with the packs: what no entry uses any more is removed. */
    private readonly photos?: PhotoStore | undefined,
  ) {}

  /**
   * Save after the saves already queued; `collect` also removes unused packs older than
   * `since`, and `photos` the photo files no entry uses (default: when collecting).
   */
  save(data: CacheData, collect = false, since = 0, photos = collect): Promise<void> {
    this.chain = this.chain.then(() => this.write(data, collect, since, photos));
    return this.chain;
  }

  /**
   * Save once quick rebuilds have stopped for a while (or at close): writing the cache
   * blocks the main thread for a moment, which an editor saving often would feel.
   */
  later(current: () => CacheData | undefined): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const data = current();
      if (data) void this.save(data);
    }, QUIET_MS);
    this.timer.unref();
  }

  /** Wait for queued saves; save `data` now if a save was waiting or `collect` is asked for. */
  async close(data: CacheData | undefined, collect: boolean): Promise<void> {
    const waiting = this.timer !== undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    if (data && (collect || waiting)) await this.write(data, collect, 0, collect);
  }

  private async write(data: CacheData, collect: boolean, since: number, photos: boolean): Promise<void> {
    // Reading every record of the store is worth it only when a picture may have gone out of use.
    if (collect && photos && this.photos) {
      await this.photos.collect(livePhotos(data));
      // The store's folders as the collection left them: it removed no picture an entry names.
      if (data.photoFolders) data = { ...data, photoFolders: this.photos.folderStats() };
    }
    await this.store.write(data);
    if (!collect) return;
    // The packs of bodies and details of every version an entry keeps (a held story's last good one too).
    const live = new Set(
      Object.values(data.entries)
        .flatMap((e) => [e.loaded, e.good])
        .flatMap((a) => [a?.body?.pack, a?.summary?.details?.pack])
        .flatMap((pack) => (pack ? [packFileName(pack)] : [])),
    );
    await collectPacks(this.store.dir, live, since);
    await removeOtherVersions(this.store.dir);
  }
}

/** Every photo file an entry uses: its current version's and, while it has errors, its last good version's. */
const livePhotos = (data: CacheData): string[] =>
  photoNames(Object.values(data.entries).flatMap((e) => [e.loaded.photos, e.good?.photos]));
