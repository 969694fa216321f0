import { rm } from 'node:fs/promises';
import type { ResolvedConfig } from '../config/config.ts';
import { layoutsVersion } from '../render/layouts.ts';
import { compiledLayoutsDir } from '../workers/render-task.ts';
import { createEnv, type Env, type State } from './env.ts';
import { fullBuild, unsafeOutput } from './full-build.ts';
import { quickBuild } from './quick-build.ts';
import { Run } from './run.ts';
import type { BuildHint, BuildOptions, BuildResult, Builder } from './types.ts';

export type { BuildHint, BuildOptions, BuildResult, BuildStats, Builder, Progress } from './types.ts';

/** Build once and release the worker pool. */
export async function build(config: ResolvedConfig, options: BuildOptions = {}): Promise<BuildResult> {
  const builder = createBuilder(config, options, { once: true });
  try {
    return await builder.build();
  } finally {
    await builder.close();
  }
}

/**
 * A builder keeps what one build leaves for the next (the cache, the output's manifest,
 * watch mode's memo) and the worker threads between builds. Each build starts from that
 * state and returns the next one.
 *
 * `once`: the builder builds a single time (`build()`), so its worker threads are let go
 * as soon as the pages are rendered: their heaps would otherwise stay through the feeds,
 * copies and cache write, which is where a large build's memory peaks.
 */
export function createBuilder(config: ResolvedConfig, options: BuildOptions = {}, { once = false } = {}): Builder {
  let env: Promise<Env> | undefined;
  let state: State = {};
  const ready = () => (env ??= createEnv(config, options, once));
  const layoutsOf = (e: Env) => layoutsVersion(config.layouts, compiledLayoutsDir(e.cacheDir));

  return {
    async warm() {
      const e = await ready();
      await e.workers.warm(await layoutsOf(e), config.layouts, e.cwd);
    },

    async close() {
      if (!env) return;
      const e = await env;
      // Watch mode saves at the end, collecting what no entry refers to any more.
      if (e.useCache) await e.writer.close(state.cache, options.isolateLayouts ?? false);
      await e.workers.close();
      if (!e.useCache) await rm(e.cacheDir, { recursive: true, force: true });
    },

    async build(hint?: BuildHint) {
      const e = await ready();
      const run = new Run(options.progress);
      const unsafe = unsafeOutput(e.config, e.cwd);
      if (unsafe) {
        run.report([unsafe]);
        return run.result(false, e.workers.threads);
      }
      const layouts = await run.stage('layouts', () => layoutsOf(e));
      await e.workers.useLayouts(layouts);
      // A shard renders a slice of the pages: watch mode's quick path, for one story's pages, is no shard's.
      const quick = hint && !options.shard ? await quickBuild(e, state, layouts, run, hint) : undefined;
      if (quick) e.writer.later(() => state.cache);
      const outcome = quick ?? (await fullBuild(e, state, layouts, run, hint));
      state = outcome.state;
      return outcome.result;
    },
  };
}
