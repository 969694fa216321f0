import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/diagnostics.ts';
import { compiled, packageRoot } from '../util/package-root.ts';
import { BodyMemory } from './body-memory.ts';
import { createLoader, warmLoader, type LoadInit, type LoadInput, type LoadOutput } from './load-task.ts';
import type { Answer, Reply, Request, RequestType } from './protocol.ts';
import { createRenderer, warmRenderer, type RenderInit, type RenderInput, type RenderOutput } from './render-task.ts';

/**
 * Runs a build's per-item tasks: on the main thread, or spread over worker threads that
 * load articles and render pages themselves (writing their own files) and return only
 * small results. Work goes out in batches that threads pull as they finish, each thread
 * with its next batch already sent while it works on one. A story page goes preferably
 * to the thread that loaded the story, which still holds its body; an idle thread takes
 * (steals) work queued for another rather than wait.
 */
export interface Executor {
  /** Number of threads doing the work (1 for inline). */
  readonly threads: number;
  /** Start of a build: drop bodies kept from the previous one. */
  reset(): Promise<void>;
  /** Load articles; also says which thread loaded each. */
  load(
    items: readonly LoadInput[],
    progress?: (done: number) => void,
  ): Promise<{ outputs: LoadOutput[]; threads: number[] }>;
  /** Import the Markdown pipeline and the layouts ahead of the first build that needs them. */
  warm(layoutsDir: string, cwd: string, cacheDir: string): Promise<void>;
  /** Load layouts everywhere; diagnostics if they cannot be loaded. */
  prepareRender(init: RenderInit): Promise<Diagnostic[]>;
  /** Render pages; `owner` names the thread best placed to render an item. */
  render(
    items: readonly RenderInput[],
    owner: (item: RenderInput) => number | undefined,
    progress?: (done: number) => void,
  ): Promise<RenderOutput[]>;
  close(): Promise<void>;
}

/**
 * Below this many articles to load, or pages to render, starting workers (spawning them
 * and importing the pipeline or the layouts) costs more than they save: a page renders
 * in well under a millisecond, so a rebuild's few hundred shifted listing pages are done
 * sooner on the calling thread than on new ones (docs/performance.md).
 */
export const PARALLEL_ARTICLES = 300;
export const PARALLEL_PAGES = 1000;

/** What a stage has to do, for choosing where to do it. */
export type Work = { readonly articles: number } | { readonly pages: number };
const BATCH = 40;
/**
 * Batches sent to a thread before it answers the first: with one, the thread sat idle
 * while each answer reached the main thread and the next batch came back.
 */
const IN_FLIGHT = 2;

/**
 * Each thread's heap. A small young generation keeps it small, measured no slower. The old
 * generation's limit is what V8 sizes its collections by: with the default of a large
 * machine it lets a heap grow to four times what survived the last full collection, and
 * a large archive's build then peaks far higher for no gain (docs/performance.md). What a
 * thread keeps is small by design: a budget of bodies, one of reused parts, the batch at
 * hand.
 */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 1024 } as const;

/** `--jobs` default: one thread per core the process may use. */
export const defaultJobs = (): number => availableParallelism();

/**
 * `isolate`: always threads, even one, never the calling thread. A long-lived process
 * (watch mode) needs that to run edited layout code: a module once imported on a thread
 * stays, and with it every file it imports (a layout's partials), whatever the URL of
 * the layout itself says.
 */
export function createExecutor(jobs: number, init: LoadInit, work: Work, { isolate = false } = {}): Executor {
  return isolate || worthThreads(jobs, work) ? new WorkerPool(Math.max(1, jobs), init) : new Inline(init);
}

/** Is this much work worth spreading over `jobs` threads? */
export const worthThreads = (jobs: number, work: Work): boolean =>
  jobs > 1 && ('articles' in work ? work.articles >= PARALLEL_ARTICLES : work.pages >= PARALLEL_PAGES);

const batches = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
};

/** Everything on the calling thread. */
class Inline implements Executor {
  readonly threads = 1;
  private readonly memory = new BodyMemory();
  private readonly loader: (batch: readonly LoadInput[]) => Promise<LoadOutput[]>;
  private renderer?: ((batch: readonly RenderInput[]) => RenderOutput[]) | undefined;

  constructor(init: LoadInit) {
    this.loader = createLoader(init, this.memory);
  }

  async reset() {
    this.memory.clear();
  }

  async warm(layoutsDir: string, cwd: string, cacheDir: string) {
    await Promise.all([warmLoader(), warmRenderer(layoutsDir, cwd, cacheDir)]);
  }

  async load(items: readonly LoadInput[], progress?: (done: number) => void) {
    const outputs: LoadOutput[] = [];
    for (const batch of batches(items)) {
      outputs.push(...(await this.loader(batch)));
      progress?.(outputs.length);
    }
    return { outputs, threads: outputs.map(() => 0) };
  }

  async prepareRender(init: RenderInit): Promise<Diagnostic[]> {
    const { render, diagnostics } = await createRenderer(init, this.memory);
    this.renderer = render;
    return diagnostics;
  }

  async render(
    items: readonly RenderInput[],
    _owner: unknown,
    progress?: (done: number) => void,
  ): Promise<RenderOutput[]> {
    if (!this.renderer) throw new Error('prepareRender() first');
    const out: RenderOutput[] = [];
    for (const batch of batches(items)) {
      out.push(...this.renderer(batch));
      progress?.(out.length);
    }
    return out;
  }

  async close(): Promise<void> {}
}

class WorkerPool implements Executor {
  readonly threads: number;
  private readonly workers: Worker[];
  private readonly ready: Promise<unknown>[];
  private next = 0;
  private failed?: Error | undefined;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(jobs: number, init: LoadInit) {
    this.threads = jobs;
    this.workers = Array.from({ length: jobs }, () => {
      const worker = new Worker(
        path.join(packageRoot, ...(compiled ? ['lib'] : ['src', 'workers']), 'worker-entry.js'),
        {
          resourceLimits: THREAD_HEAP,
        },
      );
      worker.on('message', (message: Answer) => {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        if (message.error !== undefined) waiting.reject(new Error(message.error));
        else waiting.resolve(message.result);
      });
      worker.on('error', (error: Error & { code?: string }) =>
        this.fail(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new Error(
                `a build thread ran out of memory (${THREAD_HEAP.maxOldGenerationSizeMb} MiB per thread); build with --jobs 1 to do the work on the main thread, whose heap may grow larger`,
              )
            : error,
        ),
      );
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a build worker stopped with exit code ${code}`));
      });
      return worker;
    });
    this.ready = this.workers.map((worker) => this.send(worker, { type: 'init', init: { ...init, threads: jobs } }));
  }

  private fail(error: Error) {
    this.failed ??= error;
    for (const [, waiting] of this.pending) waiting.reject(error);
    this.pending.clear();
  }

  private send<K extends RequestType>(worker: Worker, request: Request<K>): Promise<Reply<K>> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, ...request });
    });
  }

  /**
   * Each thread works through its own queue, then the shared one, then steals from the
   * longest other queue. Results keep input order; `threads` says who did each item.
   */
  private async spread<K extends 'load' | 'render'>(
    type: K,
    items: Request<K>['items'],
    owner: (item: Request<K>['items'][number]) => number | undefined,
    progress?: (done: number) => void,
  ) {
    type O = Reply<K>[number];
    const results: O[] = new Array(items.length);
    const threads: number[] = new Array(items.length);
    const queues: number[][] = this.workers.map(() => []);
    const shared: number[] = [];
    items.forEach((item, i) => {
      const o = owner(item);
      (o !== undefined && o < queues.length ? queues[o]! : shared).push(i);
    });
    // A few items (a watch-mode rebuild) are shared out evenly rather than sent to one thread.
    const size = Math.min(BATCH, Math.max(1, Math.ceil(items.length / (this.workers.length * IN_FLIGHT))));
    const take = (w: number): number[] => {
      const own = queues[w]!;
      if (own.length) return own.splice(0, size);
      if (shared.length) return shared.splice(0, size);
      const victim = queues.reduce((best, q) => (q.length > best.length ? q : best), [] as number[]);
      return victim.splice(Math.max(0, victim.length - size), size);
    };
    let done = 0;
    await Promise.all(
      // IN_FLIGHT lanes per thread, each sending its next batch as soon as its last is answered.
      this.workers
        .flatMap((worker, w) => Array.from({ length: IN_FLIGHT }, () => ({ worker, w })))
        .map(async ({ worker, w }) => {
          await this.ready[w];
          for (let batch = take(w); batch.length; batch = take(w)) {
            const request = { type, items: batch.map((i) => items[i]!) } as Request<K>;
            const out: O[] = await this.send(worker, request);
            batch.forEach((index, k) => {
              results[index] = out[k]!;
              threads[index] = w;
            });
            done += batch.length;
            progress?.(done);
          }
        }),
    );
    return { results, threads };
  }

  async reset() {
    await Promise.all(this.workers.map((worker) => this.send(worker, { type: 'reset' })));
  }

  async warm(layoutsDir: string, cwd: string, cacheDir: string) {
    await Promise.all(this.workers.map((worker) => this.send(worker, { type: 'warm', layoutsDir, cwd, cacheDir })));
  }

  async load(items: readonly LoadInput[], progress?: (done: number) => void) {
    const { results, threads } = await this.spread('load', items, () => undefined, progress);
    const outputs = results as LoadOutput[];
    // A thread that processed pictures loaded sharp's native libraries. On glibc they are
    // unloaded when the last thread holding them ends, which crashes the process: the main
    // thread holds them too before any thread can end.
    if (outputs.some((out) => 'loaded' in out && out.loaded.photos?.length)) await import('sharp');
    return { outputs, threads };
  }

  async prepareRender(init: RenderInit): Promise<Diagnostic[]> {
    const all = await Promise.all(this.workers.map((worker) => this.send(worker, { type: 'prepare', init })));
    return all[0] ?? [];
  }

  async render(
    items: readonly RenderInput[],
    owner: (item: RenderInput) => number | undefined,
    progress?: (done: number) => void,
  ) {
    return (await this.spread('render', items, owner as (item: RenderInput) => number | undefined, progress))
      .results as RenderOutput[];
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
