import type { StoryCore } from '../../content/story.ts';
import { checkUpToDate, forgetState, outputRecord, validUntil, writeState } from '../../incremental/up-to-date.ts';
import type { FileStat } from '../../util/file-stat.ts';
import { portableConfig, type Env } from '../env.ts';
import { NO_PHOTO_WORK } from '../../photos/used.ts';
import type { Run } from '../run.ts';
import type { BuildResult } from '../types.ts';
import type { ArticleStats, Found } from './discover.ts';

/** What the up-to-date check found. */
export interface Current {
  /** Stats of the other files it looked at (public/, assets, attachments), by absolute path. */
  readonly statted: ReadonlyMap<string, FileStat | undefined>;
  /** The last build's result, when the output is still current. */
  readonly result?: BuildResult | undefined;
  /**
   * The digest of every input, to record after a successful build, with these files
   * statted again: the ones the build wrote itself (the URL ledger; the output's manifest
   * is always statted again).
   */
  readonly inputsAfter: (written: readonly string[]) => Promise<string>;
}

/**
 * up-to-date: one digest of every input's stat and the settings, against the last
 * successful build's. When they are equal (and the clock has not passed an embargo or the
 * news window since), the previous output is current and the build ends here.
 */
export async function checkCurrent(env: Env, found: Found, articles: ArticleStats, layouts: string): Promise<Current> {
  const { config, options } = env;
  const checked = await checkUpToDate<BuildResult>({
    config,
    cacheDir: env.cacheDir,
    settings: JSON.stringify({
      tool: env.tool,
      key: env.key,
      config: portableConfig(config),
      drafts: config.drafts,
      preview: options.preview ?? false,
      layouts,
      out: config.out,
      compress: options.compress,
      check: options.check,
    }),
    articles: found.articles.map((id, i) => [id, articles.stats[i]] as const),
    // Withheld files too: deleting or renaming one changes what the build reports.
    articleFiles: found.withheld.length ? [...found.files, ...found.withheld.map((w) => w.file)] : found.files,
  });
  return {
    statted: checked.stats,
    result: checked.result,
    // The output's manifest too, which every build that writes a file writes again.
    inputsAfter: (written) => checked.restat([...written, outputRecord(config)]),
  };
}

/** The result the next build repeats if nothing changes, and until when the clock allows it. */
export async function recordCurrent(
  env: Env,
  inputs: string,
  selection: { readonly published: readonly StoryCore[]; readonly embargoed: readonly StoryCore[] },
  result: BuildResult,
): Promise<void> {
  const { timings: _t, changed: _c, ...rest } = result;
  await writeState(env.cacheDir, {
    version: 1,
    inputs,
    validUntil: validUntil(selection.published, selection.embargoed, env.config.now),
    now: env.config.now,
    result: { ...rest, timings: [], changed: [] },
  });
}

/** The output was written by a build that records no state (watch mode): no later build may take it as current. */
export const forgetCurrent = (env: Env): Promise<void> => forgetState(env.cacheDir);

/** The last build's result, repeated by a build that found the output current. */
export function repeatLast(result: BuildResult, run: Run): BuildResult {
  return {
    ...result,
    timings: run.timings,
    changed: [],
    stats: {
      ...result.stats,
      loaded: 0,
      photos: NO_PHOTO_WORK,
      rendered: 0,
      kept: result.stats.pages,
      written: 0,
      deleted: 0,
    },
  };
}
