import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../config/config.ts';
import { availableParallelism } from 'node:os';
import type { LoadContext, LoadedArticle } from '../content/load.ts';
import type { UsedPhoto } from '../content/picture.ts';
import type { ArticlePhotos, ArticlePhotosInput } from '../photos/article.ts';
import { confirmPhotos, type PhotoWork } from '../photos/used.ts';
import { decodeSource } from '../content/source.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { writePack } from '../incremental/body-store.ts';
import type { CachedArticle } from '../incremental/cache.ts';
import { storeDetails } from '../incremental/story-details.ts';
import type { FileStat } from '../util/file-stat.ts';
import { sha256 } from '../util/hash.ts';
import type { BodyMemory } from './body-memory.ts';

/**
 * The load task, the same whether it runs on the main thread or in a worker: a batch of
 * articles read with blocking I/O (each thread does its own reads without queueing on
 * libuv's small shared pool), loaded, and their bodies written to one pack; only small
 * results cross thread boundaries.
 */

export interface LoadInit {
  readonly config: ResolvedConfig;
  readonly cacheDir: string;
  /** loadKey(): settings and tool version. */
  readonly key: string;
  /** The photo store's folder (kept outside the versioned cache folder). */
  readonly photos: string;
  /** Threads loading at once: their photo encoders share the cores. Default 1. */
  readonly threads?: number | undefined;
}

export interface LoadInput {
  readonly id: string;
  /** Absolute path of the article. */
  readonly path: string;
  /** Path shown in messages. */
  readonly file: string;
  /** Source hash the cache has for this id: when the file still hashes to it, nothing is loaded. */
  readonly known?: string | undefined;
  /** The pictures the cache has for this id: one whose stat holds is not read again. */
  readonly photos?: readonly UsedPhoto[] | undefined;
}

export type LoadOutput =
  | {
      readonly id: string;
      readonly stat: FileStat;
      readonly unchanged: true;
      /** Its pictures with their stats as they are now, when one was statted anew. */
      readonly photos?: readonly UsedPhoto[] | undefined;
    }
  | {
      readonly id: string;
      readonly stat: FileStat;
      readonly loaded: CachedArticle;
      /** What the photo stage did for it (not cached: a count for the build's report). */
      readonly work?: PhotoWork | undefined;
    }
  | { readonly id: string; readonly error: Diagnostic };

type PhotoStage = (articles: readonly ArticlePhotosInput[]) => Promise<ArticlePhotos[]>;

export function createLoader(
  init: LoadInit,
  memory: BodyMemory,
): (batch: readonly LoadInput[]) => Promise<LoadOutput[]> {
  // The Markdown pipeline is imported on first use: a rebuild where nothing changed never needs it.
  let pipeline: Promise<{ load: typeof import('../content/load.ts').loadArticle; context: LoadContext }> | undefined;
  const prepare = () =>
    (pipeline ??= Promise.all([import('../content/load.ts'), import('../content/markdown/processor.ts')]).then(
      async ([{ loadArticle }, { createMarkdownProcessor }]) => ({
        load: loadArticle,
        context: { config: init.config, processor: await createMarkdownProcessor(init.config), key: init.key },
      }),
    ));

  // The photo stage (and sharp with it) is imported when an article first has a local picture.
  let photos: Promise<PhotoStage> | undefined;
  const photoStage = () =>
    (photos ??= Promise.all([import('../photos/article.ts'), import('../photos/processor.ts')]).then(
      ([{ processArticlePhotos }, { createPhotoProcessor }]) => {
        const process = createPhotoProcessor({
          config: init.config.images,
          dir: init.photos,
          encodes: Math.max(1, Math.floor(availableParallelism() / (init.threads ?? 1))),
        });
        const settings = { articles: init.config.articles, basePath: init.config.basePath };
        return (articles) => processArticlePhotos(articles, settings, process);
      },
    ));

  return async (batch) => {
    const outputs: LoadOutput[] = [];
    const bodies: { hash: string; html: string }[] = [];
    const pending: { index: number; loaded: LoadedArticle; input: LoadInput; work?: PhotoWork }[] = [];
    for (const input of batch) {
      let bytes: Buffer;
      let stat: FileStat;
      try {
        const fd = openSync(input.path, 'r');
        try {
          const s = fstatSync(fd);
          stat = { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
          bytes = readFileSync(fd);
        } finally {
          closeSync(fd);
        }
      } catch (error) {
        outputs.push({
          id: input.id,
          error: diagnostic('read-error', { file: input.file }, `cannot read the file: ${(error as Error).message}`),
        });
        continue;
      }
      const hash = sha256(bytes);
      if (input.known === hash) {
        // Unchanged, unless one of its pictures changed too.
        const photos = input.photos && confirmPhotos(input.photos, init.config.articles);
        if (!input.photos || photos) {
          outputs.push({ id: input.id, stat, unchanged: true, photos: photos === input.photos ? undefined : photos });
          continue;
        }
      }
      const source = decodeSource(bytes, input.file, input.id);
      if (!('text' in source)) {
        outputs.push({ id: input.id, stat, loaded: { id: input.id, source: hash, assets: [], diagnostics: [source] } });
        continue;
      }
      const { load, context } = await prepare();
      const loaded = load(source, context);
      pending.push({ index: outputs.length, loaded, input });
      outputs.push({ id: input.id, stat, loaded: { ...loaded, body: undefined, summary: undefined } });
    }
    const pictured = pending.filter(
      ({ loaded }) => loaded.summary && loaded.body !== undefined && loaded.assets.length,
    );
    if (pictured.length > 0) {
      const stage = await photoStage();
      const done = await stage(
        pictured.map(({ loaded, input }) => ({
          summary: loaded.summary!,
          body: loaded.body!,
          assets: loaded.assets,
          file: input.file,
          known: input.photos,
        })),
      );
      pictured.forEach((item, i) => {
        const { summary, body, photos, diagnostics, work } = done[i]!;
        item.work = work;
        item.loaded = {
          ...item.loaded,
          summary,
          body,
          photos,
          diagnostics: [...item.loaded.diagnostics, ...diagnostics],
        };
      });
    }
    for (const { loaded } of pending) {
      if (loaded.summary && loaded.body !== undefined) {
        bodies.push({ hash: loaded.summary.hash, html: loaded.body });
        memory.keep(loaded.summary.hash, loaded.body);
      }
    }
    // One pack file for the whole batch's bodies, and one for their summaries' details.
    const refs = writePack(init.cacheDir, bodies);
    const stories = pending.flatMap(({ loaded }) => (loaded.summary ? [loaded.summary] : []));
    const stored = storeDetails(init.cacheDir, stories);
    const cores = new Map(stories.map((summary, i) => [summary, stored[i]!]));
    for (const { index, loaded, work } of pending) {
      const ref = loaded.summary ? refs.get(loaded.summary.hash) : undefined;
      const summary = loaded.summary && cores.get(loaded.summary);
      const out = outputs[index] as { id: string; stat: FileStat; loaded: CachedArticle };
      outputs[index] = { ...out, loaded: { ...loaded, body: ref, summary }, work };
    }
    return outputs;
  };
}

/** Import the Markdown pipeline, so that the first load does not wait for it. */
export async function warmLoader(): Promise<void> {
  await Promise.all([import('../content/load.ts'), import('../content/markdown/processor.ts')]);
}
