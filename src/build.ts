import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fingerprintAssets, plainFiles, type CopiedFile } from './assets.ts';
import type { ResolvedConfig } from './config.ts';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import { discover } from './discover.ts';
import { layoutError, loadLayouts } from './layouts.ts';
import { loadStory } from './load.ts';
import { createMarkdownProcessor } from './markdown/processor.ts';
import { routes } from './routes/index.ts';
import { selectPublished } from './select.ts';
import { createSite } from './site.ts';
import { decodeSource, type ArticleSource } from './source.ts';
import type { Story } from './story.ts';
import { checkOutputFolder, createStagingWriter, type OutputWriter } from './writer.ts';

/** Progress callbacks; the CLI prints them, tests ignore them. */
export interface Progress {
  stage?(name: string): void;
  tick?(stage: string, done: number, total: number): void;
}

export interface BuildOptions {
  /** Where paths in messages are relative to. Default: process.cwd(). */
  readonly cwd?: string;
  /** Output destination. Default: an atomic staging writer for `config.out`. */
  readonly writer?: OutputWriter;
  readonly progress?: Progress;
}

export interface BuildStats {
  readonly stories: number;
  readonly drafts: number;
  readonly embargoed: number;
  readonly pages: number;
  readonly files: number;
  readonly bytes: number;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: BuildStats;
  /** Milliseconds per stage, in the order they ran. */
  readonly timings: readonly (readonly [stage: string, ms: number])[];
  /** Embargoed stories and when they may be published, for the CLI summary. */
  readonly embargoes: readonly { readonly id: string; readonly date: string }[];
}

/**
 * The build: discover → read → load → select → render → write, each a named, timed stage.
 * Errors in articles are collected across all of them; output is committed only when there
 * are none, so the previous output survives any failed build.
 */
export async function build(config: ResolvedConfig, options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd();
  const progress = options.progress ?? {};
  const timings: [string, number][] = [];
  const diagnostics: Diagnostic[] = [];
  const stage = async <T>(name: string, run: () => Promise<T> | T): Promise<T> => {
    progress.stage?.(name);
    const start = performance.now();
    try {
      return await run();
    } finally {
      timings.push([name, performance.now() - start]);
    }
  };
  const shown = (id: string) => path.relative(cwd, path.join(config.articles, id));
  const empty: BuildStats = { stories: 0, drafts: 0, embargoed: 0, pages: 0, files: 0, bytes: 0 };
  const fail = (stats = empty): BuildResult => ({ ok: false, diagnostics: sortDiagnostics(diagnostics), stats, timings, embargoes: [] });

  if (!options.writer) {
    const problem = checkOutputFolder(config.out, [config.root, config.articles, config.layouts, config.public, cwd]);
    if (problem) {
      diagnostics.push(diagnostic('output-unsafe', { file: path.relative(cwd, config.out) || '.' }, problem));
      return fail();
    }
  }

  const found = await stage('discover', () => discover(config.articles));
  const sources = await stage('read', () => readSources(config.articles, found.articles, shown, diagnostics));

  const stories = await stage('load', () => {
    const processor = createMarkdownProcessor(config);
    const context = { config, processor, files: new Set(found.files) };
    const loaded: Story[] = [];
    const unknownFields = new Set<string>();
    sources.forEach((source, i) => {
      const result = loadStory(source, context);
      for (const d of result.diagnostics) {
        // Unknown fields are reported once per field name, not once per article.
        if (d.rule === 'unknown-field') {
          if (unknownFields.has(d.reason)) continue;
          unknownFields.add(d.reason);
        }
        diagnostics.push(d);
      }
      if (result.story) loaded.push(result.story);
      progress.tick?.('load', i + 1, sources.length);
    });
    return loaded;
  });

  const selection = await stage('select', () => selectPublished(stories, config, (s) => shown(s.id)));
  diagnostics.push(...selection.diagnostics);
  if (hasErrors(diagnostics)) return fail();

  const [assets, layouts] = await stage('prepare', async () => {
    const assets = await fingerprintAssets(path.join(config.layouts, 'assets'));
    const layouts = await loadLayouts(config.layouts, cwd);
    diagnostics.push(...layouts.diagnostics);
    return [assets, layouts.layouts] as const;
  });
  if (!layouts) return fail();

  const writer = options.writer ?? createStagingWriter(config.out);
  const site = createSite(config, assets.urls);
  const input = { published: selection.published, site, layouts, config };
  let pages = 0;
  try {
    await stage('render', async () => {
      for (const [kind, route] of Object.entries(routes)) {
        const jobs = [...route(input)];
        let done = 0;
        for (const job of jobs) {
          let html: string;
          try {
            html = job.render();
          } catch (error) {
            const layoutFile = path.relative(cwd, path.join(config.layouts, `${job.layout ?? kind}.tsx`));
            diagnostics.push(layoutError(layoutFile, error, job.source ? shown(job.source) : job.output));
            continue;
          }
          await writer.write(job.output, html);
          pages++;
          progress.tick?.(`render ${kind}`, ++done, jobs.length);
        }
      }
    });
    if (hasErrors(diagnostics)) {
      await writer.abort();
      return fail();
    }
    await stage('copy', async () => {
      const copies: CopiedFile[] = [
        ...(await plainFiles(config.public)),
        ...found.files.map((rel) => ({ from: path.join(config.articles, rel), to: rel })),
        ...assets.files,
      ];
      for (const { from, to } of copies) await writer.copy(from, to);
    });
    await stage('commit', () => writer.commit());
  } catch (error) {
    await writer.abort();
    throw error;
  }

  let bytes = 0;
  for (const file of writer.files.values()) bytes += file.size;
  return {
    ok: true,
    diagnostics: sortDiagnostics(diagnostics),
    stats: {
      stories: selection.published.length,
      drafts: selection.drafts.length,
      embargoed: selection.embargoed.length,
      pages,
      files: writer.files.size,
      bytes,
    },
    timings,
    embargoes: selection.embargoed.map((s) => ({ id: shown(s.id), date: s.date.iso })),
  };
}

/** Read and decode article files, a bounded number at a time; unreadable ones become diagnostics. */
async function readSources(
  dir: string,
  ids: readonly string[],
  shown: (id: string) => string,
  diagnostics: Diagnostic[],
): Promise<ArticleSource[]> {
  const results: (ArticleSource | undefined)[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      const id = ids[i]!;
      try {
        const decoded = decodeSource(await readFile(path.join(dir, id)), shown(id), id);
        if ('text' in decoded) results[i] = decoded;
        else diagnostics.push(decoded);
      } catch (error) {
        diagnostics.push(diagnostic('read-error', { file: shown(id) }, `cannot read the file: ${(error as Error).message}`));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(64, ids.length) }, worker));
  return results.filter((r): r is ArticleSource => r !== undefined);
}
