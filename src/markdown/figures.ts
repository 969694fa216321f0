import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

/**
 * `![alt](src "Caption | Credit")` alone in a paragraph becomes
 * `<figure><img><figcaption>Caption <span class="credit">Credit</span></figcaption></figure>`.
 * The image title is the caption; text after the last " | " is the photo credit.
 */
export default function rehypeFigures() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'p' || !parent || index === undefined) return;
      const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
      const image = content[0];
      if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return;
      const title = typeof image.properties.title === 'string' ? image.properties.title : '';
      if (!title) return;
      const { caption, credit } = splitTitle(title);
      const { title: _dropped, ...properties } = image.properties;
      const figure = h('figure', [{ ...image, properties }, figcaption(caption, credit)]);
      figure.position = node.position;
      parent.children[index] = figure;
    });
  };
}

export function splitTitle(title: string): { caption: string; credit?: string } {
  const at = title.lastIndexOf(' | ');
  if (at === -1) return { caption: title.trim() };
  return { caption: title.slice(0, at).trim(), credit: title.slice(at + 3).trim() };
}

/** A figcaption with caption text and an optional credit, shared with front-matter images. */
export function figcaption(caption: string | undefined, credit: string | undefined): Element {
  const children: ElementContent[] = [];
  if (caption) children.push({ type: 'text', value: caption });
  if (credit) {
    if (caption) children.push({ type: 'text', value: ' ' });
    children.push(h('span.credit', credit));
  }
  return h('figcaption', children);
}
