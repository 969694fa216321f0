import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/config.ts';
import { discover, ignoreClutter } from '../content/discover.ts';
import { assetSources } from '../render/assets.ts';
import { statAll } from '../util/file-stat.ts';
import { joinInside, relativeTo } from '../util/relative-path.ts';
import { NEWS_WINDOW_MS } from '../routes/sitemaps.ts';
import type { StoryCore } from '../content/story.ts';
import type { FileStat } from '../util/file-stat.ts';
import { MANIFEST_PATH } from '../output/manifest.ts';

/**
 * The shortcut for a rebuild where nothing changed: a digest of everything a build reads
 * (settings, tool, layout code, and the stat of every source file), and until when the
 * clock cannot change the output (the next embargo to lift, the next story to leave the
 * two-day news sitemap). When both still hold, the previous output is current and the
 * build stops after a directory walk and a stat of each file.
 */
export interface BuildState<T> {
  readonly version: 1;
  readonly inputs: string;
  /** Epoch ms from which the clock alone would change the output; null: never. */
  readonly validUntil: number | null;
  /**
   * The clock of the build that made this state (epoch ms). A build whose clock is earlier
   * (`--now` set back, a machine's clock behind) may not repeat it: the output may hold a
   * story that was published at the later clock and is embargoed at the earlier one.
   */
  readonly now?: number | undefined;
  /** What the build that made this state reported, repeated by the shortcut. */
  readonly result: T;
}

const stateFile = (cacheDir: string) => path.join(cacheDir, 'state.json');

/** The output's manifest, which a build writes: statted again after it (`restat`). */
export const outputRecord = (config: Pick<ResolvedConfig, 'out'>): string => path.join(config.out, MANIFEST_PATH);

/**
 * The digest of the settings, the files' paths and their stats. The stats go in as the
 * bytes of a Float64Array, four numbers a file (-1 for the size of a missing file): a line
 * of text a file, for an archive's tens of thousands, cost several times as much.
 */
const digestOf = (settings: string, paths: string, stats: Float64Array): string =>
  createHash('sha256')
    .update(settings)
    .update('\n')
    .update(paths)
    .update(new Uint8Array(stats.buffer, stats.byteOffset, stats.byteLength))
    .digest('hex');

/** Put each file's stat at its place (from `at`) in `numbers`. */
function putStats(numbers: Float64Array, at: number, stats: readonly (FileStat | undefined)[]): void {
  for (const [i, s] of stats.entries()) {
    const o = (at + i) * 4;
    numbers[o] = s ? s.size : -1;
    numbers[o + 1] = s ? s.mtimeMs : 0;
    numbers[o + 2] = s ? s.ctimeMs : 0;
    numbers[o + 3] = s ? s.ino : 0;
  }
}

/**
 * The first moment after `now` at which an embargo lifts, a story leaves the news sitemap,
 * or a front-page pin or breaking-news banner ends (the published stories carry only those
 * still in force).
 */
export function validUntil(
  published: readonly StoryCore[],
  embargoed: readonly StoryCore[],
  now: number,
): number | null {
  let next = Infinity;
  for (const s of embargoed) next = Math.min(next, s.date.epoch);
  for (const s of published) {
    if (s.date.epoch + NEWS_WINDOW_MS > now) next = Math.min(next, s.date.epoch + NEWS_WINDOW_MS + 1);
    if (s.pin?.until) next = Math.min(next, s.pin.until.epoch);
    if (s.breaking) next = Math.min(next, s.breaking.until.epoch);
  }
  return Number.isFinite(next) ? next : null;
}

export async function readState<T>(cacheDir: string): Promise<BuildState<T> | undefined> {
  try {
    const state = JSON.parse(await readFile(stateFile(cacheDir), 'utf8')) as BuildState<T>;
    return state.version === 1 ? state : undefined;
  } catch {
    return undefined;
  }
}

export const writeState = <T>(cacheDir: string, state: BuildState<T>) =>
  writeFile(stateFile(cacheDir), `${JSON.stringify(state)}\n`);

/** Remove the recorded state: the output is no longer what it describes. */
export const forgetState = (cacheDir: string): Promise<void> => rm(stateFile(cacheDir), { force: true });

/**
 * Digest what this build would read (the articles' stats come from the caller, which
 * needs them anyway; public/, layout assets, article attachments and authors.yaml are
 * statted here) and compare it with the last successful build. `result` is that build's
 * result when the output is still current.
 */
export async function checkUpToDate<T>(input: {
  readonly config: ResolvedConfig;
  readonly cacheDir: string;
  /** Everything besides files that decides the output (tool, settings, layout code). */
  readonly settings: string;
  readonly articles: readonly (readonly [string, FileStat | undefined])[];
  /** Non-article files under the articles folder, relative to it. */
  readonly articleFiles: readonly string[];
}): Promise<{
  inputs: string;
  result?: T | undefined;
  stats: ReadonlyMap<string, FileStat | undefined>;
  /** The digest again, with these of the files statted anew (files the build itself wrote). */
  restat: (files: readonly string[]) => Promise<string>;
}> {
  const { config } = input;
  const others = [
    ...(await discover(config.public, ignoreClutter)).files.map((f) => path.join(config.public, f)),
    ...(await assetSources(path.join(config.layouts, 'assets'))).map(([, file]) => file),
    ...input.articleFiles.map((f) => joinInside(config.articles, f)),
    config.authors,
    ...(config.ledger ? [config.ledger] : []),
    // The output as the last build left it: one put back from elsewhere is not current.
    outputRecord(config),
  ];
  const stats = await statAll(others);
  const shown = others.map((f) => relativeTo(config.root, f));
  // Kept for `restat`, which changes only the numbers of the files it stats again.
  const first = input.articles.length;
  // With the number of articles: where their paths end and the other files' begin.
  const paths = `${first}\n${[...input.articles.map(([file]) => file), ...shown].join('\0')}`;
  const numbers = new Float64Array((first + others.length) * 4);
  putStats(
    numbers,
    0,
    input.articles.map(([, s]) => s),
  );
  putStats(numbers, first, stats);
  const inputs = digestOf(input.settings, paths, numbers);
  const state = await readState<T>(input.cacheDir);
  const current =
    state !== undefined &&
    state.inputs === inputs &&
    state.now !== undefined &&
    config.now >= state.now &&
    (state.validUntil === null || config.now < state.validUntil);
  return {
    inputs,
    result: current && existsSync(outputRecord(config)) ? state.result : undefined,
    // The copy stage needs the same stats: they are what the digest recorded.
    stats: new Map(others.map((file, i) => [file, stats[i]])),
    restat: async (files) => {
      const again = new Set(files);
      const fresh = await statAll(others.map((file) => (again.has(file) ? file : undefined)));
      const now = numbers.slice();
      for (const [i, file] of others.entries()) if (again.has(file)) putStats(now, first + i, [fresh[i]]);
      return digestOf(input.settings, paths, now);
    },
  };
}
