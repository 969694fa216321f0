import type { Root } from 'hast';
import { raw } from 'hast-util-raw';
import type { VFile } from 'vfile';

/**
 * rehype-raw, but only for trees that contain raw HTML. Re-parsing through parse5 is the
 * most expensive step of the pipeline and most news copy has no inline HTML at all.
 */
export default function rehypeRawWhenNeeded() {
  return (tree: Root, file: VFile): Root => (hasRaw(tree) ? (raw(tree, { file }) as Root) : tree);
}

function hasRaw(node: { type: string; children?: unknown[] }): boolean {
  if (node.type === 'raw') return true;
  return (node.children ?? []).some((child) => hasRaw(child as { type: string; children?: unknown[] }));
}
