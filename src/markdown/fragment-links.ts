import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * The sanitizer prefixes ids from the story body with "user-content-" (so that they cannot
 * clobber page globals), which would break in-page links such as footnote references.
 * Point `href="#x"` at `#user-content-x` when only the prefixed id exists.
 */
export default function rehypeFragmentLinks(prefix = 'user-content-') {
  return (tree: Root) => {
    const ids = new Set<string>();
    visit(tree, 'element', (node: Element) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
    });
    visit(tree, 'element', (node: Element) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return;
      const id = decodeURIComponent(href.slice(1));
      if (!ids.has(id) && ids.has(prefix + id)) node.properties.href = `#${prefix}${id}`;
    });
  };
}
