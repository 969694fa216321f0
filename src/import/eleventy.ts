import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { slugify } from '../content/slug.ts';
import { readAuthors } from './authors.ts';
import { readFrontMatter, type RawFields } from './front-matter.ts';
import { parseJsLiterals } from './js-literals.ts';
import { items } from './lists.ts';
import { fileDate, normaliseDate } from './old-dates.ts';
import type { LinkTarget, OldSite, ReaderOptions, ReadPost, StaticRoot, TagLanguage } from './old-site.ts';
import { firstExisting, listFiles, readDataFile, readRawPost, renamed } from './site-files.ts';

const CONFIGS = [
  'eleventy.config.js',
  'eleventy.config.mjs',
  'eleventy.config.cjs',
  'eleventy.config.ts',
  '.eleventy.js',
];
const DEFAULT_COLLECTIONS = ['posts', 'post', 'blog'];
const FILE_DATES = new Set(['last modified', 'created', 'git last modified', 'git created']);

/** Settings read from the Eleventy config's text: it is JavaScript, and never run. */
interface EleventySettings {
  readonly input: string;
  readonly includes: string;
  readonly data: string;
  readonly output: string;
  readonly engine: TagLanguage;
  readonly pathPrefix: string;
  readonly passthrough: readonly StaticRoot[];
}

/**
 * Read an Eleventy site: the settings its config states as literals (`dir.input`,
 * `markdownTemplateEngine`, `pathPrefix`, passthrough copies), the data cascade of
 * directory and template data files (JSON, or JavaScript that only exports literals), and
 * the Markdown files in the collections to import (`--collection`, else `posts`, `post`
 * or `blog`, whichever has posts).
 */
export async function readEleventy(root: string, options: ReaderOptions): Promise<OldSite> {
  const diagnostics: Diagnostic[] = [];
  const configFile = firstExisting(root, CONFIGS);
  const settings = readSettings(configFile ? await readFile(configFile, 'utf8') : '', root);
  const input = settings.input;
  const includesDir = path.resolve(input, settings.includes);
  const dataDir = path.resolve(input, settings.data);
  const outputDir = path.resolve(root, settings.output);
  const files = await listFiles(root, (rel) => path.join(root, rel) === outputDir);
  const fileSet = new Set(files);
  const inInput = (file: string) => file.startsWith(input + path.sep) || input === root;
  const under = (dir: string, file: string) => file.startsWith(dir + path.sep);

  const global: Record<string, unknown> = {};
  for (const file of files.filter((f) => under(dataDir, f) && /\.(json|ya?ml)$/i.test(f))) {
    const read = await readDataFile(file, options.cwd);
    diagnostics.push(...read.diagnostics);
    global[path.basename(file).replace(/\.[^.]+$/, '')] = read.value;
  }
  for (const file of files.filter((f) => under(dataDir, f) && /\.(c|m)?js$/i.test(f))) {
    const value = parseJsLiterals(await readFile(file, 'utf8'));
    if (value) global[path.basename(file).replace(/\.[^.]+$/, '')] = value;
  }

  const dataCache = new Map<string, RawFields>();
  const dataFile = async (stem: string): Promise<RawFields> => {
    let data = dataCache.get(stem);
    if (data) return data;
    data = {};
    for (const ext of ['.json', '.11tydata.json', '.11tydata.js', '.11tydata.cjs', '.11tydata.mjs']) {
      const file = `${stem}${ext}`;
      if (!fileSet.has(file)) continue;
      if (ext.endsWith('json')) {
        const read = await readDataFile(file, options.cwd);
        diagnostics.push(...read.diagnostics);
        data = merge(data, (read.value ?? {}) as RawFields);
      } else {
        const value = parseJsLiterals(await readFile(file, 'utf8'));
        if (value) data = merge(data, value);
        else
          diagnostics.push(
            diagnostic(
              'import-skipped',
              { file: path.relative(options.cwd, file) },
              'a data file whose JavaScript computes its values; the importer reads only literals',
              {
                severity: 'warning',
                hint: 'Values it gives posts (tags, layout, permalink) are not applied: add what matters to the posts’ front matter.',
              },
            ),
          );
      }
    }
    dataCache.set(stem, data);
    return data;
  };
  const cascade = async (file: string): Promise<RawFields> => {
    const rel = path.relative(input, path.dirname(file));
    const folders = rel === '' ? [] : rel.split(path.sep);
    let data: RawFields = await dataFile(path.join(input, path.basename(input)));
    for (let i = 1; i <= folders.length; i++) {
      const dir = path.join(input, ...folders.slice(0, i));
      data = merge(data, await dataFile(path.join(dir, folders[i - 1]!)));
    }
    return merge(data, await dataFile(file.replace(/\.[^.]+$/, '')));
  };

  const candidates = files.filter(
    (f) => inInput(f) && !under(includesDir, f) && !under(dataDir, f) && /\.(md|markdown|njk|liquid|html)$/i.test(f),
  );
  const members: { file: string; own?: RawFields; inherited: RawFields; tags: string[] }[] = [];
  for (const file of candidates) {
    const text = (await readFile(file, 'utf8')).replace(/\r\n?/g, '\n');
    const parsed = readFrontMatter(text, file);
    const own = Array.isArray(parsed) ? undefined : renamed(parsed.fields, options.renames);
    const inherited = await cascade(file);
    members.push({ file, ...(own ? { own } : {}), inherited, tags: items(merge(inherited, own ?? {}).tags) });
  }
  const wanted = options.collections.length
    ? options.collections
    : [DEFAULT_COLLECTIONS.find((c) => members.some((m) => m.tags.includes(c))) ?? DEFAULT_COLLECTIONS[0]!];
  const selected = members.filter((m) => m.tags.some((t) => wanted.includes(t)));
  if (selected.length === 0) {
    const tags = new Map<string, number>();
    for (const m of members) for (const t of m.tags) tags.set(t, (tags.get(t) ?? 0) + 1);
    const found = [...tags].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
    const names = wanted.map((c) => JSON.stringify(c)).join(', ');
    const seen = found.length
      ? 'the tags found: ' + found.map(([t, n]) => t + ' (' + n + ')').join(', ')
      : 'no page carries a tag';
    diagnostics.push(
      diagnostic(
        'import-nothing',
        { file: path.relative(options.cwd, input) || '.' },
        `no page is in the collection${wanted.length > 1 ? 's' : ''} ${names} (the tags Eleventy makes its collections of); ${seen}. A collection made in the config (addCollection with getFilteredByGlob) is not read`,
      ),
    );
  }

  const posts: ReadPost[] = [];
  const oldUrls = new Map<string, string>();
  for (const member of members) {
    const url = eleventyUrl(member.file, { ...member.inherited, ...member.own }, input, settings.pathPrefix);
    if (typeof url === 'string') oldUrls.set(member.file, url);
  }
  for (const member of selected) {
    const file = path.relative(options.cwd, member.file);
    if (!/\.(md|markdown)$/i.test(member.file)) {
      diagnostics.push(
        diagnostic(
          'import-skipped',
          { file },
          'a post written as a template, not Markdown; only Markdown posts are imported',
          { severity: 'warning' },
        ),
      );
      continue;
    }
    const merged = { ...member.inherited, ...member.own };
    if (merged.pagination !== undefined) {
      diagnostics.push(
        diagnostic('import-skipped', { file }, 'a paginated template: a listing page, not a post', {
          severity: 'warning',
        }),
      );
      continue;
    }
    if (merged.permalink === false) {
      diagnostics.push(
        diagnostic('import-skipped', { file }, '"permalink: false": Eleventy never wrote this post as a page', {
          severity: 'warning',
        }),
      );
      continue;
    }
    const raw = await readRawPost(
      member.file,
      path.relative(input, member.file).split(path.sep).join('/'),
      options.cwd,
    );
    const parsed = readFrontMatter(raw.text, raw.file);
    if (Array.isArray(parsed)) {
      diagnostics.push(...parsed);
      continue;
    }
    const postDiagnostics: Diagnostic[] = [...(parsed.warnings ?? [])];
    const written = merged.date;
    let date: string | undefined;
    if (typeof written === 'string' && FILE_DATES.has(written.toLowerCase())) {
      date = fileDate(raw.mtime);
      postDiagnostics.push(
        diagnostic(
          'import-date-guessed',
          { file: raw.file, ...parsed.locate('date') },
          `"date: ${written}" stands for a file or Git time: the file time (${date}) is used`,
          {
            severity: 'warning',
          },
        ),
      );
    } else if (written !== undefined && written !== null) {
      date = normaliseDate(String(written));
      if (!date)
        postDiagnostics.push(
          diagnostic(
            'invalid-date',
            { file: raw.file, ...parsed.locate('date') },
            `date "${String(written)}" cannot be read`,
          ),
        );
    } else {
      const named = /(\d{4}-\d{2}-\d{2})/.exec(raw.rel)?.[1];
      date = named ? normaliseDate(named) : undefined;
      if (!date) {
        date = fileDate(raw.mtime);
        postDiagnostics.push(
          diagnostic(
            'import-date-guessed',
            { file: raw.file },
            `no date in the front matter or the file name: its file time (${date}) is used, as Eleventy does`,
            {
              severity: 'warning',
            },
          ),
        );
      }
    }
    const slug = fileSlug(raw.rel);
    posts.push({
      raw,
      fields: member.own ?? {},
      inherited: member.inherited,
      locate: parsed.locate,
      body: parsed.body,
      bodyLine: parsed.bodyLine,
      date,
      oldUrl: oldUrls.get(member.file) ?? eleventyUrl(member.file, merged, input, settings.pathPrefix),
      aliases: [],
      pageVars: {
        fileSlug: slug,
        filePathStem: `/${raw.rel.replace(/\.[^.]+$/, '')}`,
        inputPath: `./${path.relative(root, raw.path)}`,
      },
      categories: [],
      tags: merged.templateEngineOverride === 'md' ? 'none' : settings.engine,
      draft: merged.draft === true,
      diagnostics: postDiagnostics,
    });
  }

  const includes = new Map<string, string>();
  for (const file of files.filter((f) => under(includesDir, f)))
    includes.set(
      path.relative(includesDir, file).split(path.sep).join('/'),
      (await readFile(file, 'utf8')).replace(/\r\n?/g, '\n'),
    );

  const resolveLink = (from: { path: string }, _kind: string, target: string): LinkTarget | undefined => {
    const clean = target.trim().split('#')[0]!;
    // Relative to the post, else (as Eleventy's InputPathToUrl plugin reads them) to the input folder.
    const candidates = clean.startsWith('/')
      ? [path.join(input, ...clean.slice(1).split('/'))]
      : [path.resolve(path.dirname(from.path), clean), path.resolve(input, clean)];
    const file = candidates.find((f) => fileSet.has(f));
    return file ? { path: file, oldUrl: oldUrls.get(file) } : undefined;
  };

  return {
    generator: 'eleventy',
    root,
    posts,
    diagnostics,
    vars: global,
    staticRoots: [...settings.passthrough, { prefix: '/', dir: input }, { prefix: '/', dir: root }],
    files: fileSet,
    basePath: settings.pathPrefix,
    collectionTags: new Set([...wanted, 'all']),
    includes,
    authors: readAuthors(global.authors),
    url: undefined,
    resolveLink,
  };
}

/** Eleventy's data cascade merge: objects deeply, arrays joined, anything else (and `override:key`) replaced. */
function merge(base: RawFields, over: RawFields): RawFields {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key.startsWith('override:')) {
      out[key.slice('override:'.length)] = value;
      continue;
    }
    const before = out[key];
    if (Array.isArray(before) && Array.isArray(value)) out[key] = [...new Set([...before, ...value])];
    else if (key === 'tags' && before !== undefined) out[key] = [...new Set([...items(before), ...items(value)])];
    else if (isRecord(before) && isRecord(value)) out[key] = merge(before, value);
    else out[key] = value;
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `page.fileSlug`: the file name without a leading date, or the folder's name for `index`. */
function fileSlug(rel: string): string {
  const parts = rel.split('/');
  const name = parts.at(-1)!.replace(/\.[^.]+$/, '');
  const strip = (s: string) => /^\d{4}-\d{2}-\d{2}-(.*)$/.exec(s)?.[1] ?? s;
  return name === 'index' ? strip(parts.at(-2) ?? '') : strip(name);
}

/** The URL Eleventy wrote a page at: its `permalink` (simple template expressions filled in), or its path. */
function eleventyUrl(file: string, data: RawFields, input: string, prefix: string): string | { problem: string } {
  const rel = path.relative(input, file).split(path.sep).join('/');
  let url: string;
  if (typeof data.permalink === 'string') {
    let problem: string | undefined;
    const vars: Record<string, string> = {
      'page.fileSlug': fileSlug(rel),
      'page.filePathStem': `/${rel.replace(/\.[^.]+$/, '')}`,
      title: typeof data.title === 'string' ? data.title : '',
    };
    url = data.permalink.replace(
      /\{\{-?\s*([\w.]+)\s*((?:\|\s*\w+\s*)*)-?\}\}/g,
      (whole, name: string, filters: string) => {
        let value = vars[name];
        if (value === undefined)
          problem ??= `permalink "${String(data.permalink)}" uses "${name}", which the importer does not know`;
        for (const filter of filters
          .split('|')
          .map((f) => f.trim())
          .filter(Boolean)) {
          if (filter === 'slugify' || filter === 'slug') value = slugify(value ?? '');
          else if (filter !== 'url') problem ??= `permalink "${String(data.permalink)}" uses filter "${filter}"`;
        }
        return value ?? whole;
      },
    );
    if (/\{[{%]/.test(url))
      problem ??= `permalink "${String(data.permalink)}" has template code the importer cannot run`;
    if (problem) return { problem };
    url = `/${url.replace(/^\//, '')}`.replace(/\/index\.html$/, '/');
  } else {
    const parts = rel.split('/');
    const name = parts.pop()!.replace(/\.[^.]+$/, '');
    const same = parts.at(-1) === name;
    url = `/${[...parts, ...(name === 'index' || same ? [] : [name])].join('/')}/`.replace(/\/{2,}/g, '/');
  }
  return `${prefix}${url.slice(1)}`;
}

/** Settings stated as literals in the config's text; defaults where it computes them. */
function readSettings(text: string, root: string): EleventySettings {
  const literal = (key: string) => new RegExp(`\\b${key}\\s*:\\s*["'\`]([^"'\`]*)["'\`]`).exec(text)?.[1];
  const input = path.resolve(root, literal('input') ?? '.');
  const engine =
    /markdownTemplateEngine\s*[:(]\s*(false|["'`](\w+)["'`])/.exec(text) ??
    /setMarkdownTemplateEngine\(\s*(false|["'`](\w+)["'`])/.exec(text);
  const name = engine ? (engine[1] === 'false' ? 'none' : engine[2]) : 'liquid';
  const passthrough: StaticRoot[] = [];
  for (const m of text.matchAll(/addPassthroughCopy\(\s*\{([^}]*)\}/g))
    for (const pair of m[1]!.matchAll(/["'`]([^"'`*]+)["'`]\s*:\s*["'`]([^"'`]*)["'`]/g))
      passthrough.push({
        prefix: `/${pair[2]!.replace(/^\.?\/|\/$/g, '')}/`.replace('//', '/'),
        dir: path.resolve(root, pair[1]!),
      });
  for (const m of text.matchAll(/addPassthroughCopy\(\s*["'`]([^"'`*]+)["'`]\s*\)/g)) {
    const dir = path.resolve(root, m[1]!);
    const base = dir.startsWith(input + path.sep) ? input : root;
    passthrough.push({ prefix: `/${path.relative(base, dir).split(path.sep).join('/')}/`, dir });
  }
  const prefix = literal('pathPrefix') ?? '/';
  return {
    input,
    includes: literal('includes') ?? '_includes',
    data: literal('data') ?? '_data',
    output: literal('output') ?? '_site',
    engine: name === 'njk' ? 'nunjucks' : name === 'none' ? 'none' : 'liquid',
    pathPrefix: `/${prefix.replace(/^\/|\/$/g, '')}/`.replace('//', '/'),
    passthrough,
  };
}
