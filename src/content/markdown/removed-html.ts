import type { Element, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { sanitizeSchema } from './sanitize-schema.ts';

/** What the sanitizer removes that an editor pastes on purpose: an embed's code. */
const ACTIVE = new Set(['script', 'style', 'object', 'embed']);

/** Only bodies whose source has such HTML or links are walked: most news copy has none. */
// (A scheme followed by anything but "//" or a space: `javascript:x`, `tel:+1`, not "https://".)
const SUSPECT = /<(?:script|style|object|embed)\b|\son[a-z]+\s*=|[a-z][a-z0-9+.-]*:[^\s/]/i;

/** Schemes the sanitizer keeps in a link (`protocols.href` of its schema), besides none. */
const LINK_SCHEMES = new Set(sanitizeSchema.protocols?.href ?? []);

/** A link's scheme, as a browser reads it (control characters and spaces ignored). */
const schemeOf = (href: string): string | undefined =>
  /^([a-z][a-z0-9+.-]*):/i.exec(href.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase();

/**
 * Say what the sanitizer is about to remove from a story body's HTML: scripts, style
 * sheets, plugins, event handlers and `javascript:` links are never published, and an editor who pasted a
 * social-media embed should hear that its script is gone rather than wonder why the embed
 * does not work. Runs before the sanitizer, on the parsed HTML; reports, changes nothing.
 */
export default function rehypeNoteRemoved() {
  return (tree: Root, file: VFile): void => {
    if (!SUSPECT.test(String(file.value))) return;
    const walk = (node: Root | RootContent): void => {
      if (node.type === 'element') {
        if (ACTIVE.has(node.tagName)) {
          file.message(`a <${node.tagName}> in the story was removed: it is never published`, node);
          return;
        }
        const { href } = node.properties;
        const scheme = typeof href === 'string' ? schemeOf(href) : undefined;
        if (scheme && !LINK_SCHEMES.has(scheme))
          file.message(`a ${scheme}: link was removed, its text kept: such links are never published`, node);
        const handlers = Object.keys(node.properties).filter((name) => /^on[a-z]/i.test(name));
        if (handlers.length)
          file.message(
            `${handlers.map((h) => h.toLowerCase()).join(', ')} on <${node.tagName}> removed: scripts are never published`,
            node as Element,
          );
      }
      if ('children' in node) for (const child of node.children) walk(child);
    };
    walk(tree);
  };
}
