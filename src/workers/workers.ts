import type { LoadInit } from './load-task.ts';
import { createExecutor, defaultJobs, worthThreads, type Executor, type Work } from './pool.ts';

/**
 * The executor a builder runs its stages on, kept between builds (watch mode builds many
 * times). A stage asks for one sized to its work: one made on the calling thread for a
 * little work (a build that loaded one story) is replaced by threads once a stage has
 * many items, such as rendering every page after a layout change.
 */
export class Workers {
  private executor: Executor | undefined;
  /** The layouts the executor's threads have imported. */
  private layouts: string | undefined;
  /** Threads of an executor already let go (`release()`), for the build's report. */
  private released: number | undefined;
  /**
   * Counts executors made: a thread number recorded under one generation (which thread
   * loaded a story and still holds its body) means nothing under the next.
   */
  generation = 0;

  constructor(
    private readonly init: LoadInit,
    private readonly options: { readonly jobs?: number | undefined; readonly isolate: boolean },
  ) {}

  /** Threads doing the work, or that did it. */
  get threads(): number {
    return this.executor?.threads ?? this.released ?? 1;
  }

  /**
   * New layout code needs new threads when they are isolated (watch mode): a module once
   * imported cannot be replaced.
   */
  async useLayouts(layouts: string): Promise<void> {
    if (this.options.isolate && this.executor && this.layouts !== layouts) await this.drop();
  }

  /** Start of a full build: threads forget the bodies of the previous one. */
  async reset(): Promise<void> {
    await this.executor?.reset();
  }

  /** The executor for a stage's work. */
  async for(work: Work, layouts: string): Promise<Executor> {
    const jobs = this.options.jobs ?? defaultJobs();
    if (this.executor?.threads === 1 && worthThreads(jobs, work)) await this.drop();
    if (!this.executor) {
      this.executor = createExecutor(jobs, this.init, work, { isolate: this.options.isolate });
      this.generation++;
    }
    this.layouts = layouts;
    return this.executor;
  }

  /** Start threads and import the pipeline and the layouts ahead of the next build. */
  async warm(layouts: string, layoutsDir: string, cwd: string): Promise<void> {
    await this.useLayouts(layouts);
    const executor = await this.for({ articles: 0 }, layouts);
    await executor.warm(layoutsDir, cwd, this.init.cacheDir);
  }

  /** Let the threads go now (a one-off build no longer needs them), remembering how many there were. */
  async release(): Promise<void> {
    if (!this.executor) return;
    this.released = this.executor.threads;
    await this.drop();
  }

  async close(): Promise<void> {
    await this.drop();
  }

  private async drop(): Promise<void> {
    const executor = this.executor;
    this.executor = undefined;
    await executor?.close();
  }
}
