import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostics.ts';
import type { CacheData, CacheEntry } from '../incremental/cache.ts';
import { keepGood } from '../incremental/last-good.ts';
import { MANIFEST_PATH, readOutputRecord, SHARD_MANIFEST_PATH, type FileDigest } from '../output/manifest.ts';
import { checkOutputFolder } from '../output/output-folder.ts';
import { Output } from '../output/output.ts';
import { joinInside, relativeTo } from '../util/relative-path.ts';
import type { AuthorProfile } from '../site/authors-file.ts';
import type { Ledger } from '../site/ledger.ts';
import type { SiteIndex } from '../site/site-index.ts';
import type { Env, QuickMemo, State } from './env.ts';
import { routeSite } from './route-site.ts';
import { embargoesOf, previewsOf, statsOf, type Run } from './run.ts';
import { checkBuild } from './stages/check.ts';
import { commitOutput, previewManifest } from './stages/commit.ts';
import { compressFiles } from './stages/compress.ts';
import { copyFiles, type Copied } from './stages/copy.ts';
import { writeData } from './stages/data.ts';
import {
  discoverArticles,
  missingArticles,
  statArticles,
  unchangedSince,
  withheldPromised,
  withheldWarnings,
  type Found,
} from './stages/discover.ts';
import { writeHeaders } from './stages/headers.ts';
import { makeIcons, writeIcons } from './stages/icons.ts';
import { heldReport, holdInvalid, writeHeldReport } from './stages/hold.ts';
import { indexSite } from './stages/index.ts';
import { readLedger, recordLedger } from './stages/ledger.ts';
import { linkedFiles } from '../site/attachments.ts';
import { loadArticles } from './stages/load.ts';
import { planBuild, publishedAnew, type Plan } from './stages/plan.ts';
import { renderPages } from './stages/render.ts';
import { restoreCache } from './stages/restore.ts';
import { saveCache } from './stages/save.ts';
import { indexSearch, pendingStories, searchOff } from './stages/search.ts';
import { seedCache } from './stages/seed.ts';
import { picturesFound, selectStories } from './stages/select.ts';
import { checkCurrent, forgetCurrent, recordCurrent, repeatLast } from './stages/up-to-date.ts';
import type { BuildHint, BuildResult } from './types.ts';

/** A build's result, and what it leaves for the next build of the same builder. */
export interface Outcome {
  readonly result: BuildResult;
  readonly state: State;
}

/**
 * A full build: the stages in the order they run, each a function from typed values to
 * typed values. Problems are collected on the run; an error stops the build before
 * anything is committed, and the output folder stays as it was.
 */
export async function fullBuild(env: Env, state: State, layouts: string, run: Run, hint?: BuildHint): Promise<Outcome> {
  const { config, options, workers } = env;
  /** A failed build keeps the cache it read and forgets the memo of the last full build. */
  const fail = (cache = state.cache): Outcome => ({
    result: run.result(false, workers.threads),
    state: { ...state, cache, memo: undefined },
  });
  await workers.reset();

  run.report(missingArticles(config, env.cwd));
  if (run.failed) return fail();
  const found = await run.stage('discover', () => discoverArticles(config));
  run.report(withheldWarnings(found, config, env.cwd));
  const articles = await run.stage('stat', () => statArticles(found, hint));
  const parts = options.loaded?.length ? options.loaded : undefined;
  // A shard's output is not the site the recorded state describes; parts are read first.
  const shortcut = env.useCache && !hint && !options.isolateLayouts && !options.shard && !parts;
  const current = shortcut
    ? await run.stage('up-to-date', () => checkCurrent(env, found, articles, layouts))
    : undefined;
  if (current?.result) return { result: repeatLast(current.result, run), state: { ...state, memo: undefined } };
  const restored = state.cache ?? (await run.stage('restore', () => restoreCache(env)));
  const seeded = parts ? await run.stage('seed', () => seedCache(env, restored, parts)) : undefined;
  run.report(seeded?.diagnostics ?? []);
  if (run.failed) return fail();
  // The output as the last build left it (watch mode keeps it in memory, with the cache).
  const before = env.useCache
    ? state.manifest
      ? { files: state.manifest, sha256: restored.output }
      : await previousFiles(env)
    : undefined;
  const previous = before?.files;
  const cache = forOutput(seeded?.cache ?? restored, before?.sha256);
  // The last build as this one compares with it (what is new, edited, held): its own
  // entries, not the parts' seeded over them for the load stage, which hold this build's
  // versions and would make an edit look like none.
  const last = seeded ? { ...cache, entries: restored.entries } : cache;

  const request = {
    ids: found.articles,
    paths: found.paths,
    unchanged: unchangedSince(cache, found, articles),
    statted: current?.statted,
  };
  const loaded = await run.stage('load', () => loadArticles(env, cache, request, layouts, run));
  const ledger = await run.stage('ledger', () => readLedger(env));
  run.report([...ledger.diagnostics, ...withheldPromised(found, ledger.ledger, env)]);
  const select = (entries: Readonly<Record<string, CacheEntry>>, held: ReadonlySet<string>) =>
    selectStories(env, found.articles, entries, found.fileSet, ledger.ledger, held);
  const selected = await run.stage('select', () => select(loaded.entries, new Set()));
  const problems = [...loaded.diagnostics, ...selected.diagnostics];
  // What was loaded, with the last good version beside an article the select stage found
  // an error in: what the cache keeps, so that --hold-invalid can publish it meanwhile.
  const kept = keepGood(loaded.entries, last.entries, failingArticles(env, found.articles, problems));
  const holding =
    config.holdInvalid && hasErrors(problems)
      ? await run.stage('hold', () =>
          holdInvalid(
            env,
            {
              ids: found.articles,
              entries: kept,
              cache: last,
              ledger: ledger.ledger,
              previous,
              problems,
              complete: picturesFound(env, found.fileSet),
            },
            select,
          ),
        )
      : undefined;
  run.report(holding ? holding.selected.diagnostics : problems);
  const entries = holding?.entries ?? kept;
  const { selection } = holding?.selected ?? selected;
  if (run.failed) return fail(keepLoaded(env, { ...cache, entries: kept }));

  const site = await run.stage('index', () => indexSite(env, selection.published));
  run.report(site.diagnostics);
  if (run.failed) return fail(cache);

  const icons = await run.stage('icons', () => makeIcons(env));
  run.report(icons.diagnostics);
  const { details } = env;
  const plan = await run.stage('plan', () =>
    planBuild(env, {
      layouts,
      cache: last,
      index: site.index,
      profiles: site.profiles,
      published: selection.published,
      ids: found.articles,
      entries,
      previous,
      icons: icons.icons?.links ?? [],
      full: details.full,
    }),
  );
  const output = new Output(config.out, previous);
  await run.stage('open', () => output.open());
  const abort = async (): Promise<Outcome> => {
    await output.abort();
    return fail(cache);
  };
  try {
    const {
      routed,
      copies,
      shard: slice,
    } = await routeSite(env, run, {
      found,
      plan,
      index: site.index,
      published: selection.published,
      entries,
      loaded: loaded.entries,
      pages: cache.pages,
      ledger: ledger.ledger,
      keep: holding?.pages,
    });
    run.report(routed.diagnostics);
    if (run.failed) return await abort();
    const { shard } = options;
    // Shard 1, like a build of the whole site, writes every file that is not a rendered page.
    const whole = !shard || shard.index === 1;

    // Started now, the copies need only the file system and the main thread's idle time.
    const copied: Promise<Copied> = whole
      ? copyFiles(config, copies, cache.files ?? {}, current?.statted ?? new Map(), output)
      : Promise.resolve({});
    output.track(copied);
    const request = { ...routed, plan, index: site.index, pages: cache.pages, entries, layouts };
    const rendered = await run.stage('render', () =>
      renderPages(env, { ...request, owners: loaded.owners }, output, run),
    );
    run.report(rendered.diagnostics);
    if (env.once) await workers.release();
    if (run.failed) return await abort();

    const data = await run.stage('data', () => writeData(routed.jobs, plan, site.index, cache, output));
    const files = await run.stage('copy', () => copied);
    if (whole) await writeIcons(icons.icons, output);
    // A shard's pages are a part of the site: it indexes the volumes whose pages are all
    // its own, and merge the others; merge lists every file in _headers.
    const search = config.search
      ? await run.stage('search', () =>
          indexSearch(
            env,
            site.index,
            {
              render: plan.searchKey,
              sectionName: (id) => plan.site.sectionName(id),
              record: cache.searchVolumes,
              changed: publishedAnew(found.articles, loaded.entries, last.entries),
              own: slice?.own,
              progress: (total) => run.ticker('search', total),
            },
            output,
          ),
        )
      : undefined;
    if (search) run.report(search.diagnostics);
    else if (!shard) run.report([searchOff(config, env.cwd)]);
    if (options.compress) await run.stage('compress', () => compressFiles(output));
    if (!shard) await writeHeaders(config, output);
    const checked =
      options.check && !shard
        ? await run.stage('check', () => checkBuild(env, output, run, ledger.ledger, routed.jobs))
        : undefined;
    if (checked) run.report(checked.diagnostics);
    if (checked && !checked.ok) return await abort();

    const record = slice?.record ?? previewManifest(selection.published);
    const changes = await run.stage('commit', () => commitOutput(output, record));
    if (whole)
      await run.stage('record', () =>
        recordLedger(
          env,
          ledger.ledger,
          selection.published,
          site.index,
          linkedFiles(
            entries,
            selection.published,
            (file) => files[relativeTo(config.root, joinInside(config.articles, file))]?.sha256,
          ),
        ),
      );
    // A build without holding holds nothing: an older report would still name stories.
    if (whole && (config.holdInvalid || existsSync(heldReport(env)))) await writeHeldReport(env, holding?.held ?? []);
    const pages = { ...rendered.pages, ...data.pages };
    const next: CacheData = {
      ...cache,
      // What was loaded, held stories' new versions included: their problems come back until fixed.
      entries: kept,
      renderKey: plan.renderKey,
      pages,
      files,
      placement: plan.placement,
      pieces: data.pieces,
      photoFolders: loaded.photoFolders,
      // The manifest on disk is the one read before when the commit wrote none.
      output: output.recordSha256 ?? before?.sha256,
      searchVolumes: search?.record,
    };
    // Against the cache as restored: the entries the parts brought are new to it.
    const saving = saveCache(env, restored, next, loaded.count, run.started);
    if (saving) await run.stage('save', () => saving);

    // Stories published but left out of the search index (`deferSearch`).
    const pending = pendingStories(search?.record);
    const result = run.result(true, workers.threads, {
      stats: statsOf({
        loaded: loaded.count,
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
      checked: checked?.summary,
      held: holding?.held,
      shard: slice?.summary,
      searchPending: pending || undefined,
    });
    // The ledger as this build wrote it is what the next build reads: it promises the URLs
    // this output serves, so it changes nothing there, and the next build may repeat this one,
    // unless its search index lacks stories (`deferSearch`): the next build makes it again.
    if (current && !pending)
      await recordCurrent(env, await current.inputsAfter(config.ledger ? [config.ledger] : []), selection, result);
    // The output is not one to repeat (watch mode wrote it, or its search index lacks stories).
    else if (env.useCache && !shard) await forgetCurrent(env);
    const memo = options.quick && !shard ? memoOf(layouts, plan, found, site, ledger.ledger) : undefined;
    // For the next build of this builder; a builder that builds once has none.
    return { result, state: { cache: next, manifest: env.once ? undefined : Object.fromEntries(output.files), memo } };
  } catch (error) {
    await abort();
    throw error;
  }
}

/**
 * The output's files as the last build left them, the manifest's or a shard's record's,
 * with the digest of that file.
 */
async function previousFiles(
  env: Env,
): Promise<{ files: Readonly<Record<string, FileDigest>>; sha256: string } | undefined> {
  const { shard } = env.options;
  const record = await readOutputRecord(env.config.out, shard ? SHARD_MANIFEST_PATH : MANIFEST_PATH);
  // Only the same shard's: another's files are no guide to what this one keeps.
  if (shard && (record?.head.shard !== shard.index || record.head.of !== shard.of)) return undefined;
  return record;
}

/**
 * The cache as it applies to this output: its page keys, pieces and placement describe
 * the output its last build left (`CacheData.output`). Built into another folder since,
 * or with this one changed by hand or restored from elsewhere, the output keeps no page by
 * them; every page is rendered, and files whose bytes are the same are not written.
 */
function forOutput(cache: CacheData, output: string | undefined): CacheData {
  if (output !== undefined && cache.output === output) return cache;
  return { ...cache, pages: {}, pieces: {}, placement: undefined, searchVolumes: undefined };
}

/**
 * The ids of the articles some problem is in: an error at the article's file, or a
 * published URL it would break, which a build that publishes nothing only warns of (a
 * preview, a clock set ahead) and the next one stops at.
 */
function failingArticles(env: Env, ids: readonly string[], problems: readonly Diagnostic[]): Set<string> {
  const files = new Set(problems.flatMap((d) => (d.severity === 'error' || d.rule === 'url-broken' ? [d.file] : [])));
  return new Set(files.size ? ids.filter((id) => files.has(env.shown(id))) : []);
}

/**
 * After a failed selection the output is untouched, so the page keys still describe it and
 * the loaded articles are kept. Their pages were not rendered, so the next build may not
 * take the entries as what the pages show (`placement` is what allows that).
 */
function keepLoaded(env: Env, cache: CacheData): CacheData {
  const next = { ...cache, placement: undefined };
  if (env.useCache) void env.writer.save(next);
  return next;
}

/**
 * The output folder may be replaced: it is not the project, a source folder, one of
 * `others` (a merge's shard folders) or a folder Broadsheet did not write.
 */
export function unsafeOutput(config: ResolvedConfig, cwd: string, others: readonly string[] = []) {
  const sources = [config.articles, config.layouts, config.public];
  const problem = checkOutputFolder(config.out, [config.root, ...sources, cwd, ...others], { sources });
  return problem ? diagnostic('output-unsafe', { file: path.relative(cwd, config.out) || '.' }, problem) : undefined;
}

/** What watch mode's quick rebuilds start from: this build's index and site data. */
function memoOf(
  layouts: string,
  plan: Plan,
  found: Found,
  site: { index: SiteIndex; profiles: ReadonlyMap<string, AuthorProfile> },
  ledger: Ledger,
): QuickMemo {
  return {
    layoutsHash: layouts,
    renderKey: plan.renderKey,
    articleIds: found.articles,
    files: found.fileSet,
    index: site.index,
    baseIndex: site.index,
    forward: new Map(),
    backward: new Map(),
    profiles: site.profiles,
    siteData: plan.siteData,
    ledger,
  };
}
