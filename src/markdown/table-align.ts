import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * GFM column alignment comes out as the obsolete `align` attribute; turn it into a class
 * (`align-right`) that the stylesheet handles, so pages validate and need no inline styles.
 */
export default function rehypeTableAlign() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName !== 'td' && node.tagName !== 'th') || typeof node.properties.align !== 'string') return;
      const { align, ...rest } = node.properties;
      const classes = Array.isArray(rest.className) ? rest.className : [];
      node.properties = { ...rest, className: [...classes, `align-${align}`] };
    });
  };
}
