import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { readAuthors } from './authors.ts';
import { readFrontMatter, type RawFields } from './front-matter.ts';
import { readHugoConfig } from './hugo-config.ts';
import { hugoAliases, hugoUrl, type HugoPage } from './hugo-urls.ts';
import { dateFromName, normaliseDate } from './old-dates.ts';
import {
  siteUrl,
  type LinkTarget,
  type OldSite,
  type RawPost,
  type ReaderOptions,
  type ReadPost,
  type StaticRoot,
} from './old-site.ts';
import { firstExisting, frontMatterOf, getKey, listFiles, readDataFile, readRawPost, renamed } from './site-files.ts';

const MARKDOWN = /\.(md|markdown|mdown|mkd)$/i;
const OTHER_CONTENT = /\.(html?|org|adoc|asciidoc|ad|rst|pandoc|pdc)$/i;
/** Front-matter keys Hugo takes the date from, in its default order. */
const DATE_KEYS = ['date', 'publishDate', 'pubdate', 'published', 'lastmod', 'modified'];

/** A content file of the site: where it is, what kind of page it makes, and its front matter. */
interface ContentFile {
  readonly path: string;
  readonly rel: string;
  readonly kind: HugoPage['kind'];
  readonly section: string;
  readonly fields?: RawFields;
}

/**
 * Read a Hugo site: its configuration, the pages of the sections to import (`--section`,
 * else `params.mainSections`, else the section with the most pages, as Hugo decides its
 * main sections), with page bundles' resources, `cascade` from section pages, and the URL
 * Hugo gave each page.
 */
export async function readHugo(root: string, options: ReaderOptions): Promise<OldSite> {
  const { config, diagnostics } = await readHugoConfig(root, options.cwd);
  const contentFiles = await listFiles(config.contentDir);
  const relOf = (file: string) => path.relative(config.contentDir, file).split(path.sep).join('/');
  const bundleDirs = new Set(
    contentFiles
      .filter((f) => /^index(\.[\w-]+)?\.(md|markdown|html?)$/i.test(path.basename(f)))
      .map((f) => path.dirname(f)),
  );
  const bundleOf = (file: string): string | undefined => {
    for (
      let dir = path.dirname(file);
      dir.startsWith(config.contentDir) && dir !== config.contentDir;
      dir = path.dirname(dir)
    )
      if (bundleDirs.has(dir)) return dir;
    return undefined;
  };

  const pages: ContentFile[] = [];
  for (const file of contentFiles) {
    const rel = relOf(file);
    const base = path.basename(file);
    const bundle = bundleOf(file);
    const isIndex = /^index(\.[\w-]+)?\.\w+$/i.test(base) && bundle === path.dirname(file);
    if (bundle && !isIndex) continue; // a resource of a bundle
    if (!MARKDOWN.test(base) && !OTHER_CONTENT.test(base)) continue;
    const kind = /^_index(\.[\w-]+)?\.\w+$/i.test(base) ? 'section' : isIndex ? 'bundle' : 'page';
    const parsed = MARKDOWN.test(base) ? await frontMatterOf(file) : undefined;
    pages.push({
      path: file,
      rel,
      kind,
      section: rel.includes('/') ? rel.split('/')[0]! : '',
      ...(parsed ? { fields: parsed } : {}),
    });
  }

  const counts = new Map<string, number>();
  for (const page of pages)
    if (page.kind !== 'section' && page.section) counts.set(page.section, (counts.get(page.section) ?? 0) + 1);
  const largest = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const sections = new Set(
    (options.sections.length
      ? options.sections
      : config.mainSections.length
        ? config.mainSections
        : largest
          ? [largest]
          : []
    ).map((s) => s.toLowerCase()),
  );
  const importAll = counts.size === 0; // a folder of posts without sections
  const missing = importAll ? [] : [...sections].filter((s) => ![...counts.keys()].some((c) => c.toLowerCase() === s));
  if (missing.length)
    diagnostics.push(
      diagnostic(
        'import-nothing',
        { file: path.relative(options.cwd, config.contentDir) || '.' },
        `no pages in section${missing.length > 1 ? 's' : ''} ${missing.map((s) => `"${s}"`).join(', ')} of ${path.relative(options.cwd, config.contentDir) || '.'}; its sections: ${[...counts].map(([s, n]) => `${s} (${n})`).join(', ')}`,
      ),
    );

  const cascades = new Map<string, RawFields>();
  for (const page of pages) {
    const cascade = page.kind === 'section' ? getKey(page.fields, 'cascade') : undefined;
    const values = Array.isArray(cascade)
      ? cascade.find((c) => !getKey(c, '_target') && !getKey(c, 'target'))
      : cascade;
    if (values && typeof values === 'object') cascades.set(path.dirname(page.path), values as RawFields);
  }
  const inheritedOf = (file: string): RawFields => {
    const chain: RawFields[] = [];
    for (let dir = path.dirname(file); dir.startsWith(config.contentDir); dir = path.dirname(dir)) {
      const values = cascades.get(dir);
      if (values) chain.unshift(values);
      if (dir === config.contentDir) break;
    }
    return Object.assign({}, ...chain) as RawFields;
  };

  const oldUrls = new Map<string, string>();
  const bundleRoots: StaticRoot[] = [];
  const posts: ReadPost[] = [];
  for (const page of pages) {
    const language = /\.([a-z]{2}(?:-[a-z]+)?)\.\w+$/i.exec(path.basename(page.path))?.[1]?.toLowerCase();
    const translated = language !== undefined && config.otherLanguages.has(language);
    const selected = page.kind !== 'section' && (importAll || sections.has(page.section.toLowerCase()));
    const own = page.fields ?? {};
    const date = dateOf(own, config.timeZone);
    const named = config.dateFromFilename
      ? dateFromName(path.basename(page.kind === 'bundle' ? path.dirname(page.path) : page.path).replace(/\..*$/, ''))
      : undefined;
    const url = hugoUrl(
      { rel: page.rel, fields: own, date: date ?? named?.date, kind: page.kind, nameAfterDate: named?.rest },
      config,
    );
    if (typeof url === 'string' && !translated) {
      oldUrls.set(page.path, url);
      // A bundle's files are published beside its page, and other pages may use them from there.
      if (page.kind === 'bundle' && url.endsWith('/') && url.startsWith(config.basePath))
        bundleRoots.push({ prefix: `/${url.slice(config.basePath.length)}`, dir: path.dirname(page.path) });
    }
    if (!selected) continue;
    const file = path.relative(options.cwd, page.path);
    if (translated) {
      diagnostics.push(
        diagnostic(
          'import-skipped',
          { file },
          `a translation (${language}); only the default language (${config.defaultLanguage}) is imported`,
          {
            severity: 'warning',
          },
        ),
      );
      continue;
    }
    if (!MARKDOWN.test(page.path)) {
      diagnostics.push(
        diagnostic('import-skipped', { file }, 'content that is not Markdown; only Markdown posts are imported', {
          severity: 'warning',
        }),
      );
      continue;
    }
    const resources =
      page.kind === 'bundle'
        ? contentFiles
            .filter((f) => f !== page.path && f.startsWith(path.dirname(page.path) + path.sep))
            .map((f) => path.relative(path.dirname(page.path), f).split(path.sep).join('/'))
        : [];
    const raw: RawPost = await readRawPost(page.path, page.rel, options.cwd, resources);
    const parsed = readFrontMatter(raw.text, raw.file);
    if (Array.isArray(parsed)) {
      diagnostics.push(...parsed);
      continue;
    }
    const fields = renamed(parsed.fields, options.renames);
    const postDate = dateOf(fields, config.timeZone) ?? named?.date;
    const postDiagnostics: Diagnostic[] = [...(parsed.warnings ?? [])];
    const writtenDate = DATE_KEYS.map((k) => [k, getKey(fields, k)] as const).find(
      ([, v]) => v !== undefined && v !== '',
    );
    if (writtenDate && dateOf(fields, config.timeZone) === undefined)
      postDiagnostics.push(
        diagnostic(
          'invalid-date',
          { file: raw.file, ...parsed.locate(writtenDate[0]) },
          `${writtenDate[0]} "${String(writtenDate[1])}" cannot be read`,
        ),
      );
    const oldUrl = options.renames.size
      ? hugoUrl({ rel: page.rel, fields, date: postDate, kind: page.kind, nameAfterDate: named?.rest }, config)
      : url;
    posts.push({
      raw,
      fields,
      inherited: inheritedOf(page.path),
      locate: parsed.locate,
      body: parsed.body,
      bodyLine: parsed.bodyLine,
      date: postDate,
      oldUrl,
      aliases: hugoAliases(getKey(fields, 'aliases'), typeof oldUrl === 'string' ? oldUrl : undefined, config.basePath),
      pageVars: {},
      categories: [],
      tags: 'hugo',
      draft: getKey(fields, 'draft') === true,
      diagnostics: postDiagnostics,
    });
  }

  const dataFile = firstExisting(path.join(root, 'data'), [
    'authors.yaml',
    'authors.yml',
    'authors.toml',
    'authors.json',
  ]);
  const authorsData = dataFile ? await readDataFile(dataFile, options.cwd) : { value: undefined, diagnostics: [] };
  diagnostics.push(...authorsData.diagnostics);

  const staticFiles = (await Promise.all(config.staticDirs.map((d) => listFiles(d.dir)))).flat();
  const contentSet = new Set(contentFiles);
  const postDir = (from: RawPost) => path.dirname(from.path);
  const resolveLink = (from: RawPost, _kind: string, target: string): LinkTarget | undefined => {
    const clean = target.trim().replace(/^\.\//, '');
    const found =
      findContent(clean.startsWith('/') ? config.contentDir : postDir(from), clean.replace(/^\//, ''), contentSet) ??
      (clean.startsWith('/') ? undefined : findAnywhere(clean, contentFiles, config.contentDir));
    return found ? { path: found, oldUrl: oldUrls.get(found) } : undefined;
  };

  return {
    generator: 'hugo',
    root,
    posts,
    diagnostics,
    vars: { site: { params: config.params, title: config.title, baseURL: config.baseUrl } },
    // Hugo publishes the files of the content folder that are not pages at their own path too.
    staticRoots: [...config.staticDirs, { prefix: '/', dir: config.contentDir }, ...bundleRoots],
    files: new Set([...contentFiles, ...staticFiles]),
    basePath: config.basePath,
    collectionTags: new Set(),
    includes: new Map(),
    authors: readAuthors(authorsData.value),
    url: siteUrl(config.baseUrl),
    emoji: config.emoji,
    chosen: chosenSections(options.sections, config.mainSections, counts),
    timeZone: config.timeZone,
    resolveLink,
  };
}

/** Hugo's date of a page: the first of `date`, `publishDate`, `pubdate`, `published`, `lastmod`, `modified`. */
function dateOf(fields: RawFields, zone: string | undefined): string | undefined {
  for (const key of DATE_KEYS) {
    const value = getKey(fields, key);
    if (value !== undefined && value !== '') return normaliseDate(String(value), zone);
  }
  return undefined;
}

/** A content file `target` names relative to `dir`: the file, with an extension, or a bundle or section. */
function findContent(dir: string, target: string, files: ReadonlySet<string>): string | undefined {
  const base = path.join(dir, ...target.split('/'));
  return [base, `${base}.md`, `${base}.markdown`, path.join(base, 'index.md'), path.join(base, '_index.md')].find((f) =>
    files.has(f),
  );
}

/** Hugo also finds a page by the end of its path ("post.md", "posts/post"), when only one matches. */
function findAnywhere(target: string, files: readonly string[], contentDir: string): string | undefined {
  const wanted = target.replace(/\.(md|markdown)$/i, '').replace(/\/$/, '');
  const matches = files.filter((f) => {
    const rel = path
      .relative(contentDir, f)
      .split(path.sep)
      .join('/')
      .replace(/\.(md|markdown)$/i, '')
      .replace(/\/_?index$/, '');
    return rel === wanted || rel.endsWith(`/${wanted}`);
  });
  return matches.length === 1 ? matches[0] : undefined;
}

/** What the summary says of sections chosen without `--section`: which, and why. */
function chosenSections(
  given: readonly string[],
  main: readonly string[],
  counts: ReadonlyMap<string, number>,
): string | undefined {
  if (given.length || counts.size < 2) return undefined;
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const all = sorted.map(([name, n]) => `${name} ${n}`).join(', ');
  const which = main.length ? main : [sorted[0]![0]];
  const names = which.map((s) => `"${s}"`).join(', ');
  const why = main.length ? "the site's params.mainSections" : 'the one with the most pages';
  return `section${which.length > 1 ? 's' : ''} ${names}, ${why} (of ${all}); --section picks others`;
}
