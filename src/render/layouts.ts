import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, Root } from 'hast';
import type { AuthorProfile } from '../site/authors-file.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import type { Section, Site } from './site.ts';
import type { Story, StorySummary } from '../content/story.ts';
import { compileLayouts } from './compile-layouts.ts';
import { serializeHtml } from './html.ts';
import { defaultLayouts } from '../util/package-root.ts';
import { defaultExport } from '../util/typescript.ts';

/**
 * Links between the pages of a listing (site paths, not yet passed through `site.path`).
 * The first page shows the newest stories; archive pages hold the older ones in full
 * pages numbered from the oldest (1), so that each keeps its stories for good.
 */
export interface Pagination {
  /** This page's archive number, or 0 on the listing's first page. */
  readonly page: number;
  /**
   * Archive pages this page links to: every one from the first page; from an archive page,
   * those up to the next newer one, so that a full archive page stays as it is while newer
   * pages are added.
   */
  readonly pages: number;
  /** The listing's first page: the newest stories. */
  readonly first: string;
  /** The page of newer stories (`rel="prev"`): the next archive page, or the first page. */
  readonly prev?: string | undefined;
  /** The page of older stories (`rel="next"`). */
  readonly next?: string | undefined;
  /** Site path of those archive pages, the oldest (1) first. */
  readonly all: readonly string[];
}

/** Props of `layouts/story.tsx`. */
export interface StoryPageProps {
  readonly story: Story;
  /** Stories sharing tags or section, most related first. */
  readonly related: readonly StorySummary[];
  /** The next newer and older story in the same section. */
  readonly newer?: StorySummary | undefined;
  readonly older?: StorySummary | undefined;
  readonly site: Site;
}

/** A section's block on the front page. */
export interface FrontSection {
  readonly section: Section;
  /** The block's top story: the newest of its stories with a picture, else the newest. */
  readonly top: StorySummary;
  /** The block's other stories, newest first, shown as headlines. */
  readonly stories: readonly StorySummary[];
}

/**
 * Props of `layouts/front.tsx`. No story is in two places: each part takes the newest
 * stories the parts before it left.
 */
export interface FrontPageProps {
  /**
   * The newest story pinned as lead (`pin: lead`); without one, the newest story with a
   * picture among the newest `frontPage.leadCandidates`, and when none of them has one,
   * the newest story.
   */
  readonly lead?: StorySummary | undefined;
  /**
   * The top stories (`frontPage.secondary` of them), shown with their pictures: the pinned
   * ones first (`pin: top`, and leads a newer lead pin outranks), newest first, then the
   * newest stories.
   */
  readonly secondary: readonly StorySummary[];
  /** One block per configured section with stories left, in configured order (`frontPage.perSection` stories each). */
  readonly sections: readonly FrontSection[];
  /** The newest stories shown nowhere above (`frontPage.latest` of them), as headlines. */
  readonly latest: readonly StorySummary[];
  readonly site: Site;
}

/** Props of `layouts/listing.tsx`: one page of a section, tag, author or date archive. */
export interface ListingPageProps {
  readonly kind: 'section' | 'tag' | 'author' | 'archive';
  /** Heading, e.g. "World", "Elections", "Maya Okonkwo", "May 2021". */
  readonly title: string;
  readonly description?: string | undefined;
  /** Site path of this page. */
  readonly path: string;
  /** Section id, for section pages (their feeds). */
  readonly section?: string | undefined;
  readonly stories: readonly StorySummary[];
  readonly pagination: Pagination;
  /** Author pages: the profile from authors.yaml, if any. */
  readonly profile?: AuthorProfile | undefined;
  readonly site: Site;
}

/** Props of `layouts/404.tsx`. */
export interface NotFoundPageProps {
  readonly latest: readonly StorySummary[];
  readonly site: Site;
}

/** Props of `layouts/search.tsx`. */
export interface SearchPageProps {
  /**
   * The search index's volumes, one Pagefind bundle per year (per month or day where a
   * year has more stories than `searchVolumeLimit`), newest first: the page
   * loads Pagefind from the first and merges the others into it (`mergeIndex`). Empty
   * while the site has no story.
   */
  readonly volumes: readonly SearchVolumeLink[];
  readonly site: Site;
}

/** One volume of the search index, as the search page loads it. */
export interface SearchVolumeLink {
  /** The year, "2024", or the month or day of a large year, "2024-03", "2024-03-15". */
  readonly name: string;
  /** Its bundle's folder from the site's root, "/pagefind/2024/": give it to `site.path()`. */
  readonly path: string;
}

/** A layout is a function from props to a hast tree (usually JSX with hastscript). */
export type Layout<P> = (props: P) => Element | Root;

export interface Layouts {
  readonly story: Layout<StoryPageProps>;
  readonly front: Layout<FrontPageProps>;
  readonly listing: Layout<ListingPageProps>;
  readonly notFound: Layout<NotFoundPageProps>;
  readonly search: Layout<SearchPageProps>;
}
export type LayoutName = keyof Layouts;

/** Which module in the layouts folder provides each layout. */
export const LAYOUT_FILES: Readonly<Record<LayoutName, string>> = {
  story: 'story',
  front: 'front',
  listing: 'listing',
  notFound: '404',
  search: 'search',
};
const EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js'];

/** The site's own module for a layout in `dir`, if it has one. */
export const layoutFile = (dir: string, name: LayoutName): string | undefined =>
  EXTENSIONS.map((ext) => path.join(dir, LAYOUT_FILES[name] + ext)).find((f) => existsSync(f));

/** The module a layout comes from: the site's own in `dir`, else Broadsheet's default one. */
export const layoutSource = (dir: string, name: LayoutName): string | undefined =>
  layoutFile(dir, name) ?? layoutFile(defaultLayouts, name);

/**
 * A hash of every module in the layouts folder and in Broadsheet's default one (not
 * assets/): any change re-renders every page, since a layout may import any other module there.
 */
export function hashLayouts(dir: string): string {
  const hash = createHash('sha256');
  hashFolder(hash, dir);
  if (path.resolve(dir) !== defaultLayouts) hashFolder(hash.update('\0\0'), defaultLayouts);
  return hash.digest('hex');
}

function hashFolder(hash: ReturnType<typeof createHash>, dir: string): void {
  const files = existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.[cm]?[jt]sx?$/.test(e.name))
        .map((e) => path.join(e.parentPath, e.name))
        .sort()
    : [];
  for (const file of files) hash.update(path.relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
}

/**
 * Import every layout module, compiled to JavaScript in `compiledIn` (a folder of the
 * cache) the first time these sources are seen; a missing or broken one is a diagnostic,
 * not a crash.
 */
export async function loadLayouts(
  dir: string,
  cwd: string,
  compiledIn: string,
): Promise<{ layouts?: Layouts; diagnostics: Diagnostic[] }> {
  const compiled = await compileIn(dir, cwd, compiledIn);
  if ('diagnostics' in compiled) return compiled;
  const { sources } = compiled;
  // Errors thrown while rendering then point into the layouts' own lines.
  process.setSourceMapsEnabled(true);
  const diagnostics: Diagnostic[] = [];
  const found: Partial<Record<LayoutName, Layout<never>>> = {};
  for (const [name, file] of Object.entries(sources) as [LayoutName, string][]) {
    const shown = path.relative(cwd, file);
    try {
      const module = (await import(pathToFileURL(compiled.modules[name]!).href)) as { default?: unknown };
      const layout = defaultExport(module);
      if (typeof layout !== 'function') throw new Error('the module has no default export function');
      found[name] = layout as Layout<never>;
    } catch (error) {
      diagnostics.push(layoutError(shown, error));
    }
  }
  if (diagnostics.length) return { diagnostics };
  return { layouts: found as Layouts, diagnostics };
}

/** Find the layout modules and compile them, or say which are missing or do not compile. */
async function compileIn(
  dir: string,
  cwd: string,
  compiledIn: string,
): Promise<
  | { diagnostics: Diagnostic[] }
  | {
      modules: Readonly<Record<string, string>>;
      key: string;
      content: string;
      sources: Partial<Record<LayoutName, string>>;
    }
> {
  const diagnostics: Diagnostic[] = [];
  const sources: Partial<Record<LayoutName, string>> = {};
  for (const name of Object.keys(LAYOUT_FILES) as LayoutName[]) {
    const file = layoutSource(dir, name);
    if (file) sources[name] = file;
    else
      diagnostics.push(
        diagnostic(
          'layout-missing',
          { file: path.relative(cwd, path.join(dir, `${LAYOUT_FILES[name]}.tsx`)) },
          `no ${LAYOUT_FILES[name]}.tsx layout in ${path.relative(cwd, dir) || '.'}, nor in Broadsheet's own layouts`,
        ),
      );
  }
  if (diagnostics.length) return { diagnostics };
  // A site without a layouts folder (all of them Broadsheet's) compiles from Broadsheet's.
  const from = existsSync(dir) ? path.resolve(dir) : defaultLayouts;
  const compiled = await compileLayouts(from, sources as Record<string, string>, compiledIn);
  if ('error' in compiled) {
    const { file, line, column, message } = compiled.error;
    return { diagnostics: [diagnostic('layout-error', { file: path.relative(cwd, file), line, column }, message)] };
  }
  return { ...compiled, sources };
}

/**
 * What the layouts are, for cache keys: the compile's content key, which covers every file
 * bundled in (a helper outside the layouts folder too) but not the folder the project sits
 * in, or where they do not compile, a hash of the folder (rendering then reports why).
 */
export async function layoutsVersion(dir: string, compiledIn: string): Promise<string> {
  const compiled = await compileIn(dir, dir, compiledIn);
  return 'key' in compiled ? `compiled:${compiled.content}` : `folder:${hashLayouts(dir)}`;
}

/** A diagnostic for a layout that threw, pointing at the layout's own line when the stack shows it. */
export function layoutError(file: string, error: unknown, context?: string): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const name = path.basename(file).replace(/\.[jt]sx?$/, '');
  const frame = new RegExp(`${name}\\.[jt]sx?(?:\\?[^:]*)?:(\\d+):(\\d+)`).exec(stack);
  return diagnostic(
    'layout-error',
    { file, line: frame ? Number(frame[1]) : 1, column: frame ? Number(frame[2]) : 1 },
    context ? `${message} (while rendering ${context})` : message,
  );
}

/**
 * Layout errors with the same message at the same place as one, naming the first page
 * and how many more: a layout that throws on every story of an archive would otherwise
 * print its code frame once per story, thousands of times.
 */
export function sameLayoutErrors(list: readonly Diagnostic[]): Diagnostic[] {
  const groups = new Map<string, { first: Diagnostic; context: string | undefined; more: number }>();
  const out: (Diagnostic | string)[] = [];
  for (const d of list) {
    if (d.rule !== 'layout-error') {
      out.push(d);
      continue;
    }
    const [, message = d.reason, context] = /^(.*) \(while rendering (.+)\)$/s.exec(d.reason) ?? [];
    const key = `${d.file}:${d.line}:${d.column}:${message}`;
    const group = groups.get(key);
    if (group) group.more++;
    else {
      groups.set(key, { first: { ...d, reason: message }, context, more: 0 });
      out.push(key);
    }
  }
  return out.map((item) => {
    if (typeof item !== 'string') return item;
    const { first, context, more } = groups.get(item)!;
    const others = more ? ` and ${more} other ${more === 1 ? 'page' : 'pages'}` : '';
    return context ? { ...first, reason: `${first.reason} (while rendering ${context}${others})` } : first;
  });
}

/** Serialize a layout's tree as an HTML document. Only the sanitized story body and reused parts are raw. */
export function renderDocument(tree: Element | Root): string {
  const root: Root = tree.type === 'root' ? tree : { type: 'root', children: [tree] };
  const hasDoctype = root.children.some((c) => c.type === 'doctype');
  const document: Root = hasDoctype ? root : { type: 'root', children: [{ type: 'doctype' }, ...root.children] };
  return `${serializeHtml(document)}\n`;
}
