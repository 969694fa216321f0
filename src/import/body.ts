import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import type { ErrorId } from '../diagnostics/errors.ts';
import { applyEdits, lineIndex, type Edit } from './edits.ts';
import { isPageLink, parseBody, relinkFiles, resolveFile, type Attachments, type FileLookup } from './files.ts';
import { convertLiquid } from './liquid.ts';
import { isPictureFile } from '../content/picture.ts';
import { emojiEdits } from './emoji.ts';
import { oldSitePath, type LinkKind, type OldSite, type ReadPost } from './old-site.ts';
import { convertShortcodes } from './shortcodes.ts';
import { valueAt, type LinkResult, type TagContext } from './tag-context.ts';

/** What converting one post's body needs besides the post. */
export interface BodyContext {
  readonly site: OldSite;
  readonly lookup: FileLookup;
  readonly attachments: Attachments;
  /** The new path (below the base path) of an imported post, by its file's absolute path. */
  readonly storyUrl: (file: string) => string | undefined;
  /** An old-site path as a path below the new base path, undefined when outside it. */
  readonly belowBase: (oldUrl: string) => string | undefined;
  /** The new path (below the base path) of the imported post an old URL (a site path, or a URL of the old site) was, if any. */
  readonly oldPostUrl: (url: string) => string | undefined;
  /** The site path (below the base path) an attachment of this post is published at. */
  readonly attachmentUrl: (name: string) => string;
  /** This story's new path below the base path. */
  readonly url: string;
  readonly title: string;
  readonly basePath: string;
  readonly siteUrl: string;
  readonly embedHosts: readonly string[];
  /** Note a link the first pass made (set inside convertBody). */
  readonly made?: (url: string) => void;
}

/**
 * Convert a post's body in two passes: template tags (Hugo shortcodes, Liquid or
 * Nunjucks) into Markdown and HTML, then references to local files and other posts'
 * Markdown into attachments and story URLs. Problems of both passes are reported at the
 * line and column of the original file.
 */
export function convertBody(post: ReadPost, ctx: BodyContext): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const position = lineIndex(post.body);
  const at = (offset: number) => {
    const { line, column } = position(offset);
    return { line: line + post.bodyLine - 1, column };
  };
  const report = (rule: ErrorId, offset: number, reason: string, hint?: string) =>
    diagnostics.push(
      diagnostic(rule, { file: post.raw.file, ...at(offset) }, reason, {
        severity: 'warning',
        ...(hint ? { hint } : {}),
      }),
    );

  // Links the first pass made to attachments are the second pass's to leave alone.
  const made = new Set<string>();
  const attachmentUrl = (name: string) => {
    const url = ctx.attachmentUrl(name);
    made.add(url);
    return url;
  };
  const tags = tagContext(post, { ...ctx, attachmentUrl, made: (url) => made.add(url) }, report);
  let edits: Edit[] = [];
  if (post.tags === 'hugo') edits = convertShortcodes(post.body, tags);
  else if (post.tags === 'liquid' || post.tags === 'nunjucks')
    edits = convertLiquid(post.body, tags, { nunjucks: post.tags === 'nunjucks' });
  if (ctx.site.generator === 'jekyll') reportKramdown(post.body, report);
  const first = applyEdits(post.body, edits);

  const deep = deepestNesting(first.text);
  if (deep) {
    report(
      'import-unconverted',
      first.source(deep.offset),
      `Markdown nested ${deep.width} characters deep: its images and links to files were not looked at; kept as written`,
      'Parsing Markdown nested this deeply takes minutes; flatten the lists or quotes, then copy the files it uses by hand.',
    );
    return { text: first.text, diagnostics };
  }
  const oldUrl = typeof post.oldUrl === 'string' ? post.oldUrl : undefined;
  const tree = parseBody(first.text);
  const second = relinkFiles(first.text, tree, (written, offset, kind) => {
    const source = first.source(offset);
    if (made.has(written)) return undefined;
    // An absolute URL of the old site is a path of it; another host's stays as written.
    const onOld = oldSitePath(written, ctx.site.url);
    if (onOld === undefined && written.startsWith('//')) return undefined;
    const src = onOld ?? written;
    if (isPageLink(src)) {
      // A link to another post by its old URL goes to the story itself, fragment and all:
      // through the redirect, a static host's redirect page would lose the fragment. A
      // relative one is read from the post's old page, as the old site's readers followed it.
      const [address, fragment = ''] = src.split(/(?=#)/);
      if (made.has(address!)) return undefined;
      const absolute = oldAddress(address!, oldUrl);
      const story = ctx.oldPostUrl(absolute ?? address!);
      if (story !== undefined) return ctx.basePath + story.slice(1) + fragment;
      if (absolute === undefined) return undefined;
      // A page that was not imported (an about page, the docs) is on the old site only: on
      // the new one its path would lead nowhere.
      if (ctx.site.url === undefined) {
        report(
          'import-link',
          source,
          `link to "${src}": not an imported post, and the old site's config names no URL to link it at; kept as written`,
        );
        return undefined;
      }
      const url = new URL(absolute, ctx.site.url).href + fragment;
      report('import-link', source, `link to "${written}": not an imported post; linked at the old site, ${url}`);
      return url;
    }
    if (/\.(md|markdown)([#?]|$)/i.test(src) && !/^[a-z][a-z0-9+.-]*:/i.test(src)) {
      const [file, fragment = ''] = src.split(/(?=#)/);
      const result = linkTo(post, ctx, 'link', file!);
      if ('problem' in result) {
        report('import-link', source, `link to "${src}": ${result.problem}; kept as written`);
        return undefined;
      }
      if (result.warning) report('import-link', source, `link to "${src}": ${result.warning}`);
      return ctx.basePath + result.url.slice(1) + fragment;
    }
    const found = resolveFile(src, post.raw.path, oldUrl, ctx.lookup);
    if (found === 'remote') return undefined;
    if (found === 'missing') {
      if (onOld !== undefined)
        // A whole URL (an upload the repository never held): it works while the old host serves it.
        report(
          'import-missing-file',
          source,
          `"${written}" is not among the old site's files; it stays at the old site's address`,
          "Copy the file beside the article and point at it before the old site goes: the new site's build reads the address as another host's.",
        );
      else
        report(
          'import-missing-file',
          source,
          `"${written}" is not a file of the old site; the reference is kept as written`,
        );
      return undefined;
    }
    const name = ctx.attachments.add(found.file, bundleName(post, found.file));
    // A picture is never published as its file: a link to one is left relative, as a
    // picture's path is, for the build to say so at its line.
    if (kind === 'link' && !isPictureFile(found.file)) return ctx.basePath + ctx.attachmentUrl(name).slice(1);
    return name === path.posix.normalize(src) ? undefined : name;
  });
  const emoji = ctx.site.emoji ? emojiEdits(first.text, tree) : [];
  return { text: applyEdits(first.text, [...second, ...emoji]).text, diagnostics };
}

/** Container prefixes (indentation, `>`, list markers) wider than this make Markdown parsing crawl. */
const MAX_NESTING = 128;

/** The first line whose container prefix is wider than MAX_NESTING, if any. */
function deepestNesting(text: string): { offset: number; width: number } | undefined {
  let offset = 0;
  for (const line of text.split('\n')) {
    const width = /^[\s>*+\-\d.)]*/.exec(line)![0].length;
    if (width > MAX_NESTING) return { offset, width };
    offset += line.length + 1;
  }
  return undefined;
}

/** A bundle's resource keeps its path inside the bundle; any other file its own name. */
function bundleName(post: ReadPost, file: string): string | undefined {
  const rel = path.relative(path.dirname(post.raw.path), file).split(path.sep).join('/');
  return post.raw.resources.includes(rel) ? rel : undefined;
}

/** The TagContext of one post: its variables, includes and links. */
function tagContext(post: ReadPost, ctx: BodyContext, report: TagContext['report']): TagContext {
  const { site } = ctx;
  const page: Record<string, unknown> = {
    ...post.inherited,
    ...post.fields,
    ...post.pageVars,
    url: ctx.basePath + ctx.url.slice(1),
    title: ctx.title,
    date: post.date,
  };
  return {
    report,
    lookup: ([head, ...rest]) => {
      if (head === 'site') {
        if (rest.length === 1 && rest[0] === 'baseurl') return ctx.basePath.replace(/\/$/, '');
        if (rest.length === 1 && rest[0] === 'url') return site.url?.replace(/\/$/, '');
        return valueAt(site.vars.site ?? {}, rest);
      }
      if (head === 'page') return valueAt(page, rest);
      if (site.generator === 'eleventy' && head !== undefined)
        return valueAt({ ...site.vars, ...post.inherited, ...post.fields }, [head, ...rest]);
      return undefined;
    },
    link: (kind, target) => {
      const result = linkTo(post, ctx, kind, target);
      // The first pass's links are to the new site: the second leaves them as they are.
      if ('url' in result) ctx.made?.(ctx.basePath + result.url.slice(1));
      return result;
    },
    include: (name, relative) => {
      if (relative) return undefined;
      const clean = name.replace(/^["']|["']$/g, '');
      for (const candidate of [clean, `${clean}.njk`, `${clean}.liquid`, `${clean}.html`, `${clean}.md`]) {
        const text = site.includes.get(candidate);
        if (text !== undefined) return text;
      }
      return undefined;
    },
    basePath: ctx.basePath,
    siteUrl: ctx.siteUrl,
    embedHosts: ctx.embedHosts,
  };
}

/** Where a link to another post, page or file of the old site points now. */
function linkTo(post: ReadPost, ctx: BodyContext, kind: LinkKind, target: string): LinkResult {
  const found = ctx.site.resolveLink(post.raw, kind, target);
  if (!found) return { problem: 'no such post or file in the old site' };
  const story = ctx.storyUrl(found.path);
  if (story) return { url: story };
  if (found.oldUrl !== undefined) {
    const url = ctx.belowBase(found.oldUrl);
    if (url === undefined)
      return { problem: `it is a page that was not imported, at ${found.oldUrl}, outside the new site` };
    return { url, warning: `it is a page that was not imported; the link points at its old address ${found.oldUrl}` };
  }
  if (/\.(md|markdown|html?)$/i.test(found.path)) return { problem: 'it is a page that was not imported' };
  return { url: ctx.attachmentUrl(ctx.attachments.add(found.path, bundleName(post, found.path))) };
}

const IAL_PART = String.raw`(?:[.#][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[\w-]+))`;
const KRAMDOWN = new RegExp(String.raw`\{:(?:toc|\s*${IAL_PART}(?:\s+${IAL_PART})*\s*)\}|\{::[\w-]+[^}\n]*\}`, 'g');

/** Kramdown's attribute lists and extensions (`{: .note}`, `{:toc}`) outside code: CommonMark shows them as text. */
function reportKramdown(body: string, report: TagContext['report']): void {
  let offset = 0;
  let fence: string | undefined;
  for (const line of body.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) fence = fence ? undefined : marker;
    else if (!fence)
      for (const m of line.matchAll(KRAMDOWN))
        report(
          'import-unconverted',
          offset + m.index,
          `kramdown markup "${m[0]}" has no equivalent in Broadsheet's Markdown; kept as written`,
        );
    offset += line.length + 1;
  }
}

/**
 * A page link of a post as a site path of the old site: a site path as it is, a relative
 * one read from the post's old page. Undefined for a URL with a scheme, or a relative
 * link of a post whose old page is not known.
 */
function oldAddress(address: string, oldUrl: string | undefined): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(address)) return undefined;
  if (address.startsWith('/')) return address;
  if (oldUrl === undefined) return undefined;
  const url = new URL(address, new URL(oldUrl, 'http://old.invalid/'));
  return url.pathname + url.search;
}
