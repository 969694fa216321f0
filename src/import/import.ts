import path from 'node:path';
import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { FIELD_ALIASES, KNOWN_FIELDS, readFields } from '../content/fields.ts';
import { parseFrontMatter } from '../content/frontmatter.ts';
import { isHttpUrl, safeSitePath } from '../content/urls.ts';
import { planAddresses, type Address } from './addresses.ts';
import { convertBody } from './body.ts';
import { readEleventy } from './eleventy.ts';
import { attachments as newAttachments, resolveFile, type Attachments, type FileLookup } from './files.ts';
import { readHugo } from './hugo.ts';
import { readJekyll } from './jekyll.ts';
import { mapFields, type MappedFields } from './map-fields.ts';
import { oldSitePath, type Generator, type OldSite, type ReaderOptions, type ReadPost } from './old-site.ts';
import { articleText } from './serialize.ts';
import { writePosts, type PlannedFile, type PlannedPost } from './write.ts';

/** Each generator's reader. */
const readers = {
  hugo: readHugo,
  jekyll: readJekyll,
  eleventy: readEleventy,
} satisfies Record<Generator, (root: string, options: ReaderOptions) => Promise<OldSite>>;

export interface ImportOptions extends ReaderOptions {
  readonly generator: Generator;
  /** Absolute folder of the old site. */
  readonly src: string;
  /** Absolute folder the articles are written into. */
  readonly out: string;
  /** The Broadsheet site the articles are for: permalink, time zone, sections, URL, embed hosts. */
  readonly config: ResolvedConfig;
  /** Overwrite files that exist in `out`. */
  readonly force: boolean;
  /** Convert and report, write nothing. */
  readonly dryRun: boolean;
}

export interface ImportResult {
  /** Posts found in the old site. */
  readonly found: number;
  /** Posts written (or, in a dry run, that would be). */
  readonly converted: number;
  /** Of those, drafts. */
  readonly drafts: number;
  /** Files written: articles and attachments. */
  readonly files: number;
  /** Fields of the old site kept in the articles that Broadsheet does not read, by name. */
  readonly kept: readonly string[];
  /** What was chosen to import when not told (`OldSite.chosen`). */
  readonly chosen?: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** A post whose front matter is mapped: what it was, its Broadsheet fields, and the files it takes along. */
interface Mapped {
  readonly post: ReadPost;
  readonly fields: MappedFields;
  readonly attachments: Attachments;
}

/** A mapped post with its place in the new site. */
interface Placed extends Mapped {
  readonly address: Address;
}

/**
 * Import the posts of a Hugo, Jekyll or Eleventy site as Broadsheet articles: read the
 * site, map each post's front matter, plan every post's slug, URL and aliases together,
 * convert the bodies (which may link to one another), check each article as Broadsheet's
 * build will read it, and write the articles with their attachments. A post with an error
 * is not written; the others are.
 */
export async function importSite(options: ImportOptions): Promise<ImportResult> {
  const { config } = options;
  const site = await readers[options.generator](options.src, options);
  const diagnostics: Diagnostic[] = [...site.diagnostics];
  const lookup: FileLookup = {
    files: site.files,
    staticRoots: site.staticRoots,
    basePaths: [site.basePath, config.basePath],
  };
  const posts = [...site.posts].sort((a, b) => (a.raw.file < b.raw.file ? -1 : a.raw.file > b.raw.file ? 1 : 0));

  const converting: Mapped[] = [];
  for (const post of posts) {
    diagnostics.push(...post.diagnostics);
    if (post.diagnostics.some((d) => d.severity === 'error')) continue;
    const attachments = newAttachments();
    for (const resource of post.raw.resources) {
      if (/\.(md|markdown)$/i.test(resource)) {
        diagnostics.push(
          diagnostic(
            'import-skipped',
            { file: path.join(path.dirname(post.raw.file), resource) },
            'a Markdown file inside a page bundle: Broadsheet would read it as a story',
            {
              severity: 'warning',
            },
          ),
        );
        continue;
      }
      attachments.add(path.join(path.dirname(post.raw.path), ...resource.split('/')), resource);
    }
    const oldUrl = typeof post.oldUrl === 'string' ? post.oldUrl : undefined;
    const mapped = mapFields(post, {
      site,
      sections: config.sections,
      placeImage: (src, at) => {
        const found = resolveFile(oldSitePath(src, site.url) ?? src, post.raw.path, oldUrl, lookup);
        if (found === 'remote') return src;
        if (found === 'missing') {
          diagnostics.push(
            diagnostic(
              'import-missing-file',
              { file: post.raw.file, ...at },
              `lead image "${src}" is not a file of the old site; kept as written`,
              {
                severity: 'warning',
              },
            ),
          );
          return src;
        }
        const rel = path.relative(path.dirname(post.raw.path), found.file).split(path.sep).join('/');
        return attachments.add(found.file, post.raw.resources.includes(rel) ? rel : undefined);
      },
    });
    diagnostics.push(...mapped.diagnostics);
    if (mapped.fields) converting.push({ post, fields: mapped.fields, attachments });
  }

  const planned = planAddresses(
    converting.map(({ post, fields }) => ({
      file: post.raw.file,
      title: fields.title,
      date: fields.date,
      section: fields.section,
      oldUrl: post.oldUrl,
      aliases: post.aliases,
      published: !post.draft,
    })),
    config,
  );
  diagnostics.push(...planned.diagnostics);
  const placed = converting.flatMap((c, i): Placed[] => {
    const address = planned.addresses[i];
    if (address) return [{ ...c, address }];
    diagnostics.push(
      diagnostic(
        'invalid-date',
        { file: c.post.raw.file },
        `date "${c.fields.date}" cannot be read as Broadsheet reads dates`,
      ),
    );
    return [];
  });
  const storyUrls = new Map(placed.map((c) => [c.post.raw.path, c.address.url] as const));
  // Every address a post had on the old site, as a site path of it: links to it go to the story.
  const byOldUrl = new Map(
    placed.flatMap((c) =>
      [c.post.oldUrl, ...c.post.aliases].flatMap((old) => {
        const normal = typeof old === 'string' ? safeSitePath(old) : undefined;
        return normal === undefined || c.post.draft ? [] : [[normal, c.address.url] as const];
      }),
    ),
  );
  const oldPostUrl = (url: string): string | undefined => {
    let address = url.split('?')[0]!;
    const onOld = oldSitePath(address, site.url);
    if (onOld !== undefined) address = onOld.split(/[?#]/)[0]!;
    else if (isHttpUrl(address)) return undefined;
    const normal = safeSitePath(address);
    return normal === undefined ? undefined : byOldUrl.get(normal);
  };

  const articlesPrefix = articlesPath(config.articles, options.out);
  const plans: PlannedPost[] = [];
  const drafts = new Set<string>();
  const kept = new Set<string>();
  for (const c of placed) {
    const { address } = c;
    const body = convertBody(c.post, {
      site,
      lookup,
      attachments: c.attachments,
      storyUrl: (file) => storyUrls.get(file),
      belowBase: (old) => {
        const normal = safeSitePath(old);
        return normal?.startsWith(config.basePath) ? `/${normal.slice(config.basePath.length)}` : undefined;
      },
      oldPostUrl,
      attachmentUrl: (name) => `/${articlesPrefix}${address.name}/${name}`.split('/').map(encodeURIComponent).join('/'),
      url: address.url,
      title: c.fields.title,
      basePath: config.basePath,
      siteUrl: config.url,
      embedHosts: config.markdown.embedHosts,
    });
    diagnostics.push(...body.diagnostics);
    const text = articleText(c.fields, address, body.text);
    const { problems, unknown } = check(text, c.post.raw.file, config);
    if (problems.length) {
      diagnostics.push(...problems);
      continue;
    }
    for (const name of unknown) kept.add(name);
    const files = c.attachments.list();
    const article = files.length ? `${address.name}/index.md` : `${address.name}.md`;
    plans.push({
      source: c.post.raw.file,
      files: [
        { to: article, text } as PlannedFile,
        ...files.map(([from, name]) => ({ to: `${address.name}/${name}`, from })),
      ],
    });
    if (c.fields.draft) drafts.add(c.post.raw.file);
  }

  const written = await writePosts(options.out, plans, {
    force: options.force,
    dryRun: options.dryRun,
    cwd: options.cwd,
  });
  diagnostics.push(...written.diagnostics);
  const stopped = new Set(written.diagnostics.map((d) => d.file));
  // Posts whose file could not be read at all are only in the readers' errors: one file each.
  const unreadable = new Set(site.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).size;
  return {
    found: posts.length + unreadable,
    converted: written.written,
    drafts: [...drafts].filter((file) => !stopped.has(file)).length,
    files: written.files,
    kept: [...kept].sort(),
    chosen: site.chosen,
    diagnostics,
  };
}

/**
 * Errors Broadsheet's build would report for the article (the importer's own mistakes, if
 * any), and the fields it keeps that Broadsheet does not read.
 */
function check(text: string, file: string, config: ResolvedConfig): { problems: Diagnostic[]; unknown: string[] } {
  const parsed = parseFrontMatter({ file, id: file, text, hash: '' });
  const problems = Array.isArray(parsed) ? parsed : readFields(parsed, config, file).diagnostics;
  return {
    problems: problems
      .filter((d) => d.severity === 'error')
      .map((d) => ({ ...d, line: 1, column: 1, reason: `the converted article would not build: ${d.reason}` })),
    unknown: Array.isArray(parsed)
      ? []
      : Object.keys(parsed.fields).filter(
          (key) => !KNOWN_FIELDS.has(FIELD_ALIASES[key] ?? key) && !config.customFields.includes(key),
        ),
  };
}

/** Where `out` is inside the articles folder ("" when it is that folder, "imported/" below it). */
function articlesPath(articles: string, out: string): string {
  const rel = path.relative(articles, out).split(path.sep).join('/');
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? '' : `${rel}/`;
}
