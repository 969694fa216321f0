import { createHash } from 'node:crypto';
import type { Element, Properties, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** Where in a file something is (1-based). */
export interface At {
  readonly line: number;
  readonly column: number;
}

/** A URL a file refers to. */
export interface Ref extends At {
  readonly url: string;
  /** "link": a page people go to (its #fragment is checked); "asset": a file the page loads. */
  readonly kind: 'link' | 'asset';
  /** The CSP directive that governs loading it, for assets. */
  readonly directive?: string;
}

/** Inline code or style, which a Content-Security-Policy must allow explicitly. */
export interface Inline extends At {
  readonly directive: 'script-src-elem' | 'script-src-attr' | 'style-src-elem' | 'style-src-attr';
  /** SHA-256 of the content, base64, as CSP hash sources write it. */
  readonly hash: string;
  readonly what: string;
}

/** What the checker needs to know about one HTML page. */
export interface PageFacts {
  readonly ids: ReadonlySet<string>;
  readonly refs: readonly Ref[];
  readonly inline: readonly Inline[];
  readonly title: string;
  /** Whether the body has any text or image. */
  readonly hasContent: boolean;
  readonly ogType: string | undefined;
  readonly canonicals: readonly (At & { readonly href: string })[];
  readonly jsonLd: readonly (At & { readonly text: string })[];
  /** Images in the body with no alt text or an empty one: shown as decorative. */
  readonly withoutAlt: readonly (At & { readonly src: string })[];
}

const DATA_BLOCK_TYPES = new Set([
  'application/ld+json',
  'application/json',
  'text/plain',
  'text/template',
  'importmap',
  'speculationrules',
]);

const at = (node: { position?: { start: { line: number; column: number } } | undefined }): At => ({
  line: node.position?.start.line ?? 1,
  column: node.position?.start.column ?? 1,
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

const str = (value: Properties[string]): string | undefined =>
  typeof value === 'string'
    ? value
    : Array.isArray(value)
      ? value.join(' ')
      : typeof value === 'number'
        ? String(value)
        : undefined;

/** The URLs of a srcset: "a.jpg 1x, b.jpg 2x" → ["a.jpg", "b.jpg"]. */
function srcsetUrls(value: Properties[string]): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/,\s+/) : [];
  return list.map((item) => item.trim().split(/\s+/)[0] ?? '').filter(Boolean);
}

/** Parse a page with a standards-compliant HTML parser. */
export const parsePage = (html: string): Root => fromHtml(html);

/** Collect what the checks look at in a page (its text, or its tree from `parsePage`). */
export function pageFacts(page: string | Root): PageFacts {
  const tree: Root = typeof page === 'string' ? parsePage(page) : page;
  const ids = new Set<string>();
  const refs: Ref[] = [];
  const inline: Inline[] = [];
  const canonicals: (At & { href: string })[] = [];
  const jsonLd: (At & { text: string })[] = [];
  const withoutAlt: (At & { src: string })[] = [];
  let title = '';
  let ogType: string | undefined;
  let hasContent = false;
  let inBody = false;

  const ref = (node: Element, url: string | undefined, kind: Ref['kind'], directive?: string) => {
    if (url === undefined || url.trim() === '') return;
    refs.push({ url: url.trim(), kind, ...(directive ? { directive } : {}), ...at(node) });
  };

  visit(tree, 'element', (node, _index, parent) => {
    const p = node.properties;
    if (typeof p.id === 'string' && p.id !== '') ids.add(p.id);
    if (node.tagName === 'a' && typeof p.name === 'string') ids.add(p.name);
    for (const key of Object.keys(p)) {
      // Event handler attributes (onClick, onLoad…) are inline script.
      if (/^on[A-Z]/.test(key))
        inline.push({
          directive: 'script-src-attr',
          hash: sha256(str(p[key]) ?? ''),
          what: `an ${key.toLowerCase()} attribute`,
          ...at(node),
        });
    }
    if (typeof p.style === 'string')
      inline.push({ directive: 'style-src-attr', hash: sha256(p.style), what: 'a style attribute', ...at(node) });
    if (node.tagName === 'body') inBody = true;
    switch (node.tagName) {
      case 'title':
        if (parent?.type === 'element' && parent.tagName === 'head') title = toString(node).trim();
        break;
      case 'a':
      case 'area':
        ref(node, str(p.href), 'link');
        break;
      case 'link': {
        const rel = (str(p.rel) ?? '').toLowerCase().split(/\s+/);
        if (rel.includes('canonical')) canonicals.push({ href: str(p.href) ?? '', ...at(node) });
        if (rel.includes('stylesheet')) ref(node, str(p.href), 'asset', 'style-src-elem');
        else if (rel.some((r) => ['icon', 'apple-touch-icon', 'manifest', 'preload', 'modulepreload'].includes(r)))
          ref(node, str(p.href), 'asset');
        else ref(node, str(p.href), 'link');
        break;
      }
      case 'script': {
        const type = (str(p.type) ?? '').toLowerCase();
        if (type === 'application/ld+json') jsonLd.push({ text: toString(node), ...at(node) });
        if (p.src !== undefined) ref(node, str(p.src), 'asset', 'script-src-elem');
        else if (!DATA_BLOCK_TYPES.has(type))
          inline.push({
            directive: 'script-src-elem',
            hash: sha256(toString(node)),
            what: 'an inline <script>',
            ...at(node),
          });
        break;
      }
      case 'style':
        inline.push({
          directive: 'style-src-elem',
          hash: sha256(toString(node)),
          what: 'a <style> element',
          ...at(node),
        });
        break;
      case 'img':
        hasContent ||= inBody;
        // A hidden image (a picture's placeholder) is not shown to anyone, screen readers included.
        if (inBody && !p.hidden && (str(p.alt) ?? '').trim() === '')
          withoutAlt.push({ src: str(p.src) ?? '', ...at(node) });
        ref(node, str(p.src), 'asset', 'img-src');
        for (const url of srcsetUrls(p.srcSet)) ref(node, url, 'asset', 'img-src');
        break;
      case 'source':
        ref(
          node,
          str(p.src),
          'asset',
          parent?.type === 'element' && parent.tagName === 'picture' ? 'img-src' : 'media-src',
        );
        for (const url of srcsetUrls(p.srcSet)) ref(node, url, 'asset', 'img-src');
        break;
      case 'video':
      case 'audio':
      case 'track':
        hasContent ||= inBody;
        ref(node, str(p.src), 'asset', 'media-src');
        ref(node, str(p.poster), 'asset', 'img-src');
        break;
      case 'iframe':
        hasContent ||= inBody;
        ref(node, str(p.src), 'asset', 'frame-src');
        break;
      case 'object':
      case 'embed':
        ref(node, str(p.data) ?? str(p.src), 'asset', 'object-src');
        break;
      case 'form':
        ref(node, str(p.action), 'link', 'form-action');
        break;
      case 'meta': {
        const property = str(p.property) ?? str(p.name) ?? '';
        if (property === 'og:type') ogType = str(p.content);
        if (['og:url', 'og:image', 'twitter:image'].includes(property))
          ref(node, str(p.content), property === 'og:url' ? 'link' : 'asset');
        const refresh = /^\s*\d+\s*[;,]\s*url\s*=\s*['"]?([^'"]+)/i.exec(
          (str(p.httpEquiv) ?? '').toLowerCase() === 'refresh' ? (str(p.content) ?? '') : '',
        );
        if (refresh?.[1]) ref(node, refresh[1], 'link');
        break;
      }
    }
  });
  const body = tree.children
    .find((n): n is Element => n.type === 'element' && n.tagName === 'html')
    ?.children.find((n): n is Element => n.type === 'element' && n.tagName === 'body');
  if (body && toString(body).trim() !== '') hasContent = true;
  return { ids, refs, inline, title, hasContent, ogType, canonicals, jsonLd, withoutAlt };
}
