import path from 'node:path';
import { BodyReader, type BodyRef } from '../incremental/body-store.ts';
import type { Diagnostic } from '../diagnostics/diagnostics.ts';
import type { FileDigest } from '../output/manifest.ts';
import { Stager, type Staging } from '../output/staging.ts';
import { layoutError, loadLayouts, renderDocument, type Layouts } from '../render/layouts.ts';
import type { LayoutJob } from '../routes/route.ts';
import { createSite, type Site, type SiteData } from '../render/site.ts';
import { sha256 } from '../util/hash.ts';
import type { BodyMemory } from './body-memory.ts';

/**
 * The render task, the same whether it runs on the main thread or in a worker: layout
 * pages rendered and written straight into the staging folder by the thread that renders
 * them, with blocking I/O; only each page's digest crosses thread boundaries.
 */

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

/** Import the layouts, so that the first render does not wait for them. */
export async function warmRenderer(layoutsDir: string, cwd: string, cacheDir: string): Promise<void> {
  await loadLayouts(layoutsDir, cwd, compiledLayoutsDir(cacheDir));
}
