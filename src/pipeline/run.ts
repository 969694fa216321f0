import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostics.ts';
import type { StoryCore, StorySummary } from '../content/story.ts';
import type { Changes, Output } from '../output/output.ts';
import type { Selection } from '../site/select.ts';
import type { Routed } from './stages/route.ts';
import type { PhotoWork } from '../photos/used.ts';
import { NO_STATS, type BuildResult, type BuildStats, type PreviewStory, type Progress } from './types.ts';

/**
 * One build as it goes: the stages it ran and how long each took, the problems found so
 * far, and progress for the CLI. Stages are functions of their inputs; the run only
 * records around them.
 */
export class Run {
  readonly timings: [string, number][] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** When the build started (epoch ms): files written since may belong to another build. */
  readonly started = Date.now();

  constructor(readonly progress: Progress = {}) {}

  /** Run a stage, named and timed. */
  async stage<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    this.progress.stage?.(name);
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.timings.push([name, performance.now() - start]);
    }
  }

  /** A progress callback for a stage's items. */
  ticker(stage: string, total: number): (done: number) => void {
    return (done) => this.progress.tick?.(stage, done, total);
  }

  report(diagnostics: readonly Diagnostic[]): void {
    this.diagnostics.push(...diagnostics);
  }

  get failed(): boolean {
    return hasErrors(this.diagnostics);
  }

  result(
    ok: boolean,
    threads: number,
    more: {
      readonly stats?: BuildStats;
      readonly embargoes?: BuildResult['embargoes'];
      readonly previews?: BuildResult['previews'];
      readonly changed?: readonly string[];
      readonly checked?: BuildResult['checked'] | undefined;
      readonly held?: BuildResult['held'] | undefined;
      readonly shard?: BuildResult['shard'] | undefined;
      readonly searchPending?: number | undefined;
    } = {},
  ): BuildResult {
    return {
      ok,
      diagnostics: sortDiagnostics(this.diagnostics),
      stats: more.stats ?? NO_STATS,
      timings: this.timings,
      embargoes: more.embargoes ?? [],
      threads,
      changed: more.changed ?? [],
      ...(more.previews ? { previews: more.previews } : {}),
      ...(more.checked ? { checked: more.checked } : {}),
      ...(more.held?.length ? { held: more.held.map(({ file, kept }) => ({ file, kept })) } : {}),
      ...(more.shard ? { shard: more.shard } : {}),
      ...(more.searchPending ? { searchPending: more.searchPending } : {}),
    };
  }
}

/** The counts of a finished build, from what its stages returned. */
export function statsOf(done: {
  readonly loaded: number;
  readonly photos: PhotoWork;
  readonly selection: Selection<StoryCore>;
  readonly routed: Pick<Routed, 'jobs' | 'kept'>;
  readonly rendered: number;
  readonly output: Output;
  readonly changes: Changes;
}): BuildStats {
  const { selection, output, changes } = done;
  let bytes = 0;
  for (const file of output.files.values()) bytes += file.size;
  const keptPages = done.routed.kept.filter((rel) => rel.endsWith('.html')).length;
  return {
    loaded: done.loaded,
    photos: done.photos,
    stories: selection.published.length,
    drafts: selection.drafts.length,
    embargoed: selection.embargoed.length,
    // Kept files are pages, but for the pictures a held story's kept pages show.
    pages: done.routed.jobs.length + keptPages,
    rendered: done.rendered,
    kept: keptPages,
    files: output.files.size,
    bytes,
    written: changes.written,
    deleted: changes.deleted,
  };
}

/** The drafts and embargoed stories a preview build shows (none otherwise), newest first. */
export const previewsOf = (
  selection: Selection<StoryCore>,
  shown: (id: string) => string,
  full: (story: StoryCore) => StorySummary,
): PreviewStory[] =>
  selection.published.flatMap((s) =>
    s.preview ? [{ file: shown(s.id), title: full(s).title, url: s.url, status: s.preview, date: s.date.iso }] : [],
  );

/** Embargoed stories and when they may be published, as the CLI shows them. */
export const embargoesOf = (selection: Selection<StoryCore>, shown: (id: string) => string) =>
  selection.embargoed.map((s) => ({ id: shown(s.id), date: s.date.iso }));
