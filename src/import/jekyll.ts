import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { readFrontMatter, type RawFields } from './front-matter.ts';
import { calendar, dateFromName, fileDate, normaliseDate } from './old-dates.ts';
import {
  siteUrl,
  type AuthorProfile,
  type LinkTarget,
  type OldSite,
  type ReaderOptions,
  type ReadPost,
} from './old-site.ts';
import { firstExisting, frontMatterOf, listFiles, readDataFile, readRawPost, renamed } from './site-files.ts';
import { readAuthors } from './authors.ts';
import { items, words } from './lists.ts';

const POST = /\.(md|markdown|mkd|mkdn|mdown)$/i;
const OTHER_POST = /\.(html?|textile)$/i;

/** Jekyll's permalink styles, as of Jekyll 4. */
const STYLES: Readonly<Record<string, string>> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/**
 * Read a Jekyll site: `_config.yml` (permalink, time zone, `defaults`, `baseurl`,
 * `exclude`), the posts of every `_posts/` folder (and `_drafts/` with `--drafts`), the
 * include files, `_data/` and the pages posts may link to.
 */
export async function readJekyll(root: string, options: ReaderOptions): Promise<OldSite> {
  const diagnostics: Diagnostic[] = [];
  const configFile = firstExisting(root, ['_config.yml', '_config.yaml', '_config.toml']);
  const config = configFile ? await readDataFile(configFile, options.cwd) : { value: {}, diagnostics: [] };
  diagnostics.push(...config.diagnostics);
  const site = (config.value && typeof config.value === 'object' ? config.value : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof site[key] === 'string' ? (site[key] as string) : undefined);
  const zone = text('timezone');
  const baseurl = `/${(text('baseurl') ?? '').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  const excluded = Array.isArray(site.exclude) ? site.exclude.map(String).map((e) => e.replace(/^\/|\/$/g, '')) : [];
  const destination = (text('destination') ?? '_site').replace(/^\.\/|\/$/g, '');
  const files = await listFiles(
    root,
    (rel) =>
      [destination, '.jekyll-cache', '.sass-cache', '.bundle', 'vendor', '.github'].includes(rel) ||
      excluded.includes(rel),
  );
  const relOf = (file: string) => path.relative(root, file).split(path.sep).join('/');

  const includesDir = path.join(root, text('includes_dir') ?? '_includes');
  const includes = new Map<string, string>();
  for (const file of files.filter((f) => f.startsWith(includesDir + path.sep)))
    includes.set(
      path.relative(includesDir, file).split(path.sep).join('/'),
      (await readFile(file, 'utf8')).replace(/\r\n?/g, '\n'),
    );

  const data: Record<string, unknown> = {};
  const dataDir = path.join(root, text('data_dir') ?? '_data');
  for (const file of files.filter((f) => f.startsWith(dataDir + path.sep) && /\.(ya?ml|json|toml)$/i.test(f))) {
    const read = await readDataFile(file, options.cwd);
    diagnostics.push(...read.diagnostics);
    data[path.basename(file).replace(/\.[^.]+$/, '')] = read.value;
  }
  const authors: ReadonlyMap<string, AuthorProfile> = readAuthors(data.authors);

  const collections = (site.collections ?? {}) as Record<string, unknown>;
  const postsCollection = (collections.posts ?? {}) as Record<string, unknown>;
  const sitePermalink = String(postsCollection.permalink ?? site.permalink ?? 'date');
  const defaults = Array.isArray(site.defaults)
    ? (site.defaults as { scope?: { path?: unknown; type?: unknown }; values?: unknown }[])
    : [];

  const postFiles: string[] = [];
  for (const file of files) {
    const rel = relOf(file);
    const segments = rel.split('/');
    const inPosts = segments.slice(0, -1).includes('_posts');
    const inDrafts = segments.slice(0, -1).includes('_drafts');
    if (!inPosts && !(inDrafts && options.drafts)) continue;
    if (POST.test(file)) postFiles.push(file);
    else if (OTHER_POST.test(file))
      diagnostics.push(
        diagnostic(
          'import-skipped',
          { file: path.relative(options.cwd, file) },
          'an HTML or Textile post; only Markdown posts are imported',
          {
            severity: 'warning',
          },
        ),
      );
  }

  const posts: ReadPost[] = [];
  for (const file of postFiles) {
    const raw = await readRawPost(file, relOf(file), options.cwd);
    const parsed = readFrontMatter(raw.text, raw.file);
    if (Array.isArray(parsed)) {
      diagnostics.push(...parsed);
      continue;
    }
    const segments = raw.rel.split('/');
    const draft = segments.includes('_drafts');
    const name = path.basename(file).replace(/\.[^.]+$/, '');
    const named = dateFromName(name);
    if (!named && !draft) {
      diagnostics.push(
        diagnostic(
          'import-skipped',
          { file: raw.file },
          `"${path.basename(file)}" is not named YYYY-MM-DD-title, so Jekyll never published it`,
          {
            severity: 'warning',
          },
        ),
      );
      continue;
    }
    const fields = renamed(parsed.fields, options.renames);
    const inherited = defaultsFor(raw.rel, defaults);
    const postDiagnostics: Diagnostic[] = [...(parsed.warnings ?? [])];
    const written = fields.date ?? inherited.date;
    let date = written === undefined ? named?.date : normaliseDate(String(written), zone);
    if (written !== undefined && date === undefined) {
      // Jekyll's date parsing forgives much; the file name's date is the next best thing.
      date = named?.date;
      postDiagnostics.push(
        diagnostic(
          'invalid-date',
          { file: raw.file, ...parsed.locate('date') },
          `date "${String(written)}" cannot be read${date ? `; the date of the file name (${date}) is used` : ''}`,
          { severity: date ? 'warning' : 'error' },
        ),
      );
    }
    if (date === undefined && written === undefined) {
      date = fileDate(raw.mtime);
      postDiagnostics.push(
        diagnostic(
          'import-date-guessed',
          { file: raw.file },
          `a draft without a date: its file time (${date}) is used, as Jekyll does`,
          {
            severity: 'warning',
          },
        ),
      );
    }
    const slugPart = named?.rest ?? name;
    const folderCategories = segments.slice(0, segments.indexOf(draft ? '_drafts' : '_posts'));
    const categories = [
      ...folderCategories,
      ...words(fields.categories ?? inherited.categories),
      // The singular is one category, spaces and all, as Jekyll reads it.
      ...items(fields.category ?? inherited.category),
    ];
    const permalink = String(fields.permalink ?? inherited.permalink ?? sitePermalink);
    const oldUrl =
      date === undefined
        ? { problem: 'the post has no date' }
        : expand(STYLES[permalink] ?? permalink, {
            date: calendar(date, zone ?? 'UTC'),
            slug: typeof fields.slug === 'string' ? fields.slug : slugPart,
            categories,
            name,
            base: baseurl,
          });
    posts.push({
      raw,
      fields,
      inherited,
      locate: parsed.locate,
      body: parsed.body,
      bodyLine: parsed.bodyLine,
      date,
      title: slugPart
        .split('-')
        .filter(Boolean)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join(' '),
      oldUrl,
      aliases: words(fields.redirect_from).map((a) => path.posix.join(baseurl, a)),
      pageVars: { name: path.basename(file), path: raw.rel },
      categories: folderCategories,
      tags: fields.render_with_liquid === false ? 'none' : 'liquid',
      draft: draft || fields.published === false || inherited.published === false,
      diagnostics: postDiagnostics,
    });
  }

  // Pages and collection documents a post may link to with {% link %}: their URL on the old site.
  const pages = new Map<string, string>();
  const pretty = sitePermalink === 'pretty' || sitePermalink.endsWith('/');
  for (const [name, settings] of Object.entries(collections)) {
    const collection = (settings ?? {}) as Record<string, unknown>;
    if (name === 'posts' || collection.output !== true) continue;
    const pattern = String(collection.permalink ?? '/:collection/:path:output_ext');
    for (const file of files.filter((f) => relOf(f).startsWith(`_${name}/`) && /\.(md|markdown|html?)$/i.test(f))) {
      const docPath = relOf(file)
        .slice(name.length + 2)
        .replace(/\.[^.]+$/, '');
      const url = pattern
        .replace(/:collection/g, name)
        .replace(/:path/g, docPath)
        .replace(/:name|:title|:slug/g, path.posix.basename(docPath))
        .replace(/:output_ext/g, '.html');
      pages.set(file, path.posix.join(baseurl, url));
    }
  }
  for (const file of files) {
    const rel = relOf(file);
    if (!/\.(md|markdown|html?)$/i.test(rel) || rel.split('/').some((s) => s.startsWith('_') || s.startsWith('.')))
      continue;
    const permalink = (await frontMatterOf(file))?.permalink;
    const stem = rel.replace(/\.[^.]+$/, '');
    pages.set(
      file,
      typeof permalink === 'string' && !permalink.includes(':')
        ? path.posix.join(baseurl, permalink)
        : stem === 'index' || stem.endsWith('/index')
          ? path.posix.join(baseurl, stem.slice(0, -5))
          : path.posix.join(baseurl, pretty ? `${stem}/` : `${stem}.html`),
    );
  }

  const byPostName = new Map<string, string>();
  for (const post of posts) {
    const under = post.raw.rel
      .split('/_posts/')
      .at(-1)!
      .replace(/\.[^.]+$/, '');
    byPostName.set(under, post.raw.path);
    if (!byPostName.has(path.posix.basename(under))) byPostName.set(path.posix.basename(under), post.raw.path);
  }
  const fileSet = new Set(files);
  const resolveLink = (_from: unknown, kind: string, target: string): LinkTarget | undefined => {
    const clean = target.trim().replace(/^["']|["']$/g, '');
    if (kind === 'post_url') {
      const found = byPostName.get(clean.replace(/\.[^.]+$/, '')) ?? byPostName.get(path.posix.basename(clean));
      return found ? { path: found } : undefined;
    }
    const file = path.join(root, ...clean.replace(/^\/+/, '').split('/'));
    if (!fileSet.has(file)) return undefined;
    return { path: file, oldUrl: pages.get(file) };
  };

  return {
    generator: 'jekyll',
    root,
    posts,
    diagnostics,
    vars: { site: { ...site, data } },
    staticRoots: [{ prefix: '/', dir: root }],
    files: fileSet,
    basePath: baseurl,
    collectionTags: new Set(),
    includes,
    authors,
    url: siteUrl(text('url')),
    // jemoji, listed among the plugins (or `gems`, its older name).
    emoji: [site.plugins, site.gems].some((list) => Array.isArray(list) && list.includes('jemoji')),
    timeZone: zone,
    resolveLink,
  };
}

/** The values of `defaults` whose scope covers the post, the most specific last. */
function defaultsFor(
  rel: string,
  defaults: readonly { scope?: { path?: unknown; type?: unknown }; values?: unknown }[],
): RawFields {
  const matching = defaults
    .filter((d) => {
      const scope = d.scope ?? {};
      const prefix = String(scope.path ?? '').replace(/^\.?\/|\/$/g, '');
      return (
        (scope.type === undefined || scope.type === 'posts') &&
        (prefix === '' || rel === prefix || rel.startsWith(`${prefix}/`))
      );
    })
    .sort((a, b) => String(a.scope?.path ?? '').length - String(b.scope?.path ?? '').length);
  return Object.assign(
    {},
    ...matching.map((d) => (d.values && typeof d.values === 'object' ? d.values : {})),
  ) as RawFields;
}

/** Jekyll's slugify: "default" mode, or "pretty" (keeps `._~!$&'()+,;=@`), optionally keeping case. */
function jekyllSlug(text: string, pretty: boolean, cased: boolean): string {
  const replaced = text
    .replace(pretty ? /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu : /[^\p{M}\p{L}\p{Nd}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return cased ? replaced : replaced.toLowerCase();
}

/** A Jekyll permalink template filled in for one post, with the site's `baseurl` in front. */
function expand(
  template: string,
  post: { date: ReturnType<typeof calendar>; slug: string; categories: readonly string[]; name: string; base: string },
): string | { problem: string } {
  const d = post.date;
  const values: Record<string, string> = {
    year: d.toFormat('yyyy'),
    month: d.toFormat('MM'),
    day: d.toFormat('dd'),
    hour: d.toFormat('HH'),
    minute: d.toFormat('mm'),
    second: d.toFormat('ss'),
    i_day: String(d.day),
    i_month: String(d.month),
    short_month: d.setLocale('en').toFormat('MMM'),
    long_month: d.setLocale('en').toFormat('MMMM'),
    short_year: d.toFormat('yy'),
    y_day: d.toFormat('ooo'),
    week: d.toFormat('WW'),
    w_year: d.toFormat('kkkk'),
    w_day: String(d.weekday),
    short_day: d.setLocale('en').toFormat('ccc'),
    long_day: d.setLocale('en').toFormat('cccc'),
    title: jekyllSlug(post.slug, true, true),
    slug: jekyllSlug(post.slug, false, false),
    name: jekyllSlug(post.name, false, false),
    categories: [...new Set(post.categories.map((c) => c.toLowerCase()))].join('/'),
    slugified_categories: [...new Set(post.categories.map((c) => jekyllSlug(c, false, false)))].join('/'),
    output_ext: '.html',
    collection: 'posts',
  };
  let unknown: string | undefined;
  const filled = template.replace(/:([a-z_]+)/g, (token, name: string) => {
    if (name in values) return values[name]!;
    unknown ??= token;
    return token;
  });
  if (unknown) return { problem: `permalink token "${unknown}" is not one the importer knows` };
  const url = `/${filled}`.replace(/\/{2,}/g, '/');
  return (post.base + url.slice(1)).replace(/\/{2,}/g, '/');
}
