import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** Maps an image `src` written in an article to a URL for the page, or reports it missing. */
export type ResolveAsset = (src: string) => { url: string; exists: boolean };

declare module 'vfile' {
  interface DataMap {
    /** Set per article by the render stage: resolves paths relative to the article. */
    resolveAsset: ResolveAsset;
  }
}

/** Point body images at their published URLs; lazy-load them; warn about missing files. */
export default function rehypeLocalImages() {
  return (tree: Root, file: VFile) => {
    const resolve = file.data.resolveAsset;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'img') return;
      node.properties.loading = 'lazy';
      node.properties.decoding = 'async';
      const src = node.properties.src;
      if (!resolve || typeof src !== 'string') return;
      const { url, exists } = resolve(src);
      if (!exists) file.message(`image "${src}" not found`, { place: node.position, ruleId: 'missing-image' });
      node.properties.src = url;
    });
  };
}
