import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toString } from 'hast-util-to-string';
import type { VFile } from 'vfile';
import { figcaption, splitTitle } from './figures.ts';
import type { AssetRef } from './assets.ts';
import { MAX_ELEMENT_DEPTH } from './nesting.ts';
import { isPictureFile } from '../picture.ts';
import { encodeUrl, upgradedPicture, upgradedReason } from '../urls.ts';

export interface TransformOptions {
  /** Hosts whose https iframes are kept, e.g. "www.youtube-nocookie.com". */
  readonly embedHosts: readonly string[];
  /** The site's own host: links to it are not external. */
  readonly siteHost: string;
  /** The path the site is published under ("/" or "/news/"): site-rooted links get it. */
  readonly basePath: string;
}

/** Markdown an author meant as a link or image, left as text: its destination has a space. */
const UNREAD_LINK = /!?\[[^\]\n]*\]\(([^)\n]*\s[^)\n]*)\)/;

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** The `rel` words a story's link may carry: how search engines should weigh it, and opener policy. */
const LINK_REL = new Set(['nofollow', 'sponsored', 'ugc', 'noopener', 'noreferrer']);
const ID_PREFIX = 'user-content-';

/**
 * Broadsheet's transforms of a sanitized story body, in one walk of the tree (the profile
 * showed a tree walk per plugin costing more than the transforms themselves):
 *
 * - iframes: kept only from allowlisted hosts over https, lazy and titled; others dropped with a warning;
 * - images: pointed at their published URL, lazy-loaded, local files recorded, a warning
 *   for one without alt text unless raw HTML wrote `alt=""` (decorative on purpose);
 *   one alone in a paragraph with a title becomes a <figure> with caption and credit;
 *   `http:` ones are published as `https:` and one left with no source is dropped, each
 *   with a warning;
 * - tables: each in a `div.table-scroll`; GFM column alignment: the obsolete `align`
 *   attribute becomes a class;
 * - headings: GitHub-style `id`s, as rehype-slug makes them (github-slugger), and levels
 *   nested under the page's h1 (`nestHeadings`);
 * - `strike` and `tt` by their present names, a task's checkbox as a ballot box character;
 * - links to files (`[programme](programme.pdf)`): resolved as pictures are, relative to the
 *   article, and recorded, so that a file goes live with the first story linking it;
 * - external links: `rel="noopener"`; site-rooted ones under the base path; every link and
 *   source a valid URL (raw HTML may have spaces in one); a link or picture left as text
 *   for a space in its path, a warning;
 * - in-page links: `#x` points at `#user-content-x` when the sanitizer prefixed that id;
 * - the first image is remembered (for link previews);
 * - elements nested deeper than MAX_ELEMENT_DEPTH are an error, and not walked into.
 */
export default function rehypeStoryTransform(options: TransformOptions) {
  const hosts = new Set(options.embedHosts);
  return (tree: Root, file: VFile) => {
    const slugger = new GithubSlugger();
    const resolve = file.data.resolveAsset;
    const refs: AssetRef[] = (file.data.assetRefs ??= []);
    const attached: AssetRef[] = (file.data.attachmentRefs ??= []);
    const ids = new Set<string>();
    const fragments: Element[] = [];
    const headings: Element[] = [];

    let tooDeep = false;

    const element = (node: Element, depth: number): ElementContent | undefined => {
      const props = node.properties;
      let scrolls = false;
      switch (node.tagName) {
        case 'iframe': {
          // Protocol-relative, as embed codes were written for a while: https, as the site is.
          const given = String(props.src ?? '');
          const src = given.startsWith('//') ? `https:${given}` : given;
          let host = '';
          try {
            const url = new URL(src);
            if (url.protocol === 'https:') host = url.hostname;
          } catch {
            // Not an absolute URL: treated like a host that is not allowed.
          }
          if (!hosts.has(host)) {
            file.message(`iframe from "${host || src || 'no source'}" removed: not in markdown.embedHosts`, node);
            return undefined;
          }
          props.loading = 'lazy';
          props.src = encodeUrl(src);
          if (!props.title) props.title = `Embedded content from ${host}`;
          break;
        }
        case 'img': {
          if (typeof props.src !== 'string' || !props.src) {
            const alt = typeof props.alt === 'string' && props.alt ? ` "${props.alt}"` : '';
            const message = file.message(`image${alt} removed: its source is not an http(s) URL or a path`, node);
            message.note = 'Give the picture a path in the articles folder or an https address.';
            return undefined;
          }
          if (!props.alt && !(props.alt === '' && !writtenAsMarkdown(node, file))) {
            const message = file.message(
              `image "${props.src}" has no alt text: published as decorative (alt="")`,
              node,
            );
            message.ruleId = 'missing-alt';
          }
          props.alt ??= '';
          const secure = upgradedPicture(props.src);
          if (secure) {
            file.message(upgradedReason(props.src, secure), node).ruleId = 'image-http';
            props.src = secure;
          }
          props.loading = 'lazy';
          props.decoding = 'async';
          if (resolve && typeof props.src === 'string') {
            const { url, file: local } = resolve(props.src);
            if (local !== undefined)
              refs.push({
                file: local,
                src: props.src,
                line: node.position?.start.line ?? 1,
                column: node.position?.start.column ?? 1,
              });
            props.src = encodeUrl(url);
          }
          if (!file.data.firstImage && typeof props.src === 'string')
            file.data.firstImage = { src: props.src, alt: typeof props.alt === 'string' ? props.alt : '' };
          break;
        }
        case 'p': {
          const content = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
          const image = content[0];
          if (
            content.length === 1 &&
            image?.type === 'element' &&
            image.tagName === 'img' &&
            typeof image.properties.title === 'string' &&
            image.properties.title
          ) {
            if (!element(image, depth + 1)) return undefined;
            const { caption, credit } = splitTitle(image.properties.title);
            const { title: _dropped, ...properties } = image.properties;
            return {
              type: 'element',
              tagName: 'figure',
              properties: {},
              children: [{ ...image, properties }, figcaption(caption, credit)],
              position: node.position,
            };
          }
          break;
        }
        case 'table':
          scrolls = true;
          break;
        // A <picture>'s sources are pictures too: an http one would be chosen, then blocked.
        case 'source': {
          const set = props.srcSet;
          const candidates = Array.isArray(set) ? set.map(String) : typeof set === 'string' ? set.split(',') : [];
          props.srcSet = candidates
            .map((candidate) => {
              const [url = '', ...descriptors] = candidate.trim().split(/\s+/);
              const secure = upgradedPicture(url);
              if (!secure) return candidate.trim();
              file.message(upgradedReason(url, secure), node).ruleId = 'image-http';
              return [secure, ...descriptors].join(' ');
            })
            .join(', ');
          break;
        }
        // Obsolete in HTML, kept by GitHub's schema: their present-day names.
        case 'strike':
          node.tagName = 's';
          break;
        case 'tt':
          node.tagName = 'code';
          break;
        // A GFM task's box, a form control with no label, becomes the ballot box character.
        case 'input':
          return { type: 'text', value: props.checked ? '\u2611' : '\u2610' };
        case 'td':
        case 'th':
          if (typeof props.align === 'string') {
            const { align, ...rest } = props;
            node.properties = {
              ...rest,
              className: [...(Array.isArray(rest.className) ? rest.className : []), `align-${align}`],
            };
          }
          break;
        case 'a': {
          // An old-style anchor is an id, as in-page links now find one (`#x` or the sanitizer's prefixed name).
          if (typeof props.name === 'string') {
            if (!props.id) props.id = props.name;
            delete props.name;
          }
          // A link whose address the sanitizer removed is its text: nothing to follow, nor to look like a link.
          if (typeof props.href !== 'string') {
            node.tagName = 'span';
            break;
          }
          const linked = resolve && linkedFile(props.href);
          // A picture is published only as a story shows it, resized and stripped: its
          // original, which may carry the camera's position, is never a file to link to.
          // (A site-rooted one may be a file of public/, served as it is.)
          if (linked && !linked.startsWith('/') && isPictureFile(linked)) {
            const message = file.message(
              `the link to the picture "${props.href}" was removed, its content kept: pictures are published only as stories show them`,
              node,
            );
            message.note =
              'Show the picture with ![what it shows](path) instead; pictures are published resized and without their metadata, never as the original file.';
            node.tagName = 'span';
            node.properties = {};
            break;
          }
          if (linked) {
            const { url, file: local } = resolve(linked);
            if (local !== undefined && !local.startsWith('..')) {
              const at = node.position?.start;
              attached.push({ file: local, src: props.href, line: at?.line ?? 1, column: at?.column ?? 1 });
              // Relative to the article's file, as a picture's path is: the page's URL is another folder.
              if (!linked.startsWith('/')) props.href = url + props.href.slice(linked.length);
            }
          }
          const href = (props.href = encodeUrl(sitePath(props.href, options.basePath)));
          // What a link says of itself to search engines (a paid link is `sponsored`) stays.
          const rel = (Array.isArray(props.rel) ? props.rel.map(String) : []).filter((token) => LINK_REL.has(token));
          props.rel = rel.length ? rel : undefined;
          if (href.startsWith('#')) fragments.push(node);
          else if (/^https?:/i.test(href)) {
            try {
              if (new URL(href).host !== options.siteHost && !rel.includes('noopener'))
                props.rel = [...rel, 'noopener'];
            } catch {
              // Not a URL after all: leave it.
            }
          }
          break;
        }
        default:
          if (HEADINGS.has(node.tagName)) {
            // The footnotes' own label (for screen readers) stays an h2, at the end of the body.
            if (props.id !== `${ID_PREFIX}footnote-label`) headings.push(node);
            if (!props.id) props.id = slugger.slug(toString(node));
          }
      }
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
      if (node.tagName !== 'code' && node.tagName !== 'pre')
        for (const child of node.children) {
          const unread = child.type === 'text' && child.value.includes('](') ? UNREAD_LINK.exec(child.value) : null;
          // A template tag an import kept visible (`{{< ref … >}}`) was reported by the import.
          if (!unread || /\{[{%]/.test(unread[0])) continue;
          const destination = unread[1]!.trim().replace(/\s+["'(][^]*$/, '');
          file.message(
            `"${unread[0]}" is shown as text, not as a ${unread[0].startsWith('!') ? 'picture' : 'link'}: a path with spaces is written in angle brackets, <${destination}>, or with %20 for each space`,
            child,
          );
        }
      const elements = node.children.filter((child) => child.type === 'element').length;
      node.children = walk(node.children, depth + 1) as ElementContent[];
      // A paragraph of nothing but a picture that was dropped goes with it (a spacer stays).
      if (
        node.tagName === 'p' &&
        elements > 0 &&
        node.children.every((child) => child.type === 'text' && !child.value.trim())
      )
        return undefined;
      // A table wider than a phone scrolls in a box of its own, not the page sideways.
      if (scrolls)
        return { type: 'element', tagName: 'div', properties: { className: ['table-scroll'] }, children: [node] };
      return node;
    };

    const walk = (children: RootContent[], depth: number): RootContent[] => {
      if (depth > MAX_ELEMENT_DEPTH) {
        if (!tooDeep) {
          tooDeep = true;
          const message = file.message(
            `elements are nested more than ${MAX_ELEMENT_DEPTH} levels deep here; the story is not published`,
            children[0],
          );
          message.ruleId = 'nesting-too-deep';
        }
        return [];
      }
      const out: RootContent[] = [];
      for (const child of children) {
        if (child.type !== 'element') {
          out.push(child);
          continue;
        }
        const result = element(child, depth);
        if (result) out.push(result);
      }
      return out;
    };

    tree.children = walk(tree.children, 1);
    nestHeadings(headings);
    for (const link of fragments) {
      const id = decodeURIComponent(String(link.properties.href).slice(1));
      if (!ids.has(id) && ids.has(ID_PREFIX + id)) link.properties.href = `#${ID_PREFIX}${id}`;
    }
  };
}

/**
 * A body's headings under the page's own: its levels in use, highest first, become
 * h2, h3… (`#` and `###` give h2 and h3), and none is more than one level below the one
 * before it, as the page's headline is its h1 and a level skipped or a second h1 leaves
 * an outline screen readers cannot follow.
 */
function nestHeadings(headings: readonly Element[]): void {
  const levels = [...new Set(headings.map((h) => Number(h.tagName[1])))].sort();
  // In the order read: never more than one level below the heading before.
  let before = 1;
  for (const heading of headings) {
    before = Math.min(6, 2 + levels.indexOf(Number(heading.tagName[1])), before + 1);
    heading.tagName = `h${before}`;
  }
}

/** The last segment of a page's path, when a link names one: left as written. */
const PAGE_FILE = /\.(?:html?|md|markdown|php|aspx?)$/i;

/**
 * The path of a link to a file of the site (`programme.pdf`, `../2024/report.pdf`,
 * `/2024/report.pdf`): no scheme, and a last segment with an extension that is not a
 * page's. Links to pages (`../other-story/`) are not files.
 */
function linkedFile(href: string): string | undefined {
  if (/^(?:[a-z][a-z0-9+.-]*:|[#?]|\/\/)/i.test(href)) return undefined;
  const path = href.split(/[?#]/)[0]!;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return /\.[a-z0-9]{1,10}$/i.test(last) && !PAGE_FILE.test(last) ? path : undefined;
}

/** Markdown's `![](src)` always gives an `alt`, empty when nothing was written; raw HTML gives what it says. */
function writtenAsMarkdown(node: Element, file: VFile): boolean {
  const offset = node.position?.start.offset;
  return offset !== undefined && String(file.value).startsWith('![', offset);
}

/**
 * A site-rooted link ("/tags/floods/") under the path the site is published at, as a
 * site-rooted image is: an author writes the site's paths. One that has the path already
 * is left as it is.
 */
function sitePath(href: string, base: string): string {
  if (base === '/' || !href.startsWith('/') || href.startsWith('//')) return href;
  if (href.startsWith(base) || href === base.slice(0, -1)) return href;
  return base + href.slice(1);
}
