import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export interface EmbedOptions {
  /** Hosts whose https iframes are kept, e.g. "www.youtube-nocookie.com". */
  readonly hosts: readonly string[];
}

/**
 * Keep iframes only from allowlisted hosts over https, lazily loaded and titled (screen
 * readers announce the title); drop any other iframe with a warning naming its host.
 */
export default function rehypeEmbeds(options: EmbedOptions) {
  const hosts = new Set(options.hosts);
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'iframe' || !parent || index === undefined) return;
      const src = String(node.properties.src ?? '');
      let host = '';
      try {
        const url = new URL(src);
        if (url.protocol === 'https:') host = url.hostname;
      } catch {
        // Not an absolute URL: treated like a host that is not allowed.
      }
      if (!hosts.has(host)) {
        file.message(`iframe from "${host || src || 'no source'}" removed: not in markdown.embedHosts`, node);
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      node.properties.loading = 'lazy';
      if (!node.properties.title) node.properties.title = `Embedded content from ${host}`;
      return SKIP;
    });
  };
}
