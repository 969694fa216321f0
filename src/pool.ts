import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { compiled, packageRoot } from './package-root.ts';
import type { Diagnostic } from './diagnostics.ts';
import { createLoader, createRenderer, type LoadInit, type LoadInput, type LoadOutput, type RenderInit, type RenderInput, type RenderOutput } from './tasks.ts';

/**
 * Runs a build's per-item tasks: on the main thread, or spread over worker threads that
 * each load articles and render pages themselves (writing their own files), returning
 * only small results. Work is handed out in batches that workers pull as they finish,
 * so a slow batch never leaves another worker idle.
 */
export interface Executor {
  /** Number of threads doing the work (1 for inline). */
  readonly threads: number;
  load(items: readonly LoadInput[], progress?: (done: number) => void): Promise<LoadOutput[]>;
  /** Load layouts everywhere; diagnostics if they cannot be loaded. */
  prepareRender(init: RenderInit): Promise<Diagnostic[]>;
  render(items: readonly RenderInput[], progress?: (done: number) => void): Promise<RenderOutput[]>;
  close(): Promise<void>;
}

/** Below this many articles, starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 300;

/** `--jobs` default: one thread per core the process may use. */
export const defaultJobs = (): number => availableParallelism();

export function createExecutor(jobs: number, init: LoadInit, items: number): Executor {
  return jobs > 1 && items >= PARALLEL_THRESHOLD ? new WorkerPool(jobs, init) : new Inline(init);
}

/** Everything on the calling thread. */
class Inline implements Executor {
  readonly threads = 1;
  private readonly loader: (input: LoadInput) => Promise<LoadOutput>;
  private renderer?: ((input: RenderInput) => Promise<RenderOutput>) | undefined;

  constructor(init: LoadInit) {
    this.loader = createLoader(init);
  }

  async load(items: readonly LoadInput[], progress?: (done: number) => void): Promise<LoadOutput[]> {
    const out: LoadOutput[] = [];
    for (const item of items) {
      out.push(await this.loader(item));
      if (out.length % 50 === 0) progress?.(out.length);
    }
    progress?.(out.length);
    return out;
  }

  async prepareRender(init: RenderInit): Promise<Diagnostic[]> {
    const { render, diagnostics } = await createRenderer(init);
    this.renderer = render;
    return diagnostics;
  }

  async render(items: readonly RenderInput[], progress?: (done: number) => void): Promise<RenderOutput[]> {
    if (!this.renderer) throw new Error('prepareRender() first');
    const out: RenderOutput[] = [];
    for (const item of items) {
      out.push(await this.renderer(item));
      if (out.length % 50 === 0) progress?.(out.length);
    }
    progress?.(out.length);
    return out;
  }

  async close(): Promise<void> {}
}

type Request = { type: 'init'; init: LoadInit } | { type: 'load'; items: readonly LoadInput[] } | { type: 'prepare'; init: RenderInit } | { type: 'render'; items: readonly RenderInput[] };

const BATCH = 40;

class WorkerPool implements Executor {
  readonly threads: number;
  private readonly workers: { worker: Worker; ready: Promise<unknown> }[];
  private next = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(jobs: number, init: LoadInit) {
    this.threads = jobs;
    this.workers = Array.from({ length: jobs }, () => {
      const worker = new Worker(path.join(packageRoot, compiled ? 'lib' : 'src', 'worker-entry.js'));
      worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        if (message.error !== undefined) waiting.reject(new Error(message.error));
        else waiting.resolve(message.result);
      });
      worker.on('error', (error) => {
        for (const [, waiting] of this.pending) waiting.reject(error);
        this.pending.clear();
      });
      const entry = { worker, ready: Promise.resolve() as Promise<unknown> };
      entry.ready = this.send(worker, { type: 'init', init });
      return entry;
    });
  }

  private send(worker: Worker, request: Request): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...request });
    });
  }

  /** Hand out batches to whichever worker is free; results keep input order. */
  private async spread<I, O>(type: 'load' | 'render', items: readonly I[], progress?: (done: number) => void): Promise<O[]> {
    const results: O[] = new Array(items.length);
    let cursor = 0;
    let done = 0;
    await Promise.all(
      this.workers.map(async ({ worker, ready }) => {
        await ready;
        while (cursor < items.length) {
          const start = cursor;
          cursor += BATCH;
          const batch = items.slice(start, start + BATCH);
          const out = (await this.send(worker, { type, items: batch } as Request)) as O[];
          out.forEach((result, i) => (results[start + i] = result));
          done += batch.length;
          progress?.(done);
        }
      }),
    );
    return results;
  }

  load(items: readonly LoadInput[], progress?: (done: number) => void): Promise<LoadOutput[]> {
    return this.spread('load', items, progress);
  }

  async prepareRender(init: RenderInit): Promise<Diagnostic[]> {
    const all = await Promise.all(this.workers.map(({ worker }) => this.send(worker, { type: 'prepare', init }) as Promise<Diagnostic[]>));
    return all[0] ?? [];
  }

  render(items: readonly RenderInput[], progress?: (done: number) => void): Promise<RenderOutput[]> {
    return this.spread('render', items, progress);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
