import { fstatSync, openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BodyReader, writePack, type BodyRef } from '../incremental/body-store.ts';
import type { CachedArticle } from '../incremental/cache.ts';
import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { layoutError, loadLayouts, renderDocument, type Layouts } from '../render/layouts.ts';
import type { LoadContext } from '../content/load.ts';
import type { LayoutJob } from '../routes/route.ts';
import { createSite, type Site, type SiteData } from '../site/site.ts';
import { decodeSource } from '../content/source.ts';
import { sha256 } from '../util/hash.ts';
import type { FileStat } from '../util/file-stat.ts';
import type { FileDigest } from '../output/manifest.ts';
import { Stager, type Staging } from '../output/staging.ts';

/**
 * The per-item work of a build, the same whether it runs on the main thread or in a
 * worker: load articles, render pages. Tasks take batches and use blocking file I/O: each
 * thread then does its own reads and writes without queueing on libuv's small shared pool,
 * and only small results cross thread boundaries.
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

/**
 * Bodies rendered in this thread, kept for its story pages, up to this many bytes. More
 * buys nothing measurable (story pages read the rest from the packs in pack order): at
 * 16,000 stories 16 MiB and 64 MiB build equally fast, and peak RSS falls by ~300 MiB.
 */
const MEMORY_BUDGET = 16 * 1024 * 1024;

/** Bodies this thread loaded during the build: its story pages need no disk read. */
export class BodyMemory {
  private readonly bodies = new Map<string, string>();
  private bytes = 0;
  keep(hash: string, html: string): void {
    if (this.bytes + html.length * 2 > MEMORY_BUDGET) return;
    this.bodies.set(hash, html);
    this.bytes += html.length * 2;
  }
  get(hash: string): string | undefined {
    return this.bodies.get(hash);
  }
  clear(): void {
    this.bodies.clear();
    this.bytes = 0;
  }
}

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

export interface RenderInit {
  readonly site: SiteData;
  readonly layoutsDir: string;
  readonly cacheDir: string;
  readonly staging: Staging;
  readonly cwd: string;
}

/** A layout job, what the previous build wrote there (unchanged pages are not rewritten), and a story's body. */
export interface RenderInput {
  readonly job: LayoutJob;
  readonly previous?: FileDigest | undefined;
  readonly body?: BodyRef | undefined;
}

export type RenderOutput =
  | { readonly output: string; readonly digest: FileDigest; readonly staged: boolean }
  | { readonly output: string; readonly error: Diagnostic };

/** Where compiled layouts are kept, beside the build cache. */
export const compiledLayoutsDir = (cacheDir: string): string => path.join(cacheDir, 'layouts');

/** Load the layouts and return a renderer, or the problems that stop rendering. */
export async function createRenderer(
  init: RenderInit,
  memory: BodyMemory,
): Promise<{ render?: (batch: readonly RenderInput[]) => RenderOutput[]; diagnostics: Diagnostic[] }> {
  // A new build stages into a new folder: folders made for the last one are gone.
  const stager = new Stager(init.staging);
  const loaded = await loadLayouts(init.layoutsDir, init.cwd, compiledLayoutsDir(init.cacheDir));
  if (!loaded.layouts) return { diagnostics: loaded.diagnostics };
  const layouts: Layouts = loaded.layouts;
  const site: Site = createSite(init.site);
  const reader = new BodyReader(init.cacheDir);
  const articles = path.relative(init.cwd, init.site.config.articles);

  const renderOne = ({ job, previous, body }: RenderInput): RenderOutput => {
    let html: string;
    try {
      html = renderJob(job, layouts, site, (hash) => {
        const kept = memory.get(hash);
        if (kept !== undefined) return kept;
        if (!body) throw new Error(`no body for story ${hash}`);
        return reader.read(body);
      });
    } catch (error) {
      const file = path.relative(
        init.cwd,
        path.join(init.layoutsDir, job.layout === 'notFound' ? '404.tsx' : `${job.layout}.tsx`),
      );
      const context =
        job.layout === 'story' ? path.join(articles, (job as LayoutJob<'story'>).props.story.id) : job.output;
      return { output: job.output, error: layoutError(file, error, context) };
    }
    const bytes = Buffer.from(html);
    const digest = { size: bytes.byteLength, sha256: sha256(bytes) };
    if (previous && previous.sha256 === digest.sha256 && previous.size === digest.size)
      return { output: job.output, digest, staged: false };
    stager.writeSync(job.output, bytes);
    return { output: job.output, digest, staged: true };
  };
  return { render: (batch) => batch.map(renderOne), diagnostics: [] };
}

function renderJob(job: LayoutJob, layouts: Layouts, site: Site, body: (hash: string) => string): string {
  if (job.layout === 'story') {
    const { story, ...rest } = (job as LayoutJob<'story'>).props;
    return renderDocument(
      layouts.story({ ...rest, story: { ...story, body: { type: 'raw', value: body(story.hash) } }, site }),
    );
  }
  // Every other layout takes its job's props as they are, plus the site.
  const layout = layouts[job.layout] as (props: object) => ReturnType<Layouts['front']>;
  return renderDocument(layout({ ...job.props, site }));
}

/** Import what loading and rendering need, so that the first real task does not wait for it. */
export async function warmUp(layoutsDir: string, cwd: string, cacheDir: string): Promise<void> {
  await Promise.all([
    import('../content/load.ts'),
    import('../content/markdown/processor.ts'),
    loadLayouts(layoutsDir, cwd, compiledLayoutsDir(cacheDir)),
  ]);
}
