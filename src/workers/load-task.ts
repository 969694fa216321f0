import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../config/config.ts';
import type { LoadContext } from '../content/load.ts';
import { decodeSource } from '../content/source.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { writePack } from '../incremental/body-store.ts';
import type { CachedArticle } from '../incremental/cache.ts';
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
}

export interface LoadInput {
  readonly id: string;
  /** Absolute path of the article. */
  readonly path: string;
  /** Path shown in messages. */
  readonly file: string;
  /** Source hash the cache has for this id: when the file still hashes to it, nothing is loaded. */
  readonly known?: string | undefined;
}

export type LoadOutput =
  | { readonly id: string; readonly stat: FileStat; readonly unchanged: true }
  | { readonly id: string; readonly stat: FileStat; readonly loaded: CachedArticle }
  | { readonly id: string; readonly error: Diagnostic };

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

  return async (batch) => {
    const outputs: LoadOutput[] = [];
    const bodies: { hash: string; html: string }[] = [];
    const pending: { index: number; loaded: CachedArticle }[] = [];
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
        outputs.push({ id: input.id, stat, unchanged: true });
        continue;
      }
      const source = decodeSource(bytes, input.file, input.id);
      if (!('text' in source)) {
        outputs.push({ id: input.id, stat, loaded: { id: input.id, source: hash, assets: [], diagnostics: [source] } });
        continue;
      }
      const { load, context } = await prepare();
      const { body, ...loaded } = load(source, context);
      if (loaded.summary && body !== undefined) {
        bodies.push({ hash: loaded.summary.hash, html: body });
        memory.keep(loaded.summary.hash, body);
      }
      pending.push({ index: outputs.length, loaded });
      outputs.push({ id: input.id, stat, loaded });
    }
    // One pack file for the whole batch's bodies.
    const refs = writePack(init.cacheDir, bodies);
    for (const { index, loaded } of pending) {
      const ref = loaded.summary ? refs.get(loaded.summary.hash) : undefined;
      const out = outputs[index] as { id: string; stat: FileStat; loaded: CachedArticle };
      outputs[index] = { ...out, loaded: { ...loaded, body: ref } };
    }
    return outputs;
  };
}

/** Import the Markdown pipeline, so that the first load does not wait for it. */
export async function warmLoader(): Promise<void> {
  await Promise.all([import('../content/load.ts'), import('../content/markdown/processor.ts')]);
}
