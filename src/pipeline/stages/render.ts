import type { Diagnostic } from '../../diagnostics/diagnostics.ts';
import { sameLayoutErrors } from '../../render/layouts.ts';
import type { CacheEntry } from '../../incremental/cache.ts';
import { pageKey } from '../../incremental/page-key.ts';
import type { Output } from '../../output/output.ts';
import type { LayoutJob, PageJob } from '../../routes/route.ts';
import type { SiteIndex } from '../../site/site-index.ts';
import type { RenderInput } from '../../workers/render-task.ts';
import type { Env } from '../env.ts';
import type { Run } from '../run.ts';
import type { Owners } from './load.ts';
import type { Plan } from './plan.ts';

export interface RenderRequest {
  readonly jobs: readonly PageJob[];
  readonly kept: readonly string[];
  readonly plan: Plan;
  readonly index: SiteIndex;
  /** The last build's page keys, by output path. */
  readonly pages: Readonly<Record<string, string>>;
  readonly entries: Readonly<Record<string, CacheEntry>>;
  readonly owners: Owners;
  readonly layouts: string;
  /**
   * Story pages of these stories are rendered first and put in place at once, before the
   * others, and `shown` is told which (watch mode: the page an editor is looking at).
   */
  readonly first?: { readonly ids: ReadonlySet<string>; readonly shown: (files: readonly string[]) => void };
}

export interface Rendered {
  /** The key of every page's inputs, by output path, for the next build. */
  readonly pages: Record<string, string>;
  /** Pages rendered this time. */
  readonly count: number;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * render: layout pages whose input key changed, in worker threads that write them into
 * the staging folder themselves; the others are kept as the last build left them.
 */
export async function renderPages(env: Env, request: RenderRequest, output: Output, run: Run): Promise<Rendered> {
  const { plan } = request;
  const pages: Record<string, string> = {};
  const todo: RenderInput[] = [];
  for (const rel of request.kept) {
    pages[rel] = request.pages[rel]!;
    output.keep(rel);
  }
  for (const job of request.jobs) {
    if (job.type !== 'layout') continue;
    const before = request.pages[job.output];
    if (
      plan.settled &&
      before !== undefined &&
      !job.lists.some((id) => plan.fresh.has(id)) &&
      output.keep(job.output)
    ) {
      pages[job.output] = before;
      continue;
    }
    const key = pageKey(job, request.index);
    pages[job.output] = key;
    if (plan.sameRender && before === key && output.keep(job.output)) continue;
    const body = job.layout === 'story' ? request.entries[job.props.story.id]?.loaded.body : undefined;
    todo.push({ job, previous: output.previous?.[job.output], body });
  }
  if (todo.length === 0) return { pages, count: 0, diagnostics: [] };

  todo.sort(byPack);
  const executor = await env.workers.for({ pages: todo.length }, request.layouts);
  const problems = await executor.prepareRender({
    site: plan.siteData,
    layoutsDir: env.config.layouts,
    cacheDir: env.cacheDir,
    staging: output.staging,
    cwd: env.cwd,
  });
  if (problems.length) return { pages, count: todo.length, diagnostics: problems };
  // The thread that loaded a story still holds its body.
  const { owners } = request;
  const owner = (item: RenderInput) =>
    item.job.layout === 'story' && owners.generation === env.workers.generation
      ? owners.byHash.get((item.job as LayoutJob<'story'>).props.story.hash)
      : undefined;
  const diagnostics: Diagnostic[] = [];
  const first = request.first;
  const isFirst = (item: RenderInput) =>
    first !== undefined &&
    item.job.layout === 'story' &&
    first.ids.has((item.job as LayoutJob<'story'>).props.story.id);
  const batches = first ? [todo.filter(isFirst), todo.filter((item) => !isFirst(item))] : [todo];
  let done = 0;
  for (const [n, batch] of batches.entries()) {
    if (batch.length === 0) continue;
    const tick = run.ticker('render', todo.length);
    const rendered = await executor.render(batch, owner, (count) => tick(done + count));
    done += batch.length;
    for (const r of rendered) {
      if ('error' in r) diagnostics.push(r.error);
      else output.record(r.output, r.digest, r.staged);
    }
    if (diagnostics.length) break;
    if (first && n === 0) {
      const moved = await output.moveNow(batch.map((item) => item.job.output));
      if (moved.length) first.shown(moved);
    }
  }
  return { pages, count: todo.length, diagnostics: sameLayoutErrors(diagnostics) };
}

/** Story pages in the order of their bodies in the packs, so that a thread reading bodies from disk reads each pack once. */
function byPack(a: RenderInput, b: RenderInput): number {
  if (a.body && b.body) {
    if (a.body.pack !== b.body.pack) return a.body.pack < b.body.pack ? -1 : 1;
    return a.body.offset - b.body.offset;
  }
  return a.body ? -1 : b.body ? 1 : 0;
}
