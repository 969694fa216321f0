import { readFileSync } from 'node:fs';
import { shownName, UNSAFE_NAME, UNSAFE_NAME_TOLD } from '../content/file-kind.ts';
import path from 'node:path';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { storyBodies } from '../incremental/body-store.ts';
import type { CacheEntry } from '../incremental/cache.ts';
import type { FilesRecord } from '../output/output.ts';
import { PhotoStore } from '../photos/store.ts';
import { photoNames } from '../photos/used.ts';
import type { CopiedFile } from '../render/assets.ts';
import type { StoryCore } from '../content/story.ts';
import { withheldFiles } from '../site/attachments.ts';
import type { Ledger } from '../site/ledger.ts';
import { pagePromises, renamedSections } from '../site/listing-promises.ts';
import { outputPath } from '../routes/route.ts';
import { sha256 } from '../util/hash.ts';
import { joinInside } from '../util/relative-path.ts';
import type { SiteIndex } from '../site/site-index.ts';
import type { Env } from './env.ts';
import type { Run } from './run.ts';
import type { ShardSummary } from './shard.ts';
import type { Found } from './stages/discover.ts';
import { coreOnly, hydratePages } from './stages/hydrate.ts';
import type { Plan } from './stages/plan.ts';
import { copiedSize, listCopies, routePages, type Routed } from './stages/route.ts';
import { ledgerShown } from './stages/ledger.ts';
import { sliceSite } from './stages/slice.ts';

/** What the routes are given: the site as the stages before them made it. */
interface RouteSiteInput {
  readonly found: Found;
  readonly plan: Plan;
  readonly index: SiteIndex;
  readonly published: readonly StoryCore[];
  readonly entries: Readonly<Record<string, CacheEntry>>;
  /** Every article as loaded, held ones' new versions too: `entries` has what is published of them. */
  readonly loaded: Readonly<Record<string, CacheEntry>>;
  /** The last build's pages, by output path. */
  readonly pages: Readonly<Record<string, string>>;
  readonly ledger: Ledger;
  /** Output files to keep as the last build left them (held stories' pages). */
  readonly keep?: readonly string[] | undefined;
}

/** What the routes leave for the rest of a build. */
export interface SiteRoutes {
  /** The pages and data files this build writes: a shard's slice, hydrated. */
  readonly routed: Routed;
  readonly copies: readonly CopiedFile[];
  /** A shard's summary and record for merge, and the output paths of its own pages. */
  readonly shard?: { readonly summary: ShardSummary; readonly record: FilesRecord; readonly own: ReadonlySet<string> };
}

/**
 * The route stage, and for a shard the slice and hydrate stages after it. A shard routes
 * every page, so that all slice the same list, and keeps only its slice's: what the
 * routes described of the other shards' pages is let go before its own are rendered.
 */
export async function routeSite(env: Env, run: Run, input: RouteSiteInput): Promise<SiteRoutes> {
  const { options, details } = env;
  const { plan } = input;
  // In a function of its own: the closures the jobs keep (reading bodies, sizing files)
  // must not keep this one's scope, which holds every page the routes described.
  const { copies, ...all } = await run.stage('route', () => routeAll(env, input));
  const { shard } = options;
  if (!shard || hasErrors(all.diagnostics)) return { routed: all, copies };
  const slice = await run.stage('slice', () =>
    sliceSite(env, shard, {
      routed: all,
      entries: input.entries,
      renderKey: plan.renderKey,
      published: input.published,
      index: input.index,
    }),
  );
  return {
    routed: { ...slice.routed, jobs: hydratePages(slice.routed.jobs, details) },
    copies,
    shard: {
      summary: slice.summary,
      record: slice.record,
      own: new Set(slice.routed.jobs.map((job) => job.output)),
    },
  };
}

/** Every page and data file the routes describe, and the files copied as they are. */
async function routeAll(env: Env, input: RouteSiteInput): Promise<Routed & { copies: readonly CopiedFile[] }> {
  const { config, options, details } = env;
  const { plan, entries } = input;
  const photos = photoNames(input.published.map((story) => entries[story.id]?.loaded.photos));
  const listed = await listCopies(
    config,
    input.found,
    plan.assets,
    { store: new PhotoStore(env.photos), names: photos },
    withheldFiles(input.loaded, entries, input.published, input.ledger.files, (file) => {
      try {
        return sha256(readFileSync(joinInside(config.articles, file)));
      } catch {
        return undefined;
      }
    }),
  );
  // public/ is the developers', copied as it is; a name no URL can hold is left out, and said.
  const copies = listed.filter((copy) => !UNSAFE_NAME.test(copy.to));
  const unnamed = listed.filter((copy) => UNSAFE_NAME.test(copy.to)).map((copy) => unsafeName(env, copy.from));
  // Every shard describes every page, with the stories' cores until its own pages are
  // hydrated; its data files read each story as they write it, without keeping them all.
  const described = options.shard ? { ...plan, partial: false } : plan;
  // A build describing every page reads every story's details ahead, pack by pack.
  if (!described.partial && !options.shard) details.prefetch(input.published);
  const copied = new Set(copies.map((c) => c.to));
  const promises = pagePromises(
    input.ledger,
    input.index,
    input.published,
    config.listings.pageSize,
    (url) => copied.has(outputPath(url)),
    renamedSections(config.sections),
  );
  const routed = routePages(env, {
    index: input.index,
    plan: described,
    pages: input.pages,
    copies,
    bodies: storyBodies(env.cacheDir, (id) => entries[id]?.loaded.body),
    full: options.shard ? details.passing : details.full,
    describe: options.shard ? coreOnly : undefined,
    fileSize: copiedSize(config, copies),
    retired: promises.retired,
    vanished: promises.vanished,
    keep: input.keep,
  });
  return {
    ...routed,
    diagnostics: [...unnamed, ...routed.diagnostics, ...retiredListed(env, input.ledger, promises.retiredListings)],
    copies,
  };
}

const unsafeName = (env: Env, file: string): Diagnostic =>
  diagnostic(
    'file-withheld',
    { file: shownName(path.relative(env.cwd, file)) },
    `${shownName(path.basename(file))} ${UNSAFE_NAME_TOLD.reason}`,
    { severity: 'warning', hint: UNSAFE_NAME_TOLD.hint },
  );

/** Retired URLs a listing still serves: as a story does, it keeps its page until it lists none. */
function retiredListed(env: Env, ledger: Ledger, urls: readonly string[]): Diagnostic[] {
  const file = ledgerShown(env);
  return urls.map((url) =>
    diagnostic(
      'retired-url-served',
      { file, line: ledger.lines?.get(url) ?? 1, column: 1 },
      `${url} is retired, but it is a listing page with stories on it: it stays until it lists none`,
      {
        severity: 'warning',
        hint: 'Take the tag, byline or section off its stories (or retire them) to finish taking the page down; to keep the page, delete the retired line from the ledger.',
      },
    ),
  );
}
