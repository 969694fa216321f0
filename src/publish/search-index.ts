import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { compiled, packageRoot } from '../util/package-root.ts';

export interface SearchFile {
  readonly path: string;
  readonly content: Uint8Array;
}

/** The pages of one Pagefind bundle. */
export interface SearchBundleInput {
  readonly pages: readonly { readonly url: string; readonly content: () => Promise<string> }[];
}

/** Hands over a bundle's files, to be written under its folder, as they are made. */
type Each<B> = (bundle: B, files: readonly SearchFile[]) => Promise<void>;

/**
 * Full-text search with Pagefind: index the pages of each bundle (only their parts marked
 * `data-pagefind-body`, so listings and feeds stay out) and hand over each bundle's files.
 * Pagefind holds a whole index in memory while it makes it, and each bundle is dropped
 * once handed over. Up to `threads` bundles are made side by side, each in a worker
 * thread with a Pagefind process of its own: one process works on one index at a time.
 * One bundle goes to a thread too: the thread answers for a Pagefind process that dies,
 * which Pagefind's module would leave waiting for ever. Pagefind's binary ships inside
 * its npm package.
 */
export async function buildSearchIndexes<B extends SearchBundleInput>(
  bundles: readonly B[],
  language: string,
  each: Each<B>,
  threads = 1,
  /** Told the pages given to Pagefind so far, over every bundle, as they go. */
  progress?: (pages: number) => void,
): Promise<{ errors: string[] }> {
  const errors: string[] = [];
  let given = 0;
  const added = (pages: number) => progress?.((given += pages));
  // The largest first, so that no thread is left with a large one at the end.
  const queue = [...bundles].sort((a, b) => b.pages.length - a.pages.length);
  let next = 0;
  const count = Math.max(1, Math.min(threads, bundles.length));
  const workers = Array.from({ length: count }, () => new SearchThread());
  try {
    await Promise.all(
      workers.map(async (worker) => {
        while (next < queue.length) {
          const bundle = queue[next++]!;
          const made = await worker.make(bundle.pages, language, added);
          errors.push(...made.errors);
          await each(bundle, made.files);
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
  // In one order whichever thread finished first.
  return { errors: errors.sort() };
}

/** Pages sent to a thread at a time: a bundle's pages are never all in memory at once. */
const BATCH = 100;

type Reply =
  | { type: 'started'; ok: boolean; errors: string[] }
  | { type: 'added'; errors: string[] }
  | { type: 'files'; files: SearchFile[]; errors: string[] }
  | { type: 'closed' }
  | { type: 'failed'; message: string };

/** A worker thread (`search-worker.js`) making one bundle at a time, asked and answered in turn. */
class SearchThread {
  private readonly worker = new Worker(
    path.join(packageRoot, ...(compiled ? ['lib'] : ['src', 'publish']), 'search-worker.js'),
  );
  private readonly replies: ((reply: Reply) => void)[] = [];
  private failure: Error | undefined;

  constructor() {
    this.worker.on('message', (reply: Reply) => this.replies.shift()?.(reply));
    const fail = (error: Error) => {
      this.failure = error;
      for (const answer of this.replies.splice(0)) answer({ type: 'failed', message: error.message });
    };
    this.worker.on('error', fail);
    // Whatever its exit code, a thread gone answers nothing more.
    this.worker.on('exit', (code) => fail(new Error(`the search thread stopped (exit code ${code})`)));
  }

  private ask(message: object): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.replies.push((reply) =>
        reply.type === 'failed' ? reject(new Error(`Pagefind failed: ${reply.message}`)) : resolve(reply),
      );
      this.worker.postMessage(message);
    });
  }

  async make(
    pages: SearchBundleInput['pages'],
    language: string,
    added: (pages: number) => void,
  ): Promise<{ files: readonly SearchFile[]; errors: string[] }> {
    const started = await this.ask({ type: 'start', language });
    const errors = [...(started.type === 'started' ? started.errors : [])];
    if (started.type === 'started' && !started.ok) return { files: [], errors };
    for (let i = 0; i < pages.length; i += BATCH) {
      const batch = await Promise.all(
        pages.slice(i, i + BATCH).map(async (page) => ({ url: page.url, content: await page.content() })),
      );
      const reply = await this.ask({ type: 'add', pages: batch });
      if (reply.type === 'added') errors.push(...reply.errors);
      added(batch.length);
    }
    const made = await this.ask({ type: 'finish' });
    if (made.type !== 'files') return { files: [], errors };
    // A structured clone of a Buffer arrives as a plain Uint8Array.
    return { files: made.files, errors: [...errors, ...made.errors] };
  }

  async close(): Promise<void> {
    if (!this.failure) await this.ask({ type: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }
}
