import { statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../../config/config.ts';
import { fieldPlace } from '../../content/story.ts';
import { diagnostic, type Diagnostic, type Place } from '../../diagnostics/diagnostics.ts';
import { plainFiles, type CopiedFile } from '../../render/assets.ts';
import { DATA_KEY } from '../../incremental/page-key.ts';
import { isPictureFile } from '../../content/picture.ts';
import { PHOTO_DIR, type PhotoStore } from '../../photos/store.ts';
import { dataRoutes, layoutRoutes } from '../../routes/index.ts';
import { outputPath, SEARCH_FOLDER, type PageJob, type RouteInput } from '../../routes/route.ts';
import type { SiteIndex } from '../../site/site-index.ts';
import { joinInside } from '../../util/relative-path.ts';
import type { Env } from '../env.ts';
import type { Found } from './discover.ts';
import type { Plan } from './plan.ts';

export interface Routed {
  /** Every page and generated file the routes describe, as data. */
  readonly jobs: readonly PageJob[];
  /** The last build's pages not described this time (`plan.partial`), kept as they are. */
  readonly kept: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface RouteRequest {
  readonly index: SiteIndex;
  readonly plan: Plan;
  /** The last build's pages, by output path. */
  readonly pages: Readonly<Record<string, string>>;
  /** Files copied as they are, which no page may overwrite. */
  readonly copies: readonly CopiedFile[];
  readonly bodies: RouteInput['bodies'];
  readonly full: RouteInput['full'];
  /**
   * What layout routes put on their pages for a story: by default its whole summary
   * (`full`). A shard gives its cores (`coreOnly`) and hydrates only its slice's pages.
   */
  readonly describe?: RouteInput['full'] | undefined;
  readonly fileSize: RouteInput['fileSize'];
  readonly retired: RouteInput['retired'];
  readonly vanished: RouteInput['vanished'];
  /** Output files to keep as the last build left them whatever the plan (held stories' pages). */
  readonly keep?: readonly string[] | undefined;
}

/**
 * route: every route describes its pages as plain data (the layout, its props, the stories
 * it lists), and no two pages or copied files may claim one output path. With a partial
 * plan, routes describe only the pages that can show a fresh story.
 */
export function routePages(env: Env, request: RouteRequest): Routed {
  const { plan } = request;
  const input: RouteInput = {
    index: request.index,
    site: plan.site,
    config: env.config,
    bodies: request.bodies,
    full: request.full,
    pictured: (story) => request.full(story).image !== undefined,
    fileSize: request.fileSize,
    only: plan.partial ? plan.fresh : undefined,
    retired: request.retired,
    vanished: request.vanished,
  };
  const pages: RouteInput = { ...input, full: request.describe ?? request.full };
  const jobs = [
    ...Object.values(layoutRoutes).flatMap((route) => [...route(pages)]),
    ...Object.values(dataRoutes).flatMap((route) => [...route(input)]),
  ];
  const described = new Set(jobs.map((job) => job.output));
  // Pages only: data routes describe every file they make, so a data file not described
  // now is one no longer made (a news sitemap with no recent story, a removed alias).
  const kept = plan.partial
    ? Object.keys(request.pages).filter((rel) => !described.has(rel) && !request.pages[rel]!.startsWith(DATA_KEY))
    : [];
  const taken = new Set(kept);
  // A held story's picture that a published story shows too is copied for that one.
  const copied = new Set(request.copies.map((copy) => copy.to));
  for (const rel of request.keep ?? []) if (!described.has(rel) && !taken.has(rel) && !copied.has(rel)) kept.push(rel);
  // A story's page has its URL from the slug, or else the headline, and a redirect of it
  // from its aliases; a listing of it alone, from no one field.
  const storyPlace = (id: string, output: string): Place => {
    const story = request.index.byId.get(id);
    const file = env.shown(id);
    if (story && outputPath(story.url) === output) return fieldPlace(file, story, 'slug', 'title');
    if (story?.aliases.some((alias) => outputPath(alias) === output)) return fieldPlace(file, story, 'aliases');
    return { file };
  };
  return {
    jobs,
    kept,
    diagnostics: [
      ...conflicts(jobs, kept, request.copies, env.shown, storyPlace),
      ...(env.config.search ? inSearchFolder(jobs, request.copies, env, storyPlace) : []),
    ],
  };
}

/**
 * Pages and copied files inside the search index's folder: Pagefind writes it, and a
 * build that keeps the index keeps the folder as the last one left it.
 */
function inSearchFolder(
  jobs: readonly PageJob[],
  copies: readonly CopiedFile[],
  env: Env,
  storyPlace: (id: string, output: string) => Place,
): Diagnostic[] {
  const inside = (rel: string) => rel.startsWith(`${SEARCH_FOLDER}/`);
  const refuse = (rel: string, place: Place, what: string) =>
    diagnostic(
      'output-conflict',
      place,
      `${rel} would be written into ${SEARCH_FOLDER}/, the search index's folder, which Pagefind writes: ${what}`,
    );
  return [
    ...jobs
      .filter((job) => inside(job.output))
      .map((job) =>
        refuse(
          job.output,
          job.lists.length === 1 ? storyPlace(job.lists[0]!, job.output) : { file: job.output },
          'give the page another URL (its slug, an alias, the permalink)',
        ),
      ),
    ...copies
      .filter((copy) => inside(copy.to))
      .map((copy) => refuse(copy.to, { file: path.relative(env.cwd, copy.from) }, 'move the file out of it')),
  ];
}

/**
 * Files copied as they are: public/, the articles folder's other files (not its pictures,
 * which are published only as the photo stage made them, nor the files only unpublished
 * stories link, `withheld`), the layout assets, and the photo files the published stories
 * use, from the photo store.
 */
export async function listCopies(
  config: ResolvedConfig,
  found: Found,
  assets: readonly CopiedFile[],
  photos: { readonly store: PhotoStore; readonly names: readonly string[] },
  withheld: ReadonlySet<string>,
): Promise<CopiedFile[]> {
  return [
    ...(await plainFiles(config.public)),
    ...found.files
      .filter((rel) => !isPictureFile(rel) && !withheld.has(rel))
      .map((rel) => ({ from: joinInside(config.articles, rel), to: rel })),
    ...assets,
    ...photos.names.map((name) => ({ from: photos.store.file(name), to: `${PHOTO_DIR}/${name}` })),
  ];
}

/**
 * The size of a file the output will hold, by its site path (feed enclosures): copied files
 * are statted. A file that is not there has none: a shard after the first, on a machine of
 * its own, is given the loaded parts without their pictures, and copies no picture nor
 * writes a feed (a build that copies a missing file fails in the copy stage).
 */
export function copiedSize(config: ResolvedConfig, copies: readonly CopiedFile[]): RouteInput['fileSize'] {
  const copiedFrom = new Map(copies.map((c) => [c.to, c.from]));
  return (link) => {
    const rel = link.startsWith(config.basePath) ? decodeURI(link.slice(config.basePath.length)) : undefined;
    const from = rel === undefined ? undefined : copiedFrom.get(rel);
    return from ? statSync(from, { throwIfNoEntry: false })?.size : undefined;
  };
}

/** Two pages, or a page and a copied file, writing the same output path. */
function conflicts(
  jobs: readonly PageJob[],
  kept: readonly string[],
  copies: readonly CopiedFile[],
  shown: (id: string) => string,
  storyPlace: (id: string, output: string) => Place,
): Diagnostic[] {
  const owners = new Map<string, { who: string; place: Place }>();
  const out: Diagnostic[] = [];
  const describe = (job: PageJob) =>
    (job.type === 'layout' ? `the ${job.layout} page` : 'a generated file') +
    (job.lists.length === 1 ? ` of ${shown(job.lists[0]!)}` : '');
  // Said where a field decides the URL (a story's slug, an alias), whichever claimed it first.
  const claim = (rel: string, who: string, place: Place) => {
    const first = owners.get(rel);
    if (first === undefined) return void owners.set(rel, { who, place });
    const at = place.line === undefined && first.place.line !== undefined ? first.place : place;
    out.push(diagnostic('output-conflict', at, `${rel} would be written by ${who} and by ${first.who}`));
  };
  for (const job of jobs)
    claim(
      job.output,
      describe(job),
      job.lists.length === 1 ? storyPlace(job.lists[0]!, job.output) : { file: job.output },
    );
  for (const rel of kept) claim(rel, 'a page kept from the last build', { file: rel });
  for (const copy of copies) claim(copy.to, `the file ${copy.from}`, { file: copy.from });
  return out;
}
