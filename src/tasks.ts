import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bodyPath, sha256, type FileStat } from './cache.ts';
import type { ResolvedConfig } from './config.ts';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import { layoutError, loadLayouts, renderDocument, type Layouts } from './layouts.ts';
import type { LoadContext, LoadedArticle } from './load.ts';
import { stageFile, type FileDigest } from './output.ts';
import type { LayoutJob } from './routes/route.ts';
import { createSite, type Site, type SiteData } from './site.ts';
import { decodeSource } from './source.ts';

/**
 * The per-item work of a build, the same whether it runs on the main thread or in a
 * worker: load one article, or render one page. Each task reads and writes files itself,
 * so only small results cross thread boundaries.
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
  | { readonly id: string; readonly stat: FileStat; readonly loaded: Omit<LoadedArticle, 'body'> }
  | { readonly id: string; readonly error: Diagnostic };

export function createLoader(init: LoadInit): (input: LoadInput) => Promise<LoadOutput> {
  // The Markdown pipeline is imported on first use: a rebuild where nothing changed never needs it.
  let pipeline: Promise<{ load: typeof import('./load.ts').loadArticle; context: LoadContext }> | undefined;
  const prepare = () =>
    (pipeline ??= Promise.all([import('./load.ts'), import('./markdown/processor.ts')]).then(([{ loadArticle }, { createMarkdownProcessor }]) => ({
      load: loadArticle,
      context: { config: init.config, processor: createMarkdownProcessor(init.config), key: init.key },
    })));
  return async (input) => {
    let bytes: Buffer;
    let stat: FileStat;
    try {
      const handle = await open(input.path);
      try {
        const s = await handle.stat();
        stat = { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
        bytes = await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch (error) {
      return { id: input.id, error: diagnostic('read-error', { file: input.file }, `cannot read the file: ${(error as Error).message}`) };
    }
    if (input.known !== undefined && sha256(bytes) === input.known) return { id: input.id, stat, unchanged: true };
    const source = decodeSource(bytes, input.file, input.id);
    if (!('text' in source)) return { id: input.id, stat, loaded: { id: input.id, source: sha256(bytes), assets: [], diagnostics: [source] } };
    const { load, context } = await prepare();
    const { body, ...loaded } = load(source, context);
    if (loaded.summary && body !== undefined) {
      const file = bodyPath(init.cacheDir, loaded.summary.hash);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, body);
    }
    return { id: input.id, stat, loaded };
  };
}

export interface RenderInit {
  readonly site: SiteData;
  readonly layoutsDir: string;
  readonly cacheDir: string;
  readonly staging: string;
  readonly cwd: string;
  /** Changes when layouts change, so that a long-lived process imports them anew. */
  readonly version: string;
}

/** A layout job plus what the previous build wrote there, so unchanged pages are not rewritten. */
export interface RenderInput {
  readonly job: LayoutJob;
  readonly previous?: FileDigest | undefined;
}

export type RenderOutput =
  | { readonly output: string; readonly digest: FileDigest; readonly staged: boolean }
  | { readonly output: string; readonly error: Diagnostic };

/** Load the layouts and return a renderer, or the problems that stop rendering. */
export async function createRenderer(init: RenderInit): Promise<{ render?: (input: RenderInput) => Promise<RenderOutput>; diagnostics: Diagnostic[] }> {
  const loaded = await loadLayouts(init.layoutsDir, init.cwd, init.version);
  if (!loaded.layouts) return { diagnostics: loaded.diagnostics };
  const layouts: Layouts = loaded.layouts;
  const site: Site = createSite(init.site);
  const articles = path.relative(init.cwd, init.site.config.articles);

  const render = async ({ job, previous }: RenderInput): Promise<RenderOutput> => {
    let html: string;
    try {
      html = await renderJob(job, layouts, site, init.cacheDir);
    } catch (error) {
      const file = path.relative(init.cwd, path.join(init.layoutsDir, job.layout === 'notFound' ? '404.tsx' : `${job.layout}.tsx`));
      const context = job.layout === 'story' ? path.join(articles, (job as LayoutJob<'story'>).props.story.id) : job.output;
      return { output: job.output, error: layoutError(file, error, context) };
    }
    const bytes = Buffer.from(html);
    const digest = { size: bytes.byteLength, sha256: sha256(bytes) };
    if (previous && previous.sha256 === digest.sha256 && previous.size === digest.size) return { output: job.output, digest, staged: false };
    await stageFile(init.staging, job.output, bytes);
    return { output: job.output, digest, staged: true };
  };
  return { render, diagnostics: [] };
}

async function renderJob(job: LayoutJob, layouts: Layouts, site: Site, cacheDir: string): Promise<string> {
  switch (job.layout) {
    case 'story': {
      const { story, ...rest } = (job as LayoutJob<'story'>).props;
      const body = await readFile(bodyPath(cacheDir, story.hash), 'utf8');
      return renderDocument(layouts.story({ ...rest, story: { ...story, body: { type: 'raw', value: body } }, site }));
    }
    case 'front':
      return renderDocument(layouts.front({ ...(job as LayoutJob<'front'>).props, site }));
    case 'listing':
      return renderDocument(layouts.listing({ ...(job as LayoutJob<'listing'>).props, site }));
    case 'notFound':
      return renderDocument(layouts.notFound({ ...(job as LayoutJob<'notFound'>).props, site }));
    case 'search':
      return renderDocument(layouts.search({ ...(job as LayoutJob<'search'>).props, site }));
  }
}
