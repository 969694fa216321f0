import path from 'node:path';
import type { StoryCore } from '../content/story.ts';
import { hasErrors } from '../diagnostics/diagnostics.ts';
import { storyBodies } from '../incremental/body-store.ts';
import type { CacheEntry } from '../incremental/cache.ts';
import { placementKey } from '../incremental/placement.ts';
import type { FileDigest } from '../output/manifest.ts';
import { Output } from '../output/output.ts';
import { PHOTO_DIR } from '../photos/store.ts';
import { photoNames } from '../photos/used.ts';
import { outputPath, type RouteInput } from '../routes/route.ts';
import type { SiteIndex } from '../site/site-index.ts';
import type { Env, QuickMemo, State } from './env.ts';
import { pagePromises, renamedSections } from '../site/listing-promises.ts';
import { patchIndex } from './patch-index.ts';
import type { Outcome } from './full-build.ts';
import { embargoesOf, previewsOf, statsOf, type Run } from './run.ts';
import { commitOutput, previewManifest } from './stages/commit.ts';
import { writeData } from './stages/data.ts';
import { loadArticles } from './stages/load.ts';
import { quickPlan } from './stages/plan.ts';
import { renderPages } from './stages/render.ts';
import { routePages } from './stages/route.ts';
import { selectStories } from './stages/select.ts';
import type { BuildHint } from './types.ts';

/** How long the data files wait after the pages are in place, for the browser's reload to be served first. */
const SETTLE_MS = 120;

/**
 * Watch mode's shortcut for the commonest edit: stories edited in place that kept their
 * place in the site (URL, date, section, tags, authors, status). Then every listing, feed
 * and sitemap keeps its membership and order, and the same stages as a full build run
 * with a narrower plan: only the changed files are loaded, the last full build's index is
 * patched rather than made again, and only pages that list a changed story are described
 * and rendered, the edited story's own page first. Returns undefined whenever the full
 * path is needed (a new or deleted file, an error, a story that moved, new layouts).
 */
export async function quickBuild(
  env: Env,
  state: State,
  layouts: string,
  run: Run,
  hint: BuildHint,
): Promise<Outcome | undefined> {
  const { config, options } = env;
  const { memo, cache, manifest } = state;
  if (!memo || !cache || !manifest || options.compress || options.check) return undefined;
  if (layouts !== memo.layoutsHash || cache.renderKey !== memo.renderKey) return undefined;
  const known = new Set(memo.articleIds);
  const ids = [...hint.articles].map((file) => path.relative(config.articles, file).split(path.sep).join('/'));
  if (ids.length === 0 || ids.some((id) => !known.has(id) || !cache.entries[id])) return undefined;

  const loaded = await run.stage('load', () =>
    loadArticles(
      env,
      cache,
      { ids, paths: ids.map((id) => path.join(config.articles, id)), unchanged: () => false, others: cache.entries },
      layouts,
      run,
    ),
  );
  // A file that vanished or cannot be read is for the full path to report.
  if (loaded.diagnostics.length) return undefined;
  // A picture the output lacks (a story now showing another one) is copied by the full path.
  const photos = photoNames(ids.map((id) => loaded.entries[id]?.loaded.photos));
  if (photos.some((name) => manifest[`${PHOTO_DIR}/${name}`] === undefined)) return undefined;
  // A file a story now links, or no longer does, may go live or wait: the full path decides.
  const linked = (entry: CacheEntry | undefined) => (entry?.loaded.attachments ?? []).join('\0');
  if (ids.some((id) => linked(loaded.entries[id]) !== linked(cache.entries[id]))) return undefined;
  const { selection, diagnostics } = selectStories(env, memo.articleIds, loaded.entries, memo.files, memo.ledger);
  if (hasErrors(diagnostics)) return undefined;
  const patched = patchMemo(memo, selection.published, ids);
  if (!patched) return undefined;
  run.report(diagnostics);

  const { index } = patched;
  const plan = quickPlan(memo.siteData, cache, new Set(ids), manifest);
  const { details } = env;
  // Listings keep their stories here, so the ledger's promises come out as the last build's;
  // a file of the output that is no page is a copied one.
  const copied = (url: string) => {
    const rel = outputPath(url);
    return manifest[rel] !== undefined && cache.pages[rel] === undefined;
  };
  const { retired, vanished } = pagePromises(
    memo.ledger,
    index,
    selection.published,
    config.listings.pageSize,
    copied,
    renamedSections(config.sections),
  );
  const output = new Output(config.out, manifest);
  await output.open();
  try {
    const routed = await run.stage('route', () =>
      routePages(env, {
        index,
        plan,
        pages: cache.pages,
        copies: [],
        bodies: storyBodies(env.cacheDir, (id) => loaded.entries[id]?.loaded.body),
        full: details.full,
        fileSize: sizeIn(config.basePath, manifest),
        retired,
        vanished,
      }),
    );
    let shown = 0;
    const onPages = hint.onPages;
    const rendered = await run.stage('render', () =>
      renderPages(
        env,
        {
          ...routed,
          plan,
          index,
          pages: cache.pages,
          entries: loaded.entries,
          owners: loaded.owners,
          layouts,
          ...(onPages && {
            first: {
              ids: plan.fresh,
              shown: (files) => {
                shown += files.length;
                onPages(files);
              },
            },
          }),
        },
        output,
        run,
      ),
    );
    if (routed.diagnostics.length || rendered.diagnostics.length) {
      await output.abort();
      return undefined;
    }
    // The pages in place now, then the data files: stories.json and the sitemaps list
    // every story and keep the main thread busy for a while, so the dev server answers
    // the browser's reload first.
    const pages = await output.moveStaged();
    if (onPages && shown + pages.length > 0) {
      if (pages.length) onPages(pages);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    }
    const data = await run.stage('data', () => writeData(routed.jobs, plan, index, cache, output));
    // Everything else is as the last build left it: copied files, the search index, _headers.
    for (const rel of Object.keys(manifest)) if (!output.files.has(rel)) output.keep(rel);
    const changes = await run.stage('commit', () => commitOutput(output, previewManifest(selection.published)));

    const result = run.result(true, env.workers.threads, {
      stats: statsOf({
        loaded: loaded.parsed,
        photos: loaded.photos,
        selection,
        routed,
        rendered: rendered.count,
        output,
        changes,
      }),
      embargoes: embargoesOf(selection, env.shown),
      previews: options.preview ? previewsOf(selection, env.shown, details.full) : undefined,
      changed: changes.paths,
    });
    return {
      result,
      state: {
        cache: {
          ...cache,
          entries: loaded.entries,
          pages: { ...rendered.pages, ...data.pages },
          pieces: { ...cache.pieces, ...data.pieces },
          output: output.recordSha256 ?? cache.output,
        },
        manifest: Object.fromEntries(output.files),
        memo: { ...memo, ...patched },
      },
    };
  } catch (error) {
    await output.abort();
    throw error;
  }
}

/**
 * The index a full build would make, when every changed story kept its place: the memo's
 * index with the new summaries swapped in. Undefined when a story moved, appeared or went.
 */
function patchMemo(
  memo: QuickMemo,
  published: readonly StoryCore[],
  ids: readonly string[],
): Pick<QuickMemo, 'index' | 'forward' | 'backward'> | undefined {
  const now = new Map(published.map((s) => [s.id, s]));
  const replace = new Map<StoryCore, StoryCore>();
  for (const id of ids) {
    const before = memo.index.byId.get(id);
    const after = now.get(id);
    if (!before && !after) continue; // a draft or embargoed story, still unpublished
    if (!before || !after || placementKey(before) !== placementKey(after)) return undefined;
    if (before !== after) replace.set(before, after);
  }
  const forward = new Map(memo.forward);
  const backward = new Map(memo.backward);
  for (const [before, after] of replace) {
    const base = memo.backward.get(before) ?? before;
    forward.set(base, after);
    backward.delete(before);
    backward.set(after, base);
  }
  const index: SiteIndex = patchIndex(memo.baseIndex, forward, backward);
  return { index, forward, backward };
}

/** Sizes of the files the output holds, by site path: copied files have not changed since the last build. */
function sizeIn(basePath: string, manifest: Readonly<Record<string, FileDigest>>): RouteInput['fileSize'] {
  return (link) => {
    const rel = link.startsWith(basePath) ? decodeURI(link.slice(basePath.length)) : undefined;
    return rel === undefined ? undefined : manifest[rel]?.size;
  };
}
