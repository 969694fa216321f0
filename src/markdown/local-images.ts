import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/**
 * Maps an image `src` written in an article to a URL for the page, and to the file it
 * needs under the articles folder (undefined for remote images).
 */
export type ResolveAsset = (src: string) => { url: string; file?: string | undefined };

/** A local file an article refers to; whether it exists is checked by the build, not here. */
export interface AssetRef {
  readonly file: string;
  readonly src: string;
  readonly line: number;
  readonly column: number;
}

declare module 'vfile' {
  interface DataMap {
    /** Set per article by the load stage: resolves paths relative to the article. */
    resolveAsset: ResolveAsset;
    /** Filled by rehypeLocalImages: local files the body refers to. */
    assetRefs: AssetRef[];
  }
}

/** Point body images at their published URLs, lazy-load them, and record local files used. */
export default function rehypeLocalImages() {
  return (tree: Root, file: VFile) => {
    const resolve = file.data.resolveAsset;
    const refs: AssetRef[] = (file.data.assetRefs ??= []);
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'img') return;
      node.properties.loading = 'lazy';
      node.properties.decoding = 'async';
      const src = node.properties.src;
      if (!resolve || typeof src !== 'string') return;
      const { url, file: local } = resolve(src);
      if (local !== undefined) refs.push({ file: local, src, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });
      node.properties.src = url;
    });
  };
}
