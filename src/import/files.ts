import path from 'node:path';
import type { Root, Nodes } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { isHttpUrl } from '../content/urls.ts';
import type { Edit } from './edits.ts';
import { destination } from './embeds.ts';
import type { StaticRoot } from './old-site.ts';

/** Where a reference to a local file of the old site points. */
export type Resolved = { readonly file: string } | 'remote' | 'missing';

/** What resolving file references needs to know about the old site. */
export interface FileLookup {
  /** Every file of the old site a post could refer to, by absolute path. */
  readonly files: ReadonlySet<string>;
  readonly staticRoots: readonly StaticRoot[];
  /** Path prefixes the old or the new site is served under ("/blog/"), stripped from site-rooted paths. */
  readonly basePaths: readonly string[];
}

/**
 * Resolve `src` written in a post at `postPath` (absolute) whose old URL was `oldUrl`:
 * relative to the post's file (page bundles, Eleventy), else relative to the post's old
 * URL, else from the site's root; site-rooted paths under each static root (Hugo's
 * static/, Jekyll's site folder, Eleventy's input and project folders).
 */
export function resolveFile(src: string, postPath: string, oldUrl: string | undefined, lookup: FileLookup): Resolved {
  const clean = src.trim().split(/[?#]/)[0]!;
  if (clean === '' || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(clean)) return 'remote';
  let decoded: string;
  try {
    decoded = decodeURI(clean);
  } catch {
    return 'missing';
  }
  const sitePaths: string[] = [];
  if (decoded.startsWith('/')) {
    sitePaths.push(decoded);
    for (const base of lookup.basePaths)
      if (base !== '/' && decoded.startsWith(base)) sitePaths.push(`/${decoded.slice(base.length)}`);
  } else {
    const local = path.resolve(path.dirname(postPath), decoded);
    if (lookup.files.has(local)) return { file: local };
    if (oldUrl) sitePaths.push(path.posix.resolve(oldUrl.endsWith('/') ? oldUrl : path.posix.dirname(oldUrl), decoded));
    // Last, from the site's root: image shortcodes (eleventy-img) read a path from the project folder.
    if (!decoded.startsWith('../')) sitePaths.push(`/${decoded.replace(/^\.\//, '')}`);
  }
  for (const sitePath of sitePaths) {
    for (const root of lookup.staticRoots) {
      if (!sitePath.startsWith(root.prefix)) continue;
      const candidate = path.join(root.dir, ...sitePath.slice(root.prefix.length).split('/'));
      if (candidate.startsWith(root.dir) && lookup.files.has(candidate)) return { file: candidate };
    }
  }
  return 'missing';
}

/** A post's attachments: files copied beside the article, each under a name of its own. */
export interface Attachments {
  /** The name (relative to the article's folder) a file is copied to; the same name for the same file. */
  readonly add: (file: string, wanted?: string) => string;
  /** [absolute source, name beside the article], in the order they were added. */
  readonly list: () => readonly (readonly [string, string])[];
}

/**
 * The attachments of one post. Names keep the file's own name (and a bundle's
 * sub-folders) where they are safe; a leading "." or "_" (which Broadsheet skips when it
 * copies files) and characters outside letters, digits, ".", "-" and "_" are replaced, and
 * a name already taken gets "-2", "-3"…
 */
export function attachments(): Attachments {
  const byFile = new Map<string, string>();
  const taken = new Set<string>();
  return {
    add: (file, wanted = path.basename(file)) => {
      const known = byFile.get(file);
      if (known !== undefined) return known;
      const safe = wanted
        .split('/')
        .filter((s) => s !== '' && s !== '.' && s !== '..')
        .map((s) => s.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[._-]+/, '') || 'file')
        .join('/');
      const ext = path.posix.extname(safe);
      const stem = safe.slice(0, safe.length - ext.length);
      let name = safe;
      for (let n = 2; taken.has(name.toLowerCase()) || name.toLowerCase() === 'index.md'; n++)
        name = `${stem}-${n}${ext}`;
      taken.add(name.toLowerCase());
      byFile.set(file, name);
      return name;
    },
    list: () => [...byFile.entries()],
  };
}

/** Extensions of files a link may point at that are not pages. */
const FILE_LINK =
  /\.(md|markdown|png|jpe?g|gif|webp|avif|svg|ico|bmp|tiff?|pdf|docx?|xlsx?|pptx?|odt|ods|odp|rtf|epub|txt|csv|mp3|m4a|wav|ogg|oga|mp4|m4v|webm|mov|zip|gz|tgz|7z)$/i;

/** A link to a file (a document, a picture, another post's Markdown), by its extension. */
const isFileLink = (url: string): boolean => FILE_LINK.test(url.split(/[?#]/)[0]!);

/**
 * A link to a page by its address: a site path, an http(s) or protocol-relative URL, or a
 * path relative to the post's page on the old site (`../other-post/`).
 */
const isAddress = (url: string): boolean =>
  url.startsWith('/') || isHttpUrl(url) || (url !== '' && !/^(?:[a-z][a-z0-9+.-]*:|[#?])/i.test(url));

/** Whether a link is one `relinkFiles` asks about: to a file, or to a page by its address. */
const relinked = (url: string): boolean => isFileLink(url) || isAddress(url);

/** A link to a page by its address, not to a file. */
export const isPageLink = (url: string): boolean => !isFileLink(url) && isAddress(url);

/** A post's Markdown as the import's passes read it, parsed once for all of them. */
export const parseBody = (text: string): Root => unified().use(remarkParse).parse(text) as Root;

/**
 * Rewrite the local files a Markdown body (`text`, and its `tree` from `parseBody`) refers
 * to — images, `<img src>`, `<video>`, `<source>`, links to documents and to other posts'
 * Markdown files — so they point at
 * attachments beside the article or at the other story; links to pages by their address
 * are asked about too (`isPageLink`), for links to other posts' old URLs. `place` answers for each reference
 * what to write, or undefined to leave it as it is (a remote URL, or a missing file, which
 * `place` reports); `kind` says whether Broadsheet resolves it as an image (relative to the
 * article) or leaves it to the browser (a link, relative to the page's URL).
 */
export function relinkFiles(
  text: string,
  tree: Root,
  place: (src: string, offset: number, kind: 'image' | 'link') => string | undefined,
): Edit[] {
  const edits: Edit[] = [];
  const visit = (node: Nodes) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start !== undefined && end !== undefined) {
      if (node.type === 'image' || (node.type === 'link' && relinked(node.url)) || node.type === 'definition') {
        const source = text.slice(start, end);
        const m =
          node.type === 'definition'
            ? /^(\s*\[[^\]]*\]:\s*)(<[^>]*>|\S+)/.exec(source)
            : /(\]\(\s*)(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)$/.exec(source);
        if (m && (node.type !== 'definition' || relinked(node.url))) {
          const at = start + (m.index ?? 0) + m[1]!.length;
          const name = place(node.url, at, node.type === 'image' ? 'image' : 'link');
          if (name !== undefined) edits.push({ start: at, end: at + m[2]!.length, text: destination(name) });
        }
      } else if (node.type === 'html') {
        const source = text.slice(start, end);
        const attribute = /(<(\w+)\b[^>]*?\s(src|href|poster)\s*=\s*)(["']?)([^"'\s>]+)\4/gi;
        for (const m of source.matchAll(attribute)) {
          const url = m[5]!;
          if (m[3]!.toLowerCase() === 'href' && !relinked(url)) continue;
          const at = start + m.index + m[1]!.length + m[4]!.length;
          const name = place(url.replace(/&amp;/g, '&'), at, m[2]!.toLowerCase() === 'img' ? 'image' : 'link');
          if (name !== undefined)
            edits.push({ start: at, end: at + url.length, text: name.replace(/&/g, '&amp;').replace(/"/g, '%22') });
        }
      }
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  return edits;
}
