import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';

/** An image title "Caption | Credit": the caption, and the credit after the last " | ". */
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
